"""Meetings and their action logs (issue 11): the rules every door applies, actions carried
forward to later meetings until closed, owners' updates from My returns, overdue reminders
sent once, and pages whose queries do not grow with the number of actions or meetings."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.collection.reminders import send_reminders
from yardstick.meetings.models import ActionStatus, AgreedAction, Body, BodyKind
from yardstick.meetings.queries import carried_forward
from yardstick.meetings.services import (
    ActionInput,
    MeetingRefused,
    add_agenda_item,
    agree_action,
    schedule_meeting,
    set_meeting_status,
    update_action,
)

pytestmark = pytest.mark.django_db


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@pytest.fixture
def owner(council):
    tom = UserFactory(
        username="tom", first_name="Tom", last_name="Reilly", organisation=council,
        email="tom@example.org",
    )  # fmt: skip
    Membership.objects.create(user=tom, organisation=council, role=Role.OWNER)
    return tom


@pytest.fixture
def board(council, performance_officer):
    body = Body.objects.create(
        organisation=council, name="Resources Improvement Board", kind=BodyKind.IMPROVEMENT_BOARD
    )
    return body


@pytest.fixture
def meetings(board, performance_officer):
    days = (date(2018, 6, 19), date(2018, 9, 18), date(2018, 12, 11))
    return [schedule_meeting(board, at(day), "Room 2", performance_officer) for day in days]


def test_an_open_action_is_carried_to_every_later_meeting_and_a_closed_one_reported_once(
    meetings, owner, performance_officer
):
    june, september, december = meetings
    standing = agree_action(
        june, ActionInput("Publicise issues", owner_name="All"), performance_officer
    )
    done = agree_action(
        june, ActionInput("Report the exceptions", owner=owner), performance_officer
    )
    update_action(
        done, "Reported in September.", ActionStatus.DONE, owner, now=at(date(2018, 9, 1))
    )

    assert list(carried_forward(june)) == []
    assert list(carried_forward(september)) == [standing, done]  # closed since June: reported
    assert list(carried_forward(december)) == [standing]  # reported once, then no more


def test_an_action_has_exactly_one_owner_and_sensible_dates(meetings, owner, performance_officer):
    june = meetings[0]
    with pytest.raises(MeetingRefused, match="one owner") as refused:
        agree_action(june, ActionInput("Both", owner=owner, owner_name="All"), performance_officer)
    assert refused.value.field == "owner"
    with pytest.raises(MeetingRefused, match="one owner"):
        agree_action(june, ActionInput("Nobody"), performance_officer)
    with pytest.raises(MeetingRefused, match="Enter the action"):
        agree_action(june, ActionInput("   ", owner=owner), performance_officer)
    with pytest.raises(MeetingRefused, match="2,000 characters or fewer; it has 2,001"):
        agree_action(june, ActionInput("x" * 2001, owner=owner), performance_officer)
    with pytest.raises(MeetingRefused, match="within 10 years of today") as refused:
        agree_action(
            june, ActionInput("Late", owner=owner, due=date(9999, 1, 1)), performance_officer
        )
    assert refused.value.field == "due"
    with pytest.raises(MeetingRefused, match="on or after 1 January 2000"):
        schedule_meeting(june.body, at(date(1999, 12, 31)), "", performance_officer)
    with pytest.raises(MeetingRefused, match="already meets"):
        schedule_meeting(june.body, june.starts_at, "", performance_officer)
    assert AgreedAction.objects.count() == 0


def test_an_owner_from_another_council_is_refused(meetings, other_council, performance_officer):
    stranger = UserFactory(username="stranger", organisation=other_council)
    with pytest.raises(MeetingRefused, match="someone in this council"):
        agree_action(meetings[0], ActionInput("Do it", owner=stranger), performance_officer)


def test_only_the_owner_or_the_team_updates_and_a_closed_action_takes_no_more(
    meetings, owner, council, performance_officer
):
    action = agree_action(meetings[0], ActionInput("Do it", owner=owner), performance_officer)
    councillor = UserFactory(username="cllr", organisation=council)
    Membership.objects.create(user=councillor, organisation=council, role=Role.COUNCILLOR)
    with pytest.raises(PermissionDenied):
        update_action(action, "Done it", ActionStatus.DONE, councillor)
    with pytest.raises(PermissionDenied):
        agree_action(meetings[0], ActionInput("More", owner=owner), owner)

    update_action(action, "Done it", ActionStatus.DONE, owner)
    with pytest.raises(MeetingRefused, match="takes no more updates"):
        update_action(action, "And again", ActionStatus.OPEN, performance_officer)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.closed_at is not None
    assert [h.history_change_reason for h in action.history.order_by("history_id")] == [
        f"Agreed at {meetings[0]}",
        "Closed: done",
    ]


def test_an_overdue_action_is_chased_once_by_send_reminders(meetings, owner, performance_officer):
    agree_action(
        meetings[0], ActionInput("Bring a plan", owner=owner, due=date(2018, 11, 30)),
        performance_officer,
    )  # fmt: skip
    agree_action(
        meetings[0], ActionInput("Not yet due", owner=owner, due=date(2019, 3, 1)),
        performance_officer,
    )  # fmt: skip

    first = send_reminders(date(2018, 12, 5), base_url="https://performance.example.org")
    second = send_reminders(date(2018, 12, 6), base_url="https://performance.example.org")

    [message] = [m for m in mail.outbox if m.subject.startswith("Overdue: ")]
    assert message.to == ["tom@example.org"]
    assert message.subject == "Overdue: 1 action from meetings"
    assert "Bring a plan" in message.body and "Not yet due" not in message.body
    assert "https://performance.example.org/meetings/actions/" in message.body
    assert (first.emails, second.emails) == (1, 0)


def test_my_returns_lists_the_owners_open_actions(client, meetings, owner, performance_officer):
    agree_action(meetings[0], ActionInput("Bring a plan", owner=owner), performance_officer)
    closed = agree_action(meetings[0], ActionInput("Closed one", owner=owner), performance_officer)
    update_action(closed, "Done", ActionStatus.DONE, owner)
    client.force_login(owner)

    body = client.get("/collection/returns/").content.decode()

    section = body[body.index('id="actions"') :]
    assert "Bring a plan" in section and "Closed one" not in section
    assert "Resources Improvement Board" in section


def test_the_forms_show_the_services_words_and_keep_what_was_typed(
    client, meetings, owner, performance_officer
):
    client.force_login(performance_officer)
    board = meetings[0].body

    response = client.post(
        f"/meetings/bodies/{board.pk}/", {"day": "2099-01-01", "time": "10:00", "place": "Hall"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "The meeting must be within 10 years of today" in page
    assert 'value="Hall"' in page

    response = client.post(
        f"/meetings/{meetings[0].pk}/",
        {"text": "Two owners", "owner": owner.pk, "owner_name": "All"},
    )
    assert response.status_code == 400
    assert "Give the action one owner" in response.content.decode()
    assert "Two owners" in response.content.decode()


def test_a_meeting_page_takes_as_many_queries_for_many_actions_as_for_few(
    client, meetings, owner, performance_officer
):
    june, september, december = meetings
    client.force_login(performance_officer)

    def queries() -> int:
        client.get(f"/meetings/{december.pk}/")  # per-process caches filled
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/meetings/{december.pk}/").status_code == 200
            assert client.get(f"/meetings/bodies/{december.body_id}/").status_code == 200
            assert client.get("/meetings/").status_code == 200
        return len(captured.captured_queries)

    agree_action(june, ActionInput("One", owner=owner), performance_officer)
    few = queries()
    for meeting in (june, september):
        for number in range(5):
            action = agree_action(
                meeting, ActionInput(f"Action {number}", owner=owner), performance_officer
            )
            update_action(action, "Progress", ActionStatus.OPEN, owner)
    schedule_meeting(june.body, at(date(2019, 2, 19)), "", performance_officer)

    assert queries() == few


def test_the_chair_of_an_owning_body_finds_and_updates_its_actions(
    client, meetings, owner, council, performance_officer
):
    group = Body.objects.create(
        organisation=council, name="ASB Management Group", short_name="ASBMG",
        kind=BodyKind.MANAGEMENT_GROUP, chair=owner,
    )  # fmt: skip
    action = agree_action(
        meetings[0], ActionInput("Map hot spots", owner_body=group), performance_officer
    )
    client.force_login(owner)

    assert "Map hot spots" in client.get("/collection/returns/").content.decode()
    update_action(action, "Mapped.", ActionStatus.DONE, owner)
    assert "ASBMG" in client.get(f"/meetings/{meetings[1].pk}/").content.decode()


def test_the_team_records_where_a_meeting_has_got_to_and_others_cannot(
    client, meetings, owner, performance_officer
):
    june = meetings[0]
    client.force_login(owner)
    with pytest.raises(PermissionDenied):
        set_meeting_status(june, "held", owner)
    client.force_login(performance_officer)

    response = client.post(f"/meetings/{june.pk}/", {"status": "held"})
    assert response.status_code == 302
    june.refresh_from_db()
    assert june.status == "held"
    assert june.history.first().history_change_reason == "Now held"
    assert client.post(f"/meetings/{june.pk}/", {"status": "lost"}).status_code == 400


def test_an_action_about_a_measure_or_key_project_must_be_the_councils_own(
    client, council, other_council, meetings, performance_officer
):
    from tests.factories import MeasureFactory
    from yardstick.actions.models import KeyAction

    ours = MeasureFactory(organisation=council, code="RES-1")
    theirs = MeasureFactory(organisation=other_council, code="ELS-1")
    project = KeyAction.objects.create(organisation=council, code="KP-1", title="A project")
    action = agree_action(
        meetings[0],
        ActionInput("Explain the dip", owner_name="All", measure=ours, key_action=project),
        performance_officer,
    )
    assert (action.measure, action.key_action) == (ours, project)
    with pytest.raises(MeetingRefused, match="one of this council's"):
        agree_action(
            meetings[0], ActionInput("No", owner_name="All", measure=theirs), performance_officer
        )
    client.force_login(performance_officer)
    page = client.post(
        f"/meetings/{meetings[0].pk}/",
        {"text": "Explain it", "owner_name": "All", "measure": "ELS-1", "key_action": "KP-9"},
    ).content.decode()
    assert "There is no measure ELS-1 in this council." in page
    assert "There is no key project KP-9 in this council." in page
    assert 'value="Explain it"' in page or "Explain it</textarea>" in page


def test_attendance_and_minutes_are_recorded_replaced_and_bounded(
    client, council, other_council, meetings, owner, performance_officer
):
    from yardstick.meetings.models import Attendance, Partner, PartnerPerson, Presence, Sector
    from yardstick.meetings.services import Present, record_attendance, record_minutes

    meeting = meetings[0]
    meeting.body.members.add(owner)
    nhs = Partner.objects.create(organisation=council, name="NHS Trust", sector=Sector.NHS)
    doctor = PartnerPerson.objects.create(partner=nhs, name="Dr Okafor")
    meeting.body.partner_members.add(doctor)
    elsewhere = PartnerPerson.objects.create(
        partner=Partner.objects.create(organisation=other_council, name="X", sector=Sector.NHS),
        name="Not ours",
    )
    item = add_agenda_item(meeting, "Performance", "", "", performance_officer)
    record_attendance(
        meeting,
        [
            Present(Presence.APOLOGIES, user=owner),
            Present(Presence.ATTENDED, partner_person=doctor),
            Present(Presence.ATTENDED, name="A guest"),
        ],
        performance_officer,
    )
    assert sorted(str(row) for row in Attendance.objects.filter(meeting=meeting)) == [
        "A guest: Attended",
        "Dr Okafor (NHS Trust): Attended",
        "Tom Reilly: Apologies",
    ]
    for people, said in (
        ([Present(Presence.ATTENDED, partner_person=elsewhere)], "not one of this council's"),
        ([Present(Presence.ATTENDED, name="x" * 201)], "200 characters or fewer"),
        ([Present(Presence.ATTENDED, name="A"), Present(Presence.APOLOGIES, name="a")], "twice"),
        ([Present("maybe", name="A")], "attended or sent apologies"),
    ):
        with pytest.raises(MeetingRefused, match=said):
            record_attendance(meeting, people, performance_officer)
    assert Attendance.objects.filter(meeting=meeting).count() == 3  # nothing lost
    record_minutes(meeting, "Welcome.", {item.pk: "Noted the exceptions."}, performance_officer)
    item.refresh_from_db()
    assert item.minutes == "Noted the exceptions."
    with pytest.raises(MeetingRefused, match="5,000 characters or fewer"):
        record_minutes(meeting, "", {item.pk: "x" * 5001}, performance_officer)
    with pytest.raises(PermissionDenied):
        record_minutes(meeting, "Mine.", {}, owner)

    client.force_login(owner)  # a reader sees them; only the team may post
    page = client.get(f"/meetings/{meeting.pk}/minutes/").content.decode()
    assert "Dr Okafor (NHS Trust)" in page and "Noted the exceptions." in page
    assert "Record attendance and minutes" not in page
    assert client.post(f"/meetings/{meeting.pk}/minutes/", {"minutes": "x"}).status_code == 403
    client.force_login(performance_officer)
    response = client.post(
        f"/meetings/{meeting.pk}/minutes/",
        {f"who-u{owner.pk}": "attended", "others_attended": "Guest One\nGuest Two", "minutes": "M",
         f"item-{item.pk}": "Agreed."},
    )  # fmt: skip
    assert response.status_code == 302
    assert Attendance.objects.filter(meeting=meeting).count() == 3  # replaced: Tom, two guests
    response = client.post(
        f"/meetings/{meeting.pk}/minutes/",
        {"others_attended": "Guest", "minutes": "x" * 20_001},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert Attendance.objects.filter(meeting=meeting).count() == 3  # all or nothing


def test_the_minutes_page_queries_do_not_grow_with_members_items_or_attendance(
    client, council, meetings, performance_officer
):
    from yardstick.meetings.models import Partner, PartnerPerson, Presence, Sector
    from yardstick.meetings.services import Present, record_attendance

    meeting = meetings[0]
    partner = Partner.objects.create(organisation=council, name="NHS", sector=Sector.NHS)
    client.force_login(performance_officer)

    def grow(number: int) -> int:
        for n in range(number):
            person = UserFactory(username=f"member{number}{n}", organisation=council)
            meeting.body.members.add(person)
            meeting.body.partner_members.add(
                PartnerPerson.objects.create(partner=partner, name=f"P{number}{n}")
            )
            add_agenda_item(meeting, f"Item {number}{n}", "", "", performance_officer)
        record_attendance(
            meeting,
            [Present(Presence.ATTENDED, user=u) for u in meeting.body.members.all()]
            + [
                Present(Presence.APOLOGIES, partner_person=p)
                for p in meeting.body.partner_members.all()
            ],
            performance_officer,
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/meetings/{meeting.pk}/minutes/").status_code == 200
        return len(queries)

    assert grow(1) == grow(5)
