"""`manage.py run_worker`: run background jobs from the database queue, keeping a heartbeat
(see yardstick/health/worker.py). Run one or more, on one machine or several sharing the
database; systemd runs and restarts them in production (docs/deploy.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from yardstick.health.worker import Heartbeat, YardstickWorker, new_worker_id


def positive_float(raw: str) -> float:
    value = float(raw)
    if value < 0:
        raise ValueError(raw)
    return value


class Command(BaseCommand):
    help = (
        "Run background jobs from the database queue, one at a time, until stopped "
        "(SIGTERM or Ctrl-C lets the current job finish). Keeps the heartbeat /healthz reads "
        "and puts jobs abandoned by a dead worker back on the queue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue-name",
            default="default",
            help="queues to take jobs from, separated by commas; '*' for all (default: default)",
        )
        parser.add_argument(
            "--interval",
            type=positive_float,
            default=1.0,
            help="seconds to wait before looking again when the queue is empty (default: 1)",
        )
        parser.add_argument(
            "--batch", action="store_true", help="run the jobs waiting now, then stop"
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="stop after running this many jobs"
        )
        parser.add_argument(
            "--worker-id",
            default=None,
            help="a name unique among the running workers (default: host-pid-random)",
        )

    def handle(
        self, *args, queue_name, interval, batch, max_tasks, worker_id, verbosity, **options
    ) -> None:
        backend = task_backends["default"]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                f"TASKS_BACKEND is {type(backend).__module__}.{type(backend).__name__}: "
                "run that backend's own worker."
            )
        worker_id = worker_id or new_worker_id()
        if len(worker_id) > 64:
            raise CommandError("--worker-id must be at most 64 characters.")
        worker = YardstickWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            heartbeat.stop()
