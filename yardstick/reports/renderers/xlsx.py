"""The report as an Excel workbook (openpyxl), for sorting, filtering and reuse.

A 'Report' sheet says what the workbook is; then one sheet per scorecard (one row per measure:
target, actual and rating of each period as separate columns, the trend, why, notes and
commentary), a 'Key challenges' sheet, a 'Key actions' sheet and a 'Key' sheet with the bands
and the notes. Each table has a single header row, frozen with the measure's name, and an
autofilter. Ratings are written out ('HG High Green') and filled with the band's colour. A
target or actual that is a plain number, percentage or amount of money is a number in Excel,
formatted as printed ('38.7%' is 38.7 shown with a % sign, in points as everywhere in
Yardstick), so columns sort and sum; anything else (a range, 'Year on year reduction', '01:36',
'38.7% (53/137)', 'BL') stays text.

Every text cell is written through `put`: without the control characters no workbook can hold
(`yardstick.core.cells.writable`), and neutralised (`yardstick.core.cells.neutralise`, so
commentary such as '=HYPERLINK(...)' is written "'=HYPERLINK(...)") and typed as a string, so
no text ever becomes a formula.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from yardstick.core import palette
from yardstick.core.cells import neutralise, writable
from yardstick.core.values import Value, ValueParseError, ValueType, parse_value
from yardstick.reports.renderers import common
from yardstick.reports.strategic import MISSING_HEADERS, RISK_HEADERS, StrategicReport
from yardstick.scorecards.rows import ScorecardReport

FONT = "Arial"
MAX_SHEET_NAME = 31
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HEADER_ROW = 3  # a title, a line of context, then the table
BOLD = Font(name=FONT, bold=True)
PLAIN = Font(name=FONT)
TITLE = Font(name=FONT, bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor=palette.GREY.fill_hex)
THIN = Side(style="thin", color="B1B4B6")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
PORTRAIT_WIDTH = 100  # character widths that fit across a portrait A4 page


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name: no []:*?/\\, at most 31 characters, not taken (Excel
    compares names without regard to case)."""
    base = FORBIDDEN.sub(" ", title).strip().strip("'") or "Sheet"
    base = re.sub(r"\s+", " ", base)
    name = base[:MAX_SHEET_NAME].strip()
    number = 2
    while name.casefold() in taken:
        suffix = f" ({number})"
        name = base[: MAX_SHEET_NAME - len(suffix)].strip() + suffix
        number += 1
    taken.add(name.casefold())
    return name


NUMERIC_TYPES = (ValueType.NUMBER, ValueType.PERCENTAGE, ValueType.CURRENCY)
SECONDS_A_DAY = Decimal(86400)


def as_number(text: str) -> tuple[Decimal, str] | None:
    """A printed target or actual as a number and an Excel number format that prints it the
    same way ('38.7%' is 38.7 with '#,##0.0"%"', a duration '01:36' an Excel time shown
    'mm:ss'); None when it is not a plain number."""
    try:
        value = parse_value(text)
    except ValueParseError:
        return None
    if not isinstance(value, Value):
        return None
    if value.numerator is not None or value.denominator is not None:
        return None  # '38.7% (53/137)': the counts are part of what is printed
    if value.value_type is ValueType.DURATION and value.amount >= 0:
        # An Excel time is a fraction of a day; '01:36' stays mm:ss, '1:02:03' h:mm:ss.
        shown = "[h]:mm:ss" if text.count(":") > 1 else "mm:ss"
        return value.amount / SECONDS_A_DAY, shown
    if value.value_type not in NUMERIC_TYPES:
        return None
    places = max(-value.amount.as_tuple().exponent, 0) if value.decimals is None else value.decimals
    number_format = "#,##0" + ("." + "0" * places if places else "")
    if value.value_type is ValueType.PERCENTAGE:
        number_format += '"%"'
    elif value.value_type is ValueType.CURRENCY:
        number_format = '"£"' + number_format
    return value.amount, number_format


def numbers_where_plain(cell) -> None:
    """Make a text cell a number when its text is a plain number (see `as_number`)."""
    if not isinstance(cell.value, str):
        return
    found = as_number(cell.value)
    if found is not None:
        cell.value, cell.number_format = found
        cell.alignment = Alignment(horizontal="right", vertical="top")


def put(sheet: Worksheet, row: int, column: int, value):
    """Write `value` to a cell and return the cell: text neutralised and kept as text (never a
    formula: openpyxl would make a string starting with '=' one), anything else as it is."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = writable(neutralise(value))
        cell.data_type = TYPE_STRING
    else:
        cell.value = value
    return cell


def fill(swatch: palette.Swatch) -> PatternFill:
    return PatternFill("solid", fgColor=swatch.fill_hex)


def coloured(cell, swatch: palette.Swatch) -> None:
    cell.fill = fill(swatch)
    cell.font = Font(name=FONT, bold=True, color=swatch.text_hex)


def print_setup(sheet: Worksheet, title: str) -> None:
    """How a sheet prints: A4, landscape when it is wider than a portrait page, fitted to the
    page's width (as many pages long as it needs), the table's header row repeated on every
    page, and a header and footer naming the report and the page."""
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    width = sum(
        (sheet.column_dimensions[get_column_letter(column)].width or 9)
        for column in range(1, sheet.max_column + 1)
    )
    setup.orientation = "landscape" if width > PORTRAIT_WIDTH else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    if sheet.max_row >= HEADER_ROW:
        sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.oddHeader.left.text = writable(neutralise(title)).replace("&", "&&")
    sheet.oddHeader.right.text = "&A"  # the sheet's name
    sheet.oddFooter.right.text = "Page &P of &N"


def heading(sheet: Worksheet, title: str, context: str) -> None:
    put(sheet, 1, 1, title).font = TITLE
    put(sheet, 2, 1, context).font = PLAIN


def table(sheet: Worksheet, headers: list[str], rows: list[list], widths: list[float]) -> None:
    """A table from HEADER_ROW: a bold shaded header row, frozen (with the first `freeze`
    columns), an autofilter over the whole table, and the column widths."""
    for column, (label, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = put(sheet, HEADER_ROW, column, label)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.border = GRID
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        sheet.column_dimensions[get_column_letter(column)].width = width
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = put(sheet, HEADER_ROW + offset, column, value)
            cell.font = PLAIN
            cell.border = GRID
            cell.alignment = WRAP if widths[column - 1] >= 20 else TOP
    last = f"{get_column_letter(len(headers))}{HEADER_ROW + max(len(rows), 1)}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}"


def scorecard_sheet(sheet: Worksheet, report: StrategicReport, scorecard: ScorecardReport):
    labels = [scorecard.last_year_label, scorecard.previous_label, scorecard.period.label]
    heading(
        sheet,
        f"{scorecard.scorecard.title}: {scorecard.period.label}",
        f"{report.title}, {report.organisation_name}. One row per measure; ratings by the key "
        "on the Key sheet.",
    )
    if scorecard.is_tracker:
        tracker_sheet(sheet, scorecard)
        return
    headers = ["No.", "Measure", "Good is"]
    widths = [6, 48, 10]
    for label in labels:
        label = label or "No period"
        headers += [f"{label} target", f"{label} actual", f"{label} rating"]
        widths += [12, 14, 17]
    headers += ["Trend", f"Why this rating ({labels[2]})", "Why this trend", "Notes", "Commentary"]
    widths += [16, 45, 40, 30, 50]
    extra = common.extra_columns(scorecard)
    headers += [column.header for column in extra]
    widths += [column.width for column in extra]
    rows = []
    for line in scorecard.rows:
        values = [line.number or line.code, line.title, line.good_is]
        for cell in common.cells(line):
            values += [cell.target, cell.actual, common.rating_text(cell)]
        values += [
            common.trend_text(line),
            line.current.reason,
            line.trend_reason,
            "\n".join(common.row_notes(line)),
            line.commentary,
        ]
        values += [column.value(line) for column in extra]
        rows.append(values)
    table(sheet, headers, rows, widths)
    for offset, line in enumerate(scorecard.rows, start=1):
        number = sheet.cell(row=HEADER_ROW + offset, column=1)
        if line.number and line.number.isdigit():  # sorts 2 before 10, as the page does
            number.value, number.number_format = int(line.number), "0"
        for index, cell in enumerate(common.cells(line)):
            first = 4 + index * 3  # the period's target, actual and rating columns
            for column in (first, first + 1):
                numbers_where_plain(sheet.cell(row=HEADER_ROW + offset, column=column))
            target = sheet.cell(row=HEADER_ROW + offset, column=first + 2)
            if cell.band:
                coloured(target, palette.band_swatch(cell.band))
            elif target.value:
                target.font = Font(name=FONT, color="505A5F")
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)  # header row, No. and Measure


def tracker_sheet(sheet: Worksheet, scorecard: ScorecardReport) -> None:
    """A scorecard laid out as a monthly tracker: each measure's figure in each month, then
    the period's rating and trend, why, and the commentary (as the page draws it)."""
    period = scorecard.period.label
    months = list(scorecard.months)
    headers = ["No.", "Measure", "Good is", *months, f"{period} rating", "Trend"]
    headers += [f"Why this rating ({period})", "Why this trend", "Notes", "Commentary"]
    widths = [6, 48, 10] + [14] * len(months) + [17, 16, 45, 40, 30, 50]
    rows = [
        [
            line.number or line.code,
            line.title,
            line.good_is,
            *(cell.actual for cell in line.months),
            common.rating_text(line.current),
            common.trend_text(line),
            line.current.reason,
            line.trend_reason,
            "\n".join(common.row_notes(line)),
            line.commentary,
        ]
        for line in scorecard.rows
    ]
    table(sheet, headers, rows, widths)
    for offset, line in enumerate(scorecard.rows, start=1):
        row = HEADER_ROW + offset
        number = sheet.cell(row=row, column=1)
        if line.number and line.number.isdigit():
            number.value, number.number_format = int(line.number), "0"
        for column in range(4, 4 + len(months)):
            numbers_where_plain(sheet.cell(row=row, column=column))
        rating = sheet.cell(row=row, column=4 + len(months))
        if line.current.band:
            coloured(rating, palette.band_swatch(line.current.band))
        elif rating.value:
            rating.font = Font(name=FONT, color="505A5F")
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)


def actions_sheet(sheet: Worksheet, report: StrategicReport) -> None:
    heading(
        sheet,
        f"Key projects and initiatives: {report.period.label}",
        f"{report.title}, {report.organisation_name}. Progress and status of each action.",
    )
    rows = [
        [
            section.theme.title,
            action.title,
            action.progress or "No update this period.",
            action.status_label,
            action.owner,
        ]
        for section in report.sections
        for action in section.actions
    ]
    table(sheet, ["Theme", "Action", "Progress", "Status", "Owner"], rows, [28, 50, 70, 14, 22])
    statuses = [action.status for section in report.sections for action in section.actions]
    for offset, status in enumerate(statuses, start=1):
        coloured(sheet.cell(row=HEADER_ROW + offset, column=4), palette.status_swatch(status))
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)


CHALLENGE_HEADERS = [
    "Theme",
    "Measure",
    "Rating",
    "Figure for",
    "Actual",
    "Target",
    "Trend",
    "Commentary",
    "What we are doing",
]


def challenges_sheet(sheet: Worksheet, report: StrategicReport) -> None:
    """The key challenges of every theme, in the report's order: the same entries, figures and
    commentary as the report's other formats (`scorecards.challenges`)."""
    heading(
        sheet,
        f"Key challenges: {report.period.label}",
        f"{report.title}, {report.organisation_name}. The measures off target on their latest "
        "figure, and any the performance team added, in the order it chose.",
    )
    missing = common.missing_commentary(report.period)
    listed = [
        (section, challenge) for section in report.sections for challenge in section.challenges
    ]
    rows = [
        [
            section.theme.title,
            challenge.title,
            common.rating_text(challenge.current),
            challenge.when,
            challenge.current.actual,
            challenge.current.target,
            f"{challenge.trend_symbol} {challenge.trend_text}" if challenge.trend else "",
            challenge.commentary.strip() or missing,
            challenge.proposed_action,
        ]
        for section, challenge in listed
    ]
    table(sheet, CHALLENGE_HEADERS, rows, [28, 50, 16, 24, 12, 12, 16, 70, 50])
    for offset, (_, challenge) in enumerate(listed, start=1):
        if challenge.current.band:
            coloured(
                sheet.cell(row=HEADER_ROW + offset, column=3),
                palette.band_swatch(challenge.current.band),
            )
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)


def key_sheet(sheet: Worksheet, report: StrategicReport) -> None:
    heading(sheet, "Key to ratings", common.KEY_NOTES)
    rows = [[f"{band.shape} {band.value} {band.label}", meaning] for band, meaning in report.key]
    rows.append([common.NOT_RATED, "No target, a baseline year, a contextual measure or no figure"])
    table(sheet, ["Rating", "Meaning"], rows, [22, 60])
    for offset, (band, _) in enumerate(report.key, start=1):
        coloured(sheet.cell(row=HEADER_ROW + offset, column=1), palette.band_swatch(band))
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    notes = [
        (section.scorecard.scorecard.title, note)
        for section in report.sections
        if section.scorecard
        for note in section.scorecard.footnotes
    ]
    if notes:
        start = HEADER_ROW + len(rows) + 2
        put(sheet, start, 1, "Notes").font = BOLD
        for offset, (title, note) in enumerate(notes, start=1):
            put(sheet, start + offset, 1, title).font = PLAIN
            put(sheet, start + offset, 2, note).font = PLAIN


def risks_sheet(sheet: Worksheet, report: StrategicReport) -> None:
    """Every chosen register's risks in one table, register by register, above appetite
    first; the current score's cell in its band's colours."""
    heading(
        sheet,
        f"Risks: {report.period.label}",
        f"{report.title}, {report.organisation_name}. The risk registers chosen for the report, "
        "as they stand; scores are likelihood × impact on the council's scale.",
    )
    lines = [(section, row) for section in report.risks for row in section.rows]
    rows = [[section.title, *section.cells(row)] for section, row in lines]
    table(sheet, ["Register", *RISK_HEADERS], rows, [30, 10, 50, 22, 20, 20, 18, 20])
    for offset, (_, row) in enumerate(lines, start=1):
        colour = row.current.band.colour if row.current else None
        coloured(sheet.cell(row=HEADER_ROW + offset, column=5), palette.band_swatch(colour))
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)


def missing_sheet(sheet: Worksheet, report: StrategicReport) -> None:
    """The measures with no figure for the coming board: why, whose, and when it was due."""
    heading(
        sheet,
        f"Missing data for the coming board: {report.period.label}",
        f"{report.title}, {report.organisation_name}. The measures with no figure for "
        f"{report.period.label}.",
    )
    rows = [line.cells for line in report.missing or ()]
    table(sheet, MISSING_HEADERS, rows, [12, 50, 22, 45, 24])
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)


def text_sheet(sheet: Worksheet, report: StrategicReport) -> None:
    """The report's written text: the introduction, the summary of achievements, each theme's
    achievements (each abbreviation's note number in brackets where it is first used), the
    notes, and the glossary of the abbreviations the report uses."""
    front = common.front_matter(report)
    heading(
        sheet,
        "Introduction and achievements",
        f"{report.period.label}. "
        + ("Signed-off text." if report.period.is_published else "Draft: the text may change."),
    )
    rows: list[list] = []

    def lines(part: str, noted) -> None:
        for block in noted:
            for item in block.items:
                rows.append([part, ("• " if block.is_list else "") + common.plain(item)])

    lines("Introduction", front.introduction)
    lines("Summary of achievements", front.summary)
    for theme in front.themes:
        lines(f"Achievements: {theme.title}", theme.blocks)
    rows += [["Note", f"[{note.number}] {note.term}: {note.meaning}"] for note in front.notes]
    rows += [["Glossary", f"{note.term}: {note.meaning}"] for note in front.glossary]
    table(sheet, ["Part", "Text"], rows, [34, 120])


def about_sheet(sheet: Worksheet, report: StrategicReport, contents: list[tuple[str, str]]):
    period = report.period
    heading(
        sheet,
        report.title,
        f"{report.organisation_name}. {period.start:%-d %B %Y} to {period.end:%-d %B %Y}. "
        + (
            "Published: ratings as reported when the period was published."
            if period.is_published
            else "Draft: the period is open and figures may change."
        ),
    )
    table(sheet, ["Sheet", "What it holds"], [list(line) for line in contents], [34, 90])
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)


def render(report: StrategicReport) -> bytes:
    workbook = Workbook()
    properties = workbook.properties
    properties.title = report.title
    properties.creator = report.organisation_name
    properties.subject = f"{report.kind_label} of {report.organisation_name}"
    properties.language = "en-GB"
    properties.keywords = "performance; scorecard"
    about = workbook.active
    taken: set[str] = {"history"}  # Excel reserves it
    about.title = sheet_name("Report", taken)
    contents: list[tuple[str, str]] = []
    if not report.is_scorecard:  # a scorecard on its own has no written text
        text = workbook.create_sheet(sheet_name("Introduction", taken))
        text_sheet(text, report)
        contents.append((text.title, "Introduction, achievements and the glossary"))
    for section in report.sections:
        if section.scorecard is None:
            continue
        sheet = workbook.create_sheet(sheet_name(section.scorecard.scorecard.title, taken))
        scorecard_sheet(sheet, report, section.scorecard)
        contents.append((sheet.title, f"Scorecard: {section.theme.title}"))
    challenges = workbook.create_sheet(sheet_name("Key challenges", taken))
    challenges_sheet(challenges, report)
    contents.append((challenges.title, "Key challenges of every theme, with their commentary"))
    if not report.is_scorecard:
        actions = workbook.create_sheet(sheet_name("Key actions", taken))
        actions_sheet(actions, report)
        contents.append((actions.title, "Key projects and initiatives of every theme"))
    if report.missing is not None:
        missing = workbook.create_sheet(sheet_name("Missing data", taken))
        missing_sheet(missing, report)
        contents.append((missing.title, "Measures with no figure for the coming board"))
    if report.risks:
        risks = workbook.create_sheet(sheet_name("Risks", taken))
        risks_sheet(risks, report)
        described = "; ".join(f"{section.title}: {section.describe}" for section in report.risks)
        contents.append((risks.title, f"Risks of the chosen registers. {described}"))
    key = workbook.create_sheet(sheet_name("Key", taken))
    key_sheet(key, report)
    contents.append((key.title, "Key to ratings, and the notes"))
    about_sheet(about, report, contents)
    for sheet in workbook.worksheets:
        print_setup(sheet, f"{report.title}, {report.organisation_name}")
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
