"""The format-neutral scorecard: one object built from core results, read by every page and
every renderer (HTML, PDF, Word, Excel), so they all show exactly the same ratings.

For a published period the rating shown is the one kept when it was published (the latest
restatement if it was corrected); for an open period it is computed now by the core through
`yardstick.measures.assessment`, the only place ratings are worked out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from yardstick.core.periods import DateRange, Frequency
from yardstick.core.ratings import BAND_LABELS, Band, Polarity
from yardstick.core.targets import format_target
from yardstick.core.trend import Trend
from yardstick.core.values import format_value
from yardstick.framework.models import Period
from yardstick.measures.assessment import (
    Assessment,
    assess_periods,
    core_target,
    core_value,
    periods_like,
    related_periods,
)
from yardstick.measures.models import POLARITY_LABELS, Figure, Measure, ReportedRating, Target
from yardstick.scorecards.models import ExceptionNote, Footnote, Scorecard, ScorecardEntry

BAND_ORDER = [
    Band.HIGH_GREEN,
    Band.LOW_GREEN,
    Band.AMBER,
    Band.LOW_RED,
    Band.HIGH_RED,
    Band.GREEN,
    Band.RED,
]
EXCEPTION_BANDS = {Band.LOW_RED, Band.HIGH_RED, Band.RED}
SHAPES = {  # a shape beside every band, so no rating is carried by colour alone
    Band.HIGH_GREEN: "★",
    Band.LOW_GREEN: "●",
    Band.GREEN: "●",
    Band.AMBER: "◆",
    Band.LOW_RED: "▲",
    Band.HIGH_RED: "■",
    Band.RED: "■",
}
KEY = [
    (Band.HIGH_GREEN, "Has exceeded target by 5% or more"),
    (Band.LOW_GREEN, "Has met target or exceeded it by under 5%"),
    (Band.AMBER, "Just off target - less than 5%"),
    (Band.LOW_RED, "Between 5% and 10% off target"),
    (Band.HIGH_RED, "More than 10% off target"),
]


@dataclass(frozen=True)
class Cell:
    """Target, actual and rating of one measure in one period."""

    period_label: str
    target: str = ""
    actual: str = ""
    band: Band | None = None
    reason: str = ""
    data_covers: str = ""
    note: str = ""
    restated: bool = False

    @property
    def band_code(self) -> str:
        return self.band.value if self.band else ""

    @property
    def band_label(self) -> str:
        return BAND_LABELS[self.band] if self.band else ""

    @property
    def shape(self) -> str:
        return SHAPES.get(self.band, "") if self.band else ""


@dataclass(frozen=True)
class Row:
    measure_id: int
    number: str
    code: str
    title: str
    section: str
    polarity: str
    polarity_label: str
    directorate: str
    last_year: Cell
    previous: Cell
    current: Cell
    trend: Trend | None
    trend_symbol: str
    trend_text: str
    trend_reason: str
    notes: tuple[str, ...]
    commentary: str
    proposed_action: str
    noted_reason: str  # the performance team marked the exception "noted, no discussion needed"

    @property
    def cells(self) -> tuple[Cell, Cell, Cell]:
        """Same period last year, previous period, this period."""
        return (self.last_year, self.previous, self.current)

    @property
    def is_exception(self) -> bool:
        return self.current.band in EXCEPTION_BANDS or self.trend == Trend.DETERIORATED


@dataclass(frozen=True)
class ScorecardReport:
    scorecard: Scorecard
    period: Period
    last_year_label: str
    previous_label: str
    rows: tuple[Row, ...]
    footnotes: tuple[str, ...] = field(default=())

    @property
    def band_counts(self) -> list[tuple[Band, int]]:
        counts = Counter(row.current.band for row in self.rows if row.current.band)
        return [(band, counts[band]) for band in BAND_ORDER if counts[band]]

    @property
    def not_rated(self) -> int:
        return sum(1 for row in self.rows if row.current.band is None)

    @property
    def improved(self) -> int:
        return sum(1 for row in self.rows if row.trend == Trend.IMPROVED)

    @property
    def deteriorated(self) -> int:
        return sum(1 for row in self.rows if row.trend == Trend.DETERIORATED)

    @property
    def exceptions(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.is_exception)


def latest_reported(measure_ids: list[int], periods: list[Period]) -> dict:
    """{(measure_id, period_id): ReportedRating}: the latest kept rating, one query."""
    published = [period.id for period in periods if period.is_published]
    if not published:
        return {}
    kept: dict = {}
    rows = ReportedRating.objects.filter(
        measure_id__in=measure_ids, period_id__in=published
    ).order_by("reported_at", "id")
    for row in rows:
        kept[(row.measure_id, row.period_id)] = row  # later rows replace earlier ones
    return kept


def make_cell(
    measure: Measure,
    period: Period | None,
    figure: Figure | None,
    target: Target | None,
    live_band: Band | None,
    live_reason: str,
    reported: ReportedRating | None,
) -> Cell:
    if period is None:
        return Cell(period_label="")
    covers = ""
    if figure is not None and figure.data_covers_start and figure.data_covers_end:
        covers = DateRange(figure.data_covers_start, figure.data_covers_end).label
    if reported is not None:
        return Cell(
            period_label=period.label,
            target=reported.target_text,
            actual=reported.actual_text,
            band=Band(reported.band) if reported.band else None,
            reason=reported.reason,
            data_covers=covers,
            note=figure.note if figure else "",
            restated=reported.is_restatement,
        )
    return Cell(
        period_label=period.label,
        target=target_text(measure, target),
        actual=format_value(core_value(measure, figure)),
        band=live_band,
        reason=live_reason,
        data_covers=covers,
        note=figure.note if figure else "",
    )


def target_text(measure: Measure, target: Target | None) -> str:
    """A target as printed: in the measure's decimal places when it has them, else as
    entered. The database keeps six places ('50.000000'), which are padding, not precision."""
    if target is None:
        return ""
    return format_target(core_target(target), measure.value_type, measure.decimals)


def _appears(measure: Measure, assessment: Assessment) -> bool:
    """Annual measures appear only in the period they report: when they have a figure or a
    target in it."""
    if measure.frequency != Frequency.ANNUAL:
        return True
    return assessment.figure is not None or assessment.target is not None


def build_scorecard(
    scorecard: Scorecard, period: Period, statuses: Iterable[str] | None = None
) -> ScorecardReport:
    """Every row of `scorecard` for `period`, in scorecard order, in a fixed number of
    queries whatever the number of measures. `statuses` limits the figures to those the
    reader may see (see `yardstick.accounts.access.visible_statuses`)."""
    entries = list(
        ScorecardEntry.objects.filter(scorecard=scorecard)
        .select_related("measure__unit__parent", "section")
        .order_by("section__position", "position")
    )
    measures = [entry.measure for entry in entries]
    known = periods_like(period)
    previous, last_year = related_periods(period, known)
    periods = [p for p in (period, previous, last_year) if p is not None]
    # Every column's live rating (the earlier columns are shown live where they were never
    # published), the three periods' rows loaded together.
    live = assess_periods(measures, periods, statuses, known)
    assessments = live[period.id]
    reported = latest_reported([m.id for m in measures], periods)
    meanings = dict(Footnote.objects.filter(scorecard=scorecard).values_list("label", "text"))
    noted = {
        note.measure_id: note.reason
        for note in ExceptionNote.objects.filter(scorecard=scorecard, period=period)
    }
    rows = []
    footnotes: list[str] = []
    for entry in entries:
        measure = entry.measure
        assessment = assessments[measure.id]
        if not _appears(measure, assessment):
            continue

        def cell_for(p: Period | None, figure, target, measure=measure) -> Cell:
            if p is None:
                return Cell(period_label="")
            live_rating = live[p.id][measure.id].rating
            return make_cell(
                measure,
                p,
                figure,
                target,
                live_rating.band,
                live_rating.reason,
                reported.get((measure.id, p.id)),
            )

        notes = tuple(
            dict.fromkeys(
                figure.note
                for figure in (
                    assessment.last_year_figure,
                    assessment.previous_figure,
                    assessment.figure,
                )
                if figure is not None and figure.note
            )
        )
        for note in notes:
            text = meanings.get(note)
            footnote = f"{note}: {text}" if text else note
            if footnote not in footnotes:
                footnotes.append(footnote)
        unit = measure.unit
        directorate = unit.directorate().name if unit else ""
        rows.append(
            Row(
                measure_id=measure.id,
                number=entry.number,
                code=measure.code,
                title=measure.title,
                section=entry.section.title if entry.section else "",
                polarity=measure.polarity,
                polarity_label=POLARITY_LABELS[Polarity(measure.polarity)],
                directorate=directorate,
                last_year=cell_for(
                    last_year, assessment.last_year_figure, assessment.last_year_target
                ),
                previous=cell_for(previous, assessment.previous_figure, assessment.previous_target),
                current=cell_for(period, assessment.figure, assessment.target),
                trend=assessment.direction.trend,
                trend_symbol=assessment.direction.symbol,
                trend_text=assessment.direction.text,
                trend_reason=assessment.direction.reason,
                notes=notes,
                commentary=assessment.figure.commentary if assessment.figure else "",
                proposed_action=assessment.figure.proposed_action if assessment.figure else "",
                noted_reason=noted.get(measure.id, ""),
            )
        )
    return ScorecardReport(
        scorecard=scorecard,
        period=period,
        last_year_label=last_year.label if last_year else "",
        previous_label=previous.label if previous else "",
        rows=tuple(rows),
        footnotes=tuple(footnotes),
    )
