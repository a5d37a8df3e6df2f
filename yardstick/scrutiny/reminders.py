"""Reminders about scrutiny follow-ups: to each responsible officer with an account, one
e-mail listing their open recommendations whose follow-up is due with no update since it
was promised, once per recommendation and follow-up (`FollowUpReminder`). Sent by
`send_reminders` with the figures' reminders, the same way: recorded as each e-mail is
handed to the mail server, so running twice sends nothing twice.

When a follow-up is due: on its day ("Meeting arranged for 27 February 2012"), or the day
after its period ends ("Will report back at Q3 2011/12": from 1 January 2012). An update
counts as the follow-up when it is dated within its period, or (for a day) within the
FOLLOW_UP_WINDOW days before it; a later update needs no chasing either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.mail import EmailMessage
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from yardstick.accounts.mail import Outcome, reminder_letter, send_to_each
from yardstick.scrutiny.models import FollowUpReminder, Recommendation

FOLLOW_UP_WINDOW = 91  # days before a follow-up's day in which an update answers it


@dataclass(frozen=True)
class FollowUp:
    """When a recommendation's follow-up is due, and from when an update answers it."""

    due: date
    since: date
    label: str


def follow_up_of(recommendation: Recommendation) -> FollowUp | None:
    if recommendation.follow_up_on is not None:
        day = recommendation.follow_up_on
        return FollowUp(day, day - timedelta(days=FOLLOW_UP_WINDOW), f"{day:%-d %B %Y}")
    period = recommendation.follow_up_period
    if period is not None:
        return FollowUp(period.end + timedelta(days=1), period.start, period.label)
    return None


def follow_ups_owed(
    as_of: date, organisation_ids: Iterable[int] | None = None
) -> list[tuple[Recommendation, FollowUp]]:
    """Open or in-progress recommendations with a responsible officer whose follow-up is due
    on `as_of`, with no update since it was promised, that the officer has not been told
    about."""
    recommendations = (
        Recommendation.objects.live()
        .filter(officer__isnull=False)
        .exclude(follow_up_on__isnull=True, follow_up_period__isnull=True)
        .select_related("officer", "follow_up_period", "review")
        .annotate(last_update=Max("updates__dated"))
        .order_by("officer_id", "review_id", "number")
    )
    if organisation_ids is not None:
        recommendations = recommendations.filter(review__organisation_id__in=list(organisation_ids))
    owed = []
    for recommendation in recommendations:
        follow_up = follow_up_of(recommendation)
        if follow_up is None or follow_up.due > as_of:
            continue
        if recommendation.last_update is not None and recommendation.last_update >= follow_up.since:
            continue
        owed.append((recommendation, follow_up))
    if not owed:
        return []
    told = set(
        FollowUpReminder.objects.filter(
            recommendation__in=[recommendation for recommendation, _ in owed]
        ).values_list("recommendation_id", "due", "recipient_id")
    )
    return [
        (recommendation, follow_up)
        for recommendation, follow_up in owed
        if (recommendation.pk, follow_up.due, recommendation.officer_id) not in told
    ]


def compose(officer, items: list[tuple[Recommendation, FollowUp]], base_url: str) -> EmailMessage:
    entries = []
    for recommendation, follow_up in items:
        link = base_url.rstrip("/") + reverse("scrutiny:update", args=[recommendation.pk])
        entries.append(
            f"- {recommendation.review.title}, recommendation {recommendation.number}: "
            f"{recommendation.text[:200]} (report back at {follow_up.label})"
        )
        entries.append(f"  Add an update on action at {link}")
    count = len(items)
    return reminder_letter(
        officer,
        subject=f"Follow-up due: {count} scrutiny recommendation{'s' if count != 1 else ''}",
        intro="A follow-up is due on these scrutiny recommendations you are responsible for:",
        entries=entries,
        closing="Scrutiny members read your update in the recommendations tracker.",
    )


def send_follow_up_reminders(
    as_of: date,
    organisation_ids: Iterable[int] | None,
    connection,
    *,
    dry_run: bool = False,
    base_url: str = "",
) -> Outcome:
    def record(officer, items: list[tuple[Recommendation, FollowUp]]) -> None:
        FollowUpReminder.objects.bulk_create(
            FollowUpReminder(
                recommendation=recommendation,
                due=follow_up.due,
                recipient=officer,
                sent_at=timezone.now(),
            )
            for recommendation, follow_up in items
        )

    return send_to_each(
        follow_ups_owed(as_of, organisation_ids),
        lambda item: item[0].officer,
        lambda officer, items: compose(officer, items, base_url),
        record,
        connection,
        dry_run=dry_run,
    )
