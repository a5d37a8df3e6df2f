"""The SPC baseline in real Chromium: the performance team fixes a measure's limits on its
first figures, a bad number is refused with the typed input kept, and the chart marks where
the baseline ends; checked with axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from tests.factories import OrganisationFactory
from yardstick.accounts.models import Role
from yardstick.dataquality.tests.conftest import person
from yardstick.measures.tests.test_rollup import count, enter, monthly
from yardstick.measures.tests.test_spc_recalculation import MONTHS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def calls():
    council = OrganisationFactory(name="Harrow Test Council", slug="harrow-test")
    team = person(council, "tom", Role.PERFORMANCE_TEAM, first_name="Tom", last_name="Team")
    made = monthly(council, code="CALLS", title="Missed collections")
    for index, key in enumerate(MONTHS):
        enter(made, key, count(str((90 if index < 9 else 60) + index % 3)), team)
    return made


def test_the_team_fixes_the_limits_on_a_baseline(live_server, page, calls):
    sign_in(page, live_server, "tom", PASSWORD)
    page.goto(f"{live_server.url}{reverse('measures:detail', args=[calls.code])}")
    page.get_by_label("The first figures: as many as you say").check()
    page.get_by_label("How many of the first figures").fill("1")
    page.get_by_label("Why the limits are fixed there").fill("The old round")
    page.get_by_role("button", name="Fix the limits").click()
    expect(page.locator("#error-summary")).to_contain_text(
        "A baseline needs at least 2 figures", use_inner_text=True
    )
    assert page.get_by_label("How many of the first figures").input_value() == "1"
    check_accessibility(page, "spc-baseline-refused")
    page.get_by_label("How many of the first figures").fill("9")
    page.get_by_role("button", name="Fix the limits").click()
    expect(page.locator("body")).to_contain_text(
        "The SPC limits are fixed on the first 9 figures.", use_inner_text=True
    )
    expect(page.locator("svg text", has_text="Baseline ends")).to_have_count(1)
    assert "set by Tom Team" in page.inner_text("body")
    check_accessibility(page, "spc-baseline")
