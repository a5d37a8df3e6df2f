"""The starter workbook: one Excel file a new council fills in to bring its framework in at
once (imported by `workbook`).

A "Read me" sheet first (the steps, the rules, and every column of every kind with what to
write), then a sheet per kind of record in the order they are imported, each headed by the
kind's columns (each heading carries its help as a note) and holding one or two example
rows, grey and italic. The example rows make a small framework that hangs together: a
directorate and a service, a corporate plan with a theme and a priority, two measures with
their targets and figures, a key action with an update and a milestone, an Improvement Board
with a meeting and an action it agreed, a printed scorecard row. An example
row left exactly as written is never imported, so they can be kept, changed or deleted.
"""

from __future__ import annotations

import io
from datetime import date

from yardstick.core.periods import quarter as first_quarter
from yardstick.core.periods import year_label
from yardstick.imports.kinds import FRAMEWORK_ORDER, Kind

README_TITLE = "Read me"


def financial_year(today: date, start_month: int) -> int:
    """The year the financial year holding `today` starts in."""
    return today.year if today.month >= start_month else today.year - 1


def example_rows(kind: str, year: int, start_month: int = 4) -> list[dict[str, str]]:
    """The example rows of a kind's sheet, for a starter workbook made in financial year
    `year` (2026 for 2026/27) of a council whose year starts in `start_month`."""
    label = year_label(year, start_month)
    quarter = first_quarter(year, 1, start_month).key
    theme = f"{label} EX-CORP/EX-HEALTH"
    board = "Example: Adult Social Care Improvement Board"
    examples: dict[str, list[dict[str, str]]] = {
        "units": [
            {"code": "EX-ASC", "name": "Example: Adult Social Care", "kind": "directorate"},
            {
                "code": "EX-ASC-REABLE",
                "name": "Example: Reablement service",
                "kind": "service",
                "parent": "EX-ASC",
            },
        ],
        "plans": [
            {
                "year": label,
                "code": "EX-CORP",
                "kind": "corporate",
                "title": f"Example: Corporate plan {label}",
                "description": "Example: the council's priorities for the year.",
            }
        ],
        "themes": [
            {
                "year": label,
                "plan": "EX-CORP",
                "code": "EX-HEALTH",
                "title": "Example: Healthy, independent lives",
                "kind": "theme",
                "position": "1",
            },
            {
                "year": label,
                "plan": "EX-CORP",
                "code": "EX-HOME",
                "title": "Example: Help people stay in their own homes",
                "kind": "priority",
                "parent": "EX-HEALTH",
                "position": "1",
            },
        ],
        "measures": [
            {
                "code": "EX-01",
                "title": "Example: People still at home 91 days after reablement",
                "polarity": "higher",
                "value_type": "percentage",
                "decimals": "1",
                "numerator_label": "People still at home",
                "denominator_label": "People discharged into reablement",
                "frequency": "quarterly",
                "collection_type": "period",
                "data_source": "Example: the social care case system",
                "unit": "EX-ASC-REABLE",
                "themes": theme,
                "definition": "Example: the share of older people still at home 91 days "
                "after leaving hospital into reablement.",
                "minimum": "0",
                "maximum": "100",
            },
            {
                "code": "EX-02",
                "title": "Example: New council homes built (cumulative)",
                "polarity": "higher",
                "value_type": "number",
                "frequency": "quarterly",
                "collection_type": "cumulative",
                "unit": "EX-ASC",
                "themes": theme,
            },
        ],
        "targets": [
            {"measure": "EX-01", "period": quarter, "target": "85%"},
            {"measure": "EX-02", "period": quarter, "target": "30"},
        ],
        "figures": [
            {
                "measure": "EX-01",
                "period": quarter,
                "actual": "86.2% (112/130)",
                "commentary": "Example: above target for the third quarter running.",
            },
            {
                "measure": "EX-02",
                "period": quarter,
                "actual": "24",
                "commentary": "Example: two sites were delayed by the weather.",
                "proposed_action": "Example: both sites are due to finish next quarter.",
            },
        ],
        # A draft: a signed-off statement names who signed it off, by username.
        "statements": [
            {
                "measure": "EX-01",
                "status": "draft",
                "accuracy": "Example: checked each quarter against a sample of case records.",
                "accuracy_assessment": "met",
                "risk": "low",
                "review_date": f"{year + 1}-03-31",
            }
        ],
        "actions": [
            {
                "code": "EX-KA-01",
                "title": "Example: Open the new reablement hub",
                "theme": theme,
                "due_date": f"{year + 1}-03-31",
                "status": "green",
                "position": "1",
            }
        ],
        "action-updates": [
            {
                "action": "EX-KA-01",
                "period": quarter,
                "status": "green",
                "progress": "Example: site agreed; building starts in the autumn.",
            }
        ],
        "milestones": [
            {
                "key_project": "EX-KA-01",
                "title": "Example: Site agreed",
                "planned": f"{year}-09-30",
                "position": "1",
            }
        ],
        "bodies": [
            {
                "name": board,
                "short_name": "EX-ASCIB",
                "kind": "improvement_board",
                "unit": "EX-ASC",
                "pack_working_days": "5",
            }
        ],
        "meetings": [
            {
                "body": board,
                "date": f"{year}-07-15",
                "time": "10:00",
                "place": "Example: Committee room 1",
                "status": "planned",
            }
        ],
        "meeting-actions": [
            {
                "body": board,
                "date": f"{year}-07-15",
                "time": "10:00",
                "text": "Example: Report the delays in discharge to the next meeting.",
                "owner_name": "Example: Head of Reablement",
                "due": f"{year}-09-30",
                "status": "open",
                "measure": "EX-01",
                "key_project": "EX-KA-01",
            }
        ],
        "risk-registers": [
            {
                "code": "EX-ASC",
                "kind": "directorate",
                "title": "Example: Adult Social Care risk register",
                "unit": "EX-ASC",
            }
        ],
        # A risk, its controls and its reviews name people by username: there is no example
        # of them that every council could import.
        "risks": [],
        "risk-controls": [],
        "risk-actions": [],
        "risk-reviews": [],
        "scorecard": [
            {
                "scorecard": "Example: Healthy, independent lives",
                "measure_no": "1",
                "title": "Example: Delayed transfers of care (per day)",
                "good_is": "lower",
                "period": quarter,
                "target": "2.4",
                "actual": "1.7",
            }
        ],
    }
    return examples[kind]


def _sheet_help(kind: Kind) -> list[list[str]]:
    rows = [[f"{kind.name}: {kind.label}", "", kind.description]]
    rows += [
        [column.name, "required" if column.required else "", column.help] for column in kind.columns
    ]
    return rows


README = [
    "Yardstick starter workbook",
    "",
    "Fill in the sheets you need, then import the whole workbook on Import and export "
    "(choose 'Workbook') or with `yardstick import workbook FILE`.",
    "",
    "1. Each sheet is one kind of record, named after it. They are imported in the order "
    "they are in here (units first, scorecard last), so each can name records of the sheets "
    "before it. Leave a sheet you do not need as it is, or delete it.",
    "2. The first row of each sheet names its columns. Keep it. Each heading has a note "
    "saying what to write; the same is listed below. Columns you do not need can be deleted "
    "(a column left out leaves that field as it is), but not renamed.",
    "3. The grey example rows show the format. An example row left exactly as it is is "
    "never imported, so you can keep them, change them into your own or delete them.",
    "4. Type cells as the reports print them: 86.2%, 01:30, 2026-27 Q1. The columns are "
    "formatted as text, so Excel keeps what you type.",
    "5. The import is all or nothing: if any row has a problem, nothing is imported and "
    "you see every problem with its sheet, row and column. Importing the same workbook "
    "again changes nothing. Imports never delete.",
    "6. People are named by username: add them (in the administration) before naming them "
    "here, or leave those columns blank for now.",
    "7. The scorecard sheet is another way in: a year's corporate scorecards as a report "
    "prints them, one row per measure and period, building the plan, themes, measures, "
    "targets and figures itself. Use it, or the plans to figures sheets, for a scorecard.",
    "",
    "The columns of each sheet:",
]


def starter_workbook(today: date, start_month: int = 4) -> bytes:
    """The starter workbook as the bytes of an .xlsx file, its examples in the financial
    year holding `today`."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    year = financial_year(today, start_month)
    workbook = Workbook()
    readme = workbook.active
    readme.title = README_TITLE
    for line in README:
        readme.append([line])
    readme["A1"].font = Font(bold=True, size=14)
    for kind in FRAMEWORK_ORDER:
        readme.append([])
        start = readme.max_row + 1
        for row in _sheet_help(kind):
            readme.append(row)
        readme.cell(start, 1).font = Font(bold=True)
    readme.column_dimensions["A"].width = 28
    readme.column_dimensions["B"].width = 10
    readme.column_dimensions["C"].width = 100
    for line in readme.iter_rows():
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    heading = PatternFill("solid", fgColor="DDDDDD")
    example_font = Font(italic=True, color="505A5F")
    example_fill = PatternFill("solid", fgColor="F3F2F1")
    for kind in FRAMEWORK_ORDER:
        sheet = workbook.create_sheet(kind.name)
        sheet.append(kind.column_names)
        for index, column in enumerate(kind.columns, start=1):
            cell = sheet.cell(1, index)
            cell.font = Font(bold=column.required)
            cell.fill = heading
            note = ("Required. " if column.required else "Optional. ") + column.help
            cell.comment = Comment(note, "Yardstick", width=300, height=120)
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(12, min(40, len(column.name) + 4))
            sheet.column_dimensions[letter].number_format = "@"  # typed cells stay text
        examples = example_rows(kind.name, year, start_month)
        for example in examples:
            sheet.append([example.get(name, "") for name in kind.column_names])
            for cell in sheet[sheet.max_row]:
                cell.font = example_font
                cell.fill = example_fill
        for line in sheet.iter_rows():
            for cell in line:
                if cell.value is not None:
                    cell.data_type = TYPE_STRING
                    cell.number_format = "@"
        if examples:  # a kind naming people by username has none
            sheet.cell(2, 1).comment = Comment(
                "The grey rows are examples. Left exactly as they are, they are not imported: "
                "keep them, change them into your own, or delete them.",
                "Yardstick",
                width=300,
                height=90,
            )
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def starter_filename(today: date, start_month: int = 4) -> str:
    year = financial_year(today, start_month)
    return f"yardstick-starter-workbook-{year_label(year, start_month, separator='-')}.xlsx"
