"""The challenge list as files: CSV and Excel, one renderer per format with the same signature
(`render_csv(listed, scope, today)`, `render_xlsx(...)`), both from the rows of `rows` (one
home for the columns). The Excel file follows the house's conventions
(`reports.renderers.xlsx`): a title and the rule stated at the top, a single bold header row,
frozen, with an autofilter, figures and targets that are plain numbers as numbers formatted as
printed, ratings written out and filled with their band's colour, every text cell neutralised,
and A4 print set-up with the header row repeated."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import Workbook

from yardstick.core import palette
from yardstick.core.cells import neutralise
from yardstick.reports.challenge_list import ChallengeList
from yardstick.reports.renderers import xlsx as excel

TITLE = "Challenge list: are our targets set well?"
COLUMNS = ("Reason", "Code", "Measure", "Why", "Latest period", "Rating", "Figure", "Target")
WIDTHS = [30, 10, 40, 45, 14, 18, 14, 14]
RATING, FIGURE, TARGET = 6, 7, 8  # their columns, counted from 1
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def rows(listed: ChallengeList) -> list[list[str]]:
    """One row per measure and reason, in the page's order, as printed."""
    found = []
    for group in listed.groups:
        for entry in group.entries:
            latest = entry.latest
            found.append(
                [
                    group.heading,
                    entry.measure.code,
                    entry.measure.title,
                    entry.words,
                    latest.period.label,
                    latest.band.code_and_label if latest.band else "Not rated",
                    latest.actual,
                    latest.target,
                ]
            )
    return found


def context(listed: ChallengeList, scope: str, today: date) -> str:
    """The line under the title: what is listed, the rule with N and X, and as at when."""
    drawn = "; ".join(
        f"{drawn.noun}ly measures up to {drawn.period.label}" for drawn in listed.drawn_for
    )
    return (
        f"{scope}, as at {today:%-d %B %Y}: {listed.listed} of {listed.measures} measures "
        f"listed. {listed.rule} N = {listed.runs} periods running and X = "
        f"{listed.margin_text}, set by the performance team. Read up to the latest period "
        f"with a figure: {drawn or 'no measure has a figure yet'}."
    )


def render_csv(listed: ChallengeList, scope: str, today: date) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows(listed):
        writer.writerow([neutralise(text) for text in row])
    return out.getvalue().encode()


def render_xlsx(listed: ChallengeList, scope: str, today: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Challenge list"
    excel.heading(sheet, TITLE, context(listed, scope, today))
    written = rows(listed)
    excel.table(sheet, list(COLUMNS), written, WIDTHS)
    entries = [entry for group in listed.groups for entry in group.entries]
    for row, entry in enumerate(entries, start=excel.HEADER_ROW + 1):
        if entry.latest.band:
            excel.coloured(
                sheet.cell(row=row, column=RATING), palette.band_swatch(entry.latest.band)
            )
        for column in (FIGURE, TARGET):
            excel.numbers_where_plain(sheet.cell(row=row, column=column))
    sheet.freeze_panes = sheet.cell(row=excel.HEADER_ROW + 1, column=3)
    excel.print_setup(sheet, TITLE)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


RENDERERS = {"csv": render_csv, "xlsx": render_xlsx}
