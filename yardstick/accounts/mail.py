"""Sending an e-mail and recording that it was sent, together: what every reminder does."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

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
