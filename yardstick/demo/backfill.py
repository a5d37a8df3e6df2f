"""The demo council's past reports, as one file loaded through the published-history import.

The seed file holds the three quarters a real council published (Q2 2017/18, Q1 and Q2
2018/19). Around them the generator (`demo.history`) makes up the other quarters from 2015/16
Q1 to the open 2018/19 Q3, each measure from its published figures and targets. The made-up
quarters are written in the same scorecard layout, every figure with the note "Synthetic demo
figure", and the whole file is loaded as a council loads its own past reports: oldest first,
each quarter published and its ratings kept as reported. The open quarter's synthetic figures
and targets are returned for the loader to enter through the collection services.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from yardstick.core import periods as core_periods
from yardstick.core.periods import PeriodType
from yardstick.core.ratings import FIVE_BAND, Band, Polarity, rate
from yardstick.core.targets import BASELINE, NO_TARGET, TargetKind, format_target, parse_target
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.values import (
    CollectionType,
    Missing,
    MissingState,
    Value,
    ValueParseError,
    ValueType,
    format_value,
    parse_note,
    parse_value,
)
from yardstick.demo import history
from yardstick.demo.stories import OFF_TARGET, commentary_for
from yardstick.imports.changes import ChangeSet
from yardstick.imports.kinds.base import ImportContext
from yardstick.imports.kinds.history import HISTORY
from yardstick.imports.kinds.scorecard import ScorecardImport, collection_type
from yardstick.imports.tables import read_table

SYNTHETIC_NOTE = "Synthetic demo figure"
SYNTHETIC_REASON = "Synthetic demo history"
FIRST_YEAR = 2015  # synthetic history from 2015/16 Q1
OPEN_PERIOD = "2018-19 Q3"
PUBLISHED_KEYS = ("2017-18 Q2", "2018-19 Q1", "2018-19 Q2")  # in the published report
COMMENTED_KEY = "2018-19 Q2"  # the report whose off-target figures have their commentary
# A measure with no figure in that report (annual, or reported in arrears) is a key challenge
# on its latest figure, Q1's, which carries the commentary instead.
LATEST_BEFORE_KEY = "2018-19 Q1"
LONDON = ZoneInfo("Europe/London")
NEW_NOTE = re.compile(r"\s*new\b", re.IGNORECASE)  # "New in 2018/19", "New Q4 2017/18"
# Measures a council reports once a year; their history has one figure a year.
ANNUAL_TITLE = re.compile(r"slope index|overweight|obese", re.IGNORECASE)
# The measures the report's notes say are "reported at least 3 months in arrears".
ARREARS_TITLE = re.compile(
    r"knife crime|recycled and composted|non-opiate and alcohol|offered HIV testing",
    re.IGNORECASE,
)
COLUMNS = [column.name for column in HISTORY.columns]


def quarters_of(start_month: int) -> list[core_periods.Period]:
    """Every demo quarter, 2015/16 Q1 to the open 2018/19 Q3, in date order."""
    cores = [
        core_periods.quarter(year, number, start_month)
        for year in range(FIRST_YEAR, 2019)
        for number in (1, 2, 3, 4)
    ]
    return cores[: [core.key for core in cores].index(OPEN_PERIOD) + 1]


def published_on(period: core_periods.Period) -> date:
    """When the demo council published a quarter: at its board, about seven weeks later."""
    return period.end + timedelta(days=50)


@dataclass(frozen=True)
class MeasureRows:
    """One measure of the seed file: how the file names it, and its printed rows by period."""

    scorecard: str
    number: str
    title: str
    good_is: str
    code: str
    value_type: ValueType
    lines: dict[str, dict[str, str]]  # period key -> the row as printed
    made: history.Synthetic


@dataclass(frozen=True)
class DemoHistory:
    """The file to load, and each measure's synthetic figures and targets (by its code) for
    the quarter still open."""

    content: bytes
    open_figures: dict[str, Value]
    open_targets: dict[str, CoreTarget]


def build(seed: bytes, start_month: int) -> DemoHistory:
    """The demo's history file: the seed's rows, the synthetic quarters around them, the
    commentary the report printed on its off-target figures, and the day each quarter was
    published."""
    quarters = quarters_of(start_month)
    measures = _read_seed(seed, start_month, quarters)
    rows: list[dict[str, str]] = []
    open_figures, open_targets = {}, {}
    for quarter in quarters:
        for measure in measures:
            if quarter.key == OPEN_PERIOD:
                if quarter.key in measure.made.figures:
                    open_figures[measure.code] = measure.made.figures[quarter.key]
                if quarter.key in measure.made.targets:
                    open_targets[measure.code] = measure.made.targets[quarter.key]
                continue
            row = _row(measure, quarter)
            if row is not None:
                rows.append(row | {"published_on": published_on(quarter).isoformat()})
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return DemoHistory(buffer.getvalue().encode("utf-8"), open_figures, open_targets)


def _read_seed(
    seed: bytes, start_month: int, quarters: list[core_periods.Period]
) -> list[MeasureRows]:
    """The seed's measures, read as the scorecard import reads them (their codes, types and
    polarities), each with the synthetic history the generator makes for it."""
    table = read_table(seed, "seed.csv")
    changes = ChangeSet("history")
    context = ImportContext(organisation=_Council(start_month))
    groups, cards = ScorecardImport.read(context, table, changes)
    ScorecardImport.codes(groups, cards, changes)
    fill = [quarter.key for quarter in quarters if quarter.key not in PUBLISHED_KEYS]
    measures = []
    for group in groups.values():
        value_type = ScorecardImport.infer_type(group, changes)
        lines = {line.period.key: dict(line.row.cells) for line in group.lines}
        published = {key: _value(line["actual"], value_type) for key, line in lines.items()}
        targets = {key: _target(line, value_type) for key, line in lines.items()}
        described = history.MeasureHistory(
            code=group.code,
            value_type=value_type,
            polarity=Polarity(group.polarity),
            cumulative=collection_type(group.title) == CollectionType.CUMULATIVE,
            annual=bool(ANNUAL_TITLE.search(group.title)),
            first_key=_first_key(lines, start_month),
            published={k: v for k, v in published.items() if v is not None},
            targets={k: t for k, t in targets.items() if t.kind != TargetKind.NONE},
        )
        measures.append(
            MeasureRows(
                scorecard=group.card,
                number=group.number,
                title=group.title,
                good_is=str(group.polarity),
                code=group.code,
                value_type=value_type,
                lines=lines,
                made=history.synthesise(described, quarters, fill),
            )
        )
    if changes.problems:  # the seed is the project's own file: it always reads
        raise ValueError("; ".join(str(problem) for problem in changes.problems[:5]))
    return measures


@dataclass(frozen=True)
class _Council:
    """What reading a file needs of an organisation: its financial year."""

    financial_year_start_month: int


def _value(text: str, value_type) -> Value | Missing | None:
    try:
        return parse_value(text, value_type)
    except ValueParseError:
        return None


def _target(line: dict[str, str], value_type) -> CoreTarget:
    target = parse_target(line["target"], value_type)
    note = parse_note(line.get("note", ""))
    baseline = isinstance(note, Missing) and note.state == MissingState.BASELINE
    return BASELINE if target.kind == TargetKind.NONE and baseline else target


def _first_key(lines: dict[str, dict[str, str]], start_month: int) -> str:
    """The first quarter a measure can have a figure ("" for any): a measure published as
    new ("New Q4 2017/18", "New in 2018/19") has no history before it started."""
    starts = []
    for key, line in lines.items():
        note = line.get("note", "")
        value = _value(line["actual"], None)
        is_new = isinstance(value, Missing) and value.state == MissingState.NEW
        if not is_new and not NEW_NOTE.match(note):
            continue
        start = _start_of(note, start_month)
        if start is None:  # new, no date given: from the next published quarter
            later = PUBLISHED_KEYS[PUBLISHED_KEYS.index(key) + 1 :]
            start = later[0] if later else OPEN_PERIOD
        starts.append(start)
    return max(starts) if starts else ""


def _start_of(note: str, start_month: int) -> str | None:
    """The first quarter named in a 'new' note: 'New Q4 2017/18' -> 2017-18 Q4,
    'New in 2018/19' -> 2018-19 Q1."""
    match = re.search(r"(Q[1-4]\s+)?(\d{4}/\d{2})", note or "")
    if not match:
        return None
    text = f"{match[1] or 'Q1 '}{match[2]}"
    return core_periods.parse_period(text, start_month, period_type=PeriodType.QUARTER).key


def _row(measure: MeasureRows, quarter: core_periods.Period) -> dict[str, str] | None:
    """The measure's row for a quarter: as the report printed it, or made up."""
    base = {
        "scorecard": measure.scorecard,
        "measure_no": measure.number,
        "title": measure.title,
        "good_is": measure.good_is,
        "period": quarter.key,
    }
    if quarter.key in measure.lines:
        printed = measure.lines[quarter.key]
        row = base | {name: printed.get(name, "") for name in COLUMNS if name not in base}
        if _commented(measure, quarter) and _off_target(measure, quarter):
            written = commentary_for(measure.title)
            row |= {"commentary": written.commentary, "proposed_action": written.proposed_action}
        return row
    value = measure.made.figures.get(quarter.key)
    target = measure.made.targets.get(quarter.key)
    if value is None and target is None:
        return None
    return base | {
        "target": format_target(target, measure.value_type) if target else "",
        "actual": format_value(value),
        "note": SYNTHETIC_NOTE if value is not None else "",
    }


def _commented(measure: MeasureRows, quarter: core_periods.Period) -> bool:
    """Whether the quarter's figure is the one the Q2 2018/19 report lists the measure on:
    Q2's, or Q1's for a measure with no Q2 figure (annual, or reported in arrears)."""
    if quarter.key == COMMENTED_KEY:
        return True
    reported = measure.lines.get(COMMENTED_KEY, {})
    return quarter.key == LATEST_BEFORE_KEY and not isinstance(
        _value(reported.get("actual", ""), None), Value
    )


def _off_target(measure: MeasureRows, quarter: core_periods.Period) -> bool:
    """Whether the report's figure for the quarter is rated Amber or worse by the key."""
    printed = measure.lines[quarter.key]
    value = _value(printed["actual"], None)
    if not isinstance(value, Value):
        return False
    try:
        target = parse_target(printed["target"], value.value_type)
    except ValueError:
        target = NO_TARGET
    last_year = measure.lines.get(core_periods.same_period_last_year(quarter).key, {})
    band = rate(
        value,
        target,
        Polarity(measure.good_is),
        FIVE_BAND,
        last_year=_value(last_year.get("actual", ""), value.value_type),
    ).band
    return band in OFF_TARGET or band == Band.RED
