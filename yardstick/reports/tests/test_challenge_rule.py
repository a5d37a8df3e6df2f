"""The key challenges rule (`scorecards.challenges`): a measure rated Amber, Low Red or High Red
on its latest available figure, arrears and annual measures included with the period their
figure covers; a green figure that dipped is not one; the performance team's choices include,
leave out and order."""

from __future__ import annotations

import pytest

from tests.factories import FigureFactory
from yardstick.accounts.access import performance_team_of
from yardstick.core.periods import Frequency
from yardstick.core.ratings import Band, is_challenge
from yardstick.reports.tests.conftest import add_measure
from yardstick.scorecards.challenges import scorecard_challenges
from yardstick.scorecards.models import ChallengeChoice, KeyChallenge
from yardstick.scorecards.rows import build_scorecard

pytestmark = pytest.mark.django_db


def challenges(framework, viewer=None, **kwargs):
    viewer = viewer or performance_team_of(framework.q2.organisation_id)
    card = framework.place_card
    report = build_scorecard(card, framework.q2, viewer)
    return scorecard_challenges([report], viewer, **kwargs)[card.pk]


def titled(found) -> dict[str, object]:
    return {challenge.title: challenge for challenge in found}


@pytest.mark.parametrize(
    ("band", "listed"),
    [
        (Band.HIGH_GREEN, False),
        (Band.LOW_GREEN, False),
        (Band.GREEN, False),
        (Band.AMBER, True),
        (Band.LOW_RED, True),
        (Band.HIGH_RED, True),
        (Band.RED, True),
        (None, False),
    ],
)
def test_the_bands_that_make_a_challenge(band, listed):
    assert is_challenge(band) is listed


def test_a_green_measure_that_dipped_is_not_a_challenge(framework):
    periods = [framework.last_year, framework.q1, framework.q2]
    # 60 then 52 against 50: still Low Green, deteriorated.
    add_measure(
        framework.place_card, periods, "M010", "Dipped", [("50", "60"), ("50", "60"), ("50", "52")]
    )
    found = titled(challenges(framework))
    assert "Dipped" not in found
    assert "Number of new council homes built (cumulative)" not in found  # High Green


def test_amber_low_red_and_high_red_on_the_periods_figure_are_challenges(framework):
    found = titled(challenges(framework))
    recycling = found["% of household waste recycled and composted"]  # 49 against 50: Amber
    assert recycling.current.band == Band.AMBER
    assert recycling.latest and recycling.when.startswith("Q2 2018/19")
    knife = found["Knife crime with injury (victims under 25)"]  # High Red
    assert knife.current.band == Band.HIGH_RED and knife.when == "Q2 2018/19"
    assert knife.commentary == "The rise is in line with the national trend."
    assert set(found) == {recycling.title, knife.title}


def test_a_red_reported_in_arrears_is_listed_on_its_latest_figure(framework):
    periods = [framework.last_year, framework.q1, framework.q2]
    measure = add_measure(
        framework.place_card,
        periods,
        "M011",
        "Knife crime in arrears",
        [("46", "50"), ("46", "56"), ("46", None)],  # Q1: 21.7% worse, High Red; no Q2 figure
        value_type="number",
        polarity="lower",
        reporting_lag_months=3,
    )
    q1 = measure.figures.get(period=framework.q1)
    q1.commentary = "In line with the national trend."
    q1.save()
    found = titled(challenges(framework))["Knife crime in arrears"]
    assert found.current.band == Band.HIGH_RED
    assert found.current.actual == "56"
    assert found.when == "Q1 2018/19, reported in arrears"
    assert not found.latest
    assert found.commentary == "In line with the national trend."


def test_an_annual_red_is_listed_with_the_period_it_reported_in(framework):
    periods = [framework.last_year, framework.q1, framework.q2]
    add_measure(
        framework.place_card,
        periods,
        "M012",
        "Children aged 4-5 classified as obese",
        [(None, None), ("8.3", "8.8"), (None, None)],  # 6% worse: Low Red, reported in Q1
        polarity="lower",
        decimals=1,
        frequency=Frequency.ANNUAL,
    )
    report = build_scorecard(
        framework.place_card, framework.q2, performance_team_of(framework.q2.organisation_id)
    )
    assert "Children aged 4-5 classified as obese" not in {row.title for row in report.rows}
    found = titled(challenges(framework))["Children aged 4-5 classified as obese"]
    assert found.current.band == Band.LOW_RED
    assert found.when == "Q1 2018/19, annual figure"


def test_a_figure_not_available_this_period_is_not_the_latest(framework):
    periods = [framework.last_year, framework.q1, framework.q2]
    measure = add_measure(
        framework.place_card,
        periods,
        "M014",
        "Late without a lag",
        [(None, None), ("50", "40"), ("50", None)],  # Q1 High Red; Q2 "not available"
    )
    FigureFactory(measure=measure, period=framework.q2, missing_state="not_available")
    found = titled(challenges(framework))["Late without a lag"]
    assert found.current.band == Band.HIGH_RED
    assert found.when == "Q1 2018/19, latest figure available"


def test_a_figure_older_than_a_year_is_not_the_latest(framework):
    periods = [framework.last_year, framework.q1, framework.q2]
    add_measure(
        framework.place_card,
        periods,
        "M013",
        "Long gone",
        [("50", "30"), (None, None), (None, None)],  # High Red in Q2 2017/18 only
    )
    assert "Long gone" not in titled(challenges(framework))


def test_the_teams_choices_include_leave_out_and_order(framework):
    knife = framework.measures["knife"]
    recycling = framework.measures["recycling"]
    homes = framework.measures["homes"]
    card, q2 = framework.place_card, framework.q2
    KeyChallenge.objects.create(
        scorecard=card, period=q2, measure=homes, choice=ChallengeChoice.INCLUDE, position=1
    )
    KeyChallenge.objects.create(
        scorecard=card, period=q2, measure=knife, choice=ChallengeChoice.LEAVE_OUT
    )
    KeyChallenge.objects.create(scorecard=card, period=q2, measure=recycling, position=0)
    found = challenges(framework)
    assert [c.title for c in found] == [recycling.title, homes.title]
    assert [c.by_rule for c in found] == [True, False]
    with_left_out = challenges(framework, with_left_out=True)
    assert [c.title for c in with_left_out] == [recycling.title, homes.title, knife.title]
    assert with_left_out[-1].left_out


def test_the_query_count_does_not_grow_with_the_measures(framework, django_assert_max_num_queries):
    periods = [framework.last_year, framework.q1, framework.q2]
    for index in range(15):
        add_measure(
            framework.place_card, periods, f"Y{index:03d}", f"Extra {index}", [("50", "40")] * 3
        )
    viewer = performance_team_of(framework.q2.organisation_id)
    report = build_scorecard(framework.place_card, framework.q2, viewer)
    with django_assert_max_num_queries(12):
        found = scorecard_challenges([report], viewer)[framework.place_card.pk]
    assert len(found) == 17
