"""A small council for the collection tests: two directorates, each with an owner and an
approver, the performance team, and a quarterly measure per directorate rated against 75%.

Q2 2018/19 (July to September 2018) is open and due 19 October 2018 (15 working days after
it ends); Q1 2018/19 is published with last period's figures.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import MeasureFactory, UnitFactory, UserFactory, period
from yardstick.accounts.models import Membership, Role
from yardstick.collection.models import DeadlineRule
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.framework.models import PeriodStatus
from yardstick.measures.models import Figure, FigureStatus
from yardstick.measures.models import Target as TargetModel
from yardstick.measures.services import FigureInput, record_figure, set_target

AS_OF = date(2018, 10, 15)  # the Monday of the week Q2's returns are due
DEADLINE = date(2018, 10, 19)


def percent(amount: str, **fields) -> FigureInput:
    return FigureInput(Value(Decimal(amount), ValueType.PERCENTAGE), **fields)


def member(council, username: str, role: str, unit=None, **names):
    user = UserFactory(username=username, organisation=council, **names)
    Membership.objects.create(user=user, organisation=council, role=role, unit=unit)
    return user


@pytest.fixture
def resources(council):
    return UnitFactory(organisation=council, name="Resources", code="RES")


@pytest.fixture
def people(council):
    return UnitFactory(organisation=council, name="People", code="PEO")


@pytest.fixture
def team(council):
    """Priya in the performance team."""
    return member(council, "priya", Role.PERFORMANCE_TEAM, first_name="Priya", last_name="Shah")


@pytest.fixture
def officer(council, resources):
    """Olive owns the Resources directorate's measures."""
    return member(council, "olive", Role.OWNER, resources, first_name="Olive", last_name="Owen")


@pytest.fixture
def approver(council, resources):
    """Alice signs off the Resources directorate's figures."""
    return member(council, "alice", Role.APPROVER, resources, first_name="Alice", last_name="Aziz")


@pytest.fixture
def outsider(council, people):
    """Oscar owns measures in the People directorate, not Resources."""
    return member(council, "oscar", Role.OWNER, people, first_name="Oscar", last_name="Odu")


@pytest.fixture
def other_approver(council, people):
    """Pat signs off the People directorate's figures."""
    return member(council, "pat", Role.APPROVER, people, first_name="Pat", last_name="Patel")


@pytest.fixture
def q1(council):
    return period(council, "2018-19 Q1")


@pytest.fixture
def q2(council):
    return period(council, "2018-19 Q2")


@pytest.fixture
def quarterly_rule(council):
    return DeadlineRule.objects.create(
        organisation=council,
        frequency="quarterly",
        working_days_after=15,
        remind_days_before=5,
        escalate_days_after=5,
    )


def add_measure(council, unit, owner, q1, q2, *, last="78", code=None, title=None):
    """A quarterly percentage measure, higher is better, target 75% in Q1 and Q2, with last
    quarter's figure published."""
    fields = {"code": code} if code else {}
    if title:
        fields["title"] = title
    measure = MeasureFactory(
        organisation=council,
        unit=unit,
        owner=owner,
        frequency="quarterly",
        polarity="higher",
        value_type="percentage",
        **fields,
    )
    q1.refresh_from_db()
    for quarter in (q1, q2):
        if quarter.is_published:  # as if it had been set before the period was published
            TargetModel.objects.create(
                measure=measure, period=quarter, kind=TargetKind.VALUE, value=Decimal(75)
            )
        else:
            set_target(measure, quarter, Target(TargetKind.VALUE, value=Decimal(75)), owner)
    if last is not None:
        if q1.is_published:  # as if it had been published with the period
            Figure.objects.create(
                measure=measure, period=q1, value=Decimal(last), status=FigureStatus.PUBLISHED
            )
        else:
            record_figure(measure, q1, percent(last), owner, status=FigureStatus.APPROVED)
    return measure


@pytest.fixture
def measure(council, resources, officer, q1, q2, quarterly_rule):
    """RES 1, the share of invoices paid in 30 days: 78% last quarter, target 75%."""
    measure = add_measure(
        council, resources, officer, q1, q2, code="RES 1", title="Invoices paid in 30 days"
    )
    # Q1 as if published with its figures (without keeping ratings, which these tests need not)
    Figure.objects.filter(period=q1, status=FigureStatus.APPROVED).update(
        status=FigureStatus.PUBLISHED
    )
    q1.status = PeriodStatus.PUBLISHED
    q1.save()
    return measure


@pytest.fixture
def people_measure(council, people, outsider, q1, q2, quarterly_rule):
    return add_measure(
        council, people, outsider, q1, q2, code="PEO 1", title="Care reviews on time"
    )
