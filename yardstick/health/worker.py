"""The background worker: django-tasks-db's database worker with a heartbeat that /healthz
reads, each job's id on the log lines it makes, and recovery of jobs a dead worker left.

django-tasks-db marks a job RUNNING when a worker claims it and records nothing about that
worker afterwards, so a worker killed mid-job (out of memory, a machine restart, `kill -9`)
would leave its job RUNNING for ever. Here every worker keeps a `WorkerHeartbeat` row fresh
from a thread of its own (a long job does not make it look dead), and each beat looks for
RUNNING jobs whose worker has not been heard from for YARDSTICK_WORKER_STALE seconds: such a
job goes back on the queue and is run again from the start, up to YARDSTICK_JOB_ATTEMPTS
runs in all, after which it is marked failed with `WorkerLost`. A job may therefore run more
than once, so every job must be idempotent: run twice, it does its work once.

Run workers with `manage.py run_worker`, not django-tasks-db's own `db_worker`, which keeps
no heartbeat (its jobs would look abandoned once they ran longer than the stale time).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from yardstick.health.models import WorkerHeartbeat, stale_after
from yardstick.logs import job_context

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker running a job stopped before the job finished, on every attempt."""


@dataclass(frozen=True)
class Recovered:
    requeued: int = 0
    failed: int = 0


def new_worker_id() -> str:
    """Unique across machines and restarts, readable in the admin: host-pid-random."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"


def beat(worker_id: str, started_at: datetime) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now},
        create_defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": now,
        },
    )


def recover_abandoned_jobs(as_of: datetime | None = None) -> Recovered:
    """Put back on the queue each job still RUNNING whose worker has gone quiet (or mark it
    failed once it has had YARDSTICK_JOB_ATTEMPTS runs), then forget the quiet workers.
    Safe to run from several workers at once: each job changes only if nobody else has
    changed it since it was read."""
    as_of = as_of or timezone.now()
    cutoff = as_of - stale_after()
    alive = set(WorkerHeartbeat.objects.alive(as_of).values_list("worker_id", flat=True))
    requeued = failed = 0
    for job in DBTaskResult.objects.running().filter(started_at__lt=cutoff):
        if job.worker_ids and job.worker_ids[-1] in alive:
            continue
        unchanged = DBTaskResult.objects.filter(
            pk=job.pk, status=TaskResultStatus.RUNNING, started_at=job.started_at
        )
        attempts = len(job.worker_ids)
        if attempts >= settings.YARDSTICK_JOB_ATTEMPTS:
            message = (
                f"The worker running this job stopped before it finished, {attempts} times "
                f"(workers {', '.join(job.worker_ids)})."
            )
            if unchanged.update(
                status=TaskResultStatus.FAILED,
                finished_at=as_of,
                return_value=None,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}: {message}\n",
            ):
                failed += 1
                logger.error(
                    "Job %s (%s) failed: its worker stopped mid-job %d times",
                    job.id,
                    job.task_path,
                    attempts,
                    extra={"job_id": str(job.id), "task": job.task_path},
                )
        elif unchanged.update(status=TaskResultStatus.READY, started_at=None):
            requeued += 1
            logger.warning(
                "Job %s (%s) put back on the queue: its worker %s stopped mid-job",
                job.id,
                job.task_path,
                job.worker_ids[-1] if job.worker_ids else "(unknown)",
                extra={"job_id": str(job.id), "task": job.task_path, "attempts": attempts},
            )
    WorkerHeartbeat.objects.stale(as_of).delete()
    return Recovered(requeued, failed)


class Heartbeat:
    """Writes the worker's heartbeat before its first job and then every
    YARDSTICK_WORKER_HEARTBEAT seconds from a thread, recovering abandoned jobs each time;
    `stop` removes the worker's row."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> None:
        beat(self.worker_id, self.started_at)
        recover_abandoned_jobs()
        self._thread.start()

    def _run(self) -> None:
        try:
            while not self._stopping.wait(settings.YARDSTICK_WORKER_HEARTBEAT):
                close_old_connections()
                try:
                    beat(self.worker_id, self.started_at)
                    recover_abandoned_jobs()
                except DatabaseError:
                    logger.warning("Heartbeat of %s not written", self.worker_id, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=settings.YARDSTICK_WORKER_HEARTBEAT + 5)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("Worker %s: heartbeat row not removed", self.worker_id, exc_info=True)


class YardstickWorker(Worker):
    """django-tasks-db's worker, with each job's log lines carrying the job's id."""

    def run_task(self, db_task_result: DBTaskResult) -> None:
        with job_context(str(db_task_result.id)):
            super().run_task(db_task_result)
