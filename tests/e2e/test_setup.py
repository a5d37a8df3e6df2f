"""A council starting from nothing, in Chromium: the first-run page sets it up and signs the
person in, the starter workbook downloads, a filled-in copy imports in one go, and its
scorecard shows. Every page is checked with axe-core and screenshotted."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rainy-harbour-lantern-42"


def filled_in(content: bytes) -> bytes:
    """The starter workbook with its example rows made the council's own."""
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets[1:]:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = cell.value.replace("EX-", "HW-").replace("Example: ", "")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_council_sets_up_from_nothing_and_imports_its_framework(live_server, page, tmp_path):
    page.goto(f"{live_server.url}/")
    page.wait_for_url(f"{live_server.url}/setup/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Set up Yardstick", use_inner_text=True
    )
    check_accessibility(page, "setup")

    page.get_by_role("button", name="Set up Yardstick").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    expect(alert).to_contain_text("Enter the name of your organisation.", use_inner_text=True)
    assert page.title().startswith("Error: ")
    check_accessibility(page, "setup-problems")

    page.get_by_label("Name of your organisation").fill("Harrow Council")
    page.get_by_label("Short name for web addresses").fill("harrow")
    page.get_by_label("Month your financial year starts").select_option("4")
    page.get_by_label("England and Wales").check()
    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Email address").fill("priya@harrow.gov.uk")
    page.get_by_label("Username").fill("priya")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Set up Yardstick").click()

    page.wait_for_url(f"{live_server.url}/setup/next-steps/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Harrow Council is set up", use_inner_text=True
    )
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check_accessibility(page, "setup-next-steps")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the starter workbook").click()
    starter = tmp_path / download.value.suggested_filename
    download.value.save_as(starter)
    assert starter.name.startswith("yardstick-starter-workbook-")
    framework = tmp_path / "harrow-framework.xlsx"
    framework.write_bytes(filled_in(starter.read_bytes()))

    page.get_by_role("link", name="Import and export").first.click()
    page.get_by_label("What the file holds").select_option("workbook")
    page.get_by_label("File", exact=True).set_input_files(str(framework))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="What the import will do").wait_for()
    check_accessibility(page, "setup-import-preview")
    page.get_by_role("button", name="Import these changes").click()
    page.get_by_text("Imported harrow-framework.xlsx.").wait_for()

    page.goto(f"{live_server.url}/overview/")
    page.get_by_role("link", name="Healthy, independent lives").first.click()
    page.get_by_role("heading", level=1).wait_for()
    assert "Delayed transfers of care (per day)" in page.content()
    check_accessibility(page, "setup-scorecard")
