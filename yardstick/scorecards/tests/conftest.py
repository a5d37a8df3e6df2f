"""A small framework for the scorecard page tests: one theme scorecard with measures rated
across three quarters, and a councillor to read it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import (
    MeasureFactory,
    ScorecardEntryFactory,
    ScorecardFactory,
    ThemeFactory,
    UnitFactory,
    UserFactory,
    period,
)
from yardstick.accounts.models import Membership, Role
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.measures.models import FigureStatus
from yardstick.measures.services import FigureInput, record_figure, set_target

QUARTERS = ["2017-18 Q2", "2018-19 Q1", "2018-19 Q2"]


def add_measures(council, scorecard, count: int, unit=None, officer=None) -> list:
    """`count` percentage measures, higher is better, target 50, actuals spread across the
    bands, each with figures approved in the three quarters."""
    measures = []
    spreads = [Decimal(60), Decimal(51), Decimal(49), Decimal("46"), Decimal(30)]
    for index in range(count):
        measure = MeasureFactory(organisation=council, unit=unit, owner=officer)
        ScorecardEntryFactory(scorecard=scorecard, measure=measure, number=str(index + 1))
        for offset, key in enumerate(QUARTERS):
            quarter = period(council, key)
            set_target(measure, quarter, Target(TargetKind.VALUE, value=Decimal(50)), officer)
            amount = spreads[(index + offset) % len(spreads)]
            record_figure(
                measure,
                quarter,
                FigureInput(Value(amount, ValueType.PERCENTAGE)),
                officer,
                status=FigureStatus.APPROVED,
            )
        measures.append(measure)
    return measures


@pytest.fixture
def directorate(council):
    return UnitFactory(organisation=council, name="Resources", code="RES")


@pytest.fixture
def scorecard(council):
    theme = ThemeFactory(plan__organisation=council, title="Build a Better Borough")
    return ScorecardFactory(
        organisation=council, theme=theme, title="Build a Better Borough", slug="better"
    )


@pytest.fixture
def councillor(council):
    user = UserFactory(username="cllr", first_name="Carol", organisation=council)
    Membership.objects.create(user=user, organisation=council, role=Role.COUNCILLOR)
    return user


@pytest.fixture
def team_member(council):
    user = UserFactory(username="perf", organisation=council)
    Membership.objects.create(user=user, organisation=council, role=Role.PERFORMANCE_TEAM)
    return user
