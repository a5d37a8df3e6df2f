"""A meeting's agenda and the issues put to it for decision: the team sets them within the
bounds every text and date has, others cannot, and the meeting page shows what was typed
again with what is wrong."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.factories import UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.meetings.models import AgendaItem, Body, BodyKind, IssueForDecision
from yardstick.meetings.services import (
    MeetingRefused,
    add_agenda_item,
    raise_issue,
    record_decision,
    remove_agenda_item,
    schedule_meeting,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(council, performance_officer):
    body = Body.objects.create(
        organisation=council, name="Resources Improvement Board", kind=BodyKind.IMPROVEMENT_BOARD
    )
    starts = timezone.make_aware(datetime.combine(date(2018, 12, 11), time(10)))
    return schedule_meeting(body, starts, "Room 2", performance_officer)


def test_agenda_items_come_in_the_order_added_and_can_be_taken_off(meeting, performance_officer):
    first = add_agenda_item(meeting, "Minutes", "", "Chair", performance_officer)
    add_agenda_item(meeting, "Q2 performance", "Exceptions", "", performance_officer)
    add_agenda_item(meeting, "Any other business", "", "", performance_officer)
    remove_agenda_item(first, performance_officer)

    assert [item.title for item in meeting.agenda_items.all()] == [
        "Q2 performance",
        "Any other business",
    ]


def test_texts_and_dates_are_bounded(meeting, performance_officer):
    with pytest.raises(MeetingRefused, match="200 characters or fewer") as refused:
        add_agenda_item(meeting, "x" * 201, "", "", performance_officer)
    assert refused.value.field == "title"
    with pytest.raises(MeetingRefused, match="2,000 characters or fewer"):
        add_agenda_item(meeting, "Item", "x" * 2001, "", performance_officer)
    with pytest.raises(MeetingRefused, match="Enter what the meeting is asked to decide"):
        raise_issue(meeting, "Targets", "  ", performance_officer)
    issue = raise_issue(meeting, "Targets", "Keep them?", performance_officer)
    with pytest.raises(MeetingRefused, match="within 10 years of today") as refused:
        record_decision(issue, "Kept", "", date(9999, 1, 1), performance_officer)
    assert refused.value.field == "decided_on"
    assert AgendaItem.objects.count() == 0

    decided = record_decision(issue, "Kept", "Reviewed in February", None, performance_officer)
    assert decided.decided_on == date(2018, 12, 11)  # the meeting's day, unless given


def test_only_the_team_sets_the_agenda_and_the_issues(meeting, council):
    owner = UserFactory(username="tom", organisation=council)
    Membership.objects.create(user=owner, organisation=council, role=Role.OWNER)
    with pytest.raises(PermissionDenied):
        add_agenda_item(meeting, "Mine", "", "", owner)
    with pytest.raises(PermissionDenied):
        raise_issue(meeting, "Mine", "Decide", owner)


def test_the_meeting_page_shows_again_what_was_typed_with_what_is_wrong(
    client, meeting, performance_officer
):
    client.force_login(performance_officer)
    url = f"/meetings/{meeting.pk}/"

    response = client.post(
        url, {"form": "issue", "issue-title": "Sickness targets", "issue-question": ""}
    )

    assert response.status_code == 400
    assert "Enter what the meeting is asked to decide." in response.content.decode()
    assert 'value="Sickness targets"' in response.content.decode()
    client.post(url, {"form": "agenda", "agenda-title": "Q2 performance"})
    client.post(url, {"form": "issue", "issue-title": "Targets", "issue-question": "Keep?"})
    issue = IssueForDecision.objects.get()
    response = client.post(
        url, {"form": "decision", "issue": issue.pk, f"decision-{issue.pk}-decided_on": "soon"}
    )
    assert response.status_code == 400
    assert "Enter the decision." in response.content.decode()
    assert client.post(url, {"form": "remove_item", "item": "x" * 30}).status_code == 302
    page = client.get(url).content.decode()
    assert "Q2 performance" in page and "Keep?" in page
