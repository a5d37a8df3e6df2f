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
    SCORECARD = "scorecard", "Scorecard (figures and targets as printed)"
    HISTORY = "history", "Published history (reports published before Yardstick)"
    WORKBOOK = "workbook", "Workbook (a sheet per kind)"


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "Previewed, waiting to be confirmed"
    APPLIED = "applied", "Applied"
    REJECTED = "rejected", "Not applied: the file has problems"
    DRY_RUN = "dry_run", "Dry run: nothing was changed"


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
    content = models.BinaryField(help_text="The file exactly as it was uploaded.")
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
