"""The framework for a financial year: plans, themes and priorities, and reporting periods."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from yardstick.choices import choices
from yardstick.core import periods as core_periods
from yardstick.core.periods import PeriodType


class PeriodStatus(models.TextChoices):
    OPEN = "open", "Open for returns"
    PUBLISHED = "published", "Published and locked"


class PeriodQuerySet(models.QuerySet):
    def in_organisation(self, organisation) -> PeriodQuerySet:
        return self.filter(organisation=organisation)

    def published(self) -> PeriodQuerySet:
        return self.filter(status=PeriodStatus.PUBLISHED)

    def of_type(self, period_type: str) -> PeriodQuerySet:
        return self.filter(type=period_type)


class Period(models.Model):
    """A reporting period of one organisation: a month, quarter, half-year, year or term.

    Its dates and key come from the core (`yardstick.core.periods`); publishing a period
    locks its figures and keeps the ratings as reported.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="periods"
    )
    type = models.CharField(max_length=20, choices=choices(PeriodType))
    start = models.DateField()
    end = models.DateField()
    key = models.CharField(max_length=30, help_text="Canonical key, e.g. 2018-19 Q2.")
    label = models.CharField(max_length=40, help_text="As printed, e.g. Q2 2018/19.")
    status = models.CharField(
        max_length=20, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    deadline = models.DateField(
        null=True, blank=True, help_text="The date by which owners must submit their figures."
    )
    opens_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day returns open, when the performance team sets one (otherwise when "
        "the period before is published).",
    )
    opened_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When returns were opened: targets carried forward, owners told.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kept_version = models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        help_text="Renewed whenever the ratings kept for the period are kept, restated or "
        "corrected (measures.services.renew_kept_version): what is shown for a published "
        "period is cached under it, so a cached answer is never read after a change.",
    )
    history = HistoricalRecords()

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "start", "end"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="unique_period_key"),
        ]
        # One period across councils ('2018-19 Q2' everywhere, for benchmarking).
        indexes = [models.Index(fields=["key"], name="period_key")]

    def __str__(self) -> str:
        return self.label

    @staticmethod
    def given_organisation(periods: list[Period], organisation) -> list[Period]:
        """`periods` (all of `organisation`'s), each holding the organisation already read,
        so that what is asked of them (their neighbours, `as_core`) never reads it again."""
        field = Period._meta.get_field("organisation")
        for period in periods:
            field.set_cached_value(period, organisation)
        return periods

    @property
    def is_published(self) -> bool:
        return self.status == PeriodStatus.PUBLISHED

    def as_core(self) -> core_periods.Period:
        return core_periods.Period(
            type=PeriodType(self.type),
            start=self.start,
            end=self.end,
            fy_start_month=self.organisation.financial_year_start_month,
        )


HORIZON_YEARS = (1990, 2100)  # the earliest and latest financial year a plan may cover


class PlanKind(models.TextChoices):
    COMMUNITY = "community", "Community plan"
    CORPORATE = "corporate", "Corporate plan"
    DIRECTORATE = "directorate", "Directorate service improvement plan"
    TEAM = "team", "Team delivery plan"


class PlanQuerySet(models.QuerySet):
    def for_year(self, financial_year: int) -> PlanQuerySet:
        return self.filter(financial_year=financial_year)


class PlanManager(models.Manager.from_queryset(PlanQuerySet)):
    """Plans come with their organisation, whose start month labels their year."""

    def get_queryset(self) -> PlanQuerySet:
        return super().get_queryset().select_related("organisation")


class Plan(models.Model):
    """A plan in the hierarchy for one financial year (community, corporate, directorate, team)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="plans"
    )
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts in: 2018 for 2018/19."
    )
    kind = models.CharField(max_length=20, choices=PlanKind.choices)
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    unit = models.ForeignKey(
        "organisations.OrganisationUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        help_text="The directorate or team a service or delivery plan belongs to.",
    )
    first_year = models.PositiveSmallIntegerField(
        "horizon from",
        null=True,
        blank=True,
        validators=[MinValueValidator(HORIZON_YEARS[0]), MaxValueValidator(HORIZON_YEARS[1])],
        help_text="The first financial year the plan covers (2018 for 2018/19). Blank: the "
        "plan's own year.",
    )
    last_year = models.PositiveSmallIntegerField(
        "horizon to",
        null=True,
        blank=True,
        validators=[MinValueValidator(HORIZON_YEARS[0]), MaxValueValidator(HORIZON_YEARS[1])],
        help_text="The last financial year the plan covers (2021 for 2021/22). Blank: the "
        "plan's own year.",
    )
    history = HistoricalRecords()

    objects = PlanManager()

    class Meta:
        ordering = ["organisation", "-financial_year", "kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "financial_year", "code"], name="unique_plan_code"
            ),
            models.CheckConstraint(
                condition=models.Q(first_year__isnull=True)
                | models.Q(last_year__isnull=True)
                | models.Q(last_year__gte=models.F("first_year")),
                name="plan_horizon_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year_label})"

    def clean(self) -> None:
        if self.financial_year is None:
            return
        first, last = self.horizon_years
        if last < first:
            raise ValidationError({"last_year": "The horizon cannot end before it starts."})
        if not first <= self.financial_year <= last:
            raise ValidationError(
                {"first_year": "The plan's horizon must include the plan's own year."}
            )

    @property
    def horizon_years(self) -> tuple[int, int]:
        """The first and last financial years the plan covers (its own year when not set)."""
        return (self.first_year or self.financial_year, self.last_year or self.financial_year)

    @property
    def horizon_label(self) -> str:
        """'2018/19 to 2021/22'; '2018/19' for a plan of one year."""
        first, last = (
            core_periods.year_label(year, self.organisation.financial_year_start_month)
            for year in self.horizon_years
        )
        return first if first == last else f"{first} to {last}"

    @property
    def year_label(self) -> str:
        """'2018/19'; '2018' for an organisation whose year starts in January."""
        return core_periods.year_label(
            self.financial_year, self.organisation.financial_year_start_month
        )


class ThemeKind(models.TextChoices):
    THEME = "theme", "Strategic theme"
    PRIORITY = "priority", "Priority"


class Theme(models.Model):
    """A strategic theme of a plan, or a priority under a theme."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="priorities"
    )
    kind = models.CharField(max_length=20, choices=ThemeKind.choices, default=ThemeKind.THEME)
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    portfolio_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portfolio_themes",
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_themes",
        help_text="The officer who writes the theme's achievements for the report.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="unique_theme_code"),
        ]

    def __str__(self) -> str:
        return self.title


NARRATIVE_LENGTH = 6000  # characters of an introduction, a summary or a theme's achievements
TERM_LENGTH = 20
MEANING_LENGTH = 200


class NarrativeState(models.TextChoices):
    """Where the report's written text for a period is: written, submitted for sign-off, or
    signed off by the performance team (a published report prints signed-off text only)."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for sign-off"
    SIGNED_OFF = "signed_off", "Signed off"


class Narrative(models.Model):
    """The steps every piece of the report's written text goes through."""

    state = models.CharField(
        max_length=20, choices=NarrativeState.choices, default=NarrativeState.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_signed_off(self) -> bool:
        return self.state == NarrativeState.SIGNED_OFF


class ThemeSummary(Narrative):
    """What a theme achieved in a period, as written for the Strategic Performance Report by
    the theme's lead officer or the performance team."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="summaries")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="theme_summaries")
    achievements = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "theme summaries"
        constraints = [
            models.UniqueConstraint(fields=["theme", "period"], name="unique_theme_summary"),
        ]

    def __str__(self) -> str:
        return f"{self.theme}: {self.period}"

    @property
    def text(self) -> str:
        return self.achievements


class Introduction(Narrative):
    """The front of a period's Strategic Performance Report, written by the performance team:
    the introduction (the plan and its themes) and the summary of achievements across the
    themes that opens the themes' own achievements."""

    period = models.OneToOneField(Period, on_delete=models.CASCADE, related_name="introduction")
    introduction = models.TextField(blank=True)
    summary = models.TextField(
        blank=True, help_text="What the quarter achieved across the themes, before each theme's."
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Introduction: {self.period}"

    @property
    def text(self) -> str:
        return f"{self.introduction}\n\n{self.summary}".strip()


class Abbreviation(models.Model):
    """A term of the organisation's glossary: the report explains it in a footnote where its
    text first uses it."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="abbreviations"
    )
    term = models.CharField(max_length=TERM_LENGTH, help_text="As written, e.g. MOPAC.")
    meaning = models.CharField(
        max_length=MEANING_LENGTH, help_text="e.g. Mayor's Office for Policing and Crime."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "term"], name="unique_abbreviation_term"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term}: {self.meaning}"
