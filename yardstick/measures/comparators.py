"""Comparator data for benchmarking: groups of areas (CIPFA nearest neighbours, London
boroughs, England, any list of ONS GSS codes) and other areas' figures for a measure.

They live in the measures app, not an app of their own between measures and scorecards,
because the measure page (here) shows how the council compares and the layers point inward:
an app above measures could not feed the measure page without an upward import. The
statistics are the core's (`core.benchmark`); what a group's figures are is
`measures.benchmarking`'s.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from yardstick.bounds import EARLIEST
from yardstick.core.benchmark import AREA_CODE, AREA_CODE_HELP

DECIMAL = {"max_digits": 20, "decimal_places": 6}
area_code_validator = RegexValidator(f"^{AREA_CODE.pattern}$", AREA_CODE_HELP)


def taken_on_problem(day: date, today: date | None = None) -> str:
    """Why `day` cannot be the day figures were taken from their source ('' if it can): on
    or after 1 January 2000 (bounds.EARLIEST) and not after today."""
    today = today or timezone.localdate()
    if day < EARLIEST:
        return "is before 1 January 2000"
    if day > today:
        return "is after today: give the day the figures were taken"
    return ""


def validate_taken_on(day: date) -> None:
    problem = taken_on_problem(day)
    if problem:
        raise ValidationError(f"The day taken {problem}.")


class ComparatorGroupQuerySet(models.QuerySet):
    def in_organisation(self, organisation) -> ComparatorGroupQuerySet:
        return self.filter(organisation=organisation)


class ComparatorGroup(models.Model):
    """A list of areas a council compares itself with: "London boroughs", "CIPFA nearest
    neighbours". Its members are importable (the `comparator-groups` file) and editable in
    the administration."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="comparator_groups"
    )
    code = models.SlugField(max_length=40, help_text="A short reference, unique in the council.")
    name = models.CharField(
        max_length=200, help_text='As pages print it: "bottom quartile in London boroughs".'
    )
    description = models.TextField(blank=True, help_text="Where the list comes from.")
    history = HistoricalRecords()

    objects = ComparatorGroupQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="unique_comparator_group_code"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ComparatorMember(models.Model):
    """One area of a group, by its ONS GSS code."""

    group = models.ForeignKey(ComparatorGroup, on_delete=models.CASCADE, related_name="members")
    area_code = models.CharField(max_length=9, validators=[area_code_validator])
    area_name = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "area_name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "area_code"], name="unique_comparator_member")
        ]

    def __str__(self) -> str:
        return f"{self.area_name} ({self.area_code})"


class ComparatorValue(models.Model):
    """Another area's figure for one of the council's measures in one period (by the period's
    key, '2018-19 Q2', the same in every council), with where it came from and when."""

    measure = models.ForeignKey(
        "measures.Measure", on_delete=models.CASCADE, related_name="comparator_values"
    )
    period_key = models.CharField(max_length=30, help_text="The period, e.g. 2018-19 Q2.")
    area_code = models.CharField(max_length=9, validators=[area_code_validator])
    area_name = models.CharField(max_length=200)
    value = models.DecimalField(**DECIMAL)
    source = models.CharField(max_length=300, help_text="e.g. LG Inform, metric 1234.")
    taken_on = models.DateField(
        validators=[validate_taken_on],
        help_text="The day the figures were taken from the source.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "period_key", "area_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period_key", "area_code"], name="unique_comparator_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_name} {self.period_key}: {self.value}"
