"""The tracker as a Word document that reads like the seed's: 'Appendix 1', the title, then
one table, Recommendation | Response | Update on action, its header row repeated on every page,
a shaded heading row per group, each recommendation's source meeting a superscript number and
the notes after the table; A4 landscape. And the review's cover report, A4 portrait, in the
seed's sections. Drawn with the Strategic Performance Report's Word helpers."""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Pt

from yardstick.core.cells import writable
from yardstick.reports.renderers.docx import (
    HEADER_FILL,
    MUTED,
    add_blocks,
    body_row,
    header_row,
    landscape,
    new_table,
    set_widths,
    setup,
)
from yardstick.reports.renderers.wordml import shade
from yardstick.scrutiny.cover import CoverReport
from yardstick.scrutiny.tracker import NO_RESPONSE, NO_UPDATE, Tracker, TrackerRow

WIDTHS = [9.0, 8.5, 9.2]  # 26.7 cm between landscape margins
SIZE = 9


class _Titled:
    """What the report's `setup` reads of a report: a title and an organisation."""

    def __init__(self, title: str, organisation_name: str) -> None:
        self.title = title
        self.organisation_name = organisation_name


def _paragraph(cell, text: str = "", *, bold=False, italic=False, muted=False, first=False):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(3)
    if text:
        run = paragraph.add_run(writable(text))
        run.font.size = Pt(SIZE)
        run.bold = bold
        run.italic = italic
        if muted:
            run.font.color.rgb = MUTED
    return paragraph


def _recommendation(cell, row: TrackerRow) -> None:
    first = True
    if row.lead_in:
        _paragraph(cell, row.lead_in, italic=True, first=True)
        first = False
    paragraph = _paragraph(cell, first=first)
    number = paragraph.add_run(f"{row.number}. ")
    number.bold = True
    number.font.size = Pt(SIZE)
    paragraph.add_run(writable(row.text)).font.size = Pt(SIZE)
    if row.note:
        note = paragraph.add_run(str(row.note))
        note.font.superscript = True
        note.font.size = Pt(SIZE)
    if row.officer:
        _paragraph(cell, f"Responsible officer: {row.officer}", muted=True)


def _response(cell, row: TrackerRow) -> None:
    if not row.response:
        _paragraph(cell, NO_RESPONSE, muted=True, first=True)
        return
    first = True
    if row.response_text:
        for line in row.response_text.splitlines():
            if line.strip():
                _paragraph(cell, line.strip(), first=first)
                first = False
    _paragraph(cell, row.response_line, bold=True, first=first)


def _update(cell, row: TrackerRow) -> None:
    first = True
    for update in row.updates:
        paragraph = _paragraph(cell, update.text, first=first)
        first = False
        when = f" ({update.dated:%-d %B %Y}{', ' + update.by if update.by else ''})"
        run = paragraph.add_run(writable(when))
        run.font.size = Pt(SIZE - 1)
        run.font.color.rgb = MUTED
    if not row.updates:
        _paragraph(cell, NO_UPDATE, muted=True, first=True)
    if row.follow_up:
        _paragraph(cell, f"• {row.follow_up}", bold=True)
    status = row.status_line
    if row.evidence and not row.is_live:
        status += f". Evidence: {row.evidence}"
    _paragraph(cell, status, muted=True)


def render(tracker: Tracker) -> bytes:
    document = Document()
    setup(document, _Titled(tracker.title, tracker.organisation_name))
    landscape(document.sections[0])
    document.add_paragraph("Appendix 1")
    document.add_heading(writable(tracker.title), level=1)
    context = f"{tracker.organisation_name}. {tracker.body_name}."
    if tracker.showing:
        context += f" {tracker.showing}."
    document.add_paragraph(writable(context))
    table = new_table(
        document,
        3,
        "Recommendations, responses and updates on action",
        "One row per recommendation, grouped by directorate and by level: the recommendation, "
        "the executive's response and the updates on action.",
        size=SIZE,
    )
    header_row(table, ["Recommendation", "Response", "Update on Action"])
    for group in tracker.groups:
        heading = body_row(table)
        merged = heading.cells[0].merge(heading.cells[2])
        _paragraph(merged, group.title, bold=True, first=True)
        shade(merged, HEADER_FILL)
        for row in group.rows:
            line = body_row(table)
            _recommendation(line.cells[0], row)
            _response(line.cells[1], row)
            _update(line.cells[2], row)
    set_widths(table, WIDTHS)
    if not tracker.groups:
        document.add_paragraph("No recommendation matches these filters.")
    for note in tracker.notes:
        paragraph = document.add_paragraph()
        mark = paragraph.add_run(str(note.number))
        mark.font.superscript = True
        paragraph.add_run(writable(f" {note.text}")).font.size = Pt(8)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_cover(cover: CoverReport) -> bytes:
    document = Document()
    setup(document, _Titled(cover.title, cover.organisation_name))
    document.add_heading(writable(cover.title), level=1)
    document.add_paragraph(writable(f"{cover.organisation_name}. To {cover.body_name}."))
    for section in cover.sections:
        document.add_heading(writable(f"Section {section.number} – {section.title}"), level=2)
        add_blocks(document, list(section.blocks))
        if section.number == 1 and cover.decisions_sought:
            document.add_paragraph().add_run("Recommendations:").bold = True
            document.add_paragraph(writable(f"That the {cover.body_name}:"))
            for line in cover.decisions_sought:
                document.add_paragraph(writable(line), style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
