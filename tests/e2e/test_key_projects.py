"""Key projects as returns in Chromium: the owner finds the quarter's return in My returns, is
told what is missing, writes it with a milestone's day done and submits it; the approver of
the project's unit finds it in Sign-off and signs it off. Every page is checked with axe-core
and screenshotted."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from tests.factories import ThemeFactory, UnitFactory, UserFactory, period
from yardstick.accounts.models import Membership, Role
from yardstick.actions.models import ActionUpdate, KeyAction, Milestone, UpdateState
from yardstick.framework.models import PeriodStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def person(council, username: str, first: str, role: str, unit=None):
    user = UserFactory(username=username, first_name=first, last_name="Test", organisation=council)
    Membership.objects.create(user=user, organisation=council, role=role, unit=unit)
    return user


def test_an_owner_writes_a_key_project_return_and_the_approver_signs_it_off(
    live_server, page, council
):
    resources = UnitFactory(organisation=council, name="Resources", code="RES")
    tom = person(council, "tom", "Tom", Role.OWNER, resources)
    person(council, "daniel", "Daniel", Role.APPROVER, resources)
    quarter = period(council, "2018-19 Q3")
    quarter.status = PeriodStatus.OPEN
    quarter.save()
    project = KeyAction.objects.create(
        organisation=council,
        code="BM-02",
        title="Collect more council tax on time",
        owner=tom,
        unit=resources,
        due_date=date(2019, 3, 31),
    )
    Milestone.objects.create(action=project, title="Go live", planned=date(2018, 11, 1))
    anita = person(council, "anita", "Anita", Role.COUNCILLOR)
    theme = ThemeFactory(plan__organisation=council, title="Protect the vulnerable")
    theme.portfolio_holder = anita
    theme.save()
    KeyAction.objects.create(
        organisation=council, code="PV-1", title="Open a family hub", theme=theme, owner=tom
    )

    sign_in(page, live_server, "tom", PASSWORD)
    page.get_by_role("link", name="My returns").click()
    projects = page.locator("#project-returns")
    expect(projects).to_contain_text("Not started", use_inner_text=True)
    projects.get_by_role("link", name=re.compile("BM-02")).click()
    check_accessibility(page, "key-project-return")
    page.get_by_label("Percentage complete").fill("45")
    page.get_by_role("button", name="Submit for sign-off").click()  # no progress: refused
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the progress made this period.", use_inner_text=True
    )
    assert page.get_by_label("Percentage complete").input_value() == "45"  # nothing lost
    check_accessibility(page, "key-project-return-error")
    page.get_by_label("Progress").fill("Tenders returned; the contract is awarded in February.")
    page.get_by_label("Go live: day done").fill("2018-11-05")
    page.get_by_role("button", name="Submit for sign-off").click()
    expect(page.get_by_role("status")).to_contain_text(
        "submitted for sign-off", use_inner_text=True
    )
    assert page.get_by_label("Go live: day done").input_value() == "2018-11-05"

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "daniel", PASSWORD)
    page.get_by_role("link", name="Sign-off").first.click()
    awaiting = page.locator("#projects-awaiting")
    check_accessibility(page, "key-project-sign-off")
    awaiting.get_by_role("link", name=re.compile("BM-02")).click()
    expect(page.locator("main")).to_contain_text("Tenders returned", use_inner_text=True)
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_role("status")).to_contain_text("signed off", use_inner_text=True)
    # The director, a reader, opens the calendar as a month and the portfolios.
    page.get_by_role("link", name="My returns").click()
    page.get_by_role("link", name="My calendar").click()
    check_accessibility(page, "calendar-month")
    page.get_by_label("Show as").select_option("list")
    page.get_by_role("button", name="Show").click()
    check_accessibility(page, "calendar-list")
    page.get_by_role("link", name="Portfolios").click()
    check_accessibility(page, "portfolios")
    page.get_by_role("link", name="Anita Test").click()
    expect(page.locator("#portfolio-projects")).to_contain_text(
        "Open a family hub", use_inner_text=True
    )
    check_accessibility(page, "portfolio")
    update = ActionUpdate.objects.get(action=project, period=quarter)
    assert (update.state, update.percent_complete) == (UpdateState.APPROVED, 45)
    assert Milestone.objects.get(action=project).actual == date(2018, 11, 5)
