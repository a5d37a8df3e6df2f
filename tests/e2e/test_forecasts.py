"""Year-end forecasts in real Chromium: the measure page's forecasts beside the owner's, the
entry form's forecast box, and a scorecard's Forecast column, checked with axe-core (WCAG 2.2
AA)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from tests.factories import OrganisationFactory, ScorecardEntryFactory, ScorecardFactory, period
from yardstick.accounts.models import Role
from yardstick.core.targets import Target, TargetKind
from yardstick.dataquality.tests.conftest import figure, measure, person
from yardstick.framework.models import PeriodStatus
from yardstick.measures.models import FigureStatus
from yardstick.measures.services import TargetRow, set_targets

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def council():
    council = OrganisationFactory(name="Harrow Test Council", slug="harrow-test")
    tom = person(council, "tom", Role.PERFORMANCE_TEAM, first_name="Tom", last_name="Team")
    homes = measure(
        council,
        "BBH-05",
        value_type="number",
        polarity="higher",
        collection_type="cumulative",
    )
    for key, amount in {"2017-18 Q2": "50", "2017-18 Q4": "120", "2018-19 Q1": "20"}.items():
        quarter = period(council, key)
        quarter.status = PeriodStatus.PUBLISHED
        quarter.save()
        figure(homes, quarter, amount, status=FigureStatus.PUBLISHED)
    figure(
        homes,
        period(council, "2018-19 Q2"),
        "40",
        status=FigureStatus.APPROVED,
        forecast=Decimal(70),
        forecast_reason="Two schemes slipped into April.",
    )
    year = period(council, "FY 2018-19")
    set_targets(
        [TargetRow(homes, year, Target(TargetKind.VALUE, value=Decimal(100)))], tom, reason="Set"
    )
    scorecard = ScorecardFactory(organisation=council, slug="forecast", show_forecast=True)
    ScorecardEntryFactory(scorecard=scorecard, measure=homes, number="1")
    return council


def test_the_forecasts_on_the_measure_page_entry_form_and_scorecard(live_server, page, council):
    sign_in(page, live_server, "tom", PASSWORD)
    page.goto(f"{live_server.url}{reverse('measures:detail', args=['BBH-05'])}")
    section = page.get_by_role("region", name="Year-end forecast, 2018/19")
    text = section.inner_text()
    assert "80 by March at the run rate of the first two quarters" in text
    assert "96 by March if the rest of the year goes as last year" in text
    assert "Two schemes slipped into April." in text
    check_accessibility(page, "forecast-measure")

    homes = council.measures.get(code="BBH-05")
    q2 = period(council, "2018-19 Q2")
    page.goto(f"{live_server.url}{reverse('collection:entry', args=[homes.pk, q2.pk])}")
    page.get_by_label("Figure", exact=True).fill("60")
    expect(page.locator("#forecast-preview")).to_contain_text("120 by March")
    check_accessibility(page, "forecast-entry")

    url = reverse("scorecards:detail", args=[2018, "forecast"])
    page.goto(f"{live_server.url}{url}?period=2018-19 Q2")
    expect(page.get_by_role("table").first).to_contain_text(
        "Run rate to date: 80", use_inner_text=True
    )
    check_accessibility(page, "forecast-scorecard")
