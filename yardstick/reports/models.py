"""The documents kept for published periods: each period's Strategic Performance Report in
every format, rendered by the background worker and kept in Django's default storage (under
MEDIA_ROOT), so a download of a published period is a file read, not a render.

A document is current while its `version` is the period's (`kept.document_version`): the
version changes when a rating is kept again in the period or in a period its report compares
with (a correction's restatement), and when the period's achievements or key action updates
are edited. A `DocumentRequest` records that a render of one version was asked for, so asking
again (every click, every poll of the "being prepared" page) queues nothing more."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from yardstick.core import challenge_list
from yardstick.framework.models import Period
from yardstick.organisations.models import Organisation
from yardstick.reports.renderers import FORMATS

FORMAT_CHOICES = [(format.name, format.label) for format in FORMATS.values()]


class KeptDocumentQuerySet(models.QuerySet):
    def of(self, period: Period, format_name: str) -> KeptDocumentQuerySet:
        return self.filter(period=period, format=format_name)


class KeptDocument(models.Model):
    """A published period's report in one format, as the public reads it. One row per period
    and format: a render of a newer version replaces the row's file, and the old file is
    removed once the new one is recorded."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="kept_documents"
    )
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="kept_documents")
    format = models.CharField(max_length=10, choices=FORMAT_CHOICES)
    version = models.CharField(
        max_length=100, help_text="The period's version when this file was rendered."
    )
    file = models.FileField(max_length=255, help_text="Where it is kept, under MEDIA_ROOT.")
    filename = models.CharField(max_length=200, help_text="The name the download offers.")
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    rendered_at = models.DateTimeField()

    objects = KeptDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "-period__start", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "format"], name="one_kept_document_per_period_and_format"
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.version})"


class DocumentRequest(models.Model):
    """A render of a period's documents at one version, asked for by publishing, by a
    correction, or by a download that found no current document: at most one per period and
    version, with the job that does it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="document_requests"
    )
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="document_requests")
    version = models.CharField(max_length=100)
    requested_at = models.DateTimeField()
    job_id = models.CharField(max_length=64, blank=True, help_text="The background job's id.")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "version"], name="one_document_request_per_period_and_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} ({self.version})"


class ChallengeListSettings(models.Model):
    """An organisation's challenge list: N, the periods running a target must be missed or
    beaten, and X, the percent it must be beaten by (`core.challenge_list`). Set by the
    performance team (`services.set_challenge_list_settings`); with none, the defaults."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="challenge_list_settings"
    )
    runs = models.PositiveSmallIntegerField(
        default=challenge_list.DEFAULT_RUNS,
        validators=[
            MinValueValidator(challenge_list.RUNS_LOW),
            MaxValueValidator(challenge_list.RUNS_HIGH),
        ],
        help_text="Periods running a target must be missed, or beaten, to be on the list.",
    )
    margin = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=challenge_list.DEFAULT_MARGIN,
        validators=[
            MinValueValidator(challenge_list.MARGIN_LOW),
            MaxValueValidator(challenge_list.MARGIN_HIGH),
        ],
        help_text="Percent of the target a figure must beat it by, every period, to be on it.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "challenge list settings"
        verbose_name_plural = "challenge list settings"

    def __str__(self) -> str:
        return f"Challenge list of {self.organisation}"
