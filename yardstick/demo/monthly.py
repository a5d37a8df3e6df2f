"""Four synthetic monthly measures on the partnership scorecard, so the demo shows how months
add up into the quarters a board reviews (docs/calculations.md, "Monthly measures in a
quarter"): a count summed, a percentage by its counts, a snapshot by its latest month and an
average by its mean.

Their months from April 2017 are loaded as published history (each month published about
seven weeks after it ended, like the quarters), and each published quarter keeps the rating
of the quarter made from its months, as publishing it would have. In the open quarter,
October and November 2018 are signed off and December is still a draft, so the quarter shows
what two months make and says December is missing. Every figure is synthetic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock
from decimal import Decimal

from yardstick.accounts.models import User
from yardstick.core import periods as core_periods
from yardstick.core.periods import Frequency, PeriodType
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.targets import TargetKind
from yardstick.core.values import CollectionType, Value, ValueType
from yardstick.demo.backfill import LONDON, SYNTHETIC_NOTE, SYNTHETIC_REASON
from yardstick.framework.models import Period, PeriodStatus
from yardstick.framework.services import ensure_period
from yardstick.measures.models import FigureSource, FigureStatus, Measure
from yardstick.measures.rules import FigureInput
from yardstick.measures.services import (
    FigureRow,
    HistoryRow,
    TargetRow,
    keep_ratings,
    load_published_history,
    record_figures,
    set_baseline,
    set_exclusion,
    set_recalculation,
    set_targets,
)
from yardstick.organisations.models import Organisation, OrganisationUnit, Partnership
from yardstick.scorecards.models import (
    Scorecard,
    ScorecardEntry,
    ScorecardKind,
    ScorecardLayout,
    ScorecardSection,
)

FIRST_MONTH = (2017, 4)
OPEN_QUARTER = (2018, 3)  # Q3 2018/19: October to December 2018
SECTION = "Monthly measures (synthetic)"


@dataclass(frozen=True)
class Monthly:
    code: str
    title: str
    polarity: str
    value_type: ValueType
    target: Decimal
    level: float  # the synthetic series: level, a seasonal swing and a drift per month
    swing: float
    drift: float
    collection_type: CollectionType = CollectionType.PERIOD
    combine: str = ""  # blank: by its kind
    counted: int = 0  # a percentage's denominator each month (0: no counts)
    decimals: int | None = None
    numerator_label: str = ""
    denominator_label: str = ""

    def amount(self, index: int) -> Decimal:
        value = self.level + self.swing * math.sin(index * 0.9) + self.drift * index
        if not self.decimals:
            return Decimal(round(value))
        return Decimal(str(round(value, self.decimals)))

    def value(self, index: int) -> Value:
        if not self.counted:
            return Value(self.amount(index), self.value_type, decimals=self.decimals)
        whole = Decimal(self.counted + 37 * (index % 5))
        part = (self.amount(index) * whole / 100).quantize(Decimal(1))
        share = (part * 100 / whole).quantize(Decimal("0.1"))
        return Value(share, self.value_type, part, whole, decimals=1)


MEASURES = (
    Monthly(
        "SDP-M1",
        "Anti-social behaviour incidents reported to the council (monthly)",
        "lower",
        ValueType.NUMBER,
        target=Decimal(150),
        level=158,
        swing=18,
        drift=-0.8,
    ),
    Monthly(
        "SDP-M2",
        "Community safety line calls answered within 20 seconds (monthly)",
        "higher",
        ValueType.PERCENTAGE,
        target=Decimal(85),
        level=83,
        swing=4,
        drift=0.15,
        counted=1400,
        decimals=1,
        numerator_label="Calls answered within 20 seconds",
        denominator_label="Calls received",
    ),
    Monthly(
        "SDP-M3",
        "Households in temporary accommodation at the end of the month",
        "lower",
        ValueType.NUMBER,
        target=Decimal(2600),
        level=2700,
        swing=40,
        drift=-6,
        collection_type=CollectionType.SNAPSHOT,
    ),
    Monthly(
        "SDP-M4",
        "Average working days to remove reported graffiti (monthly)",
        "lower",
        ValueType.NUMBER,
        target=Decimal(5),
        level=5.4,
        swing=0.8,
        drift=-0.03,
        combine="mean",
        decimals=1,
    ),
)


def create_monthly(
    organisation: Organisation,
    partnership: Partnership,
    owner: User,
    holder: User,
    performance: User,
    others: Sequence[tuple[Measure, Monthly]] = (),
) -> int:
    """The monthly measures, their published months and the open quarter's: returns the
    number of figures. `others` are monthly measures made elsewhere (demo/contextual.py)
    whose months are loaded with these, since a month is published once."""
    unit = OrganisationUnit.objects.get(organisation=organisation, code="COM-CSF")
    measures = [
        _measure(organisation, item, unit, partnership, (owner, holder), performance)
        for item in MEASURES
    ]
    _on_scorecard(organisation, measures)
    start = organisation.financial_year_start_month
    first = core_periods.month(*FIRST_MONTH, start)
    open_quarter = core_periods.quarter(*OPEN_QUARTER, start)
    months, month = [], first
    while month.end <= open_quarter.end:
        months.append(month)
        month = core_periods.following(month)
    stored = {core.key: ensure_period(organisation, core) for core in months}
    set_targets(
        [
            TargetRow(measure, stored[core.key], CoreTarget(TargetKind.VALUE, value=item.target))
            for measure, item in zip(measures, MEASURES, strict=True)
            for core in months
        ],
        performance,
        reason=f"{SYNTHETIC_REASON}: target",
    )
    published = [core for core in months if core.end < open_quarter.start]
    pairs = [*zip(measures, MEASURES, strict=True), *others]
    history = [
        HistoryRow(
            measure,
            stored[core.key],
            FigureInput(item.value(index), note=SYNTHETIC_NOTE, commentary=_words(item, index)),
            published_on=core.end + timedelta(days=50),
        )
        for index, core in enumerate(published)
        for measure, item in pairs
    ]
    load_published_history(history, performance, reason=SYNTHETIC_REASON)
    _keep_quarters(organisation, [measure for measure, _ in pairs], performance)
    # The calls measure's process changed: its SPC limits start again from then.
    set_recalculation(
        measures[1],
        stored["2018-07"],
        "A new telephone system from July 2018 (synthetic, for the demo)",
        performance,
    )
    # A month the anti-social behaviour count is known to be short: left out of its SPC
    # calculations, still charted.
    set_exclusion(
        measures[0],
        stored["2017-12"],
        "A week of reports was lost moving to the new case system (synthetic, for the demo)",
        performance,
    )
    # The temporary accommodation count's limits are fixed on its first year, so the fall
    # since shows against the process as it was.
    set_baseline(
        measures[2],
        12,
        None,
        "The year before the homelessness prevention service started (synthetic, for the demo)",
        performance,
    )
    rows = []
    for offset, core in enumerate(months[len(published) :]):
        status = FigureStatus.DRAFT if core == months[-1] else FigureStatus.APPROVED
        index = len(published) + offset
        rows += [
            FigureRow(
                measure,
                stored[core.key],
                FigureInput(item.value(index), note=SYNTHETIC_NOTE, commentary=_words(item, index)),
                status,
            )
            for measure, item in pairs
        ]
    entered = datetime.combine(open_quarter.end + timedelta(days=10), clock(10), tzinfo=LONDON)
    record_figures(rows, owner, reason=SYNTHETIC_REASON, source=FigureSource.DEMO, when=entered)
    return len(history) + len(rows)


def _measure(organisation, item: Monthly, unit, partnership, people, performance) -> Measure:
    owner, holder = people
    measure = Measure(
        organisation=organisation,
        code=item.code,
        title=item.title,
        definition="A synthetic monthly measure: the demo's own, not published data.",
        polarity=item.polarity,
        value_type=item.value_type,
        decimals=item.decimals,
        numerator_label=item.numerator_label,
        denominator_label=item.denominator_label,
        frequency=Frequency.MONTHLY,
        collection_type=item.collection_type,
        combine=item.combine,
        unit=unit,
        partnership=partnership,
        owner=owner,
        portfolio_holder=holder,
    )
    measure._history_user = performance
    measure._change_reason = SYNTHETIC_REASON
    measure.save()
    return measure


def _on_scorecard(organisation: Organisation, measures: list[Measure]) -> None:
    """On the partnership's scorecard (their quarters, beside its quarterly measures), and on
    a monthly tracker of their own, laid out as the partnership report lays its out."""
    scorecard = Scorecard.objects.get(organisation=organisation, slug="safer-demo-partnership")
    section = ScorecardSection.objects.create(scorecard=scorecard, title=SECTION, position=2)
    ScorecardEntry.objects.bulk_create(
        ScorecardEntry(scorecard=scorecard, section=section, measure=measure, position=100 + n)
        for n, measure in enumerate(measures)
    )
    tracker = Scorecard.objects.create(
        organisation=organisation,
        financial_year=scorecard.financial_year,
        kind=ScorecardKind.PARTNERSHIP,
        slug="safer-demo-partnership-monthly-tracker",
        title="Safer Demo Partnership monthly tracker",
        description="The partnership's monthly measures, month by month (synthetic figures).",
        partnership=scorecard.partnership,
        position=scorecard.position + 1,
        layout=ScorecardLayout.TRACKER,
        tracker_months=4,
        # The partnership board's working tracker: internal, to show the switch at work.
        not_for_publication=True,
    )
    ScorecardEntry.objects.bulk_create(
        ScorecardEntry(scorecard=tracker, measure=measure, position=n)
        for n, measure in enumerate(measures, start=1)
    )


def _keep_quarters(organisation: Organisation, measures: list[Measure], performance: User):
    """Each published quarter keeps the rating of the quarter its months make, on the day it
    was published, as publishing it would have kept it."""
    quarters = Period.objects.filter(
        organisation=organisation,
        type=PeriodType.QUARTER,
        status=PeriodStatus.PUBLISHED,
        start__gte=core_periods.month(*FIRST_MONTH, organisation.financial_year_start_month).start,
    ).order_by("start")
    for quarter in quarters:
        # As loaded from the council's past reports: the key's rating, marked as loaded.
        keep_ratings(quarter, performance, quarter.published_at, measures=measures, printed={})


def _words(item: Monthly, index: int) -> str:
    if index % 3:
        return ""
    return (
        f"Synthetic commentary for the demo: {item.title.split(' (')[0].lower()} this month, "
        "with the partnership's actions reviewed at its monthly meeting."
    )
