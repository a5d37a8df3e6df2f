"""The report as Word: read back with python-docx, it has the headings, every scorecard row
with each rating written out and shaded by band, header rows repeated, the key and the notes."""

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from yardstick.core import palette
from yardstick.core.ratings import Band
from yardstick.reports.renderers import get_format
from yardstick.reports.tests.conftest import CHALLENGES, EXPECTED


@pytest.fixture
def document(report):
    return Document(io.BytesIO(get_format("docx").render(report)))


def cell_text(cell) -> str:
    return " ".join(cell.text.split())


def shading(cell) -> str | None:
    shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return shd.get(qn("w:fill")) if shd is not None else None


def scorecards(document):
    return [t for t in document.tables if len(t.columns) == 14]


def test_the_document_has_its_title_language_and_headings(document):
    assert document.core_properties.title == "Strategic Performance Report, Q2 2018/19"
    assert document.core_properties.language == "en-GB"
    lang = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name != "Normal"]
    assert ("Title", "Strategic Performance Report, Q2 2018/19") in headings
    for theme in ("Build a Better Place", "Protect the Vulnerable"):
        assert ("Heading 1", theme) in headings
        assert ("Heading 2", f"Scorecard: {theme}") in headings
    challenge_headings = [text for style, text in headings if style == "Heading 3"]
    assert challenge_headings[:3] == [*CHALLENGES[:2], "Notes"]


def test_every_scorecard_row_has_each_rating_written_out_and_shaded_by_band(document):
    rows = {}
    for table in scorecards(document):
        for row in table.rows[2:]:
            rows[cell_text(row.cells[1])] = row
    assert set(rows) == set(EXPECTED)
    for title, expected in EXPECTED.items():
        cells = rows[title].cells
        for column, rating in zip((5, 8, 11), expected, strict=True):
            assert rating in cell_text(cells[column]), (title, column)
            if rating != "Not rated":
                band = Band(rating.split()[0])
                assert shading(cells[column]) == palette.band_swatch(band).fill_hex
                assert cell_text(cells[column]).startswith(band.shape)


def test_scorecard_header_rows_repeat_on_every_page_and_tables_are_described(document):
    for table in scorecards(document):
        for row in table.rows[:2]:
            assert row._tr.trPr.find(qn("w:tblHeader")) is not None
        assert (
            table.rows[2]._tr.trPr is None or table.rows[2]._tr.trPr.find(qn("w:tblHeader")) is None
        )
        assert [cell_text(c) for c in table.rows[0].cells][3:12:3] == [
            "Q2 2017/18",
            "Q1 2018/19",
            "Q2 2018/19",
        ]
    for table in document.tables:
        caption = table._tbl.tblPr.find(qn("w:tblCaption"))
        assert caption is not None and caption.get(qn("w:val"))


def test_scorecards_are_on_landscape_pages(document):
    orientations = [section.page_width > section.page_height for section in document.sections]
    assert orientations[0] is False
    assert orientations.count(True) >= 2


def test_the_key_key_actions_challenges_and_notes_are_in_the_document(document):
    text = "\n".join(p.text for p in document.paragraphs)
    tables = "\n".join(cell_text(c) for t in document.tables for r in t.rows for c in r.cells)
    assert "★ HG High Green\nHas exceeded target by 5% or more" in tables
    assert "Deliver the capital programme\n£3.2m spent.\nGreen" in tables
    assert "The rise is in line with the national trend." in text
    assert "Data reported at least 3 months in arrears" in text
    assert "Recycling rates rose by six percentage points." in text
    assert "76 is 153.3% better than the 30" in tables  # how the rating was worked out
