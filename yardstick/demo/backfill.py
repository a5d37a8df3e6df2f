"""The demo's synthetic history in the database: what the generator (demo.history) is told
about each measure, and its figures and targets written in bulk with their history rows.

Synthetic figures go only into quarters the published report does not cover, are approved (to
be published with their quarter) and carry source "demo" and the note "Synthetic demo figure".
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from simple_history.utils import bulk_create_with_history

from yardstick.accounts.models import User
from yardstick.core import periods as core_periods
from yardstick.core.periods import Frequency, PeriodType
from yardstick.core.ratings import Polarity
from yardstick.core.values import CollectionType, MissingState, ValueType
from yardstick.demo import history
from yardstick.framework.models import Period
from yardstick.measures.assessment import core_target, core_value
from yardstick.measures.models import Figure, FigureSource, FigureStatus, Measure, Target

SYNTHETIC_NOTE = "Synthetic demo figure"
SYNTHETIC_REASON = "Synthetic demo history"
FIRST_YEAR = 2015  # synthetic history from 2015/16 Q1
OPEN_PERIOD = "2018-19 Q3"
PUBLISHED_KEYS = ("2017-18 Q2", "2018-19 Q1", "2018-19 Q2")  # in the published report
LONDON = ZoneInfo("Europe/London")
NEW_NOTE = re.compile(r"\s*new\b", re.IGNORECASE)  # "New in 2018/19", "New Q4 2017/18"


def quarters_of(organisation) -> list[core_periods.Period]:
    """Every demo quarter, 2015/16 Q1 to the open 2018/19 Q3, in date order."""
    cores = [
        core_periods.quarter(year, number, organisation.financial_year_start_month)
        for year in range(FIRST_YEAR, 2019)
        for number in (1, 2, 3, 4)
    ]
    return cores[: [core.key for core in cores].index(OPEN_PERIOD) + 1]


def is_cumulative(measure: Measure) -> bool:
    return measure.collection_type == CollectionType.CUMULATIVE


def synthesise(
    measures: list[Measure], quarters: dict[str, Period]
) -> dict[int, history.Synthetic]:
    cores = [period.as_core() for period in quarters.values()]
    fill = [key for key in quarters if key not in PUBLISHED_KEYS]
    published = _published(measures, quarters)
    return {
        measure.id: history.synthesise(published[measure.id], cores, fill) for measure in measures
    }


def _published(
    measures: list[Measure], quarters: dict[str, Period]
) -> dict[int, history.MeasureHistory]:
    """Each measure's published figures and targets, as the generator sees them."""
    keys = {quarters[key].id: key for key in PUBLISHED_KEYS}
    figures: dict[int, dict[str, Figure]] = defaultdict(dict)
    for figure in Figure.objects.filter(measure__in=measures, period_id__in=keys):
        figures[figure.measure_id][keys[figure.period_id]] = figure
    targets: dict[int, dict[str, Target]] = defaultdict(dict)
    for target in Target.objects.filter(measure__in=measures, period_id__in=keys):
        targets[target.measure_id][keys[target.period_id]] = target
    start_month = next(iter(quarters.values())).organisation.financial_year_start_month
    result = {}
    for measure in measures:
        own = figures[measure.id]
        result[measure.id] = history.MeasureHistory(
            code=measure.code,
            value_type=ValueType(measure.value_type),
            polarity=Polarity(measure.polarity),
            cumulative=is_cumulative(measure),
            annual=measure.frequency == Frequency.ANNUAL,
            first_key=_first_key(own, quarters, start_month),
            published={key: core_value(measure, figure) for key, figure in own.items()},
            targets={key: core_target(target) for key, target in targets[measure.id].items()},
        )
    return result


def _first_key(published: dict[str, Figure], quarters: dict[str, Period], start_month: int) -> str:
    """The first quarter a measure can have a figure ("" for any): a measure published as
    new ("New Q4 2017/18", "New in 2018/19") has no history before it started."""
    starts = []
    for key, figure in published.items():
        if figure.missing_state != MissingState.NEW and not NEW_NOTE.match(figure.note):
            continue
        start = _start_of(figure.note, start_month)
        if start is None:  # new, no date given: from the next published quarter
            later = PUBLISHED_KEYS[PUBLISHED_KEYS.index(key) + 1 :]
            start = later[0] if later else OPEN_PERIOD
        starts.append(start)
    return max(starts, key=lambda key: quarters[key].start) if starts else ""


def _start_of(note: str, start_month: int) -> str | None:
    """The first quarter named in a 'new' note: 'New Q4 2017/18' -> 2017-18 Q4,
    'New in 2018/19' -> 2018-19 Q1."""
    match = re.search(r"(Q[1-4]\s+)?(\d{4}/\d{2})", note or "")
    if not match:
        return None
    text = f"{match[1] or 'Q1 '}{match[2]}"
    return core_periods.parse_period(text, start_month, period_type=PeriodType.QUARTER).key


def write_history(
    measures: list[Measure],
    quarters: dict[str, Period],
    synthetic: dict[int, history.Synthetic],
    performance: User,
) -> tuple[int, int]:
    """Synthetic figures (approved, to be published with their quarter) and targets for every
    quarter before the open one. Bulk-created with their history rows."""
    figures, targets = [], []
    for measure in measures:
        made = synthetic[measure.id]
        for key, value in made.figures.items():
            if key == OPEN_PERIOD:
                continue
            period = quarters[key]
            entered = datetime.combine(period.end + timedelta(days=21), clock(9), tzinfo=LONDON)
            figure = Figure(
                measure=measure,
                period=period,
                value=value.amount,
                numerator=value.numerator,
                denominator=value.denominator,
                decimals=value.decimals,
                note=SYNTHETIC_NOTE,
                status=FigureStatus.APPROVED,
                entered_by=measure.owner,
                entered_at=entered,
                source=FigureSource.DEMO,
            )
            figure._history_user = measure.owner
            figure._history_date = entered
            figures.append(figure)
        for key, target in made.targets.items():
            targets.append(
                Target(
                    measure=measure,
                    period=quarters[key],
                    kind=target.kind,
                    value=target.value,
                    low=target.low,
                    high=target.high,
                    change_amount=target.change_amount,
                    change_percent=target.change_percent,
                )
            )
    bulk_create_with_history(
        figures, Figure, batch_size=500, default_change_reason=SYNTHETIC_REASON
    )
    bulk_create_with_history(
        targets,
        Target,
        batch_size=500,
        default_user=performance,
        default_change_reason=f"{SYNTHETIC_REASON}: target",
    )
    return len(figures), len(targets)
