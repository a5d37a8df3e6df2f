"""Risk registers in Chromium: the performance team opens the registers, a register with its
heat map, a risk; reviews it with new scores and a control (a bad review first, refused and
said why); escalates it to the corporate register; and reads the corporate register's heat
map and the history. Every page is checked with axe-core and screenshotted."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from tests.factories import UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.organisations.models import OrganisationUnit, UnitKind
from yardstick.risks.models import Register, RegisterKind
from yardstick.risks.services import RiskInput, create_risk

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_the_team_reviews_and_escalates_a_risk_and_reads_both_heat_maps(live_server, page, council):
    priya = UserFactory(
        username="priya", first_name="Priya", last_name="Shah", organisation=council
    )
    Membership.objects.create(user=priya, organisation=council, role=Role.PERFORMANCE_TEAM)
    people = OrganisationUnit.objects.create(
        organisation=council, kind=UnitKind.DIRECTORATE, name="People", code="PEO"
    )
    directorate = Register.objects.create(
        organisation=council, kind=RegisterKind.DIRECTORATE, code="PEO", title="People risks",
        unit=people,
    )  # fmt: skip
    Register.objects.create(
        organisation=council, kind=RegisterKind.CORPORATE, code="CORP", title="Corporate risks"
    )
    create_risk(
        directorate,
        RiskInput(
            title="Care market fails", category="operational", owner=priya,
            inherent_likelihood=5, inherent_impact=5, current_likelihood=4, current_impact=4,
            target_likelihood=2, target_impact=2, review_date=date(2027, 1, 15),
        ),
        priya,
    )  # fmt: skip

    sign_in(page, live_server, "priya", PASSWORD)
    page.get_by_role("link", name="Risks", exact=True).click()
    check_accessibility(page, "risks")
    page.get_by_role("link", name="People risks").click()
    expect(page.get_by_role("table", name=re.compile("Heat map: 1 open risk"))).to_be_visible()
    check_accessibility(page, "risks-register")
    page.get_by_role("link", name="Care market fails").click()
    check_accessibility(page, "risks-risk")

    page.get_by_label("Likelihood now").select_option("3")
    page.get_by_role("button", name="Record the review").click()  # no next date: refused
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the next review date.", use_inner_text=True
    )
    check_accessibility(page, "risks-risk-error")
    page.get_by_label("Next review by").fill("2027-04-01")
    page.get_by_label("Notes").fill("Two providers recruited.")
    page.get_by_label("A new control in place (optional)").fill("Weekly brokerage meeting")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("status")).to_contain_text("Review recorded.", use_inner_text=True)
    expect(page.locator("main")).to_contain_text("Falling (better)", use_inner_text=True)

    page.get_by_label("Escalate to").select_option(label="Corporate risks")
    page.get_by_role("button", name="Escalate").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Escalated to Corporate risks", use_inner_text=True
    )
    expect(page.locator("main")).to_contain_text("Escalated from", use_inner_text=True)
    check_accessibility(page, "risks-risk-escalated")
    page.get_by_role("link", name="Corporate risks").first.click()
    heat = page.get_by_role("table", name=re.compile("Heat map: 1 open risk"))
    expect(heat).to_contain_text("CORP-01", use_inner_text=True)
    check_accessibility(page, "risks-corporate")
