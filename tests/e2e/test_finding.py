"""Finding things on a phone (issue 15, "Done when"): a councillor at 390 px finds a measure
by the header's search, follows an overview count to its measures, filters a scorecard to all
reds, opens a directorate scorecard and the plan page; no page scrolls sideways and axe-core
finds nothing on any of them (the council-wide exception report and the changes report too)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from tests.e2e.test_scorecard_pages import (  # the scorecard fixture: five measures
    PASSWORD,
    PERIOD,
    councillor,
    scorecard,  # noqa: F401
)
from tests.factories import PlanFactory
from yardstick.framework.models import PlanKind
from yardstick.organisations.models import OrganisationUnit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px wide"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    yield context.new_page()
    context.close()


def test_a_councillor_finds_their_way_on_a_phone(
    live_server,
    phone,
    council,
    scorecard,  # noqa: F811 (the fixture imported above)
):
    page = phone
    corporate = scorecard.theme.plan
    corporate.first_year, corporate.last_year = 2018, 2021
    corporate.save()
    resources = OrganisationUnit.objects.get(code="RES")
    PlanFactory(
        organisation=council,
        kind=PlanKind.DIRECTORATE,
        title="Resources service improvement plan",
        parent=corporate,
        unit=resources,
    )
    councillor(council)
    sign_in(page, live_server, "cllr", PASSWORD)

    # Search from the header.
    page.goto(f"{live_server.url}{reverse('scorecards:overview')}?period={PERIOD}")
    fits(page)
    check_accessibility(page, "finding-overview-phone")
    search = page.get_by_role("search")
    search.get_by_label("Search measures").fill("Measure")
    search.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/measures/\?q=Measure"))
    results = page.get_by_role("table", name=re.compile("Measures"))
    assert results.get_by_role("rowheader").count() == 5
    fits(page)
    check_accessibility(page, "finding-search-phone")

    # The A-Z.
    page.get_by_role("navigation", name="Measures A to Z").get_by_role("link", name="M").click()
    page.wait_for_url(re.compile(r"letter=M"))
    assert (
        page.get_by_role("table", name=re.compile("Measures")).get_by_role("rowheader").count() == 5
    )

    # An overview count leads to exactly the measures it counts.
    page.goto(f"{live_server.url}{reverse('scorecards:overview')}?period={PERIOD}")
    row = page.get_by_role("table", name="Ratings by scorecard").get_by_role(
        "row", name=re.compile("Build a Better Borough")
    )
    deteriorated = row.get_by_role("cell").nth(10)  # 8 bands, not rated, improved, deteriorated
    count = int(deteriorated.inner_text())
    deteriorated.get_by_role("link").click()
    page.wait_for_url(re.compile(r"trend=deteriorated"))
    table = page.get_by_role("table", name=re.compile("Measures"))
    assert table.get_by_role("rowheader").count() == count
    fits(page)
    check_accessibility(page, "finding-overview-count-phone")

    # All reds on the scorecard.
    page.goto(
        f"{live_server.url}"
        f"{reverse('scorecards:detail', args=[2018, scorecard.slug])}?period={PERIOD}"
    )
    page.get_by_role("link", name="All reds").click()
    page.wait_for_url(re.compile(r"band=LR&band=HR"))
    assert page.locator("#scorecard-table .table-count").inner_text() == (
        "2 of 5 measures (filtered)."
    )
    assert page.get_by_role("checkbox", name="LR Low Red").is_checked()
    fits(page)
    check_accessibility(page, "finding-all-reds-phone")

    # The plan page, and from it the directorate's scorecard.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Plans").click()
    page.wait_for_url(re.compile(r"/plans/"))
    assert page.get_by_text("2018/19 to 2021/22").count() == 1
    fits(page)
    check_accessibility(page, "finding-plans-phone")
    page.get_by_role("link", name=re.compile("scorecard of its 3 measures")).click()
    page.wait_for_url(re.compile(r"/units/RES/scorecard/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Resources"), use_inner_text=True
    )
    assert page.locator("table.scorecard-table tbody tr").count() == 3
    fits(page)
    check_accessibility(page, "finding-directorate-phone")

    # The council-wide exception report and the year's changes.
    page.goto(f"{live_server.url}{reverse('scorecards:council_exceptions')}?period={PERIOD}")
    assert page.get_by_role("heading", level=2, name=re.compile("Resources")).count() == 1
    fits(page)
    check_accessibility(page, "finding-exceptions-phone")
    page.goto(f"{live_server.url}{reverse('scorecards:changes')}")
    assert page.get_by_role("link", name=re.compile("Download as CSV")).count() == 1
    fits(page)
    check_accessibility(page, "finding-changes-phone")
