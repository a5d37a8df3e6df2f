"""Benchmarking in real Chromium: the measure page's "How we compare" with the table behind
it and the chart's comparator band, and a scorecard's benchmarking columns, checked with
axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from tests.factories import (
    OrganisationFactory,
    ScorecardEntryFactory,
    ScorecardFactory,
    period,
)
from yardstick.accounts.models import Role
from yardstick.dataquality.tests.conftest import figure, measure, person
from yardstick.framework.models import PeriodStatus
from yardstick.measures.models import (
    ComparatorGroup,
    ComparatorMember,
    ComparatorValue,
    FigureStatus,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
KEYS = ["2018-19 Q1", "2018-19 Q2"]
AREAS = {"E09000003": "Barnet", "E09000004": "Bexley", "E09000005": "Brent", "E09000006": "Bromley"}


@pytest.fixture
def council():
    council = OrganisationFactory(
        name="Harrow Test Council", slug="harrow-test", area_code="E09000015"
    )
    group = ComparatorGroup.objects.create(organisation=council, code="london", name="London")
    for code, name in AREAS.items():
        ComparatorMember.objects.create(group=group, area_code=code, area_name=name)
    ni155 = measure(council, "NI 155", value_type="number", polarity="lower")
    scorecard = ScorecardFactory(organisation=council, slug="compared", compare_with=group)
    ScorecardEntryFactory(scorecard=scorecard, measure=ni155, number="1")
    for key, own, others in zip(
        KEYS, ["44", "45"], [["40", "50", "60", "70"], ["10", "20", "30", "50"]], strict=True
    ):
        quarter = period(council, key)
        quarter.status = PeriodStatus.PUBLISHED
        quarter.save()
        figure(ni155, quarter, own, status=FigureStatus.PUBLISHED)
        for (code, name), amount in zip(AREAS.items(), others, strict=True):
            ComparatorValue.objects.create(
                measure=ni155,
                period_key=key,
                area_code=code,
                area_name=name,
                value=Decimal(amount),
                source="LG Inform metric 1",
                taken_on=date(2019, 1, 15),
            )
    person(council, "tom", Role.PERFORMANCE_TEAM, first_name="Tom", last_name="Team")
    return council


def test_the_measure_page_says_how_we_compare(live_server, page, council):
    sign_in(page, live_server, "tom", PASSWORD)
    page.goto(f"{live_server.url}{reverse('measures:detail', args=['NI 155'])}")
    section = page.get_by_role("region", name="How we compare")
    # Lower is better: 10, 20, 30, 45 (ours), 50.
    expect(section).to_contain_text(
        "4th of 5, lower middle quartile in London", use_inner_text=True
    )
    page.get_by_text("London: every area's figure, Q2 2018/19 (5)").click()
    table = section.get_by_role(
        "table", name="London: each area's figure for Q2 2018/19, best first"
    )
    expect(table).to_be_visible()
    assert table.get_by_role("rowheader").all_inner_texts()[:4] == [
        "Barnet",
        "Bexley",
        "Brent",
        "Harrow Test Council Us",
    ]
    expect(page.locator("svg.chart-svg rect[stroke-dasharray]")).to_have_count(2)
    check_accessibility(page, "measure-how-we-compare")


def test_the_scorecard_shows_the_benchmarking_columns(live_server, page, council):
    sign_in(page, live_server, "tom", PASSWORD)
    url = reverse("scorecards:detail", args=[2018, "compared"])
    page.goto(f"{live_server.url}{url}?period=2018-19+Q2")
    table = page.get_by_role("table").first
    expect(table).to_contain_text("Compared with London, Q2 2018/19", use_inner_text=True)
    expect(table).to_contain_text("4th of 5", use_inner_text=True)
    check_accessibility(page, "scorecard-benchmarking-columns")
