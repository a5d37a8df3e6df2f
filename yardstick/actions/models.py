"""Key actions: the "Key Projects and Initiatives" of a plan, with progress each period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ActionStatus(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    COMPLETED = "completed", "Completed"


class KeyActionQuerySet(models.QuerySet):
    def in_organisation(self, organisation) -> KeyActionQuerySet:
        return self.filter(organisation=organisation)

    def for_theme(self, theme) -> KeyActionQuerySet:
        return self.filter(theme=theme)


class KeyAction(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="key_actions"
    )
    code = models.CharField(max_length=40)
    theme = models.ForeignKey(
        "framework.Theme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_actions",
    )
    title = models.TextField(help_text="The action as the plan states it.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_actions",
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.GREEN
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = KeyActionQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "theme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unique_action_code"),
        ]

    def __str__(self) -> str:
        return self.title[:80]


class ActionUpdate(models.Model):
    """Progress on a key action in a period, with its status then."""

    action = models.ForeignKey(KeyAction, on_delete=models.CASCADE, related_name="updates")
    period = models.ForeignKey(
        "framework.Period", on_delete=models.PROTECT, related_name="action_updates"
    )
    progress = models.TextField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "period__start"]
        constraints = [
            models.UniqueConstraint(fields=["action", "period"], name="unique_action_update"),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.period}"
