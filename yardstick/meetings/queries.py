"""What the meeting pages, My returns and the reminders read: each in a fixed number of
queries, however many meetings and actions there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, F, Prefetch, Q, QuerySet, Value, When

from yardstick.meetings.models import (
    ActionStatus,
    AgreedAction,
    AgreedActionUpdate,
    Body,
    Meeting,
)


def with_outcomes(actions: QuerySet) -> QuerySet:
    """Actions with what every row of an action log prints: the meeting that agreed them,
    the owner, and their updates in order (the latest is the outcome). Three queries."""
    return actions.select_related("meeting__body", "owner", "owner_body").prefetch_related(
        Prefetch(
            "updates",
            queryset=AgreedActionUpdate.objects.select_related("written_by").order_by(
                "written_at", "id"
            ),
        )
    )


@dataclass(frozen=True)
class LogRow:
    """One row of an action log: date agreed, action, owner, outcome."""

    action: AgreedAction
    agreed_on: date
    outcome: str
    outcome_on: datetime | None
    overdue: bool


def log_rows(actions, today: date) -> list[LogRow]:
    rows = []
    for action in actions:
        updates = list(action.updates.all())
        latest = updates[-1] if updates else None
        rows.append(
            LogRow(
                action=action,
                agreed_on=action.meeting.starts_at.date(),
                outcome=latest.text if latest else "",
                outcome_on=latest.written_at if latest else None,
                overdue=action.status == ActionStatus.OPEN
                and action.due is not None
                and action.due < today,
            )
        )
    return rows


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(body_id=meeting.body_id, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )


def carried_forward(meeting: Meeting) -> QuerySet:
    """ "Actions from previous meetings": the body's actions agreed before `meeting` that are
    still open, or were closed since the meeting before it (reported closed once, with their
    outcome, then no more)."""
    earlier = AgreedAction.objects.filter(
        meeting__body_id=meeting.body_id, meeting__starts_at__lt=meeting.starts_at
    )
    before = previous_meeting(meeting)
    since = before.starts_at if before is not None else meeting.starts_at
    still_open = Q(status=ActionStatus.OPEN) | Q(closed_at__gte=since)
    return with_outcomes(earlier.filter(still_open)).order_by("meeting__starts_at", "id")


def agreed_at(meeting: Meeting) -> QuerySet:
    return with_outcomes(meeting.actions.all()).order_by("id")


def owned_by(user, organisation_id: int, *, outcomes: bool = True) -> QuerySet:
    """A person's open actions (theirs, and those of the bodies they chair), the soonest due
    first (those with no date last); with their latest outcomes unless `outcomes` is False
    (a calendar needs only the actions)."""
    actions = AgreedAction.objects.filter(
        Q(owner=user) | Q(owner_body__chair=user),
        organisation_id=organisation_id,
        status=ActionStatus.OPEN,
    )
    if outcomes:
        actions = with_outcomes(actions)
    return actions.order_by(F("due").asc(nulls_last=True), "meeting__starts_at", "id")


def open_first(actions: QuerySet) -> QuerySet:
    """A whole action log: the open actions, then the closed, each in the order agreed."""
    closed = Case(When(status=ActionStatus.OPEN, then=Value(0)), default=Value(1))
    return with_outcomes(actions).order_by(closed, "meeting__starts_at", "id")


def bodies_of(organisation_id: int) -> QuerySet:
    return (
        Body.objects.filter(organisation_id=organisation_id)
        .select_related("unit", "partnership", "parent", "chair")
        .order_by("name")
    )
