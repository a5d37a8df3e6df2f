"""The measure page's breadcrumb runs through the scorecard the measure is on: the one the
reader names, else the latest year's corporate scorecard."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import MeasureFactory, ScorecardEntryFactory, ScorecardFactory

pytestmark = pytest.mark.django_db


def crumbs(client, measure, query="") -> str:
    html = client.get(reverse("measures:detail", args=[measure.code]) + query).content.decode()
    return html[html.index('<nav class="breadcrumbs"') : html.index("</nav>", html.index("crumbs"))]


def test_the_breadcrumb_runs_through_the_measures_scorecard(council, performance_officer, client):
    measure = MeasureFactory(organisation=council, code="BMBBF-02")
    old = ScorecardFactory(organisation=council, financial_year=2017, slug="old", title="Old card")
    theme = ScorecardFactory(
        organisation=council, financial_year=2018, slug="t", title="A theme card", kind="theme"
    )
    corporate = ScorecardFactory(
        organisation=council,
        financial_year=2018,
        slug="c",
        title="Corporate card",
        kind="corporate",
    )
    for card in (old, theme, corporate):
        ScorecardEntryFactory(scorecard=card, measure=measure)
    client.force_login(performance_officer)

    nav = crumbs(client, measure)
    card_url = reverse("scorecards:detail", args=[2018, "c"])
    assert f'<a href="{card_url}">Corporate card</a> › <span aria-current="page">BMBBF-02' in nav
    assert "Overview</a>" in nav
    chosen = crumbs(client, measure, f"?scorecard={theme.pk}")
    assert "A theme card</a>" in chosen and "Corporate card" not in chosen
    ignored = crumbs(client, measure, "?scorecard=nonsense")
    assert "Corporate card</a>" in ignored


def test_a_measure_on_no_scorecard_goes_straight_to_the_overview(
    council, performance_officer, client
):
    measure = MeasureFactory(organisation=council, code="LONE-1")
    client.force_login(performance_officer)
    nav = crumbs(client, measure)
    assert 'Overview</a> › <span aria-current="page">LONE-1</span>' in nav
