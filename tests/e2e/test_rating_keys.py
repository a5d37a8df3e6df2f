"""The rating keys page in real Chromium: the performance team sets the organisation's key;
a bad key file is refused with its line and reason; checked with axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import check_accessibility, sign_in
from tests.factories import MeasureFactory, OrganisationFactory
from yardstick.accounts.models import Role
from yardstick.dataquality.tests.conftest import person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
WITHIN_5 = """name = "Within 5%"
[[bands]]
code = "G"
at_least = -5
[[bands]]
code = "A"
at_least = -10
[[bands]]
code = "R"
"""


@pytest.fixture
def council():
    council = OrganisationFactory(name="Harrow Test Council", slug="harrow-test")
    MeasureFactory(organisation=council, code="CT1", title="Council Tax collected")
    person(council, "tom", Role.PERFORMANCE_TEAM, first_name="Tom", last_name="Team")
    return council


def test_the_performance_team_sets_the_organisations_key(live_server, page, council):
    sign_in(page, live_server, "tom", PASSWORD)
    page.goto(f"{live_server.url}/rating-keys/")
    assert page.get_by_role("heading", level=1).inner_text() == "Rating keys"
    check_accessibility(page, "rating-keys")

    page.get_by_label("The key file").fill(WITHIN_5.replace("at_least = -10", "at_least = 0"))
    page.get_by_role("button", name="Set the key").click()
    summary = page.get_by_role("alert")
    assert "line 7: the bands are out of order" in summary.inner_text()
    check_accessibility(page, "rating-keys-refused")

    page.get_by_label("The key file").fill(WITHIN_5)
    page.get_by_role("button", name="Set the key").click()
    key = page.get_by_role("table", name="Within 5%")
    assert "On, above or within 5% of target" in key.inner_text()
    check_accessibility(page, "rating-keys-set")
