"""Reads for the scorecard pages: which periods a reader may choose, and the overview counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from django.db.models import Exists, OuterRef

from yardstick.accounts.access import Access
from yardstick.core.ratings import BAND_ORDER, Band
from yardstick.core.trend import Trend
from yardstick.framework.models import Period
from yardstick.measures.models import Figure, Measure
from yardstick.measures.queries import NEWEST_FIRST, reporting_first, with_reporting_frequency
from yardstick.measures.shown import RATED_BY, PlainMeasure, Summary, shown_summaries
from yardstick.organisations.models import Organisation, OrganisationUnit
from yardstick.querying import CompiledOnce
from yardstick.scorecards.models import Scorecard, ScorecardEntry
from yardstick.scorecards.rows import Cell, key_for


def _choosable(organisation_id: int, published_only: bool):
    """The query of `choosable_periods`, as the ORM writes it."""
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
    return with_reporting_frequency(periods, organisation_id).order_by(*NEWEST_FIRST)


_CHOOSABLE = {True: CompiledOnce(partial(_choosable, published_only=True))}
_CHOOSABLE[False] = CompiledOnce(partial(_choosable, published_only=False))


def choosable_periods(organisation_id: int, published_only: bool) -> list[Period]:
    """Periods that have figures, or whose months have, newest first (a quarter before the
    months it ends with);
    the public chooses among published ones. Each period asks whether it has a figure
    (EXISTS, on the figures' (period, measure) index): joining the figures and removing
    duplicates read every figure of the council. Each carries the council's reporting
    frequency (`measures.queries.with_reporting_frequency`), in the same query, and the
    organisation (a second query). Every scorecard page asks this, and the ORM took some
    5 ms to write the query it answers in 0.2 ms, so it is written once (`CompiledOnce`)."""
    periods = list(_CHOOSABLE[published_only].raw(organisation_id))
    if periods:
        Period.given_organisation(periods, Organisation.objects.get(pk=organisation_id))
    return periods


def default_period(periods: list[Period]) -> Period | None:
    """The latest published period of the kind the council reports in (a quarter, not the
    month it ends with), else the latest published, else the latest with figures of that
    kind, else the latest with figures."""
    ordered = reporting_first(periods)
    return next((p for p in ordered if p.is_published), ordered[0] if ordered else None)


@dataclass(frozen=True)
class Rated:
    """An active measure of the council as the overview counts it in a period: what it shows
    (`shown_summaries`, the same as on its scorecards), its directorate and the scorecards of
    the period's year it is on."""

    measure_id: int
    code: str
    title: str
    owner: str
    directorate: str
    scorecard_ids: frozenset[int]
    summary: Summary

    @property
    def band(self) -> Band | None:
        return self.summary.band

    @property
    def trend(self) -> Trend | None:
        return self.summary.trend

    @property
    def reports(self) -> bool:
        return self.summary.reports

    @property
    def cell(self) -> Cell:
        """Target, actual and rating as a scorecard cell (`partials/_band.html` draws it)."""
        return Cell.of(self.summary)

    @property
    def direction(self):
        return self.summary.direction


# The overview's columns as the measures list reads them: a band code, "none" (reports in
# the period but not rated), or a direction of travel.
NOT_RATED = "none"
TRENDS = (Trend.IMPROVED, Trend.DETERIORATED)


def selects(
    rated: Rated,
    *,
    scorecard_id: int | None = None,
    directorate: str | None = None,
    bands: tuple[str, ...] = (),
    trend: str = "",
) -> bool:
    """Whether the overview counts `rated` in the cell these name, and the measures list
    shows it there: the one rule both read (`test_every_overview_count_links_to_that_many`).
    Only measures that report in the period are counted."""
    if not rated.reports:
        return False
    if scorecard_id is not None and scorecard_id not in rated.scorecard_ids:
        return False
    if directorate is not None and rated.directorate != directorate:
        return False
    if bands and (rated.band.value if rated.band else NOT_RATED) not in bands:
        return False
    return not trend or rated.trend == trend


def rated_measures(
    organisation_id: int, period: Period, viewer: Access
) -> tuple[list[Scorecard], list[Rated]]:
    """The scorecards of `period`'s year, and each of the council's active measures as
    `viewer` sees it in `period`, in code order. A fixed number of queries whatever the
    number of measures."""
    year = period.as_core().financial_year.start.year
    scorecards = list(
        Scorecard.objects.filter(organisation_id=organisation_id, financial_year=year).order_by(
            "position", "title"
        )
    )
    on: dict[int, set[int]] = defaultdict(set)
    for scorecard_id, measure_id in ScorecardEntry.objects.filter(
        scorecard__in=scorecards
    ).values_list("scorecard_id", "measure_id"):
        on[measure_id].add(scorecard_id)
    # Plain values, not Measures: the overview of thousands of measures makes no ORM objects.
    rows = list(
        Measure.objects.filter(organisation_id=organisation_id)
        .active()
        .order_by("code")
        .values_list(
            "code",
            "title",
            "owner__first_name",
            "owner__last_name",
            "owner__username",
            "unit_id",
            "id",
            *RATED_BY,
        )
    )
    plain = [PlainMeasure(*row[6:]) for row in rows]
    directorates = (
        OrganisationUnit.objects.filter(organisation_id=organisation_id).directorate_names()
        if any(row[5] is not None for row in rows)
        else {}
    )
    shown = shown_summaries(plain, [period], viewer)
    rated = [
        Rated(
            measure_id=measure.id,
            code=code,
            title=title,
            owner=f"{first} {last}".strip() or (username or ""),
            directorate=directorates.get(unit_id, ""),
            scorecard_ids=frozenset(on.get(measure.id, ())),
            summary=shown[(measure.id, period.id)],
        )
        for (code, title, first, last, username, unit_id, *_), measure in zip(
            rows, plain, strict=True
        )
    ]
    return scorecards, rated


@dataclass(frozen=True)
class Tally:
    """Band counts and direction of travel for a group of measures in a period, each count
    with the address of the measures list that shows exactly those measures."""

    title: str
    url: str
    counts: tuple[tuple[Band, int], ...]
    not_rated: int
    improved: int
    deteriorated: int
    total: int
    # (count, measures list address) per column: the bands, not rated, improved,
    # deteriorated, all.
    cells: tuple[tuple[int, str], ...] = ()

    def count(self, band: Band) -> int:
        return dict(self.counts).get(band, 0)


def _tally(title: str, url: str, group: list[Rated], group_filter: dict, list_url) -> Tally:
    def cell(**column) -> tuple[int, str]:
        return (
            sum(1 for rated in group if selects(rated, **column)),
            list_url(**group_filter, **column),
        )

    cells = (
        *(cell(bands=(band.value,)) for band in BAND_ORDER),
        cell(bands=(NOT_RATED,)),
        *(cell(trend=trend.value) for trend in TRENDS),
        cell(),
    )
    return Tally(
        title=title,
        url=url,
        counts=tuple((band, count) for band, (count, _) in zip(BAND_ORDER, cells, strict=False)),
        not_rated=cells[len(BAND_ORDER)][0],
        improved=cells[len(BAND_ORDER) + 1][0],
        deteriorated=cells[len(BAND_ORDER) + 2][0],
        total=cells[-1][0],
        cells=cells,
    )


@dataclass(frozen=True)
class Overview:
    period: Period
    scorecards: tuple[Tally, ...]
    directorates: tuple[Tally, ...]
    key: tuple[tuple[Band, str], ...]


def _no_list(*args, **filters) -> str:
    return ""


def overview(
    organisation_id: int,
    period: Period,
    viewer: Access,
    scorecard_url,
    list_url=_no_list,
    directorate_url=_no_list,
) -> Overview:
    """Per scorecard of the period's year and per directorate: band counts and how many
    improved or deteriorated, as `viewer` sees them (`shown_ratings`, the same ratings the
    scorecards show), each count with `list_url(scorecard_id= or directorate=, bands= or
    trend=)`, the measures list of exactly the measures counted (`selects`), and each
    directorate with `directorate_url(name)`. A fixed number of queries whatever the number
    of measures."""
    scorecards, rated = rated_measures(organisation_id, period, viewer)
    reporting = [item for item in rated if item.reports]
    by_directorate: dict[str, list[Rated]] = defaultdict(list)
    for item in reporting:
        if item.directorate:
            by_directorate[item.directorate].append(item)
    return Overview(
        period=period,
        scorecards=tuple(
            _tally(
                s.title,
                scorecard_url(s),
                [item for item in reporting if s.id in item.scorecard_ids],
                {"scorecard_id": s.id},
                list_url,
            )
            for s in scorecards
        ),
        directorates=tuple(
            _tally(name, directorate_url(name), group, {"directorate": name}, list_url)
            for name, group in sorted(by_directorate.items())
        ),
        key=key_for(Cell.of(item.summary) for item in reporting),
    )
