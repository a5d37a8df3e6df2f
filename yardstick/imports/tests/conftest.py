"""Fixtures for the import tests: the seed file, a council with it imported, and counters of
every row and history row an import can write."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction

from tests.factories import OrganisationFactory, UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.actions.models import ActionUpdate, KeyAction, Milestone
from yardstick.framework.models import Period, Plan, Theme
from yardstick.imports.services import import_file
from yardstick.measures.models import (
    ComparatorGroup,
    ComparatorMember,
    ComparatorValue,
    Figure,
    Measure,
    Target,
)
from yardstick.measures.statements import DataQualityStatement
from yardstick.meetings.models import AgreedAction, Body, Meeting
from yardstick.organisations.models import OrganisationUnit
from yardstick.scorecards.models import Scorecard, ScorecardEntry

SEED = (
    Path(__file__).resolve().parents[2] / "demo" / "data" / "seed-corporate-scorecards-2018-19.csv"
)

MODELS = (
    OrganisationUnit,
    Plan,
    Theme,
    Period,
    Measure,
    Measure.themes.through,
    Scorecard,
    ScorecardEntry,
    Target,
    Figure,
    KeyAction,
    ActionUpdate,
    Milestone,
    Body,
    Body.members.through,
    Meeting,
    AgreedAction,
    ComparatorGroup,
    ComparatorMember,
    ComparatorValue,
    DataQualityStatement,
)


def row_counts() -> dict[str, int]:
    """How many rows, and history rows, every model an import writes has."""
    counts = {model.__name__: model.objects.count() for model in MODELS}
    for model in MODELS:
        if hasattr(model, "history"):
            counts[f"history of {model.__name__}"] = model.history.count()
    counts["history of Measure.themes"] = Measure.history.model.themes.model.objects.count()
    return counts


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def with_lines(text: str, replace: dict[int, str]) -> bytes:
    """The CSV text with some rows (numbered as a spreadsheet numbers them) replaced."""
    lines = text.splitlines()
    for number, line in replace.items():
        lines[number - 1] = line
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """The seed imported once per test module (an import takes a second or two), inside a
    transaction rolled back when the module ends. Each test still runs in its own savepoint,
    so a test may change the data without the next one seeing it."""
    with django_db_blocker.unblock(), transaction.atomic():
        council = OrganisationFactory(name="Harrow Test Council", slug="harrow-test")
        priya = UserFactory(
            username="priya", first_name="Priya", last_name="Shah", organisation=council
        )
        Membership.objects.create(user=priya, organisation=council, role=Role.PERFORMANCE_TEAM)
        result = import_file(council, "scorecard", SEED.read_bytes(), SEED.name, priya)
        assert result.applied, result.changes.problems
        yield council.pk
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):
    """The council (the `council` fixture's) with the seed scorecards imported by Priya (the
    `performance_officer`)."""
    from yardstick.organisations.models import Organisation

    return Organisation.objects.get(pk=seeded_once)


def pytest_collection_modifyitems(config, items):
    """A module's seeded data stays until the module ends, so a test module either seeds
    every test or none: a test expecting an empty council never runs after the seed."""
    here = Path(__file__).parent
    seeding: dict[str, set[bool]] = {}
    for item in items:
        if Path(str(item.path)).parent == here:
            seeding.setdefault(item.module.__name__, set()).add("seeded" in item.fixturenames)
    mixed = sorted(name for name, uses in seeding.items() if len(uses) > 1)
    if mixed:
        raise pytest.UsageError(
            f"{', '.join(mixed)}: use the 'seeded' fixture in every test of the module or in none"
        )


@pytest.fixture(autouse=True)
def kept_files(settings, tmp_path):
    """Files an import keeps (a long upload, a file imported from the command line) go to a
    folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
