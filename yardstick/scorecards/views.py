"""Scorecard pages: the overview, a scorecard, and the exception report for a board."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from yardstick.accounts.access import internal_reader_required
from yardstick.core.ratings import BAND_ORDER, Band
from yardstick.framework.models import Period
from yardstick.scorecards import services
from yardstick.scorecards.forms import ExceptionNoteForm, ScorecardFilterForm
from yardstick.scorecards.models import Scorecard
from yardstick.scorecards.queries import choosable_periods, default_period, overview
from yardstick.scorecards.rows import KEY, Row, build_scorecard

BAND_RANK = {band: rank for rank, band in enumerate(reversed(BAND_ORDER))}
TREND_RANK = {"deteriorated": 0, "no change": 1, "improved": 2}


def scorecard_url(scorecard: Scorecard, period: Period | None = None) -> str:
    url = reverse("scorecards:detail", args=[scorecard.financial_year, scorecard.slug])
    return f"{url}?{urlencode({'period': period.key})}" if period else url


def chosen_period(request: HttpRequest, periods: list[Period]) -> Period | None:
    key = request.GET.get("period")
    if key:
        for period in periods:
            if period.key == key:
                return period
        raise Http404("There is no such period with figures.")
    return default_period(periods)


@internal_reader_required
def overview_page(request: HttpRequest) -> HttpResponse:
    access = request.access
    periods = choosable_periods(access.organisation_id, published_only=False)
    period = chosen_period(request, periods)
    summary = (
        overview(
            access.organisation_id,
            period,
            access,
            lambda scorecard: scorecard_url(scorecard, period),
        )
        if period
        else None
    )
    return render(
        request,
        "scorecards/overview.html",
        {
            "periods": periods,
            "period": period,
            "overview": summary,
            "bands": BAND_ORDER,
            "key": summary.key if summary else KEY,
        },
    )


def _filtered(rows: tuple[Row, ...], data: dict) -> list[Row]:
    result = list(rows)
    band = data.get("band")
    if band == "none":
        result = [row for row in result if row.current.band is None]
    elif band:
        result = [row for row in result if row.current.band == Band(band)]
    if data.get("directorate"):
        result = [row for row in result if row.directorate == data["directorate"]]
    if data.get("polarity"):
        result = [row for row in result if row.polarity == data["polarity"]]
    sort = data.get("sort")
    if sort == "band":
        result.sort(key=lambda row: BAND_RANK.get(row.current.band, 99))
    elif sort == "title":
        result.sort(key=lambda row: row.title.lower())
    elif sort == "trend":
        result.sort(key=lambda row: TREND_RANK.get(row.trend or "", 3))
    return result


def _load(request: HttpRequest, year: int, slug: str):
    access = request.access
    scorecard = get_object_or_404(
        Scorecard, organisation_id=access.organisation_id, financial_year=year, slug=slug
    )
    periods = [
        p
        for p in choosable_periods(access.organisation_id, published_only=False)
        if p.as_core().financial_year.start.year in (year, year - 1)
    ]
    period = chosen_period(request, periods)
    if period is None:
        raise Http404("This scorecard has no figures yet.")
    report = build_scorecard(scorecard, period, access)
    return scorecard, periods, period, report


@internal_reader_required
def scorecard_page(request: HttpRequest, year: int, slug: str) -> HttpResponse:
    scorecard, periods, period, report = _load(request, year, slug)
    directorates = sorted({row.directorate for row in report.rows if row.directorate})
    # The period chooser shows the period the page shows, even when the address names none.
    data = request.GET.copy()
    data.setdefault("period", period.key)
    form = ScorecardFilterForm(data, periods=periods, directorates=directorates)
    data = form.cleaned_data if form.is_valid() else {}
    rows = _filtered(report.rows, data)
    template = "scorecards/_scorecard_results.html" if request.htmx else "scorecards/detail.html"
    return render(
        request,
        template,
        {
            "scorecard": scorecard,
            "report": report,
            "rows": rows,
            "form": form,
            "period": period,
            "key": report.key,
            "filtered": len(rows) != len(report.rows),
        },
    )


@internal_reader_required
@require_http_methods(["GET", "POST"])
def exceptions_page(request: HttpRequest, year: int, slug: str) -> HttpResponse:
    scorecard, periods, period, report = _load(request, year, slug)
    form = ExceptionNoteForm()
    if request.method == "POST":
        if not request.access.is_performance_team:
            messages.error(request, "Only the performance team can mark an exception noted.")
            return redirect(request.get_full_path())
        form = ExceptionNoteForm(request.POST)
        exception_ids = {row.measure_id for row in report.exceptions}
        if form.is_valid() and form.cleaned_data["measure"] in exception_ids:
            services.note_exception(
                scorecard,
                form.cleaned_data["measure"],
                period,
                form.cleaned_data["reason"],
                request.user,
            )
            messages.success(request, "Marked noted: no discussion needed.")
            return redirect(request.get_full_path())
        if form.is_valid():
            form.add_error("measure", "That measure is not an exception in this period.")
    return render(
        request,
        "scorecards/exceptions.html",
        {
            "scorecard": scorecard,
            "report": report,
            "period": period,
            "periods": periods,
            "form": form,
            "to_discuss": [row for row in report.exceptions if not row.noted_reason],
            "noted": [row for row in report.exceptions if row.noted_reason],
            "key": report.key,
        },
    )
