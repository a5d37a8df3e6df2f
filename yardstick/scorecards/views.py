"""Scorecard pages: the overview, a scorecard, and the exception report for a board."""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from yardstick.accounts.access import internal_reader_required
from yardstick.core.periods import year_label
from yardstick.core.ratings import BAND_ORDER
from yardstick.framework.models import Period
from yardstick.measures.models import Measure
from yardstick.organisations.models import OrganisationUnit
from yardstick.scorecards import changes, services
from yardstick.scorecards.forms import (
    PERIOD_ONLY,
    ChangesForm,
    ExceptionNoteForm,
    MeasureListForm,
    ScorecardFilterForm,
)
from yardstick.scorecards.kept import (
    Part,
    kept_part,
    part_response,
    render_part,
    wants_fragment,
)
from yardstick.scorecards.models import Scorecard
from yardstick.scorecards.queries import (
    NOT_RATED,
    choosable_periods,
    default_period,
    overview,
    rated_measures,
    selects,
)
from yardstick.scorecards.rows import (
    KEY,
    Row,
    build_scorecard,
    measures_scorecard,
    unit_and_below,
)

BAND_RANK = {band: rank for rank, band in enumerate(reversed(BAND_ORDER))}
TREND_RANK = {"deteriorated": 0, "no change": 1, "improved": 2}


def scorecard_url(scorecard: Scorecard, period: Period | None = None) -> str:
    url = reverse("scorecards:detail", args=[scorecard.financial_year, scorecard.slug])
    return f"{url}?{urlencode({'period': period.key})}" if period else url


def band_filters(period: Period) -> list[tuple[str, str]]:
    """The scorecard's quick band filters, each a query string of the bands the core groups
    together: 'All reds' (`Band.red`) and 'On target or better', Blue and the greens
    (`Band.met`)."""
    groups = [("All reds", lambda band: band.red), ("On target or better", lambda band: band.met)]
    return [
        (
            label,
            "?"
            + urlencode([("period", period.key)] + [("band", b) for b in BAND_ORDER if test(b)]),
        )
        for label, test in groups
    ]


def chosen_period(request: HttpRequest, periods: list[Period]) -> Period | None:
    key = request.GET.get("period")
    if key:
        for period in periods:
            if period.key == key:
                return period
        raise Http404("There is no such period with figures.")
    return default_period(periods)


def measures_url(
    period: Period,
    *,
    scorecard_id: int | None = None,
    directorate: str | None = None,
    bands: tuple[str, ...] = (),
    trend: str = "",
    base: str = "",
) -> str:
    """The measures list of exactly the measures the overview counts in one cell (`base`:
    the list's address, when the caller has reversed it once for many cells)."""
    params: list[tuple[str, str]] = [("period", period.key)]
    if scorecard_id is not None:
        params.append(("scorecard", str(scorecard_id)))
    if directorate is not None:
        params.append(("directorate", directorate))
    params += [("band", band) for band in bands]
    if trend:
        params.append(("trend", trend))
    return f"{base or reverse('scorecards:measures')}?{urlencode(params)}"


@internal_reader_required
def overview_page(request: HttpRequest) -> HttpResponse:
    part = kept_part(request, lambda: _overview_part(request))
    return part_response(request, part)


def _overview_part(request: HttpRequest) -> Part:
    access = request.access
    periods = choosable_periods(access.organisation_id, published_only=False)
    period = chosen_period(request, periods)
    directorate_urls = (
        {
            name: f"{reverse('scorecards:unit', args=[code])}?{urlencode({'period': period.key})}"
            for name, code in OrganisationUnit.objects.filter(
                organisation_id=access.organisation_id
            )
            .directorates()
            .values_list("name", "code")
        }
        if period
        else {}
    )
    summary = (
        overview(
            access.organisation_id,
            period,
            access,
            lambda scorecard: scorecard_url(scorecard, period),
            functools.partial(measures_url, period, base=reverse("scorecards:measures")),
            lambda name: directorate_urls.get(name, ""),
        )
        if period
        else None
    )
    return render_part(
        request,
        "scorecards/_overview.html",
        {
            "periods": periods,
            "period": period,
            "overview": summary,
            "bands": BAND_ORDER,
            "key": summary.key if summary else KEY,
        },
        title=f"Overview, {period.label}" if period else "Overview",
    )


def _filtered(rows: tuple[Row, ...], data: dict) -> list[Row]:
    result = list(rows)
    bands = data.get("band")
    if bands:
        result = [row for row in result if (row.current.band_code or NOT_RATED) in bands]
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


def load_scorecard(request: HttpRequest, year: int, slug: str):
    """A kept scorecard (a theme's, a directorate's, a partnership's) in the period asked
    for, as the reader may see it: the page, its exception report and its downloads."""
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
    part = kept_part(
        request, lambda: _scorecard_part(request, *load_scorecard(request, year, slug))
    )
    return part_response(request, part)


def _scorecard_part(request, scorecard, periods, period, report, **context) -> Part:
    """A scorecard page's own part, kept or a unit's: its filters (several bands at once, as
    repeated GET parameters) with and without htmx (the table alone)."""
    directorates = sorted({row.directorate for row in report.rows if row.directorate})
    # The period chooser shows the period the page shows, even when the address names none.
    data = request.GET.copy()
    data.setdefault("period", period.key)
    form = ScorecardFilterForm(
        data, periods=periods, directorates=directorates, tracker=report.is_tracker
    )
    data = form.cleaned_data if form.is_valid() else {}
    rows = _filtered(report.rows, data)
    template = (
        "scorecards/_scorecard_results.html"
        if wants_fragment(request)
        else "scorecards/_detail.html"
    )
    return render_part(
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
            "band_filters": band_filters(period),
            "period_only": data.get("columns") == PERIOD_ONLY,
            **context,
        },
        title=f"{scorecard.title}, {period.label}",
        scripts=True,
    )


@internal_reader_required
@require_http_methods(["GET", "POST"])
def exceptions_page(request: HttpRequest, year: int, slug: str) -> HttpResponse:
    scorecard, periods, period, report = load_scorecard(request, year, slug)
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


@internal_reader_required
def measures_page(request: HttpRequest) -> HttpResponse:
    """Every active measure, or those a search, a letter of the A-Z or the overview's filters
    pick, with what each shows in the period (`rated_measures`: as its scorecards show it)."""
    access = request.access
    periods = choosable_periods(access.organisation_id, published_only=False)
    period = chosen_period(request, periods)
    if period is None:
        return render(request, "scorecards/measures.html", {"period": None})
    scorecards, everything = rated_measures(access.organisation_id, period, access)
    directorates = sorted({item.directorate for item in everything if item.directorate})
    data = request.GET.copy()
    data.setdefault("period", period.key)
    # The overview links by the scorecard's id (unique); the form offers its slug.
    by_id = {str(s.id): s.slug for s in scorecards}
    if data.get("scorecard") in by_id:
        data["scorecard"] = by_id[data["scorecard"]]
    form = MeasureListForm(data, periods=periods, scorecards=scorecards, directorates=directorates)
    chosen = form.cleaned_data if form.is_valid() else {}
    query = Measure.objects.filter(organisation_id=access.organisation_id).active()
    searched = bool(chosen.get("q") or chosen.get("letter"))
    if chosen.get("q"):
        query = query.matching(chosen["q"])
    if chosen.get("letter"):
        query = query.starting_with(chosen["letter"])
    if searched:
        ids = set(query.values_list("id", flat=True))
        found = [item for item in everything if item.measure_id in ids]
    else:
        found = list(everything)
    scorecard_id = next((s.id for s in scorecards if s.slug == chosen.get("scorecard")), None)
    filters = {
        "scorecard_id": scorecard_id,
        "directorate": chosen.get("directorate") or None,
        "bands": tuple(chosen.get("band") or ()),
        "trend": chosen.get("trend") or "",
    }
    if any(filters.values()):
        found = [item for item in found if selects(item, **filters)]
    found.sort(key=lambda item: (item.title.casefold(), item.code))
    return render(
        request,
        "scorecards/measures.html",
        {
            "period": period,
            "form": form,
            "measures": found,
            "total": len(everything),
            "letters": form.fields["letter"].choices[1:],
            "chosen": chosen,
            "filtered": bool(searched or any(filters.values())),
        },
    )


def _periods_and_period(request: HttpRequest) -> tuple[list[Period], Period]:
    periods = choosable_periods(request.access.organisation_id, published_only=False)
    period = chosen_period(request, periods)
    if period is None:
        raise Http404("There are no figures yet.")
    return periods, period


def load_unit(request: HttpRequest, code: str):
    """A directorate's or a service's scorecard in the period asked for: the active
    measures of the unit and the units under it, built by `build_scorecard`
    (`measures_scorecard`). The page and its downloads read it here."""
    access = request.access
    unit = get_object_or_404(OrganisationUnit, organisation_id=access.organisation_id, code=code)
    periods, period = _periods_and_period(request)
    year = period.as_core().financial_year.start.year
    report = measures_scorecard(
        access.organisation_id,
        year,
        f"{unit.name} ({unit.get_kind_display().lower()})",
        Measure.objects.filter(unit_id__in=unit_and_below(unit)),
        period,
        access,
        unit=unit,
    )
    return unit, periods, period, report


@internal_reader_required
def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    def make() -> Part:
        unit, periods, period, report = load_unit(request, code)
        return _scorecard_part(request, report.scorecard, periods, period, report, unit=unit)

    return part_response(request, kept_part(request, make))


@internal_reader_required
def council_exceptions_page(request: HttpRequest) -> HttpResponse:
    """The council-wide exception report: every active measure that is an exception in the
    period by the boards' rule (`Row.is_exception`), grouped by directorate, with the owner's
    commentary and proposed action."""
    access = request.access
    periods, period = _periods_and_period(request)
    year = period.as_core().financial_year.start.year
    report = measures_scorecard(
        access.organisation_id,
        year,
        "Council-wide exception report",
        Measure.objects.all(),
        period,
        access,
    )
    groups: dict[str, list[Row]] = {}
    for row in sorted(report.exceptions, key=lambda row: row.directorate or "~"):
        groups.setdefault(row.directorate or "No directorate", []).append(row)
    return render(
        request,
        "scorecards/council_exceptions.html",
        {
            "report": report,
            "period": period,
            "periods": periods,
            "groups": groups,
            "count": len(report.exceptions),
            "key": report.key,
        },
    )


@internal_reader_required
def changes_page(request: HttpRequest) -> HttpResponse:
    """What changed on the year's scorecards since 1 April (or a chosen day): measures added
    and removed, targets changed or removed; as a page and, with ?format=csv, a CSV file."""
    organisation = request.user.organisation
    start_month = organisation.financial_year_start_month
    years = sorted(
        set(
            Scorecard.objects.filter(organisation=organisation).values_list(
                "financial_year", flat=True
            )
        ),
        reverse=True,
    )
    if not years:
        raise Http404("There are no scorecards yet.")
    data = request.GET.copy()
    data.setdefault("year", str(years[0]))
    form = ChangesForm(
        data,
        years=[(year, year_label(year, start_month)) for year in years],
        bounds=lambda year: changes.year_bounds(year, start_month),
    )
    if form.is_valid():
        found = changes.in_year_changes(
            organisation, form.cleaned_data["year"], form.cleaned_data["since"]
        )
    else:
        found = None
    if found is not None and request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{found.file_name}"'
        changes.write_csv(found, response)
        return response
    return render(request, "scorecards/changes.html", {"form": form, "found": found})
