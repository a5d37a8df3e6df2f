"""The calendar feed (issue 11, "Calendar"): a secret link per person, read without signing
in, holding the meetings of their bodies, the deadlines of their returns and the due dates of
their actions; parsed back with the `icalendar` package as Outlook would read it."""

from __future__ import annotations

import re
from datetime import date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from tests.factories import MeasureFactory, UserFactory, period
from yardstick.accounts.models import Membership, Role
from yardstick.meetings.models import Body, BodyKind
from yardstick.meetings.services import ActionInput, agree_action, schedule_meeting

pytestmark = pytest.mark.django_db


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@pytest.fixture
def owner(council):
    tom = UserFactory(username="tom", first_name="Tom", last_name="Reilly", organisation=council)
    Membership.objects.create(user=tom, organisation=council, role=Role.OWNER)
    MeasureFactory(organisation=council, owner=tom, frequency="quarterly")
    return tom


@pytest.fixture
def world(council, owner, performance_officer):
    q3 = period(council, "2018-19 Q3")
    q3.deadline = date(2019, 1, 25)
    q3.save()
    mine = Body.objects.create(
        organisation=council, name="Resources Improvement Board", kind=BodyKind.IMPROVEMENT_BOARD
    )
    mine.members.add(owner)
    other = Body.objects.create(
        organisation=council, name="People Improvement Board", kind=BodyKind.IMPROVEMENT_BOARD
    )
    meeting = schedule_meeting(mine, at(date(2019, 2, 19)), "Room 2", performance_officer)
    schedule_meeting(other, at(date(2019, 2, 20)), "Room 3", performance_officer)
    agree_action(
        meeting, ActionInput("Bring a plan", owner=owner, due=date(2019, 3, 1)), performance_officer
    )
    return meeting


def link_of(client, user) -> str:
    client.force_login(user)
    page = client.post("/collection/calendar/", {"action": "make"}).content.decode()
    client.logout()
    return re.search(r'value="http://testserver(/collection/calendar/[^"]+\.ics)"', page).group(1)


def events(client, link: str) -> dict[str, object]:
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_holds_my_next_meeting_my_returns_deadline_and_my_actions(client, world, owner):
    link = link_of(client, owner)  # read without signing in: the link is the key

    found = events(client, link)

    meeting = found["Resources Improvement Board"]
    assert meeting["dtstart"].dt == at(date(2019, 2, 19))
    assert str(meeting["location"]) == "Room 2"
    assert str(meeting["url"]).endswith(f"/meetings/{world.pk}/")
    assert found["Returns due: Q3 2018/19"]["dtstart"].dt == date(2019, 1, 25)
    assert found["Action due: Bring a plan (Resources Improvement Board)"]["dtstart"].dt == date(
        2019, 3, 1
    )
    assert "People Improvement Board" not in found  # not a body Tom sits on


def test_the_performance_team_sees_every_bodys_meetings(client, world, performance_officer):
    found = events(client, link_of(client, performance_officer))
    assert {"Resources Improvement Board", "People Improvement Board"} <= set(found)


def test_a_new_link_stops_the_old_and_a_stopped_link_is_not_found(client, world, owner):
    old = link_of(client, owner)
    new = link_of(client, owner)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200

    client.force_login(owner)
    client.post("/collection/calendar/", {"action": "stop"})
    client.logout()
    assert client.get(new).status_code == 404
    assert client.get("/collection/calendar/" + "x" * 300 + ".ics").status_code == 404


def test_the_link_is_shown_once_and_kept_only_as_a_digest(client, world, owner):
    link = link_of(client, owner)
    token = link.rsplit("/", 1)[1].removesuffix(".ics")
    client.force_login(owner)
    page = client.get("/collection/calendar/").content.decode()
    assert token not in page and "is not shown again" in page
    assert owner.calendar_link.token_digest != token


def test_each_meeting_has_its_pack_deadline_in_working_days_before_it(client, world, owner):
    found = events(client, link_of(client, owner))
    # Five working days (the body's default) before Tuesday 19 February 2019.
    pack = found["Pack due: Resources Improvement Board, meeting 19 February 2019"]
    assert pack["dtstart"].dt == date(2019, 2, 12)
    world.body.pack_working_days = 10
    world.body.save()
    found = events(client, link_of(client, owner))
    assert found["Pack due: Resources Improvement Board, meeting 19 February 2019"][
        "dtstart"
    ].dt == date(2019, 2, 5)


def test_the_month_and_the_list_show_what_the_feed_holds(client, world, owner, performance_officer):
    client.force_login(owner)
    month = client.get("/collection/calendar/", {"month": "2019-02"}).content.decode()
    assert "February 2019" in month
    assert "Resources Improvement Board" in month and f"/meetings/{world.pk}/" in month
    assert "People Improvement Board" not in month  # not a body Tom sits on
    listed = client.get("/collection/calendar/", {"view": "list", "month": "2019-01"})
    page = listed.content.decode()
    assert "January 2019 to March 2019" in page
    for words in ("Returns due", "Q3 2018/19", "Pack due", "Action due", "Bring a plan"):
        assert words in page
    other = Body.objects.get(name="People Improvement Board")
    client.force_login(performance_officer)
    one = client.get("/collection/calendar/", {"month": "2019-02", "body": other.pk})
    assert "People Improvement Board" in one.content.decode()
    assert "Resources Improvement Board, meeting" not in one.content.decode()


def test_a_month_it_cannot_read_is_refused_saying_why(client, world, owner):
    client.force_login(owner)
    for month, said in (("2019-13", "for example 2018-12"), ("1999-01", "Choose a month from")):
        page = client.get("/collection/calendar/", {"month": month}).content.decode()
        assert said in page and "There is a problem" in page


def test_the_calendar_page_queries_do_not_grow_with_meetings(
    client, world, owner, performance_officer
):
    client.force_login(owner)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/collection/calendar/", {"month": "2019-03"}).status_code == 200
        return len(queries)

    before = count()
    for day in range(4, 9):
        meeting = schedule_meeting(
            world.body, at(date(2019, 3, day)), "Room 2", performance_officer
        )
        agree_action(
            meeting, ActionInput(f"More {day}", owner=owner, due=date(2019, 3, day + 7)),
            performance_officer,
        )  # fmt: skip
    assert count() == before
