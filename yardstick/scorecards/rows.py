"""The format-neutral scorecard: one object, read by every page and every renderer (the app's
pages, the public pages, the open data, HTML, PDF, Word, Excel), so they all show exactly the
same ratings.

Every cell is what `yardstick.measures.shown.shown_ratings` says the measure shows in that
period: for a published period the rating kept when it was published (or its restatement),
for an open period the rating now, from the figures the reader may see.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import partial

from yardstick.accounts.access import Access
from yardstick.core import periods as core_periods
from yardstick.core.periods import Frequency, PeriodType
from yardstick.core.ratings import (
    BAND_LABELS,
    BAND_ORDER,
    FIVE_BAND,
    Band,
    Polarity,
    ToleranceScheme,
    key_of,
    rating_key,
)
from yardstick.core.trend import Trend
from yardstick.framework.models import Period
from yardstick.measures.assessment import periods_like, related_periods
from yardstick.measures.benchmarking import scorecard_comparisons
from yardstick.measures.comparators import ComparatorGroup
from yardstick.measures.forecasts import year_end_forecasts
from yardstick.measures.models import Measure, SpcExclusion, SpcRecalculation, publishable
from yardstick.measures.queries import spc_baselines
from yardstick.measures.shown import (
    RATED_BY,
    PlainMeasure,
    Shown,
    Summary,
    shown_ratings,
    shown_summaries,
)
from yardstick.measures.spc import spc_summary
from yardstick.organisations.models import OrganisationUnit
from yardstick.querying import CompiledOnce
from yardstick.scorecards.models import (
    ExceptionNote,
    Footnote,
    Scorecard,
    ScorecardEntry,
    ScorecardKind,
    ScorecardLayout,
)

_POLARITIES = {polarity.value: polarity for polarity in Polarity}

# The key of the default five-band scheme, for pages that show no ratings of their own.
KEY = rating_key(FIVE_BAND)


@dataclass(frozen=True)
class Cell:
    """Target, actual and rating of one measure in one period, as shown."""

    period_label: str
    target: str = ""
    actual: str = ""
    band: Band | None = None
    reason: str = ""
    data_covers: str = ""
    note: str = ""
    restated: bool = False
    restatement_reason: str = ""
    not_signed_off: bool = False
    disagreement: str = ""  # 'Printed Low Green; by the key High Green'
    scheme: ToleranceScheme | None = None  # the tolerance scheme the band was given by
    polarity: Polarity | None = None  # the measure's, for the key: in range is G, A or R

    @classmethod
    def of(cls, shown: Shown | Summary | None) -> Cell:
        if shown is None:
            return cls(period_label="")
        return cls(
            period_label=shown.period_label,
            target=shown.target,
            actual=shown.actual,
            band=shown.band,
            reason=shown.reason,
            data_covers=shown.data_covers,
            note=shown.note,
            restated=shown.restated,
            restatement_reason=shown.restatement_reason,
            not_signed_off=shown.not_signed_off,
            disagreement=shown.disagreement,
            scheme=shown.scheme if shown.band else None,
            polarity=_POLARITIES[shown.polarity],
        )

    @property
    def band_code(self) -> str:
        return self.band.value if self.band else ""

    @property
    def band_label(self) -> str:
        return BAND_LABELS[self.band] if self.band else ""

    @property
    def is_blank(self) -> bool:
        """Nothing to show: no rating, no target and no figure (not even 'No figure (not
        signed off)'). Every output leaves the cell empty; any other cell without a band
        says 'Not rated', with the reason."""
        return not (self.band or self.target or self.actual)

    @property
    def shape(self) -> str:
        return self.band.shape if self.band else ""

    @property
    def key(self) -> tuple[tuple[Band, str], ...] | None:
        """The key the band was given by (`core.ratings.key_of`); None when not rated."""
        if self.band is None or self.scheme is None:
            return None
        return key_of(self.band, self.scheme, self.polarity)


@dataclass(frozen=True)
class Row:
    measure_id: int
    number: str
    code: str
    title: str
    section: str
    polarity: str
    good_is: str  # 'Higher', 'Lower', 'In range', 'Not rated': Polarity.short_label
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
    months: tuple[Cell, ...] = ()  # the monthly tracker's months, oldest first
    spc: str | None = None  # the SPC column (`measures.spc.spc_summary`); None: not shown
    # The Forecast column (`measures.forecasts.YearEnd.summary`; '' for a measure without
    # forecasts); None: not shown.
    forecast: str | None = None
    # The benchmarking columns (`measures.benchmarking`): the group's median, our rank and our
    # quartile ('' each when the group has no figures); None: not shown.
    benchmark: tuple[str, str, str] | None = None

    @property
    def cells(self) -> tuple[Cell, Cell, Cell]:
        """Same period last year, previous period, this period."""
        return (self.last_year, self.previous, self.current)

    @property
    def is_exception(self) -> bool:
        band = self.current.band
        return bool(band and band.exception) or self.trend == Trend.DETERIORATED

    @property
    def restatements(self) -> str:
        """'Restated after publishing: Q1 2018/19 (a late return corrected)'; '' if none."""
        restated = [
            f"{cell.period_label} ({cell.restatement_reason})"
            if cell.restatement_reason
            else cell.period_label
            for cell in self.cells
            if cell.restated
        ]
        return "Restated after publishing: " + "; ".join(restated) if restated else ""

    @property
    def noted(self) -> str:
        """The performance team's mark: 'Noted, no discussion needed: <why>'; '' if none."""
        return f"Noted, no discussion needed: {self.noted_reason}" if self.noted_reason else ""

    @property
    def remarks(self) -> tuple[str, ...]:
        """The scorecard table's notes column: the notes, the restatements and the 'noted'
        mark. (The period the data covers and a loaded rating's disagreement with the key are
        shown in the cell they belong to.)"""
        return tuple(text for text in (*self.notes, self.restatements, self.noted) if text)


@dataclass(frozen=True)
class ScorecardReport:
    scorecard: Scorecard
    period: Period
    last_year_label: str
    previous_label: str
    rows: tuple[Row, ...]
    footnotes: tuple[str, ...] = field(default=())
    # The monthly tracker layout: the labels of its months, oldest first ('' : not a tracker).
    months: tuple[str, ...] = field(default=())
    show_spc: bool = False  # the SPC column
    show_forecast: bool = False  # the Forecast column
    compare_with: str = ""  # the comparator group of the benchmarking columns; '': none
    # The measures a report narrowed to some of its rows keeps (`narrowed`); None: all.
    narrowed_to: frozenset[int] | None = None

    @property
    def width(self) -> int:
        """How many columns the table has."""
        optional = (1 if self.show_spc else 0) + (1 if self.show_forecast else 0)
        return 14 + optional + (3 if self.compare_with else 0)

    @property
    def is_tracker(self) -> bool:
        return bool(self.months)

    @property
    def narrative(self) -> tuple[Row, ...]:
        """The rows with commentary, for the tracker's narrative under its table."""
        return tuple(row for row in self.rows if row.commentary)

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

    @property
    def key(self) -> tuple[tuple[Band, str], ...]:
        """What each band on this scorecard means, from the tolerance schemes its ratings
        were given by (see `key_for`)."""
        return key_for(cell for row in self.rows for cell in row.cells)


def key_for(cells) -> tuple[tuple[Band, str], ...]:
    """The key to the bands of `cells`, generated from what their ratings were given by: each
    tolerance scheme with the thresholds it actually uses, and G, A and R for an in-range
    measure (`core.ratings.rating_key`). The key most ratings used comes first; where another
    gives a band a different meaning, that meaning follows, naming how many ratings used it.
    With no ratings at all, the default five-band key."""
    # Cells rated alike share a key: each is worked out once (thousands of cells, a few
    # schemes).
    alike = Counter((cell.band, cell.scheme, cell.polarity) for cell in cells if cell.band)
    keys: Counter = Counter()
    for (band, scheme, polarity), count in alike.items():
        if scheme is not None:
            keys[key_of(band, scheme, polarity)] += count
    if not keys:
        return KEY
    meanings: dict[Band, list[str]] = {}
    for key, count in keys.most_common():
        for band, meaning in key:
            known = meanings.setdefault(band, [])
            if any(text.endswith(meaning) for text in known):
                continue
            if known:
                meaning = f"for {count} rating{'s' if count != 1 else ''}: {meaning}"
            known.append(meaning)
    return tuple((band, "; ".join(meanings[band])) for band in BAND_ORDER if band in meanings)


def _appears(measure: PlainMeasure, shown: Summary) -> bool:
    """Annual measures appear only in the period they report."""
    return measure.frequency != Frequency.ANNUAL or shown.reports


# What a scorecard row reads of its entry and its measure, and what the measure is rated by
# (`PlainMeasure`): one query of plain values, whatever the number of measures.
SHOWN_FIELDS = (
    "number",
    "section__title",
    "measure__code",
    "measure__title",
    "measure__unit_id",
    "measure_id",
    *(f"measure__{name}" for name in RATED_BY),
)


def _entries(scorecard_id: int, internal: bool):
    """A kept scorecard's rows as SHOWN_FIELDS, in order; only publishable measures for a
    reader outside the council."""
    query = ScorecardEntry.objects.filter(scorecard_id=scorecard_id)
    if not internal:
        query = query.filter(publishable("measure__"))
    return query.order_by("section__position", "position").values_list(*SHOWN_FIELDS)


# Every scorecard page reads its rows: written by the ORM once (yardstick.querying).
_ENTRIES = {
    internal: CompiledOnce(partial(_entries, internal=internal)) for internal in (True, False)
}


def build_scorecard(
    scorecard: Scorecard,
    period: Period,
    viewer: Access,
    *,
    known: list[Period] | None = None,
    entries: list[tuple] | None = None,
) -> ScorecardReport:
    """Every row of `scorecard` for `period` as `viewer` sees it, in scorecard order, in a
    fixed number of queries whatever the number of measures. `known`, the organisation's
    periods of `period`'s type, saves a query when the caller has read them. `entries`, rows
    shaped as `SHOWN_FIELDS`, stand for the scorecard's own (`measures_scorecard`: a scorecard
    not kept, whose footnotes and exception notes there are none of)."""
    internal = viewer.reads_internally(scorecard.organisation_id)
    if entries is None:
        entries = _ENTRIES[internal].rows(scorecard.pk)
    measures = [PlainMeasure(*entry[5:]) for entry in entries]
    directorates = (
        OrganisationUnit.objects.filter(
            organisation_id=scorecard.organisation_id
        ).directorate_names()
        if any(entry[4] is not None for entry in entries)
        else {}
    )
    known = known if known is not None else periods_like(period)
    previous, last_year = related_periods(period, known)
    periods = [p for p in (period, previous, last_year) if p is not None]
    shown = shown_summaries(measures, periods, viewer, known=known)
    spc = _spc_column(measures, period, viewer, known) if scorecard.show_spc else {}
    forecasts = _forecast_column(measures, period, viewer) if scorecard.show_forecast else {}
    group = scorecard.compare_with
    if group is not None and group.organisation_id != scorecard.organisation_id:
        group = None  # another council's group (Scorecard.clean refuses it): no columns
    benchmark = _benchmark_columns(group, measures, period, viewer, known) if group else {}
    months, by_month = [], {}
    if scorecard.layout == ScorecardLayout.TRACKER:
        months, by_month = _tracker(measures, period, scorecard.tracker_months, viewer)
    kept = scorecard.pk is not None
    meanings = (
        dict(Footnote.objects.filter(scorecard=scorecard).values_list("label", "text"))
        if kept
        else {}
    )
    noted = (
        dict(
            ExceptionNote.objects.filter(scorecard=scorecard, period=period)
            .order_by()
            .values_list("measure_id", "reason")
        )
        if kept
        else {}
    )
    rows = []
    footnotes: list[str] = []
    for (number, section, code, title, unit_id, *_), measure in zip(entries, measures, strict=True):
        current = shown[(measure.id, period.id)]
        if not _appears(measure, current):
            continue
        columns = [
            shown.get((measure.id, p.id)) if p is not None else None
            for p in (last_year, previous, period)
        ]
        notes = tuple(dict.fromkeys(item.note for item in columns if item and item.note))
        for note in notes:
            text = meanings.get(note)
            footnote = f"{note}: {text}" if text else note
            if footnote not in footnotes:
                footnotes.append(footnote)
        rows.append(
            Row(
                measure_id=measure.id,
                number=number,
                code=code,
                title=title,
                section=section or "",
                polarity=measure.polarity,
                good_is=Polarity(measure.polarity).short_label,
                directorate=directorates.get(unit_id, ""),
                last_year=Cell.of(columns[0]),
                previous=Cell.of(columns[1]),
                current=Cell.of(current),
                trend=current.trend,
                trend_symbol=current.direction.symbol,
                trend_text=current.direction.text,
                trend_reason=current.trend_reason,
                notes=notes,
                # A reader outside the council reads only what the owner published.
                commentary=current.commentary if internal else current.public_commentary,
                proposed_action=current.proposed_action if internal else "",
                noted_reason=noted.get(measure.id, ""),
                months=tuple(
                    Cell.of(by_month.get((measure.id, month.id))) if month else Cell.of(None)
                    for month in months
                ),
                spc=spc.get(measure.id) if scorecard.show_spc else None,
                forecast=forecasts.get(measure.id, "") if scorecard.show_forecast else None,
                benchmark=benchmark.get(measure.id, ("", "", "")) if group else None,
            )
        )
    return ScorecardReport(
        scorecard=scorecard,
        period=period,
        last_year_label=last_year.label if last_year else "",
        previous_label=previous.label if previous else "",
        rows=tuple(rows),
        footnotes=tuple(footnotes),
        months=tuple(_month_labels(period, scorecard.tracker_months)) if months else (),
        show_spc=scorecard.show_spc,
        show_forecast=scorecard.show_forecast,
        compare_with=group.name if group else "",
    )


def _benchmark_columns(
    group: ComparatorGroup, measures, period: Period, viewer: Access, known: list[Period]
) -> dict[int, tuple[str, str, str]]:
    """{measure id: (the group's median, our rank, our quartile)} in `period`, our figures as
    `viewer` sees them (`shown_ratings`), compared by `measures.benchmarking`. A fixed
    number of queries whatever the number of measures."""
    loaded = list(Measure.objects.filter(id__in=[measure.id for measure in measures]).order_by())
    shown = shown_ratings(loaded, [period], viewer, known=known)
    own = {measure.id: shown[(measure.id, period.id)].amount for measure in loaded}
    found = scorecard_comparisons(group.organisation, group, loaded, period, own)
    return {
        measure_id: (
            comparison.median,
            comparison.standing.rank_text if comparison.standing else comparison.not_ranked,
            comparison.standing.quartile.label if comparison.standing else "",
        )
        for measure_id, comparison in found.items()
    }


def unit_and_below(unit: OrganisationUnit) -> list[int]:
    """The ids of `unit` and every unit under it (a directorate's services and teams), from
    one query of the council's tree."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, parent_id in OrganisationUnit.objects.filter(
        organisation_id=unit.organisation_id
    ).values_list("id", "parent_id"):
        children[parent_id].append(unit_id)
    found, todo = [], [unit.id]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, ()))
    return found


def measures_scorecard(
    organisation_id: int,
    financial_year: int,
    title: str,
    measures,
    period: Period,
    viewer: Access,
    *,
    unit: OrganisationUnit | None = None,
) -> ScorecardReport:
    """A scorecard of `measures` (a Measure queryset; its active ones, by code) that is not
    kept as a `Scorecard`: a directorate's or a service's measures, or the whole council's
    for its exception report. Built by `build_scorecard`, so every row reads exactly as on a
    kept scorecard, in the same fixed number of queries."""
    scorecard = Scorecard(
        organisation_id=organisation_id,
        financial_year=financial_year,
        kind=ScorecardKind.DIRECTORATE,
        title=title,
        unit=unit,
    )
    measures = measures.filter(organisation_id=organisation_id).active()
    if not viewer.reads_internally(organisation_id):
        measures = measures.filter(publishable())
    fields = [name.removeprefix("measure__") for name in SHOWN_FIELDS[2:]]
    fields = ["id" if name == "measure_id" else name for name in fields]
    entries = [("", None, *row) for row in measures.order_by("code").values_list(*fields)]
    return build_scorecard(scorecard, period, viewer, entries=entries)


def _spc_column(measures, period: Period, viewer: Access, known: list[Period]) -> dict:
    """{measure id: what its SPC chart says of `period`}: each measure's figures in the
    periods of `period`'s kind up to it, as `viewer` sees them (`shown_ratings`), charted by
    the measure page's calculation (`measures.spc.spc_summary`) with its recalculation points,
    excluded figures and baseline.
    A monthly measure's quarters are made from its months and are not its own figures: its
    chart is of its months, on its page. Six queries whatever the number of measures."""
    rows = Measure.objects.filter(id__in=[measure.id for measure in measures]).order_by()
    loaded = list(rows)
    history = sorted((p for p in known if p.end <= period.end), key=lambda p: (p.start, p.end))
    shown = shown_ratings(loaded, history, viewer, known=known)
    points = defaultdict(list)
    for point in SpcRecalculation.objects.filter(measure__in=loaded).order_by():
        points[point.measure_id].append(point)
    excluded = defaultdict(list)
    for mark in SpcExclusion.objects.filter(measure__in=loaded).order_by():
        excluded[mark.measure_id].append(mark)
    baselines = spc_baselines(loaded)
    column = {}
    for measure in loaded:
        series = [shown[(measure.id, p.id)] for p in history]
        if any(item.combined is not None for item in series):
            column[measure.id] = "Made from its months: see its page for their SPC chart"
            continue
        column[measure.id] = spc_summary(
            [item for item in series if item.reports],
            points[measure.id],
            excluded[measure.id],
            baselines.get(measure.id),
        )
    return column


def _forecast_column(measures, period: Period, viewer: Access) -> dict[int, str]:
    """{measure id: its year-end forecasts in a line} for the cumulative measures, as the
    measure page works them out (`measures.forecasts.year_end_forecasts`); '' for the
    others. A fixed number of queries whatever the number of measures."""
    loaded = list(Measure.objects.filter(id__in=[measure.id for measure in measures]).order_by())
    found = year_end_forecasts(loaded, period, viewer)
    return {
        measure_id: year_end.summary if year_end else "" for measure_id, year_end in found.items()
    }


def _month_cores(period: Period, count: int) -> list:
    """The `count` months ending with `period`'s last month, oldest first."""
    core = period.as_core()
    last = core_periods.period_containing(core.end, PeriodType.MONTH, core.fy_start_month)
    months = [last]
    while len(months) < count:
        months.insert(0, core_periods.previous(months[0]))
    return months


def _month_labels(period: Period, count: int) -> list[str]:
    return [month.label for month in _month_cores(period, count)]


def _tracker(measures, period: Period, count: int, viewer: Access):
    """The tracker's months (the stored Period, or None where it was never created) and
    what each measure shows in each, as every page shows it (`shown_summaries`): a monthly
    measure its month's figure, a quarterly one nothing. Three queries."""
    cores = _month_cores(period, count)
    stored = {
        row.key: row
        for row in Period.objects.filter(
            organisation_id=period.organisation_id, key__in=[core.key for core in cores]
        ).select_related("organisation")
    }
    months = [stored.get(core.key) for core in cores]
    present = [month for month in months if month is not None]
    if not present:
        return months, {}
    return months, shown_summaries(measures, present, viewer)


def narrowed(
    reports: Iterable[ScorecardReport], measure_ids: set[int]
) -> tuple[ScorecardReport, ...]:
    """`reports` keeping only the rows of `measure_ids`, and only the reports left with any:
    a board's or a portfolio's part of the council's scorecards, row for row as they read."""
    kept = []
    for report in reports:
        rows = tuple(row for row in report.rows if row.measure_id in measure_ids)
        if rows:
            kept.append(replace(report, rows=rows, narrowed_to=frozenset(measure_ids)))
    return tuple(kept)
