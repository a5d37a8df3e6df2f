"""Data quality statements: each measure's statement by the Audit Commission's six dimensions
(`yardstick.core.statements`), with its assessments, data quality risk, review date and
sign-off; and the reminders sent when a review is overdue.

A statement is kept in versions. Its owner (or the performance team) writes a draft; the
measure's owner, an approver of its area or the performance team signs it off, and the
version signed off before it is marked replaced. Changing a signed-off statement starts a
new draft; the signed-off version stays the one shown until the draft is signed off. The
writes are `yardstick.measures.statement_services`'.

They live in the measures app because the measure page (here) shows the statement and the
layers point inward (see `comparators`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from simple_history.models import HistoricalRecords

from yardstick.choices import choices
from yardstick.core.statements import (
    ASSESSMENT_LABELS,
    TEXT_LIMIT,
    Assessment,
    DataQualityRisk,
    Dimension,
)


class StatementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED_OFF = "signed_off", "Signed off"
    REPLACED = "replaced", "Replaced by a later version"


def _text(dimension: Dimension) -> models.TextField:
    return models.TextField(
        dimension.value.capitalize(),
        blank=True,
        validators=[MaxLengthValidator(TEXT_LIMIT)],
    )


def _assessment(dimension: Dimension) -> models.CharField:
    return models.CharField(
        f"{dimension.value} assessed",
        max_length=20,
        blank=True,
        choices=choices(Assessment, ASSESSMENT_LABELS),
    )


class StatementQuerySet(models.QuerySet):
    def signed_off(self) -> StatementQuerySet:
        """The version each measure shows: signed off and not replaced (one per measure)."""
        return self.filter(status=StatementStatus.SIGNED_OFF)

    def drafts(self) -> StatementQuerySet:
        return self.filter(status=StatementStatus.DRAFT)

    def in_organisation(self, organisation_id: int) -> StatementQuerySet:
        return self.filter(measure__organisation_id=organisation_id)


class DataQualityStatement(models.Model):
    """One version of a measure's data quality statement."""

    measure = models.ForeignKey(
        "measures.Measure", on_delete=models.CASCADE, related_name="dq_statements"
    )
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(
        max_length=20, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    accuracy = _text(Dimension.ACCURACY)
    accuracy_assessment = _assessment(Dimension.ACCURACY)
    validity = _text(Dimension.VALIDITY)
    validity_assessment = _assessment(Dimension.VALIDITY)
    reliability = _text(Dimension.RELIABILITY)
    reliability_assessment = _assessment(Dimension.RELIABILITY)
    timeliness = _text(Dimension.TIMELINESS)
    timeliness_assessment = _assessment(Dimension.TIMELINESS)
    relevance = _text(Dimension.RELEVANCE)
    relevance_assessment = _assessment(Dimension.RELEVANCE)
    completeness = _text(Dimension.COMPLETENESS)
    completeness_assessment = _assessment(Dimension.COMPLETENESS)
    risk = models.CharField(
        "data quality risk", max_length=10, blank=True, choices=choices(DataQualityRisk)
    )
    review_date = models.DateField(
        null=True, blank=True, help_text="When the statement is next reviewed."
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "version"], name="unique_dq_statement_version"
            ),
            models.UniqueConstraint(
                fields=["measure"],
                condition=models.Q(status="draft"),
                name="one_dq_statement_draft",
            ),
            models.UniqueConstraint(
                fields=["measure"],
                condition=models.Q(status="signed_off"),
                name="one_dq_statement_signed_off",
            ),
        ]
        verbose_name = "data quality statement"

    def __str__(self) -> str:
        return f"{self.measure.code}: data quality statement, version {self.version}"

    @property
    def dimensions(self) -> list[tuple[str, str, str, str]]:
        """(dimension, text, assessment value, assessment label) in the Audit Commission's
        order, for pages and files."""
        return [
            (
                dimension.value,
                getattr(self, dimension.value),
                getattr(self, f"{dimension.value}_assessment"),
                getattr(self, f"get_{dimension.value}_assessment_display")(),
            )
            for dimension in Dimension
        ]


class StatementReminder(models.Model):
    """A reminder sent that a statement's review is overdue: one per statement version,
    review date and recipient, so running `send_reminders` twice sends nothing twice."""

    statement = models.ForeignKey(
        DataQualityStatement, on_delete=models.CASCADE, related_name="reminders"
    )
    review_date = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="statement_reminders"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "review_date", "recipient"],
                name="unique_statement_reminder",
            ),
        ]

    def __str__(self) -> str:
        return f"Review overdue: {self.statement} to {self.recipient}"
