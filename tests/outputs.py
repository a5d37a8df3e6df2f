"""Read every output of Yardstick back, cell by cell, as a reader sees it.

Each reader takes what an output gives a person (a page's HTML, a PDF, a Word document, an
Excel workbook, a CSV file) and returns what it prints for each measure in each period as
`Printed`, keyed by (measure title, period label): the target and the figure as printed, the
band, the direction of travel and whether (and why) the rating is restated. A field an output
does not print is None, so a test compares only what the output says, and compares all of it.

The readers read the output, never the objects behind it: lxml for HTML, python-docx for Word,
openpyxl for Excel (a number is printed back through its number format, as Excel shows it),
`pdftotext -bbox-layout` (poppler-utils) for the PDF, whose words are grouped into the
scorecard table's columns by the positions of its column headings, and into rows by the line
each row's number starts on. `every_output` renders them all for one scorecard and period.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import tempfile
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import lxml.etree
import lxml.html
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from yardstick.core.ratings import BAND_ORDER

NO_COMPARISON = "No comparison"
RESTATED = "Restated after publishing: "
BAND_CODES = {band.value for band in BAND_ORDER}


@dataclass(frozen=True)
class Printed:
    """One measure in one period as an output prints it; None where the output does not say."""

    target: str | None = None
    actual: str | None = None
    band: str | None = None  # the band's code, '' for none ('Not rated' or an empty cell)
    trend: str | None = None  # '▼ Deteriorated', or 'No comparison'
    restated: bool | None = None
    restatement_reason: str | None = None


def expected(shown, **leave_out: bool) -> Printed:
    """What every output should print for `shown` (a `measures.shown.Shown`), less the fields
    named in `leave_out` (those the output does not print)."""
    printed = Printed(
        target=shown.target,
        actual=shown.actual,
        band=shown.band_code,
        trend=f"{shown.direction.symbol} {shown.direction.text}" if shown.trend else NO_COMPARISON,
        restated=shown.restated,
        restatement_reason=shown.restatement_reason,
    )
    return replace(printed, **{field: None for field, out in leave_out.items() if out})


def words(text: str) -> str:
    return " ".join(text.split())


def restatements(notes: str) -> dict[str, str]:
    """{period label: reason} from a notes text holding 'Restated after publishing: Q1
    2018/19 (reason); Q2 2018/19 (reason)'."""
    found = {}
    for note in notes.split("\n"):
        note = words(note)
        if RESTATED not in note:
            continue
        listed = note.split(RESTATED, 1)[1]
        for item in listed.split("; "):
            match = re.fullmatch(r"(.+?\d{4}(?:/\d{2})?)(?: \((.*)\))?", item.strip())
            if match:
                found[match.group(1)] = match.group(2) or ""
    return found


def band_of(rating: str) -> str:
    """The band's code in a rating as printed: '★ HG High Green' and 'HG High Green' are
    'HG'; 'Not rated' and '' are ''."""
    for token in rating.split():
        if token in BAND_CODES:
            return token
        if token.lstrip("★●◆▲■") in BAND_CODES:  # '■R' when the PDF runs shape and code together
            return token.lstrip("★●◆▲■")
    return ""


def trend_of(text: str) -> str:
    text = words(text)
    return text if text else NO_COMPARISON


# HTML


def _text(element) -> str:
    return words(element.text_content()) if element is not None else ""


def _first(element, xpath: str):
    found = element.xpath(xpath)
    return found[0] if found else None


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _html_band(cell) -> tuple[str, bool]:
    """The band code and the 'Restated' tag of a rating drawn by partials/_band.html."""
    code = _first(cell, f".//*[{_has_class('band-code')}]")
    if code is None:  # an element without children is falsy: no `or` here
        code = _first(cell, ".//abbr")
    tags = [_text(tag) for tag in cell.xpath(f".//*[{_has_class('tag')}]")]
    return (_text(code) if code is not None else ""), "Restated" in tags


def html_scorecard(page: str | bytes) -> dict[tuple[str, str], Printed]:
    """The scorecard table (scorecards/_scorecard_table.html) on a page: the app's scorecard,
    the public page, the report's page and its HTML file. Every period's cells; the trend for
    the period the table is for. Restated: the rating's tag, which must agree with the notes
    column, which says why."""
    document = lxml.html.fromstring(page)
    (table,) = document.xpath(f"//table[{_has_class('scorecard-table')}]")
    labels = [_text(th) for th in table.xpath(".//thead/tr[1]/th[@scope='colgroup']")]
    found = {}
    for row in table.xpath(".//tbody/tr[th[@scope='row']]"):
        title = _text(row.xpath("./th[@scope='row']")[0])
        cells = row.xpath("./td")
        notes = "\n".join(_text(item) for item in cells[12].xpath(".//li"))
        restated = restatements(notes)
        trend = _first(cells[11], f".//*[{_has_class('trend')}]")
        for index, label in enumerate(labels):
            target, actual, rating = cells[2 + 3 * index : 5 + 3 * index]
            covers = _first(actual, f".//*[{_has_class('covers')}]")
            actual_text = _text(actual)
            if covers is not None:
                actual_text = words(actual_text.removesuffix(_text(covers)))
            band, tagged = _html_band(rating)
            if tagged != (label in restated):
                raise AssertionError(f"{title}, {label}: the rating's tag and the notes disagree")
            current = index == len(labels) - 1
            found[(title, label)] = Printed(
                target=_text(target),
                actual=actual_text,
                band=band,
                trend=(_trend_html(trend) if current else None),
                restated=label in restated,
                restatement_reason=restated.get(label, ""),
            )
    return found


def _trend_html(trend) -> str:
    if trend is None:
        return NO_COMPARISON
    symbol = _text(_first(trend, "./*[@aria-hidden='true']"))
    text = _text(_first(trend, f"./*[{_has_class('visually-hidden')}]"))
    return f"{symbol} {text}"


def measure_page(page: str | bytes) -> dict[tuple[str, str], Printed]:
    """The measure page's table of figures by period (the chart's table). Keyed by ('',
    period label): the page is about one measure."""
    document = lxml.html.fromstring(page)
    (table,) = document.xpath(f"//table[{_has_class('history-table')}]")
    found = {}
    for row in table.xpath("./tbody/tr[th]"):
        label = _text(row.xpath("./th")[0]).removesuffix(" Open")
        target, actual, rating, trend, notes = row.xpath("./td")
        covers = _first(actual, f".//*[{_has_class('muted')}]")
        actual_text = _text(actual)
        if covers is not None:
            actual_text = words(actual_text.removesuffix(_text(covers)))
        band, tagged = _html_band(rating)
        why = _first(notes, f".//*[{_has_class('restated')}]")
        if tagged != (why is not None):
            raise AssertionError(f"{label}: the rating's tag and the notes disagree")
        reason = _text(why).removeprefix("Restated after publishing").removeprefix(": ")
        found[("", label)] = Printed(
            target=_text(target),
            actual=actual_text,
            band=band,
            trend=trend_of(_text(trend)),
            restated=tagged,
            restatement_reason=reason if why is not None else "",
        )
    return found


def chart_points(page: str | bytes) -> dict[str, tuple[str, str]]:
    """{period label: (figure, band label)} of each point on the measure page's chart, from
    each point's title ('Q2 2018/19: 61 (High Green)')."""
    document = lxml.html.fromstring(page)
    points = {}
    for title in document.xpath("//svg[@aria-labelledby='chart-title chart-desc']//g/title"):
        match = re.fullmatch(r"(.+?): (.+?)(?: \((.+)\))?", _text(title))
        if match:
            points[match.group(1)] = (match.group(2), match.group(3) or "")
    return points


def spc_figures(page: str | bytes) -> dict[str, str]:
    """{period label: figure} of the table behind the measure page's SPC chart."""
    document = lxml.html.fromstring(page)
    table = _first(document, "//table[caption[contains(., 'process limits and class')]]")
    if table is None:
        return {}
    return {
        _text(row.xpath("./th")[0]): _text(row.xpath("./td")[0])
        for row in table.xpath("./tbody/tr")
    }


def entry_history(page: str | bytes) -> dict[tuple[str, str], Printed]:
    """The entry page's recent figures (earlier periods of the measure), by ('', period)."""
    document = lxml.html.fromstring(page)
    table = _first(document, f"//table[{_has_class('returns-table')}]")
    found = {}
    if table is None:
        return found
    for row in table.xpath("./tbody/tr"):
        label = _text(row.xpath("./th")[0])
        target, actual, rating = row.xpath("./td")
        band, tagged = _html_band(rating)
        actual_text = _text(actual)
        found[("", label)] = Printed(
            target=_text(target),
            actual="" if actual_text == "–" else actual_text,
            band=band,
            restated=tagged,
        )
    return found


def entry_last_period(page: str | bytes) -> str:
    """What the entry page's 'Last period' says."""
    document = lxml.html.fromstring(page)
    return _text(_first(document, "//dt[normalize-space()='Last period']/following-sibling::dd"))


def exception_report(page: str | bytes, label: str) -> dict[tuple[str, str], Printed]:
    """The exception report's measures for the period `label` ('This period: 61 against 50
    HG', and the trend with its reason)."""
    document = lxml.html.fromstring(page)
    found = {}
    for article in document.xpath(f"//article[{_has_class('exception')}]"):
        title = _text(article.xpath(".//h3")[0])
        this = _first(article, ".//dt[normalize-space()='This period']/following-sibling::dd")
        band_span = _first(this, f".//*[{_has_class('band')}]")
        band, tagged = _html_band(this)
        before = words(this.text or "")
        if band_span is None:
            before = _text(this).split(" Not rated")[0]
        actual, _, target = before.partition(" against ")
        trend = _first(article, ".//dt[normalize-space()='Trend']/following-sibling::dd")
        symbol = _text(_first(trend, "./*[@aria-hidden='true']"))
        reason = _text(trend)
        reason = reason.removeprefix(symbol).strip()
        found[(title, label)] = Printed(
            target="" if target == "no target" else target,
            actual="" if actual == "No figure" else actual,
            band=band,
            trend=f"{symbol} {reason.split(':')[0]}" if symbol else NO_COMPARISON,
            restated=tagged,
        )
    return found


def overview(page: str | bytes) -> dict[str, dict[str, int]]:
    """{row title: {column heading: count}} of the overview's tables (by scorecard, by
    directorate): the band codes, 'Not rated', 'Improved', 'Deteriorated', 'Measures'."""
    document = lxml.html.fromstring(page)
    found = {}
    for table in document.xpath(f"//table[{_has_class('tally-table')}]"):
        headings = []
        for th in table.xpath("./thead/tr/th")[1:]:
            code = _first(th, ".//abbr")
            headings.append(_text(code) if code is not None else _text(th).lstrip("▲▼ "))
        for row in table.xpath("./tbody/tr[th]"):
            counts = [int(_text(td)) for td in row.xpath("./td")]
            found[_text(row.xpath("./th")[0])] = dict(zip(headings, counts, strict=True))
    return found


# Files: Word, Excel, CSV and PDF.


def _from_columns(
    title: str, labels: list[str], values: list[str], trend: str, notes: str
) -> dict[tuple[str, str], Printed]:
    """A scorecard row read from a file with the scorecard's columns: target, actual and
    rating for each period, the trend, and the notes (which say what is restated and why)."""
    restated = restatements(notes)
    found = {}
    for index, label in enumerate(labels):
        if not label:
            continue
        target, actual, rating = values[3 * index : 3 * index + 3]
        found[(title, label)] = Printed(
            target=target,
            actual=actual,
            band=band_of(rating),
            trend=trend_of(trend) if index == len(labels) - 1 else None,
            restated=label in restated,
            restatement_reason=restated.get(label, ""),
        )
    return found


def word_scorecards(content: bytes) -> dict[tuple[str, str], Printed]:
    """The scorecard tables of the report in Word: two header rows (the periods, then
    'Target', 'Actual', 'Rating' for each), then a row per measure."""
    document = Document(io.BytesIO(content))
    found = {}
    for table in document.tables:
        rows = [[words(cell.text) for cell in row.cells] for row in table.rows]
        if len(rows) < 2 or rows[1][:4] != ["No.", "Measure", "Good is", "Target"]:
            continue
        labels = [rows[0][3 + 3 * index] for index in range(3)]
        labels = ["" if label == "No period" else label for label in labels]
        for row in rows[2:]:
            found.update(_from_columns(row[1], labels, row[3:12], row[12], row[13]))
    return found


def excel_text(cell) -> str:
    """A cell as Excel shows it: a number through its number format ('#,##0.0"%"' prints
    95.5 as '95.5%', '"£"#,##0' prints 120 as '£120'); text as it is."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    number_format = cell.number_format
    if number_format == "General":
        return str(value)
    prefix = "£" if number_format.startswith('"£"') else ""
    suffix = "%" if number_format.endswith('"%"') else ""
    core = number_format.removeprefix('"£"').removesuffix('"%"')
    places = len(core.split(".")[1]) if "." in core else 0
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
    printed = f"{amount:,.{places}f}" if "," in core else f"{amount:.{places}f}"
    return f"{prefix}{printed}{suffix}"


def excel_scorecards(content: bytes) -> dict[tuple[str, str], Printed]:
    """The scorecard sheets of the report in Excel: a header row ('Q2 2018/19 target', ...,
    'Trend', ..., 'Notes'), then a row per measure."""
    workbook = load_workbook(io.BytesIO(content))
    found = {}
    for sheet in workbook.worksheets:
        rows = [[excel_text(cell) for cell in row] for row in sheet.iter_rows(min_row=3)]
        if not rows or rows[0][:3] != ["No.", "Measure", "Good is"]:
            continue
        header = rows[0]
        labels = [header[3 + 3 * index].removesuffix(" target") for index in range(3)]
        labels = ["" if label == "No period" else label for label in labels]
        trend, notes = header.index("Trend"), header.index("Notes")
        for row in rows[1:]:
            found.update(_from_columns(row[1], labels, row[3:12], row[trend], row[notes]))
    return found


def excel_challenges(content: bytes, label: str) -> dict[tuple[str, str], Printed]:
    """The 'Key challenges' sheet of the report in Excel: a row per challenge, whose figure
    is for `label` ('Figure for'). It does not say whether a rating is restated."""
    workbook = load_workbook(io.BytesIO(content))
    rows = [
        [excel_text(cell) for cell in row]
        for row in workbook["Key challenges"].iter_rows(min_row=3)
    ]
    header, found = rows[0], {}
    for row in rows[1:]:
        cells = dict(zip(header, row, strict=True))
        if not cells["Measure"]:
            continue
        assert cells["Figure for"] == label, cells
        found[(words(cells["Measure"]), label)] = Printed(
            target=cells["Target"],
            actual=cells["Actual"],
            band=band_of(cells["Rating"]),
            trend=trend_of(cells["Trend"]),
        )
    return found


def public_csv(content: str) -> dict[tuple[str, str], Printed]:
    """The public open-data CSV: one row per measure and period."""
    found = {}
    for row in csv.DictReader(io.StringIO(content)):
        restated = row.get("Restated")
        found[(row["Measure"], row["Period"])] = Printed(
            target=row["Target"],
            actual=row["Actual"],
            band=row["Rating"],
            trend=trend_of(row["Direction of travel"]),
            restated=None if restated is None else restated.startswith("Yes"),
            restatement_reason=None
            if restated is None
            else restated.removeprefix("No").removeprefix("Yes").removeprefix(": "),
        )
    return found


@dataclass(frozen=True)
class Word:
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    text: str


def pdf_pages(content: bytes) -> list[list[Word]]:
    """The words of each page of a PDF with their boxes, from `pdftotext -bbox-layout`."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        out = subprocess.run(
            ["pdftotext", "-bbox-layout", str(path), "-"],
            check=True,
            capture_output=True,
        ).stdout
    root = lxml.etree.fromstring(out, lxml.etree.XMLParser(recover=True))
    pages = []
    for page in root.iter("{*}page"):
        pages.append(
            [
                Word(
                    float(word.get("xMin")),
                    float(word.get("yMin")),
                    float(word.get("xMax")),
                    float(word.get("yMax")),
                    word.text or "",
                )
                for word in page.iter("{*}word")
            ]
        )
    return pages


def pdf_text(content: bytes) -> str:
    return " ".join(word.text for page in pdf_pages(content) for word in page)


PDF_COLUMNS = 14  # No., Measure, Good is, 3 x (Target, Actual, Rating), Trend, Notes


def _pdf_header(page: list[Word]) -> list[Word] | None:
    """The scorecard table's second header line ('No. Measure is Target Actual Rating ...
    Trend Notes'), left to right, or None when the page has no scorecard table."""
    lines: dict[int, list[Word]] = {}
    for word in page:
        lines.setdefault(round(word.y_min), []).append(word)
    for line in lines.values():
        texts = [word.text for word in sorted(line, key=lambda word: word.x_min)]
        if texts.count("Target") == 3 and texts[:2] == ["No.", "Measure"]:
            return sorted(line, key=lambda word: word.x_min)
    return None


def pdf_scorecards(content: bytes) -> dict[tuple[str, str], Printed]:
    """The scorecard tables of the report's PDF. Column boundaries lie midway between one
    heading's end and the next heading's start, and a word belongs to the column its left
    edge is in; a row runs from the line its number starts on to the next row's number (or
    the first line below with other words in the first column, such as the key)."""
    found = {}
    for page in pdf_pages(content):
        header = _pdf_header(page)
        if header is None or len(header) != PDF_COLUMNS:
            continue
        bounds = [float("-inf")] + [
            (before.x_max + after.x_min) / 2 for before, after in pairwise(header)
        ]

        def column(word: Word, bounds=bounds) -> int:
            return max(index for index, bound in enumerate(bounds) if bound <= word.x_min)

        top = header[0].y_min
        above = [word for word in page if top - 30 <= word.y_min < top - 2 and word.y_max <= top]
        labels = ["", "", ""]
        for word in sorted(above, key=lambda word: word.x_min):
            index = column(word)
            if 3 <= index < 12:
                group = (index - 3) // 3
                labels[group] = words(f"{labels[group]} {word.text}")
        labels = ["" if label == "Same period last year" else label for label in labels]
        below = sorted(
            (word for word in page if word.y_min > header[0].y_max),
            key=lambda word: (word.y_min, word.x_min),
        )
        starts = [word for word in below if column(word) == 0]
        rows = []
        for word in starts:
            if not word.text.isdigit():
                end = word.y_min - 2
                break
            rows.append(word.y_min - 2)
        else:
            end = float("inf")
        for index, start in enumerate(rows):
            stop = rows[index + 1] if index + 1 < len(rows) else end
            cells = [""] * PDF_COLUMNS
            for word in below:
                if start <= word.y_min < stop:
                    cells[column(word)] = words(f"{cells[column(word)]} {word.text}")
            found.update(_from_columns(cells[1], labels, cells[3:12], cells[12], cells[13]))
    return found


# The report's key challenges: a heading per measure, then one sentence of facts.


def challenge(facts: str, label: str) -> Printed:
    """A key challenge's facts as printed ('★ HG High Green Q2 2018/19: 61 against a target
    of 50. Trend: ▼ deteriorated. Restated after publishing: <why>.')."""
    match = re.fullmatch(
        rf"(?P<rating>.*?)\s*{re.escape(label)}: (?P<actual>.+?)"
        r"(?: against a target of (?P<target>.+?))?\."
        r"(?: Trend: (?P<symbol>\S+) (?P<trend>[\w ]+?)\.)?"
        r"(?: Restated after publishing(?:: (?P<reason>.*))?\.)?",
        words(facts),
    )
    if match is None:
        raise AssertionError(f"not a key challenge's facts: {facts!r}")
    restated = "Restated after publishing" in facts
    return Printed(
        target=match.group("target") or "",
        actual="" if match.group("actual") == "no figure" else match.group("actual"),
        band=band_of(match.group("rating")),
        trend=f"{match.group('symbol')} {match.group('trend').capitalize()}"
        if match.group("trend")
        else NO_COMPARISON,
        restated=restated,
        restatement_reason=(match.group("reason") or "") if restated else "",
    )


def html_challenges(page: str | bytes, label: str) -> dict[tuple[str, str], Printed]:
    document = lxml.html.fromstring(page)
    return {
        (_text(item.xpath(".//h4")[0]), label): challenge(
            _text(_first(item, f".//p[{_has_class('rp-facts')}]")), label
        )
        for item in document.xpath(f"//div[{_has_class('rp-challenge')}]")
    }


def word_challenges(content: bytes, label: str) -> dict[tuple[str, str], Printed]:
    """Each 'Heading 3' under 'Summary of key challenges', and the paragraph after it."""
    paragraphs = Document(io.BytesIO(content)).paragraphs
    found, inside = {}, False
    for index, paragraph in enumerate(paragraphs):
        style = paragraph.style.name
        if style == "Heading 2":
            inside = paragraph.text == "Summary of key challenges"
        elif inside and style == "Heading 3":
            facts = paragraphs[index + 1].text
            found[(words(paragraph.text), label)] = challenge(facts, label)
    return found


def pdf_blocks(content: bytes) -> list[str]:
    """The text of each block (a paragraph, as laid out) of a PDF, in order."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        out = subprocess.run(
            ["pdftotext", "-bbox-layout", str(path), "-"], check=True, capture_output=True
        ).stdout
    root = lxml.etree.fromstring(out, lxml.etree.XMLParser(recover=True))
    return [
        words(" ".join(word.text or "" for word in block.iter("{*}word")))
        for block in root.iter("{*}block")
    ]


def pdf_challenges(content: bytes, titles, label: str) -> dict[tuple[str, str], Printed]:
    """In the PDF, a block holding only a measure's title, followed by a block of facts
    about `label` (the scorecard's rows are in a table, whose cells do not read so)."""
    blocks = pdf_blocks(content)
    found = {}
    for index, block in enumerate(blocks[:-1]):
        if block not in titles or f"{label}: " not in blocks[index + 1]:
            continue
        # A sentence that wraps may go on in the next block or two (a restatement does): the
        # shortest run of blocks that reads as a whole sentence of facts.
        for end in range(index + 2, min(index + 5, len(blocks) + 1)):
            facts = " ".join(blocks[index + 1 : end])
            try:
                found[(block, label)] = challenge(facts, label)
                break
            except AssertionError:
                continue
        else:
            found[(block, label)] = challenge(blocks[index + 1], label)  # says what it read
    return found


# Every output of a scorecard in a period.


@dataclass(frozen=True)
class Outputs:
    """Every output of one scorecard in one period, as it was given to its readers."""

    overview: str
    scorecard: str
    exceptions: str
    data_quality: str
    measure_pages: dict[tuple[str, str], str]  # by (username, measure title)
    entry_pages: dict[tuple[str, str], str]  # the next period's, by (username, measure title)
    report_page: str
    report_html: bytes
    report_pdf: bytes
    report_docx: bytes
    report_xlsx: bytes
    public_page: str
    public_csv: str

    def texts(self) -> dict[str, str]:
        """{output: every word it shows}: a page's text (not its markup), the words of the
        PDF, every paragraph and table cell of the Word file, every cell of every sheet of
        the workbook (numbers as Excel prints them) and the CSV as it is."""
        found = {
            "the overview": page_text(self.overview),
            "the scorecard page": page_text(self.scorecard),
            "the exception report": page_text(self.exceptions),
            "the data quality page": page_text(self.data_quality),
            "the report's page": page_text(self.report_page),
            "the report as an HTML file": page_text(self.report_html),
            "the report as a PDF": pdf_text(self.report_pdf),
            "the report in Word": word_text(self.report_docx),
            "the report in Excel": excel_all_text(self.report_xlsx),
            "the public scorecard page": page_text(self.public_page),
            "the public CSV": self.public_csv,
        }
        for (username, title), page in self.measure_pages.items():
            found[f"the measure page of {title} for {username}"] = page_text(
                page, leave_out=AUDIT_TRAIL
            )
        for (username, title), page in self.entry_pages.items():
            found[f"the next period's entry page of {title} for {username}"] = page_text(page)
        return found


# The measure page's "Changes": the audit trail of every version of the measure, its targets
# and its figures, drafts included, for those who may see drafts (measures.views.
# visible_changes). It is the history of the work, not what the page reports for a period.
AUDIT_TRAIL = "//details[summary[starts-with(normalize-space(), 'Every change')]]"


def page_text(page: str | bytes, leave_out: str = "") -> str:
    """What a page shows: its text, with the titles of its chart's points, not its markup;
    less the parts `leave_out` (an XPath) finds."""
    document = lxml.html.fromstring(page)
    if leave_out:
        for element in document.xpath(leave_out):
            element.drop_tree()
    return words(document.text_content())


def word_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return words(" ".join(paragraphs + cells))


def excel_all_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content))
    return " ".join(
        excel_text(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    )


def every_output(
    scorecard,
    period,
    next_period,
    measures,
    staff,
    staff_access,
    measure_readers=(),
    entry_readers=(),
) -> Outputs:
    """Render every output of `scorecard` in `period` for `staff` (a performance team
    member, who may see every internal page; `staff_access` is their Access) and for the
    public: the overview, the scorecard page, the exception report, the data quality page,
    each measure's page, the entry page of each measure in `next_period` (its recent figures
    and 'last period'), the Strategic Performance Report as its page and as HTML, PDF, Word
    and Excel (rendered from the report object, as the download view does), the public
    scorecard page (the latest published period) and the public CSV. The measure pages are
    also rendered for each of `measure_readers` and the entry pages for each of
    `entry_readers` (an owner sees more of their own measure's figures)."""
    from yardstick.reports.lookup import period_slug
    from yardstick.reports.renderers import get_format
    from yardstick.reports.strategic import build_strategic_report

    clients = {}
    for person in (staff, *measure_readers, *entry_readers):
        clients[person.username] = Client()
        clients[person.username].force_login(person)
    public = Client()

    def get(url: str, query: dict | None = None, as_: str | None = staff.username) -> str:
        response = (clients[as_] if as_ else public).get(url, query or {})
        assert response.status_code == 200, (url, as_, response.status_code)
        return response.getvalue().decode()  # the open data is streamed

    year, slug = scorecard.financial_year, scorecard.slug
    organisation = scorecard.organisation.slug
    query = {"period": period.key}
    report = build_strategic_report(period, None, staff_access)
    formats = {name: get_format(name).render(report) for name in ("html", "pdf", "docx", "xlsx")}
    return Outputs(
        overview=get(reverse("scorecards:overview"), query),
        scorecard=get(reverse("scorecards:detail", args=[year, slug]), query),
        exceptions=get(reverse("scorecards:exceptions", args=[year, slug]), query),
        data_quality=get(reverse("dataquality:page"), query),
        measure_pages={
            (username, measure.title): get(
                reverse("measures:detail", args=[measure.code]), as_=username
            )
            for username in [staff.username, *(person.username for person in measure_readers)]
            for measure in measures
        },
        entry_pages={
            (username, measure.title): get(
                reverse("collection:entry", args=[measure.pk, next_period.pk]), as_=username
            )
            for username in [staff.username, *(person.username for person in entry_readers)]
            for measure in measures
        },
        report_page=get(reverse("reports:strategic", args=[period_slug(period)])),
        report_html=formats["html"],
        report_pdf=formats["pdf"],
        report_docx=formats["docx"],
        report_xlsx=formats["xlsx"],
        public_page=get(reverse("public:scorecard", args=[organisation, year, slug]), as_=None),
        public_csv=get(reverse("public:scorecard_csv", args=[organisation, year, slug]), as_=None),
    )


def data_quality_missing(page: str | bytes) -> dict[str, str]:
    """{measure title: why} of the data quality page's 'Missing data for the coming board'."""
    document = lxml.html.fromstring(page)
    table = _first(
        document, "//table[caption[starts-with(normalize-space(), 'Measures with no figure')]]"
    )
    found = {}
    if table is None:
        return found
    for row in table.xpath("./tbody/tr"):
        measure = _text(row.xpath("./th")[0])
        why = _text(row.xpath("./td")[2])
        found[measure] = why
    return found
