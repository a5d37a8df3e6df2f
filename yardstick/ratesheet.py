"""Rate a spreadsheet of figures by the key: the logic behind `yardstick rate`.

Reads a CSV laid out like the seed scorecards (scorecard, measure_no, title, good_is, period,
target, actual, note, data_period; any other columns pass through), rates every row with the
core, and writes the same rows in the same order with `rating`, `rating_reason`, `trend` and
`trend_basis` added (and `agrees` when the sheet has a `published_rating` column). Every cell
written is neutralised so that it cannot run as a spreadsheet formula, and every cell read is
restored (`yardstick.core.cells`), so a rated sheet reads back as it was.

Pure Python: no database and no Django. Rows of one measure are found by scorecard and
measure_no (or title when measure_no is blank), so a "Year on year reduction" target finds last
year's same-period figure in the same file and the trend finds the comparison period's figure.
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from yardstick.core.cells import neutralise, restore
from yardstick.core.keys import KeyFileError, read_key
from yardstick.core.periods import Period, parse_period, previous, same_period_last_year
from yardstick.core.ratings import FIVE_BAND, Key, Polarity, Rating, TrendAgainst, rate, read_band
from yardstick.core.targets import NO_TARGET, Target, TargetKind, parse_target
from yardstick.core.trend import ComparisonBasis, comparison_basis, direction_of_travel
from yardstick.core.values import CollectionType, Missing, Value, parse_value

REQUIRED_COLUMNS = ("scorecard", "measure_no", "title", "good_is", "period", "target", "actual")
OPTIONAL_COLUMNS = ("note", "data_period")
ADDED_COLUMNS = ("rating", "rating_reason", "trend", "trend_basis")
PUBLISHED_COLUMN = "published_rating"
AGREES_COLUMN = "agrees"
FOOTNOTE_COLUMNS = ("scorecard", "note", "text")

# Cells that mean "nothing printed here": no figure, no target.
EMPTY_CELLS = frozenset({"", "-", "–", "—"})

# Titles of measures counted from the start of the year: compared with the same period last year.
CUMULATIVE_TITLE = re.compile(r"\(cumulative\)|year[\s-]+to[\s-]+date|\bYTD\b", re.IGNORECASE)

POLARITY_ALIASES = {
    "higher": Polarity.HIGHER,
    "lower": Polarity.LOWER,
    "in_range": Polarity.IN_RANGE,
    "contextual": Polarity.CONTEXTUAL,
}

TREND_BASES = {
    "previous": ComparisonBasis.PREVIOUS_PERIOD,
    "last-year": ComparisonBasis.SAME_PERIOD_LAST_YEAR,
}
# What a key's `trend_against` makes the comparison (by_measure: each measure's own rule).
KEY_TREND_BASES = {
    TrendAgainst.PREVIOUS: ComparisonBasis.PREVIOUS_PERIOD,
    TrendAgainst.LAST_YEAR: ComparisonBasis.SAME_PERIOD_LAST_YEAR,
}


class SheetError(Exception):
    """The sheet cannot be read at all (missing file, missing column): nothing is rated."""


@dataclass(frozen=True)
class SheetRow:
    """One data row as read: its line in the file (the header is line 1) and its cells."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Sheet:
    header: tuple[str, ...]
    rows: tuple[SheetRow, ...]
    delimiter: str = ","
    quotechar: str = '"'
    lineterminator: str = "\r\n"

    def column(self, name: str) -> int | None:
        """The index of the column called ``name`` (ignoring case and spaces), or None."""
        return column_index(self.header, name)


def column_index(header: Sequence[str], name: str) -> int | None:
    wanted = name.strip().lower()
    for index, heading in enumerate(header):
        if heading.strip().lower() == wanted:
            return index
    return None


@dataclass(frozen=True)
class RatedRow:
    line: int
    cells: tuple[str, ...]
    rating: str = ""
    rating_reason: str = ""
    trend: str = ""
    trend_basis: str = ""
    agrees: str = ""
    problem: str = ""  # why the row is bad (reported on stderr); blank for a good row


@dataclass
class _Row:
    """A row while it is being rated: its cells read into core values, or its problems."""

    line: int
    cells: dict[str, str]
    raw: tuple[str, ...]
    problems: list[str] = field(default_factory=list)
    measure: tuple[str, str] = ("", "")
    period: Period | None = None
    polarity: Polarity | None = None
    target: Target = NO_TARGET
    actual: Value | Missing | None = None  # as the core reads the printed actual


# --- reading ----------------------------------------------------------------------------------


def read_text(path: str | Path) -> str:
    """The file's text (UTF-8, with or without a byte-order mark); '-' reads stdin."""
    if str(path) == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        raise SheetError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SheetError(f"{path}: is a directory, not a CSV file") from None
    except UnicodeDecodeError as error:
        raise SheetError(
            f"{path}: not UTF-8 text (byte {error.start}); save the sheet as CSV UTF-8"
        ) from None
    except OSError as error:
        raise SheetError(f"{path}: {error.strerror}") from None


def parse_sheet(
    text: str, name: str = "input", required: Sequence[str] = REQUIRED_COLUMNS
) -> Sheet:
    """A sheet from CSV text, keeping its dialect (delimiter, quote, line ending), with the
    ``required`` columns (a rating sheet's unless told)."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise SheetError(f"{name}: the file is empty")
    try:
        # Cells are quoted with '"', as spreadsheets write them; a leading ' is the mark of a
        # neutralised cell (yardstick.core.cells), which the sniffer would take for a quote.
        sniffed = csv.Sniffer().sniff(text[:8192].replace("'", ""), delimiters=",;\t|")
        delimiter, quotechar = sniffed.delimiter, sniffed.quotechar or '"'
    except csv.Error:
        delimiter, quotechar = ",", '"'
    lineterminator = "\r\n" if "\r\n" in text else "\n"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=quotechar)
    try:
        header = tuple(restore(cell) for cell in next(reader))
        rows = []
        last_line = reader.line_num
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append(SheetRow(last_line + 1, tuple(restore(cell) for cell in cells)))
            last_line = reader.line_num
    except csv.Error as error:
        raise SheetError(f"{name}: line {reader.line_num}: {error}") from None
    sheet = Sheet(header, tuple(rows), delimiter, quotechar, lineterminator)
    missing = [column for column in required if sheet.column(column) is None]
    if missing:
        raise SheetError(
            f"{name}: missing required column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} (the header must name {', '.join(required)})"
        )
    return sheet


def read_sheet(path: str | Path) -> Sheet:
    return parse_sheet(read_text(path), str(path))


def read_key_file(path: str | Path) -> Key:
    """The key in a key file; SheetError 'FILE:LINE: reason' for a file that cannot be used."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SheetError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise SheetError(f"{path}:1: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise SheetError(f"{path}: {error.strerror}") from None
    try:
        return read_key(text)
    except KeyFileError as error:
        raise SheetError(f"{path}:{error.line}: {error.reason}") from None


def read_footnotes(path: str | Path) -> dict[tuple[str, str], str]:
    """Footnote texts from a CSV with columns scorecard, note, text.

    Keyed by (scorecard, note) in lower case; a blank scorecard applies to every scorecard.
    """
    sheet_text = read_text(path)
    reader = csv.DictReader(io.StringIO(sheet_text.removeprefix("\ufeff"), newline=""))
    headings = {(heading or "").strip().lower(): heading for heading in reader.fieldnames or ()}
    missing = [column for column in FOOTNOTE_COLUMNS if column not in headings]
    if missing:
        raise SheetError(
            f"{path}: missing footnote column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} (the header must name {', '.join(FOOTNOTE_COLUMNS)})"
        )
    footnotes = {}
    for record in reader:
        scorecard, note, text = (
            (record.get(headings[column]) or "").strip() for column in FOOTNOTE_COLUMNS
        )
        if note and text:
            footnotes[(scorecard.lower(), note.lower())] = text
    return footnotes


# --- rating -----------------------------------------------------------------------------------


def is_cumulative(title: str) -> bool:
    """True for a measure counted from the start of the year: '(cumulative)', 'year to date'."""
    return CUMULATIVE_TITLE.search(title) is not None


def rate_sheet(
    sheet: Sheet,
    *,
    trend_basis: ComparisonBasis | None = None,
    footnotes: Mapping[tuple[str, str], str] | None = None,
    key: Key | None = None,
) -> list[RatedRow]:
    """Rate every row of the sheet by ``key`` (default: the five-band key); rows come back in
    the sheet's order.

    ``trend_basis`` compares every row with that period (default: what the key's
    `trend_against` says, else the previous period, or the same period last year for a
    cumulative measure). ``footnotes`` explain notes, keyed by (scorecard, note) in lower case.
    """
    footnotes = footnotes or {}
    key = key or FIVE_BAND.key
    trend_basis = trend_basis or KEY_TREND_BASES.get(key.trend_against)
    rows = [_read_row(sheet, row) for row in sheet.rows]
    index = _index(rows)
    published = sheet.column(PUBLISHED_COLUMN)
    rated = []
    for row in rows:
        if row.problems:
            result = RatedRow(
                row.line,
                row.raw,
                rating_reason=f"Not rated: {'; '.join(row.problems)}",
                problem="; ".join(row.problems),
            )
        else:
            rating, reason = _rating(row, index, footnotes, key)
            trend, basis = _trend(row, index, trend_basis, key)
            result = RatedRow(row.line, row.raw, rating, reason, trend, basis)
        if published is not None:
            shown = row.raw[published] if published < len(row.raw) else ""
            result = _with_agreement(result, shown)
        rated.append(result)
    return rated


def _read_row(sheet: Sheet, row: SheetRow) -> _Row:
    width = len(sheet.header)
    cells = row.cells
    problems = []
    if len(cells) > width:
        extra = cells[width:]
        if any(cell.strip() for cell in extra):
            problems.append(
                f"the row has {len(cells)} cells but the header names {width} columns "
                "(the extra cells are not written)"
            )
        cells = cells[:width]
    raw = tuple(cells) + ("",) * (width - len(cells))
    named = {}
    for column in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
        index = sheet.column(column)
        named[column] = raw[index].strip() if index is not None else ""
    result = _Row(row.line, named, raw, problems)
    result.measure = (named["scorecard"], named["measure_no"] or named["title"])

    try:
        result.period = parse_period(named["period"])
    except ValueError as error:
        problems.append(f"the period '{named['period']}' cannot be read: {error}")

    polarity = POLARITY_ALIASES.get(re.sub(r"[\s-]+", "_", named["good_is"].lower()))
    if polarity is None:
        problems.append(
            f"unknown polarity '{named['good_is']}' in good_is "
            "(expected higher, lower, in_range or contextual)"
        )
    result.polarity = polarity

    if named["target"] not in EMPTY_CELLS:
        try:
            result.target = parse_target(named["target"])
        except ValueError as error:
            problems.append(f"the target '{named['target']}' cannot be read: {error}")
    if named["actual"] not in EMPTY_CELLS:
        try:
            result.actual = parse_value(named["actual"])
        except ValueError as error:
            problems.append(f"the actual '{named['actual']}' cannot be read: {error}")
    return result


def _index(rows: list[_Row]) -> dict[tuple[tuple[str, str], str], _Row]:
    """The rows by (measure, period key); a second row for the same pair is a problem."""
    index: dict[tuple[tuple[str, str], str], _Row] = {}
    for row in rows:
        if row.period is None:
            continue
        key = (row.measure, row.period.key)
        first = index.get(key)
        if first is None:
            index[key] = row
            continue
        scorecard, measure = row.measure
        which = f"measure {measure}" if row.cells["measure_no"] else f"'{measure}'"
        row.problems.append(
            f"duplicate of line {first.line} ({scorecard}, {which}, {row.period.label})"
        )
    return index


def _find(
    index: Mapping[tuple[tuple[str, str], str], _Row], row: _Row, period: Period
) -> _Row | None:
    """The same measure's row for ``period``, unless it is absent or bad."""
    found = index.get((row.measure, period.key))
    return found if found is not None and not found.problems else None


def _rating(
    row: _Row, index: Mapping[tuple[tuple[str, str], str], _Row], footnotes: Mapping, key: Key
) -> tuple[str, str]:
    note = row.cells["note"]
    if note:
        text = footnotes.get((row.cells["scorecard"].lower(), note.lower())) or footnotes.get(
            ("", note.lower())
        )
        explained = f" ({text})" if text else ""
        return "", f"Not rated: the report gives '{note}'{explained} in place of a rating"
    if row.cells["actual"] in EMPTY_CELLS:
        return "", "Not rated: no figure for this period"
    if row.cells["target"] in EMPTY_CELLS:
        return "", "Not rated: no target set"
    last_year = None
    if row.target.kind is TargetKind.CHANGE_ON_LAST_YEAR:
        period = same_period_last_year(row.period)
        earlier = _find(index, row, period)
        last_year = earlier.actual if earlier is not None else None
        if not isinstance(last_year, Value):
            return "", (
                f"Not rated: the target '{row.cells['target']}' needs the figure for "
                f"{period.label}, the same period last year, and the sheet has none"
            )
    rating: Rating = rate(row.actual, row.target, row.polarity, key, last_year=last_year)
    return (rating.band.value if rating.band is not None else ""), rating.reason


def _trend(
    row: _Row,
    index: Mapping[tuple[tuple[str, str], str], _Row],
    basis: ComparisonBasis | None,
    key: Key,
) -> tuple[str, str]:
    if not isinstance(row.actual, Value):
        return "", ""
    if basis is None:
        cumulative = is_cumulative(row.cells["title"])
        basis = comparison_basis(CollectionType.CUMULATIVE if cumulative else CollectionType.PERIOD)
    if basis is ComparisonBasis.SAME_PERIOD_LAST_YEAR:
        period = same_period_last_year(row.period)
    else:
        period = previous(row.period)
    comparison = _find(index, row, period)
    if comparison is None or not isinstance(comparison.actual, Value):
        return "", ""
    range_target = row.target if row.target.kind is TargetKind.RANGE else None
    direction = direction_of_travel(
        row.actual,
        comparison.actual,
        row.polarity,
        comparison_label=period.label,
        range_target=range_target,
        no_change_tolerance=key.no_change_tolerance or Decimal(0),
    )
    if direction.trend is None:
        return "", ""
    return str(direction.trend), period.label


def _with_agreement(result: RatedRow, published: str) -> RatedRow:
    shown = published.strip()
    if not shown or not result.rating:
        agrees = ""
    else:
        try:
            band = read_band(shown)
        except ValueError:
            band = None
        agrees = "yes" if band is not None and band.value == result.rating else "no"
    return RatedRow(
        result.line,
        result.cells,
        result.rating,
        result.rating_reason,
        result.trend,
        result.trend_basis,
        agrees,
        result.problem,
    )


# --- writing ----------------------------------------------------------------------------------


def output_header(sheet: Sheet) -> tuple[str, ...]:
    """The sheet's columns then the added ones; a column the sheet already has is reused."""
    added = ADDED_COLUMNS + ((AGREES_COLUMN,) if sheet.column(PUBLISHED_COLUMN) is not None else ())
    return sheet.header + tuple(name for name in added if sheet.column(name) is None)


def write_sheet(sheet: Sheet, rated: Iterable[RatedRow], stream: TextIO) -> None:
    header = output_header(sheet)
    writer = csv.writer(
        stream,
        delimiter=sheet.delimiter,
        quotechar=sheet.quotechar,
        lineterminator=sheet.lineterminator,
    )
    writer.writerow([neutralise(name) for name in header])
    width = len(sheet.header)
    with_agreement = sheet.column(PUBLISHED_COLUMN) is not None
    for row in rated:
        added = {
            "rating": row.rating,
            "rating_reason": row.rating_reason,
            "trend": row.trend,
            "trend_basis": row.trend_basis,
        }
        if with_agreement:
            added[AGREES_COLUMN] = row.agrees
        cells = list(row.cells) + [""] * (len(header) - width)
        for name, value in added.items():
            cells[column_index(header, name)] = value
        writer.writerow([neutralise(cell) for cell in cells])


def render_sheet(sheet: Sheet, rated: Iterable[RatedRow]) -> str:
    buffer = io.StringIO(newline="")
    write_sheet(sheet, rated, buffer)
    return buffer.getvalue()


def problems(rated: Iterable[RatedRow]) -> list[str]:
    """One 'line N: reason' for every bad row, in file order."""
    return [f"line {row.line}: {row.problem}" for row in rated if row.problem]


# --- the command ------------------------------------------------------------------------------


def run(
    input_path: str,
    *,
    output: str | None = None,
    trend_basis: str | None = None,
    footnotes: str | None = None,
    key: str | None = None,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """`yardstick rate`: 0 when every row was read, 1 when some were bad, 2 when none could be."""
    try:
        sheet = read_sheet(input_path)
        notes = read_footnotes(footnotes) if footnotes else {}
        rating_key = read_key_file(key) if key else None
    except SheetError as error:
        print(f"yardstick rate: {error}", file=stderr)
        return 2
    rated = rate_sheet(
        sheet,
        trend_basis=TREND_BASES[trend_basis] if trend_basis else None,
        footnotes=notes,
        key=rating_key,
    )
    text = render_sheet(sheet, rated)
    if output:
        try:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as error:
            print(f"yardstick rate: {output}: {error.strerror}", file=stderr)
            return 2
    else:
        try:
            write_utf8(stdout, text)
        except BrokenPipeError:
            # The reader stopped early (`yardstick rate x.csv | head`): no traceback.
            silence(stdout)
            return 1
    bad = problems(rated)
    for line in bad:
        print(line, file=stderr)
    return 1 if bad else 0


def silence(stream: TextIO) -> None:
    """Point a closed pipe at /dev/null so Python's final flush does not fail loudly."""
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def write_utf8(stream: TextIO, text: str) -> None:
    """Write UTF-8 whatever the stream's own encoding, and without newline translation."""
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()
