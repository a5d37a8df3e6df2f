"""The API tests' council, built once per module inside a transaction rolled back when the
module ends (as the fuzz tests' world), and a client that sends a persona's token."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from yardstick.api.tests.world import build_api_world


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_api_world()
        transaction.set_rollback(True)


@pytest.fixture
def api(built, db):
    for model in (built.world.q1, built.world.q2, built.world.month):
        model.refresh_from_db()
    return built


class ApiClient:
    """Django's test client, sending a token (or none: the public)."""

    def __init__(self, secret: str | None = None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, **headers):
        return self.client.get(f"/api/v1{path}", headers={**self.headers, **headers})

    def put(self, path: str, body: dict):
        return self.client.put(
            f"/api/v1{path}", body, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def as_persona(api):
    """as_persona('team') -> a client with the performance team's token; 'anonymous': none."""
    return lambda persona: ApiClient(api.tokens.get(persona))
