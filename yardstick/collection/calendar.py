"""A person's performance calendar as an iCalendar feed (RFC 5545), for Outlook or Google
Calendar to subscribe to: the meetings of the bodies they sit on or chair (every body's, for
the performance team), the deadlines of the open periods they have returns in (every open
period's, for the team), and the due dates of their open actions from meetings.

The feed is read without signing in, through a secret link (`CalendarLink`): only a digest of
its token is kept, so the link is shown once when made, and making a new one stops the old.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from yardstick.accounts.access import access_for
from yardstick.collection.models import CalendarLink
from yardstick.collection.queries import (
    due_date,
    enterable_measures,
    expected_in,
    open_periods,
    rules_by_type,
)
from yardstick.meetings.models import Meeting
from yardstick.meetings.queries import owned_by

MEETING_LENGTH = timedelta(hours=2)  # a meeting's end, which the feed must give
PRODUCT = "-//Yardstick//Performance calendar//EN"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def make_link(user) -> str:
    """A new secret token for `user`'s feed (the old one stops working). Shown once."""
    token = secrets.token_urlsafe(32)
    CalendarLink.objects.update_or_create(
        user=user, defaults={"token_digest": digest(token), "created_at": timezone.now()}
    )
    return token


def stop_link(user) -> None:
    CalendarLink.objects.filter(user=user).delete()


def user_of(token: str):
    """Whose feed a token opens; None for a token that is not (or no longer) a link."""
    if not token or len(token) > 100:
        return None
    link = CalendarLink.objects.select_related("user").filter(token_digest=digest(token)).first()
    if link is None or not link.user.is_active:
        return None
    return link.user


def feed(user, base_url: str, today: date | None = None) -> bytes:
    """The calendar of `user`, with links to the pages at `base_url`."""
    today = today or timezone.localdate()
    access = access_for(user)
    organisation_id = access.organisation_id
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Yardstick: performance calendar")
    if organisation_id is None:
        return calendar.to_ical()
    stamp = timezone.now()
    base = base_url.rstrip("/")

    # Every meeting, past ones too (a calendar keeps its history; a body meets a dozen times
    # a year).
    meetings = Meeting.objects.filter(body__organisation_id=organisation_id).select_related("body")
    if not access.is_performance_team:
        meetings = meetings.filter(Q(body__members=user) | Q(body__chair=user)).distinct()
    for meeting in meetings.order_by("starts_at"):
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@yardstick")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.starts_at + MEETING_LENGTH)
        event.add("summary", meeting.body.name)
        if meeting.place:
            event.add("location", meeting.place)
        event.add("url", base + reverse("meetings:meeting", args=[meeting.pk]))
        calendar.add_component(event)

    rules = rules_by_type(organisation_id)
    measures = None if access.is_performance_team else enterable_measures(access)
    for period in open_periods(organisation_id):
        deadline = due_date(period, rules)
        if deadline is None:
            continue
        if measures is not None and not any(expected_in(m, period) for m in measures):
            continue
        calendar.add_component(
            _day(
                f"returns-{period.pk}@yardstick",
                stamp,
                deadline,
                f"Returns due: {period.label}",
                base + reverse("collection:returns"),
            )
        )

    for action in owned_by(user, organisation_id).exclude(due=None):
        calendar.add_component(
            _day(
                f"action-{action.pk}@yardstick",
                stamp,
                action.due,
                f"Action due ({action.meeting.body.owner_label}): {action.text[:80]}",
                base + reverse("meetings:action", args=[action.pk]),
            )
        )
    return calendar.to_ical()


def _day(uid: str, stamp, day: date, summary: str, url: str) -> Event:
    """An all-day event."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("url", url)
    return event
