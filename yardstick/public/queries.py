"""What the public may read: published periods, and the scorecards that have one."""

from __future__ import annotations

from dataclasses import dataclass

from yardstick.framework.models import Period
from yardstick.measures.queries import reporting_first
from yardstick.organisations.models import Organisation
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
        Scorecard.objects.publishable()
        .in_organisation(organisation)
        .filter(financial_year__in=list(latest))
        .select_related("theme")
        .order_by("-financial_year", "position", "title")
    )
    return [PublicScorecard(s, latest[s.financial_year]) for s in scorecards]
