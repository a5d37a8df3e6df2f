"""measures.shown: what every page shows for a measure in a period, in a fixed number of
queries, the same for periods asked for together or alone."""

import pytest

from tests.factories import period
from yardstick.accounts.access import board, performance_team_of
from yardstick.framework.models import Period, PeriodStatus
from yardstick.measures.assessment import periods_like
from yardstick.measures.shown import shown_ratings
from yardstick.reports.tests.conftest import build_framework


@pytest.fixture
def framework(council):
    """Seven measures with targets and figures in Q2 2017/18, Q1 and Q2 2018/19."""
    return build_framework(council)


def test_three_periods_together_show_what_each_shows_alone(framework):
    measures = list(framework.measures.values())
    periods = [framework.q2, framework.q1, framework.last_year]
    viewer = performance_team_of(framework.q2.organisation_id)
    together = shown_ratings(measures, periods, viewer)
    for p in periods:
        alone = shown_ratings(measures, [p], viewer)
        for measure in measures:
            assert together[(measure.id, p.id)] == alone[(measure.id, p.id)]
    assert {together[(m.id, framework.q2.id)].band for m in measures} > {None}


def test_three_open_periods_take_four_queries_and_three_when_the_periods_are_known(
    framework, django_assert_num_queries
):
    measures = list(framework.measures.values())
    periods = [framework.q2, framework.q1, framework.last_year]
    viewer = board(framework.q2.organisation_id)
    # the periods of the kind, the figures, the targets, the council keys (`keys_for`)
    with django_assert_num_queries(4):
        shown_ratings(measures, periods, viewer)
    known = periods_like(framework.q2)
    with django_assert_num_queries(3):
        shown_ratings(measures, periods, viewer, known=known)


def test_published_periods_add_one_query_for_the_ratings_kept(framework, django_assert_num_queries):
    measures = list(framework.measures.values())
    Period.objects.filter(pk=framework.last_year.pk).update(status=PeriodStatus.PUBLISHED)
    periods = [framework.q2, framework.q1, framework.last_year]
    with django_assert_num_queries(5):  # as above, and the kept ratings
        shown_ratings(measures, periods, board(framework.q2.organisation_id))


def test_periods_of_different_types_are_each_compared_with_their_own_kind(framework):
    year = period(framework.q2.organisation, "2018/19")
    measures = list(framework.measures.values())
    shown = shown_ratings(measures, [framework.q2, year], board(year.organisation_id))
    for measure in measures:
        assert shown[(measure.id, year.id)].comparison_label in ("", "2017/18")
        assert shown[(measure.id, framework.q2.id)].comparison_label in (
            "Q1 2018/19",
            "Q2 2017/18",
        )
