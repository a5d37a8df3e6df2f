import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_home_page_renders_in_chromium_with_no_accessibility_violations(live_server, page, council):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    check_accessibility(page, "home")
