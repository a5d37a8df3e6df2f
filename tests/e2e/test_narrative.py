"""The report's text in real Chromium, checked with axe-core: the performance team follows
the link from the report page, writes and signs off the introduction, adds a glossary term,
and the report shows the introduction with a note at the term's first use."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from yardstick.framework.models import Introduction, NarrativeState
from yardstick.reports.tests.conftest import build_framework, reader  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


def test_the_team_writes_signs_off_and_the_report_footnotes_the_term(
    live_server,
    page,
    council,
    reader,  # noqa: F811
):
    build_framework(council)
    sign_in(page, live_server, reader.username, PASSWORD)

    page.goto(f"{live_server.url}/reports/glossary/")
    check_accessibility(page, "reports-glossary")
    page.get_by_label("Abbreviation").fill("MOPAC")
    page.get_by_label("What it stands for").fill("Mayor's Office for Policing and Crime")
    page.get_by_role("button", name="Add to the glossary").click()
    expect(page.get_by_role("row", name="MOPAC")).to_be_visible()
    page.get_by_label("Abbreviation").fill("MOPAC")
    page.get_by_label("What it stands for").fill("Again")
    page.get_by_role("button", name="Add to the glossary").click()
    expect(page.get_by_role("alert")).to_contain_text("MOPAC is in the glossary already.")
    check_accessibility(page, "reports-glossary-error")

    page.goto(f"{live_server.url}/reports/2018-19-q2/")
    page.get_by_role("link", name="Write the report's text").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("The report's text")
    check_accessibility(page, "reports-narrative")
    page.get_by_role("link", name="Write the introduction").click()
    check_accessibility(page, "reports-introduction")
    page.get_by_label("Introduction", exact=True).fill("A knife crime strategy went to MOPAC.")
    page.get_by_role("button", name="Save and sign off").click()
    expect(page.get_by_role("row", name="Introduction and summary")).to_contain_text("Signed off")
    assert Introduction.objects.get().state == NarrativeState.SIGNED_OFF

    page.goto(f"{live_server.url}/reports/2018-19-q2/")
    introduction = page.locator("#introduction")
    expect(introduction).to_contain_text("A knife crime strategy went to MOPAC")
    expect(introduction.locator("sup a")).to_have_text("1")
    expect(page.locator("#note-1")).to_contain_text("Mayor's Office for Policing and Crime")
    check_accessibility(page, "reports-strategic-with-text")
