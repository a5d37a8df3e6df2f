"""Reading a CSV file or an Excel workbook as a table of text cells, rows numbered as in the
spreadsheet."""

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from yardstick.imports.tables import (
    ENCODING_NAMES,
    UTF8,
    WINDOWS,
    TableError,
    open_table,
    read_table,
    write_table,
)


def workbook(*rows, formats: dict[str, str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_csv_file_with_a_byte_order_mark_and_blank_rows_keeps_spreadsheet_row_numbers():
    table = read_table("\ufeffCode,Name\r\nA,Alpha\r\n,\r\nB,Beta\r\n".encode(), "units.csv")
    assert table.columns == ("code", "name")
    assert [(row.number, row.get("code")) for row in table.rows] == [(2, "A"), (4, "B")]


def test_a_csv_file_excel_saved_in_the_uk_reads_as_windows_1252_and_says_so():
    content = 'title,target\nCafé spend,"£1,200"\n'.encode("cp1252")
    table = open_table(lambda: io.BytesIO(content), "x.csv")
    assert table.encoding == WINDOWS and ENCODING_NAMES[WINDOWS].startswith("Windows-1252")
    assert [(row.get("title"), row.get("target")) for row in table.rows()] == [
        ("Café spend", "£1,200")
    ]
    utf8 = open_table(lambda: io.BytesIO("title\nCafé\n".encode()), "x.csv")
    assert utf8.encoding == UTF8 and [row.get("title") for row in utf8.rows()] == ["Café"]


def test_a_quoted_cell_keeps_its_commas():
    table = read_table(b'title,period\n"Homes, built",2018-19 Q2\n', "x.csv")
    assert table.rows[0].get("title") == "Homes, built"


def test_excel_numbers_percentages_and_dates_read_as_the_text_they_show():
    content = workbook(
        ("target", "actual", "due_date", "count"),
        ("01:30", 0.387, date(2019, 3, 31), 35000),
        formats={"B2": "0.0%"},
    )
    row = read_table(content, "x.xlsx").rows[0]
    assert (row.get("target"), row.get("actual"), row.get("due_date"), row.get("count")) == (
        "01:30",
        "38.7%",
        "2019-03-31",
        "35000",
    )


def test_a_written_workbook_reads_back_exactly():
    rows = [{"target": "01:30", "actual": "=1+1", "note": ""}, {"target": "9.25%"}]
    content = write_table(["target", "actual", "note"], rows, "xlsx", "Targets")
    table = read_table(content, "targets.xlsx")
    assert [{column: row.get(column) for column in table.columns} for row in table.rows] == [
        {"target": "01:30", "actual": "=1+1", "note": ""},
        {"target": "9.25%", "actual": "", "note": ""},
    ]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"a,b\n1,2,3\n", "x.csv", "row 2 has more cells than the header has columns (2)"),
        (b"a,,b\n", "x.csv", "column 2 of the header row has no name"),
        (b"\n\na,b\n", "x.csv", "the header must be the first row; rows 1 to 2 are blank"),
        (b"a\n\x81\n", "x.csv", None),  # neither UTF-8 nor Windows-1252 (0x81 is unused)
        (b"a,b\n", "x.pdf", "'x.pdf' is neither a CSV file (.csv) nor an Excel workbook (.xlsx)"),
    ],
)
def test_a_file_that_is_not_a_table_says_why(content, name, message):
    with pytest.raises(TableError) as raised:
        read_table(content, name)
    if message:
        assert str(raised.value) == message


RUNNABLE = [
    '=HYPERLINK("http://x","y")',
    "-1+1|cmd",
    "@SUM(A1)",
    "+44 20 7946 0000",
    "\tindented with a tab",
    "\rafter a carriage return",
    "'=already quoted by a person",
]
NUMBERS = ["-10%", "-3.5", "+2", "-1,234"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_cells_that_would_run_are_written_neutralised_and_read_back_as_they_were(file_format):
    rows = [{"code": f"C{index}", "commentary": text} for index, text in enumerate(RUNNABLE)]
    rows += [{"code": f"N{index}", "target": text} for index, text in enumerate(NUMBERS)]
    content = write_table(["code", "target", "commentary"], rows, file_format, "Figures")

    table = read_table(content, f"figures.{file_format}")

    assert [row.get("commentary") for row in table.rows[: len(RUNNABLE)]] == RUNNABLE
    assert [row.get("target") for row in table.rows[len(RUNNABLE) :]] == NUMBERS
    written = [row.cells["commentary"] for row in table.rows[: len(RUNNABLE)]]
    assert written == ["'" + text for text in RUNNABLE]  # as a spreadsheet is given them
    assert [row.cells["target"] for row in table.rows[len(RUNNABLE) :]] == NUMBERS


def test_no_cell_of_a_written_workbook_is_a_formula():
    rows = [{"commentary": text} for text in [*RUNNABLE, *NUMBERS]]
    content = write_table(["commentary"], rows, "xlsx", "Figures")

    sheet = load_workbook(io.BytesIO(content)).active

    cells = [cell for line in sheet.iter_rows() for cell in line]
    assert {cell.data_type for cell in cells} == {"s"}
    assert sheet["A2"].value == '\'=HYPERLINK("http://x","y")'


def test_a_quote_before_a_formula_character_in_a_persons_file_is_read_as_excel_reads_it():
    table = read_table(b"commentary,target\r\n'=A1,'-10%\r\n'Quoted,'5\r\n", "x.csv")
    assert [(row.get("commentary"), row.get("target")) for row in table.rows] == [
        ("=A1", "-10%"),
        ("'Quoted", "'5"),
    ]


def test_a_workbook_is_written_without_the_control_characters_it_cannot_hold():
    """A vertical tab pasted into commentary made every Excel export fail (openpyxl refuses
    it); a CSV file keeps it, as it keeps every character."""
    rows = [{"commentary": "Up\x0bagain\x07"}]
    workbook = write_table(["commentary"], rows, "xlsx", "Figures")
    assert read_table(workbook, "x.xlsx").rows[0].get("commentary") == "Up\nagain"
    text = write_table(["commentary"], rows, "csv", "Figures")
    assert read_table(text, "x.csv").rows[0].get("commentary") == "Up\x0bagain\x07"
