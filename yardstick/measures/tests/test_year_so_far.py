"""A year-to-date measure's year before the year is over ("Latest: Q2 2018/19") is rated
against the target to the end of Q2, never the whole year's; once the year is over, against
the year's own (docs/calculations.md, "A year not yet over"). Every page reads it from
`shown_ratings`, pages of many measures from `shown_summaries`."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import MeasureFactory, UserFactory, period
from yardstick.accounts.access import board
from yardstick.core.ratings import Band
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.targets import TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.measures.rules import FigureInput
from yardstick.measures.services import record_figure, set_target
from yardstick.measures.shown import shown_ratings, shown_summaries

pytestmark = pytest.mark.django_db
D = Decimal
QUARTERS = ("2018-19 Q1", "2018-19 Q2", "2018-19 Q3", "2018-19 Q4")
YEAR = "FY 2018-19"


@pytest.fixture
def team(council):
    return UserFactory(username="perf", organisation=council)


def collected(council, team, figures: dict[str, str], targets: dict[str, str], **fields):
    """A quarterly year-to-date percentage (rates collected) with its figures and targets."""
    defaults = {
        "polarity": "higher",
        "value_type": "percentage",
        "frequency": "quarterly",
        "collection_type": "cumulative",
    }
    measure = MeasureFactory(organisation=council, **(defaults | fields))
    for key, amount in figures.items():
        value = Value(D(amount), ValueType.PERCENTAGE)
        record_figure(measure, period(council, key), FigureInput(value), team, status="approved")
    for key, amount in targets.items():
        target = CoreTarget(TargetKind.VALUE, value=D(amount))
        set_target(measure, period(council, key), target, team)
    measure.refresh_from_db()
    return measure


def year_of(measure):
    year = period(measure.organisation, YEAR)
    return shown_ratings([measure], [year], board(measure.organisation_id))[(measure.id, year.id)]


PROFILE = {"2018-19 Q1": "25", "2018-19 Q2": "49", "2018-19 Q3": "74", "2018-19 Q4": "98"}


def test_a_year_not_over_is_rated_against_the_target_to_the_end_of_its_latest_quarter(
    council, team
):
    measure = collected(
        council, team, {"2018-19 Q1": "33", "2018-19 Q2": "49.5"}, PROFILE | {YEAR: "98"}
    )
    shown = year_of(measure)
    assert shown.actual == "49.5%"
    assert shown.target == "49%"  # the target shown is the one it was rated against
    assert shown.band is Band.LOW_GREEN  # not High Red against the year's 98%
    assert shown.reason.endswith(
        ": Low Green. The year is not over (Q3 2018/19 and Q4 2018/19 to come): rated against "
        "49%, the target to the end of Q2 2018/19, not the year's 98% target"
    )
    assert round(shown.distance, 2) == D("1.02")  # percent of the 49% target


def test_a_year_not_over_with_no_target_to_date_is_not_rated(council, team):
    measure = collected(council, team, {"2018-19 Q1": "33", "2018-19 Q2": "49.5"}, {YEAR: "98"})
    shown = year_of(measure)
    assert shown.band is None
    assert shown.reason == (
        "The year is not over (Q3 2018/19 and Q4 2018/19 to come), and there is no target to "
        "the end of Q2 2018/19: not rated against the year's 98% target"
    )
    assert shown.distance is None


def test_a_year_without_its_own_target_is_not_rated_against_the_last_quarters(council, team):
    # Before: the latest quarter with a target (Q4's 98%) stood for the year.
    measure = collected(council, team, {"2018-19 Q1": "33", "2018-19 Q2": "40"}, PROFILE)
    shown = year_of(measure)
    assert shown.target == "49%"
    assert shown.band is Band.HIGH_RED
    assert "rated against 49%, the target to the end of Q2 2018/19, not the year's target" in (
        shown.reason
    )


def test_a_year_that_is_over_is_rated_against_its_own_target(council, team):
    figures = dict(zip(QUARTERS, ("33", "49.5", "74", "98.5"), strict=True))
    measure = collected(council, team, figures, PROFILE | {YEAR: "98"})
    shown = year_of(measure)
    assert shown.target == "98%"
    assert shown.band is Band.LOW_GREEN
    assert shown.reason == "98.5% is 0.5% better than the 98% target (higher is better): Low Green"


def test_a_mean_of_the_quarters_so_far_keeps_the_years_target(council, team):
    measure = collected(
        council,
        team,
        {"2018-19 Q1": "90", "2018-19 Q2": "96"},
        {YEAR: "92", "2018-19 Q2": "99"},
        collection_type="period",
        combine="mean",
    )
    shown = year_of(measure)
    assert shown.actual == "93%"
    assert shown.target == "92%"
    assert "not over" not in shown.reason


def test_a_scorecard_with_a_year_reads_the_same_rating(council, team):
    measure = collected(
        council, team, {"2018-19 Q1": "33", "2018-19 Q2": "49.5"}, PROFILE | {YEAR: "98"}
    )
    year = period(council, YEAR)
    summary = shown_summaries([measure], [year], board(council.id))[(measure.id, year.id)]
    shown = year_of(measure)
    assert (summary.band, summary.reason, summary.target) == (
        shown.band,
        shown.reason,
        shown.target,
    )
    assert summary.band is Band.LOW_GREEN
