"""Every import: the file as uploaded, who brought it, and what it did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportKind(models.TextChoices):
    UNITS = "units", "Organisation units"
    PLANS = "plans", "Plans"
    THEMES = "themes", "Themes and priorities"
    MEASURES = "measures", "Measures"
    TARGETS = "targets", "Targets"
    FIGURES = "figures", "Figures"
    ACTIONS = "actions", "Key actions"
    ACTION_UPDATES = "action-updates", "Key action updates"
    MILESTONES = "milestones", "Key project milestones"
    BODIES = "bodies", "Bodies"
    MEETINGS = "meetings", "Meetings"
    MEETING_ACTIONS = "meeting-actions", "Actions agreed at meetings"
    SCORECARD = "scorecard", "Scorecard (figures and targets as printed)"
    HISTORY = "history", "Published history (reports published before Yardstick)"
    WORKBOOK = "workbook", "Workbook (a sheet per kind)"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the background worker"
    RUNNING = "running", "Being worked on in the background"
    PREVIEWED = "previewed", "Previewed, waiting to be confirmed"
    APPLIED = "applied", "Applied"
    REJECTED = "rejected", "Not applied: the file has problems"
    DRY_RUN = "dry_run", "Dry run: nothing was changed"


class ImportStage(models.TextChoices):
    CHECKING = "checking", "Checking rows"
    WRITING = "writing", "Importing rows"


class ImportRunQuerySet(models.QuerySet):
    def in_organisation(self, organisation) -> ImportRunQuerySet:
        return self.filter(organisation=organisation)

    def recent(self, count: int = 10) -> ImportRunQuerySet:
        return self.select_related("created_by").order_by("-created_at", "-id")[:count]


class ImportRun(models.Model):
    """One import of one file. The upload page keeps the file here between the preview and
    the confirmation; the command line records its runs here too."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="import_runs"
    )
    kind = models.CharField(max_length=30, choices=ImportKind.choices)
    filename = models.CharField(max_length=255)
    read_as = models.CharField(
        max_length=60, blank=True, help_text="How a CSV file's text was read, when not UTF-8."
    )
    content = models.BinaryField(
        blank=True, default=b"", help_text="The file exactly as it was uploaded (a short one)."
    )
    file = models.FileField(
        upload_to="imports/%Y/%m/",
        blank=True,
        help_text="A long file, exactly as it was uploaded, kept in storage for the background "
        "worker (and the command line's files, read as a stream).",
    )
    figure_status = models.CharField(
        max_length=20,
        default="submitted",
        help_text="The status imported figures for open periods are given.",
    )
    correction_reason = models.TextField(
        blank=True,
        help_text="Why figures of published periods are corrected by this import (none: they "
        "are refused).",
    )
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    summary = models.JSONField(
        default=dict, blank=True, help_text="Records created, changed and left alone, by kind."
    )
    problems = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    # A long file is checked, and once confirmed written, by the background worker
    # (yardstick.imports.tasks.run_import); the page shows how far it has gone.
    in_background = models.BooleanField(default=False)
    apply_when_checked = models.BooleanField(
        default=False, help_text="The queued job writes the file (confirmed), not only checks it."
    )
    stage = models.CharField(max_length=20, choices=ImportStage.choices, blank=True)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    job_id = models.CharField(max_length=64, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.filename} ({self.get_status_display()})"

    @property
    def is_applied(self) -> bool:
        return self.status == ImportStatus.APPLIED

    @property
    def can_be_applied(self) -> bool:
        return self.status == ImportStatus.PREVIEWED

    @property
    def is_waiting(self) -> bool:
        """Queued for, or being worked on by, the background worker."""
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)

    @property
    def percent_done(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)
