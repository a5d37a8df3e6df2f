"""Collecting the figures: deadline rules per frequency and the reminders sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from yardstick.choices import choices
from yardstick.core.periods import Frequency


class DeadlineRule(models.Model):
    """When figures of one frequency are due: so many working days after the period ends
    (e.g. 15 working days after quarter end), set by the performance team."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="deadline_rules"
    )
    frequency = models.CharField(max_length=20, choices=choices(Frequency))
    working_days_after = models.PositiveSmallIntegerField(default=15)
    remind_days_before = models.PositiveSmallIntegerField(
        default=5, help_text="Send the first reminder this many days before the deadline."
    )
    escalate_days_after = models.PositiveSmallIntegerField(
        default=5,
        help_text="Escalate to the approver this many days after the deadline, and to the "
        "performance team twice as long after.",
    )
    sign_off_working_days = models.PositiveSmallIntegerField(
        default=5,
        help_text="Figures are to be signed off this many working days after the returns "
        "deadline (on the calendars of approvers and the performance team).",
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "frequency"], name="unique_deadline_rule"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()}: {self.working_days_after} working days after"


class ReminderKind(models.TextChoices):
    OPENED = "opened", "Returns open"
    BEFORE_DEADLINE = "before_deadline", "Due soon"
    OVERDUE = "overdue", "Overdue"
    ESCALATED_TO_APPROVER = "escalated_to_approver", "Escalated to the approver"
    ESCALATED_TO_TEAM = "escalated_to_team", "Escalated to the performance team"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting sign-off, to the approver"


class Reminder(models.Model):
    """One reminder e-mail sent. Unique per measure, period, kind and recipient, so running
    `send_reminders` twice sends nothing twice."""

    measure = models.ForeignKey(
        "measures.Measure", on_delete=models.CASCADE, related_name="reminders"
    )
    period = models.ForeignKey(
        "framework.Period", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period", "kind", "recipient"], name="unique_reminder"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} for {self.measure}"


class CalendarLink(models.Model):
    """A person's secret link to their calendar feed (`collection.calendar`), which Outlook
    or Google Calendar reads without signing in. Only a digest of the link's token is kept:
    the link is shown once, when made; making a new one stops the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_link"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Calendar link of {self.user}"
