"""The target profile page in real Chromium: the performance team previews a year's target
profiled into its quarters and sets it, checked with axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from tests.factories import MeasureFactory, OrganisationFactory, period
from yardstick.accounts.models import Role
from yardstick.core.targets import Target, TargetKind
from yardstick.dataquality.tests.conftest import person
from yardstick.measures.services import set_target

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def homes():
    council = OrganisationFactory(name="Harrow Test Council", slug="harrow-test")
    team = person(council, "tom", Role.PERFORMANCE_TEAM, first_name="Tom", last_name="Team")
    made = MeasureFactory(
        organisation=council,
        code="HOM 1",
        title="New homes built (cumulative)",
        frequency="quarterly",
        collection_type="cumulative",
        value_type="number",
    )
    set_target(
        made, period(council, "FY 2019-20"), Target(TargetKind.VALUE, value=Decimal(120)), team
    )
    return made


def test_the_team_previews_and_sets_a_profile(live_server, page, homes):
    sign_in(page, live_server, "tom", PASSWORD)
    page.goto(f"{live_server.url}{reverse('measures:target_profile', args=[homes.code])}")
    check_accessibility(page, "target-profile")
    page.get_by_label("Profile the target of").select_option(label="2019/20")
    page.get_by_role("button", name="Preview the profile").click()
    table = page.get_by_role("table", name="Targets to set: profiled evenly")
    expect(table.get_by_role("rowheader")).to_have_text(
        ["Q1 2019/20", "Q2 2019/20", "Q3 2019/20", "Q4 2019/20"], use_inner_text=True
    )
    expect(table).to_contain_text("90", use_inner_text=True)
    check_accessibility(page, "target-profile-preview")
    page.get_by_role("button", name="Keep the profile and set these targets").click()
    expect(page.locator("body")).to_contain_text(
        "4 targets set: Profiled evenly from 2019/20", use_inner_text=True
    )
    page.goto(f"{live_server.url}{reverse('measures:detail', args=[homes.code])}")
    assert "Profiled evenly from 2019/20's 120" in page.inner_text("body")
