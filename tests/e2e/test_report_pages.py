"""The report pages in real Chromium, checked with axe-core (WCAG 2.2 AA): the download page
and the report page, each rating's reason opened from its disclosure with the keyboard."""

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


def test_the_download_page_has_no_accessibility_violations(live_server, signed_in):
    signed_in.goto(f"{live_server.url}/reports/")
    expect(signed_in.get_by_role("heading", level=1)).to_have_text("Reports")
    check_accessibility(signed_in, "reports-download")
    signed_in.get_by_label("Read it here as a web page").check()
    signed_in.get_by_role("button", name="Get the report").click()
    expect(signed_in.get_by_role("heading", level=1)).to_have_text(
        "Strategic Performance Report, Q2 2018/19"
    )


def test_the_report_page_has_no_accessibility_violations_and_reasons_open_by_keyboard(
    live_server, signed_in
):
    signed_in.goto(f"{live_server.url}/reports/2018-19-q2/")
    check_accessibility(signed_in, "reports-strategic")
    table = signed_in.get_by_role(
        "table", name="Build a Better Place, Q2 2018/19: targets, actuals"
    )
    why = table.locator("details").first
    reason = why.locator("p")
    expect(reason).to_be_hidden()
    why.locator("summary").focus()
    signed_in.keyboard.press("Enter")
    expect(reason).to_be_visible()
    expect(reason).to_contain_text("6 meets the")
