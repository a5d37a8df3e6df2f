"""Background jobs of collection, run by the worker (`manage.py run_worker`)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django_tasks import task

from yardstick.collection import reminders, services


@task()
def send_reminders(as_of: str | None = None) -> dict[str, int]:
    """Send the reminders owed today (or on `as_of`, YYYY-MM-DD), as `manage.py
    send_reminders` does. Idempotent: every reminder is recorded as its e-mail is sent, so a
    job run twice, or run again after its worker died, sends each e-mail once."""
    day = date.fromisoformat(as_of) if as_of else timezone.localdate()
    outcome = reminders.send_reminders(day)
    return {
        "emails": outcome.emails,
        "reminders": outcome.reminders,
        "failures": len(outcome.failures),
    }


@task()
def open_periods(as_of: str | None = None) -> dict[str, object]:
    """Open for returns the periods whose opening day has come by today (or `as_of`,
    YYYY-MM-DD), as `manage.py open_periods` does. Idempotent: a period opened is marked
    so (in the same transaction as its targets), and opening it again does nothing."""
    day = date.fromisoformat(as_of) if as_of else timezone.localdate()
    opened = services.open_due_periods(day)
    return {
        "opened": [f"{item.period.organisation.name}: {item.period.label}" for item in opened],
        "targets_carried": sum(item.carried for item in opened),
        "targets_profiled": sum(item.profiled for item in opened),
    }
