"""Meetings in Chromium: the performance team schedules a meeting and records an action; the
owner finds it in My returns and updates it; the next meeting shows it among the actions from
previous meetings. Every page is checked with axe-core and screenshotted."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, sign_in
from tests.factories import UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.meetings.models import Body, BodyKind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def person(council, username: str, first: str, role: str):
    user = UserFactory(username=username, first_name=first, last_name="Test", organisation=council)
    Membership.objects.create(user=user, organisation=council, role=role)
    return user


def test_a_meeting_agrees_an_action_the_owner_updates_it_and_the_next_meeting_reads_it(
    live_server, page, council
):
    person(council, "priya", "Priya", Role.PERFORMANCE_TEAM)
    person(council, "tom", "Tom", Role.OWNER)
    Body.objects.create(
        organisation=council, name="Resources Improvement Board", kind=BodyKind.IMPROVEMENT_BOARD
    )

    sign_in(page, live_server, "priya", PASSWORD)
    page.get_by_role("link", name="Meetings").first.click()
    check_accessibility(page, "meetings")
    page.get_by_role("link", name="Resources Improvement Board", exact=True).click()
    for day in ("2018-09-18", "2018-12-11"):
        page.get_by_label("Date").fill(day)
        page.get_by_label("Time").fill("10:00")
        page.get_by_label("Place").fill("Committee Room 2")
        page.get_by_role("button", name="Schedule the meeting").click()
        page.wait_for_url(re.compile(r"/meetings/\d+/$"))
        page.get_by_role("link", name="Resources Improvement Board", exact=True).click()
    check_accessibility(page, "meetings-body")
    page.get_by_role("link", name=re.compile("18 September 2018")).click()
    page.get_by_role("button", name="Record the action").click()  # empty: refused, said why
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the action agreed.", use_inner_text=True
    )
    check_accessibility(page, "meetings-meeting-error")
    page.get_by_label("Action agreed").fill("That an action plan be brought to December.")
    page.get_by_label("Owner (a person)").select_option(label="Tom Test")
    page.get_by_label("Due by").fill("2018-11-30")
    page.get_by_role("button", name="Record the action").click()
    expect(page.get_by_role("status")).to_contain_text("Action recorded.", use_inner_text=True)
    check_accessibility(page, "meetings-meeting")
    page.get_by_role("link", name="Attendance and minutes").click()
    page.get_by_label("Others who attended").fill("Ruth Adeyemi (Demo Voluntary Action)")
    page.get_by_label("General minutes").fill("The board noted the quarter's exceptions.")
    page.get_by_role("button", name="Save attendance and minutes").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Attendance and minutes recorded.", use_inner_text=True
    )
    expect(page.locator("main")).to_contain_text("Ruth Adeyemi", use_inner_text=True)
    check_accessibility(page, "meetings-minutes")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "tom", PASSWORD)
    page.get_by_role("link", name="My returns").click()
    mine = page.get_by_role("table", name=re.compile("Your open actions"))
    mine.get_by_role("link", name=re.compile("action plan")).click()
    page.get_by_label("What has been done").fill("Plan agreed by the management team.")
    page.get_by_label("Done: close it").check()
    page.get_by_role("button", name="Save the update").click()
    expect(page.get_by_role("status")).to_contain_text("Update saved.", use_inner_text=True)
    check_accessibility(page, "meetings-action")

    page.get_by_role("link", name="Resources Improvement Board", exact=True).click()
    page.get_by_role("link", name=re.compile("11 December 2018")).click()
    carried = page.get_by_role("table", name=re.compile("Actions from previous meetings"))
    row = carried.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Plan agreed by the management team.", use_inner_text=True)
    expect(row).to_contain_text("Done", use_inner_text=True)

    # The owner makes the link to his calendar (its contents: collection/tests/test_calendar.py).
    page.get_by_role("link", name="My returns").click()
    page.get_by_role("link", name="My calendar").click()
    page.get_by_role("button", name="Make my calendar link").click()
    expect(page.get_by_label("Calendar link")).to_have_value(re.compile(r"\.ics$"))
    check_accessibility(page, "calendar")
