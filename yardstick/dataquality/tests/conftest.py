"""A council for the data quality tests: two directorates (one with a service under it),
quarters of 2016/17 to 2018/19 with deadlines, and the personas who may or may not see the
page."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import FigureFactory, MeasureFactory, UnitFactory, UserFactory, period
from yardstick.accounts.models import Membership, Role
from yardstick.framework.models import PeriodStatus
from yardstick.measures.models import FigureStatus
from yardstick.organisations.models import UnitKind

QUARTERS = [f"{year}-{(year + 1) % 100:02d} Q{n}" for year in (2016, 2017) for n in (1, 2, 3, 4)]
QUARTERS += ["2018-19 Q1", "2018-19 Q2", "2018-19 Q3"]
CURRENT = "2018-19 Q3"
DEADLINE = date(2019, 1, 25)
TODAY = date(2019, 1, 28)
HISTORY = [
    "50",
    "52",
    "51",
    "53",
    "55",
    "49",
    "52",
    "54",
    "50",
    "52",
]  # median 52, MAD 1.5  # the page is looked at three days after the Q3 deadline


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    """A moment on `day`, London time."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


@pytest.fixture
def quarters(council):
    """Every quarter from 2016/17 Q1 to 2018/19 Q3: published with a deadline 25 days after
    the quarter ends, except 2018/19 Q3, open with its deadline on 25 January 2019."""
    found = {}
    for key in QUARTERS:
        quarter = period(council, key)
        if key == CURRENT:
            quarter.deadline = DEADLINE
        else:
            quarter.status = PeriodStatus.PUBLISHED
            quarter.deadline = date.fromordinal(quarter.end.toordinal() + 25)
        quarter.save()
        found[key] = quarter
    return found


@pytest.fixture
def q3(quarters):
    return quarters[CURRENT]


@pytest.fixture
def people_directorate(council):
    return UnitFactory(organisation=council, name="People", code="PEO")


@pytest.fixture
def resources(council):
    return UnitFactory(organisation=council, name="Resources", code="RES")


@pytest.fixture
def revenues(council, resources):
    """A service under Resources: its measures count for Resources."""
    return UnitFactory(
        organisation=council, name="Revenues", code="REV", kind=UnitKind.SERVICE, parent=resources
    )


def person(council, username: str, role: str | None, **names):
    user = UserFactory(username=username, organisation=council, **names)
    if role:
        Membership.objects.create(user=user, organisation=council, role=role)
    return user


@pytest.fixture
def team(council):
    """Tom in the performance team."""
    return person(council, "tom", Role.PERFORMANCE_TEAM, first_name="Tom", last_name="Team")


@pytest.fixture
def officer(council):
    """Olu, a measure owner."""
    return person(council, "olu", Role.OWNER, first_name="Olu", last_name="Owens")


@pytest.fixture
def councillor(council):
    return person(council, "cllr", Role.COUNCILLOR, first_name="Carol", last_name="Cllr")


@pytest.fixture
def today(monkeypatch):
    """The page's today is 28 January 2019, three days after the Q3 deadline."""
    monkeypatch.setattr(timezone, "localdate", _localdate)
    return TODAY


_real_localdate = timezone.localdate


def _localdate(value=None, timezone=None):
    return TODAY if value is None else _real_localdate(value, timezone)


def measure(council, code: str, **fields):
    fields.setdefault("frequency", "quarterly")
    fields.setdefault("data_source", "Case management system")
    fields.setdefault("collection_method", "Monthly extract, checked by the service manager")
    return MeasureFactory(organisation=council, code=code, title=f"Measure {code}", **fields)


def figure(measure, quarter, amount, status=FigureStatus.SUBMITTED, submitted=None, **fields):
    """A figure; submitted figures are submitted on `submitted` (a day, or a moment)."""
    if isinstance(submitted, date) and not isinstance(submitted, datetime):
        submitted = at(submitted)
    if status != FigureStatus.DRAFT and submitted is None and "entered_at" not in fields:
        submitted = at(quarter.deadline) if quarter.deadline else None
    return FigureFactory(
        measure=measure,
        period=quarter,
        value=None if amount is None else Decimal(amount),
        status=status,
        submitted_at=submitted,
        **fields,
    )
