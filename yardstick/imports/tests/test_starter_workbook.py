"""The starter workbook: a Read me sheet, then a sheet per kind in import order, each headed
by its kind's columns with their help, with example rows of the year it is made."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import UserFactory
from yardstick.imports.kinds import FRAMEWORK_ORDER as ORDER
from yardstick.imports.starter import example_rows, starter_filename, starter_workbook

TODAY = date(2026, 12, 4)


@pytest.fixture(scope="module")
def workbook():
    return load_workbook(io.BytesIO(starter_workbook(TODAY)))


def test_a_read_me_sheet_comes_first_then_a_sheet_per_kind_in_import_order(workbook):
    assert workbook.sheetnames == ["Read me", *[kind.name for kind in ORDER]]


def test_each_sheet_is_headed_by_its_kinds_columns_each_with_its_help_as_a_note(workbook):
    for kind in ORDER:
        sheet = workbook[kind.name]
        header = [cell.value for cell in sheet[1]]
        assert header == kind.column_names
        for column, cell in zip(kind.columns, sheet[1], strict=True):
            assert column.help in cell.comment.text
            assert cell.comment.text.startswith("Required." if column.required else "Optional.")
            assert cell.font.bold == column.required
        assert sheet.freeze_panes == "A2"


def test_the_read_me_lists_every_column_of_every_kind_with_what_to_write(workbook):
    rows = list(workbook["Read me"].iter_rows(values_only=True))
    listed = {(row[0], row[2]) for row in rows if row[0]}
    for kind in ORDER:
        for column in kind.columns:
            assert (column.name, column.help) in listed
    assert any("never imported" in (row[0] or "") for row in rows)


def test_every_sheet_has_example_rows_written_as_text_in_grey_italics(workbook):
    for kind in ORDER:
        sheet = workbook[kind.name]
        examples = example_rows(kind.name, 2026)
        assert sheet.max_row == 1 + len(examples)
        for number, example in enumerate(examples, start=2):
            cells = dict(zip(kind.column_names, sheet[number], strict=True))
            for name, cell in cells.items():
                assert (cell.value or "") == example.get(name, "")
                if cell.value is not None:
                    assert cell.data_type == "s"
                assert cell.font.italic
        for letter in "ABC":
            assert sheet.column_dimensions[letter].number_format == "@"


@pytest.mark.parametrize(
    ("today", "start_month", "quarter"),
    [
        (date(2026, 12, 4), 4, "2026-27 Q1"),
        (date(2027, 2, 1), 4, "2026-27 Q1"),
        (date(2027, 4, 1), 4, "2027-28 Q1"),
        (date(2027, 2, 1), 1, "2027 Q1"),
    ],
)
def test_the_examples_are_in_the_financial_year_it_is_made_in(today, start_month, quarter):
    sheet = load_workbook(io.BytesIO(starter_workbook(today, start_month)))["targets"]
    assert sheet["B2"].value == quarter


def test_its_file_name_says_its_year():
    assert starter_filename(TODAY) == "yardstick-starter-workbook-2026-27.xlsx"


@pytest.mark.django_db
def test_the_import_page_offers_it_to_the_performance_team(client, performance_officer):
    client.force_login(performance_officer)
    url = reverse("imports:starter")
    assert url in client.get(reverse("imports:index")).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "yardstick-starter-workbook-" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Read me"


@pytest.mark.django_db
def test_the_starter_workbook_is_for_the_performance_team_only(client, council):
    client.force_login(UserFactory(username="olu", organisation=council, is_staff=True))
    assert client.get(reverse("imports:starter")).status_code == 403
