"""The background worker's heartbeat and the recovery of jobs a dead worker left running,
in this process (tests/test_worker_killed.py kills a real worker)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from yardstick.health.models import WorkerHeartbeat
from yardstick.health.tests import jobs
from yardstick.health.worker import (
    Heartbeat,
    Recovered,
    beat,
    new_worker_id,
    recover_abandoned_jobs,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def seen(worker_id: str, seconds_ago: float) -> None:
    at = NOW - timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.create(
        worker_id=worker_id, hostname="host", pid=1, started_at=at, seen_at=at
    )


def running_job(*worker_ids: str, started_seconds_ago: float = 120) -> DBTaskResult:
    job = DBTaskResult.objects.get(id=jobs.record.enqueue("x").id)
    job.status = TaskResultStatus.RUNNING
    job.worker_ids = list(worker_ids)
    job.started_at = NOW - timedelta(seconds=started_seconds_ago)
    job.save()
    return job


def test_a_job_whose_worker_went_quiet_goes_back_on_the_queue():
    seen("dead", seconds_ago=90)
    job = running_job("dead")
    assert recover_abandoned_jobs(NOW).requeued == 1
    job.refresh_from_db()
    assert job.status == TaskResultStatus.READY
    assert job.started_at is None
    assert job.worker_ids == ["dead"]  # kept: the attempts are counted from it


def test_a_job_whose_worker_left_no_heartbeat_at_all_goes_back_on_the_queue():
    job = running_job("vanished")
    assert recover_abandoned_jobs(NOW).requeued == 1
    job.refresh_from_db()
    assert job.status == TaskResultStatus.READY


def test_a_long_job_of_a_live_worker_is_left_alone():
    seen("alive", seconds_ago=5)
    job = running_job("alive", started_seconds_ago=3600)
    assert recover_abandoned_jobs(NOW) == Recovered(requeued=0, failed=0)
    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING


def test_a_job_claimed_moments_ago_is_left_alone_even_before_its_worker_beats():
    job = running_job("new", started_seconds_ago=2)
    recover_abandoned_jobs(NOW)
    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING


@override_settings(YARDSTICK_JOB_ATTEMPTS=3)
def test_a_job_whose_worker_died_on_every_attempt_is_marked_failed_not_retried_for_ever():
    job = running_job("one", "two", "three")
    assert recover_abandoned_jobs(NOW).failed == 1
    job.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED
    assert job.exception_class_path == "yardstick.health.worker.WorkerLost"
    assert "stopped before it finished, 3 times" in job.traceback
    assert job.task_result.errors[0].exception_class_path.endswith("WorkerLost")


def test_quiet_workers_are_forgotten_and_live_ones_kept():
    seen("dead", seconds_ago=90)
    seen("alive", seconds_ago=5)
    recover_abandoned_jobs(NOW)
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["alive"]


def test_a_beat_creates_the_workers_row_then_refreshes_it():
    started = NOW - timedelta(minutes=5)
    beat("w1", started)
    first = WorkerHeartbeat.objects.get(worker_id="w1")
    beat("w1", started)
    second = WorkerHeartbeat.objects.get(worker_id="w1")
    assert second.seen_at >= first.seen_at
    assert second.started_at == started
    assert WorkerHeartbeat.objects.count() == 1


def test_a_heartbeat_writes_its_row_before_the_first_job_and_removes_it_when_stopped():
    heartbeat = Heartbeat("w2")
    heartbeat.start()
    try:
        assert WorkerHeartbeat.objects.filter(worker_id="w2").exists()
    finally:
        heartbeat.stop()
    assert not WorkerHeartbeat.objects.filter(worker_id="w2").exists()


def test_worker_ids_are_unique_and_fit_the_column():
    first, second = new_worker_id(), new_worker_id()
    assert first != second
    assert len(first) <= 64


@pytest.mark.django_db(transaction=True)  # the worker commits as it goes
def test_run_worker_runs_the_waiting_jobs_then_stops_in_batch_mode():
    result = jobs.record.enqueue("ran")
    call_command("run_worker", "--batch", stdout=StringIO())
    job = DBTaskResult.objects.get(id=result.id)
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert job.return_value == "ran"
    assert not WorkerHeartbeat.objects.exists()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_run_worker_refuses_another_backend_and_says_which():
    with pytest.raises(CommandError, match=r"TASKS_BACKEND is .*DummyBackend"):
        call_command("run_worker", "--batch", stdout=StringIO())
