"""Pages and documents print targets as entered, not with the database's six padding places."""

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import FigureFactory, MeasureFactory, TargetFactory, UserFactory, period
from yardstick.accounts.access import performance_team_of
from yardstick.collection.services import publish_period
from yardstick.measures.models import ReportedRating
from yardstick.measures.services import keep_ratings
from yardstick.measures.shown import shown_ratings, target_text


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


def test_a_target_is_not_padded_to_the_places_of_the_figures(council, q2):
    """The figures print to the measure's places (76.53%); the target as set (76%)."""
    measure = MeasureFactory(organisation=council, value_type="percentage", decimals=2)
    target = TargetFactory(measure=measure, period=q2, value=Decimal("76"))
    target.refresh_from_db()
    assert target_text(measure, target) == "76%"
    ranged = TargetFactory(
        measure=measure, period=period(council, "2018-19 Q3"), kind="range", low=7, high=15
    )
    ranged.refresh_from_db()
    assert target_text(measure, ranged) == "7-15%"


def test_a_published_target_kept_padded_reads_as_entered_and_restates_nothing(council, q2):
    """A period published when targets were padded kept '76.00%': it reads '76%' now, and
    keeping its ratings again where anything changed finds nothing changed (printing targets
    as entered once restated every such period)."""
    staff = UserFactory(organisation=council)
    measure = MeasureFactory(organisation=council, value_type="percentage", decimals=2)
    TargetFactory(measure=measure, period=q2, value=Decimal("76"))
    FigureFactory(measure=measure, period=q2, value=Decimal("76.53"))
    publish_period(q2, staff)
    ReportedRating.objects.filter(measure=measure, period=q2).update(target_text="76.00%")
    q2.refresh_from_db()
    shown = shown_ratings([measure], [q2], performance_team_of(council.id))
    assert shown[(measure.id, q2.id)].target == "76%"
    kept = keep_ratings(q2, staff, timezone.now(), measures=[measure], only_if_changed=True)
    assert kept == 0
    assert ReportedRating.objects.filter(measure=measure, period=q2).count() == 1


def test_a_published_target_changed_since_reads_as_it_was_kept(council, q2):
    staff = UserFactory(organisation=council)
    measure = MeasureFactory(organisation=council, value_type="percentage", decimals=2)
    TargetFactory(measure=measure, period=q2, value=Decimal("76"))
    FigureFactory(measure=measure, period=q2, value=Decimal("76.53"))
    publish_period(q2, staff)
    ReportedRating.objects.filter(measure=measure, period=q2).update(target_text="70.00%")
    q2.refresh_from_db()
    shown = shown_ratings([measure], [q2], performance_team_of(council.id))
    assert shown[(measure.id, q2.id)].target == "70.00%"


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
