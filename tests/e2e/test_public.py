"""The public pages in Chromium: no sign-in, published figures only, no axe-core violations."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility
from tests.factories import ThemeFactory, period
from yardstick.collection.services import publish_period
from yardstick.public.tests import data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_public_scorecard_renders_with_no_accessibility_violations(
    live_server, page, council, performance_officer
):
    data.build(council, performance_officer)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=council.name).click()
    check_accessibility(page, "public-organisation")
    page.get_by_role("link", name="Build a Better Borough").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Build a Better Borough: Q1 2018/19", use_inner_text=True)
    table = page.get_by_role("table").inner_text()
    assert data.PUBLISHED_VALUE in table
    for value in data.UNPUBLISHED_VALUES.values():
        assert value not in page.content()
    expect(page.get_by_role("link", name="Open Government Licence v3.0")).to_be_visible()
    check_accessibility(page, "public-scorecard")


@pytest.fixture
def published(council, performance_officer):
    """The public data with a theme (so the report prints the scorecard), a definition, and
    Q2 published after Q1 (so the measure has two points and the archive two periods)."""
    built = data.build(council, performance_officer)
    built.scorecard.theme = ThemeFactory(plan__organisation=council, title="A better place")
    built.scorecard.save()
    built.published.definition = "Residents who say they are satisfied with their area."
    built.published.themes.add(built.scorecard.theme)
    built.published.save()
    publish_period(period(council, "2018-19 Q2"), performance_officer)
    return built


PUBLIC_PAGES = [
    ("public-archive", "periods/"),
    ("public-period", "periods/2018-19-q1/"),
    ("public-search", "measures/?q=satisfied"),
    ("public-measure", "measures/M-PUB/"),
    ("public-scorecard-q1", "2018/better/2018-19-q1/"),
    ("public-report", "periods/2018-19-q2/report/"),
]


def test_the_public_site_has_no_accessibility_violations(live_server, page, council, published):
    for name, path in PUBLIC_PAGES:
        response = page.goto(f"{live_server.url}/public/{council.slug}/{path}")
        assert response.status == 200, path
        assert "/accounts/login/" not in page.url, path  # read without signing in
        assert page.locator("input[type=password]").count() == 0, path
        check_accessibility(page, name)


def test_the_archive_leads_to_an_earlier_quarter_after_a_later_one_is_published(
    live_server, page, council, published
):
    page.goto(f"{live_server.url}/public/{council.slug}/")
    page.get_by_role("link", name="Published periods").first.click()
    page.get_by_role("link", name="Q1 2018/19").click()
    page.get_by_role("link", name="Build a Better Borough").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Build a Better Borough: Q1 2018/19", use_inner_text=True
    )
    expect(page.get_by_role("table")).to_contain_text(
        f"{data.PUBLISHED_VALUE}%", use_inner_text=True
    )


@pytest.mark.parametrize("name, path", PUBLIC_PAGES)
def test_public_pages_read_on_a_phone_without_losing_columns(
    live_server, browser, council, published, name, path
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/public/{council.slug}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways page"
        for table in page.locator("table.stack-table").all():
            # Each row reads as a block; every cell keeps its column's name beside it.
            headers = table.locator("thead th").all_inner_texts()
            first = table.locator("tbody tr").first
            labels = first.locator("[data-label]").evaluate_all(
                "cells => cells.map(cell => cell.dataset.label)"
            )
            assert len(labels) == len(headers)
            shown = first.locator("[data-label]").first.evaluate(
                "cell => getComputedStyle(cell, '::before').content"
            )
            assert shown.strip('"') == labels[0]
            assert table.evaluate("t => t.scrollWidth") <= 390
        for region in page.locator(".table-scroll:has(table.scorecard-table)").all():
            # The scorecard keeps every column, scrolling inside its region, the measure held.
            assert region.locator("thead th").count() >= 10
            region.evaluate("r => { r.scrollLeft = 400; }")
            title = region.locator("tbody th[scope=row]").first
            box, held = title.bounding_box(), region.bounding_box()
            assert abs(box["x"] - held["x"]) < 2, "the measure's name stays in view"
        check_accessibility(page, f"{name}-phone")
    finally:
        context.close()
