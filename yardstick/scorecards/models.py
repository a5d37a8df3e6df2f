"""Scorecards: named, ordered sets of measures with sections, for a financial year."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords


class ScorecardKind(models.TextChoices):
    CORPORATE = "corporate", "Corporate"
    THEME = "theme", "Theme"
    DIRECTORATE = "directorate", "Directorate"
    PARTNERSHIP = "partnership", "Partnership"


class ScorecardQuerySet(models.QuerySet):
    def in_organisation(self, organisation) -> ScorecardQuerySet:
        return self.filter(organisation=organisation)

    def for_year(self, financial_year: int) -> ScorecardQuerySet:
        return self.filter(financial_year=financial_year)

    def publishable(self) -> ScorecardQuerySet:
        """Scorecards that may reach the public: not marked "not for publication"."""
        return self.filter(not_for_publication=False)


class ScorecardLayout(models.TextChoices):
    PERIODS = "periods", "Target, actual and rating: same period last year, previous, this"
    TRACKER = "tracker", "Monthly tracker: the last months' figures as columns"


TRACKER_MONTHS = (2, 12)  # the fewest and most months a tracker shows


class Scorecard(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="scorecards"
    )
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts in: 2018 for 2018/19."
    )
    kind = models.CharField(max_length=20, choices=ScorecardKind.choices)
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    theme = models.ForeignKey(
        "framework.Theme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scorecards",
    )
    unit = models.ForeignKey(
        "organisations.OrganisationUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scorecards",
    )
    partnership = models.ForeignKey(
        "organisations.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scorecards",
    )
    position = models.PositiveIntegerField(default=0)
    layout = models.CharField(
        max_length=20,
        choices=ScorecardLayout.choices,
        default=ScorecardLayout.PERIODS,
        help_text="The monthly tracker shows the last months' figures as columns, with the "
        "rating and direction of travel of the period a board reviews, and the narrative.",
    )
    tracker_months = models.PositiveSmallIntegerField(
        "months on the tracker",
        default=4,
        validators=[MinValueValidator(TRACKER_MONTHS[0]), MaxValueValidator(TRACKER_MONTHS[1])],
        help_text=f"For the monthly tracker: how many months, {TRACKER_MONTHS[0]} to "
        f"{TRACKER_MONTHS[1]}, ending with the period's last month.",
    )
    not_for_publication = models.BooleanField(
        default=False,
        help_text="Kept off the public site, open data and the anonymous API (a partnership "
        "scorecard, say). Internal pages and reports still show it. Its measures stay public "
        "elsewhere (their own pages, other scorecards, the open data) unless each is marked "
        "not for publication too.",
    )
    show_spc = models.BooleanField(
        "show the SPC column",
        default=False,
        help_text="A column with what each measure's SPC chart (XmR, the NHS 'Making Data "
        "Count' way) says of the period: its variation and assurance, in words.",
    )
    show_forecast = models.BooleanField(
        "show the Forecast column",
        default=False,
        help_text="A column with each cumulative measure's year-end forecast (the run rate "
        "to date, last year's profile, the owner's own), rated against the year's target.",
    )
    compare_with = models.ForeignKey(
        "measures.ComparatorGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="compare with",
        help_text="Columns with the group's median and each measure's rank and quartile in "
        "it for the period (benchmarking); blank for none.",
    )
    history = HistoricalRecords()

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "-financial_year", "position", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "financial_year", "slug"], name="unique_scorecard_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        group = self.compare_with
        if group is not None and group.organisation_id != self.organisation_id:
            raise ValidationError(
                {"compare_with": "Choose one of this council's comparator groups."}
            )


class ScorecardSection(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scorecard", "position", "title"]

    def __str__(self) -> str:
        return self.title


class ScorecardEntry(models.Model):
    """A measure's place on a scorecard. Additions and removals are kept in its history, so a
    report can list what was added or removed since a date."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="entries")
    section = models.ForeignKey(
        ScorecardSection, on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )
    measure = models.ForeignKey(
        "measures.Measure", on_delete=models.CASCADE, related_name="scorecard_entries"
    )
    number = models.CharField(
        max_length=20, blank=True, help_text="The measure's number as printed on the scorecard."
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "scorecard entries"
        ordering = ["scorecard", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "measure"], name="unique_scorecard_measure"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scorecard}: {self.measure}"


class ExceptionNote(models.Model):
    """The performance team's mark on an exception: "noted, no discussion needed", and why
    (as the 2009/10 partnership report does for items the board need not discuss)."""

    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="exception_notes"
    )
    measure = models.ForeignKey(
        "measures.Measure", on_delete=models.CASCADE, related_name="exception_notes"
    )
    period = models.ForeignKey(
        "framework.Period", on_delete=models.CASCADE, related_name="exception_notes"
    )
    reason = models.TextField()
    noted_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    noted_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "measure", "period"], name="unique_exception_note"
            ),
        ]

    def __str__(self) -> str:
        return f"Noted: {self.measure} in {self.period}"


class Footnote(models.Model):
    """What a note printed on a scorecard means: "Note 1" -> "Data reported at least 3 months
    in arrears", "BL" -> "Baseline being established this year"."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="footnotes")
    label = models.CharField(max_length=100)
    text = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["scorecard", "label"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "label"], name="unique_footnote"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.text}"


class ChallengeChoice(models.TextChoices):
    INCLUDE = "include", "Included"
    LEAVE_OUT = "leave_out", "Left out"


class KeyChallenge(models.Model):
    """The performance team's (or a measure's owner's) choice about one measure among a
    theme scorecard's key challenges in one period: included though the rule would not list
    it, or left out though it would; and its place in the list. A measure without a row is
    listed as the rule says (`scorecards.challenges`), in scorecard order after those
    placed."""

    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="key_challenges"
    )
    period = models.ForeignKey(
        "framework.Period", on_delete=models.CASCADE, related_name="key_challenges"
    )
    measure = models.ForeignKey(
        "measures.Measure", on_delete=models.CASCADE, related_name="key_challenges"
    )
    choice = models.CharField(
        max_length=10,
        choices=ChallengeChoice.choices,
        blank=True,
        help_text="Included or left out; blank: as the rule says.",
    )
    position = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Its place in the theme's list; blank: scorecard order."
    )
    reason = models.CharField(max_length=500, blank=True)
    changed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "period", "measure"], name="one_key_challenge_choice"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_choice_display() or 'As the rule says'}: {self.measure} in {self.period}"
