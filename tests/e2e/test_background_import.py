"""A long figures file uploaded in Chromium: the page shows a progress bar while the
background worker checks it, reloads itself (htmx) with the preview when the check is done,
and again with the outcome once the confirmed import is written. Every state is checked
with axe-core, and any Content-Security-Policy violation or console error fails the test."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from tests.factories import MeasureFactory, UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.imports.models import ImportRun, ImportStatus
from yardstick.measures.models import Figure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Rainy-harbour-lantern-42"
LISTENER = """
window.__problems = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__problems.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def figures_csv() -> bytes:
    rows = ["measure,period,actual"]
    for number in range(3):
        for quarter in range(1, 5):
            rows.append(f"M{number},2018-19 Q{quarter},{number * 10 + quarter}%")
    return ("\n".join(rows) + "\n").encode()


def test_a_long_upload_shows_its_progress_then_its_preview_then_its_outcome(
    live_server, page, council, settings, tmp_path
):
    settings.YARDSTICK_BACKGROUND_IMPORT_ROWS = 5
    settings.MEDIA_ROOT = tmp_path
    priya = UserFactory(username="priya", organisation=council, password=PASSWORD)
    Membership.objects.create(user=priya, organisation=council, role=Role.PERFORMANCE_TEAM)
    for number in range(3):
        MeasureFactory(organisation=council, code=f"M{number}", value_type="percentage")
    errors: list[str] = []
    page.context.add_init_script(LISTENER)
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, "priya", PASSWORD)

    page.goto(f"{live_server.url}/imports/")
    page.get_by_label("What the file holds").select_option("figures")
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "figures.csv", "mimeType": "text/csv", "buffer": figures_csv()}
    )
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url("**/imports/*/")
    status = page.get_by_role("status")
    expect(status).to_contain_text(
        "Waiting for the background worker to start on 12 rows.", use_inner_text=True
    )
    assert page.locator("progress").count() == 1
    check_accessibility(page, "import-waiting")

    call_command("run_worker", "--batch", stdout=StringIO())  # the check
    button = page.get_by_role("button", name="Import these changes")
    button.wait_for(timeout=15_000)  # htmx polls every 2 s, then reloads the page
    assert ImportRun.objects.get().status == ImportStatus.PREVIEWED
    check_accessibility(page, "import-checked")

    button.click()
    page.locator("progress").wait_for()
    call_command("run_worker", "--batch", stdout=StringIO())  # the import
    page.get_by_role("heading", name="What the import did").wait_for(timeout=15_000)
    check_accessibility(page, "import-done")
    assert Figure.objects.count() == 12
    assert page.evaluate("window.__problems") == [] and errors == []
