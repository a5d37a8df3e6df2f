"""assess_periods: several periods assessed from one load of their rows, exactly as `assess`
would assess each alone."""

import pytest

from tests.factories import period
from yardstick.measures.assessment import assess, assess_periods, periods_like
from yardstick.reports.tests.conftest import build_framework


@pytest.fixture
def framework(council):
    """Seven measures with targets and figures in Q2 2017/18, Q1 and Q2 2018/19."""
    return build_framework(council)


def test_assessing_three_periods_together_gives_what_assessing_each_alone_gives(framework):
    measures = list(framework.measures.values())
    periods = [framework.q2, framework.q1, framework.last_year]
    together = assess_periods(measures, periods)
    for p in periods:
        alone = assess(measures, p)
        assert together[p.id] == alone
    assert {a.rating.band for a in together[framework.q2.id].values()} > {None}


def test_three_periods_take_three_queries_and_two_when_the_periods_are_known(
    framework, django_assert_num_queries
):
    measures = list(framework.measures.values())
    periods = [framework.q2, framework.q1, framework.last_year]
    with django_assert_num_queries(3):
        assess_periods(measures, periods)
    known = periods_like(framework.q2)
    with django_assert_num_queries(2):
        assess_periods(measures, periods, known=known)


def test_periods_of_different_types_are_refused(framework):
    year = period(framework.q2.organisation, "2018/19")
    with pytest.raises(ValueError, match="one organisation and one type"):
        assess_periods(list(framework.measures.values()), [framework.q2, year])
