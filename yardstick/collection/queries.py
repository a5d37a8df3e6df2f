"""Reads for collecting the figures: a person's returns, the figures awaiting their sign-off,
and what a period still lacks before it is published.

Each reads in a fixed number of queries whatever the number of measures: a few for the
measures, periods and rules, then `shown_ratings` once per period (four queries). Who may see
what is decided by `yardstick.accounts.access`; what each figure shows (its rating, and the
figure of the period before) by `yardstick.measures.shown`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from yardstick.accounts.access import Access, performance_team_of
from yardstick.actions.models import (
    ActionUpdate,
    BenefitsReview,
    KeyAction,
    ReviewStatus,
    UpdateState,
)
from yardstick.actions.services import can_sign_off, can_update
from yardstick.collection.deadlines import BankHolidays, deadline_after
from yardstick.collection.models import DeadlineRule
from yardstick.core.periods import Frequency, period_type_for
from yardstick.core.values import Missing, Value, format_value
from yardstick.framework.models import (
    Introduction,
    NarrativeState,
    Period,
    PeriodStatus,
    Theme,
    ThemeSummary,
)
from yardstick.measures.assessment import periods_like, related_periods
from yardstick.measures.models import Figure, FigureStatus, Lifecycle, Measure, Target
from yardstick.measures.shown import Shown, shown_ratings
from yardstick.reports.strategic import financial_year_of, themes_of_periods
from yardstick.scorecards.challenges import Challenge, scorecard_challenges
from yardstick.scorecards.models import Scorecard
from yardstick.scorecards.rows import build_scorecard


def expected_in(measure: Measure, period: Period) -> bool:
    """Whether `measure` reports a figure for `period`: the period is of the measure's kind
    (quarterly measures in quarters ...), and the measure was live then (not archived,
    introduced by the period's end, not retired before it started)."""
    if period_type_for(Frequency(measure.frequency)) != period.type:
        return False
    if measure.lifecycle == Lifecycle.ARCHIVED:
        return False
    if measure.introduced is not None and measure.introduced > period.end:
        return False
    if measure.lifecycle == Lifecycle.RETIRED and measure.retired is None:
        return False
    return measure.retired is None or measure.retired >= period.start


def rules_by_type(organisation_id: int) -> dict[str, DeadlineRule]:
    """{period type: the deadline rule for the frequency reported in it}, each with its
    organisation (for its bank holidays). One query."""
    return {
        period_type_for(Frequency(rule.frequency)): rule
        for rule in DeadlineRule.objects.filter(organisation_id=organisation_id).select_related(
            "organisation"
        )
    }


def due_date(period: Period, rules: dict[str, DeadlineRule]) -> date | None:
    """The period's deadline: its own when set, else its rule's, counted in the organisation's
    working days; None when neither."""
    if period.deadline is not None:
        return period.deadline
    rule = rules.get(period.type)
    if rule is None:
        return None
    calendar = BankHolidays(rule.organisation.bank_holidays)
    return deadline_after(period.end, rule.working_days_after, calendar)


class ReturnState(StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    RETURNED = "returned"  # a draft sent back by the approver, with their reason
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PUBLISHED = "published"


STATE_LABELS = {
    ReturnState.NOT_STARTED: "Not started",
    ReturnState.DRAFT: "Draft saved",
    ReturnState.RETURNED: "Returned to you",
    ReturnState.SUBMITTED: "Awaiting sign-off",
    ReturnState.APPROVED: "Signed off",
    ReturnState.PUBLISHED: "Published",
}


def state_of(figure: Figure | None) -> ReturnState:
    if figure is None:
        return ReturnState.NOT_STARTED
    if figure.status == FigureStatus.DRAFT:
        return ReturnState.RETURNED if figure.returned_reason else ReturnState.DRAFT
    return ReturnState(figure.status)


def value_text(value: Value | Missing | None) -> str:
    """A figure as printed, without the database's padding places ('75', not '75.000000')."""
    if isinstance(value, Value) and value.decimals is None:
        value = replace(value, amount=value.amount.normalize())
    return format_value(value)


class Owed:
    """What a return owes its owner, from its `state`, `due` and `as_of`: the same rule for a
    figure's return and a key project's."""

    @property
    def outstanding(self) -> bool:
        """Still the owner's to do: not started, a draft, or returned."""
        return self.state in (ReturnState.NOT_STARTED, ReturnState.DRAFT, ReturnState.RETURNED)

    @property
    def days_overdue(self) -> int:
        if not self.outstanding or self.due is None or self.as_of <= self.due:
            return 0
        return (self.as_of - self.due).days

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True)
class Return(Owed):
    """One measure's figure for one period, as its owner (or approver) sees it, with what the
    measure shows for the period before."""

    measure: Measure
    period: Period
    due: date | None
    shown: Shown
    as_of: date
    before: Shown | None = None  # the previous period of the kind, as shown

    @property
    def figure(self) -> Figure | None:
        return self.shown.figure

    @property
    def state(self) -> ReturnState:
        return state_of(self.figure)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def value(self) -> str:
        return self.shown.actual if self.figure is not None else ""

    @property
    def target(self) -> str:
        return self.shown.target

    @property
    def direction(self):
        return self.shown.direction

    @property
    def last_period_label(self) -> str:
        return self.before.period.label if self.before is not None else ""

    @property
    def last_value(self) -> str:
        """The figure shown for the period before (never an unpublished draft of a published
        period: see `measures.shown`)."""
        return self.before.actual if self.before is not None else ""

    @property
    def cell(self) -> Shown | None:
        """The rating of the figure entered so far, for the rating partials."""
        return self.shown if self.figure is not None else None


def returns_of(
    measures: list[Measure],
    period: Period,
    viewer: Access,
    due: date | None,
    as_of: date,
) -> list[Return]:
    """Each measure's return for open `period`, as `viewer` sees it, with what the period
    before shows. Five queries whatever the number of measures."""
    known = periods_like(period)
    previous, _ = related_periods(period, known)
    wanted = [period] + ([previous] if previous is not None else [])
    shown = shown_ratings(measures, wanted, viewer, known=known, per_measure=True)
    return [
        Return(
            measure,
            period,
            due,
            shown[(measure.id, period.id)],
            as_of,
            shown.get((measure.id, previous.id)) if previous is not None else None,
        )
        for measure in measures
    ]


def _returns(
    by_period: dict[Period, list[Measure]],
    rules: dict[str, DeadlineRule],
    as_of: date,
    viewer: Access,
) -> list[Return]:
    returns = []
    for period, measures in by_period.items():
        returns.extend(returns_of(measures, period, viewer, due_date(period, rules), as_of))
    return returns


def _sort_key(item: Return) -> tuple:
    return (
        not item.outstanding,
        -item.days_overdue,
        item.due or date.max,
        item.period.start,
        item.measure.code,
    )


def enterable_measures(access: Access) -> list[Measure]:
    """The live measures `access` may enter figures for: owned, delegated, of their unit or
    partnership (everything for the performance team). One query."""
    measures = (
        Measure.objects.filter(organisation_id=access.organisation_id)
        .exclude(lifecycle=Lifecycle.ARCHIVED)
        .select_related("unit")
        .order_by("code")
    )
    return [measure for measure in measures if access.can_enter(measure)]


def open_periods(organisation_id: int, ended_by: date | None = None) -> list[Period]:
    periods = Period.objects.filter(organisation_id=organisation_id, status=PeriodStatus.OPEN)
    if ended_by is not None:
        periods = periods.filter(end__lt=ended_by)
    return list(periods.select_related("organisation").order_by("end", "start"))


def returns_for(access: Access, as_of: date) -> list[Return]:
    """Every figure `access` must enter for a period that has ended by `as_of` and is not yet
    published: to do first (most overdue first), then those awaiting or given sign-off."""
    if access.organisation_id is None:
        return []
    measures = enterable_measures(access)
    periods = open_periods(access.organisation_id, ended_by=as_of)
    by_period = {
        period: [measure for measure in measures if expected_in(measure, period)]
        for period in periods
    }
    by_period = {period: wanted for period, wanted in by_period.items() if wanted}
    returns = _returns(by_period, rules_by_type(access.organisation_id), as_of, access)
    return sorted(returns, key=_sort_key)


def returns_in(access: Access, period: Period, as_of: date) -> list[Return]:
    """Every figure `access` may enter for `period`, by measure code. Seven queries whatever
    the number of measures."""
    measures = [m for m in enterable_measures(access) if expected_in(m, period)]
    due = due_date(period, rules_by_type(period.organisation_id))
    return returns_of(measures, period, access, due, as_of)


def awaiting_sign_off(access: Access, as_of: date) -> list[Return]:
    """Figures submitted (or signed off, not yet published) that `access` may sign off, in
    open periods: awaiting sign-off first."""
    if access.organisation_id is None:
        return []
    figures = (
        Figure.objects.filter(
            measure__organisation_id=access.organisation_id,
            period__status=PeriodStatus.OPEN,
            status__in=[FigureStatus.SUBMITTED, FigureStatus.APPROVED],
        )
        .select_related("measure__unit", "period__organisation")
        .order_by("period__end", "measure__code")
    )
    by_period: dict[Period, list[Measure]] = defaultdict(list)
    periods = {}
    for figure in figures:
        if access.can_approve(figure.measure):
            period = periods.setdefault(figure.period_id, figure.period)
            by_period[period].append(figure.measure)
    returns = _returns(by_period, rules_by_type(access.organisation_id), as_of, access)
    return sorted(
        returns,
        key=lambda item: (
            item.state != ReturnState.SUBMITTED,
            item.period.end,
            item.measure.code,
        ),
    )


@dataclass(frozen=True)
class Readiness:
    """What one open period still lacks before it is published: figures (which a board
    would see as 'no figure'), and the words of its Strategic Performance Report (listed, never
    blocking: the report shows 'No update' and no achievements)."""

    period: Period
    due: date | None
    not_started: tuple[Measure, ...]
    drafts: tuple[Figure, ...]  # drafts and figures returned to their owners
    submitted: tuple[Figure, ...]
    approved: tuple[Figure, ...]
    # Key projects of the report's themes with no update for the period.
    actions_without_update: tuple[KeyAction, ...] = ()
    # The report's themes (those with a scorecard in the period's year) with no achievements.
    themes_without_achievements: tuple[Theme, ...] = ()
    # Targets still proposed: their measures are reported not rated if published now.
    proposed_targets: tuple[Target, ...] = ()
    # The report's key challenges (`scorecards.challenges`) with no commentary marked for
    # publication: the published report (the public's) prints nothing in its place, so they
    # are listed here to chase. None: not worked out (it builds every theme's scorecard, so
    # only the single period's publish page asks for it: `readiness(..., with_challenges=True)`).
    challenges_without_commentary: tuple[tuple[Theme, Challenge], ...] | None = None
    # No signed-off introduction: the report opens without one.
    introduction_missing: bool = False

    @property
    def expected(self) -> int:
        return len(self.not_started) + len(self.drafts) + len(self.submitted) + len(self.approved)

    @property
    def outstanding(self) -> int:
        """Figures that will be reported as 'no figure' if the period is published now."""
        return len(self.not_started) + len(self.drafts) + len(self.submitted)

    @property
    def ready(self) -> bool:
        """Every expected figure is signed off (the report's words do not count)."""
        return self.outstanding == 0

    @property
    def words_missing(self) -> int:
        """Key projects without an update, themes without achievements, key challenges
        without commentary (when worked out) and a missing introduction: listed only."""
        return (
            len(self.actions_without_update)
            + len(self.themes_without_achievements)
            + len(self.challenges_without_commentary or ())
            + self.introduction_missing
        )


def challenges_without_commentary(
    organisation_id: int, periods: list[Period]
) -> dict[int, tuple[tuple[Theme, Challenge], ...]]:
    """{period id: (theme, key challenge) for each key challenge of the period's report with
    no commentary}, as the performance team sees the figures. A fixed number of queries per
    period and theme, whatever the number of measures."""
    viewer = performance_team_of(organisation_id)
    themes = themes_of_periods(periods)
    result = {}
    for period in periods:
        reported = themes[period.pk]
        cards = {
            card.theme_id: card
            for card in Scorecard.objects.filter(
                theme__in=reported, financial_year=financial_year_of(period)
            ).order_by("position")
        }
        known = periods_like(period)
        built = [build_scorecard(card, period, viewer, known=known) for card in cards.values()]
        found = scorecard_challenges(built, viewer)
        result[period.pk] = tuple(
            (theme, challenge)
            for theme in reported
            if theme.pk in cards
            for challenge in found.get(cards[theme.pk].pk, ())
            if challenge.unpublished_commentary
        )
    return result


def introductions_missing(periods: list[Period]) -> set[int]:
    """The ids of the periods with no signed-off introduction: one query."""
    introduced = set(
        Introduction.objects.filter(period__in=periods, state=NarrativeState.SIGNED_OFF)
        .exclude(introduction="")
        .values_list("period_id", flat=True)
    )
    return {period.pk for period in periods} - introduced


def report_words_missing(
    periods: list[Period],
) -> dict[int, tuple[tuple[KeyAction, ...], tuple[Theme, ...]]]:
    """{period id: (key projects without an update, themes without achievements)}: of the
    themes of each period's Strategic Performance Report (`themes_for`), the key projects
    with no signed-off update for the period and the themes with no signed-off achievements
    for it (a published report prints signed-off text only). Four queries whatever the number
    of periods."""
    themes = themes_of_periods(periods)
    theme_ids = {theme.pk for found in themes.values() for theme in found}
    actions = list(
        KeyAction.objects.filter(theme_id__in=theme_ids)
        .select_related("owner")
        .order_by("theme_id", "position", "code")
    )
    updated = set(
        ActionUpdate.objects.signed_off()
        .filter(period__in=periods, action__in=actions)
        .values_list("action_id", "period_id")
    )
    achieved = {
        (summary.theme_id, summary.period_id)
        for summary in ThemeSummary.objects.filter(
            period__in=periods, theme_id__in=theme_ids, state=NarrativeState.SIGNED_OFF
        )
        if summary.achievements.strip()
    }
    result = {}
    for period in periods:
        reported = themes[period.pk]
        ids = {theme.pk for theme in reported}
        result[period.pk] = (
            tuple(
                action
                for action in actions
                if action.theme_id in ids and (action.pk, period.pk) not in updated
            ),
            tuple(theme for theme in reported if (theme.pk, period.pk) not in achieved),
        )
    return result


def proposed_targets(organisation_id: int, periods: Iterable[Period]) -> list[Target]:
    """The targets of `periods` still proposed (not agreed), of the organisation's measures
    that are not archived, by measure code: one query. The publish page lists them, and the
    target agreement page agrees them."""
    return list(
        Target.objects.filter(period__in=list(periods), agreed=False)
        .filter(measure__organisation_id=organisation_id)
        .exclude(measure__lifecycle=Lifecycle.ARCHIVED)
        .select_related("measure", "period")
        .order_by("measure__code", "period__start")
    )


def readiness(
    organisation_id: int, periods: Iterable[Period], *, with_challenges: bool = False
) -> list[Readiness]:
    """For each period: the expected measures with no figure, the figures by status, the key
    projects and themes its report has no words for, and the targets still proposed: a fixed
    number of queries, whatever the number of periods and measures (the list of open periods).
    `with_challenges` (the one period's publish page) also works out the key challenges
    without commentary, which builds each theme's scorecard: a fixed number of queries per
    period and theme, whatever the number of measures."""
    periods = list(periods)
    measures = list(
        Measure.objects.filter(organisation_id=organisation_id)
        .exclude(lifecycle=Lifecycle.ARCHIVED)
        .select_related("unit", "owner")
        .order_by("code")
    )
    figures = {
        (figure.measure_id, figure.period_id): figure
        for figure in Figure.objects.filter(period__in=periods).select_related("measure")
    }
    rules = rules_by_type(organisation_id)
    words = report_words_missing(periods)
    proposed = defaultdict(list)
    for target in proposed_targets(organisation_id, periods):
        proposed[target.period_id].append(target)
    uncommented = challenges_without_commentary(organisation_id, periods) if with_challenges else {}
    unintroduced = introductions_missing(periods)
    result = []
    for period in periods:
        found: dict[str, list] = defaultdict(list)
        for measure in measures:
            figure = figures.get((measure.id, period.id))
            if figure is None:
                if expected_in(measure, period):
                    found["not_started"].append(measure)
            elif figure.status == FigureStatus.DRAFT:
                found["drafts"].append(figure)
            elif figure.status == FigureStatus.SUBMITTED:
                found["submitted"].append(figure)
            else:
                found["approved"].append(figure)
        result.append(
            Readiness(
                period=period,
                due=due_date(period, rules),
                not_started=tuple(found["not_started"]),
                drafts=tuple(found["drafts"]),
                submitted=tuple(found["submitted"]),
                approved=tuple(found["approved"]),
                actions_without_update=words[period.pk][0],
                themes_without_achievements=words[period.pk][1],
                proposed_targets=tuple(proposed[period.pk]),
                challenges_without_commentary=uncommented.get(period.pk),
                introduction_missing=period.pk in unintroduced,
            )
        )
    return result


# --- key projects' returns ------------------------------------------------------------------


def project_state(update: ActionUpdate | None) -> ReturnState:
    """A key project's return at the same steps, and in the same words, as a figure's."""
    if update is None:
        return ReturnState.NOT_STARTED
    return ReturnState(update.state)


@dataclass(frozen=True)
class ProjectReturn(Owed):
    """One key project's return for one open period, as its owner or approver sees it."""

    action: KeyAction
    period: Period
    due: date | None
    update: ActionUpdate | None
    as_of: date

    @property
    def state(self) -> ReturnState:
        return project_state(self.update)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


def live_projects(organisation_id: int) -> list[KeyAction]:
    """Key projects still running (not closed), with what their returns page shows."""
    return list(
        KeyAction.objects.filter(organisation_id=organisation_id, closed_on__isnull=True)
        .select_related("owner", "unit", "programme__parent", "theme")
        .order_by("code")
    )


def _project_returns(
    actions: list[KeyAction], periods: list[Period], organisation_id: int, as_of: date
) -> list[ProjectReturn]:
    updates = {
        (update.action_id, update.period_id): update
        for update in ActionUpdate.objects.filter(action__in=actions, period__in=periods)
    }
    rules = rules_by_type(organisation_id)
    return [
        ProjectReturn(
            action, period, due_date(period, rules), updates.get((action.pk, period.pk)), as_of
        )
        for period in periods
        for action in actions
    ]


def project_returns_for(access: Access, as_of: date) -> list[ProjectReturn]:
    """The key-project returns `access` writes (their own projects, their unit's as an owner,
    every one for the performance team) for each quarter that has ended by `as_of` and is not
    yet published: to do first, most overdue first. Four queries."""
    if access.organisation_id is None:
        return []
    actions = [a for a in live_projects(access.organisation_id) if can_update(access, a)]
    periods = [
        period
        for period in open_periods(access.organisation_id, ended_by=as_of)
        if period.type == period_type_for(Frequency.QUARTERLY)
    ]
    if not actions or not periods:
        return []
    returns = _project_returns(actions, periods, access.organisation_id, as_of)
    return sorted(
        returns,
        key=lambda item: (
            not item.outstanding,
            -item.days_overdue,
            item.period.end,
            item.action.code,
        ),
    )


def project_returns_awaiting(access: Access, as_of: date) -> list[ProjectReturn]:
    """Key-project returns submitted in open periods that `access` may sign off."""
    if access.organisation_id is None:
        return []
    updates = (
        ActionUpdate.objects.filter(
            action__organisation_id=access.organisation_id,
            period__status=PeriodStatus.OPEN,
            state=UpdateState.SUBMITTED,
        )
        .select_related("action__owner", "action__unit", "period__organisation")
        .order_by("period__end", "action__code")
    )
    rules = rules_by_type(access.organisation_id)
    return [
        ProjectReturn(update.action, update.period, due_date(update.period, rules), update, as_of)
        for update in updates
        if can_sign_off(access, update.action)
    ]


def benefits_reviews_for(access: Access) -> list[BenefitsReview]:
    """Open benefits reviews of completed projects `access` writes returns for, soonest
    due first. One query."""
    if access.organisation_id is None:
        return []
    reviews = (
        BenefitsReview.objects.filter(
            action__organisation_id=access.organisation_id, status=ReviewStatus.OPEN
        )
        .select_related("action__owner", "action__unit")
        .order_by("due", "action__code")
    )
    return [review for review in reviews if can_update(access, review.action)]


@dataclass(frozen=True)
class Missed:
    """A period published without some of a person's figures: the board read "no figure"."""

    period: Period
    measures: tuple[Measure, ...]


def missed_in_published(access: Access) -> list[Missed]:
    """For the latest published period of each kind that `access` enters figures for, the
    measures it expected a figure of and published without one. Three queries."""
    if access.organisation_id is None:
        return []
    measures = enterable_measures(access)
    kinds = {period_type_for(Frequency(measure.frequency)) for measure in measures}
    latest: dict[str, Period] = {}
    for period in Period.objects.filter(
        organisation_id=access.organisation_id,
        status=PeriodStatus.PUBLISHED,
        type__in=kinds,
    ).order_by("-end", "-start"):
        latest.setdefault(period.type, period)
    if not latest:
        return []
    published = set(
        Figure.objects.filter(
            period__in=list(latest.values()),
            measure__in=measures,
            status=FigureStatus.PUBLISHED,
        ).values_list("measure_id", "period_id")
    )
    missed = []
    for period in sorted(latest.values(), key=lambda period: period.end, reverse=True):
        lacking = tuple(
            measure
            for measure in measures
            if expected_in(measure, period) and (measure.pk, period.pk) not in published
        )
        if lacking:
            missed.append(Missed(period, lacking))
    return missed
