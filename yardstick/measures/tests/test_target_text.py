"""Pages and documents print targets as entered, not with the database's six padding places."""

from decimal import Decimal

import pytest

from tests.factories import MeasureFactory, TargetFactory, period
from yardstick.measures.shown import target_text


@pytest.fixture
def q2(council):
    return period(council, "2018-19 Q2")


def test_a_percentage_target_prints_as_entered(council, q2):
    measure = MeasureFactory(organisation=council, value_type="percentage")
    target = TargetFactory(measure=measure, period=q2, value=Decimal("9.25"))
    target.refresh_from_db()  # back from the database as 9.250000
    assert target_text(measure, target) == "9.25%"


def test_a_whole_number_target_prints_without_decimal_places(council, q2):
    measure = MeasureFactory(organisation=council, value_type="number")
    target = TargetFactory(measure=measure, period=q2, value=Decimal("1200"))
    target.refresh_from_db()
    assert target_text(measure, target) == "1,200"


def test_a_target_prints_in_the_measures_decimal_places_when_it_has_them(council, q2):
    measure = MeasureFactory(organisation=council, value_type="percentage", decimals=1)
    target = TargetFactory(measure=measure, period=q2, value=Decimal("50"))
    target.refresh_from_db()
    assert target_text(measure, target) == "50.0%"


def test_a_range_target_prints_both_ends_without_padding(council, q2):
    measure = MeasureFactory(organisation=council, value_type="percentage")
    target = TargetFactory(
        measure=measure, period=q2, kind="range", low=Decimal("7"), high=Decimal("15")
    )
    target.refresh_from_db()
    assert target_text(measure, target) == "7-15%"


def test_no_target_prints_nothing(council):
    measure = MeasureFactory(organisation=council)
    assert target_text(measure, None) == ""
