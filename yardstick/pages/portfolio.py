"""A portfolio holder's portfolio on one page: its measures as this year's scorecards show
them (row for row), the exceptions among them, its key projects with their signed-off
returns, and the open actions from meetings about any of them.

A measure is in a portfolio when its portfolio holder is the holder, or, having none of its
own, when one of its themes is theirs; a key project when its theme is theirs. Read in a
fixed number of queries whatever the number of measures, projects or actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from yardstick.accounts.access import Access, board, internal_reader_required
from yardstick.accounts.models import User
from yardstick.actions.models import ActionUpdate, KeyAction
from yardstick.framework.models import Period, Theme
from yardstick.measures.assessment import periods_like
from yardstick.measures.models import Measure
from yardstick.meetings.models import ActionStatus, AgreedAction
from yardstick.meetings.queries import LogRow, log_rows, with_outcomes
from yardstick.reports.strategic import financial_year_of
from yardstick.scorecards.models import Scorecard
from yardstick.scorecards.queries import choosable_periods
from yardstick.scorecards.rows import Row, ScorecardReport, build_scorecard, key_for, narrowed
from yardstick.scorecards.views import chosen_period


@dataclass(frozen=True)
class ProjectLine:
    action: KeyAction
    update: ActionUpdate | None  # its signed-off return for the period


@dataclass(frozen=True)
class Portfolio:
    holder: User
    period: Period | None
    themes: tuple[Theme, ...]
    scorecards: tuple[ScorecardReport, ...]
    projects: tuple[ProjectLine, ...]
    actions: tuple[LogRow, ...]

    @property
    def exceptions(self) -> tuple[tuple[Row, str], ...]:
        """Each exception once, with the scorecard it is on."""
        seen, found = set(), []
        for report in self.scorecards:
            for row in report.exceptions:
                if row.measure_id not in seen:
                    seen.add(row.measure_id)
                    found.append((row, report.scorecard.title))
        return tuple(found)

    @property
    def key(self):
        return key_for(
            cell for report in self.scorecards for row in report.rows for cell in row.cells
        )


def holders(organisation_id: int) -> list[tuple[User, int, int]]:
    """Every portfolio holder of the organisation with how many measures and themes they
    hold, by name. Two queries."""
    measures = dict(
        Measure.objects.filter(organisation_id=organisation_id, portfolio_holder__isnull=False)
        .values("portfolio_holder")
        .annotate(n=Count("id"))
        .values_list("portfolio_holder", "n")
    )
    themes = dict(
        Theme.objects.filter(plan__organisation_id=organisation_id, portfolio_holder__isnull=False)
        .values("portfolio_holder")
        .annotate(n=Count("id"))
        .values_list("portfolio_holder", "n")
    )
    people = User.objects.filter(pk__in=set(measures) | set(themes)).order_by(
        "last_name", "first_name", "username"
    )
    return [(person, measures.get(person.pk, 0), themes.get(person.pk, 0)) for person in people]


def build_portfolio(holder: User, organisation_id: int, period: Period | None, today: date):
    themes = tuple(
        Theme.objects.filter(plan__organisation_id=organisation_id, portfolio_holder=holder)
        .select_related("plan")
        .order_by("plan__financial_year", "position")
    )
    theme_ids = {theme.pk for theme in themes}
    measure_ids = set(
        Measure.objects.filter(organisation_id=organisation_id)
        .filter(Q(portfolio_holder=holder) | Q(portfolio_holder__isnull=True, themes__in=theme_ids))
        .values_list("id", flat=True)
    )
    scorecards: tuple[ScorecardReport, ...] = ()
    if period is not None and measure_ids:
        known = periods_like(period)
        viewer = board(organisation_id)  # what the board reads: figures signed off
        cards = (
            Scorecard.objects.filter(
                organisation_id=organisation_id, financial_year=financial_year_of(period)
            )
            .select_related("theme")
            .order_by("position", "title")
        )
        scorecards = narrowed(
            (build_scorecard(card, period, viewer, known=known) for card in cards), measure_ids
        )
    projects = list(
        KeyAction.objects.filter(organisation_id=organisation_id, theme_id__in=theme_ids)
        .select_related("owner", "theme")
        .order_by("theme__position", "position", "code")
    )
    updates = (
        {
            update.action_id: update
            for update in ActionUpdate.objects.signed_off().filter(
                action__in=projects, period=period
            )
        }
        if period is not None
        else {}
    )
    actions = with_outcomes(
        AgreedAction.objects.filter(
            Q(measure_id__in=measure_ids) | Q(key_action__in=projects),
            organisation_id=organisation_id,
            status=ActionStatus.OPEN,
        )
    ).order_by("due", "meeting__starts_at", "id")
    return Portfolio(
        holder=holder,
        period=period,
        themes=themes,
        scorecards=scorecards,
        projects=tuple(ProjectLine(action, updates.get(action.pk)) for action in projects),
        actions=tuple(log_rows(actions, today)),
    )


@internal_reader_required
def portfolios_page(request):
    return render(
        request,
        "pages/portfolios.html",
        {"holders": holders(request.access.organisation_id)},
    )


@internal_reader_required
def portfolio_page(request, user_id: int):
    access: Access = request.access
    holder = get_object_or_404(User, pk=user_id, organisation_id=access.organisation_id)
    periods = choosable_periods(access.organisation_id, published_only=False)
    period = chosen_period(request, periods)
    portfolio = build_portfolio(holder, access.organisation_id, period, timezone.localdate())
    return render(
        request,
        "pages/portfolio.html",
        {
            "portfolio": portfolio,
            "periods": periods,
            "period": period,
            "key": portfolio.key,
            "today": timezone.localdate(),
        },
    )
