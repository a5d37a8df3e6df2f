import pytest

from tests.e2e.conftest import check_accessibility

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_home_page_renders_in_chromium_with_no_accessibility_violations(live_server, page, council):
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", level=1).first.is_visible()
    check_accessibility(page, "home")
