"""A scorecard downloaded as PDF, Word or Excel: a kept scorecard (a theme's, a
directorate's, a partnership's) or a directorate's or service's own, built as its page builds
it and printed by the Strategic Performance Report's renderers (`reports.strategic.
scorecard_document`), with, if asked for, the measures with no figure for the coming board
(`dataquality.queries.data_quality`, as the meeting packs read it) and the appendix of
reasons. Here, above the data quality app, because the scorecards and reports apps sit below
it and may not read it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone

from yardstick.accounts.access import internal_reader_required
from yardstick.dataquality.queries import choosable_periods, data_quality
from yardstick.reports.renderers import get_format
from yardstick.reports.strategic import MissingLine, StrategicReport, scorecard_document
from yardstick.scorecards.rows import ScorecardReport
from yardstick.scorecards.views import load_scorecard, load_unit

# The formats a scorecard downloads in (the report's HTML file is the page itself).
FORMATS = ("pdf", "docx", "xlsx")


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


def respond(document: StrategicReport, format_name: str) -> HttpResponse:
    format = get_format(format_name)
    response = HttpResponse(format.render(document), content_type=format.media_type)
    response["Content-Disposition"] = f'attachment; filename="{format.filename(document)}"'
    return response


def chosen_format(request: HttpRequest) -> str | None:
    """The format asked for (`format`, PDF when none), or None when it is not one of
    FORMATS."""
    name = request.GET.get("format", "pdf")
    return name if name in FORMATS else None


def refused_format() -> HttpResponse:
    return HttpResponseBadRequest(
        f"A scorecard downloads as {', '.join(FORMATS)}: choose one of them.",
        content_type="text/plain; charset=utf-8",
    )


@internal_reader_required
def scorecard_download(request: HttpRequest, year: int, slug: str) -> HttpResponse:
    format_name = chosen_format(request)
    if format_name is None:
        return refused_format()
    _, _, _, report = load_scorecard(request, year, slug)
    return respond(document_of(request, report), format_name)


@internal_reader_required
def unit_download(request: HttpRequest, code: str) -> HttpResponse:
    format_name = chosen_format(request)
    if format_name is None:
        return refused_format()
    _, _, _, report = load_unit(request, code)
    return respond(document_of(request, report), format_name)
