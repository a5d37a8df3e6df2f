"""/healthz: 200 when the database answers, every migration is applied and a worker is
alive; 503 naming the failing check otherwise. No sign-in, never cached, never logged."""

from __future__ import annotations

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone

from yardstick.health import views
from yardstick.health.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def heartbeat(seconds_ago: float, worker_id: str = "host-1-abc") -> WorkerHeartbeat:
    seen = timezone.now() - timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(
        worker_id=worker_id, hostname="host", pid=1, started_at=seen, seen_at=seen
    )


@pytest.fixture(autouse=True)
def fresh_migration_check(monkeypatch):
    monkeypatch.setattr(views, "_migrations_applied", False)


def test_healthy_when_the_database_answers_migrations_are_applied_and_a_worker_beats(client):
    heartbeat(seconds_ago=5)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "failing": [],
        "checks": {
            "database": {"status": "ok"},
            "migrations": {"status": "ok"},
            "worker": {"status": "ok"},
        },
    }
    assert "no-store" in response["Cache-Control"]


def test_unhealthy_naming_the_worker_when_no_worker_has_beaten_lately(client):
    heartbeat(seconds_ago=61)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["worker"]
    assert response.json()["checks"]["worker"] == {
        "status": "failing",
        "detail": "no worker heard from in 60 seconds",
    }


def test_unhealthy_naming_migrations_when_one_is_not_applied(client):
    heartbeat(seconds_ago=1)
    with mock.patch.object(views.MigrationExecutor, "migration_plan", return_value=[object()]):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["migrations"]
    assert response.json()["checks"]["migrations"]["detail"] == "1 migrations not applied"


def test_the_migration_check_is_not_repeated_once_it_has_passed(client):
    heartbeat(seconds_ago=1)
    assert client.get("/healthz").status_code == 200
    with mock.patch.object(views, "MigrationExecutor") as executor:
        assert client.get("/healthz").status_code == 200
    executor.assert_not_called()


def test_unhealthy_naming_the_database_when_it_does_not_answer(client):
    with mock.patch.object(views, "connection") as broken:
        broken.cursor.side_effect = OperationalError("connection refused")
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database"]
    assert body["checks"]["database"] == {
        "status": "failing",
        "detail": "database error (OperationalError)",
    }
    assert body["checks"]["worker"] == {
        "status": "skipped",
        "detail": "the database did not answer",
    }


def test_the_worker_check_is_skipped_when_jobs_go_to_another_backend(client):
    other = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(TASKS=other):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == {
        "status": "skipped",
        "detail": "jobs go to django_tasks.backends.immediate.ImmediateBackend",
    }


def test_a_failing_check_is_not_logged_as_a_server_error(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/healthz").status_code == 503
    assert not [record for record in caplog.records if record.name == "django.request"]


def test_it_answers_head_and_refuses_post(client):
    heartbeat(seconds_ago=1)
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@override_settings(SECURE_SSL_REDIRECT=True)
def test_it_is_not_redirected_to_https_so_a_local_probe_gets_its_answer(client):
    heartbeat(seconds_ago=1)
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
