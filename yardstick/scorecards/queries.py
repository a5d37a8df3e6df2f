"""Reads for the scorecard pages: which periods a reader may choose, and the overview counts."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from yardstick.accounts.access import Access
from yardstick.core.ratings import BAND_ORDER, Band
from yardstick.core.trend import Trend
from yardstick.framework.models import Period
from yardstick.measures.models import Figure, Measure
from yardstick.measures.queries import NEWEST_FIRST, reporting_first, with_reporting_frequency
from yardstick.measures.shown import RATED_BY, PlainMeasure, shown_summaries
from yardstick.organisations.models import OrganisationUnit
from yardstick.scorecards.models import Scorecard, ScorecardEntry
from yardstick.scorecards.rows import Cell, key_for


def choosable_periods(organisation_id: int, published_only: bool) -> list[Period]:
    """Periods that have figures, or whose months have, newest first (a quarter before the
    months it ends with);
    the public chooses among published ones. Each period asks whether it has a figure
    (EXISTS, on the figures' (period, measure) index): joining the figures and removing
    duplicates read every figure of the council. Each carries the council's reporting
    frequency (`measures.queries.with_reporting_frequency`), in the same query."""
    figures_in = Exists(Figure.objects.filter(period_id=OuterRef("pk")))
    # A quarter whose only figures are its months' (a council's monthly measures): shown
    # from them (`measures.rollup`), so it can be chosen.
    parts_with_figures = Exists(
        Period.objects.filter(
            figures_in,
            organisation_id=OuterRef("organisation_id"),
            start__gte=OuterRef("start"),
            end__lte=OuterRef("end"),
        )
    )
    periods = Period.objects.filter(
        Exists(Figure.objects.filter(period_id=OuterRef("pk"))) | parts_with_figures,
        organisation_id=organisation_id,
    )
    if published_only:
        periods = periods.published()
    periods = with_reporting_frequency(periods, organisation_id)
    return list(periods.select_related("organisation").order_by(*NEWEST_FIRST))


def default_period(periods: list[Period]) -> Period | None:
    """The latest published period of the kind the council reports in (a quarter, not the
    month it ends with), else the latest published, else the latest with figures of that
    kind, else the latest with figures."""
    ordered = reporting_first(periods)
    return next((p for p in ordered if p.is_published), ordered[0] if ordered else None)


@dataclass(frozen=True)
class Tally:
    """Band counts and direction of travel for a group of measures in a period."""

    title: str
    url: str
    counts: tuple[tuple[Band, int], ...]
    not_rated: int
    improved: int
    deteriorated: int
    total: int

    def count(self, band: Band) -> int:
        return dict(self.counts).get(band, 0)


def _tally(title: str, url: str, ratings: list[tuple[Band | None, Trend | None]]) -> Tally:
    bands = Counter(band for band, _ in ratings if band)
    return Tally(
        title=title,
        url=url,
        counts=tuple((band, bands[band]) for band in BAND_ORDER),
        not_rated=sum(1 for band, _ in ratings if band is None),
        improved=sum(1 for _, trend in ratings if trend == Trend.IMPROVED),
        deteriorated=sum(1 for _, trend in ratings if trend == Trend.DETERIORATED),
        total=len(ratings),
    )


@dataclass(frozen=True)
class Overview:
    period: Period
    scorecards: tuple[Tally, ...]
    directorates: tuple[Tally, ...]
    key: tuple[tuple[Band, str], ...]


def overview(
    organisation_id: int,
    period: Period,
    viewer: Access,
    scorecard_url,
) -> Overview:
    """Per scorecard of the period's year and per directorate: band counts and how many
    improved or deteriorated, as `viewer` sees them (`shown_ratings`, the same ratings the
    scorecards show). A fixed number of queries whatever the number of measures."""
    year = period.as_core().financial_year.start.year
    scorecards = list(
        Scorecard.objects.filter(organisation_id=organisation_id, financial_year=year).order_by(
            "position", "title"
        )
    )
    entries = list(
        ScorecardEntry.objects.filter(scorecard__in=scorecards).values_list(
            "scorecard_id", "measure_id"
        )
    )
    # Plain values, not Measures: the overview of thousands of measures makes no ORM objects.
    rows = list(
        Measure.objects.filter(organisation_id=organisation_id)
        .active()
        .order_by()
        .values_list("unit_id", "id", *RATED_BY)
    )
    measures = [PlainMeasure(*row[1:]) for row in rows]
    units = {row[1]: row[0] for row in rows if row[0] is not None}
    directorates = (
        OrganisationUnit.objects.filter(organisation_id=organisation_id).directorate_names()
        if units
        else {}
    )
    shown = {
        measure_id: item
        for (measure_id, _), item in shown_summaries(measures, [period], viewer).items()
    }

    def rating_of(measure_id: int) -> tuple[Band | None, Trend | None]:
        return shown[measure_id].band, shown[measure_id].trend

    reporting = {measure_id for measure_id, item in shown.items() if item.reports}
    by_scorecard: dict[int, list] = defaultdict(list)
    for scorecard_id, measure_id in entries:
        if measure_id in reporting:
            by_scorecard[scorecard_id].append(rating_of(measure_id))
    by_directorate: dict[str, list] = defaultdict(list)
    for measure in measures:
        if measure.id in units and measure.id in reporting:
            by_directorate[directorates[units[measure.id]]].append(rating_of(measure.id))
    return Overview(
        period=period,
        scorecards=tuple(
            _tally(s.title, scorecard_url(s), by_scorecard.get(s.id, [])) for s in scorecards
        ),
        directorates=tuple(
            _tally(name, "", ratings) for name, ratings in sorted(by_directorate.items())
        ),
        key=key_for(Cell.of(shown[measure_id]) for measure_id in reporting),
    )
