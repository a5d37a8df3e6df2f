"""A scorecard downloaded as PDF, Word or Excel: a kept scorecard (a theme's, a
directorate's, a partnership's) or a directorate's or service's own, built as its page builds
it and printed by the Strategic Performance Report's renderers (`reports.strategic.
scorecard_document`), with, if asked for, the measures with no figure for the coming board
(`dataquality.queries.data_quality`, as the meeting packs read it) and the appendix of
reasons. Here, above the data quality app, because the scorecards and reports apps sit below
it and may not read it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from yardstick.accounts.access import internal_reader_required
from yardstick.dataquality.queries import choosable_periods, data_quality
from yardstick.reports.strategic import MissingLine, StrategicReport, scorecard_document
from yardstick.reports.views import file_response, refused_format, scorecard_format
from yardstick.scorecards.rows import ScorecardReport
from yardstick.scorecards.views import load_scorecard, load_unit


def missing_lines(scorecard: ScorecardReport) -> tuple[MissingLine, ...]:
    """The scorecard's measures with no figure for its period: why, whose, by when."""
    period = scorecard.period
    organisation_id = period.organisation_id
    quality = data_quality(
        organisation_id, period, choosable_periods(organisation_id), timezone.localdate()
    )
    on_card = {row.measure_id for row in scorecard.rows}
    return tuple(
        MissingLine(
            code=item.measure.code,
            title=item.measure.title,
            owner=item.owner,
            why=item.why,
            due=(
                f"{item.deadline:%-d %B %Y}" + (" (overdue)" if item.overdue else "")
                if item.deadline
                else ""
            ),
        )
        for item in quality.missing
        if item.measure.id in on_card
    )


def document_of(request: HttpRequest, scorecard: ScorecardReport) -> StrategicReport:
    """The document the download's options ask for (the page's Download form's tick boxes):
    `missing=1` adds the missing data, `reasons=1` the appendix of reasons."""
    return scorecard_document(
        scorecard,
        missing=missing_lines(scorecard) if request.GET.get("missing") == "1" else None,
        include_reasons=request.GET.get("reasons") == "1",
    )


@internal_reader_required
def scorecard_download(request: HttpRequest, year: int, slug: str) -> HttpResponse:
    format = scorecard_format(request)
    if format is None:
        return refused_format()
    _, _, _, report = load_scorecard(request, year, slug)
    return file_response(document_of(request, report), format)


@internal_reader_required
def unit_download(request: HttpRequest, code: str) -> HttpResponse:
    format = scorecard_format(request)
    if format is None:
        return refused_format()
    _, _, _, report = load_unit(request, code)
    return file_response(document_of(request, report), format)
