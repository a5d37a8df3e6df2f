"""The fuzz tests' world, built once per module inside a transaction rolled back when the
module ends, and a client signed in as each persona. Each generated example runs in its own
savepoint (`example`), so every example starts from the same world."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test import Client

from tests.fuzz.world import build_world


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(built, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for model in (built.q1, built.q2, built.month):
        model.refresh_from_db()
    return built


@pytest.fixture
def signed_in(world):
    """signed_in(persona) -> a test client signed in as that persona (anonymous: none).
    Every persona signs in before the examples run: a session begun inside an example's
    savepoint would be undone with it."""
    clients = {"anonymous": Client()}
    for persona, user in world.users.items():
        clients[persona] = Client()
        clients[persona].force_login(user)
    return clients.__getitem__


@contextmanager
def example():
    """One generated example: whatever it writes is undone when it ends."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
