"""A person's performance calendar (`entries`): the meetings of the bodies they sit on or
chair (every body's, for the performance team) with each meeting's pack deadline, the
deadlines of the open periods they have returns in (every open period's, for the team) and,
for approvers and the team, each one's sign-off date; the days periods were published, and
the due dates of their open actions from meetings. Shown as a month and as a list on My
calendar, and as an iCalendar feed (RFC 5545) for Outlook or Google Calendar to subscribe
to: one list, so the three never disagree.

The feed is read without signing in, through a secret link (`CalendarLink`): only a digest of
its token is kept, so the link is shown once when made, and making a new one stops the old.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from yardstick.accounts.access import access_for
from yardstick.accounts.models import Role
from yardstick.collection.deadlines import BankHolidays, add_working_days, working_days_before
from yardstick.collection.models import CalendarLink
from yardstick.collection.queries import (
    due_date,
    enterable_measures,
    expected_in,
    open_periods,
    rules_by_type,
)
from yardstick.framework.models import Period, PeriodStatus
from yardstick.meetings.models import Body, Meeting
from yardstick.meetings.queries import owned_by
from yardstick.organisations.models import Organisation

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


class Kind(StrEnum):
    MEETING = "meeting"
    PACK = "pack"
    RETURNS = "returns"
    SIGN_OFF = "sign_off"
    PUBLISHED = "published"
    ACTION = "action"


KIND_LABELS = {
    Kind.MEETING: "Meeting",
    Kind.PACK: "Pack due",
    Kind.RETURNS: "Returns due",
    Kind.SIGN_OFF: "Sign-off due",
    Kind.PUBLISHED: "Published",
    Kind.ACTION: "Action due",
}


@dataclass(frozen=True)
class Entry:
    """One thing on a person's performance calendar: on a day (a meeting, at a time)."""

    uid: str
    kind: Kind
    day: date
    title: str
    path: str  # the page it is about
    starts_at: datetime | None = None
    place: str = ""
    body_id: int | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def summary(self) -> str:
        """As a calendar program lists it: a meeting by its body, the rest by their kind."""
        return self.title if self.kind == Kind.MEETING else f"{self.kind_label}: {self.title}"


def visible_bodies(user, access) -> list[Body]:
    """The bodies whose meetings `user`'s calendar holds: those they sit on or chair (every
    body of the council, for the performance team)."""
    bodies = Body.objects.filter(organisation_id=access.organisation_id)
    if not access.is_performance_team:
        bodies = bodies.filter(Q(members=user) | Q(chair=user)).distinct()
    return list(bodies.order_by("name"))


def entries(
    user,
    *,
    start: date | None = None,
    end: date | None = None,
    body_id: int | None = None,
) -> list[Entry]:
    """Everything on `user`'s performance calendar from `start` to `end` (every day when
    None), by day: the meetings of their bodies and each one's pack deadline (the body's
    working days before it); the deadlines of the open periods they have returns in (every
    open period's, for the team) and the days periods were published; the due dates of
    their open actions from meetings. `body_id` keeps to one body's meetings, packs and
    actions. A fixed number of queries whatever the number of meetings."""
    access = access_for(user)
    organisation_id = access.organisation_id
    if organisation_id is None:
        return []

    def within(day: date) -> bool:
        return (start is None or day >= start) and (end is None or day <= end)

    found: list[Entry] = []
    bodies = visible_bodies(user, access)
    ids = [body.pk for body in bodies if body_id is None or body.pk == body_id]
    rules = rules_by_type(organisation_id)
    holidays = _holidays(rules, organisation_id)
    for meeting in (
        Meeting.objects.filter(body_id__in=ids).select_related("body").order_by("starts_at")
    ):
        day = timezone.localtime(meeting.starts_at).date()
        if within(day):
            found.append(
                Entry(
                    f"meeting-{meeting.pk}@yardstick",
                    Kind.MEETING,
                    day,
                    meeting.body.name,
                    reverse("meetings:meeting", args=[meeting.pk]),
                    starts_at=meeting.starts_at,
                    place=meeting.place,
                    body_id=meeting.body_id,
                )
            )
        due = working_days_before(day, meeting.body.pack_working_days, holidays)
        if within(due):
            found.append(
                Entry(
                    f"pack-{meeting.pk}@yardstick",
                    Kind.PACK,
                    due,
                    f"{meeting.body.owner_label}, meeting {day:%-d %B %Y}",
                    reverse("meetings:meeting", args=[meeting.pk]),
                    body_id=meeting.body_id,
                )
            )
    if body_id is None:
        measures = None if access.is_performance_team else enterable_measures(access)
        signs = access.is_performance_team or Role.APPROVER in access.roles
        for period in open_periods(organisation_id):
            deadline = due_date(period, rules)
            if deadline is None:
                continue
            rule = rules.get(period.type)
            sign_off = add_working_days(
                deadline, rule.sign_off_working_days if rule else 5, holidays
            )
            if signs and within(sign_off):
                found.append(
                    Entry(
                        f"sign-off-{period.pk}@yardstick",
                        Kind.SIGN_OFF,
                        sign_off,
                        period.label,
                        reverse("collection:sign_off"),
                    )
                )
            if not within(deadline):
                continue
            if measures is not None and not any(expected_in(m, period) for m in measures):
                continue
            found.append(
                Entry(
                    f"returns-{period.pk}@yardstick",
                    Kind.RETURNS,
                    deadline,
                    period.label,
                    reverse("collection:returns"),
                )
            )
        for period in Period.objects.filter(
            organisation_id=organisation_id, status=PeriodStatus.PUBLISHED
        ).exclude(published_at=None):
            day = timezone.localtime(period.published_at).date()
            if within(day):
                found.append(
                    Entry(
                        f"published-{period.pk}@yardstick",
                        Kind.PUBLISHED,
                        day,
                        period.label,
                        reverse("reports:index"),
                    )
                )
    actions = (
        owned_by(user, organisation_id, outcomes=False)
        .exclude(due=None)
        .select_related("meeting__body")
    )
    if body_id is not None:
        actions = actions.filter(meeting__body_id=body_id)
    for action in actions:
        if within(action.due):
            found.append(
                Entry(
                    f"action-{action.pk}@yardstick",
                    Kind.ACTION,
                    action.due,
                    f"{action.text[:80]} ({action.meeting.body.owner_label})",
                    reverse("meetings:action", args=[action.pk]),
                    body_id=action.meeting.body_id,
                )
            )
    return sorted(found, key=lambda entry: (entry.day, entry.starts_at is None, entry.uid))


def _holidays(rules, organisation_id: int) -> BankHolidays:
    rule = next(iter(rules.values()), None)
    if rule is not None:
        return BankHolidays(rule.organisation.bank_holidays)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    return BankHolidays(organisation.bank_holidays if organisation else "")


def feed(user, base_url: str) -> bytes:
    """The calendar of `user` (every entry, past ones too: a calendar keeps its history),
    with links to the pages at `base_url`."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Yardstick: performance calendar")
    stamp = timezone.now()
    base = base_url.rstrip("/")
    for entry in entries(user):
        if entry.starts_at is not None:
            event = Event()
            event.add("uid", entry.uid)
            event.add("dtstamp", stamp)
            event.add("dtstart", entry.starts_at)
            event.add("dtend", entry.starts_at + MEETING_LENGTH)
            event.add("summary", entry.summary)
            if entry.place:
                event.add("location", entry.place)
            event.add("url", base + entry.path)
        else:
            event = _day(entry.uid, stamp, entry.day, entry.summary, base + entry.path)
        calendar.add_component(event)
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
