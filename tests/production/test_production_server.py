"""The production way, end to end (`make test-production`, part of `make test`): the demo
on a PostgreSQL database of its own, `collectstatic` done, gunicorn started by `bin/serve`
with DEBUG off and the settings of docs/deploy/yardstick.env, a background worker beside it,
and requests arriving as nginx would pass them on (X-Forwarded-Proto: https).

Every page reachable by following links is crawled (tests/crawl.py) as each demo role and
anonymously, with every static file the pages reference: no server error, no missing
static file, no page without the Content-Security-Policy header. /healthz answers 200 and a
deliberate error leaves its JSON log line. Publishing a period queues its documents, the
worker renders them into MEDIA_ROOT, and the download is then that stored file."""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from tests.crawl import Crawl, HTTPFetcher, asset_problems, check_assets, crawl
from yardstick.demo.people import password_for

pytestmark = pytest.mark.production

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
ENV_FILE = ROOT / "docs/deploy/yardstick.env"
# One person of each demo role, and a visitor who does not sign in.
ROLES = ["priya", "tom", "daniel", "anita", "joseph", "margaret", None]
# Pages each crawl may fetch: the performance team (with the administration) sees the most.
MAX_PAGES = {"priya": 400}
# Pages asked for together, as several visitors would: the server has 2 workers of 4 threads.
AT_ONCE = 4
ADMIN_PASSWORD = "production-test-admin-" + secrets.token_hex(8)


def env_file(path: Path) -> dict[str, str]:
    """KEY=value lines, as systemd's EnvironmentFile reads them (no quotes used)."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    origin: str  # where the test connects, as nginx would
    site: str  # the same address as visitors see it, https
    log: Path
    environment: dict[str, str]

    def fetcher(self) -> HTTPFetcher:
        return HTTPFetcher(self.origin, {"X-Forwarded-Proto": "https"}, site=self.site)

    def log_lines(self) -> list[dict]:
        return [
            json.loads(line) for line in self.log.read_text().splitlines() if line.startswith("{")
        ]


def manage(environment: dict[str, str], *args: str) -> None:
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=environment,
        cwd=ROOT,
        check=True,
        timeout=600,
        stdout=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A PostgreSQL database of its own, on the server POSTGRES_URL names."""
    server = urlsplit(os.environ.get("POSTGRES_URL", "postgres://postgres:postgres@127.0.0.1/x"))
    name = f"test_{server.path.lstrip('/') or 'yardstick'}_production"
    admin = {
        "host": server.hostname,
        "port": server.port or 5432,
        "user": server.username,
        "password": server.password,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(**admin) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def server(database, tmp_path_factory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("production")
    port = free_port()
    site = f"https://127.0.0.1:{port}"
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(folder)),
        "LANG": "C.UTF-8",
        **env_file(ENV_FILE),
        # This machine instead of the example council's:
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": site,
        "YARDSTICK_BASE_URL": site,
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "4",
        "GUNICORN_ACCESS_LOG": "true",
        "EMAIL_HOST": "",
    }
    manage(environment, "migrate", "--noinput")
    manage(environment, "load_demo")
    manage(environment, "collectstatic", "--noinput")
    manage(
        environment,
        "shell",
        "-c",
        "from yardstick.accounts.models import User; "
        f"User.objects.create_superuser('root', 'root@example.org', '{ADMIN_PASSWORD}')",
    )
    log = folder / "server.log"
    with log.open("w") as output:
        processes = [
            subprocess.Popen(
                [str(ROOT / "bin/serve")], env=environment, stdout=output, stderr=output
            ),
            subprocess.Popen(
                [PYTHON, str(ROOT / "manage.py"), "run_worker"],
                env=environment,
                cwd=ROOT,
                stdout=output,
                stderr=output,
            ),
        ]
    running = Server(f"http://127.0.0.1:{port}", site, log, environment)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if running.fetcher().get("/healthz").status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"not healthy in 60 s:\n{log.read_text()}"
            assert all(p.poll() is None for p in processes), f"stopped:\n{log.read_text()}"
            time.sleep(0.5)
        yield running
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)


def test_healthz_answers_ok_with_the_database_migrations_and_worker(server):
    response = server.fetcher().get("/healthz")
    assert response.status == 200
    assert json.loads(response.body)["failing"] == []

    def warmed() -> list[dict]:  # each worker says so before it serves
        return [line for line in server.log_lines() if "warmed up" in line.get("message", "")]

    deadline = time.monotonic() + 60
    while len(warmed()) < 2:  # WEB_CONCURRENCY: the other may still be warming up
        assert time.monotonic() < deadline, f"not warmed in 60 s:\n{server.log.read_text()}"
        time.sleep(0.5)


@pytest.mark.parametrize("username", ROLES, ids=[role or "anonymous" for role in ROLES])
def test_every_page_and_static_file_as_each_role_without_an_error(server, username):
    fetcher = server.fetcher()
    if username:
        fetcher.sign_in(username, password_for(username))
    result: Crawl = crawl(
        fetcher, origin=server.site, max_pages=MAX_PAGES.get(username, 200), at_once=AT_ONCE
    )
    assets = check_assets(fetcher, result.assets, at_once=AT_ONCE)
    assert len(result.pages) >= 10
    assert result.problems + asset_problems(assets, result.assets) == []
    # The production way: hashed names (from the manifest), a long cache, compressed copies.
    stylesheet = next(path for path in assets if path.startswith("/static/yardstick."))
    assert stylesheet != "/static/yardstick.css"
    assert "immutable" in assets[stylesheet].headers["cache-control"]
    compressed = fetcher.request("GET", stylesheet, headers={"Accept-Encoding": "br"})
    assert compressed.headers.get("content-encoding") == "br"


def test_https_is_enforced_behind_the_proxy_and_remembered(server):
    plain = HTTPFetcher(server.origin).get("/")  # no X-Forwarded-Proto: plain HTTP
    assert plain.status == 301
    assert plain.headers["location"] == f"{server.site}/"
    secure = server.fetcher().get("/")
    assert secure.status == 200
    assert secure.headers["strict-transport-security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert HTTPFetcher(server.origin).get("/healthz").status == 200  # a local probe


def test_a_deliberate_error_shows_the_500_page_and_leaves_one_json_log_line(server):
    fetcher = server.fetcher()
    fetcher.sign_in("root", ADMIN_PASSWORD)
    response = fetcher.get("/healthz/error")
    assert response.status == 500
    request_id = response.headers["x-request-id"]
    assert request_id.encode() in response.body
    assert b'href="/static/yardstick.' in response.body  # styled, with the hashed stylesheet
    time.sleep(0.5)
    [error] = [line for line in server.log_lines() if line.get("request_id") == request_id
               and line["level"] == "ERROR"]  # fmt: skip
    assert error["logger"] == "django.request"
    assert error["exception"] == "DeliberateError"
    assert "A deliberate error, asked for by root" in error["traceback"]


def test_the_demos_latest_quarter_is_kept_by_the_worker_before_anyone_asks(server):
    """load_demo queues the documents of its latest published quarter, as publishing does."""
    deadline = time.monotonic() + 600
    while not [line for line in server.log_lines() if line.get("event") == "documents_kept"
               and line["period"] == "Q2 2018/19"]:  # fmt: skip
        assert time.monotonic() < deadline, f"not kept in 600 s:\n{server.log.read_text()}"
        time.sleep(1)
    fetcher = server.fetcher()
    fetcher.sign_in("priya", password_for("priya"))
    response = fetcher.get("/reports/2018-19-q2/pdf/")
    assert response.status == 200  # the first download is the stored file, not a 202
    assert response.headers["content-type"] == "application/pdf"


def test_publishing_queues_the_documents_and_the_download_is_then_the_stored_file(server):
    fetcher = server.fetcher()
    fetcher.sign_in("priya", password_for("priya"))
    listing = fetcher.get("/collection/publish/")
    link = rb'href="/collection/publish/(\d+)/">Check and publish<[^>]+> Q3 2018/19<'
    period_id = re.search(link, listing.body).group(1).decode()
    form = fetcher.get(f"/collection/publish/{period_id}/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body).group(1)
    published = fetcher.post_form(
        f"/collection/publish/{period_id}/",
        {"csrfmiddlewaretoken": token.decode(), "confirm": "on"},
    )
    assert published.status == 302
    assert b"is published and locked" in fetcher.get("/collection/publish/").body

    url = "/reports/2018-19-q3/pdf/"
    deadline = time.monotonic() + 600
    response = fetcher.get(url)
    while response.status == 202:  # being prepared by the worker
        assert b"The PDF is being prepared" in response.body
        assert time.monotonic() < deadline, f"not kept in 600 s:\n{server.log.read_text()}"
        time.sleep(2)
        response = fetcher.get(url)

    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    media = Path(server.environment["MEDIA_ROOT"])
    [stored] = media.glob(f"reports/*/{period_id}/pdf-*.pdf")
    assert response.body == stored.read_bytes()

    def kept() -> list[dict]:  # logged once every format is kept, perhaps after the PDF
        return [
            line
            for line in server.log_lines()
            if line.get("event") == "documents_kept" and line["period"] == "Q3 2018/19"
        ]

    while not kept():
        assert time.monotonic() < deadline, f"not logged in 600 s:\n{server.log.read_text()}"
        time.sleep(1)
    [line] = kept()
    assert sorted(line["rendered"].split(",")) == ["docx", "html", "pdf", "xlsx"]
