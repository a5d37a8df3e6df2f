"""Measures (performance indicators), their targets per period and their figures per period."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from yardstick.accounts.access import Sight
from yardstick.choices import choices
from yardstick.core.combine import COMBINE_LABELS, Combine
from yardstick.core.periods import Frequency
from yardstick.core.profiles import ProfileMethod
from yardstick.core.ratings import POLARITY_LABELS, Band, Polarity, SchemeKind, ToleranceScheme
from yardstick.core.targets import ChangeDirection, TargetKind
from yardstick.core.trend import ComparisonBasis, Trend
from yardstick.core.values import (
    LARGEST_KEPT,
    PLACES,
    CollectionType,
    MissingState,
    ValueType,
)
from yardstick.measures.comparators import (  # noqa: F401
    ComparatorGroup,
    ComparatorMember,
    ComparatorValue,
)

# The comparator models are the measures app's, in their own module (imported here so Django
# registers them with the app).
from yardstick.measures.rules import AGREED_BY_LENGTH, BY_HAND_LENGTH, TARGET_SOURCE_LENGTH
from yardstick.measures.statements import (  # noqa: F401
    DataQualityStatement,
    StatementReminder,
)

DECIMAL = {"max_digits": 20, "decimal_places": 6}


def kept_amounts(model: str, fields: tuple[str, ...]) -> list[models.CheckConstraint]:
    """The database refuses an amount Yardstick cannot keep (core.values.fits): beyond
    99999999999999.9 either way. The rules refuse it where it is typed; this stops an old
    row or a bug that writes around them. Without it SQLite takes any size and Django
    cannot read it back, so every page showing it fails."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{field}__isnull": True})
            | models.Q(**{f"{field}__gte": -LARGEST_KEPT, f"{field}__lte": LARGEST_KEPT}),
            name=f"{model}_{field}_kept",
            violation_error_message=(
                f"{LARGEST_KEPT:,} is the largest amount that can be kept, either way."
            ),
        )
        for field in fields
    ]


def check_thresholds(scheme, high_green, amber, low_red, absolute_tolerance) -> None:
    """The core refuses impossible tolerance schemes; say so as a form error, not a 500."""
    try:
        ToleranceScheme(
            kind=SchemeKind(scheme),
            high_green=high_green,
            amber=amber,
            low_red=low_red,
            absolute_tolerance=absolute_tolerance,
        )
    except (ValueError, TypeError) as error:
        raise ValidationError(str(error)) from error


VALUE_TYPE_LABELS = {ValueType.RATE: "Rate per N", ValueType.YES_NO: "Yes/no"}
COLLECTION_LABELS = {
    CollectionType.PERIOD: "In the period",
    CollectionType.CUMULATIVE: "Cumulative year to date",
    CollectionType.ROLLING_12_MONTHS: "Rolling 12 months",
    CollectionType.SNAPSHOT: "Snapshot",
}
BAND_LABELS = {band: f"{band.value} {band.label}" for band in Band}
MISSING_LABELS = {
    MissingState.NOT_YET_DUE: "Not yet due",
    MissingState.NOT_AVAILABLE: "Not available",
    MissingState.IN_ARREARS: "Reported in arrears",
    MissingState.BASELINE: "Baseline being established",
    MissingState.NEW: "New this year",
}


class IndicatorType(models.TextChoices):
    LOCAL = "local", "Local"
    NATIONAL = "national", "National"
    PROXY = "proxy", "Proxy"


class Lifecycle(models.TextChoices):
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"
    ARCHIVED = "archived", "Archived"


def publishable(path: str = "") -> models.Q:
    """Whether a measure may reach the public (public pages, open data, the anonymous API):
    not marked "not for publication". `path` leads from another model to the measure
    (`"measure__"`). Every public door filters with this."""
    return models.Q(**{f"{path}not_for_publication": False})


class MeasureQuerySet(models.QuerySet):
    def publishable(self) -> MeasureQuerySet:
        return self.filter(publishable())

    def in_organisation(self, organisation) -> MeasureQuerySet:
        return self.filter(organisation=organisation)

    def active(self) -> MeasureQuerySet:
        return self.filter(lifecycle=Lifecycle.ACTIVE)

    def on_scorecard(self, scorecard) -> MeasureQuerySet:
        return self.filter(scorecard_entries__scorecard=scorecard)

    def with_people(self) -> MeasureQuerySet:
        return self.select_related("owner", "portfolio_holder", "unit", "partnership")

    def matching(self, text: str) -> MeasureQuerySet:
        """Measures whose code, title, definition, a theme's title or owner's name contain
        every word of `text`, in any case (`icontains`: LIKE on SQLite, UPPER() LIKE on
        PostgreSQL). A theme is matched by EXISTS, so no measure is listed twice."""
        result = self
        for word in text.split():
            theme = self.model.themes.through.objects.filter(
                measure_id=models.OuterRef("pk"), theme__title__icontains=word
            )
            result = result.filter(
                models.Q(code__icontains=word)
                | models.Q(title__icontains=word)
                | models.Q(definition__icontains=word)
                | models.Q(owner__first_name__icontains=word)
                | models.Q(owner__last_name__icontains=word)
                | models.Q(owner__username__icontains=word)
                | models.Exists(theme)
            )
        return result

    def starting_with(self, letter: str) -> MeasureQuerySet:
        """The A-Z: titles starting with `letter`; '#' for those starting with anything else."""
        if letter == "#":
            return self.exclude(title__regex=r"^[A-Za-z]")
        return self.filter(title__istartswith=letter)


class Measure(models.Model):
    """A performance indicator and everything needed to collect, rate and report it."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="measures"
    )
    code = models.CharField(max_length=40, help_text="Local reference or national code (NI 155).")
    title = models.CharField(max_length=400)
    definition = models.TextField(blank=True)
    guidance = models.TextField(blank=True, help_text="How to calculate and what to include.")
    polarity = models.CharField(max_length=20, choices=choices(Polarity, POLARITY_LABELS))
    value_type = models.CharField(
        max_length=20, choices=choices(ValueType, VALUE_TYPE_LABELS), default=ValueType.NUMBER
    )
    decimals = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(PLACES)]
    )
    rate_per = models.PositiveIntegerField(
        null=True, blank=True, help_text="For a rate: per how many (e.g. 100000)."
    )
    numerator_label = models.CharField(max_length=200, blank=True)
    denominator_label = models.CharField(max_length=200, blank=True)
    frequency = models.CharField(
        max_length=20, choices=choices(Frequency), default=Frequency.QUARTERLY
    )
    collection_type = models.CharField(
        max_length=20,
        choices=choices(CollectionType, COLLECTION_LABELS),
        default=CollectionType.PERIOD,
    )
    not_for_publication = models.BooleanField(
        default=False,
        help_text="Kept off the public site, open data and the anonymous API (a sensitive "
        "measure). Internal pages and reports still show it.",
    )
    combine = models.CharField(
        "combined into longer periods by",
        max_length=20,
        choices=choices(Combine, COMBINE_LABELS),
        blank=True,
        help_text="How its figures make a longer period's (a monthly measure's quarter). "
        "Blank: by its kind (counts summed, percentages and rates by their counts, "
        "snapshots and year-to-date figures the latest).",
    )
    comparison_basis = models.CharField(
        max_length=30,
        choices=choices(ComparisonBasis),
        default=ComparisonBasis.PREVIOUS_PERIOD,
        help_text="Direction of travel compares with this (cumulative measures always use "
        "the same period last year).",
    )
    no_change_tolerance = models.DecimalField(
        **DECIMAL, default=0, help_text="A change this small or smaller is 'no change'."
    )
    reporting_lag_months = models.PositiveSmallIntegerField(
        default=0, help_text="Reported this many months in arrears."
    )
    data_source = models.CharField(max_length=300, blank=True)
    collection_method = models.TextField(blank=True)
    known_issues = models.TextField(blank=True, help_text="Data quality: known issues.")
    indicator_type = models.CharField(
        max_length=20, choices=IndicatorType.choices, default=IndicatorType.LOCAL
    )
    lifecycle = models.CharField(max_length=20, choices=Lifecycle.choices, default=Lifecycle.ACTIVE)
    introduced = models.DateField(null=True, blank=True)
    retired = models.DateField(null=True, blank=True)
    unit = models.ForeignKey(
        "organisations.OrganisationUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name="organisation unit",
    )
    partnership = models.ForeignKey(
        "organisations.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
    )
    themes = models.ManyToManyField("framework.Theme", blank=True, related_name="measures")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures_owned",
    )
    delegates = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="measures_delegated"
    )
    portfolio_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures_held",
    )
    # The tolerance scheme: the five-band key by default; a target may override it.
    scheme = models.CharField(
        max_length=20, choices=choices(SchemeKind), default=SchemeKind.FIVE_BAND
    )
    high_green_threshold = models.DecimalField(**DECIMAL, default=5)
    amber_threshold = models.DecimalField(**DECIMAL, default=5)
    low_red_threshold = models.DecimalField(**DECIMAL, default=10)
    absolute_tolerance = models.DecimalField(
        **DECIMAL, default=0, help_text="For a zero target: the tolerance in the measure's units."
    )
    minimum = models.DecimalField(**DECIMAL, null=True, blank=True)
    maximum = models.DecimalField(**DECIMAL, null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[themes])

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unique_measure_code"),
        ]
        # A measure across councils by its national code (benchmarking: NI 155 everywhere).
        indexes = [models.Index(fields=["code"], name="measure_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        check_thresholds(
            self.scheme,
            self.high_green_threshold,
            self.amber_threshold,
            self.low_red_threshold,
            self.absolute_tolerance,
        )


# What a target says, without its period and tolerances: the admin's inline columns and the
# targets import's columns.
TARGET_FIELDS = (
    "kind",
    "value",
    "low",
    "high",
    "change_amount",
    "change_percent",
    "change_direction",
)


class TargetQuerySet(models.QuerySet):
    def for_periods(self, periods) -> TargetQuerySet:
        return self.filter(period__in=periods)


class Target(models.Model):
    """A measure's target for one period. Every change is kept in its history with a reason.

    Ratings already reported are kept as reported (`ReportedRating`), so a change here never
    alters what a board was told; the history shows who changed it, when and why.
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    period = models.ForeignKey("framework.Period", on_delete=models.PROTECT, related_name="targets")
    kind = models.CharField(max_length=30, choices=choices(TargetKind))
    value = models.DecimalField(**DECIMAL, null=True, blank=True)
    low = models.DecimalField(**DECIMAL, null=True, blank=True)
    high = models.DecimalField(**DECIMAL, null=True, blank=True)
    change_amount = models.DecimalField(**DECIMAL, null=True, blank=True)
    change_percent = models.DecimalField(**DECIMAL, null=True, blank=True)
    change_direction = models.CharField(
        max_length=20,
        choices=choices(ChangeDirection),
        blank=True,
        help_text="How a change-on-last-year target is worded: reduction, increase.",
    )
    # Optional tolerance override for this period; blank means the measure's scheme.
    scheme = models.CharField(max_length=20, choices=choices(SchemeKind), blank=True)
    high_green_threshold = models.DecimalField(**DECIMAL, null=True, blank=True)
    amber_threshold = models.DecimalField(**DECIMAL, null=True, blank=True)
    low_red_threshold = models.DecimalField(**DECIMAL, null=True, blank=True)
    absolute_tolerance = models.DecimalField(**DECIMAL, null=True, blank=True)
    # Target agreement (the partnership report's "Target agreed"): a proposed target is shown
    # but rates nothing until it is agreed (`measures.assessment.assess_one`).
    agreed = models.BooleanField(
        default=True,
        help_text="Untick for a proposed target: it is shown, but no figure is rated against it "
        "until it is agreed.",
    )
    agreed_by = models.CharField(
        max_length=AGREED_BY_LENGTH,
        blank=True,
        help_text="Who agreed it: 'Cabinet', 'Safer Harrow Partnership Board'.",
    )
    agreed_on = models.DateField(null=True, blank=True, help_text="When it was agreed.")
    source = models.CharField(
        max_length=TARGET_SOURCE_LENGTH,
        blank=True,
        help_text="Where the target came from when it was worked out, not typed: 'Profiled "
        "evenly from the year's 120', 'On the trajectory to 50% by 2020/21'. Blank: set by hand.",
    )
    history = HistoricalRecords()

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "period__start"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="unique_target"),
            *kept_amounts("target", ("value", "low", "high", "change_amount", "change_percent")),
        ]

    def __str__(self) -> str:
        return f"Target for {self.measure.code} in {self.period}"

    def clean(self) -> None:
        measure = self.measure if self.measure_id else None

        def pick(field: str):
            own = getattr(self, field)
            return own if own is not None or measure is None else getattr(measure, field)

        if measure is not None:
            check_thresholds(
                self.scheme or measure.scheme,
                pick("high_green_threshold"),
                pick("amber_threshold"),
                pick("low_red_threshold"),
                pick("absolute_tolerance"),
            )
        if self.change_amount is not None and self.change_percent is not None:
            raise ValidationError("A change target has a percentage or an amount, not both.")
        if self.kind == TargetKind.VALUE and self.value is None:
            raise ValidationError({"value": "A value target needs its value."})
        if self.kind == TargetKind.RANGE and (self.low is None or self.high is None):
            raise ValidationError("A range target needs both ends.")
        if self.kind == TargetKind.RANGE and self.low > self.high:
            raise ValidationError("The low end of a range cannot be above its high end.")


class FigureStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class FigureSource(models.TextChoices):
    ENTERED = "entered", "Entered by its owner"
    IMPORTED = "imported", "Imported from a file"
    DEMO = "demo", "Synthetic demo figure (not published data)"


PUBLIC_STATUSES = frozenset({FigureStatus.PUBLISHED})
READER_STATUSES = frozenset({FigureStatus.APPROVED, FigureStatus.PUBLISHED})
ALL_STATUSES = frozenset(FigureStatus.values)
STATUSES_SEEN = {
    Sight.PUBLISHED: PUBLIC_STATUSES,
    Sight.SIGNED_OFF: READER_STATUSES,
    Sight.EVERYTHING: ALL_STATUSES,
}


def statuses_seen(access, measure=None) -> frozenset[str]:
    """The figure statuses `access` may see (of `measure`, or on pages of many measures)."""
    return STATUSES_SEEN[access.sight(measure)]


class FigureQuerySet(models.QuerySet):
    def for_periods(self, periods) -> FigureQuerySet:
        return self.filter(period__in=periods)

    def published(self) -> FigureQuerySet:
        return self.filter(status=FigureStatus.PUBLISHED)


class Figure(models.Model):
    """A measure's figure for one period, with its commentary and where it is in sign-off."""

    # No index of their own: the constraint's index leads with the measure, and
    # figure_period_measure with the period (Meta), and each index is written on every
    # insert (the history keeps its own on both: simple-history indexes every key).
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="figures", db_index=False
    )
    period = models.ForeignKey(
        "framework.Period", on_delete=models.PROTECT, related_name="figures", db_index=False
    )
    value = models.DecimalField(**DECIMAL, null=True, blank=True)
    numerator = models.DecimalField(**DECIMAL, null=True, blank=True)
    denominator = models.DecimalField(**DECIMAL, null=True, blank=True)
    decimals = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(PLACES)],
        help_text="Decimal places as reported (up to the 6 kept).",
    )
    missing_state = models.CharField(
        max_length=20, choices=choices(MissingState, MISSING_LABELS), blank=True
    )
    note = models.CharField(max_length=300, blank=True)
    data_covers_start = models.DateField(null=True, blank=True)
    data_covers_end = models.DateField(null=True, blank=True)
    commentary = models.TextField(blank=True)
    commentary_published = models.BooleanField(
        "publish the commentary",
        default=False,
        help_text="The owner marked the commentary for publication: the public measure page "
        "shows it beside the figure once the period is published.",
    )
    proposed_action = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=FigureStatus.choices, default=FigureStatus.DRAFT
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(
        max_length=20, choices=FigureSource.choices, default=FigureSource.ENTERED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField(
        blank=True, help_text="Why the approver returned the figure to its owner."
    )
    outlier_confirmed = models.BooleanField(
        default=False, help_text="The owner confirmed a figure flagged as unusual."
    )
    outlier_note = models.TextField(blank=True)
    forecast = models.DecimalField(
        **DECIMAL,
        null=True,
        blank=True,
        help_text="The owner's own year-end forecast (a cumulative measure's), in its units.",
    )
    forecast_reason = models.TextField(
        blank=True, help_text="Why the owner forecasts a different year end: required with it."
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every save, so two editors never overwrite each other."
    )
    # The history is read by its figure, its measure (the change log) and its period (the
    # open-period token), never by who entered, submitted or approved: those keys are kept
    # without an index, which every imported figure's history row would write.
    history = HistoricalRecords(no_db_index=["entered_by", "submitted_by", "approved_by"])

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "period__start"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="unique_figure"),
            *kept_amounts("figure", ("value", "numerator", "denominator", "forecast")),
        ]
        # A period's figures, every measure's (the periods with figures, on every scorecard
        # page; one period across councils); the constraint's index leads with the measure.
        indexes = [models.Index(fields=["period", "measure"], name="figure_period_measure")]

    def __str__(self) -> str:
        return f"{self.measure.code} in {self.period}"

    @property
    def public_commentary(self) -> str:
        """The commentary the public may read beside the figure (the public measure page,
        the anonymous API): only what its owner marked for publication."""
        return self.commentary if self.commentary_published else ""


class RatingOrigin(models.TextChoices):
    KEPT = "kept", "Kept when Yardstick published the period"
    LOADED = "loaded", "Loaded from a report the council published before Yardstick"


class ReportedRating(models.Model):
    """A rating as reported when a period was published: kept, never recomputed.

    A correction after publishing adds a new row marked as a restatement; the earlier row
    stays, so what a board was told can always be shown. A rating loaded from a report the
    council published before Yardstick keeps the band the report printed; where the key gives
    another, `key_band` says which.
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reported_ratings")
    period = models.ForeignKey(
        "framework.Period", on_delete=models.PROTECT, related_name="reported_ratings"
    )
    band = models.CharField(max_length=2, choices=choices(Band, BAND_LABELS), blank=True)
    reason = models.TextField()
    distance = models.DecimalField(**DECIMAL, null=True, blank=True)
    # As printed, in full: a figure not available with its note ('Not available (Since a
    # change in the form of report ...)') runs past any short limit.
    target_text = models.TextField(blank=True)
    actual_text = models.TextField(blank=True)
    trend = models.CharField(max_length=20, choices=choices(Trend), blank=True)
    trend_reason = models.TextField(blank=True)
    reported_at = models.DateTimeField()
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_restatement = models.BooleanField(default=False)
    restatement_reason = models.TextField(blank=True)
    origin = models.CharField(
        max_length=20, choices=RatingOrigin.choices, default=RatingOrigin.KEPT
    )
    key_differs = models.BooleanField(
        default=False, help_text="For a rating loaded as printed: the key gives another."
    )
    key_band = models.CharField(
        max_length=2,
        choices=choices(Band, BAND_LABELS),
        blank=True,
        help_text="For a rating loaded as printed: the band the key gives (blank: not rated).",
    )
    # The tolerance scheme the rating was given by, for the key printed beside it.
    scheme = models.CharField(max_length=20, choices=choices(SchemeKind), blank=True)
    high_green_threshold = models.DecimalField(**DECIMAL, null=True, blank=True)
    amber_threshold = models.DecimalField(**DECIMAL, null=True, blank=True)
    low_red_threshold = models.DecimalField(**DECIMAL, null=True, blank=True)
    absolute_tolerance = models.DecimalField(**DECIMAL, null=True, blank=True)
    # The council's key the rating was given by, as its key file (docs/keys.md); blank when
    # it was given by the tolerance scheme above. Kept, so a key changed later never changes
    # the key printed beside this rating.
    key_text = models.TextField(blank=True)

    class Meta:
        ordering = ["measure", "period__start", "reported_at"]
        indexes = [models.Index(fields=["measure", "period", "-reported_at"])]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.period}: {self.band or 'not rated'}"


class TargetProfile(models.Model):
    """How a measure's year targets are shared out into its periods (evenly, by last year's
    shape, by hand) and the trajectory its year targets are on ("50% by 2020/21"). Set by the
    performance team on the measure's target profile page (`yardstick.measures.profiles`);
    the rules are in docs/calculations.md, "Profiled targets and trajectories"."""

    measure = models.OneToOneField(Measure, on_delete=models.CASCADE, related_name="target_profile")
    method = models.CharField(
        max_length=20, choices=choices(ProfileMethod), default=ProfileMethod.EVENLY
    )
    # By hand: one entry a period, all percentages ('10%') or all amounts ('30').
    by_hand = models.CharField(
        max_length=BY_HAND_LENGTH,
        blank=True,
        help_text="By hand: a share per period, in order, separated by commas: '10%, 20%, 30%, "
        "40%' or amounts '20, 30, 30, 40'.",
    )
    baseline_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The trajectory's baseline: the financial year's start."
    )
    baseline = models.DecimalField(**DECIMAL, null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year the trajectory ends: the financial year's start."
    )
    end = models.DecimalField(**DECIMAL, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [*kept_amounts("target_profile", ("baseline", "end"))]

    def __str__(self) -> str:
        return f"Target profile of {self.measure.code}"


class SpcRecalculation(models.Model):
    """A point from which a measure's SPC limits are calculated again: a change in the
    process (a new way of working, a new definition), set by the performance team with the
    reason, which the chart prints."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="spc_recalculations"
    )
    period = models.ForeignKey(
        "framework.Period", on_delete=models.PROTECT, related_name="spc_recalculations"
    )
    reason = models.CharField(max_length=300, help_text="What changed in the process, and when.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "period__start"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="unique_spc_recalculation"),
        ]
        verbose_name = "SPC recalculation point"

    def __str__(self) -> str:
        return f"{self.measure.code}: limits recalculated from {self.period}"


class SpcExclusion(models.Model):
    """A figure left out of a measure's SPC calculations ("ghosted", as MDC's SQL query does):
    still charted, but in no mean, limit, rule or icon. Set by the performance team for a
    known one-off (the month a system failed), with the reason, which the chart prints."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="spc_exclusions")
    period = models.ForeignKey(
        "framework.Period", on_delete=models.PROTECT, related_name="spc_exclusions"
    )
    reason = models.CharField(
        max_length=300, help_text="Why the figure is not part of the process: what happened."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "period__start"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="unique_spc_exclusion"),
        ]
        verbose_name = "SPC excluded figure"

    def __str__(self) -> str:
        return f"{self.measure.code}: {self.period} left out of the SPC calculations"


class SpcBaseline(models.Model):
    """A measure's SPC baseline: its limits fixed on its first ``points`` figures, or on its
    figures up to and including ``until`` (one or the other), and held for the rest of the
    limits period (`core.spc.chart`'s ``baseline`` and ``baseline_until``). Set and cleared by
    the performance team on the measure page, with the reason, through
    `services.set_baseline`; the history keeps who, when and why."""

    measure = models.OneToOneField(Measure, on_delete=models.CASCADE, related_name="spc_baseline")
    points = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The limits come from the first so many figures."
    )
    until = models.ForeignKey(
        "framework.Period",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="spc_baselines",
        help_text="The limits come from the figures up to and including this period.",
    )
    reason = models.CharField(max_length=300, help_text="Why the limits are fixed there.")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points__isnull=False, until__isnull=True)
                | models.Q(points__isnull=True, until__isnull=False),
                name="spc_baseline_points_or_until",
            ),
        ]
        verbose_name = "SPC baseline"

    def __str__(self) -> str:
        if self.points is not None:
            return f"{self.measure.code}: SPC baseline of the first {self.points} figures"
        return f"{self.measure.code}: SPC baseline up to {self.until}"


class RatingKey(models.Model):
    """A council's own key (docs/keys.md) as its key file's TOML text: the organisation's key
    (``measure`` blank) or one measure's own where it differs. Set by the performance team
    through `services.set_rating_key`, audited; changing it never changes a kept rating, which
    keeps the band and the scheme it was given by."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="rating_keys"
    )
    measure = models.OneToOneField(
        Measure,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_rating_key",
    )
    name = models.CharField(max_length=200)
    text = models.TextField(help_text="The key file (TOML), as docs/keys.md describes it.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "measure__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(measure__isnull=True),
                name="one_key_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code if self.measure_id else 'Organisation'} key: {self.name}"
