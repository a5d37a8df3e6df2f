"""What the public may read: published periods, and the scorecards that have one."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Exists, OuterRef, Q, QuerySet

from yardstick.core.periods import year_label
from yardstick.framework.models import Period
from yardstick.measures.models import Figure, Measure
from yardstick.measures.queries import periods_of, reporting_first
from yardstick.organisations.models import Organisation
from yardstick.reports.lookup import period_slug
from yardstick.scorecards.models import Scorecard
from yardstick.scorecards.queries import choosable_periods


def financial_year(period: Period) -> int:
    return period.as_core().financial_year.start.year


def published_periods(organisation: Organisation) -> list[Period]:
    """Published periods with figures, newest first (one query)."""
    periods = choosable_periods(organisation.id, published_only=True)
    for period in periods:
        period.organisation = organisation  # read by as_core(): no query per period
    return periods


def latest_published(periods: list[Period], year: int) -> Period | None:
    """The newest published period of financial year `year`, from `published_periods`, of
    the kind the council reports in if it has one (the quarter, not its last month)."""
    return next((p for p in reporting_first(periods) if financial_year(p) == year), None)


@dataclass(frozen=True)
class PublicScorecard:
    scorecard: Scorecard
    period: Period


def published_scorecards(organisation: Organisation) -> list[PublicScorecard]:
    """Scorecards of every financial year with a published period, newest year first, each
    with that year's latest published period. Two queries."""
    periods = published_periods(organisation)
    latest = {}
    for period in reporting_first(periods):  # newest first: keep the first of each year
        latest.setdefault(financial_year(period), period)
    scorecards = (
        public_scorecards(organisation)
        .filter(financial_year__in=list(latest))
        .select_related("theme")
        .order_by("-financial_year", "position", "title")
    )
    return [PublicScorecard(s, latest[s.financial_year]) for s in scorecards]


def public_scorecards(organisation: Organisation) -> QuerySet[Scorecard]:
    """The organisation's scorecards the public may read (not marked "not for
    publication"): every public page and file asks here."""
    return Scorecard.objects.publishable().in_organisation(organisation)


def public_measures(organisation: Organisation) -> QuerySet[Measure]:
    """The organisation's measures the public may read (not marked "not for publication"):
    every public page and file asks here."""
    return Measure.objects.publishable().in_organisation(organisation)


def published_measures(organisation: Organisation) -> QuerySet[Measure]:
    """The public measures with a published figure: those with a page of their own."""
    published = Figure.objects.published().filter(measure_id=OuterRef("pk"))
    return public_measures(organisation).filter(Exists(published))


@dataclass(frozen=True)
class ArchiveYear:
    label: str  # '2018/19'
    periods: list[Period]  # newest first


def archive(organisation: Organisation) -> list[ArchiveYear]:
    """Every published period with figures, by financial year, newest first: once Q3 is
    published Q2 is still here. One query."""
    periods = published_periods(organisation)
    return [
        ArchiveYear(year_label(year, organisation.financial_year_start_month), list(items))
        for year, items in groupby(periods, key=financial_year)
    ]


def published_period(organisation: Organisation, slug: str) -> Period | None:
    """The organisation's published period with figures whose URL form is `slug`
    ('2018-19-q2'), or None. One query."""
    return next((p for p in published_periods(organisation) if period_slug(p) == slug), None)


def scorecards_of(organisation: Organisation, period: Period) -> list[Scorecard]:
    """The public scorecards of `period`'s financial year, in their order. One query."""
    return list(
        public_scorecards(organisation)
        .filter(financial_year=financial_year(period))
        .select_related("theme")
        .order_by("position", "title")
    )


def measure_periods(measure: Measure) -> list[Period]:
    """The published periods in which `measure` has a figure, a target or a kept rating,
    oldest first. One query."""
    return [period for period in periods_of(measure) if period.is_published]


def search_measures(organisation: Organisation, text: str) -> QuerySet[Measure]:
    """Public measures whose code, title, theme or plan contains `text` (every public
    measure when it is empty), by code."""
    measures = published_measures(organisation)
    if text:
        measures = measures.filter(
            Q(code__icontains=text)
            | Q(title__icontains=text)
            | Q(themes__title__icontains=text)
            | Q(themes__plan__title__icontains=text)
        ).distinct()
    return measures.order_by("code").prefetch_related("themes__plan")
