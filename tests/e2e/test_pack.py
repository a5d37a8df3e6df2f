"""A meeting's pack in Chromium: the performance team builds it (leaves a section out, adds
its own, moves one up), previews and publishes it; a member of the board reads it and
downloads it as PDF and Word, which open and hold the actions from previous meetings and the
exceptions. Every page is checked with axe-core and screenshotted."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from yardstick.meetings.models import MeetingStatus
from yardstick.packs.tests.conftest import CARRIED_TEXT, build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_the_team_builds_and_publishes_a_pack_and_a_member_downloads_it(
    live_server,
    page,
    council,
    performance_officer,
    tmp_path,
):
    world = build_world(council, performance_officer)
    for user in (performance_officer, world.member):
        user.set_password(PASSWORD)
        user.save()

    sign_in(page, live_server, "priya", PASSWORD)
    page.goto(f"{live_server.url}/meetings/{world.november.pk}/")
    expect(page.get_by_role("list", name="Agenda")).to_contain_text(
        "Q2 performance", use_inner_text=True
    )
    check_accessibility(page, "pack-meeting")
    page.get_by_role("link", name="Build the pack").click()
    page.get_by_role("button", name="Start the pack").click()
    expect(page.get_by_role("status")).to_contain_text("Pack started", use_inner_text=True)
    check_accessibility(page, "pack-builder")

    page.get_by_label("Include Missing data").uncheck()
    page.get_by_role("button", name="Save the sections").click()
    expect(page.get_by_role("status")).to_contain_text("Sections saved.", use_inner_text=True)
    page.get_by_role("button", name="Add the section").click()  # empty: refused, said why
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the section's heading.", use_inner_text=True
    )
    check_accessibility(page, "pack-builder-error")
    page.get_by_label("Heading").fill("Introduction")
    page.get_by_label("Text").fill("The quarter in brief.")
    page.get_by_role("button", name="Add the section").click()
    sections = page.get_by_role("table", name=re.compile("The pack's sections"))
    page.get_by_role(
        "button", name=re.compile(r"^Up\W+Exceptions$")
    ).click()  # with htmx: the table alone
    expect_order = re.compile(r"Exceptions.*Achievements and challenges", re.S)
    page.wait_for_function(
        "() => /Exceptions[\\s\\S]*Achievements/.test("
        "document.querySelector('.pk-builder').innerText)"
    )
    assert expect_order.search(sections.inner_text())

    page.get_by_role("link", name="Preview the pack").click()
    expect(page.locator("main")).to_contain_text(CARRIED_TEXT, use_inner_text=True)
    preview = page.locator("main").inner_text()
    assert "Draft." in preview and CARRIED_TEXT in preview and "Missing data" not in preview
    check_accessibility(page, "pack-preview")
    page.get_by_role("link", name="Back to the pack builder").click()
    page.get_by_label("I have checked the pack").check()
    page.get_by_role("button", name="Publish the pack").click()
    expect(page.get_by_role("status")).to_contain_text("Pack published", use_inner_text=True)
    world.november.refresh_from_db()
    assert world.november.status == MeetingStatus.PACK_PUBLISHED

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "mary", PASSWORD)
    page.goto(f"{live_server.url}/meetings/{world.november.pk}/")
    page.get_by_role("link", name="Read the pack").click()
    expect(page.locator("main")).to_contain_text(CARRIED_TEXT, use_inner_text=True)
    reading = page.locator("main").inner_text()
    assert CARRIED_TEXT in reading and "Residents satisfied with the council" in reading
    assert "Care packages reviewed" not in reading
    check_accessibility(page, "pack-read")

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF of the pack").click()
    pdf = tmp_path / pdf_download.value.suggested_filename
    pdf_download.value.save_as(pdf)
    with page.expect_download() as word_download:
        page.get_by_role("link", name="Word of the pack").click()
    word = Document(word_download.value.path())

    cells = " ".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    assert CARRIED_TEXT in cells and "Residents satisfied with the council" in cells
    assert pdf.name == "resources-improvement-board-2018-11-20-pack.pdf"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        flat = " ".join(text.split())
        assert "That a recovery plan for resident satisfaction" in flat
        assert "Residents satisfied with the council" in flat
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf),
                        str(tmp_path / "page")], check=True)  # fmt: skip
