"""The report pages in real Chromium, checked with axe-core (WCAG 2.2 AA): the download page
and the report page, each rating's reason opened from its disclosure with the keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from yardstick.collection.services import publish_period
from yardstick.framework.models import Period
from yardstick.measures.models import Figure, FigureStatus
from yardstick.reports.tasks import render_documents
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


def test_a_published_periods_file_being_prepared_is_offered_when_kept_without_violations(
    live_server,
    signed_in,
    council,
    reader,  # noqa: F811
):
    q2 = Period.objects.get(organisation=council, key="2018-19 Q2")
    Figure.objects.filter(period=q2).update(status=FigureStatus.APPROVED)
    publish_period(q2, reader)
    signed_in.goto(f"{live_server.url}/reports/2018-19-q2/pdf/")
    status = signed_in.get_by_role("status")
    expect(status).to_contain_text("The PDF is being prepared")
    check_accessibility(signed_in, "reports-preparing")

    render_documents.call(q2.pk)  # what the worker does; the page's poll then finds it

    link = status.get_by_role("link", name="Download the PDF")
    expect(link).to_be_visible(timeout=15_000)
    check_accessibility(signed_in, "reports-prepared")
    with signed_in.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "strategic-performance-report-2018-19-q2.pdf"


def test_the_key_challenges_page_has_no_accessibility_violations_and_leaves_one_out(
    live_server, signed_in
):
    signed_in.goto(f"{live_server.url}/reports/2018-19-q2/")
    signed_in.get_by_role("link", name="Choose the key challenges of Q2 2018/19").click()
    expect(signed_in.get_by_role("heading", level=1)).to_have_text("Key challenges, Q2 2018/19")
    check_accessibility(signed_in, "reports-challenges")
    knife = signed_in.get_by_role("row").filter(has_text="Knife crime with injury")
    knife.get_by_role("textbox", name="Why leave it out").fill("Discussed at the last board")
    knife.get_by_role("button", name="Leave out").click()
    expect(signed_in.get_by_text("Left Knife crime with injury")).to_be_visible()
    expect(knife.get_by_role("button", name="Put back")).to_be_visible()
    expect(knife.get_by_text("Discussed at the last board")).to_be_visible()
    check_accessibility(signed_in, "reports-challenges-left-out")
