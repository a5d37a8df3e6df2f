"""A monthly measure on a quarterly scorecard: its quarter is made from its months, rated and
compared as a quarter, kept when the quarter is published, and cached only while its months
are unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import MeasureFactory, UserFactory, period
from yardstick.accounts.access import board, performance_team_of
from yardstick.collection.services import publish_period
from yardstick.core.ratings import Band
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.targets import TargetKind
from yardstick.core.trend import Trend
from yardstick.core.values import Value, ValueType
from yardstick.framework.models import PeriodStatus
from yardstick.measures.models import FigureStatus, ReportedRating
from yardstick.measures.rules import FigureInput
from yardstick.measures.services import record_figure, set_target
from yardstick.measures.shown import shown_ratings, shown_summaries

D = Decimal
Q1_MONTHS = ("2018-04", "2018-05", "2018-06")
Q2_MONTHS = ("2018-07", "2018-08", "2018-09")


@pytest.fixture
def team(council):
    return UserFactory(username="perf", organisation=council)


@pytest.fixture
def quarters(council):
    return period(council, "2018-19 Q1"), period(council, "2018-19 Q2")


def monthly(council, **fields):
    defaults = {"polarity": "lower", "value_type": "number", "frequency": "monthly"}
    return MeasureFactory(organisation=council, **(defaults | fields))


def enter(measure, key, value: Value, team, *, status=FigureStatus.APPROVED, commentary=""):
    month = period(measure.organisation, key)
    return record_figure(
        measure, month, FigureInput(value, commentary=commentary), team, status=status
    )


def count(amount) -> Value:
    return Value(D(amount), ValueType.NUMBER)


def shown_in(measure, quarter, viewer=None):
    viewer = viewer or board(measure.organisation_id)
    return shown_ratings([measure], [quarter], viewer)[(measure.id, quarter.id)]


def test_a_count_is_its_months_summed_rated_against_the_months_targets(council, team, quarters):
    _, q2 = quarters
    missed = monthly(council, title="Missed bin collections")
    for key, amount in zip(Q1_MONTHS, ("50", "60", "40"), strict=True):
        enter(missed, key, count(amount), team)
    for key, amount in zip(Q2_MONTHS, ("30", "35", "25"), strict=True):
        enter(missed, key, count(amount), team, commentary=f"Commentary for {key}")
        set_target(missed, period(council, key), CoreTarget(TargetKind.VALUE, value=D(30)), team)
    shown = shown_in(missed, q2)
    assert shown.actual == "90"
    assert shown.target == "90"  # the months' targets summed
    assert shown.band == Band.LOW_GREEN  # on target, by the five-band key
    assert shown.data_covers == "Jul 18 - Sep 18"
    assert shown.note == ""  # nothing missing: the months it is made from are its data covers
    assert shown.commentary == "Commentary for 2018-09"  # the latest month's words
    # Compared with Q1's months (150): fewer missed collections is better.
    assert shown.trend == Trend.IMPROVED
    assert shown.comparison_label == "Q1 2018/19"
    assert shown.reports


def test_a_count_with_a_month_missing_shows_which_and_is_not_rated(council, team, quarters):
    _, q2 = quarters
    missed = monthly(council)
    enter(missed, "2018-07", count("30"), team)
    enter(missed, "2018-09", count("25"), team)
    shown = shown_in(missed, q2)
    assert shown.actual == "Not available (A sum needs every period: missing August 2018)"
    assert shown.band is None


def test_a_percentage_is_its_counts_summed(council, team, quarters):
    _, q2 = quarters
    answered = monthly(council, polarity="higher", value_type="percentage", decimals=1)
    for key, (part, whole) in zip(Q2_MONTHS, ((1, 2), (90, 100), (8, 10)), strict=True):
        value = Value(D(part * 100) / D(whole), ValueType.PERCENTAGE, D(part), D(whole))
        enter(answered, key, value, team)
    shown = shown_in(answered, q2)
    assert shown.actual == "88.4% (99/112)"
    assert shown.data_covers == "Jul 18 - Sep 18"


def test_readers_see_only_the_months_signed_off_and_the_team_sees_drafts(council, team, quarters):
    _, q2 = quarters
    missed = monthly(council, combine="mean")
    enter(missed, "2018-07", count("30"), team)
    enter(missed, "2018-08", count("40"), team, status=FigureStatus.DRAFT)
    shown = shown_in(missed, q2)
    assert shown.actual == "30"
    assert shown.note == "Mean of Jul 18; missing: August 2018, September 2018"
    assert shown_in(missed, q2, performance_team_of(council.id)).actual == "35"


def test_a_measure_not_combined_shows_nothing_in_the_quarter(council, team, quarters):
    _, q2 = quarters
    missed = monthly(council, combine="none")
    enter(missed, "2018-07", count("30"), team)
    shown = shown_in(missed, q2)
    assert shown.actual == ""
    assert not shown.reports


def test_publishing_the_quarter_keeps_the_combined_rating(council, team, quarters):
    _, q2 = quarters
    missed = monthly(council)
    for key, amount in zip(Q2_MONTHS, ("30", "35", "25"), strict=True):
        enter(missed, key, count(amount), team)
    publish_period(q2, team)
    kept = ReportedRating.objects.get(measure=missed, period=q2)
    assert kept.actual_text == "90"
    q2.refresh_from_db()
    assert q2.status == PeriodStatus.PUBLISHED
    # A month changed afterwards (its own period still open) does not change what the
    # published quarter reported; the months it was made from are still named.
    enter(missed, "2018-09", count("99"), team)
    shown = shown_in(missed, q2)
    assert shown.actual == "90"
    assert shown.kept == kept


def test_an_open_quarters_cached_summary_changes_when_a_month_does(council, team, quarters):
    _, q2 = quarters
    missed = monthly(council, combine="last")
    enter(missed, "2018-07", count("30"), team)
    viewer = board(council.id)
    assert shown_summaries([missed], [q2], viewer)[(missed.id, q2.id)].actual == "30"
    enter(missed, "2018-08", count("31"), team)
    assert shown_summaries([missed], [q2], viewer)[(missed.id, q2.id)].actual == "31"


def test_monthly_measures_add_one_query_whatever_their_number(
    council, team, quarters, django_assert_num_queries
):
    _, q2 = quarters
    measures = [monthly(council) for _ in range(5)]
    for measure in measures:
        enter(measure, "2018-07", count("1"), team)
    viewer = board(council.id)
    # periods of the kind, the months, figures, targets, the council keys
    with django_assert_num_queries(5):
        shown_ratings(measures[:1], [q2], viewer)
    with django_assert_num_queries(5):
        shown_ratings(measures, [q2], viewer)
