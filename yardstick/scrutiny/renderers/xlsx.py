"""The tracker as an Excel workbook: one row per recommendation (number, group, the
recommendation, the response and its date, every update dated, follow-up, status, evidence,
officer, the source meeting), a single frozen header row with an autofilter, every text cell
written through the report's `put` (never a formula)."""

from __future__ import annotations

import io

from openpyxl import Workbook

from yardstick.reports.renderers.xlsx import HEADER_ROW, heading, table
from yardstick.scrutiny.tracker import Tracker

HEADERS = [
    "No.",
    "Group",
    "Recommendation",
    "Response",
    "Response in words",
    "Cabinet decision",
    "Update on action",
    "Latest update",
    "Follow-up",
    "Status",
    "Evidence",
    "Responsible officer",
    "Source meeting",
]
WIDTHS = [6, 28, 60, 16, 50, 14, 60, 14, 28, 14, 40, 22, 30]


def render(tracker: Tracker) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tracker"
    context = f"{tracker.organisation_name}. {tracker.body_name}."
    if tracker.showing:
        context += f" {tracker.showing}."
    heading(sheet, tracker.title, context)
    notes = {note.number: note.text for note in tracker.notes}
    rows = []
    for group in tracker.groups:
        for row in group.rows:
            updates = "\n\n".join(f"{u.dated:%-d %B %Y}: {u.text}" for u in row.updates)
            rows.append(
                [
                    row.number,
                    group.title,
                    f"{row.lead_in}\n{row.text}" if row.lead_in else row.text,
                    row.response_label,
                    row.response_text,
                    row.decided_on,
                    updates,
                    row.updates[-1].dated if row.updates else None,
                    row.follow_up,
                    row.status_label,
                    row.evidence,
                    row.officer,
                    notes.get(row.note, "") if row.note else "",
                ]
            )
    table(sheet, HEADERS, rows, WIDTHS)
    for offset in range(1, len(rows) + 1):
        for column in (6, 8):
            sheet.cell(row=HEADER_ROW + offset, column=column).number_format = "d mmmm yyyy"
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
