"""Fifty concurrent users on the scorecards and the overview, served the production way.

    .venv/bin/python benchmarks/load.py                  # set up, serve, load, print markdown
    .venv/bin/python benchmarks/load.py --users 50 --time 90s --skip-setup

What it does (issue 10, section 5):
1. Sets up a PostgreSQL database of its own (DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/yardstick_pages_load): `migrate`, `load_demo` (the demo
   council: 85 measures, published quarters 2015/16 Q1 to 2018/19 Q2, Q3 open) and
   `collectstatic`, as docs/deploy.md does. --skip-setup reuses what is there.
2. Starts `bin/serve` (gunicorn with gunicorn.conf.py: 2 x CPUs + 1 workers of 4 threads
   each, DEBUG off, hashed static files through WhiteNoise) on 127.0.0.1:8765.
3. Runs locust headless: --users readers, each a councillor signed in through the sign-in
   form, reading the demo's scorecards (three in four requests, each scorecard as it opens:
   its latest published quarter) and the overview (one in four). Realistic readers read:
   each waits 2 to 8 seconds between pages (locust's wait_time), so 50 users ask about 10
   pages a second. The statistics are reset once every user is signed in (--reset-stats),
   so they count the reading only.
4. Stops the server and prints a markdown table: requests, failures, requests/s, p50, p95,
   p99 and the slowest, per page and in all, with the load average before and after.

Locust and the server share the machine's CPUs: the numbers are for the two together.
Plain HTTP on 127.0.0.1, so the session and CSRF cookies are sent without the Secure flag
(SESSION_COOKIE_SECURE=false, CSRF_COOKIE_SECURE=false): a council's server is behind
HTTPS.

This file is also the locustfile: locust imports it and runs `ScorecardReader`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("YARDSTICK_VENV", ROOT / ".venv"))
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/yardstick_pages_load"

PAGES = ("scorecard", "overview")

try:  # imported by locust as its locustfile
    from locust import HttpUser, between, events, task
except ImportError:  # run as a script without locust: main() says what is missing
    HttpUser = object  # type: ignore[assignment,misc]
    events = None

    def between(low, high):  # type: ignore[no-redef]
        return None

    def task(weight):  # type: ignore[no-redef]
        return lambda function: function


if events is not None and "LOAD_TIMES" in os.environ:
    # Each page request's time once every user has started and the warm-up is over (each
    # gunicorn worker fills its own cache on its first requests), written out at the end.
    _timed: list[tuple[str, float, bool]] = []
    _started: list[float] = []

    @events.spawning_complete.add_listener
    def _all_started(**kwargs) -> None:
        _started.append(time.monotonic())

    @events.request.add_listener
    def _request(name, response_time, exception, **kwargs) -> None:
        warm_up = float(os.environ.get("LOAD_WARM_UP", "0"))
        if name in PAGES and _started and time.monotonic() - _started[0] >= warm_up:
            _timed.append((name, response_time, exception is None))

    @events.quitting.add_listener
    def _write(**kwargs) -> None:
        measured = time.monotonic() - _started[0] - float(os.environ["LOAD_WARM_UP"])
        Path(os.environ["LOAD_TIMES"]).write_text(
            json.dumps({"seconds": measured, "requests": _timed})
        )


class ScorecardReader(HttpUser):
    """A councillor reading the scorecards and the overview before a board."""

    wait_time = between(2, 8)  # reading a page takes a few seconds

    def on_start(self) -> None:
        plan = json.loads(os.environ["LOAD_PLAN"])
        self.scorecards = plan["scorecards"]
        self.overview = plan["overview"]
        self.client.get("/accounts/login/", name="sign-in form")
        token = self.client.cookies.get("csrftoken", "")
        response = self.client.post(
            "/accounts/login/",
            {
                "username": plan["username"],
                "password": plan["password"],
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="sign in",
        )
        if "sessionid" not in self.client.cookies:
            response.failure("signing in failed")

    @task(3)
    def scorecard(self) -> None:
        self.client.get(random.choice(self.scorecards), name="scorecard")

    @task(1)
    def overview_page(self) -> None:
        self.client.get(self.overview, name="overview")


def server_environment(database_url: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(ROOT / "var" / "load-static"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
        "AXES_FAILURE_LIMIT": "1000",
    }


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(VENV / "bin" / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def ensure_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


PLAN = """
import json
from yardstick.accounts.models import Membership, Role
from yardstick.demo.loader import demo_organisation
from yardstick.demo.people import password_for
from yardstick.scorecards.models import Scorecard
from yardstick.scorecards.views import scorecard_url
from django.urls import reverse
council = demo_organisation()
reader = (
    Membership.objects.filter(organisation=council, role=Role.COUNCILLOR)
    .select_related("user").order_by("user__username").first().user
)
print(json.dumps({
    "username": reader.username,
    "password": password_for(reader.username),
    "scorecards": [scorecard_url(s) for s in Scorecard.objects.filter(organisation=council)],
    "overview": reverse("scorecards:overview"),
}))
"""


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.5)


def percentile(times: list[float], share: float) -> float:
    """The time `share` of the requests took at most (nearest rank)."""
    ordered = sorted(times)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def table_row(name: str, requests: list[tuple[str, float, bool]], seconds: float) -> str:
    times = [time for _, time, _ in requests]
    failures = sum(1 for _, _, ok in requests if not ok)
    if not times:
        return f"| {name} | 0 | {failures} | | | | | |"
    return (
        f"| {name} | {len(times):,} | {failures} | {len(times) / seconds:.1f} | "
        f"{percentile(times, 0.5):,.0f} ms | {percentile(times, 0.95):,.0f} ms | "
        f"{percentile(times, 0.99):,.0f} ms | {max(times):,.0f} ms |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started a second")
    parser.add_argument("--time", default="60s", help="how long to load once all have started")
    parser.add_argument(
        "--warm-up",
        type=float,
        default=15,
        help="seconds after the last user starts before requests count (default 15)",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--skip-setup", action="store_true", help="the database is ready")
    options = parser.parse_args()
    try:
        import locust  # noqa: F401
    except ImportError:
        sys.exit("locust is not installed: it is in the dev dependencies (make setup).")

    database_url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE)
    env = server_environment(database_url, options.port)
    if not options.skip_setup:
        started = time.perf_counter()
        ensure_database(database_url)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_demo", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        print(f"  set up in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    plan = manage(env, "shell", "-c", PLAN).strip().splitlines()[-1]

    host = f"http://127.0.0.1:{options.port}"
    load_before = os.getloadavg()
    log = Path(tempfile.mkdtemp(prefix="yardstick-load-")) / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(ROOT / "bin" / "serve")],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(host + "/accounts/login/")
        prefix = str(Path(tempfile.mkdtemp(prefix="yardstick-load-")) / "load")
        run_time = _seconds(options.time) + options.warm_up + options.users / options.spawn_rate
        times_file = prefix + "_times.json"
        subprocess.run(
            [
                str(VENV / "bin" / "locust"),
                "-f",
                str(Path(__file__).resolve()),
                "--headless",
                "--users",
                str(options.users),
                "--spawn-rate",
                str(options.spawn_rate),
                "--run-time",
                f"{run_time:.0f}s",
                "--host",
                host,
                "--csv",
                prefix,
                "--reset-stats",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={
                **os.environ,
                "LOAD_PLAN": plan,
                "LOAD_TIMES": times_file,
                "LOAD_WARM_UP": str(options.warm_up),
            },
            check=False,
            stdout=subprocess.DEVNULL,
        )
        load_after = os.getloadavg()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    measured = json.loads(Path(times_file).read_text())
    requests = [tuple(item) for item in measured["requests"]]
    seconds = measured["seconds"]
    errors = Path(f"{prefix}_failures.csv").read_text().strip().splitlines()[1:]

    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M')}: {options.users} users, each waiting 2 to 8 s "
        f"between pages, measured for {seconds:.0f} s after all had signed in and "
        f"{options.warm_up:.0f} s of warm-up; `bin/serve` as configured by default "
        f"(gunicorn, DEBUG off, {os.cpu_count()} CPUs shared with locust), PostgreSQL, the "
        f"demo council; load average {load_before[0]:.1f} before, {load_after[0]:.1f} at "
        "the end\n"
    )
    print("| page | requests | failures | requests/s | p50 | p95 | p99 | slowest |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|")
    for page in PAGES:
        print(table_row(page, [r for r in requests if r[0] == page], seconds))
    print(table_row("both", requests, seconds))
    for line in errors:
        print(f"\nFailure (any request, sign-in included): {line}")
    print(f"\n(The server's log: {log})")


def _seconds(text: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600}
    return float(text[:-1]) * units[text[-1]] if text[-1] in units else float(text)


if __name__ == "__main__":
    main()
