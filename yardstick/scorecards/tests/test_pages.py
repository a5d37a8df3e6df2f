from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import core_rating, period
from yardstick.scorecards.models import ExceptionNote
from yardstick.scorecards.tests.conftest import add_measures


def scorecard_url(scorecard, key="2018-19 Q2", **params):
    query = "&".join(f"{k}={v}" for k, v in {"period": key, **params}.items())
    return reverse("scorecards:detail", args=[2018, scorecard.slug]) + "?" + query


@pytest.mark.django_db
def test_scorecard_page_shows_every_measure_with_the_rating_the_core_computes(
    client, council, scorecard, councillor, directorate
):
    measures = add_measures(council, scorecard, 5, unit=directorate)
    client.force_login(councillor)
    response = client.get(scorecard_url(scorecard))
    assert response.status_code == 200
    html = response.content.decode()
    for measure in measures:
        assert measure.title in html
        rating = core_rating(measure, period(council, "2018-19 Q2"))
        assert rating.reason in html
    assert "Q2 2017/18" in html and "Q1 2018/19" in html


@pytest.mark.django_db
def test_scorecard_page_queries_do_not_grow_with_the_number_of_measures(
    client, council, scorecard, councillor
):
    """Read first (nothing cached for what the open quarter shows now) and again (cached),
    for 3 measures and for 33."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.caching import clear_caches

    def cold_and_warm() -> tuple[int, int, str]:
        clear_caches()
        with CaptureQueriesContext(connection) as cold:
            client.get(scorecard_url(scorecard))
        with CaptureQueriesContext(connection) as warm:
            response = client.get(scorecard_url(scorecard))
        assert response.status_code == 200
        return len(cold), len(warm), response.content.decode()

    add_measures(council, scorecard, 3)
    client.force_login(councillor)
    client.get(scorecard_url(scorecard))  # warm the session
    few_cold, few_warm, _ = cold_and_warm()
    add_measures(council, scorecard, 30)
    many_cold, many_warm, html = cold_and_warm()
    assert html.count('scope="row"') == 33
    assert (many_cold, many_warm) == (few_cold, few_warm)
    assert few_warm < few_cold


@pytest.mark.django_db
def test_filter_by_band_shows_only_that_band(client, council, scorecard, councillor):
    add_measures(council, scorecard, 5)
    client.force_login(councillor)
    response = client.get(scorecard_url(scorecard, band="HR"))
    html = response.content.decode()
    assert "1 of 5 measures (filtered)" in html


@pytest.mark.django_db
def test_bad_filter_values_reshow_the_form_with_a_message_not_an_error(
    client, council, scorecard, councillor
):
    add_measures(council, scorecard, 2)
    client.force_login(councillor)
    response = client.get(scorecard_url(scorecard, band="purple"))
    assert response.status_code == 200
    assert "Some filters could not be used" in response.content.decode()


@pytest.mark.django_db
def test_unknown_period_is_not_found(client, council, scorecard, councillor):
    add_measures(council, scorecard, 1)
    client.force_login(councillor)
    assert client.get(scorecard_url(scorecard, key="2030-31 Q9")).status_code == 404


@pytest.mark.django_db
def test_scorecard_pages_need_sign_in(client, council, scorecard):
    add_measures(council, scorecard, 1)
    response = client.get(scorecard_url(scorecard))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_overview_counts_each_band_per_scorecard_and_directorate(
    client, council, scorecard, councillor, directorate
):
    add_measures(council, scorecard, 5, unit=directorate)
    client.force_login(councillor)
    response = client.get(reverse("scorecards:overview") + "?period=2018-19 Q2")
    assert response.status_code == 200
    tallies = response.context["overview"]
    (card,) = tallies.scorecards
    assert card.total == 5
    assert sum(count for _, count in card.counts) + card.not_rated == 5
    (unit,) = tallies.directorates
    assert unit.title == "Resources" and unit.total == 5


@pytest.mark.django_db
def test_exception_report_lists_red_and_deteriorated_measures_and_team_can_note_one(
    client, council, scorecard, team_member
):
    measures = add_measures(council, scorecard, 5)
    client.force_login(team_member)
    url = reverse("scorecards:exceptions", args=[2018, scorecard.slug]) + "?period=2018-19 Q2"
    response = client.get(url)
    to_discuss = response.context["to_discuss"]
    assert to_discuss, "some measures are red or deteriorated"
    assert all(
        row.current.band in {"LR", "HR"} or row.trend == "deteriorated" for row in to_discuss
    )
    target = to_discuss[0]
    response = client.post(url, {"measure": target.measure_id, "reason": "Seasonal dip"})
    assert response.status_code == 302
    note = ExceptionNote.objects.get(measure_id=target.measure_id)
    assert note.reason == "Seasonal dip" and note.noted_by == team_member
    response = client.get(url)
    assert target.measure_id in {row.measure_id for row in response.context["noted"]}
    assert measures


@pytest.mark.django_db
def test_a_councillor_cannot_mark_an_exception_noted(client, council, scorecard, councillor):
    add_measures(council, scorecard, 5)
    client.force_login(councillor)
    url = reverse("scorecards:exceptions", args=[2018, scorecard.slug]) + "?period=2018-19 Q2"
    row = client.get(url).context["to_discuss"][0]
    client.post(url, {"measure": row.measure_id, "reason": "No"})
    assert not ExceptionNote.objects.exists()


@pytest.mark.django_db
def test_measure_page_shows_figures_targets_ratings_chart_and_history(
    client, council, scorecard, councillor
):
    (measure,) = add_measures(council, scorecard, 1)
    client.force_login(councillor)
    response = client.get(reverse("measures:detail", args=[measure.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "Q2 2018/19" in html and "Q2 2017/18" in html
    assert len(response.context["rows"]) == 3
    assert response.context["changes"], "the history lists the changes"


@pytest.mark.django_db
def test_another_councils_measure_is_not_found(client, council, other_council, councillor):
    from tests.factories import MeasureFactory

    theirs = MeasureFactory(organisation=other_council, code="X1")
    client.force_login(councillor)
    assert client.get(reverse("measures:detail", args=[theirs.code])).status_code == 404


@pytest.mark.django_db
def test_the_period_chooser_shows_the_period_the_page_shows(client, council, scorecard, councillor):
    """Opened without a period, the page shows the latest published one (Q1, with Q2 still
    open) and its chooser says so, not the first in its list."""
    from yardstick.framework.models import Period

    add_measures(council, scorecard, 1)
    Period.objects.filter(key="2018-19 Q1").update(status="published")
    client.force_login(councillor)
    url = reverse("scorecards:detail", args=[2018, scorecard.slug])
    response = client.get(url)
    assert response.context["period"].key == "2018-19 Q1"
    assert response.context["form"]["period"].value() == "2018-19 Q1"
    assert '<option value="2018-19 Q1" selected>' in response.content.decode()


@pytest.mark.django_db
def test_this_period_only_leaves_out_last_year_and_the_previous_period(
    client, council, scorecard, councillor, directorate
):
    """Issue 15 (phones): the scorecard links to a view of the period's own columns; its rows
    keep each measure's current target, actual and rating, and the filters carry it on."""
    import re

    add_measures(council, scorecard, 3, unit=directorate)
    client.force_login(councillor)
    full = client.get(scorecard_url(scorecard, band="HR")).content.decode()
    assert 'href="?period=2018-19+Q2&amp;band=HR&amp;columns=period">This period only' in full
    narrow = client.get(scorecard_url(scorecard, band="HR", columns="period")).content.decode()
    assert "Show all three periods" in narrow
    assert '<option value="period" selected>This period only</option>' in narrow

    def header_and_cells(html: str) -> tuple[list[str], int]:
        table = html[html.index('<table class="scorecard-table') :]
        table = table[: table.index("</table>")]
        headers = re.findall(r'<th scope="colgroup"[^>]*>([^<]*)</th>', table)
        row = table[table.index("<tbody>") :]
        row = row[: row.index("</tr>", row.index('<th scope="row"'))]
        return headers, row.count("<td")

    assert header_and_cells(full) == (["Q2 2017/18", "Q1 2018/19", "Q2 2018/19"], 14 - 1)
    assert header_and_cells(narrow) == (["Q2 2018/19"], 14 - 1 - 6)


@pytest.mark.django_db
def test_a_bad_columns_value_reshows_the_form_and_every_column(
    client, council, scorecard, councillor
):
    add_measures(council, scorecard, 1)
    client.force_login(councillor)
    response = client.get(scorecard_url(scorecard, columns="x" * 500))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters could not be used" in html
    assert "Q1 2018/19" in html
