"""The pages councillors read most, in real Chromium: the overview, a scorecard (filtered with
and without JavaScript), the reason behind a rating, the exception report and a measure page.
Every page is checked with axe-core (WCAG 2.2 AA) and screenshotted to var/screenshots/."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from tests.factories import (
    OrganisationFactory,
    ScorecardFactory,
    ThemeFactory,
    UnitFactory,
    UserFactory,
)
from yardstick.accounts.models import Membership, Role
from yardstick.measures.models import Measure
from yardstick.scorecards.tests.conftest import add_measures

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
PERIOD = "2018-19 Q2"


@pytest.fixture
def council():
    return OrganisationFactory(name="Harrow Test Council", slug="harrow-test")


@pytest.fixture
def scorecard(council):
    theme = ThemeFactory(plan__organisation=council, title="Build a Better Borough")
    card = ScorecardFactory(
        organisation=council, theme=theme, title="Build a Better Borough", slug="better"
    )
    resources = UnitFactory(organisation=council, name="Resources", code="RES")
    people = UnitFactory(organisation=council, name="People", code="PEO")
    measures = add_measures(council, card, 5, unit=resources)  # one in each band this quarter
    Measure.objects.filter(id__in=[m.id for m in measures[3:]]).update(unit=people)
    return card


def councillor(council, role=Role.COUNCILLOR, username="cllr"):
    user = UserFactory(username=username, first_name="Carol", organisation=council)
    Membership.objects.create(user=user, organisation=council, role=role)
    return user


def scorecard_url(live_server, scorecard, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"period": PERIOD, **params}.items())
    path = reverse("scorecards:detail", args=[scorecard.financial_year, scorecard.slug])
    return f"{live_server.url}{path}?{query}"


def shown_count(page) -> str:
    return page.locator("#scorecard-table .table-count").inner_text()


def test_overview_lists_each_scorecard_and_directorate_with_its_band_counts(
    live_server, page, council, scorecard
):
    councillor(council)
    sign_in(page, live_server, "cllr", PASSWORD)
    page.goto(f"{live_server.url}{reverse('scorecards:overview')}?period={PERIOD}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Performance overview: Q2 2018/19", use_inner_text=True
    )
    by_scorecard = page.get_by_role("table", name="Ratings by scorecard")
    row = by_scorecard.get_by_role("row", name=re.compile("Build a Better Borough"))
    expect(row.get_by_role("cell").last).to_have_text("5", use_inner_text=True)
    by_directorate = page.get_by_role("table", name="Ratings by directorate")
    assert by_directorate.get_by_role("rowheader").all_inner_texts() == ["People", "Resources"]
    check_accessibility(page, "overview")
    by_scorecard.get_by_role("link", name="Build a Better Borough").click()
    page.wait_for_url(re.compile(r"/scorecards/2018/better/"))
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Build a Better Borough: Q2 2018/19"
    )


def test_scorecard_filters_by_band_as_a_plain_get_form_without_javascript(
    live_server, browser, council, scorecard
):
    councillor(council)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, live_server, "cllr", PASSWORD)
        page.goto(scorecard_url(live_server, scorecard))
        assert shown_count(page) == "5 of 5 measures."
        assert page.locator("table.scorecard-table tbody tr").count() == 5
        page.get_by_role("checkbox", name="HR High Red").check()
        page.get_by_role("button", name="Apply").click()
        page.wait_for_url(re.compile(r"band=HR"))
        assert shown_count(page) == "1 of 5 measures (filtered)."
        rows = page.locator("table.scorecard-table tbody tr")
        assert rows.count() == 1
        this_period = rows.first.locator("td.rating").last
        assert this_period.locator(".band").text_content() == "■ HR High Red"
        assert page.get_by_role("checkbox", name="HR High Red").is_checked()
        # Several bands at once: all reds, as repeated parameters (?band=LR&band=HR).
        page.get_by_role("checkbox", name="LR Low Red").check()
        page.get_by_role("button", name="Apply").click()
        page.wait_for_url(re.compile(r"band=LR&band=HR"))
        assert shown_count(page) == "2 of 5 measures (filtered)."
    finally:
        context.close()


def test_scorecard_filter_swaps_the_table_with_htmx_when_a_filter_changes(
    live_server, page, council, scorecard
):
    councillor(council)
    sign_in(page, live_server, "cllr", PASSWORD)
    page.goto(scorecard_url(live_server, scorecard))
    page.evaluate("window.sameDocument = true")  # lost if the browser loads a new page
    with page.expect_response(lambda response: "band=HR" in response.url) as response:
        page.get_by_role("checkbox", name="HR High Red").check()
    assert response.value.request.headers.get("hx-request") == "true"
    page.wait_for_function(
        # A function, not an expression: Playwright evals an expression in the page, which
        # the Content-Security-Policy refuses.
        "() => document.querySelector('#scorecard-table .table-count')"
        ".textContent.includes('filtered')"
    )
    assert shown_count(page) == "1 of 5 measures (filtered)."
    assert page.evaluate("window.sameDocument") is True
    assert "band=HR" in page.url, "the filtered view has its own address"
    assert page.locator("h1").count() == 1, "only the table was swapped in"
    page.get_by_label("Sort by", exact=True).select_option("title")
    page.wait_for_url(re.compile(r"sort=title"))
    assert page.evaluate("window.sameDocument") is True
    check_accessibility(page, "scorecard-filtered")


def test_scorecard_reads_as_a_report_and_the_reason_opens_with_the_keyboard(
    live_server, page, council, scorecard
):
    councillor(council)
    sign_in(page, live_server, "cllr", PASSWORD)
    page.goto(scorecard_url(live_server, scorecard))
    table = page.get_by_role("table", name=re.compile(r"Build a Better Borough, Q2 2018\/19"))
    assert table.get_by_role("columnheader", name="Q2 2018/19").count() == 1
    assert table.get_by_role("rowheader").count() == 5
    bands = table.locator("tbody tr").evaluate_all(
        "rows => rows.map(row => [...row.querySelectorAll('td.rating')].pop()"
        ".querySelector('.band').textContent)"
    )
    assert sorted(bands) == sorted(  # shape, code and label: never colour alone
        ["★ HG High Green", "● LG Low Green", "◆ A Amber", "▲ LR Low Red", "■ HR High Red"]
    )
    check_accessibility(page, "scorecard")

    first_row = table.locator("tbody tr").first
    first_row.get_by_role("link").focus()
    page.keyboard.press("Tab")  # the next stop is the first "Why" disclosure of the row
    summary = first_row.locator("details.reason summary").first
    assert summary.evaluate("element => element === document.activeElement")
    details = first_row.locator("details.reason").first
    assert details.get_attribute("open") is None
    page.keyboard.press("Enter")
    assert details.get_attribute("open") is not None
    expect(details.locator("p")).to_be_visible()
    expect(details.locator("p")).to_contain_text("target", ignore_case=True, use_inner_text=True)
    page.keyboard.press("Space")
    assert details.get_attribute("open") is None


def test_scorecard_scrolls_inside_a_labelled_focusable_region_on_a_phone(
    live_server, browser, council, scorecard
):
    councillor(council)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    try:
        sign_in(page, live_server, "cllr", PASSWORD)
        page.goto(scorecard_url(live_server, scorecard))
        region = page.get_by_role("region", name=re.compile("Build a Better Borough"))
        assert region.locator("table.scorecard-table").count() == 1
        assert region.get_attribute("tabindex") == "0"
        widths = region.evaluate("element => [element.scrollWidth, element.clientWidth]")
        assert widths[0] > widths[1], "the table scrolls inside its region"
        page_width = page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= 390, "the page itself does not scroll sideways"
        region.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "() => document.querySelector('.table-scroll').scrollLeft > 0", timeout=2000
        )
        check_accessibility(page, "scorecard-mobile")
    finally:
        context.close()


def test_exception_report_shows_red_and_deteriorated_measures(
    live_server, page, council, scorecard
):
    councillor(council)
    sign_in(page, live_server, "cllr", PASSWORD)
    path = reverse("scorecards:exceptions", args=[2018, scorecard.slug])
    page.goto(f"{live_server.url}{path}?period={PERIOD}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Exception report"), use_inner_text=True
    )
    assert page.locator("article.exception").count() >= 1
    assert page.get_by_role("button", name="Mark noted").count() == 0, "councillors only read"
    check_accessibility(page, "exceptions")


def test_performance_team_marks_an_exception_noted(live_server, page, council, scorecard):
    councillor(council, role=Role.PERFORMANCE_TEAM, username="perf")
    sign_in(page, live_server, "perf", PASSWORD)
    path = reverse("scorecards:exceptions", args=[2018, scorecard.slug])
    page.goto(f"{live_server.url}{path}?period={PERIOD}")
    before = page.locator("article.exception").count()
    check_accessibility(page, "exceptions-team")
    first = page.locator("article.exception").first
    first.get_by_label(re.compile("Mark noted")).fill("Seasonal dip, recovering next quarter")
    first.get_by_role("button", name="Mark noted").click()
    page.get_by_role("status").wait_for()
    expect(page.get_by_role("status")).to_contain_text("Marked noted", use_inner_text=True)
    expect(page.get_by_role("heading", name="Noted, no discussion needed (1)")).to_be_visible()
    assert page.locator("article.exception").count() == before
    check_accessibility(page, "exceptions-noted")


def test_measure_page_has_an_accessible_chart_and_the_figures_as_a_table(
    live_server, page, council, scorecard
):
    councillor(council)
    sign_in(page, live_server, "cllr", PASSWORD)
    page.goto(scorecard_url(live_server, scorecard))
    page.locator("table.scorecard-table tbody tr").first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/measures/"))
    chart = page.get_by_role("img", name=re.compile("figures by period"))
    assert chart.count() == 1
    table = page.get_by_role("table", name=re.compile("figures, targets, ratings"))
    assert table.get_by_role("rowheader").count() == 3
    assert page.get_by_role("img", name=re.compile("SPC chart")).count() == 1
    page.get_by_text("The SPC chart's figures, limits and classes").click()
    spc = page.get_by_role("table", name=re.compile("mean, process limits and class"))
    expect(spc.get_by_role("rowheader")).to_have_count(3)
    check_accessibility(page, "measure")


def test_the_team_leaves_a_figure_out_of_the_spc_calculations(
    live_server, page, council, scorecard
):
    """On the measure page the performance team leaves a figure out of the SPC calculations
    with a reason: an empty reason is re-shown with its message, then the chart keeps the
    point hollow, says why, and the page stays axe-clean."""
    councillor(council, role=Role.PERFORMANCE_TEAM, username="team")
    sign_in(page, live_server, "team", PASSWORD)
    page.goto(scorecard_url(live_server, scorecard))
    page.locator("table.scorecard-table tbody tr").first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/measures/"))
    page.get_by_role("button", name="Leave the figure out").click()
    expect(page.get_by_text("Say why the figure is left out.").first).to_be_visible()
    check_accessibility(page, "measure-exclusion-error")
    choice = page.get_by_label("Leave out the figure of")
    label = choice.locator("option").first.inner_text()
    page.get_by_label("Why: what happened that is not part of the process").fill(
        "Counted twice that quarter"
    )
    page.get_by_role("button", name="Leave the figure out").click()
    expect(page.get_by_text(f"{label}: Counted twice that quarter")).to_be_visible()
    expect(page.get_by_text("Left out of the calculations: 1")).to_be_visible()
    check_accessibility(page, "measure-exclusion")


def test_the_scorecard_downloads_as_word_with_the_missing_data_from_its_page(
    live_server, page, council, scorecard
):
    """The page's Download choice: a format, the missing data ticked, a Word file."""
    from docx import Document

    councillor(council)
    sign_in(page, live_server, "cllr", PASSWORD)
    page.goto(scorecard_url(live_server, scorecard))
    form = page.locator("form.download-form")
    form.get_by_role("radio", name="Word").check()
    form.get_by_label("Include the missing data for the coming board").check()
    check_accessibility(page, "scorecard-download")
    with page.expect_download() as info:
        form.get_by_role("button", name="Download").click()
    download = info.value
    assert download.suggested_filename == "build-a-better-borough-2018-19-q2.docx"
    document = Document(str(download.path()))
    headings = [p.text for p in document.paragraphs]
    assert "Build a Better Borough, Q2 2018/19" in headings
    assert "Missing data for the coming board" in headings
