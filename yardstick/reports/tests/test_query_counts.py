"""Building the report takes the same number of queries for 50 measures as for 5, and
rendering it takes none: every renderer reads the report object only."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yardstick.reports.renderers import FORMATS
from yardstick.reports.strategic import build_strategic_report
from yardstick.reports.tests.conftest import build_framework, performance_team_of_period


def queries_to_build(framework) -> int:
    """Queries to build the report cold: what a period shows is cached (measures.shown), so
    each count starts with an empty cache, to compare like with like."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        report = build_strategic_report(
            framework.q2, None, performance_team_of_period(framework.q2)
        )
    assert sum(len(s.scorecard.rows) for s in report.sections) > 0
    return len(queries)


def test_building_the_report_takes_as_many_queries_for_50_measures_as_for_5(
    council, other_council, django_assert_max_num_queries
):
    few = build_framework(council, extra_measures=5)
    many = build_framework(other_council, extra_measures=50)
    expected = queries_to_build(few)
    cache.clear()
    with django_assert_max_num_queries(expected):
        report = build_strategic_report(many.q2, None, performance_team_of_period(many.q2))
    assert len(report.sections[0].scorecard.rows) == 54
    assert queries_to_build(many) == expected


@pytest.mark.parametrize("name", list(FORMATS))
def test_rendering_reads_the_report_object_and_never_the_database(
    framework, name, django_assert_num_queries
):
    report = build_strategic_report(framework.q2, None, performance_team_of_period(framework.q2))
    with django_assert_num_queries(0):
        assert FORMATS[name].render(report)
