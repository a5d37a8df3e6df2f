"""A row per running background worker, kept fresh by its heartbeat."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models


class WorkerHeartbeatQuerySet(models.QuerySet):
    def alive(self, as_of: datetime) -> WorkerHeartbeatQuerySet:
        """Workers heard from within YARDSTICK_WORKER_STALE seconds of `as_of`."""
        return self.filter(seen_at__gte=as_of - stale_after())

    def stale(self, as_of: datetime) -> WorkerHeartbeatQuerySet:
        return self.filter(seen_at__lt=as_of - stale_after())


def stale_after() -> timedelta:
    return timedelta(seconds=settings.YARDSTICK_WORKER_STALE)


class WorkerHeartbeat(models.Model):
    """A background worker (`manage.py run_worker`) that is running: it writes its row when
    it starts and every YARDSTICK_WORKER_HEARTBEAT seconds after, and deletes it when it
    stops cleanly. A row left behind by a killed worker goes stale and is cleared by the
    next worker, which puts the job it was running back on the queue."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    objects = WorkerHeartbeatQuerySet.as_manager()

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.hostname} (pid {self.pid})"
