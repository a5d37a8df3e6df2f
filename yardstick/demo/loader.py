"""Build the demo council.

The published figures are loaded through the importer, exactly as a council would load its
own; everything else is added around them with the services, or with the bulk history helpers
where there are many rows. Nothing here overwrites a published figure.
"""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from yardstick.accounts.models import User
from yardstick.collection.services import publish_period
from yardstick.core.periods import Frequency
from yardstick.demo import backfill, history, organisation, people, stories
from yardstick.demo.backfill import (
    LONDON,
    OPEN_PERIOD,
    SYNTHETIC_NOTE,
    SYNTHETIC_REASON,
)
from yardstick.demo.removal import remove_demo
from yardstick.framework.models import Period, Plan, Theme
from yardstick.framework.services import ensure_period
from yardstick.measures.models import Figure, FigureSource, FigureStatus, Measure
from yardstick.measures.services import FigureInput, record_figure, set_target
from yardstick.organisations.models import Organisation, OrganisationUnit, Partnership
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
SETUP_REASON = "Demo council set-up"

OPEN_DEADLINE = date(2019, 1, 25)
# When the demo's owners entered their Q3 2018/19 returns: the week before the deadline, so
# the data quality page shows them on time (the clock of the machine loading the demo is
# years after the deadline).
OPEN_ENTERED = datetime.combine(OPEN_DEADLINE - timedelta(days=7), clock(10, 0), tzinfo=LONDON)

# Measures a council reports once a year; their history has one figure a year.
ANNUAL_TITLE = re.compile(r"slope index|overweight|obese", re.IGNORECASE)
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
    off_target_commented: int = 0
    key_actions: int = 0
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
    """Load the published scorecards through the importer, as published figures, exactly as
    `manage.py import_data scorecard FILE --organisation demo --status published` would."""
    from yardstick.imports.services import import_file

    result = import_file(
        organisation,
        "scorecard",
        SEED_FILE.read_bytes(),
        SEED_FILE.name,
        user,
        figure_status=FigureStatus.PUBLISHED,
    )
    if not result.applied:
        problems = "; ".join(str(problem) for problem in result.changes.sorted_problems()[:5])
        raise DemoError(f"The importer refused {SEED_FILE.name}: {problems}")


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
    step("published figures through the importer")

    measures = list(
        Measure.objects.in_organisation(organisation_).prefetch_related("themes").order_by("code")
    )
    summary.measures = len(measures)
    summary.published_figures = Figure.objects.filter(measure__in=measures).count()
    _frame(organisation_, measures, units, partnership, team, performance)
    step("owners, units, portfolio holders")

    quarters = _quarters(organisation_)
    synthetic = backfill.synthesise(measures, quarters)
    summary.synthetic_figures, summary.synthetic_targets = backfill.write_history(
        measures, quarters, synthetic, people.performance_team(team)
    )
    step("synthetic history")

    _footnotes(organisation_)
    summary.off_target_commented = stories.write_commentary(measures, quarters)
    summary.key_actions = stories.write_key_actions(organisation_, quarters, team)
    step("commentary, key actions, achievements")

    for period in quarters.values():
        if period.key == OPEN_PERIOD:
            continue
        publish_period(period, performance, as_of=_published_at(period))
        summary.periods_published += 1
    step("publishing")

    summary.open_figures = _open_period(measures, quarters, synthetic, performance)
    step("open period")
    summary.steps = step.laps
    return summary


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


def _quarters(organisation_: Organisation) -> dict[str, Period]:
    return {
        core.key: ensure_period(organisation_, core) for core in backfill.quarters_of(organisation_)
    }


def _published_at(period: Period) -> datetime:
    """When the demo council published a quarter: at its board, about seven weeks later."""
    return datetime.combine(period.end + timedelta(days=50), clock(10, 0), tzinfo=LONDON)


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
        if ANNUAL_TITLE.search(measure.title):
            measure.frequency = Frequency.ANNUAL
    bulk_update_with_history(
        measures,
        Measure,
        ["unit", "owner", "portfolio_holder", "partnership", "frequency"],
        default_user=performance,
        default_change_reason=SETUP_REASON,
    )
    _partnership_scorecard(organisation_, partnership, measures)


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
    )
    section = ScorecardSection.objects.create(scorecard=scorecard, title="Crime and reoffending")
    shared = [m for m in measures if m.partnership_id == partnership.id]
    ScorecardEntry.objects.bulk_create(
        ScorecardEntry(scorecard=scorecard, section=section, measure=measure, position=position)
        for position, measure in enumerate(shared, start=1)
    )


# The open quarter.


def _open_period(
    measures: list[Measure],
    quarters: dict[str, Period],
    synthetic: dict[int, history.Synthetic],
    performance: User,
) -> int:
    """2018/19 Q3 stays open with a deadline: targets set for it, and each owner has started
    a couple of returns (one still a draft, one submitted for sign-off); the rest are due."""
    period = quarters[OPEN_PERIOD]
    period.deadline = OPEN_DEADLINE
    period._change_reason = "Deadline for returns set"
    period._history_user = performance
    period.save()
    started: dict[int, int] = {}
    entered = 0
    for measure in measures:
        made = synthetic[measure.id]
        target = made.targets.get(OPEN_PERIOD)
        if target is not None:
            set_target(measure, period, target, performance, reason=f"{SYNTHETIC_REASON}: target")
        value = made.figures.get(OPEN_PERIOD)
        if value is None or measure.frequency == Frequency.ANNUAL:
            continue
        count = started.get(measure.owner_id, 0)
        if count >= DRAFTS_PER_OWNER:
            continue
        started[measure.owner_id] = count + 1
        figure = record_figure(
            measure,
            period,
            FigureInput(value=value, note=SYNTHETIC_NOTE),
            measure.owner,
            status=FigureStatus.DRAFT if count == 0 else FigureStatus.SUBMITTED,
            reason=SYNTHETIC_REASON,
        )
        figure.source = FigureSource.DEMO
        figure.entered_at = OPEN_ENTERED
        if figure.status == FigureStatus.SUBMITTED:
            figure.submitted_at = figure.entered_at
        figure._history_user = measure.owner
        figure._change_reason = "Labelled as a synthetic demo figure, entered before the deadline"
        figure.save(update_fields=["source", "entered_at", "submitted_at"])
        entered += 1
    return entered
