"""A scorecard's and the overview's own part is kept in the cache under the content token
(scorecards/kept.py, organisations/content.py) and never read after a write that changes it:
in this worker at once, in every other worker once the write commits. Each test reads a page
until its part comes from the cache, writes, and reads again."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import period
from yardstick.collection.services import publish_period
from yardstick.core.values import Value, ValueType
from yardstick.measures.models import Figure, FigureStatus
from yardstick.measures.services import FigureInput, record_figure
from yardstick.organisations import content
from yardstick.organisations.content import TABLE
from yardstick.scorecards import kept as kept_parts
from yardstick.scorecards.models import ScorecardEntry
from yardstick.scorecards.tests.conftest import QUARTERS, add_measures

pytestmark = pytest.mark.django_db

PAGE = "?period=2018-19+Q2"
# What a scorecard or the overview is made from, read only when the part is made.
MADE_FROM = ("scorecards_scorecardentry", "measures_historicalfigure")


@pytest.fixture
def measures(council, scorecard, team_member):
    made = add_measures(council, scorecard, 3, officer=team_member)
    Figure.objects.filter(measure__in=made).update(commentary="Explained to the board.")
    for key in QUARTERS[:-1]:
        publish_period(period(council, key), team_member)
    return made


def get(client, url, **headers) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in captured]


def main(html: str) -> str:
    """What is inside <main>: the part (around it, the sign-out form's CSRF token changes
    with every request, as it should)."""
    return html[html.index("<main") : html.index("</main>")]


def scorecard_url(scorecard) -> str:
    return reverse("scorecards:detail", args=[2018, scorecard.slug]) + PAGE


def kept(client, url, **headers) -> str:
    """The page, once its part comes from the cache: the second read reads neither the
    scorecards' measures nor, for the open quarter, what was written in it."""
    get(client, url, **headers)
    html, queries = get(client, url, **headers)
    assert not [sql for sql in queries if any(table in sql for table in MADE_FROM)]
    return html


def test_the_second_read_of_a_scorecard_reads_no_scorecard_entry_or_measure(
    client, scorecard, councillor, measures
):
    client.force_login(councillor)
    cold, cold_queries = get(client, scorecard_url(scorecard))
    warm, warm_queries = get(client, scorecard_url(scorecard))
    assert main(warm) == main(cold)
    assert any("scorecards_scorecardentry" in sql for sql in cold_queries)
    assert not any("scorecards_scorecardentry" in sql for sql in warm_queries)
    assert [sql for sql in warm_queries if TABLE in sql]  # the token, read each time
    assert len(warm_queries) < len(cold_queries)


def test_renaming_a_measure_shows_at_once(client, scorecard, councillor, measures):
    client.force_login(councillor)
    assert "Homes made warm" not in kept(client, scorecard_url(scorecard))
    measures[0].title = "Homes made warm"
    measures[0].save()
    assert "Homes made warm" in get(client, scorecard_url(scorecard))[0]


def test_a_measure_taken_off_the_scorecard_goes_at_once(client, scorecard, councillor, measures):
    client.force_login(councillor)
    assert measures[0].title in kept(client, scorecard_url(scorecard))
    ScorecardEntry.objects.filter(scorecard=scorecard, measure=measures[0]).delete()
    assert measures[0].title not in get(client, scorecard_url(scorecard))[0]


def test_the_overview_counts_a_figure_approved_at_once(
    client, council, scorecard, councillor, team_member, measures
):
    client.force_login(councillor)
    url = reverse("scorecards:overview") + PAGE
    before = kept(client, url)
    Figure.objects.filter(measure=measures[0], period=period(council, "2018-19 Q2")).delete()
    assert main(get(client, url)[0]) != main(before)  # a figure fewer: the counts move
    record_figure(
        measures[0],
        period(council, "2018-19 Q2"),
        FigureInput(Value(Decimal("49"), ValueType.PERCENTAGE)),
        team_member,
        status=FigureStatus.APPROVED,
    )
    assert main(get(client, url)[0]) == main(before)


def test_the_htmx_table_and_the_page_are_kept_apart(client, scorecard, councillor, measures):
    client.force_login(councillor)
    page = kept(client, scorecard_url(scorecard))
    fragment = kept(client, scorecard_url(scorecard), HTTP_HX_REQUEST="true")
    assert page.startswith("<!doctype html>")
    assert "<html" not in fragment and "measures." in fragment
    assert main(kept(client, scorecard_url(scorecard))) == main(page)


def test_another_workers_write_shows_once_it_renews_the_token_row(
    client, scorecard, councillor, measures
):
    """Another worker's write is not seen by this process's watch: this process reads it
    afresh once the token row is renewed, as that worker does when its write commits."""
    client.force_login(councillor)
    assert "Homes made warm" not in kept(client, scorecard_url(scorecard))
    connection.execute_wrappers.remove(content._watch)
    try:  # written as another process would, unseen here
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE measures_measure SET title = %s WHERE id = %s",
                ["Homes made warm", measures[0].pk],
            )
    finally:
        connection.execute_wrappers.insert(0, content._watch)
    assert "Homes made warm" not in get(client, scorecard_url(scorecard))[0]  # still kept
    content._renew(connection.alias)  # that worker's commit
    assert "Homes made warm" in get(client, scorecard_url(scorecard))[0]


def test_a_large_part_is_kept_compressed_and_reads_back_the_same(
    client, scorecard, councillor, measures, monkeypatch
):
    monkeypatch.setattr(kept_parts, "COMPRESS_OVER", 1000)
    client.force_login(councillor)
    cold, _ = get(client, scorecard_url(scorecard))
    (entry,) = list(caches["parts"]._cache.values())  # LocMemCache keeps pickles
    assert pickle.loads(entry)[1][:2] == b"\x78\x01"  # zlib, its fastest level
    assert main(kept(client, scorecard_url(scorecard))) == main(cold)


def test_parts_are_kept_apart_from_the_rows_and_summaries(client, scorecard, councillor, measures):
    client.force_login(councillor)
    kept(client, scorecard_url(scorecard))
    caches["parts"].clear()
    _, queries = get(client, scorecard_url(scorecard))
    assert [sql for sql in queries if "scorecards_scorecardentry" in sql]  # made again
    assert not [sql for sql in queries if "measures_reportedrating" in sql]  # its rows kept


def test_going_back_htmx_asks_for_the_whole_page_and_gets_it(
    client, scorecard, councillor, measures
):
    """A history restore (the Back button, to a filtered table htmx no longer holds) sends
    HX-Request with HX-History-Restore-Request: it wants the page, not the table alone."""
    client.force_login(councillor)
    fragment = kept(client, scorecard_url(scorecard), HTTP_HX_REQUEST="true")
    restored = kept(
        client,
        scorecard_url(scorecard),
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" not in fragment
    assert restored.startswith("<!doctype html>") and "<h1>" in restored
