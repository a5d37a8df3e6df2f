"""A risk register as Word, PDF and Excel, drawn with the Strategic Performance Report's
helpers (`renderers.docx`, `renderers.xlsx`, its stylesheets and print CSS): one register
object built from `risks.queries` (the risks above appetite first, the heat map), and one
renderer per format with the same signature. The register page (`risks:register`) links
here; the rows, scores and bands are those the page shows."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from importlib import import_module

from django.template.loader import render_to_string
from docx import Document
from docx.enum.section import WD_SECTION
from openpyxl import Workbook

from yardstick.core import palette
from yardstick.reports.renderers import docx as word
from yardstick.reports.renderers import xlsx as excel
from yardstick.reports.renderers.html import stylesheets
from yardstick.risks import queries, services
from yardstick.risks.models import Register
from yardstick.risks.queries import score_text

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
HEADERS = [
    "Ref",
    "Risk",
    "Owner",
    "Inherent",
    "Current",
    "Target",
    "Appetite",
    "Since last review",
    "Review by",
]


@dataclass(frozen=True)
class RegisterDocument:
    register: Register
    organisation_name: str
    as_of: date
    rows: list
    heat_map: queries.HeatMap

    @property
    def title(self) -> str:
        """The register's title, saying it is a risk register if it does not."""
        title = self.register.title
        return title if "register" in title.lower() else f"{title}: risk register"

    @property
    def above(self) -> int:
        return sum(row.above_appetite for row in self.rows)

    @property
    def filename(self) -> str:
        return f"risk-register-{self.register.code.lower()}-{self.as_of:%Y-%m-%d}"


def build(register: Register, as_of: date) -> RegisterDocument:
    scale = services.scale_of(register.organisation_id)
    rows = queries.register_rows(register, scale, as_of)
    return RegisterDocument(
        register, register.organisation.name, as_of, rows, queries.heat_map(rows, scale)
    )


def swatch_of(scored) -> palette.Swatch:
    return palette.band_swatch(scored.band.colour if scored else None)


def row_texts(row) -> list[str]:
    risk = row.risk
    title = risk.title
    if risk.escalated_from_id:
        title += (
            f" (escalated from {risk.escalated_from.register.title}, "
            f"{risk.escalated_from.reference})"
        )
    for higher in row.escalated_to:
        title += f" (escalated to {higher.register.title}, {higher.reference})"
    return [
        risk.reference,
        title,
        risk.owner.get_full_name() or risk.owner.username,
        score_text(row.inherent),
        score_text(row.current),
        score_text(row.target),
        f"{row.appetite}" + (" Above appetite" if row.above_appetite else ""),
        f"{row.direction_symbol} {row.direction_text}".strip(),
        f"{risk.review_date:%-d %b %Y}" + (" Overdue" if row.review_overdue else ""),
    ]


def cell_text(cell) -> str:
    text = f"{cell.count}: {cell.score} {cell.band.name}"
    return text + (" ▲" if cell.above_appetite else "")


# --- HTML and PDF -------------------------------------------------------------------------


def render_html(document: RegisterDocument, *, for_print: bool = False) -> str:
    return render_to_string(
        "reports/risk_register_document.html",
        {
            "document": document,
            "register": document.register,
            "rows": document.rows,
            "heat_map": document.heat_map,
            "stylesheets": stylesheets(),
            "for_print": for_print,
        },
    )


def render_pdf(document: RegisterDocument) -> bytes:
    pdf = import_module("yardstick.reports.renderers.pdf")  # WeasyPrint loads only when asked
    return pdf.pdf_of(render_html(document, for_print=True))


# --- Word ---------------------------------------------------------------------------------


def render_docx(document: RegisterDocument) -> bytes:
    doc = Document()
    word.setup(doc, document)
    doc.core_properties.subject = f"Risk register of {document.register.scope_label}"
    doc.core_properties.keywords = "risk register; heat map"
    doc.add_heading(document.title, level=0)
    doc.add_paragraph(
        f"{document.register.get_kind_display()} register of {document.register.scope_label}, "
        f"as at {document.as_of:%-d %B %Y}: {len(document.rows)} open risks, "
        f"{document.above} above appetite."
    )
    doc.add_heading("Heat map", level=1)
    heat = document.heat_map
    table = word.new_table(
        doc,
        len(heat.impacts) + 1,
        "Heat map",
        "Open risks by current likelihood (rows, the most likely first) and impact "
        "(columns): each cell gives the number of risks, the score and its band; ▲ marks "
        "scores above the appetite.",
    )
    word.header_row(table, ["Likelihood \\ Impact"] + [f"{n} {label}" for n, label in heat.impacts])
    for level, label, cells in heat.rows:
        row = word.body_row(table)
        word.write(row.cells[0], f"{level} {label}", bold=True, size=9)
        for target, cell in zip(row.cells[1:], cells, strict=True):
            word.write(
                target, cell_text(cell), size=9, swatch=palette.band_swatch(cell.band.colour)
            )
    key = doc.add_paragraph()
    key.add_run("Bands: ").bold = True
    key.add_run(
        "; ".join(f"{band.name} {band.lowest}–{highest}" for band, highest, _ in heat.key)
        + f". Appetite: {heat.scale.appetite}."
    )
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    word.landscape(section)
    doc.add_heading("Risks, above appetite first", level=1)
    if not document.rows:
        doc.add_paragraph("No open risks on this register.")
    else:
        table = word.new_table(
            doc,
            len(HEADERS),
            "Risks",
            "One row per open risk, above appetite first: its reference, title, owner, "
            "inherent, current and target scores with their bands, appetite, direction "
            "since the last review and review date.",
        )
        word.header_row(table, HEADERS)
        for line in document.rows:
            row = word.body_row(table)
            texts = row_texts(line)
            for index, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
                scored = {3: line.inherent, 4: line.current, 5: line.target}.get(index)
                word.write(
                    cell, text, size=8, swatch=swatch_of(scored) if index in (3, 4, 5) else None
                )
        word.set_widths(table, [1.6, 7.4, 3.0, 2.4, 2.4, 2.4, 2.0, 2.5, 2.5])
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- Excel --------------------------------------------------------------------------------


def render_xlsx(document: RegisterDocument) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Risks"
    excel.heading(
        sheet,
        document.title,
        f"{document.register.scope_label}, as at {document.as_of:%-d %B %Y}: above appetite first.",
    )
    rows = []
    for line in document.rows:
        texts = row_texts(line)
        rows.append(
            [
                *texts[:3],
                line.inherent.score if line.inherent else "",
                line.current.score if line.current else "",
                line.current.band.name if line.current else "Off the scale",
                line.target.score if line.target else "",
                line.appetite,
                "Yes" if line.above_appetite else "No",
                line.direction_text,
                line.risk.review_date,
            ]
        )
    headers = [
        "Ref",
        "Risk",
        "Owner",
        "Inherent score",
        "Current score",
        "Current band",
        "Target score",
        "Appetite",
        "Above appetite",
        "Since last review",
        "Review by",
    ]
    excel.table(sheet, headers, rows, [10, 50, 20, 10, 10, 12, 10, 10, 10, 18, 12])
    for offset, line in enumerate(document.rows, start=1):
        if line.current:
            excel.coloured(
                sheet.cell(row=excel.HEADER_ROW + offset, column=6), swatch_of(line.current)
            )
        sheet.cell(row=excel.HEADER_ROW + offset, column=11).number_format = "d mmm yyyy"
    heat = book.create_sheet("Heat map")
    excel.heading(heat, "Heat map", "Open risks by current likelihood and impact.")
    table_rows = [
        [f"{level} {label}"] + [cell_text(cell) for cell in cells]
        for level, label, cells in document.heat_map.rows
    ]
    excel.table(
        heat,
        ["Likelihood \\ Impact"] + [f"{n} {label}" for n, label in document.heat_map.impacts],
        table_rows,
        [20] + [16] * len(document.heat_map.impacts),
    )
    for offset, (_, _, cells) in enumerate(document.heat_map.rows, start=1):
        for column, cell in enumerate(cells, start=2):
            excel.coloured(
                heat.cell(row=excel.HEADER_ROW + offset, column=column),
                palette.band_swatch(cell.band.colour),
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


RENDERERS = {"docx": render_docx, "pdf": render_pdf, "xlsx": render_xlsx}
