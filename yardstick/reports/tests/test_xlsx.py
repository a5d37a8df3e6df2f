"""The report as Excel: read back with openpyxl, one sheet per scorecard with every row, each
rating as text and filled with its band's colour, frozen headers and an autofilter; a sheet of
key actions; valid, unique sheet names."""

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from yardstick.actions.models import ActionUpdate
from yardstick.core import palette
from yardstick.core.ratings import Band
from yardstick.measures.models import Figure
from yardstick.reports.renderers import get_format
from yardstick.reports.renderers.xlsx import HEADER_ROW, as_number, sheet_name
from yardstick.reports.strategic import build_strategic_report
from yardstick.reports.tests.conftest import CHALLENGES, EXPECTED, performance_team_of_period


@pytest.fixture
def workbook(report):
    return load_workbook(io.BytesIO(get_format("xlsx").render(report)))


def table(sheet) -> list[dict]:
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    return [
        dict(zip(headers, row, strict=True))
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1)
        if row[0].value is not None
    ]


def test_there_is_a_sheet_per_scorecard_and_one_for_key_actions(workbook):
    assert workbook.sheetnames == [
        "Report",
        "Introduction",
        "Build a Better Place",
        "Protect the Vulnerable",
        "Key challenges",
        "Key actions",
        "Key",
    ]
    assert workbook.properties.title == "Strategic Performance Report, Q2 2018/19"


def test_the_key_challenges_sheet_lists_the_reports_challenges(workbook):
    rows = table(workbook["Key challenges"])
    assert tuple(row["Measure"].value for row in rows) == CHALLENGES
    knife = rows[1]
    assert knife["Rating"].value == "HR High Red"
    assert knife["Figure for"].value == "Q2 2018/19"
    assert knife["Commentary"].value == "The rise is in line with the national trend."


def test_every_scorecard_row_has_its_ratings_as_text_and_filled_by_band(workbook):
    rows = {}
    for name in ("Build a Better Place", "Protect the Vulnerable"):
        for row in table(workbook[name]):
            rows[row["Measure"].value] = row
    assert set(rows) == set(EXPECTED)
    labels = ("Q2 2017/18 rating", "Q1 2018/19 rating", "Q2 2018/19 rating")
    for title, expected in EXPECTED.items():
        for label, rating in zip(labels, expected, strict=True):
            cell = rows[title][label]
            assert cell.value == rating
            if rating != "Not rated":
                swatch = palette.band_swatch(Band(rating.split()[0]))
                assert cell.fill.fgColor.rgb == f"00{swatch.fill_hex}"
                assert cell.font.color.rgb == f"00{swatch.text_hex}"
    homes = rows["Number of new council homes built (cumulative)"]
    assert homes["Q2 2018/19 target"].value == 30
    assert homes["Q2 2018/19 actual"].value == 76
    assert homes["Trend"].value == "▲ Improved"
    assert homes["Why this rating (Q2 2018/19)"].value.startswith("76 is 153.3% better")
    recycling = rows["% of household waste recycled and composted"]
    assert "Data reported at least 3 months in arrears" in recycling["Notes"].value


def test_plain_targets_and_actuals_are_numbers_printed_as_on_the_page(workbook):
    rows = {row["Measure"].value: row for row in table(workbook["Build a Better Place"])}
    rows |= {row["Measure"].value: row for row in table(workbook["Protect the Vulnerable"])}
    recycling = rows["% of household waste recycled and composted"]["Q2 2018/19 actual"]
    assert (recycling.value, recycling.number_format) == (49, '#,##0"%"')
    sickness = rows["Staff sickness: days lost per employee"]["Q1 2018/19 actual"]
    assert (sickness.value, sickness.number_format) == (9.5, "#,##0.0")
    homes = rows["Number of new council homes built (cumulative)"]["Q2 2018/19 target"]
    assert (homes.value, homes.number_format) == (30, "#,##0")


@pytest.mark.parametrize(
    ("printed", "number", "number_format"),
    [
        ("38.7%", "38.7", '#,##0.0"%"'),
        ("-10%", "-10", '#,##0"%"'),
        ("35,000", "35000", "#,##0"),
        ("£1,234.56", "1234.56", '"£"#,##0.00'),
    ],
)
def test_a_plain_printed_value_is_a_number_with_a_format_that_prints_it_alike(
    printed, number, number_format
):
    assert as_number(printed) == (Decimal(number), number_format)


@pytest.mark.parametrize(
    "printed", ["38.7% (53/137)", "7-15%", "Year on year reduction", "BL", "-", ""]
)
def test_anything_else_stays_text(printed):
    assert as_number(printed) is None


def test_scorecard_sheets_freeze_the_header_and_measure_and_filter_every_row(workbook):
    for name in ("Build a Better Place", "Protect the Vulnerable"):
        sheet = workbook[name]
        assert sheet.freeze_panes == f"C{HEADER_ROW + 1}"
        assert sheet.auto_filter.ref == f"A{HEADER_ROW}:Q{sheet.max_row}"
        assert sheet.column_dimensions["B"].width >= 40
        assert sheet["A1"].value.startswith(name)


def test_the_key_actions_sheet_has_each_action_with_its_status_filled(workbook):
    rows = table(workbook["Key actions"])
    assert [(r["Action"].value, r["Status"].value) for r in rows] == [
        ("Deliver the capital programme", "Green"),
        ("Move into a new civic centre by 2020", "Amber"),
        ("Bring in commercial contributions of £15m", "Red"),
        ("Deliver the couples project", "Completed"),
        ("Review respite care", "No update"),
    ]
    assert rows[2]["Status"].fill.fgColor.rgb == f"00{palette.HIGH_RED.fill_hex}"
    assert workbook["Key actions"].auto_filter.ref == "A3:E8"


def test_the_key_sheet_has_the_bands_and_the_notes(workbook):
    values = [cell.value for row in workbook["Key"].iter_rows() for cell in row if cell.value]
    assert "★ HG High Green" in values
    assert "Has exceeded target by 5% or more" in values
    assert "Data reported at least 3 months in arrears" in values


def test_sheet_names_are_valid_unique_and_at_most_31_characters():
    taken = {"history"}
    names = [
        sheet_name("Protect the most vulnerable and support families", taken),
        sheet_name("Protect the most vulnerable and support families", taken),
        sheet_name("Health: [A*] / Wellbeing?", taken),
        sheet_name("History", taken),
        sheet_name("   ", taken),
    ]
    assert names == [
        "Protect the most vulnerable and",
        "Protect the most vulnerable (2)",
        "Health A Wellbeing",
        "History (2)",
        "Sheet",
    ]
    assert all(len(name) <= 31 for name in names)


def test_two_scorecards_with_long_similar_titles_get_distinct_sheets(framework):
    for card in (framework.place_card, framework.families_card):
        card.title = "Protect the most vulnerable and support families in the borough"
        card.save()
    report = build_strategic_report(framework.q2, None, performance_team_of_period(framework.q2))
    workbook = load_workbook(io.BytesIO(get_format("xlsx").render(report)))
    assert workbook.sheetnames[2:4] == [
        "Protect the most vulnerable and",
        "Protect the most vulnerable (2)",
    ]


def test_text_that_would_run_as_a_formula_is_a_neutralised_string_cell(framework):
    """Commentary, progress and titles are written with a leading quote and typed as text:
    opening the workbook runs nothing (OWASP CSV injection; yardstick.core.cells)."""
    hyperlink = '=HYPERLINK("http://x","y")'
    Figure.objects.filter(measure=framework.measures["knife"], period=framework.q2).update(
        commentary=hyperlink
    )
    Figure.objects.filter(measure=framework.measures["recycling"], period=framework.q2).update(
        commentary="-1+1|cmd|' /C calc'!A0"
    )
    ActionUpdate.objects.filter(period=framework.q2).update(progress="@SUM(A1)")
    report = build_strategic_report(framework.q2, None, performance_team_of_period(framework.q2))
    content = get_format("xlsx").render(report)
    workbook = load_workbook(io.BytesIO(content))

    rows = {row["Measure"].value: row for row in table(workbook["Build a Better Place"])}
    knife = rows["Knife crime with injury (victims under 25)"]["Commentary"]
    assert knife.value == "'" + hyperlink
    assert knife.data_type == "s"
    recycling = rows["% of household waste recycled and composted"]["Commentary"]
    assert recycling.value == "'-1+1|cmd|' /C calc'!A0"
    progress = {row["Progress"].value for row in table(workbook["Key actions"])}
    assert "'@SUM(A1)" in progress
    cells = [cell for sheet in workbook for line in sheet.iter_rows() for cell in line]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets and not [name for name in sheets if b"<f>" in archive.read(name)]


def test_the_number_column_holds_numbers_so_it_sorts_as_the_page_does(workbook):
    numbers = [row["No."] for row in table(workbook["Build a Better Place"])]
    assert numbers and all(isinstance(cell.value, int) for cell in numbers)
    assert [cell.value for cell in numbers] == sorted(cell.value for cell in numbers)
    assert {cell.number_format for cell in numbers} == {"0"}


@pytest.mark.parametrize(
    ("printed", "seconds", "number_format"),
    [("01:36", 96, "mm:ss"), ("1:02:03", 3723, "[h]:mm:ss")],
)
def test_a_duration_is_an_excel_time_printed_as_on_the_page(printed, seconds, number_format):
    """An Excel time is a fraction of a day: it sorts, sums and prints as mm:ss."""
    amount, shown = as_number(printed)
    assert round(amount * 86400, 9) == seconds
    assert shown == number_format


def test_every_sheet_prints_on_a4_fitted_to_the_width_with_its_header_row_repeated(workbook):
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert int(setup.paperSize) == int(sheet.PAPERSIZE_A4), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}", sheet.title
        assert sheet.oddFooter.right.text == "Page &P of &N"
    assert workbook["Build a Better Place"].page_setup.orientation == "landscape"
    assert workbook["Report"].page_setup.orientation == "landscape"


def test_the_notes_say_what_period_each_columns_data_covers(framework, reader):
    """Only the current column's period survived in the notes; an earlier one was dropped."""
    from datetime import date

    figure = Figure.objects.get(measure=framework.measures["recycling"], period=framework.q1)
    figure.data_covers_start, figure.data_covers_end = date(2018, 1, 1), date(2018, 3, 31)
    figure.save()
    report = build_strategic_report(framework.q2, None, performance_team_of_period(framework.q2))
    book = load_workbook(io.BytesIO(get_format("xlsx").render(report)))
    rows = {r["Measure"].value: r for r in table(book["Build a Better Place"])}
    notes = rows["% of household waste recycled and composted"]["Notes"].value
    assert "Q1 2018/19 data covers" in notes
    assert "Q2 2018/19 data covers" in notes


def test_the_key_sheet_says_annual_measures_show_only_when_they_report(workbook):
    assert "Annual measures are shown only in the quarter in which they report." in (
        workbook["Key"]["A2"].value
    )
