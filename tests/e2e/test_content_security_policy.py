"""The pages under the Content-Security-Policy, in real Chromium. The crawler
(tests/crawl.py) drives the browser through the demo council as the performance team,
htmx is exercised on the scorecard filter and the entry form's live rating, and the error
pages are opened; any violation Chromium reports (a `securitypolicyviolation` event or a
console error) fails the test. Screenshots go to var/screenshots/."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.crawl import Fetched, crawl
from tests.e2e.conftest import SCREENSHOTS, check_accessibility, sign_in
from tests.factories import UserFactory
from yardstick.demo.loader import load_demo
from yardstick.demo.people import password_for
from yardstick.framework.models import Period, PeriodStatus
from yardstick.measures.models import Figure, FigureStatus
from yardstick.scorecards.models import Scorecard

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Runs before any script of each page: keeps every violation the page reports.
LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""
FILES = re.compile(r"\.(csv|xlsx|docx|pdf|json)$|/export/")


class BrowserFetcher:
    """The crawler's fetcher in Chromium: each page is a navigation, and the Content-Security-
    Policy violations and console errors it causes are kept in `violations`."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.violations: list[str] = []
        page.context.add_init_script(LISTENER)
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.violations.append(f"{page.url}: {error}"))

    def console(self, message) -> None:
        # Chromium reports each refusal on the console too ("Refused to apply inline style
        # because it violates the following Content Security Policy directive ...").
        if message.type == "error" and "Content Security Policy" in message.text:
            self.violations.append(f"{self.page.url}: console: {message.text}")

    def check(self) -> None:
        for violation in self.page.evaluate("window.__cspViolations || []"):
            self.violations.append(f"{self.page.url}: {violation}")

    def get(self, path: str) -> Fetched:
        response = self.page.goto(self.base_url + path)
        self.check()
        return Fetched(path, response.status, response.all_headers(), self.page.content().encode())


@pytest.fixture
def demo():
    return load_demo()


def test_the_demo_in_chromium_breaks_no_rule_of_the_policy_as_the_performance_team(
    demo, live_server, page
):
    sign_in(page, live_server, "priya", password_for("priya"))
    browser = BrowserFetcher(page, live_server.url)
    result = crawl(
        browser,
        ["/", "/overview/", "/admin/"],
        max_pages=35,
        per_shape=1,
        skip=lambda path: "a file" if FILES.search(path) else None,
    )
    assert len(result.pages) == 35
    assert result.problems == []
    assert browser.violations == []


def test_htmx_works_under_the_policy_on_the_scorecard_filter_and_the_live_rating(
    demo, live_server, page
):
    browser = BrowserFetcher(page, live_server.url)
    sign_in(page, live_server, "priya", password_for("priya"))
    card = Scorecard.objects.filter(organisation=demo.organisation).order_by("id").first()
    browser.get(reverse("scorecards:detail", args=[card.financial_year, card.slug]))
    with page.expect_response(lambda response: "band=" in response.url) as filtered:
        page.get_by_role("checkbox", name="HR High Red").check()
    assert filtered.value.request.headers.get("hx-request") == "true"
    page.screenshot(path=str(SCREENSHOTS / "csp-scorecard-filtered.png"), full_page=True)
    browser.check()

    open_period = Period.objects.get(
        organisation=demo.organisation, status=PeriodStatus.OPEN, type="quarter"
    )
    draft = (
        Figure.objects.filter(
            period=open_period, status=FigureStatus.DRAFT, measure__owner__username="tom"
        )
        .select_related("measure")
        .first()
    )
    page.context.clear_cookies()
    sign_in(page, live_server, "tom", password_for("tom"))
    browser.get(reverse("collection:entry", args=[draft.measure_id, open_period.id]))
    with page.expect_response(lambda response: response.request.method == "POST") as preview:
        page.get_by_label(re.compile(r"^Figure")).first.fill("1")
    assert preview.value.request.headers.get("hx-request") == "true"
    page.get_by_text("Rating if submitted now").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "csp-entry-preview.png"), full_page=True)
    browser.check()
    page.locator("body").click()  # the field's change event asks for the preview once more:
    page.wait_for_load_state("networkidle")  # let it finish before the live server stops
    assert browser.violations == []


def test_the_error_pages_are_in_the_sites_style_and_break_no_rule(demo, live_server, page):
    browser = BrowserFetcher(page, live_server.url)
    assert browser.get("/no-such-page/").status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found", use_inner_text=True)
    check_accessibility(page, "error-404")

    sign_in(page, live_server, "tom", password_for("tom"))
    assert browser.get(reverse("dataquality:page")).status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You cannot see this page", use_inner_text=True
    )
    check_accessibility(page, "error-403")

    UserFactory(username="root", is_staff=True, is_superuser=True)
    page.context.clear_cookies()
    sign_in(page, live_server, "root", "correct horse battery staple")
    assert browser.get(reverse("health:deliberate_error")).status == 500
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "Sorry, there is a problem with the service"
    expect(page.locator(".site-header")).to_be_visible()  # styled: the stylesheet loaded
    check_accessibility(page, "error-500")
    assert browser.violations == []
