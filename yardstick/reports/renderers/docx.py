"""The report as a Word document (python-docx).

Real headings (so Word's navigation pane and screen readers see the structure), real tables
with their header rows repeated on every page and a caption and description each, ratings
shaded by band and always written out ('★ HG High Green'), the key, the notes, and how each
rating was worked out. Narrative pages are A4 portrait; each scorecard is on A4 landscape.
The document's language is en-GB and its title is set in its properties. Text a Word file
cannot hold (a control character in pasted commentary) is left out (`core.cells.writable`).
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from yardstick.core import palette
from yardstick.core.cells import writable
from yardstick.reports.renderers import common
from yardstick.reports.renderers.html import glance, glance_bands, section_view
from yardstick.reports.renderers.wordml import (
    add_field,
    describe_table,
    keep_row_together,
    repeat_as_header,
    set_child,
    set_language,
    shade,
    shade_run,
    use_font,
)
from yardstick.reports.strategic import (
    MISSING_HEADERS,
    RISK_HEADERS,
    StrategicReport,
    ThemeSection,
)
from yardstick.scorecards.rows import Cell, ScorecardReport

LANGUAGE = "en-GB"
FONT = "Arial"
BLACK = RGBColor(0x0B, 0x0C, 0x0C)
MUTED = RGBColor(0x50, 0x5A, 0x5F)
HEADER_FILL = "F3F2F1"
A4_SHORT, A4_LONG = Cm(21.0), Cm(29.7)
PORTRAIT_MARGIN, LANDSCAPE_MARGIN = Cm(2.0), Cm(1.5)
# Scorecard columns on landscape A4 (26.7 cm between the margins).
SCORECARD_WIDTHS = [0.9, 4.6, 1.2] + [1.5, 1.7, 1.9] * 3 + [1.9, 2.8]


# The document.


def setup(document, report: StrategicReport) -> None:
    properties = document.core_properties
    properties.title = writable(report.title)
    properties.author = writable(report.organisation_name)
    properties.subject = writable(f"Strategic Performance Report of {report.organisation_name}")
    properties.language = LANGUAGE
    properties.keywords = "performance; scorecard; strategic performance report"
    properties.comments = "Produced by Yardstick."
    set_language(document, LANGUAGE)
    styles = document.styles
    normal = styles["Normal"]
    use_font(normal, FONT)
    normal.font.size = Pt(10)
    normal.font.color.rgb = BLACK
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 24), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        style = styles[name]
        use_font(style, FONT)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = BLACK
        style.paragraph_format.keep_with_next = True
    styles["Title"].paragraph_format.space_after = Pt(6)
    for border in styles["Title"].element.iter(qn("w:bottom")):
        border.set(qn("w:color"), "0B0C0C")  # the template's rule is blue
    use_font(styles["Caption"], FONT)
    use_font(styles["List Bullet"], FONT)
    styles["List Bullet"].font.size = Pt(10)
    styles["Caption"].font.size = Pt(9)
    styles["Caption"].font.bold = True
    styles["Caption"].font.italic = False
    styles["Caption"].font.color.rgb = BLACK
    for name in ("Header", "Footer"):
        use_font(styles[name], FONT)
        styles[name].font.size = Pt(8)
        styles[name].font.color.rgb = MUTED
    section = document.sections[0]
    portrait(section)
    section.header.paragraphs[0].text = writable(f"{report.title}, {report.organisation_name}")
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    add_field(footer, "PAGE")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES")


def portrait(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = A4_SHORT, A4_LONG
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, PORTRAIT_MARGIN)


def landscape(section) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = A4_LONG, A4_SHORT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, LANDSCAPE_MARGIN)


def write(cell, text: str, *, bold: bool = False, size: float | None = None, swatch=None):
    """Replace the cell's text; a swatch shades the cell and colours the text."""
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(writable(text))
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if swatch is not None:
        shade(cell, swatch.fill_hex)
        run.font.color.rgb = RGBColor.from_string(swatch.text_hex)
    return run


def new_table(document, columns: int, caption: str, description: str, size: float = 9):
    document.add_paragraph(writable(caption), style="Caption")
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    describe_table(table, caption, description)
    table._yardstick_size = size
    return table


def header_row(table, labels: list[str]):
    row = table.add_row()
    repeat_as_header(row)
    for cell, label in zip(row.cells, labels, strict=True):
        write(cell, label, bold=True, size=table._yardstick_size)
        shade(cell, HEADER_FILL)
    return row


def body_row(table):
    row = table.add_row()
    keep_row_together(row)
    return row


def set_widths(table, widths_cm: list[float]) -> None:
    """Fixed column widths: the grid (which LibreOffice reads) and every cell (which Word
    reads)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)
    set_child(table._tbl.tblPr, "w:tblLayout", type="fixed")
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def add_blocks(document, blocks: list[common.Block], empty: str = "") -> None:
    for block in blocks:
        if block.is_list:
            for item in block.items:
                document.add_paragraph(writable(item), style="List Bullet")
        else:
            document.add_paragraph(writable(block.items[0]))
    if not blocks and empty:
        paragraph = document.add_paragraph()
        paragraph.add_run(empty).font.color.rgb = MUTED


def add_runs(paragraph, runs) -> None:
    """A noted item: its text, and each footnote's number in superscript."""
    for run in runs:
        paragraph.add_run(writable(run.text))
        if run.note:
            paragraph.add_run(str(run.note.number)).font.superscript = True


def add_noted(document, blocks, empty: str = "") -> None:
    for block in blocks:
        for item in block.items:
            add_runs(document.add_paragraph(style="List Bullet" if block.is_list else None), item)
    if not blocks and empty:
        document.add_paragraph().add_run(empty).font.color.rgb = MUTED


def add_front(document, report: StrategicReport, front: common.FrontMatter) -> None:
    """The introduction and the summary of achievements across the themes, with the notes
    explaining the abbreviations they use (python-docx writes no Word footnotes: the notes
    follow the summary, numbered as the text's superscripts)."""
    draft = not report.period.is_published
    if front.introduction or draft:
        document.add_heading("Introduction", level=1)
        add_noted(document, front.introduction, common.NO_INTRODUCTION)
    if front.has_achievements or draft:
        document.add_heading(f"Summary of achievements at {report.period.label}", level=1)
        add_noted(document, front.summary)
        for theme in front.themes:
            if theme.blocks or draft:
                document.add_heading(writable(theme.title), level=2)
                add_noted(document, theme.blocks, common.NO_ACHIEVEMENTS)
    if front.notes:
        document.add_heading("Notes", level=3)
        for note in front.notes:
            paragraph = document.add_paragraph()
            paragraph.add_run(str(note.number)).font.superscript = True
            paragraph.add_run(writable(f" {note.term}: {note.meaning}"))
            paragraph.runs[1].font.size = Pt(8)


def add_glossary(document, front: common.FrontMatter) -> None:
    if not front.glossary:
        return
    document.add_heading("Glossary of abbreviations", level=1)
    for note in front.glossary:
        paragraph = document.add_paragraph()
        paragraph.add_run(writable(note.term)).bold = True
        paragraph.add_run(writable(f": {note.meaning}"))


def add_rating_run(paragraph, cell: Cell) -> None:
    """'★ HG High Green' in the band's colours, or 'Not rated'."""
    run = paragraph.add_run(f" {common.shaped_rating_text(cell)} ")
    run.bold = True
    if cell.band:
        swatch = palette.band_swatch(cell.band)
        shade_run(run, swatch.fill_hex)
        run.font.color.rgb = RGBColor.from_string(swatch.text_hex)


def add_key(document, report: StrategicReport, *, reasons_at_end: bool = True) -> None:
    document.add_heading("Key to ratings", level=1)
    table = new_table(
        document, 2, "Key to ratings", "What each rating means: the rating and its meaning."
    )
    header_row(table, ["Rating", "Meaning"])
    for band, meaning in report.key:
        row = body_row(table)
        write(
            row.cells[0],
            f"{band.shape} {band.value} {band.label}",
            bold=True,
            swatch=palette.band_swatch(band),
        )
        write(row.cells[1], meaning)
    row = body_row(table)
    write(row.cells[0], common.NOT_RATED, bold=True, swatch=palette.NOT_RATED)
    write(
        row.cells[1],
        "No target, a baseline year, a contextual measure or no figure"
        + ("; the reason is given at the end of this document" if reasons_at_end else ""),
    )
    set_widths(table, [4.5, 12.5])
    document.add_paragraph(common.KEY_NOTES)


def add_glance(document, report: StrategicReport, views) -> None:
    bands = glance_bands(report)
    document.add_heading("At a glance", level=1)
    labels = ["Theme"] + [f"{band.shape} {band.value}" for band in bands]
    labels += ["Not rated", "▲ Improved", "▼ Deteriorated"]
    table = new_table(
        document,
        len(labels),
        f"Number of measures in each rating and trend, {report.period.label}, by theme",
        "One row per theme: the number of measures rated "
        + ", ".join(f"{band.value} {band.label}" for band in bands)
        + ", not rated, improved and deteriorated.",
    )
    row = header_row(table, labels)
    for cell, band in zip(row.cells[1 : 1 + len(bands)], bands, strict=True):
        shade(cell, palette.band_swatch(band).fill_hex)
        cell.paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string(
            palette.band_swatch(band).text_hex
        )
    for line in glance(report, bands, views):
        row = body_row(table)
        write(row.cells[0], line.title)
        values = [*line.counts, line.not_rated, line.improved, line.deteriorated]
        for cell, value in zip(row.cells[1:], values, strict=True):
            write(cell, str(value))
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_widths(table, [5.0] + [12.0 / (len(labels) - 1)] * (len(labels) - 1))


def add_actions(document, section: ThemeSection) -> None:
    document.add_heading("Key projects and initiatives", level=2)
    if not section.actions:
        add_blocks(document, [], common.NO_ACTIONS)
        return
    table = new_table(
        document,
        3,
        f"Key projects and initiatives: {section.theme.title}",
        "One row per action: the action, progress this period and its status.",
    )
    header_row(table, ["Action", "Progress", "Status"])
    for action in section.actions:
        row = body_row(table)
        write(row.cells[0], action.title, size=9)
        write(row.cells[1], action.progress or "No update this period.", size=9)
        write(
            row.cells[2],
            action.status_label,
            bold=True,
            swatch=palette.status_swatch(action.status),
        )
    set_widths(table, [5.5, 9.0, 2.5])


def add_challenges(document, section: ThemeSection, period) -> None:
    document.add_heading("Summary of key challenges", level=2)
    if not section.challenges:
        document.add_paragraph(common.NO_CHALLENGES)
    missing = common.missing_commentary(period)
    for challenge in section.challenges:
        document.add_heading(writable(challenge.title), level=3)
        facts = document.add_paragraph()
        add_rating_run(facts, challenge.current)
        facts.add_run(writable(f" {common.challenge_facts(challenge)}"))
        if challenge.commentary.strip():
            add_blocks(document, common.blocks(challenge.commentary))
        elif missing:
            document.add_paragraph().add_run(missing).bold = True
        if challenge.proposed_action:
            document.add_paragraph().add_run("What we are doing:").bold = True
            add_blocks(document, common.blocks(challenge.proposed_action))


def add_scorecard(document, section: ThemeSection, scorecard: ScorecardReport, key) -> None:
    document.add_heading(writable(f"Scorecard: {section.theme.title}"), level=2)
    if scorecard.is_tracker:
        add_tracker(document, scorecard)
        add_legend(document, key)
        return
    labels = [scorecard.last_year_label, scorecard.previous_label, scorecard.period.label]
    size = 7.5
    caption = (
        f"{scorecard.scorecard.title}: targets, actuals and ratings for {scorecard.period.label}"
        f", {scorecard.previous_label} and {scorecard.last_year_label}, with the trend"
    )
    table = new_table(
        document,
        len(SCORECARD_WIDTHS),
        caption,
        "One row per measure: its number, title and polarity; target, actual and rating for "
        "each period; the trend; and notes. Two header rows: the periods, then target, actual "
        "and rating under each.",
        size=size,
    )
    first = header_row(table, ["No.", "Measure", "Good is"] + [""] * 9 + ["Trend", "Notes"])
    second = header_row(table, ["", "", ""] + ["Target", "Actual", "Rating"] * 3 + ["", ""])
    for index, label in enumerate(labels):
        start = 3 + index * 3
        merged = first.cells[start].merge(first.cells[start + 2])
        merged.text = ""
        write(merged, label or "No period", bold=True, size=size)
        merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for column in (0, 1, 2, 12, 13):
        merged = first.cells[column].merge(second.cells[column])
        text = merged.text.strip()
        for paragraph in merged.paragraphs[1:]:
            paragraph._p.getparent().remove(paragraph._p)
        merged.paragraphs[0].text = ""
        write(merged, text, bold=True, size=size)
    for line in scorecard.rows:
        row = body_row(table)
        cells = row.cells
        write(cells[0], line.number or line.code, size=size)
        write(cells[1], line.title, size=size)
        write(cells[2], line.good_is, size=size)
        for index, cell in enumerate(common.cells(line)):
            start = 3 + index * 3
            write(cells[start], cell.target, size=size)
            write(cells[start + 1], cell.actual, size=size)
            for column in (start, start + 1):
                cells[column].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            add_rating(cells[start + 2], cell, size)
        write(cells[12], common.trend_text(line), size=size)
        write(cells[13], "; ".join(common.row_notes(line)), size=size)
    set_widths(table, SCORECARD_WIDTHS)
    if not scorecard.rows:
        document.add_paragraph(f"There are no measures on this scorecard for {labels[2]}.")
    add_extra_columns(document, scorecard, size)
    if scorecard.footnotes:
        document.add_heading("Notes", level=3)
        for note in scorecard.footnotes:
            document.add_paragraph(writable(note), style="List Bullet")
    add_legend(document, key)


def add_extra_columns(document, scorecard: ScorecardReport, size: float) -> None:
    """The scorecard's optional columns (SPC, benchmarking) as a table of their own under
    it: a Word page has no room for them beside the fourteen it has."""
    extra = common.extra_columns(scorecard)
    if not extra or not scorecard.rows:
        return
    table = new_table(
        document,
        2 + len(extra),
        f"{scorecard.scorecard.title}, {scorecard.period.label}: "
        + ", ".join(column.header for column in extra),
        "One row per measure, as in the scorecard above: its number and title, then "
        + ", ".join(column.header for column in extra)
        + ".",
        size=size,
    )
    header_row(table, ["No.", "Measure", *(column.header for column in extra)])
    for line in scorecard.rows:
        cells = body_row(table).cells
        write(cells[0], line.number or line.code, size=size)
        write(cells[1], line.title, size=size)
        for index, column in enumerate(extra, start=2):
            write(cells[index], column.value(line), size=size)


def add_rating(cell, rated, size: float) -> None:
    """A rating cell: the band's shape, code and label on its colour, or why it has none."""
    if rated.band:
        write(
            cell,
            f"{rated.shape} {rated.band_code} {rated.band_label}",
            bold=True,
            size=size,
            swatch=palette.band_swatch(rated.band),
        )
    else:
        write(cell, common.rating_text(rated), size=size).font.color.rgb = MUTED
    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def add_tracker(document, scorecard: ScorecardReport) -> None:
    """A scorecard laid out as a monthly tracker: each measure's figure in each month, the
    rating and trend of the period, then the narrative (as _scorecard_table.html draws it)."""
    size = 7.5
    months = list(scorecard.months)
    period = scorecard.period.label
    table = new_table(
        document,
        3 + len(months) + 2,
        f"{scorecard.scorecard.title}, {period}: the figures of {months[0]} to {months[-1]}, "
        f"and the {period} rating and trend",
        "One row per measure: its number, title and polarity; its figure in each month; the "
        "rating and the trend of the period.",
        size=size,
    )
    header_row(table, ["No.", "Measure", "Good is", *months, f"{period} rating", "Trend"])
    for line in scorecard.rows:
        cells = body_row(table).cells
        write(cells[0], line.number or line.code, size=size)
        write(cells[1], line.title, size=size)
        write(cells[2], line.good_is, size=size)
        for index, month in enumerate(line.months, start=3):
            write(cells[index], month.actual, size=size)
            cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        add_rating(cells[3 + len(months)], line.current, size)
        write(cells[4 + len(months)], common.trend_text(line), size=size)
    month_width = min(2.4, 14.0 / max(len(months), 1))
    set_widths(table, [1.4, 6.0, 1.6] + [month_width] * len(months) + [3.0, 2.4])
    if not scorecard.rows:
        document.add_paragraph(f"There are no measures on this scorecard for {period}.")
    if scorecard.footnotes:
        document.add_heading("Notes", level=3)
        for note in scorecard.footnotes:
            document.add_paragraph(writable(note), style="List Bullet")
    if scorecard.narrative:
        document.add_heading("What the figures say", level=3)
        for line in scorecard.narrative:
            paragraph = document.add_paragraph()
            paragraph.add_run(writable(f"{line.title}: ")).bold = True
            paragraph.add_run(writable(line.commentary))


def add_legend(document, key) -> None:
    legend = document.add_paragraph()
    legend.add_run("Key: ").bold = True
    for band, meaning in key:
        swatch = palette.band_swatch(band)
        run = legend.add_run(f" {band.shape} {band.value} ")
        run.bold = True
        shade_run(run, swatch.fill_hex)
        run.font.color.rgb = RGBColor.from_string(swatch.text_hex)
        legend.add_run(f" {band.label}: {meaning.lower()}; ")
    legend.add_run(common.KEY_NOTES)
    for run in legend.runs:
        run.font.size = Pt(7.5)


def add_appendix(document, report: StrategicReport) -> None:
    document.add_heading("How the ratings were worked out", level=1)
    document.add_paragraph(
        f"Each rating of {report.period.label} with the rule and the numbers that produced "
        "it, and the trend with what it was compared with."
    )
    for section in report.sections:
        if not section.scorecard or not section.scorecard.rows:
            continue
        table = new_table(
            document,
            4,
            f"How the ratings were worked out: {section.theme.title}",
            "One row per measure: the measure, its rating, why, and the trend with its reason.",
            size=8,
        )
        header_row(table, ["Measure", "Rating", "Why", "Trend"])
        for line in section.scorecard.rows:
            row = body_row(table)
            write(
                row.cells[0], f"{line.number}. {line.title}" if line.number else line.title, size=8
            )
            swatch = palette.band_swatch(line.current.band) if line.current.band else None
            write(
                row.cells[1],
                common.shaped_rating_text(line.current),
                bold=True,
                size=8,
                swatch=swatch,
            )
            write(row.cells[2], line.current.reason, size=8)
            write(row.cells[3], line.trend_reason, size=8)
        set_widths(table, [6.5, 3.5, 9.0, 7.7])


def add_risks(document, report: StrategicReport) -> None:
    """The risk registers chosen for the report, each a table, above appetite first; the
    current score's cell in its band's colours, its band and score in words."""
    document.add_heading("Risks", level=1)
    document.add_paragraph(
        "The risk registers chosen for this report, as they stand: scores are likelihood × "
        "impact on the council's scale; a risk above appetite says so."
    )
    for section in report.risks:
        document.add_heading(writable(section.title), level=2)
        document.add_paragraph(writable(section.describe))
        if not section.rows:
            continue
        table = new_table(document, len(RISK_HEADERS), section.title, section.describe, size=8)
        header_row(table, RISK_HEADERS)
        for risk_row in section.rows:
            row = body_row(table)
            for column, (cell, text) in enumerate(
                zip(row.cells, section.cells(risk_row), strict=True)
            ):
                swatch = None
                if column == 3:
                    colour = risk_row.current.band.colour if risk_row.current else None
                    swatch = palette.band_swatch(colour)
                write(cell, text, size=8, bold=column == 0, swatch=swatch)
        set_widths(table, [1.8, 6.5, 3.0, 3.2, 3.2, 2.4, 3.0])


def add_missing(document, report: StrategicReport) -> None:
    """The measures with no figure for the coming board (the partnership report's data
    quality section)."""
    document.add_heading("Missing data for the coming board", level=1)
    if not report.missing:
        document.add_paragraph(
            f"Every measure of this scorecard has a figure for {report.period.label}."
        )
        return
    document.add_paragraph(
        f"The measures of this scorecard with no figure for {report.period.label}: why, "
        "whose, and when it was due."
    )
    table = new_table(
        document,
        len(MISSING_HEADERS),
        f"Measures with no figure for {report.period.label}",
        "One row per measure: its code and title, its owner, why there is no figure and "
        "when it was due.",
        size=8,
    )
    header_row(table, MISSING_HEADERS)
    for line in report.missing:
        row = body_row(table)
        for cell, text in zip(row.cells, line.cells, strict=True):
            write(cell, text, size=8)
    set_widths(table, [1.8, 5.5, 3.0, 4.5, 2.2])


def render(report: StrategicReport) -> bytes:
    document = Document()
    setup(document, report)
    document.core_properties.subject = writable(
        f"{report.kind_label} of {report.organisation_name}"
    )
    if not report.period.is_published:  # every page of a draft says so (sections share it)
        header = document.sections[0].header.paragraphs[0]
        draft = header.add_run(writable(f"   {common.draft_notice(report.period.label)}"))
        draft.bold = True
        draft.font.color.rgb = RGBColor.from_string("942514")
    document.add_heading(writable(report.title), level=0)
    meta = document.add_paragraph()
    meta.add_run(
        writable(
            f"{report.organisation_name}. {report.period.start:%-d %B %Y} to "
            f"{report.period.end:%-d %B %Y}."
        )
    ).font.color.rgb = MUTED
    period = report.period
    if period.is_published:
        when = f" on {period.published_at:%-d %B %Y}" if period.published_at else ""
        document.add_paragraph(
            f"Published{when}: the ratings are those reported when the period was published."
        )
    else:
        notice = document.add_paragraph()
        notice.add_run("Draft. ").bold = True
        notice.add_run(
            f"{period.label} is open: figures and ratings may change until it is published."
        )
    if report.is_scorecard:
        document.add_paragraph(
            "This document sets out the measures of the scorecard with their ratings and "
            f"trends for {period.label}, and the key challenges: {common.CHALLENGES_ARE}."
        )
    else:
        document.add_paragraph(
            f"This report sets out, for each strategic theme, the achievements of {period.label}, "
            "progress on the key projects and initiatives, the performance measures with their "
            f"ratings and trends, and a summary of the key challenges: {common.CHALLENGES_ARE}."
        )
    front = common.front_matter(report)
    if not report.is_scorecard:
        add_front(document, report, front)
    views = [section_view(section) for section in report.sections]
    add_glance(document, report, views)
    add_key(document, report, reasons_at_end=report.include_reasons)
    for section in report.sections:
        portrait(document.add_section(WD_SECTION.NEW_PAGE))
        document.add_heading(writable(section.theme.title), level=1)
        if not report.is_scorecard:
            add_actions(document, section)
        add_challenges(document, section, period)
        if section.scorecard:
            landscape(document.add_section(WD_SECTION.NEW_PAGE))
            add_scorecard(document, section, section.scorecard, report.key)
    if report.risks:
        landscape(document.add_section(WD_SECTION.NEW_PAGE))
        add_risks(document, report)
    if report.missing is not None:
        portrait(document.add_section(WD_SECTION.NEW_PAGE))
        add_missing(document, report)
    if front.glossary:
        portrait(document.add_section(WD_SECTION.NEW_PAGE))
        add_glossary(document, front)
    if report.include_reasons:
        landscape(document.add_section(WD_SECTION.NEW_PAGE))
        add_appendix(document, report)
    if not report.sections:
        document.add_paragraph("There are no themes with a scorecard for this period.")
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
