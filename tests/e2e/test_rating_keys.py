"""The rating keys page in real Chromium: the performance team sets the organisation's key;
a bad key file is refused with its line and reason; checked with axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from tests.factories import MeasureFactory, OrganisationFactory
from yardstick.accounts.models import Role
from yardstick.dataquality.tests.conftest import person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
WITHIN_5 = """name = "Within 5%"
[[bands]]
code = "G"
at_least = -5
[[bands]]
code = "A"
at_least = -10
[[bands]]
code = "R"
"""


@pytest.fixture
def council():
    council = OrganisationFactory(name="Harrow Test Council", slug="harrow-test")
    MeasureFactory(organisation=council, code="CT1", title="Council Tax collected")
    person(council, "tom", Role.PERFORMANCE_TEAM, first_name="Tom", last_name="Team")
    return council


def test_the_performance_team_sets_the_organisations_key(live_server, page, council):
    sign_in(page, live_server, "tom", PASSWORD)
    page.goto(f"{live_server.url}/rating-keys/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rating keys", use_inner_text=True)
    check_accessibility(page, "rating-keys")

    page.get_by_label("The key file").fill(WITHIN_5.replace("at_least = -10", "at_least = 0"))
    page.get_by_role("button", name="Set the key").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("line 7: the bands are out of order", use_inner_text=True)
    check_accessibility(page, "rating-keys-refused")

    page.get_by_label("The key file").fill(WITHIN_5)
    page.get_by_role("button", name="Set the key").click()
    key = page.get_by_role("table", name="Within 5%")
    expect(key).to_contain_text("On, above or within 5% of target", use_inner_text=True)
    check_accessibility(page, "rating-keys-set")


def test_the_performance_team_sets_a_key_in_the_form(live_server, page, council):
    sign_in(page, live_server, "tom", PASSWORD)
    page.goto(f"{live_server.url}/rating-keys/")
    page.get_by_role("link", name="Set the organisation's key in the form").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The organisation's key", use_inner_text=True
    )
    check_accessibility(page, "rating-key-form")

    page.get_by_label("Name", exact=True).fill("Within 5%")
    band = page.get_by_role("group", name="Band 2 (LG)")
    band.get_by_label("Bound", exact=True).fill("10")  # above the band before: out of order
    page.get_by_role("button", name="Set the key").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(
        "the bands are out of order: 'LG' (at_least = 10)", use_inner_text=True
    )
    band = page.get_by_role("group", name="Band 2 (LG)")
    expect(band).to_contain_text("out of order", use_inner_text=True)
    assert band.get_by_label("Bound", exact=True).input_value() == "10"  # kept
    check_accessibility(page, "rating-key-form-refused")

    band.get_by_label("Bound", exact=True).fill("0")
    page.get_by_role("group", name="Band 4 (LR)").get_by_label("Remove this band").check()
    page.get_by_role("button", name="Add a band").click()  # htmx redraws the form in place
    added = page.get_by_role("group", name="Band 6")
    added.wait_for()
    expect(page.get_by_role("alert")).to_have_count(0)  # the refusal of before is gone
    assert (
        page.get_by_role("group", name="Band 2 (LG)")
        .get_by_label("Bound", exact=True)
        .input_value()
        == "0"
    )
    check_accessibility(page, "rating-key-form-added")
    added.get_by_label("Band", exact=True).select_option("R")
    page.get_by_label("Move band").select_option("5")  # band 6, R, above HR
    page.get_by_role("button", name="Move up one place").click()
    page.get_by_role("group", name="Band 6 (HR)").wait_for()
    page.get_by_role("group", name="Band 5 (R)").get_by_label("Bound", exact=True).fill("-10")
    page.get_by_role("button", name="Set the key").click()
    key = page.get_by_role("table", name="Within 5%")
    expect(key.locator("tbody td:first-child")).to_have_text(
        [re.compile(rf"^\S+ {band}\b") for band in ("HG", "LG", "A", "R", "HR")],
        use_inner_text=True,
    )
    check_accessibility(page, "rating-key-form-set")
