"""A stored target the core cannot use (a value target without its value, a range without an
end, a change by both an amount and a percentage) is read as no target: every door refuses
one, but an old row or a bug may hold one, and every page showing it answered 500."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import MeasureFactory, TargetFactory, period
from yardstick.core.targets import NO_TARGET, TargetKind
from yardstick.measures.assessment import core_target

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": TargetKind.VALUE, "value": None},
        {"kind": TargetKind.RANGE, "low": Decimal(1), "high": None},
        {"kind": TargetKind.RANGE, "low": None, "high": Decimal(1)},
        {
            "kind": TargetKind.CHANGE_ON_LAST_YEAR,
            "change_amount": Decimal(5),
            "change_percent": Decimal(10),
        },
    ],
)
def test_a_stored_target_the_core_cannot_use_is_no_target(council, fields):
    measure = MeasureFactory(organisation=council, frequency="quarterly")
    row = TargetFactory(measure=measure, period=period(council, "2018-19 Q2"), **fields)
    assert core_target(row) == NO_TARGET


def test_a_range_upside_down_is_still_the_range_it_says(council):
    measure = MeasureFactory(organisation=council, frequency="quarterly")
    row = TargetFactory(
        measure=measure,
        period=period(council, "2018-19 Q2"),
        kind=TargetKind.RANGE,
        low=Decimal(90),
        high=Decimal(10),
    )
    assert (core_target(row).low, core_target(row).high) == (Decimal(90), Decimal(10))
