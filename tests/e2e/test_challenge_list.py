"""The challenge list pages in real Chromium, checked with axe-core (WCAG 2.2 AA): the list,
its settings (set by the performance team with the form) and its error state, filtered to a
directorate, and a filter that is not a choice."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from yardstick.reports.tests.conftest import build_framework, reader  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


@pytest.fixture
def signed_in(live_server, page, council, reader):  # noqa: F811
    build_framework(council)
    sign_in(page, live_server, reader.username, PASSWORD)
    return page


def test_the_challenge_list_and_its_settings_have_no_accessibility_violations(
    live_server, signed_in
):
    signed_in.goto(f"{live_server.url}/reports/challenge-list/settings/")
    expect(signed_in.get_by_role("heading", level=1)).to_have_text("Challenge list settings")
    check_accessibility(signed_in, "challenge-list-settings")
    signed_in.get_by_label("Periods running (N)").fill("20")
    signed_in.get_by_role("button", name="Save").click()
    expect(signed_in.get_by_role("alert")).to_contain_text("less than or equal to 12")
    check_accessibility(signed_in, "challenge-list-settings-error")
    signed_in.get_by_label("Periods running (N)").fill("2")
    signed_in.get_by_role("button", name="Save").click()

    expect(signed_in.get_by_role("heading", level=1)).to_have_text(
        "Challenge list: are our targets set well?"
    )
    expect(signed_in.get_by_text("each of the last 2 periods").first).to_be_visible()
    expect(
        signed_in.get_by_role("link", name="% of household waste recycled and composted")
    ).to_be_visible()
    check_accessibility(signed_in, "challenge-list")
    signed_in.get_by_label("Directorate or service").select_option(label="Community (directorate)")
    signed_in.get_by_role("button", name="Show").click()
    expect(signed_in.get_by_text("Community (directorate) and the units under it")).to_be_visible()
    expect(signed_in.get_by_role("link", name="as Excel")).to_have_attribute(
        "href", "/reports/challenge-list/?unit=COM&format=xlsx"
    )
    check_accessibility(signed_in, "challenge-list-unit")
    signed_in.goto(f"{live_server.url}/reports/challenge-list/?unit=NOPE")
    expect(signed_in.get_by_role("alert")).to_contain_text("Select a valid choice")
    check_accessibility(signed_in, "challenge-list-unit-error")
