"""A job survives its worker being killed mid-job: real `manage.py run_worker` processes on a
database of their own (a file for SQLite, a new database for PostgreSQL), the first killed
with SIGKILL while the job runs; the second puts the job back on the queue and finishes it,
once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

ROOT = Path(__file__).resolve().parents[3]
MANAGE = [sys.executable, str(ROOT / "manage.py")]


@pytest.fixture
def database_url(request) -> Iterator[str]:
    """A migrated database of its own, which worker processes can reach."""
    default = settings.DATABASES["default"]
    if default["ENGINE"].endswith("sqlite3"):
        yield f"sqlite:///{request.getfixturevalue('migrated_sqlite')}"
        return
    name = f"test_{default['NAME'].removeprefix('test_')}_worker_{uuid.uuid4().hex[:8]}"[:63]
    server = {
        "host": default["HOST"],
        "port": default["PORT"] or 5432,
        "user": default["USER"],
        "password": default["PASSWORD"],
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = (
            f"postgres://{server['user']}:{server['password']}@{server['host']}:"
            f"{server['port']}/{name}"
        )
        migrate(url)
        yield url
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "YARDSTICK_WORKER_HEARTBEAT": "0.2",
        "YARDSTICK_WORKER_STALE": "2",
    }


def migrate(url: str) -> None:
    subprocess.run(
        [*MANAGE, "migrate", "--noinput", "-v", "0"],
        env=environment(url),
        check=True,
        timeout=300,
    )


def job_row(url: str, job_id: str) -> tuple[str, object, object]:
    """(status, return value, worker ids) of the job, read straight from the database."""
    sql = (
        f"SELECT status, return_value, worker_ids FROM {DBTaskResult._meta.db_table} WHERE id = %s"
    )
    if url.startswith("sqlite:"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as database:
            status, value, workers = database.execute(
                sql.replace("%s", "?"), (job_id.replace("-", ""),)
            ).fetchone()
        return status, json.loads(value) if value else None, json.loads(workers)
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as database:
        return database.execute(sql, (job_id,)).fetchone()


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


def start_worker(url: str, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*MANAGE, "run_worker", "--interval", "0.2"],
        env=environment(url),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def test_a_job_whose_worker_is_killed_mid_job_is_run_again_by_another_and_finishes_once(
    database_url, tmp_path
):
    folder = tmp_path / "job"
    folder.mkdir()
    enqueued = subprocess.run(
        [
            *MANAGE,
            "shell",
            "-c",
            "from yardstick.health.tests.jobs import finish_once;"
            f"print(finish_once.enqueue({str(folder)!r}).id)",
        ],
        env=environment(database_url),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    job_id = enqueued.stdout.strip().splitlines()[-1]

    first = start_worker(database_url, tmp_path / "first.log")
    second = None
    try:
        wait_for((folder / "started-1").exists, 120, "the first worker to start the job")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        assert job_row(database_url, job_id)[0] == "RUNNING"

        second = start_worker(database_url, tmp_path / "second.log")
        wait_for(
            lambda: job_row(database_url, job_id)[0] == "SUCCESSFUL",
            120,
            "the second worker to finish the job",
        )
    finally:
        for worker in (first, second):
            if worker is not None and worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)

    status, value, workers = job_row(database_url, job_id)
    assert status == "SUCCESSFUL"
    assert value == 2  # finished on the second attempt
    assert len(workers) == 2
    assert workers[0] != workers[1]
    assert sorted(path.name for path in folder.iterdir()) == ["done", "started-1", "started-2"]
    lines = [json.loads(line) for line in (tmp_path / "second.log").read_text().splitlines()]
    requeued = [line for line in lines if "put back on the queue" in line["message"]]
    assert [line["job_id"] for line in requeued] == [job_id]
    finished = [line for line in lines if line["message"].endswith("state=SUCCESSFUL")]
    assert finished
    assert finished[0]["request_id"] == job_id  # the job's log lines carry its id
