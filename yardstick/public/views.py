"""The public pages: published figures only, no sign-in.

Every figure here comes from `build_scorecard(..., ANONYMOUS)` for a published period:
drafts, submitted figures and approved-but-unpublished figures never reach these pages,
and a published period's ratings are shown as they were reported. Scorecards and measures
marked "not for publication" never reach them either (`publishable()`).
"""

from __future__ import annotations

import csv
from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from yardstick.accounts.access import ANONYMOUS
from yardstick.core.cells import neutralise
from yardstick.core.periods import year_label
from yardstick.organisations.models import Organisation
from yardstick.public.queries import (
    financial_year,
    latest_published,
    published_periods,
    published_scorecards,
)
from yardstick.scorecards.models import Scorecard
from yardstick.scorecards.rows import KEY, Cell, build_scorecard

LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
CSV_COLUMNS = [
    "Organisation",
    "Scorecard",
    "Period",
    "Measure code",
    "Measure",
    "Good is",
    "Target",
    "Actual",
    "Rating",
    "Rating meaning",
    "Direction of travel",
    "Restated",
    "Data covers",
    "Note",
    "Licence",
]


def restated(cell: Cell) -> str:
    """The CSV's 'Restated' column, in step with the scorecard's 'Restated' marker: 'No', or
    'Yes: <why>' when the rating (or figure) shown was restated after publishing."""
    if not cell.restated:
        return "No"
    return f"Yes: {cell.restatement_reason}" if cell.restatement_reason else "Yes"


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "public/index.html", {"organisations": Organisation.objects.all()})


def organisation_page(request: HttpRequest, organisation: str) -> HttpResponse:
    found = get_object_or_404(Organisation, slug=organisation)
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
        },
    )


def _published(organisation: str, year: int, slug: str):
    """The scorecard and every published period of its year, newest first."""
    found = get_object_or_404(Organisation, slug=organisation)
    scorecard = get_object_or_404(
        Scorecard.objects.publishable().select_related("organisation"),
        organisation=found,
        financial_year=year,
        slug=slug,
    )
    periods = [p for p in published_periods(found) if financial_year(p) == year]
    return found, scorecard, periods


def scorecard_page(request: HttpRequest, organisation: str, year: int, slug: str) -> HttpResponse:
    found, scorecard, periods = _published(organisation, year, slug)
    period = latest_published(periods, year)
    report = build_scorecard(scorecard, period, ANONYMOUS) if period else None
    return render(
        request,
        "public/scorecard.html",
        {
            "organisation": found,
            "scorecard": scorecard,
            "period": period,
            "year_label": year_label(year, found.financial_year_start_month),
            "report": report,
            "key": report.key if report else KEY,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
        },
    )


def scorecard_csv(request: HttpRequest, organisation: str, year: int, slug: str) -> HttpResponse:
    """Every published period of the scorecard's year, one row per measure and period."""
    found, scorecard, periods = _published(organisation, year, slug)
    if not periods:
        raise Http404("No figures on this scorecard have been published yet.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    year_text = year_label(year, found.financial_year_start_month, separator="-")
    response["Content-Disposition"] = (
        f'attachment; filename="{found.slug}-{year_text}-{scorecard.slug}.csv"'
    )
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for period in reversed(periods):  # oldest first
        report = build_scorecard(scorecard, period, ANONYMOUS)
        for row in report.rows:
            cell = row.current
            writer.writerow(
                [
                    neutralise(text)
                    for text in (
                        found.name,
                        scorecard.title,
                        period.label,
                        row.code,
                        row.title,
                        row.good_is,
                        cell.target,
                        cell.actual,
                        cell.band_code,
                        cell.band_label,
                        row.trend_text if row.trend else "",
                        restated(cell),
                        cell.data_covers,
                        cell.note,
                        LICENCE,
                    )
                ]
            )
    return response
