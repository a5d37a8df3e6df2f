"""Key actions: the "Key Projects and Initiatives" of a plan, grouped into programmes and
workstreams, with milestones, and a return each period from their owner (progress, status,
percentage complete), signed off by an approver like a figure. A project closed as completed
is due a benefits review within six months."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords


class ActionStatus(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    COMPLETED = "completed", "Completed"


class UpdateState(models.TextChoices):
    """Where a period's return on a key project is: the same steps as a figure's."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for changes"
    APPROVED = "approved", "Signed off"


class Programme(models.Model):
    """A programme of key projects (the seed's "Better Deal for Residents"), or, with a
    parent, one of its workstreams."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="programmes"
    )
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workstreams",
        help_text="For a workstream: the programme it belongs to.",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes_led",
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "parent", "name"], name="unique_programme_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name}: {self.name}" if self.parent_id else self.name


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
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        help_text="The programme, or the programme's workstream, the project belongs to.",
    )
    unit = models.ForeignKey(
        "organisations.OrganisationUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_actions",
        verbose_name="organisation unit",
        help_text="Whose approvers sign off its returns (the performance team always can).",
    )
    percent_complete = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    closed_on = models.DateField(
        null=True, blank=True, help_text="When a return saying Completed was signed off."
    )
    history = HistoricalRecords()

    objects = KeyActionQuerySet.as_manager()

    # Read by accounts.access like a measure's: key projects have no partnership.
    partnership_id = None

    class Meta:
        ordering = ["organisation", "theme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unique_action_code"),
        ]

    def __str__(self) -> str:
        return self.title[:80]


class Milestone(models.Model):
    """A step of a key project: planned for a date, done on another."""

    action = models.ForeignKey(KeyAction, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    planned = models.DateField()
    actual = models.DateField(null=True, blank=True, help_text="When it was done.")
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "position", "planned"]

    def __str__(self) -> str:
        return self.title


class ActionUpdateQuerySet(models.QuerySet):
    def signed_off(self) -> ActionUpdateQuerySet:
        """The returns a report may print: signed off by an approver (a draft, or one
        awaiting sign-off, never reaches a board)."""
        return self.filter(state=UpdateState.APPROVED)


class ActionUpdate(models.Model):
    """Progress on a key action in a period, with its status then: the owner's return."""

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
    percent_complete = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    state = models.CharField(
        max_length=20, choices=UpdateState.choices, default=UpdateState.APPROVED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["action", "period__start"]
        constraints = [
            models.UniqueConstraint(fields=["action", "period"], name="unique_action_update"),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.period}"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class BenefitsReview(models.Model):
    """Whether a completed project delivered what it promised: due within six months of its
    close, owned by the project's owner, tracked like an action from a meeting."""

    action = models.OneToOneField(
        KeyAction, on_delete=models.CASCADE, related_name="benefits_review"
    )
    due = models.DateField()
    status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    outcome = models.TextField(blank=True)
    done_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Benefits review: {self.action}"


class ProjectReminder(models.Model):
    """A reminder sent to a key project's owner: its quarter's return overdue (`period` set),
    or its benefits review overdue (no period). Unique per project, period, kind and
    recipient, so running `send_reminders` twice sends nothing twice."""

    action = models.ForeignKey(KeyAction, on_delete=models.CASCADE, related_name="reminders")
    period = models.ForeignKey(
        "framework.Period", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_reminders"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "period", "kind", "recipient"],
                name="unique_project_reminder",
            ),
            # The benefits review's, with no period (NULLs are never equal in the one above).
            models.UniqueConstraint(
                fields=["action", "kind", "recipient"],
                condition=models.Q(period__isnull=True),
                name="unique_project_reminder_without_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.action} to {self.recipient}"
