"""Sending an e-mail and recording that it was sent, together: what every reminder does."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What a run of reminders did: e-mails sent, reminders recorded, recipients skipped,
    failures."""

    emails: int = 0
    reminders: int = 0
    skipped_no_email: set = field(default_factory=set)
    failures: list[str] = field(default_factory=list)

    def add(self, other: Outcome) -> None:
        self.emails += other.emails
        self.reminders += other.reminders
        self.skipped_no_email |= other.skipped_no_email
        self.failures += other.failures

    def send(self, message: EmailMessage, record: Callable[[], object], reminders: int) -> None:
        """Send `message` recording it (`send_recorded`), and count what happened: one e-mail
        of `reminders` reminders, a failure, or nothing when another run sent it first."""
        failure = send_recorded(message, record)
        if failure is None:
            self.emails += 1
            self.reminders += reminders
        elif failure:
            self.failures.append(failure)


def send_recorded(message: EmailMessage, record: Callable[[], object]) -> str | None:
    """Record the sending (`record`, which writes rows unique per thing and recipient) and
    hand `message` to the mail server in one transaction: running twice sends nothing twice,
    and an e-mail that fails to send is not recorded, so the next run tries it again.

    Returns None when sent, "" when another run had recorded it first (theirs is the one
    sent), or the failure in words ("address: reason")."""
    try:
        with transaction.atomic():
            record()
            message.send()
    except IntegrityError:
        return ""
    except OSError as error:  # the mail server refused or could not be reached
        recipient = ", ".join(message.to)
        logger.warning("Reminder to %s not sent: %s", recipient, error)
        return f"{recipient}: {error}"
    return None


def reminder_from() -> str:
    """The address reminders come from: YARDSTICK_REMINDER_FROM, else DEFAULT_FROM_EMAIL."""
    return getattr(settings, "YARDSTICK_REMINDER_FROM", None) or settings.DEFAULT_FROM_EMAIL


def reminder_letter(
    person, *, subject: str, intro: str, entries: Iterable[str], closing: str
) -> EmailMessage:
    """A reminder to `person` as every reminder is written: the greeting, `intro`, a line (or
    lines) per item in `entries`, `closing`, and that it is automatic; from `reminder_from`."""
    lines = [f"Dear {person.get_full_name() or person.username},", "", intro, "", *entries]
    lines += ["", closing, "", "This is an automatic reminder from Yardstick."]
    return EmailMessage(
        subject=subject, body="\n".join(lines), from_email=reminder_from(), to=[person.email]
    )


def send_to_each(
    items: Iterable,
    person_of: Callable,
    compose: Callable[[object, list], EmailMessage],
    record: Callable[[object, list], object],
    connection,
    *,
    dry_run: bool = False,
) -> Outcome:
    """One e-mail to each person with their items, in the order given: `person_of(item)` is
    who it goes to, `compose(person, items)` the message and `record(person, items)` writes
    the rows that say they were told (sent and recorded together: `send_recorded`). A person
    without an e-mail address is skipped and named; with `dry_run` nothing is sent, only
    counted. What the reminders of actions, key projects, scrutiny follow-ups and risks do."""
    by_person: dict[int, list] = defaultdict(list)
    outcome = Outcome()
    for item in items:
        person = person_of(item)
        if not person.email:
            outcome.skipped_no_email.add(person.username)
            continue
        by_person[person.pk].append(item)
    if dry_run:
        outcome.emails = len(by_person)
        outcome.reminders = sum(len(group) for group in by_person.values())
        return outcome
    for group in by_person.values():
        person = person_of(group[0])
        message = compose(person, group)
        message.connection = connection
        outcome.send(message, lambda person=person, group=group: record(person, group), len(group))
    return outcome
