"""What a published scorecard shows is read from the cache, and never after it changed.

A published period's summaries are cached under its kept_version (measures.shown
shown_summaries) and each row's HTML under a digest of what it shows (the scorecard_rows
tag). These tests read the same page cold and warm, and correct a published figure between
two reads."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ScorecardFactory, period
from yardstick.collection.services import publish_period
from yardstick.core.values import Value, ValueType
from yardstick.measures.models import Figure, FigureStatus
from yardstick.measures.services import FigureInput, correct_published_figure
from yardstick.scorecards.tests.conftest import QUARTERS, add_measures

# The tables a page reads what a measure shows from; a page read from the cache reads none.
SHOWN_TABLES = ("measures_figure", "measures_target", "measures_reportedrating")


def published_scorecard(council, scorecard, officer, count: int) -> list:
    measures = add_measures(council, scorecard, count, officer=officer)
    # Publishing asks for commentary on the figures off target.
    Figure.objects.filter(measure__in=measures).update(commentary="Explained to the board.")
    for key in QUARTERS:
        publish_period(period(council, key), officer)
    return measures


def read(client, scorecard) -> tuple[str, list[str]]:
    url = reverse("scorecards:detail", args=[2018, scorecard.slug]) + "?period=2018-19+Q2"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in captured]


def table(html: str) -> str:
    return html[html.index("<table") : html.index("</table>")]


def reading_shown(queries: list[str]) -> list[str]:
    """The queries that read rows of figures, targets or kept ratings (not the list of
    periods, which asks whether each has a figure)."""
    return [sql for sql in queries if any(f'SELECT "{table}".' in sql for table in SHOWN_TABLES)]


@pytest.mark.django_db
def test_a_published_scorecard_read_again_comes_from_the_cache_and_reads_no_figures(
    client, council, scorecard, councillor, team_member
):
    published_scorecard(council, scorecard, team_member, 3)
    client.force_login(councillor)
    cold, cold_queries = read(client, scorecard)
    warm, warm_queries = read(client, scorecard)
    assert table(warm) == table(cold)
    assert reading_shown(cold_queries)  # the first read rates from the rows
    assert reading_shown(warm_queries) == []
    assert len(warm_queries) < len(cold_queries)


@pytest.mark.django_db
def test_a_published_scorecard_from_the_cache_makes_as_many_queries_for_3_and_13_measures(
    client, council, scorecard, councillor, team_member
):
    larger = ScorecardFactory(organisation=council, theme=scorecard.theme, slug="larger")
    small = add_measures(council, scorecard, 3, officer=team_member)
    large = add_measures(council, larger, 13, officer=team_member)
    Figure.objects.filter(measure__in=[*small, *large]).update(commentary="Explained.")
    for key in QUARTERS:
        publish_period(period(council, key), team_member)
    client.force_login(councillor)
    read(client, scorecard)
    read(client, larger)
    _, few = read(client, scorecard)
    html, many = read(client, larger)
    assert all(measure.title in html for measure in large)
    assert len(many) == len(few)
    assert reading_shown(many) == []


@pytest.mark.django_db
def test_a_correction_after_publishing_shows_at_once_though_the_page_was_cached(
    client, council, scorecard, councillor, team_member
):
    measures = published_scorecard(council, scorecard, team_member, 3)
    q2 = period(council, "2018-19 Q2")
    client.force_login(councillor)
    before, _ = read(client, scorecard)
    read(client, scorecard)  # cached now
    assert "77.3%" not in before
    correct_published_figure(
        measures[0],
        q2,
        FigureInput(Value(Decimal("77.3"), ValueType.PERCENTAGE)),
        team_member,
        "A late return",
    )
    after, queries = read(client, scorecard)
    assert "77.3%" in after
    assert "Restated after publishing: Q2 2018/19 (A late return)" in after
    assert reading_shown(queries)  # the corrected period was read again
    assert Figure.objects.get(measure=measures[0], period=q2).status == FigureStatus.PUBLISHED


@pytest.mark.django_db
def test_publishing_and_correcting_renew_the_periods_kept_version(council, scorecard, team_member):
    measures = add_measures(council, scorecard, 1, officer=team_member)
    Figure.objects.filter(measure__in=measures).update(commentary="Explained to the board.")
    q1, q2 = period(council, "2018-19 Q1"), period(council, "2018-19 Q2")
    open_version = q1.kept_version
    publish_period(q1, team_member)
    publish_period(q2, team_member)
    q1.refresh_from_db()
    q2.refresh_from_db()
    assert q1.kept_version != open_version
    published = (q1.kept_version, q2.kept_version)
    correct_published_figure(
        measures[0],
        q1,
        FigureInput(Value(Decimal(70), ValueType.PERCENTAGE)),
        team_member,
        "Miscounted",
    )
    q1.refresh_from_db()
    q2.refresh_from_db()
    # The corrected period, and the next one whose trend used the corrected figure.
    assert q1.kept_version != published[0]
    assert q2.kept_version != published[1]
