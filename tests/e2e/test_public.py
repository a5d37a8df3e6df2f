"""The public pages in Chromium: no sign-in, published figures only, no axe-core violations."""

import pytest

from tests.e2e.conftest import check_accessibility
from yardstick.public.tests import data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_public_scorecard_renders_with_no_accessibility_violations(
    live_server, page, council, performance_officer
):
    data.build(council, performance_officer)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=council.name).click()
    check_accessibility(page, "public-organisation")
    page.get_by_role("link", name="Build a Better Borough").click()
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Build a Better Borough: Q1 2018/19"
    table = page.get_by_role("table").inner_text()
    assert data.PUBLISHED_VALUE in table
    for value in data.UNPUBLISHED_VALUES.values():
        assert value not in page.content()
    assert page.get_by_role("link", name="Open Government Licence v3.0").is_visible()
    check_accessibility(page, "public-scorecard")
