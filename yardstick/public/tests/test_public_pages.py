"""The public pages: published figures only, no sign-in, under the Open Government Licence."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import ScorecardFactory
from yardstick.measures.models import Measure
from yardstick.public.tests.data import PUBLISHED_VALUE, UNPUBLISHED_VALUES

pytestmark = pytest.mark.django_db


def scorecard_url(council, scorecard, name="public:scorecard") -> str:
    return reverse(name, args=[council.slug, scorecard.financial_year, scorecard.slug])


def test_the_index_lists_every_organisation(client, council, other_council):
    response = client.get(reverse("public:index"))
    assert response.status_code == 200
    assert reverse("public:organisation", args=[council.slug]) in response.content.decode()
    assert reverse("public:organisation", args=[other_council.slug]) in response.content.decode()


def test_the_organisation_page_lists_scorecards_with_their_latest_published_period(
    client, council, public_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("public:organisation", args=[council.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Build a Better Borough" in page
    assert "2018/19: latest published Q1 2018/19" in page
    assert scorecard_url(council, public_data.scorecard) in page


def test_the_organisation_page_leaves_out_years_with_nothing_published(client, council):
    ScorecardFactory(organisation=council, title="Nothing published", financial_year=2019)
    page = client.get(reverse("public:organisation", args=[council.slug])).content.decode()
    assert "Nothing published" not in page
    assert "has not published any figures yet" in page


def test_the_scorecard_shows_the_latest_published_period_to_anyone(client, council, public_data):
    response = client.get(scorecard_url(council, public_data.scorecard))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Build a Better Borough: Q1 2018/19" in page
    assert f"{PUBLISHED_VALUE}%" in page
    assert "Open Government Licence v3.0" in page
    assert "published figures for 2018/19 (CSV)" in page


@pytest.mark.parametrize("stage", sorted(UNPUBLISHED_VALUES))
def test_the_scorecard_never_shows_an_unpublished_figure(client, council, public_data, stage):
    page = client.get(scorecard_url(council, public_data.scorecard)).content.decode()
    assert UNPUBLISHED_VALUES[stage] not in page
    assert "Q2 2018/19" not in page


def test_a_draft_left_in_a_published_period_never_reaches_the_public(client, council, public_data):
    page = client.get(scorecard_url(council, public_data.scorecard)).content.decode()
    assert UNPUBLISHED_VALUES["draft left in the published period"] not in page


def test_the_scorecard_needs_no_sign_in_and_shows_no_internal_links(client, council, public_data):
    page = client.get(scorecard_url(council, public_data.scorecard)).content.decode()
    assert reverse("measures:detail", args=["M-PUB"]) not in page
    assert "About 61.5" not in page  # commentary stays on the internal pages


def test_a_scorecard_with_nothing_published_says_so(client, council):
    scorecard = ScorecardFactory(organisation=council, financial_year=2018, slug="empty")
    response = client.get(scorecard_url(council, scorecard))
    assert response.status_code == 200
    assert "No figures on this scorecard have been published yet." in response.content.decode()
    assert client.get(scorecard_url(council, scorecard, "public:scorecard_csv")).status_code == 404


def test_another_organisations_scorecard_is_not_found_under_this_one(
    client, council, other_council, public_data
):
    url = reverse(
        "public:scorecard",
        args=[other_council.slug, public_data.scorecard.financial_year, public_data.scorecard.slug],
    )
    assert client.get(url).status_code == 404


def test_the_csv_holds_the_published_figures_under_the_open_government_licence(
    client, council, public_data
):
    response = client.get(scorecard_url(council, public_data.scorecard, "public:scorecard_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'rel="license"' in response["Link"]
    text = response.getvalue().decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    published = [row for row in rows if row["Measure code"] == "M-PUB"]
    assert [(row["Period"], row["Actual"]) for row in published] == [
        ("Q1 2018/19", f"{PUBLISHED_VALUE}%")
    ]
    assert {row["Licence"] for row in rows} == {"Open Government Licence v3.0"}
    for stage in ("approved, not yet published", "draft in the open period", "submitted"):
        assert UNPUBLISHED_VALUES[stage] not in text


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, council, public_data):
    """core.cells.neutralise: a quote before a cell that would run ('-1+1|cmd' once slipped
    through); a plain number such as -10% stays a number."""
    Measure.objects.filter(pk=public_data.published.pk).update(title="-1+1|cmd|' /C calc'!A0")
    Measure.objects.filter(pk=public_data.late.pk).update(title='=HYPERLINK("http://x","y")')
    response = client.get(scorecard_url(council, public_data.scorecard, "public:scorecard_csv"))
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    titles = {row["Measure code"]: row["Measure"] for row in rows}
    assert titles["M-PUB"] == "'-1+1|cmd|' /C calc'!A0"
    assert titles["M-LATE"] == '\'=HYPERLINK("http://x","y")'
    assert "M-SUB" not in titles  # nothing of it was published: no row
    assert {row["Scorecard"] for row in rows} == {"Build a Better Borough"}  # plain text stays
    starts = ("=", "+", "-", "@", "\t", "\r")
    assert not [cell for row in rows for cell in row.values() if cell.startswith(starts)]
