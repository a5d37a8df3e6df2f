"""The collection workflow in real Chromium: an owner enters an off-target figure, is asked for
commentary, adds it and submits; the approver approves; the performance team publishes the
period; the scorecard shows the new rating. axe-core checks the returns page and the form."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from tests.factories import (
    MeasureFactory,
    OrganisationFactory,
    ScorecardEntryFactory,
    ScorecardFactory,
    UnitFactory,
    UserFactory,
    period,
)
from yardstick.accounts.models import Membership, Role
from yardstick.collection.models import DeadlineRule
from yardstick.collection.services import publish_period
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.measures.models import FigureStatus
from yardstick.measures.services import FigureInput, record_figure, set_target

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


def person(council, username, role, unit=None, **names):
    user = UserFactory(username=username, organisation=council, **names)
    Membership.objects.create(user=user, organisation=council, role=role, unit=unit)
    return user


@pytest.fixture
def world(db):
    council = OrganisationFactory(name="Harrow Test Council", slug="harrow-test")
    resources = UnitFactory(organisation=council, name="Resources", code="RES")
    officer = person(council, "olive", Role.OWNER, resources, first_name="Olive")
    person(council, "alice", Role.APPROVER, resources, first_name="Alice")
    team = person(council, "priya", Role.PERFORMANCE_TEAM, first_name="Priya")
    DeadlineRule.objects.create(organisation=council, frequency="quarterly", working_days_after=15)
    measure = MeasureFactory(
        organisation=council,
        unit=resources,
        owner=officer,
        code="RES 1",
        title="Invoices paid in 30 days",
        frequency="quarterly",
        polarity="higher",
        value_type="percentage",
        decimals=0,
    )
    scorecard = ScorecardFactory(
        organisation=council, financial_year=2018, slug="resources", title="Resources"
    )
    ScorecardEntryFactory(scorecard=scorecard, measure=measure, number="1")
    q1, q2 = period(council, "2018-19 Q1"), period(council, "2018-19 Q2")
    for quarter in (q1, q2):
        set_target(measure, quarter, Target(TargetKind.VALUE, value=Decimal(75)), team)
    last = FigureInput(Value(Decimal(78), ValueType.PERCENTAGE))
    record_figure(measure, q1, last, officer, status=FigureStatus.APPROVED)
    publish_period(q1, team)
    return {"measure": measure, "q2": q2, "scorecard": scorecard}


def as_person(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    sign_in(page, live_server, username, PASSWORD)
    return context, page


@pytest.mark.django_db(transaction=True)
def test_an_off_target_figure_is_entered_explained_approved_published_and_reported(
    live_server, browser, world
):
    # The owner sees their return and enters a figure off target.
    context, page = as_person(browser, live_server, "olive")
    page.goto(f"{live_server.url}/collection/returns/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My returns")
    row = page.get_by_role("row").filter(has_text="RES 1 Invoices paid in 30 days")
    expect(row).to_contain_text("Not started")
    expect(row).to_contain_text("78%")
    check_accessibility(page, "collection-returns")

    row.get_by_role("link", name="RES 1 Invoices paid in 30 days").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Invoices paid in 30 days")
    check_accessibility(page, "collection-entry")

    page.get_by_label("Figure", exact=True).fill("70%")
    preview = page.locator("#rating-preview")
    expect(preview).to_contain_text("Low Red")  # the live preview, over htmx
    expect(page.locator("#commentary-requirement")).to_contain_text("Commentary is required")

    # Submitting without commentary is refused with an error summary; nothing typed is lost.
    page.get_by_role("button", name="Submit for sign-off").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Add commentary")
    expect(page.get_by_label("Figure", exact=True)).to_have_value("70%")
    check_accessibility(page, "collection-entry-error")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Commentary", exact=True)).to_be_focused()

    page.get_by_label("Commentary", exact=True).fill(
        "A supplier moved to a new payments system in August."
    )
    page.get_by_label("Proposed action").fill("Weekly checks with the supplier until December.")
    page.get_by_role("button", name="Submit for sign-off").click()
    expect(page.locator(".messages")).to_contain_text("submitted for sign-off")
    expect(page.locator("#waiting")).to_contain_text("RES 1")
    context.close()

    # The approver approves it.
    context, page = as_person(browser, live_server, "alice")
    page.goto(f"{live_server.url}/collection/sign-off/")
    page.get_by_role("link", name=re.compile("Review")).first.click()
    expect(page.locator("main")).to_contain_text("A supplier moved to a new payments system")
    check_accessibility(page, "collection-review")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messages")).to_contain_text("approved")
    context.close()

    # The performance team publishes the period.
    context, page = as_person(browser, live_server, "priya")
    page.goto(f"{live_server.url}/collection/publish/")
    page.get_by_role("link", name="Check and publish Q2 2018/19").click()
    expect(page.locator("main")).to_contain_text("Every expected figure is signed off")
    check_accessibility(page, "collection-publish")
    page.get_by_role("button", name="Publish Q2 2018/19").click()
    expect(page.locator(".messages")).to_contain_text("Q2 2018/19 is published and locked")

    # The scorecard shows the new rating, as reported.
    page.goto(f"{live_server.url}/scorecards/2018/resources/?period=2018-19+Q2")
    row = page.get_by_role("row").filter(has_text="Invoices paid in 30 days")
    expect(row).to_contain_text("70%")
    expect(row).to_contain_text("LR")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_the_performance_team_chooses_scotlands_bank_holidays_for_deadlines(
    browser, live_server, world
):
    council = world["measure"].organisation
    period(council, "2018-19 Q3")  # ends Monday 31 December 2018
    context, page = as_person(browser, live_server, "priya")
    page.goto(f"{live_server.url}/collection/deadlines/")
    page.get_by_role("button", name="Save the quarterly rule").click()
    row = page.get_by_role("row").filter(has_text="Q3 2018/19")
    expect(row).to_contain_text("Tuesday 22 January 2019")  # New Year's Day not counted
    check_accessibility(page, "collection-deadlines")
    page.get_by_label("Bank holidays not counted as working days").select_option("Scotland")
    page.get_by_role("button", name="Save the bank holidays").click()
    expect(page.locator(".messages")).to_contain_text("leave out the bank holidays of Scotland")
    expect(row).to_contain_text("Wednesday 23 January 2019")  # 2 January too
    context.close()
