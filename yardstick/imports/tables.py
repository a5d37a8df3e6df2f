"""Reading and writing the files an import takes and an export gives: CSV and Excel (.xlsx).

Both formats hold one table: a header row naming the columns, then one row per record. Every
cell is read as text, exactly as written, so '01:30' stays a duration and '9.25%' a percentage.
Rows are numbered as a spreadsheet numbers them: the header is row 1.

Every cell written is neutralised so that it cannot run as a formula in a spreadsheet
(`yardstick.core.cells.neutralise`: a quote before '=HYPERLINK(...)'), and every cell read is
restored (`restore`), so an export imports back unchanged.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import BinaryIO

from yardstick.core.cells import neutralise, restore, writable


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA_TYPES = {FileFormat.CSV: "text/csv; charset=utf-8", FileFormat.XLSX: XLSX_MEDIA_TYPE}


class TableError(Exception):
    """The file cannot be read as a table at all; the message says why, for a person."""


@dataclass(frozen=True)
class Row:
    """One record: its row number in the file (header = 1) and its cells by column name."""

    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The cell's text without surrounding blanks, and without the quote that kept it
        from running as a formula ("'=HYPERLINK(...)" is '=HYPERLINK(...)'): blanks first,
        so text an export wrote as "'\tindented" keeps its tab."""
        return restore(self.cells.get(column, "").strip())

    def has(self, column: str) -> bool:
        return column in self.cells


@dataclass(frozen=True)
class Table:
    """The header (column names in lower case, as written otherwise) and the non-blank rows."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...] = field(default_factory=tuple)


def format_of(filename: str) -> FileFormat:
    """The format a file name says: .csv or .xlsx."""
    lowered = filename.lower()
    if lowered.endswith(".xlsx"):
        return FileFormat.XLSX
    if lowered.endswith(".csv") or lowered.endswith(".txt"):
        return FileFormat.CSV
    raise TableError(f"'{filename}' is neither a CSV file (.csv) nor an Excel workbook (.xlsx)")


def read_table(content: bytes, filename: str) -> Table:
    """The table in a CSV or .xlsx file's bytes; TableError saying why when there is none."""
    table = open_table(lambda: io.BytesIO(content), filename)
    return Table(table.columns, tuple(table.rows()))


class StreamedTable:
    """A table read from its file row by row, as often as asked, keeping none of it: the
    header is read at once (TableError saying why when there is none), and each call of
    `rows()` reads the records again from the start, so a file of a million rows is checked
    and then written in chunks without ever being held in memory."""

    def __init__(self, opener: Callable[[], BinaryIO], file_format: FileFormat):
        self.opener = opener
        self.file_format = file_format
        # A CSV file's text encoding, found once (`encoding_of`); None for a workbook.
        self.encoding = encoding_of(opener) if file_format == FileFormat.CSV else None
        grid = self._grid()
        try:
            self.columns, _ = _header(grid)
        finally:
            grid.close()

    def _grid(self) -> Generator[list[str], None, None]:
        if self.file_format == FileFormat.XLSX:
            return _stream_xlsx(self.opener)
        return _stream_csv(self.opener, self.encoding or UTF8)

    def rows(self) -> Iterator[Row]:
        grid = self._grid()
        try:
            columns, numbered = _header(grid)
            yield from _records(columns, numbered)
        finally:
            grid.close()

    def count(self) -> int:
        """How many records the file holds (one reading of it)."""
        return sum(1 for _ in self.rows())


def open_table(opener: Callable[[], BinaryIO], filename: str) -> StreamedTable:
    """The table in a CSV or .xlsx file, read as a stream: `opener` gives the file (bytes
    read from its start) each time it is read."""
    return StreamedTable(opener, format_of(filename))


UTF8 = "utf-8-sig"  # UTF-8, with or without the byte-order mark Excel's "CSV UTF-8" writes
WINDOWS = "cp1252"  # what Excel's plain "CSV" writes on Windows in the UK
ENCODING_NAMES = {UTF8: "UTF-8", WINDOWS: "Windows-1252 (Excel's CSV on Windows)"}
CHUNK = 1 << 20


def encoding_of(opener: Callable[[], BinaryIO]) -> str:
    """UTF-8 when the whole file reads as UTF-8, else Windows-1252, which Excel writes for a
    plain "CSV" in the UK (£ is byte A3, not C2 A3). Read once, a chunk at a time: a file of
    a million rows is never held in memory. A file that is neither is refused when read."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with opener() as handle:
        try:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return WINDOWS
    return UTF8


def _stream_csv(
    opener: Callable[[], BinaryIO], encoding: str = UTF8
) -> Generator[list[str], None, None]:
    with opener() as handle:
        text = io.TextIOWrapper(handle, encoding=encoding, newline="")
        read = 0
        try:
            for cells in csv.reader(_text_lines(text), strict=True):
                read += 1
                yield cells
        except UnicodeDecodeError:
            raise TableError(
                f"the file is neither UTF-8 nor Windows-1252 text (row {read + 1} cannot be "
                "read): save it as 'CSV UTF-8' or as an Excel workbook"
            ) from None
        except csv.Error as error:
            raise TableError(f"the file is not a well-formed CSV file: {error}") from None
        finally:
            text.detach()


def _text_lines(text: io.TextIOWrapper) -> Iterator[str]:
    for line in text:
        if "\x00" in line:
            raise TableError("the file is not a CSV file: it holds binary data")
        yield line


def _stream_xlsx(opener: Callable[[], BinaryIO]) -> Generator[list[str], None, None]:
    from openpyxl import load_workbook

    with opener() as handle:
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds of error for a file that is not one
            raise TableError("the file is not an Excel workbook (.xlsx) that can be read") from None
        try:
            if not workbook.worksheets:
                raise TableError("the workbook has no sheets")
            for row in workbook.worksheets[0].iter_rows():
                yield [_cell_text(cell) for cell in row]
        finally:
            workbook.close()


def read_sheets(content: bytes) -> list[tuple[str, list[list[str]]]]:
    """Every sheet of an Excel workbook's bytes, in order, as its title and its rows of
    cell texts (read as `read_table` reads the first sheet), for a workbook holding several
    kinds of record; `grid_table` makes each a Table."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a file that is not a workbook
        raise TableError("the file is not an Excel workbook (.xlsx) that can be read") from None
    try:
        return [
            (sheet.title, [[_cell_text(cell) for cell in row] for row in sheet.iter_rows()])
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()


def grid_table(grid: list[list[str]]) -> Table:
    """The table in rows of cell texts: the header row, then the non-blank rows; TableError
    saying why when there is none."""
    return _table(grid)


def _cell_text(cell) -> str:
    """A spreadsheet cell as the text it shows: numbers without float noise, a percentage
    format as '38.7%', a date as 2019-03-31."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        number_format = getattr(cell, "number_format", "") or ""
        try:
            amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            return str(value)
        if "%" in number_format:
            return f"{_plain(amount * 100)}%"
        return _plain(amount)
    return str(value)


def _plain(amount: Decimal) -> str:
    if amount == amount.to_integral_value():
        return str(amount.quantize(Decimal(1)))
    return format(amount.normalize(), "f")


def _table(grid: Iterable[list[str]]) -> Table:
    columns, numbered = _header(iter(grid))
    return Table(columns, tuple(_records(columns, numbered)))


def _header(grid: Iterator[list[str]]) -> tuple[tuple[str, ...], Iterator[tuple[int, list[str]]]]:
    """The column names from the header row, and the numbered rows after it."""
    numbered = enumerate(grid, start=1)
    header_number, header = next(
        ((number, cells) for number, cells in numbered if any(cell.strip() for cell in cells)),
        (None, None),
    )
    if header is None:
        raise TableError("the file is empty: it needs a header row naming its columns")
    if header_number != 1:
        raise TableError(
            f"the header must be the first row; rows 1 to {header_number - 1} are blank"
        )
    columns = [heading.strip().lower() for heading in header]
    while columns and not columns[-1]:
        columns.pop()
    if not columns:
        raise TableError("the header row is empty")
    seen: set[str] = set()
    for index, name in enumerate(columns, start=1):
        if not name:
            raise TableError(f"column {index} of the header row has no name")
        if name in seen:
            raise TableError(f"the column '{name}' appears twice in the header row")
        seen.add(name)
    return tuple(columns), numbered


def _records(columns: tuple[str, ...], numbered: Iterator[tuple[int, list[str]]]) -> Iterator[Row]:
    """The non-blank rows after the header, each with its cells by column name."""
    width = len(columns)
    for number, cells in numbered:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            raise TableError(f"row {number} has more cells than the header has columns ({width})")
        if len(cells) < width:
            cells = [*cells, *[""] * (width - len(cells))]
        yield Row(number, dict(zip(columns, cells[:width], strict=True)))


def write_table(
    columns: list[str], rows: list[dict[str, str]], file_format: FileFormat, sheet_title: str
) -> bytes:
    """The file for a table: CSV (UTF-8, CRLF line ends, as Excel writes it) or .xlsx with
    every cell written as text, so that it reads back exactly, and neutralised so that no cell
    runs as a formula when the file is opened."""
    grid = [[neutralise(str(name)) for name in columns]] + [
        [neutralise(row.get(column, "")) for column in columns] for row in rows
    ]
    if FileFormat(file_format) == FileFormat.XLSX:
        # A workbook cannot hold a control character: it is left out (core.cells.writable).
        return _write_xlsx([[writable(cell) for cell in line] for line in grid], sheet_title)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(grid)
    return buffer.getvalue().encode("utf-8")


def _write_xlsx(grid: list[list[str]], sheet_title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    for line in grid:
        sheet.append(line)
    for line in sheet.iter_rows():
        for cell in line:
            if cell.value is not None:
                # Text, never a number or a formula: '01:30' and '9.25%' stay as written.
                cell.data_type = TYPE_STRING
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
