"""Reminders about overdue actions: to each owner with an account, one e-mail listing their
actions past their due date and still open, once per action (`ActionReminder`). Sent by
`send_reminders` with the figures' reminders, the same way: recorded as each e-mail is
handed to the mail server, so running twice sends nothing twice."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from yardstick.accounts.mail import Outcome, reminder_letter, send_to_each
from yardstick.meetings.models import ActionReminder, ActionStatus, AgreedAction

OVERDUE = "overdue"


def overdue_unreminded(as_of: date, organisation_ids: Iterable[int] | None = None) -> list:
    """Open actions owned by a person, due before `as_of`, whose owner has not been told."""
    actions = AgreedAction.objects.filter(
        status=ActionStatus.OPEN, due__lt=as_of, owner__isnull=False
    ).exclude(reminders__kind=OVERDUE)
    if organisation_ids is not None:
        actions = actions.filter(organisation_id__in=list(organisation_ids))
    return list(actions.select_related("owner", "meeting__body").order_by("owner_id", "due", "id"))


def compose(owner, actions: list[AgreedAction], base_url: str) -> EmailMessage:
    entries = []
    for action in actions:
        link = base_url.rstrip("/") + reverse("meetings:action", args=[action.pk])
        entries.append(
            f"- {action.text} ({action.meeting.body.name}, "
            f"{action.meeting.starts_at:%-d %B %Y}; due {action.due:%-d %B %Y})"
        )
        entries.append(f"  Update it at {link}")
    count = len(actions)
    return reminder_letter(
        owner,
        subject=f"Overdue: {count} action{'s' if count != 1 else ''} from meetings",
        intro="These actions agreed at meetings are past their due date and still open:",
        entries=entries,
        closing="The next meeting reads your update in its log of actions.",
    )


def send_action_reminders(
    as_of: date,
    organisation_ids: Iterable[int] | None,
    connection,
    *,
    dry_run: bool = False,
    base_url: str = "",
) -> Outcome:
    def record(owner, actions: list[AgreedAction]) -> None:
        ActionReminder.objects.bulk_create(
            ActionReminder(action=action, kind=OVERDUE, recipient=owner, sent_at=timezone.now())
            for action in actions
        )

    return send_to_each(
        overdue_unreminded(as_of, organisation_ids),
        lambda action: action.owner,
        lambda owner, actions: compose(owner, actions, base_url),
        record,
        connection,
        dry_run=dry_run,
    )
