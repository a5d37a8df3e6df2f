"""Reading a CSV file or an Excel workbook as a table of text cells, rows numbered as in the
spreadsheet."""

import io
from datetime import date

import pytest
from openpyxl import Workbook

from yardstick.imports.tables import TableError, read_table, write_table


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
    assert [row.cells for row in table.rows] == [
        {"target": "01:30", "actual": "=1+1", "note": ""},
        {"target": "9.25%", "actual": "", "note": ""},
    ]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"a,b\n1,2,3\n", "x.csv", "row 2 has more cells than the header has columns (2)"),
        (b"a,,b\n", "x.csv", "column 2 of the header row has no name"),
        (b"\n\na,b\n", "x.csv", "the header must be the first row; rows 1 to 2 are blank"),
        (b"a\n\xe9\n", "x.csv", None),
        (b"a,b\n", "x.pdf", "'x.pdf' is neither a CSV file (.csv) nor an Excel workbook (.xlsx)"),
    ],
)
def test_a_file_that_is_not_a_table_says_why(content, name, message):
    with pytest.raises(TableError) as raised:
        read_table(content, name)
    if message:
        assert str(raised.value) == message
