"""Scorecards, and a scorecard's rows with their ratings as shown for a period
(`scorecards.rows.build_scorecard`, the object every page, file and report reads)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from yardstick.api import scope
from yardstick.api.auth import caller_of
from yardstick.api.paging import Paging, PathId, QueryId, QueryYear, page_of, page_schema
from yardstick.api.problems import responses
from yardstick.api.resources.framework import PeriodOut
from yardstick.public.queries import financial_year
from yardstick.scorecards.queries import choosable_periods, default_period
from yardstick.scorecards.rows import Cell, Row, build_scorecard

router = Router(tags=["Scorecards"])
READ_ERRORS = responses(400, 401, 404, 422, 429)


class ScorecardOut(Schema):
    id: int
    slug: str
    title: str
    kind: str
    financial_year: int
    description: str
    theme_id: int | None
    unit_id: int | None
    partnership_id: int | None


class CellOut(Schema):
    period_label: str
    target: str
    actual: str
    band: str
    band_label: str
    reason: str
    data_covers: str
    note: str
    restated: bool
    restatement_reason: str
    not_signed_off: bool

    @staticmethod
    def of(cell: Cell) -> CellOut:
        return CellOut(
            period_label=cell.period_label,
            target=cell.target,
            actual=cell.actual,
            band=cell.band_code,
            band_label=cell.band_label,
            reason=cell.reason,
            data_covers=cell.data_covers,
            note=cell.note,
            restated=cell.restated,
            restatement_reason=cell.restatement_reason,
            not_signed_off=cell.not_signed_off,
        )


class RowOut(Schema):
    measure_id: int
    number: str
    code: str
    title: str
    section: str
    good_is: str
    directorate: str
    last_year: CellOut
    previous: CellOut
    current: CellOut
    trend: str
    trend_text: str
    trend_reason: str
    notes: list[str]
    commentary: str
    proposed_action: str
    exception: bool

    @staticmethod
    def of(row: Row) -> RowOut:
        """The row as `build_scorecard` made it for the caller: a reader outside the council
        has only the commentary its owner published (`Figure.public_commentary`) and no
        proposed action."""
        return RowOut(
            measure_id=row.measure_id,
            number=row.number,
            code=row.code,
            title=row.title,
            section=row.section,
            good_is=row.good_is,
            directorate=row.directorate,
            last_year=CellOut.of(row.last_year),
            previous=CellOut.of(row.previous),
            current=CellOut.of(row.current),
            trend=row.trend.value if row.trend else "",
            trend_text=row.trend_text,
            trend_reason=row.trend_reason,
            notes=list(row.remarks),
            commentary=row.commentary,
            proposed_action=row.proposed_action,
            exception=row.is_exception,
        )


class ScorecardReportOut(Schema):
    scorecard: ScorecardOut
    period: PeriodOut
    last_year_label: str
    previous_label: str
    rows: list[RowOut]
    footnotes: list[str]


@router.get(
    "/organisations/{slug}/scorecards",
    response={200: page_schema(ScorecardOut, "ScorecardPage"), **READ_ERRORS},
)
def list_scorecards(
    request: HttpRequest, slug: str, paging: Query[Paging], financial_year: QueryYear = None
):
    found = scope.organisation(slug)
    rows = scope.scorecards(caller_of(request).access(found.id), found.id).order_by(
        "-financial_year", "position", "title", "id"
    )
    if financial_year is not None:
        rows = rows.filter(financial_year=financial_year)
    return page_of(rows, paging)


@router.get(
    "/organisations/{slug}/scorecards/{scorecard_id}",
    response={200: ScorecardReportOut, **READ_ERRORS},
)
def get_scorecard(request: HttpRequest, slug: str, scorecard_id: PathId, period: QueryId = None):
    """The scorecard's rows for `period` (a period of its financial year with figures; by
    default the latest published, as its page opens), each with its ratings as shown: this
    period, the previous one and the same period last year. The public reads published
    periods only."""
    found = scope.organisation(slug)
    access = caller_of(request).access(found.id)
    scorecard = scope.scorecards(access, found.id).filter(pk=scorecard_id).first()
    if scorecard is None:
        raise Http404("There is no such scorecard.")
    periods = [
        p
        for p in choosable_periods(found.id, published_only=not access.reads_internally(found.id))
        if financial_year(p) == scorecard.financial_year
    ]
    if period is None:
        chosen = default_period(periods)
    else:
        chosen = next((p for p in periods if p.pk == period), None)
    if chosen is None:
        raise Http404("The scorecard has no such period with figures the caller may read.")
    report = build_scorecard(scorecard, chosen, access)
    return ScorecardReportOut(
        scorecard=ScorecardOut.from_orm(scorecard),
        period=PeriodOut.from_orm(chosen),
        last_year_label=report.last_year_label,
        previous_label=report.previous_label,
        rows=[RowOut.of(row) for row in report.rows],
        footnotes=list(report.footnotes),
    )
