"""Phones and accessibility (issue 15, "Done when"): on a 390 x 844 screen, in the demo
council, a councillor finds a measure by search, follows an overview count to its measures,
filters a scorecard to all reds (and to this period only), and opens the plan page and a
directorate scorecard from it; then the main pages are crawled as a councillor and as the
performance team, the administration and the import pages included. On every page the
document never scrolls sideways (document.scrollingElement.scrollWidth <= innerWidth: each
wide table scrolls inside its own region) and axe-core finds nothing.

Bounded: the crawls take at most a set number of pages, one of each shape."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.crawl import Fetched, crawl
from tests.e2e.conftest import check_accessibility, sign_in
from yardstick.demo.loader import load_demo
from yardstick.demo.people import password_for
from yardstick.measures.models import Measure
from yardstick.meetings.models import Body

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
FILES = re.compile(r"\.(csv|xlsx|docx|pdf|json|html)$|/export/|/download|/history/")


@pytest.fixture
def demo():
    return load_demo()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    yield context.new_page()
    context.close()


def fits(page) -> None:
    """The page does not scroll sideways: anything wider scrolls inside its own region."""
    wide, screen = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert screen == PHONE["width"]
    assert wide <= screen, f"{page.url} scrolls sideways: {wide}px on a {screen}px screen"


def name_of(path: str) -> str:
    return "phone" + re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")[:80]


class PhoneFetcher:
    """The crawler's fetcher in Chromium at 390 px: each page must fit and pass axe-core."""

    def __init__(self, page, base_url: str, who: str) -> None:
        self.page, self.base_url, self.who = page, base_url, who

    def get(self, path: str) -> Fetched:
        response = self.page.goto(self.base_url + path)
        if response.ok:
            fits(self.page)
            check_accessibility(self.page, f"{self.who}-{name_of(path)}")
        return Fetched(path, response.status, response.all_headers(), self.page.content().encode())


def test_a_councillor_on_a_phone_finds_a_measure_a_count_the_reds_and_the_plans(
    demo, live_server, phone
):
    page = phone
    sign_in(page, live_server, "joseph", password_for("joseph"))

    # A measure by the header's search.
    page.goto(f"{live_server.url}/overview/")
    fits(page)
    search = page.get_by_role("search")
    search.get_by_label("Search measures").fill("recycl")
    search.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/measures/\?q=recycl"))
    found = page.get_by_role("table", name=re.compile("Measures")).get_by_role("rowheader")
    assert found.count() >= 1
    fits(page)
    check_accessibility(page, "phone-journey-search")
    found.first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/measures/[^/?]+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "recycl", ignore_case=True, use_inner_text=True
    )
    fits(page)
    check_accessibility(page, "phone-journey-measure")

    # An overview count leads to exactly the measures it counts.
    page.goto(f"{live_server.url}/overview/")
    table = page.get_by_role("table", name="Ratings by scorecard")
    link = table.locator("td a", has_text=re.compile(r"^[1-9]")).first  # a count of some
    count = int(link.inner_text())
    assert count > 0
    link.click()
    page.wait_for_url(re.compile(r"/measures/\?"))
    assert (
        page.get_by_role("table", name=re.compile("Measures")).get_by_role("rowheader").count()
        == count
    )
    fits(page)
    check_accessibility(page, "phone-journey-count")

    # A scorecard filtered to all reds, then to this period only.
    page.goto(f"{live_server.url}/overview/")
    page.get_by_role("table", name="Ratings by scorecard").locator("th a").first.click()
    page.wait_for_url(re.compile(r"/scorecards/\d+/"))
    fits(page)
    page.get_by_role("link", name="All reds").click()
    page.wait_for_url(re.compile(r"band=LR&band=HR&band=R"))
    expect(page.locator("#scorecard-table .table-count")).to_contain_text(
        "(filtered)", use_inner_text=True
    )
    for code in ("LR", "HR", "R"):
        assert page.get_by_role("checkbox", name=re.compile(f"^{code} ")).is_checked()
    fits(page)
    check_accessibility(page, "phone-journey-reds")
    page.get_by_role("link", name="This period only").click()
    page.wait_for_url(re.compile(r"columns=period"))
    expect(page.locator("#scorecard-table .table-count")).to_contain_text(
        "(filtered)", use_inner_text=True
    )
    headers = page.get_by_role("table", name=re.compile("targets, actuals and ratings"))
    assert headers.get_by_role("columnheader", name="Target", exact=True).count() == 1
    fits(page)
    check_accessibility(page, "phone-journey-this-period")

    # The plan page, and from it a directorate's scorecard.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Plans").click()
    page.wait_for_url(re.compile(r"/plans/"))
    fits(page)
    check_accessibility(page, "phone-journey-plans")
    page.get_by_role("link", name=re.compile(r"scorecard of its \d+ measures")).first.click()
    page.wait_for_url(re.compile(r"/units/[^/]+/scorecard/"))
    assert page.locator("table.scorecard-table tbody tr").count() >= 1
    fits(page)
    check_accessibility(page, "phone-journey-directorate")


def crawled(page, live_server, username: str, starts: list[str], pages: int) -> None:
    result = crawl(
        PhoneFetcher(page, live_server.url, username),
        starts,
        max_pages=pages,
        per_shape=1,
        skip=lambda path: "a file" if FILES.search(path) else None,
    )
    assert len(result.pages) == pages
    assert result.problems == []


def test_every_page_fits_a_phone_and_passes_axe_the_administration_and_imports_too(
    demo, live_server, phone
):
    """The main pages as a councillor, then as the performance team; the administration
    (lists and forms: autocomplete boxes, dates and times, inlines); an import's preview
    with a problem in its file."""
    page = phone
    sign_in(page, live_server, "joseph", password_for("joseph"))
    crawled(page, live_server, "joseph", ["/", "/overview/", "/plans/", "/reports/"], 16)
    page.context.clear_cookies()
    sign_in(page, live_server, "priya", password_for("priya"))
    crawled(page, live_server, "priya", ["/", "/collection/publish/", "/data-quality/"], 12)
    measure = Measure.objects.filter(organisation=demo.organisation).order_by("id").first()
    body = Body.objects.filter(organisation=demo.organisation).order_by("id").first()
    forms = [
        f"/admin/measures/measure/{measure.pk}/change/",
        f"/admin/meetings/body/{body.pk}/change/",
    ]
    crawled(page, live_server, "priya", ["/admin/", *forms], 20)
    page.goto(live_server.url + forms[1])  # the autocomplete box is named by its label
    page.get_by_role("combobox", name=re.compile("^Chair")).wait_for()

    page.goto(f"{live_server.url}/imports/")
    fits(page)
    check_accessibility(page, "phone-imports")
    page.get_by_label("What the file holds").select_option("figures")
    page.get_by_label("File", exact=True).set_input_files(
        {
            "name": "figures.csv",
            "mimeType": "text/csv",
            "buffer": b"measure,period,actual\nBBH-26,2018-19 Q3,12\nNO-SUCH,2018-19 Q3,1\n",
        }
    )
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url("**/imports/*/")
    page.get_by_text("NO-SUCH").first.wait_for()
    fits(page)
    check_accessibility(page, "phone-import-preview")
