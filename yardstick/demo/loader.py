"""Build the demo council.

Its past (2015/16 Q1 to 2018/19 Q2: three quarters a real council published, the rest made up
around them and labelled) is loaded through the published-history import, exactly as a council
loads its own past reports; its open quarter is entered through the services that owners use.
Nothing here writes a figure or a target any other way.
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from yardstick.accounts.models import User
from yardstick.collection.services import open_period, set_period_deadline
from yardstick.core.periods import Frequency
from yardstick.demo import (
    backfill,
    benchmarking,
    challengelist,
    challenges,
    contextual,
    forecasts,
    meetings,
    monthly,
    organisation,
    people,
    projects,
    stories,
)
from yardstick.demo.backfill import LONDON, OPEN_PERIOD, SYNTHETIC_NOTE, SYNTHETIC_REASON
from yardstick.demo.profiles import create_profiles
from yardstick.demo.removal import remove_demo
from yardstick.demo.risks import create_risks
from yardstick.demo.scrutiny import create_scrutiny
from yardstick.demo.statements import create_statements
from yardstick.framework.models import Period, Plan, PlanKind, Theme
from yardstick.framework.services import ensure_period
from yardstick.imports.services import import_file
from yardstick.measures.models import Figure, FigureSource, FigureStatus, Measure, Target
from yardstick.measures.services import (
    FigureInput,
    FigureRow,
    TargetRow,
    record_figures,
    set_targets,
)
from yardstick.organisations.models import (
    Organisation,
    OrganisationUnit,
    Partnership,
    UnitKind,
)
from yardstick.reports.services import request_documents
from yardstick.scorecards.models import (
    Footnote,
    Scorecard,
    ScorecardEntry,
    ScorecardKind,
    ScorecardSection,
)

DEMO_SLUG = "demo"
DEMO_NAME = "Demo Borough Council"
DEMO_DESCRIPTION = (
    "Demo Borough Council is a demonstration council, not a real one. Its measure names and its "
    "figures for Q2 2017/18, Q1 2018/19 and Q2 2018/19 are those the London Borough of Harrow "
    "published in its Strategic Performance Report, Quarter 2 2018/19. Its earlier history "
    "(2015/16 to 2017/18), the Q3 2018/19 returns, its people, key actions, achievements and "
    "commentary are synthetic, written for the demo; they describe no real council."
)
DATA = Path(__file__).resolve().parent / "data"
SEED_FILE = DATA / "seed-corporate-scorecards-2018-19.csv"
HISTORY_FILE = "demo-history-2015-16-to-2018-19.csv"
SETUP_REASON = "Demo council set-up"
PLAN_DESCRIPTION = "Synthetic, written for the demo."

OPEN_DEADLINE = date(2019, 1, 25)
# When the demo's owners entered their Q3 2018/19 returns: the week before the deadline, so
# the data quality page shows them on time (the clock of the machine loading the demo is
# years after the deadline).
OPEN_ENTERED = datetime.combine(OPEN_DEADLINE - timedelta(days=7), clock(10, 0), tzinfo=LONDON)

# When Q3 2018/19 opened for returns: the day after it ended.
OPENED = datetime.combine(date(2019, 1, 1), clock(9, 0), tzinfo=LONDON)

DRAFTS_PER_OWNER = 2  # Q3 2018/19 figures each owner has started: one draft, one submitted


class DemoError(Exception):
    """The demo could not be built; says why."""


@dataclass
class DemoSummary:
    organisation: Organisation
    measures: int = 0
    published_figures: int = 0
    synthetic_figures: int = 0
    synthetic_targets: int = 0
    periods_published: int = 0
    open_figures: int = 0
    monthly_figures: int = 0
    off_target_commented: int = 0
    key_actions: int = 0
    milestones: int = 0
    bodies: int = 0
    meeting_actions: int = 0
    packs: int = 0
    packs_published: int = 0
    comparator_figures: int = 0
    statements: int = 0  # data quality statements written
    documents_queued: str = ""  # the period whose documents the worker will keep
    seconds: float = 0.0
    steps: list[tuple[str, float]] = field(default_factory=list)


def demo_organisation() -> Organisation | None:
    return Organisation.objects.filter(slug=DEMO_SLUG).first()


def load_demo(
    *,
    reset: bool = False,
    import_published: Callable[[Organisation, User], None] | None = None,
) -> DemoSummary | None:
    """Build the demo council. Returns None, doing nothing, when it is already there (unless
    `reset`, which removes it first and builds it again)."""
    existing = demo_organisation()
    if existing is not None and not reset:
        return None
    started = time.perf_counter()
    with transaction.atomic():
        if existing is not None:
            remove_demo(existing)
        summary = _build(import_published or import_published_figures)
    summary.seconds = time.perf_counter() - started
    return summary


def import_published_figures(organisation: Organisation, user: User) -> None:
    """Load the demo's past reports through the importer, as published history, exactly as
    `yardstick import history FILE --organisation demo` would load a council's own."""
    made = backfill.build(SEED_FILE.read_bytes(), organisation.financial_year_start_month)
    result = import_file(organisation, "history", made.content, HISTORY_FILE, user)
    if not result.applied:
        problems = "; ".join(str(problem) for problem in result.changes.sorted_problems()[:5])
        raise DemoError(f"The importer refused the demo's history: {problems}")
    organisation._demo_open = made  # the open quarter's synthetic figures, for _open_period


def _build(import_published: Callable[[Organisation, User], None]) -> DemoSummary:
    step = _Stopwatch()
    organisation_ = Organisation.objects.create(
        name=DEMO_NAME, slug=DEMO_SLUG, notice=DEMO_DESCRIPTION
    )
    summary = DemoSummary(organisation=organisation_)
    try:
        team = people.create_people(organisation_)
    except ValueError as error:
        raise DemoError(str(error)) from error
    units, partnership = organisation.create_tree(organisation_, team)
    organisation.create_memberships(organisation_, team, units, partnership)
    step("people, roles and organisation tree")

    performance = people.performance_team(team)
    import_published(organisation_, performance)
    step("published history through the importer")

    measures = list(
        Measure.objects.in_organisation(organisation_).prefetch_related("themes").order_by("code")
    )
    summary.measures = len(measures)
    published = Figure.objects.filter(measure__in=measures, status=FigureStatus.PUBLISHED)
    summary.published_figures = published.exclude(note=SYNTHETIC_NOTE).count()
    summary.synthetic_figures = published.filter(note=SYNTHETIC_NOTE).count()
    summary.synthetic_targets = Target.objects.filter(
        measure__in=measures, period__key__in=_synthetic_keys(organisation_)
    ).count()
    summary.periods_published = Period.objects.filter(
        organisation=organisation_, status="published"
    ).count()
    _frame(organisation_, measures, units, partnership, team, performance)
    _golden_thread(organisation_, units, performance)
    step("owners, units, portfolio holders, plans")

    _footnotes(organisation_)
    quarters = {period.key: period for period in Period.objects.filter(organisation=organisation_)}
    summary.off_target_commented = (
        Figure.objects.filter(measure__in=measures, period__key=backfill.COMMENTED_KEY)
        .exclude(commentary="")
        .count()
    )
    summary.key_actions = stories.write_key_actions(organisation_, quarters, team)
    summary.bodies, summary.meeting_actions = meetings.create_meetings(
        organisation_, units, partnership, team, performance
    )
    step("key actions, achievements")
    challenges.choose_key_challenges(organisation_, performance)
    step("the Q2 2018/19 report's key challenges, as the council chose them")

    made = getattr(organisation_, "_demo_open", None)
    summary.open_figures = _open_period(organisation_, measures, made, performance)
    step("open period")
    if made is not None:
        # A contextual measure and a proposed target (demo/contextual.py); its months are
        # loaded with the monthly measures'.
        context = contextual.create_contextual(
            organisation_, partnership, team["mark"], team["anita"], performance
        )
        summary.monthly_figures = monthly.create_monthly(
            organisation_, partnership, team["mark"], team["anita"], performance, context
        )
        step("monthly measures and their months")
    if made is not None:
        summary.milestones = projects.create_projects(
            organisation_,
            Period.objects.get(organisation=organisation_, key=OPEN_PERIOD),
            performance,
            datetime.combine(OPEN_DEADLINE - timedelta(days=7), clock(10, 0), tzinfo=LONDON),
        )
        step("key projects' milestones and returns")

    create_scrutiny(organisation_, units, team, performance)
    summary.packs, summary.packs_published = meetings.create_packs(organisation_, performance)
    create_risks(organisation_, units, partnership, team, performance)
    summary.statements = create_statements(organisation_, performance)
    step("meeting packs")
    summary.comparator_figures = benchmarking.create_benchmarking(organisation_, performance)
    create_profiles(organisation_, performance)  # a trajectory, a target profiled by last year
    step("benchmarking: comparator groups and synthetic figures")
    forecasts.create_forecasts(organisation_, performance)  # year targets, owners' forecasts
    step("year targets and owners' forecasts")
    challengelist.create_challenge_list(organisation_, performance)
    step("the challenge list's settings")

    # As publishing a quarter does, queue the documents of the latest one, so the worker
    # beside the demo server has them kept before anyone downloads them. Earlier quarters
    # are rendered when first asked for, as a council's imported history is.
    latest = (
        Period.objects.filter(organisation=organisation_, status="published", type="quarter")
        .order_by("-end")
        .first()
    )
    if latest is not None:
        request_documents(latest)
        summary.documents_queued = latest.label
    summary.steps = step.laps
    return summary


def _synthetic_keys(organisation_: Organisation) -> list[str]:
    cores = backfill.quarters_of(organisation_.financial_year_start_month)
    return [c.key for c in cores if c.key not in (*backfill.PUBLISHED_KEYS, OPEN_PERIOD)]


def _footnotes(organisation_: Organisation) -> None:
    """What the notes on each scorecard mean, as the published report's footnotes say
    (data/footnotes.csv; '*' applies to every scorecard)."""
    path = DATA / "footnotes.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    Footnote.objects.bulk_create(
        Footnote(scorecard=scorecard, label=row["label"], text=row["text"])
        for scorecard in Scorecard.objects.filter(organisation=organisation_)
        for row in rows
        if row["scorecard"] in ("*", scorecard.title)
    )


class _Stopwatch:
    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.laps: list[tuple[str, float]] = []

    def __call__(self, what: str) -> None:
        now = time.perf_counter()
        self.laps.append((what, now - self.last))
        self.last = now


# The frame: who owns, approves and answers for each measure.


def _frame(
    organisation_: Organisation,
    measures: list[Measure],
    units: dict[str, OrganisationUnit],
    partnership: Partnership,
    team: dict[str, User],
    performance: User,
) -> None:
    themes = list(Theme.objects.filter(plan__organisation=organisation_).order_by("position"))
    for theme in themes:
        theme.portfolio_holder = team["robert" if "business" in theme.title.casefold() else "anita"]
        theme._change_reason = SETUP_REASON
        theme._history_user = performance
        theme.save()
    for plan in Plan.objects.filter(organisation=organisation_):
        plan.description = DEMO_DESCRIPTION
        plan._change_reason = SETUP_REASON
        plan._history_user = performance
        plan.save()
    holders = {theme.id: theme.portfolio_holder for theme in themes}
    for measure in measures:
        theme = _theme_of(measure)
        code = organisation.unit_code_for(measure.title, theme.title if theme else "")
        measure.unit = units[code]
        measure.owner = team[organisation.owner_of(code)]
        measure.portfolio_holder = holders.get(theme.id) if theme else None
        if organisation.is_partnership_measure(measure.title):
            measure.partnership = partnership
        if backfill.ANNUAL_TITLE.search(measure.title):
            measure.frequency = Frequency.ANNUAL
        if backfill.ARREARS_TITLE.search(measure.title):
            measure.reporting_lag_months = 3
    bulk_update_with_history(
        measures,
        Measure,
        ["unit", "owner", "portfolio_holder", "partnership", "frequency", "reporting_lag_months"],
        default_user=performance,
        default_change_reason=SETUP_REASON,
    )
    _partnership_scorecard(organisation_, partnership, measures)


def _golden_thread(
    organisation_: Organisation, units: dict[str, OrganisationUnit], performance: User
) -> None:
    """The plans above and below the corporate plan (synthetic): a community plan it
    serves, and a service improvement plan per directorate and a delivery plan per service
    under it, each with the years it covers."""
    corporate = Plan.objects.get(organisation=organisation_, kind=PlanKind.CORPORATE)
    year = corporate.financial_year

    def plan(kind, code, title, parent, unit, years, description=PLAN_DESCRIPTION) -> Plan:
        made = Plan(
            organisation=organisation_,
            financial_year=year,
            kind=kind,
            code=code,
            title=title,
            description=description,
            parent=parent,
            unit=unit,
            first_year=year,
            last_year=year + years - 1,
        )
        made._change_reason = SETUP_REASON
        made._history_user = performance
        made.save()
        return made

    community = plan(PlanKind.COMMUNITY, "COMMUNITY", "Demo Borough community plan", None, None, 10)
    corporate.parent = community
    corporate.first_year, corporate.last_year = year, year + 3
    corporate._change_reason = SETUP_REASON
    corporate._history_user = performance
    corporate.save()
    for unit in sorted(units.values(), key=lambda unit: unit.code):
        if unit.kind == UnitKind.DIRECTORATE:
            parent = plan(
                PlanKind.DIRECTORATE,
                f"DSIP-{unit.code}",
                f"{unit.name} service improvement plan",
                corporate,
                unit,
                3,
            )
            for service in sorted(
                (u for u in units.values() if u.parent_id == unit.id), key=lambda u: u.code
            ):
                plan(
                    PlanKind.TEAM,
                    f"TDP-{service.code}",
                    f"{service.name} delivery plan",
                    parent,
                    service,
                    1,
                )


def _theme_of(measure: Measure) -> Theme | None:
    themes = sorted(measure.themes.all(), key=lambda theme: theme.position)
    return themes[0] if themes else None


def _partnership_scorecard(
    organisation_: Organisation, partnership: Partnership, measures: list[Measure]
) -> None:
    scorecard = Scorecard.objects.create(
        organisation=organisation_,
        financial_year=2018,
        kind=ScorecardKind.PARTNERSHIP,
        slug="safer-demo-partnership",
        title=f"{partnership.name} scorecard",
        description="The measures the community safety partnership reviews each quarter.",
        partnership=partnership,
        position=10,
        show_spc=True,  # what each measure's SPC chart says, beside its trend
    )
    section = ScorecardSection.objects.create(scorecard=scorecard, title="Crime and reoffending")
    shared = [m for m in measures if m.partnership_id == partnership.id]
    ScorecardEntry.objects.bulk_create(
        ScorecardEntry(scorecard=scorecard, section=section, measure=measure, position=position)
        for position, measure in enumerate(shared, start=1)
    )


# The open quarter.


def _open_period(
    organisation_: Organisation, measures: list[Measure], made, performance: User
) -> int:
    """2018/19 Q3 stays open with a deadline: targets set for it, and each owner has started
    a couple of returns (one still a draft, one submitted for sign-off); the rest are due.
    Entered through the services, dated the week before the deadline."""
    core = next(
        c
        for c in backfill.quarters_of(organisation_.financial_year_start_month)
        if c.key == OPEN_PERIOD
    )
    period = ensure_period(organisation_, core)
    period = set_period_deadline(period, OPEN_DEADLINE, performance, "Deadline for returns set")
    if made is not None:
        by_code = {measure.code: measure for measure in measures}
        set_targets(
            [
                TargetRow(by_code[code], period, target)
                for code, target in made.open_targets.items()
                if code in by_code
            ],
            performance,
            reason=f"{SYNTHETIC_REASON}: target",
        )
    # Opened as a council's quarter opens, the day after it ended: any measure without a
    # target of its own is given one, carried forward or profiled from the year's.
    open_period(period, performance, when=OPENED)
    if made is None:  # a test's own published figures: no synthetic open quarter
        return 0
    started: dict[int, int] = {}
    by_owner: dict[User, list[FigureRow]] = defaultdict(list)
    for measure in measures:
        value = made.open_figures.get(measure.code)
        if value is None or measure.frequency == Frequency.ANNUAL:
            continue
        count = started.get(measure.owner_id, 0)
        if count >= DRAFTS_PER_OWNER:
            continue
        started[measure.owner_id] = count + 1
        status = FigureStatus.DRAFT if count == 0 else FigureStatus.SUBMITTED
        entry = FigureInput(value=value, note=SYNTHETIC_NOTE)
        by_owner[measure.owner].append(FigureRow(measure, period, entry, status))
    for owner, rows in by_owner.items():
        record_figures(
            rows, owner, reason=SYNTHETIC_REASON, source=FigureSource.DEMO, when=OPEN_ENTERED
        )
    return sum(len(rows) for rows in by_owner.values())
