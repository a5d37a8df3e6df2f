"""XmR charts of a spreadsheet of figures: the logic behind `yardstick spc`.

Reads a CSV with columns series (optional), date, value, direction, target (optional), rebase
(optional) and exclude (optional: 1 leaves the point out of every calculation), draws each
series' chart with the core (`yardstick.core.spc`), and writes the same rows in the same order
with the point's limits, flags and class and the series' icons added. Pure Python: no database
and no Django. docs/spc-command.md says it all with an example; docs/calculations.md
("Statistical process control") has the rules.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TextIO

from yardstick.core.cells import neutralise
from yardstick.core.periods import parse_period
from yardstick.core.ratings import Polarity
from yardstick.core.spc import PROFILES, Chart, Screening, SpcSettings, chart, read_direction
from yardstick.core.values import Value, parse_value
from yardstick.ratesheet import (
    EMPTY_CELLS,
    Sheet,
    SheetError,
    SheetRow,
    column_index,
    parse_sheet,
    read_text,
    silence,
    write_utf8,
)

REQUIRED_COLUMNS = ("date", "value", "direction")
OPTIONAL_COLUMNS = ("series", "target", "rebase", "exclude")
ADDED_COLUMNS = (
    "mean",
    "lpl",
    "upl",
    "outside_limits",
    "close_to_limits",
    "special_cause_rule",
    "point_type",
    "variation_icon",
    "assurance_icon",
)
REBASE_CELLS = {"": False, "0": False, "1": True}


@dataclass
class _Row:
    """A row while its series is charted: its cells read into core values, or its problems."""

    line: int
    cells: tuple[str, ...]
    problems: list[str] = field(default_factory=list)
    series: str = ""
    when: tuple[date, date] | None = None  # a date, or a period's first and last day
    value: Decimal | None = None
    polarity: Polarity | None = None
    target: Decimal | None = None
    rebase: bool = False
    exclude: bool = False  # left out of every calculation, still charted ("ghosted")
    added: dict[str, str] = field(default_factory=dict)


def read_row(sheet: Sheet, row: SheetRow) -> _Row:
    width = len(sheet.header)
    cells = row.cells
    result = _Row(row.line, tuple(cells[:width]) + ("",) * (width - len(cells)))
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        result.problems.append(
            f"the row has {len(cells)} cells but the header names {width} columns "
            "(the extra cells are not written)"
        )
    named = {}
    for column in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
        index = sheet.column(column)
        named[column] = result.cells[index].strip() if index is not None else ""
    result.series = named["series"]
    try:
        result.when = read_when(named["date"])
    except ValueError as error:
        result.problems.append(f"the date '{named['date']}' cannot be read: {error}")
    if named["value"] in EMPTY_CELLS:
        result.problems.append("no value")
    else:
        result.value = _amount(named["value"], "value", result.problems)
    try:
        result.polarity = read_direction(named["direction"])
    except ValueError as error:
        result.problems.append(str(error))
    result.target = _amount(named["target"], "target", result.problems)
    if named["rebase"] not in REBASE_CELLS:
        result.problems.append(
            f"rebase is '{named['rebase']}': write 1 on a point that starts new limits, "
            "else 0 or nothing"
        )
    result.rebase = REBASE_CELLS.get(named["rebase"], False)
    if named["exclude"] not in REBASE_CELLS:
        result.problems.append(
            f"exclude is '{named['exclude']}': write 1 on a point to leave out of the "
            "calculations, else 0 or nothing"
        )
    result.exclude = REBASE_CELLS.get(named["exclude"], False)
    return result


def read_when(text: str) -> tuple[date, date]:
    """A date (2021-03-22) as (day, day), or a period Yardstick reads (2018-19 Q2, September
    2018) as its first and last day: what a series is put in order by."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        pass
    else:
        return day, day
    try:
        period = parse_period(text)
    except ValueError:
        raise ValueError(
            "write a date such as 2021-03-22, or a period such as 2018-19 Q2"
        ) from None
    return period.start, period.end


def _amount(text: str, column: str, problems: list[str]) -> Decimal | None:
    """A figure as printed ('35,000', '38.7%'); None for a blank cell or a dash; a problem
    for anything else."""
    if text in EMPTY_CELLS:
        return None
    try:
        read = parse_value(text)
    except ValueError as error:
        problems.append(f"the {column} '{text}' cannot be read: {error}")
        return None
    if not isinstance(read, Value):
        problems.append(f"the {column} '{text}' is not a figure")
        return None
    return read.amount


def chart_sheet(
    sheet: Sheet,
    settings: SpcSettings,
    baseline: int | None = None,
    baseline_until: date | None = None,
) -> list[_Row]:
    """Every row of ``sheet``, each good one with its chart's columns in ``added``.
    ``baseline_until``: each series' limits are fixed on its points up to that day (a point
    that is a period counts when the period has ended by then)."""
    rows = [read_row(sheet, row) for row in sheet.rows]
    by_series: dict[str, list[_Row]] = {}
    for row in rows:
        if not row.problems:
            by_series.setdefault(row.series, []).append(row)
    for series in by_series.values():
        _check_series(series)
        good = sorted((row for row in series if not row.problems), key=lambda row: row.when)
        if good and all(row.exclude for row in good):
            for row in good:
                row.problems.append("every point of the series is excluded: nothing to chart")
        elif good:
            _add_chart(good, settings, baseline, baseline_until)
    return rows


def _check_series(series: list[_Row]) -> None:
    """A series has one direction, one target and one row a date: the first row's (in the
    file) sets them, and a row that disagrees is bad."""
    first = series[0]
    seen: dict[tuple[date, date], _Row] = {}
    target_row = next((row for row in series if row.target is not None), None)
    name = f"series '{first.series}'" if first.series else "the series"
    for row in series:
        if row.polarity is not first.polarity:
            row.problems.append(
                f"the direction differs from line {first.line}'s: {name} has one direction"
            )
        if row.target is not None and target_row and row.target != target_row.target:
            row.problems.append(
                f"the target differs from line {target_row.line}'s: {name} has one target"
            )
        if row.when in seen:
            row.problems.append(f"duplicate of line {seen[row.when].line}: the same date")
        seen.setdefault(row.when, row)


def _add_chart(
    series: list[_Row], settings: SpcSettings, baseline: int | None, until: date | None
) -> None:
    target = next((row.target for row in series if row.target is not None), None)
    last = None
    if until is not None:  # the last point by then; -1 when the series starts after it
        last = max((n for n, row in enumerate(series) if row.when[1] <= until), default=-1)
    try:
        result: Chart = chart(
            [row.value for row in series],
            series[0].polarity,
            target=target,
            recalculate_at=[index for index, row in enumerate(series) if row.rebase],
            baseline=baseline,
            settings=settings,
            exclude=[index for index, row in enumerate(series) if row.exclude],
            baseline_until=last,
        )
    except ValueError as error:  # a baseline too short for the profile: the series is bad
        name = f"series '{series[0].series}'" if series[0].series else "the series"
        series[0].problems.append(f"--baseline-until {until.isoformat()}: {name}: {error}")
        return
    icons = {
        "variation_icon": result.variation_icon or "",
        "assurance_icon": result.assurance_icon or "",
    }
    for row, point in zip(series, result.points, strict=True):
        limits = result.limits_of(point)
        row.added = {
            "mean": number(limits.mean),
            "lpl": number(limits.lpl),
            "upl": number(limits.upl),
            "outside_limits": boolean(point.outside_limits),
            "close_to_limits": boolean(point.close_to_limits),
            "special_cause_rule": point.rule or "",
            "point_type": point.point_type,
            **icons,
        }


def number(amount: Decimal | None) -> str:
    """A limit in full: every figure the core gives, never in exponent form."""
    return "" if amount is None else format(amount, "f")


def boolean(flag: bool) -> str:
    return "true" if flag else "false"


# --- writing ----------------------------------------------------------------------------------


def output_header(sheet: Sheet) -> tuple[str, ...]:
    """The sheet's columns then the added ones; a column the sheet already has is reused."""
    return sheet.header + tuple(name for name in ADDED_COLUMNS if sheet.column(name) is None)


def render_sheet(sheet: Sheet, rows: Iterable[_Row]) -> str:
    header = output_header(sheet)
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer,
        delimiter=sheet.delimiter,
        quotechar=sheet.quotechar,
        lineterminator=sheet.lineterminator,
    )
    writer.writerow([neutralise(name) for name in header])
    for row in rows:
        cells = list(row.cells) + [""] * (len(header) - len(row.cells))
        for name in ADDED_COLUMNS:
            cells[column_index(header, name)] = row.added.get(name, "")
        writer.writerow([neutralise(str(cell)) for cell in cells])
    return buffer.getvalue()


# --- the command ------------------------------------------------------------------------------


def run(
    input_path: str,
    *,
    output: str | None = None,
    profile: str = "mdc",
    screening: str | None = None,
    baseline: int | None = None,
    baseline_until: str | None = None,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """`yardstick spc`: 0 when every row was read, 1 when some were bad, 2 when none could be."""
    settings = PROFILES[profile]
    if screening is not None:
        settings = replace(settings, screening=Screening(screening.replace("-", "_")))
    if baseline is not None and baseline < settings.minimum_baseline:
        print(
            f"yardstick spc: --baseline {baseline}: a baseline needs at least "
            f"{settings.minimum_baseline} points under --profile {profile}",
            file=stderr,
        )
        return 2
    until = None
    if baseline_until is not None:
        if baseline is not None:
            print("yardstick spc: give --baseline or --baseline-until, not both", file=stderr)
            return 2
        try:
            until = read_when(baseline_until)[1]
        except ValueError as error:
            print(f"yardstick spc: --baseline-until {baseline_until}: {error}", file=stderr)
            return 2
    try:
        sheet = parse_sheet(read_text(input_path), input_path, REQUIRED_COLUMNS)
    except SheetError as error:
        print(f"yardstick spc: {error}", file=stderr)
        return 2
    rows = chart_sheet(sheet, settings, baseline, until)
    text = render_sheet(sheet, rows)
    if output:
        try:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as error:
            print(f"yardstick spc: {output}: {error.strerror}", file=stderr)
            return 2
    else:
        try:
            write_utf8(stdout, text)
        except BrokenPipeError:
            silence(stdout)
            return 1
    bad = [f"line {row.line}: {'; '.join(row.problems)}" for row in rows if row.problems]
    for line in bad:
        print(line, file=stderr)
    return 1 if bad else 0
