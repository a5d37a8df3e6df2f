"""The public site and its open data: published figures only, no sign-in.

Every figure here comes from `measures.shown` with the public's access (`ANONYMOUS`) for a
published period, through `build_scorecard`, the Strategic Performance Report or the
open-data rows (`opendata.figure_rows`): drafts, submitted figures and approved-but-
unpublished figures never reach these pages, and a published period's ratings are shown as
they were reported. What the public may read at all is `queries.public_scorecards` and
`queries.public_measures` (`publishable()`: not marked "not for publication"): every page
and file asks them, and `build_scorecard` leaves such measures out for the public.
"""

from __future__ import annotations

import json
from itertools import groupby

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from yardstick.accounts.access import ANONYMOUS
from yardstick.core.periods import year_label
from yardstick.framework.models import Period
from yardstick.measures.charts import build_chart
from yardstick.measures.models import Measure
from yardstick.measures.shown import shown_ratings
from yardstick.organisations.models import Organisation
from yardstick.public import opendata
from yardstick.public.catalogue import build_catalogue
from yardstick.public.opendata import LICENCE, LICENCE_URL, Dataset
from yardstick.public.queries import (
    archive,
    financial_year,
    latest_published,
    measure_periods,
    public_scorecards,
    published_measures,
    published_period,
    published_periods,
    published_scorecards,
    scorecards_of,
    search_measures,
)
from yardstick.reports.kept import public_report, scorecard_file
from yardstick.reports.lookup import ReportNotFound, period_slug
from yardstick.reports.renderers import get_format, html
from yardstick.reports.strategic import scorecard_document
from yardstick.reports.views import (
    file_response,
    kept_or_preparing,
    refused_format,
    scorecard_format,
)
from yardstick.scorecards.models import Scorecard
from yardstick.scorecards.rows import KEY, build_scorecard

SEARCH_LENGTH = 100  # the longest search text read
PER_PAGE = 50  # measures listed per page of the search


def licence_context(organisation: Organisation) -> dict:
    return {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": opendata.attribution(organisation),
        "catalogue_url": reverse("public:catalogue", args=[organisation.slug]),
    }


def _organisation(slug: str) -> Organisation:
    return get_object_or_404(Organisation, slug=slug)


def _period(organisation: Organisation, key: str) -> Period:
    period = published_period(organisation, key)
    if period is None:
        raise Http404(f"{organisation.name} has not published figures for that period.")
    return period


def _scorecard(organisation: Organisation, year: int, slug: str) -> Scorecard:
    return get_object_or_404(
        public_scorecards(organisation).select_related("organisation"),
        financial_year=year,
        slug=slug,
    )


def _measure(organisation: Organisation, code: str) -> Measure:
    return get_object_or_404(
        published_measures(organisation).select_related("unit").prefetch_related("themes__plan"),
        code=code,
    )


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "public/index.html", {"organisations": Organisation.objects.all()})


def organisation_page(request: HttpRequest, organisation: str) -> HttpResponse:
    found = _organisation(organisation)
    return render(
        request,
        "public/organisation.html",
        {
            "organisation": found,
            "years": [
                (year_label(year, found.financial_year_start_month), list(items))
                for year, items in groupby(
                    published_scorecards(found), key=lambda item: item.scorecard.financial_year
                )
            ],
            **licence_context(found),
        },
    )


def archive_page(request: HttpRequest, organisation: str) -> HttpResponse:
    """Every published period, newest first: once Q3 is published, Q2 is still here."""
    found = _organisation(organisation)
    return render(
        request,
        "public/archive.html",
        {
            "organisation": found,
            "years": [
                (year.label, [(period, period_slug(period)) for period in year.periods])
                for year in archive(found)
            ],
            **licence_context(found),
        },
    )


def period_page(request: HttpRequest, organisation: str, period: str) -> HttpResponse:
    """One published period: its scorecards, its report and its figures."""
    found = _organisation(organisation)
    chosen = _period(found, period)
    return render(
        request,
        "public/period.html",
        {
            "organisation": found,
            "period": chosen,
            "period_key": period_slug(chosen),
            "scorecards": scorecards_of(found, chosen),
            **licence_context(found),
        },
    )


def scorecard_page(
    request: HttpRequest, organisation: str, year: int, slug: str, period: str | None = None
) -> HttpResponse:
    """A scorecard in its year's latest published period, or in the one named."""
    found = _organisation(organisation)
    scorecard = _scorecard(found, year, slug)
    periods = [p for p in published_periods(found) if financial_year(p) == year]
    if period is None:
        chosen = latest_published(periods, year)
    else:
        chosen = next((p for p in periods if period_slug(p) == period), None)
        if chosen is None:
            raise Http404("That period of this scorecard has not been published.")
    report = build_scorecard(scorecard, chosen, ANONYMOUS) if chosen else None
    return render(
        request,
        "public/scorecard.html",
        {
            "organisation": found,
            "scorecard": scorecard,
            "period": chosen,
            "periods": [(p, period_slug(p)) for p in periods],
            "year_label": year_label(year, found.financial_year_start_month),
            "report": report,
            "key": report.key if report else KEY,
            "period_key": period_slug(chosen) if chosen else "",
            "download_formats": [("pdf", "PDF"), ("docx", "Word"), ("xlsx", "Excel")],
            **licence_context(found),
        },
    )


def scorecard_download(
    request: HttpRequest, organisation: str, year: int, slug: str, period: str
) -> HttpResponse:
    """A published period of a scorecard the public may read, as PDF, Word or Excel
    (`scorecard_document`, the report's renderers), with published figures only. A scorecard
    not for publication is not found, as its page is. Rendered once a version and kept
    (`kept.scorecard_file`)."""
    found = _organisation(organisation)
    scorecard = _scorecard(found, year, slug)
    chosen = next(
        (
            p
            for p in published_periods(found)
            if financial_year(p) == year and period_slug(p) == period
        ),
        None,
    )
    if chosen is None:
        raise Http404("That period of this scorecard has not been published.")
    format = scorecard_format(request)
    if format is None:
        return refused_format()
    document = scorecard_document(build_scorecard(scorecard, chosen, ANONYMOUS))
    return file_response(document, format, scorecard_file(chosen, scorecard.pk, format, document))


def measures_page(request: HttpRequest, organisation: str) -> HttpResponse:
    """Search the published measures by code, title, theme or plan."""
    found = _organisation(organisation)
    text = " ".join(request.GET.get("q", "").split())[:SEARCH_LENGTH]
    page = Paginator(search_measures(found, text), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "public/measures.html",
        {"organisation": found, "text": text, "page": page, **licence_context(found)},
    )


def measure_page(request: HttpRequest, organisation: str, code: str) -> HttpResponse:
    """A measure's definition, its chart with the table behind it, and every published
    figure with its rating as reported."""
    found = _organisation(organisation)
    measure = _measure(found, code)
    periods = measure_periods(measure)
    shown = shown_ratings([measure], periods, ANONYMOUS)
    history = [shown[(measure.id, period.id)] for period in periods]
    history = [item for item in history if item.reports]
    own = [item for item in history if item.combined is None]
    return render(
        request,
        "public/measure.html",
        {
            "organisation": found,
            "measure": measure,
            "rows": list(reversed(history)),
            "chart": build_chart(own),
            **licence_context(found),
        },
    )


def report_page(request: HttpRequest, organisation: str, period: str) -> HttpResponse:
    """The Strategic Performance Report of a published period, as the public reads it."""
    found = _organisation(organisation)
    chosen = _period(found, period)
    try:
        report = public_report(chosen)
    except ReportNotFound as error:
        raise Http404(str(error)) from None
    context = html.context(report)
    context.update(
        organisation=found,
        period_key=period_slug(chosen),
        pdf_url=reverse("public:report_pdf", args=[found.slug, period_slug(chosen)]),
        **licence_context(found),
    )
    return render(request, "public/report.html", context)


def report_pdf(request: HttpRequest, organisation: str, period: str) -> HttpResponse:
    """The report's PDF as kept when the period was published (or, while the worker is
    preparing it, a page that says so)."""
    found = _organisation(organisation)
    chosen = _period(found, period)
    key = period_slug(chosen)
    return kept_or_preparing(
        request,
        chosen,
        get_format("pdf"),
        url=reverse("public:report_pdf", args=[found.slug, key]),
        page_url=reverse("public:report", args=[found.slug, key]),
        more_url=reverse("public:archive", args=[found.slug]),
    )


def _open_data(request: HttpRequest, dataset: Dataset, format: str, here: str) -> HttpResponse:
    """`dataset` as CSV or JSON, streamed, with its licence in the file and the headers."""
    if not dataset.periods:
        raise Http404("Nothing has been published here yet.")
    catalogue = request.build_absolute_uri(
        reverse("public:catalogue", args=[dataset.organisation.slug])
    )
    if format == "csv":
        response = StreamingHttpResponse(
            opendata.csv_stream(opendata.figure_rows(dataset)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{dataset.filename}.csv"'
    else:
        urls = {"url": request.build_absolute_uri(here), "catalogue": catalogue}
        response = StreamingHttpResponse(
            opendata.json_stream(dataset, urls), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'inline; filename="{dataset.filename}.json"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license", <{catalogue}>; rel="describedby"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any page may read it
    return response


def figures(request: HttpRequest, organisation: str, format: str) -> HttpResponse:
    found = _organisation(organisation)
    return _open_data(request, opendata.organisation_dataset(found), format, request.path)


def period_figures(request: HttpRequest, organisation: str, period: str, format: str):
    found = _organisation(organisation)
    dataset = opendata.period_dataset(found, _period(found, period))
    return _open_data(request, dataset, format, request.path)


def scorecard_figures(
    request: HttpRequest, organisation: str, year: int, slug: str, format: str
) -> HttpResponse:
    """Every published period of the scorecard's year, one row per measure and period."""
    found = _organisation(organisation)
    dataset = opendata.scorecard_dataset(found, _scorecard(found, year, slug))
    return _open_data(request, dataset, format, request.path)


def measure_figures(request: HttpRequest, organisation: str, code: str, format: str):
    found = _organisation(organisation)
    dataset = opendata.measure_dataset(found, _measure(found, code))
    return _open_data(request, dataset, format, request.path)


def catalogue(request: HttpRequest, organisation: str) -> HttpResponse:
    """The organisation's DCAT catalogue of its open data, as JSON-LD."""
    found = _organisation(organisation)
    document = build_catalogue(
        found, lambda name, args: request.build_absolute_uri(reverse(name, args=args))
    )
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
