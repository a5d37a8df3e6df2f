"""Settings a council's server depends on, each read in a fresh process as the server would:
DEBUG off unless set, a SECRET_KEY required, the proxy header, Sentry only when asked for,
and gunicorn sized from the environment. (`make deploy-check` runs `check --deploy` with
docs/deploy/yardstick.env; tests/production/ serves the demo the production way.)"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
import pytest

ROOT = Path(__file__).resolve().parents[1]
SECRET = "a-real-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"


def settings_process(code: str, **environment: str) -> subprocess.CompletedProcess:
    """Run `code` after loading the settings, in a process with only the given variables
    (besides PATH and HOME)."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "yardstick.settings",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("secret", [None, "", "   "])
def test_start_up_stops_with_a_clear_message_without_a_secret_key_when_debug_is_off(secret):
    environment = {} if secret is None else {"SECRET_KEY": secret}
    started = settings_process("print('started')", **environment)
    assert started.returncode != 0
    assert "started" not in started.stdout
    assert "ImproperlyConfigured: Set SECRET_KEY to a long random value (DEBUG is off)" in (
        started.stderr
    )


def test_debug_is_off_unless_set_and_the_demo_may_run_without_a_secret():
    off = settings_process(
        "from django.conf import settings; print(settings.DEBUG)", SECRET_KEY=SECRET
    )
    assert off.stdout.strip() == "False"
    demo = settings_process("from django.conf import settings; print(settings.DEBUG)", DEBUG="true")
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.strip() == "True"


def test_the_proxy_header_is_opt_in_and_checked():
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    assert settings_process(code, SECRET_KEY=SECRET).stdout.strip() == "None"
    set_ = settings_process(
        code, SECRET_KEY=SECRET, SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO"
    )
    assert set_.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"
    wrong = settings_process(code, SECRET_KEY=SECRET, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert "must name a header as Django sees it, such as HTTP_X_FORWARDED_PROTO" in wrong.stderr


def test_https_settings_come_from_the_environment():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SECURE_HSTS_PRELOAD, s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, "
        "s.SESSION_COOKIE_SECURE, s.DATABASES['default']['CONN_MAX_AGE'], "
        "s.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    )
    printed = settings_process(
        code,
        SECRET_KEY=SECRET,
        SECURE_SSL_REDIRECT="true",
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="true",
        ALLOWED_HOSTS="performance.example.gov.uk",
        CSRF_TRUSTED_ORIGINS="https://performance.example.gov.uk",
        DATABASE_CONN_MAX_AGE="30",
    )
    assert printed.stdout.split() == [
        "True",
        "31536000",
        "True",
        "True",
        "['performance.example.gov.uk']",
        "['https://performance.example.gov.uk']",
        "True",
        "30",
        "True",
    ]


def test_sentry_is_not_even_imported_without_a_dsn():
    code = "import sys, yardstick.urls; print('sentry_sdk' in sys.modules)"
    assert settings_process(code, SECRET_KEY=SECRET).stdout.strip() == "False"


class FakeSentry(BaseHTTPRequestHandler):
    received: list[tuple[str, bytes]] = []

    def do_POST(self) -> None:  # the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        self.received.append((self.path, body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_with_a_dsn_errors_are_reported_to_sentry_with_the_django_integration():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSentry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        dsn = f"http://public@127.0.0.1:{server.server_address[1]}/42"
        reported = settings_process(
            "import sentry_sdk; "
            "from sentry_sdk.integrations.django import DjangoIntegration; "
            "print(sentry_sdk.get_client().get_integration(DjangoIntegration) is not None); "
            "sentry_sdk.capture_exception(RuntimeError('reported to the fake Sentry')); "
            "sentry_sdk.flush(timeout=10)",
            SECRET_KEY=SECRET,
            SENTRY_DSN=dsn,
        )
    finally:
        server.shutdown()
    assert reported.returncode == 0, reported.stderr
    assert reported.stdout.strip() == "True"
    assert any(
        path == "/api/42/envelope/" and b"reported to the fake Sentry" in body
        for path, body in FakeSentry.received
    )


def gunicorn_config(**environment: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / ".venv/bin/gunicorn"), "--config", "gunicorn.conf.py", "--print-config"],
        env={"PATH": os.environ["PATH"], **environment},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_gunicorn_runs_threaded_workers_sized_from_the_environment():
    printed = gunicorn_config(WEB_CONCURRENCY="3", GUNICORN_THREADS="5")
    values = {
        line.split("=", 1)[0].strip(): line.split("=", 1)[1].strip()
        for line in printed.stdout.splitlines()
        if "=" in line
    }
    assert (values["workers"], values["threads"], values["worker_class"]) == ("3", "5", "gthread")
    assert values["wsgi_app"] == "yardstick.wsgi:application"
    assert values["control_socket_disable"] == "True"


def test_gunicorn_refuses_a_thread_count_that_is_not_a_number():
    printed = gunicorn_config(GUNICORN_THREADS="many")
    assert printed.returncode != 0
    assert "GUNICORN_THREADS must be a whole number of at least 1, not 'many'." in printed.stderr


def test_browsers_asking_for_favicon_ico_are_sent_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")
    assert "favicon" in response["Location"]


def test_each_gunicorn_worker_warms_up_before_it_serves():
    """post_worker_init runs warm_up: every template compiled once, into the loader that
    serves the pages, and every view imported, with no database query (this test has no
    database: a query would raise)."""
    from django.template import engines

    from yardstick.wsgi import warm_up

    engine = engines["django"].engine
    [cached] = engine.template_loaders  # Django's cached loader wraps the others
    cached.reset()
    compiled = warm_up()
    assert compiled >= 50
    assert {"base.html", "scorecards/kept_page.html"} <= set(cached.get_template_cache)
    config = (ROOT / "gunicorn.conf.py").read_text()
    assert "def post_worker_init(worker)" in config and "warm_up()" in config
