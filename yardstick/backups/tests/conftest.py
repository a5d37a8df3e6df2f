"""Fixtures for the backup tests: a database with every kind of row in it, fresh databases to
restore into (a SQLite file, a new PostgreSQL database), and a table-by-table comparison."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.utils import load_backend

from yardstick.accounts.models import User
from yardstick.core.targets import parse_target
from yardstick.core.values import parse_value
from yardstick.demo.loader import demo_organisation, load_demo
from yardstick.framework.models import Period, PeriodStatus, Theme
from yardstick.imports.services import import_file
from yardstick.measures.models import Figure, Measure
from yardstick.measures.services import FigureInput, correct_published_figure, set_target
from yardstick.organisations.models import ContentVersion
from yardstick.reports import kept
from yardstick.reports.models import DocumentRequest, KeptDocument
from yardstick.reports.renderers import FORMATS
from yardstick.reports.services import request_documents
from yardstick.scorecards.models import ExceptionNote, Scorecard

# A time with microseconds, set on an auto_now field after saving: a restore that let
# auto_now run, or cut microseconds, would change it.
NOTED_AT = datetime(2018, 11, 5, 9, 30, 15, 123456, tzinfo=UTC)
COMMENTARY = 'Ŵales "quoted", tab\there, new\nline, emoji 📈, and a backslash \\'
BINARY = b"\x00\xff\xfe binary, not a workbook \x00"


def build_rich_database() -> dict:
    """The demo council plus every kind of write the audit trail records: an edit with a
    reason, a theme added (simple-history's many-to-many history), a target changed, a
    correction after publishing (a restatement), an import run with binary content, a
    deleted figure (its history stays; its id must never be given again), an exception note
    (auto_now), an admin log entry (content type ids), a session, a kept document and the
    request for its period's documents. Returns what the tests look for."""
    load_demo()
    council = demo_organisation()
    priya = User.objects.get(username="priya")
    tom = User.objects.get(username="tom")
    measure = Measure.objects.in_organisation(council).order_by("code").first()
    measure.title = f"{measure.title} (renamed)"
    measure._history_user = priya
    measure._change_reason = "Renamed before the backup"
    measure.save()
    measure.themes.add(
        Theme.objects.exclude(measures=measure).filter(plan__organisation=council)[0]
    )
    measure.delegates.add(tom)
    published = Period.objects.in_organisation(council).filter(status=PeriodStatus.PUBLISHED)
    latest = published.filter(type="quarter").order_by("-start").first()
    opened = (
        Period.objects.in_organisation(council)
        .filter(status=PeriodStatus.OPEN, type="quarter")
        .first()
    )
    set_target(measure, opened, parse_target("12.345678"), priya, "Target set, with six places")
    corrected = (
        Figure.objects.filter(period=latest, measure__organisation=council, value__isnull=False)
        .order_by("measure__code")
        .last()
    )
    correct_published_figure(
        corrected.measure,
        latest,
        FigureInput(parse_value("41.5"), commentary=COMMENTARY),
        priya,
        "The return had a typo",
    )
    rejected = import_file(council, "units", BINARY, "units.xlsx", priya)
    assert not rejected.applied
    deleted = Figure.objects.order_by("-pk").first()
    deleted_id = deleted.pk
    deleted._history_user = priya
    deleted._change_reason = "Entered against the wrong measure"
    deleted.delete()
    note = ExceptionNote.objects.create(
        scorecard=Scorecard.objects.filter(organisation=council).first(),
        measure=measure,
        period=latest,
        reason="Noted: no discussion needed",
        noted_by=priya,
    )
    ExceptionNote.objects.filter(pk=note.pk).update(noted_at=NOTED_AT)
    LogEntry.objects.create(
        user=priya,
        content_type=ContentType.objects.get_for_model(Measure),
        object_id=str(measure.pk),
        object_repr=str(measure),
        action_flag=ADDITION,
        change_message="[]",
    )
    request_documents(latest)  # as the correction asks; the job is never run here
    name = default_storage.save(
        f"{kept.folder_of(latest)}/html-backup.html", ContentFile(b"<!doctype html>")
    )
    version = kept.document_version(latest)
    assert kept.record(latest, FORMATS["html"], version, name, "report.html", 15)
    assert KeptDocument.objects.exists() and DocumentRequest.objects.exists()
    session = SessionStore()
    session["signed_in_as"] = priya.pk
    session.create()
    return {
        "organisation": council.pk,
        "measure": measure.pk,
        "corrected": corrected.pk,
        "deleted_figure": deleted_id,
        "note": note.pk,
        "target_value": Decimal("12.345678"),
    }


@pytest.fixture(scope="module")
def rich_database(django_db_setup, django_db_blocker) -> Iterator[dict]:
    """The rich database, built once per module inside a transaction rolled back when the
    module ends; each test still runs in its own savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_rich_database()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def backup_file(rich_database, django_db_blocker, tmp_path_factory) -> Path:
    from yardstick.backups.services import back_up

    path = tmp_path_factory.mktemp("backup") / "yardstick.zip"
    with django_db_blocker.unblock():
        back_up(path)
    return path


@contextmanager
def database(alias: str, url: str) -> Iterator[str]:
    """A database alias for `url`, for the length of the block. Its connection is made
    here rather than listed in the settings, as Django's test case allows ("dynamically
    created connections are always allowed"), so the test's own isolation is untouched."""
    settings = dj_database_url.parse(url)
    configured = connections.configure_settings(
        {DEFAULT_DB_ALIAS: dict(connections.settings[DEFAULT_DB_ALIAS]), alias: settings}
    )[alias]
    connections[alias] = load_backend(configured["ENGINE"]).DatabaseWrapper(configured, alias)
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]


def postgres_url() -> str | None:
    """The PostgreSQL server the suite may use: the one DATABASE_URL names when it is
    PostgreSQL, else POSTGRES_URL (the Makefile passes it to the SQLite run too)."""
    for name in ("DATABASE_URL", "POSTGRES_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return None


@contextmanager
def new_postgres_database(purpose: str) -> Iterator[str]:
    """A new, empty PostgreSQL database named after the configured one (yardstick_ops ->
    yardstick_ops_restore_gw0), dropped afterwards. Yields its URL."""
    import psycopg

    url = postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL server: set POSTGRES_URL (make test does)")
    parts = urlsplit(url)
    base = parts.path.lstrip("/") or "yardstick"
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"{base}_{purpose}_{worker}"
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def every_model() -> list:
    seen = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not (meta.proxy or not meta.managed or meta.swapped):
            seen.setdefault(meta.db_table, model)
    # The content token is a cache key, not data: left out of a backup, and renewed by the
    # restore's writes (test_round_trip.py shows both).
    seen.pop(ContentVersion._meta.db_table)
    return [seen[name] for name in sorted(seen)]


def rows_of(model, alias: str) -> list[tuple]:
    """Every row of a table, every column, as the ORM reads it (binary as bytes), in id
    order."""
    names = [field.attname for field in model._meta.concrete_fields]
    rows = model._base_manager.using(alias).order_by("pk").values_list(*names)
    return [
        tuple(bytes(value) if isinstance(value, memoryview) else value for value in row)
        for row in rows
    ]


def differences(source: str, target: str) -> list[str]:
    """Every table compared row by row, column by column: what is missing, added or
    different in `target`."""
    found = []
    for model in every_model():
        before, after = rows_of(model, source), rows_of(model, target)
        if before == after:
            continue
        columns = [field.column for field in model._meta.concrete_fields]
        name = model._meta.db_table
        if len(before) != len(after):
            found.append(f"{name}: {len(before)} rows before, {len(after)} after")
        for old, new in zip(before, after, strict=False):
            if old != new:
                changed = [
                    f"{column}: {a!r} -> {b!r}"
                    for column, a, b in zip(columns, old, new, strict=True)
                    if a != b
                ]
                found.append(f"{name} id {old[0]}: " + "; ".join(changed))
                break
    return found
