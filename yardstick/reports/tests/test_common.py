"""What every format prints the same way: entered text as paragraphs and lists, a rating's
words, the notes of a row, and the registry of formats."""

import pytest

from yardstick.core.ratings import Band
from yardstick.reports.renderers import FORMATS, UnknownFormat, get_format
from yardstick.reports.renderers.common import Block, blocks, rating_text, shaped_rating_text
from yardstick.scorecards.rows import Cell


def test_blank_lines_separate_paragraphs_and_wrapped_lines_join():
    assert blocks("First line\nwraps here.\n\nSecond paragraph.") == [
        Block("paragraph", ("First line wraps here.",)),
        Block("paragraph", ("Second paragraph.",)),
    ]


def test_lines_starting_with_a_bullet_become_a_list():
    text = "Highlights:\n- Homes handed over\n* Recycling up\n• Strategy submitted\nAfterwards."
    assert blocks(text) == [
        Block("paragraph", ("Highlights:",)),
        Block("list", ("Homes handed over", "Recycling up", "Strategy submitted")),
        Block("paragraph", ("Afterwards.",)),
    ]


def test_an_indented_line_continues_the_bullet_above():
    assert blocks("- A long bullet\n  that wraps") == [Block("list", ("A long bullet that wraps",))]


def test_no_text_gives_no_blocks():
    assert blocks("") == []
    assert blocks("  \n \n") == []


def test_a_rating_is_written_as_code_and_label_with_its_shape():
    cell = Cell(period_label="Q2 2018/19", target="50%", actual="60%", band=Band.HIGH_GREEN)
    assert rating_text(cell) == "HG High Green"
    assert shaped_rating_text(cell) == "★ HG High Green"


def test_a_cell_with_figures_but_no_band_is_not_rated_and_an_empty_cell_is_blank():
    assert rating_text(Cell(period_label="Q2 2018/19", actual="568")) == "Not rated"
    assert rating_text(Cell(period_label="Q2 2018/19")) == ""


def test_every_format_is_chosen_by_name_and_has_a_file_extension():
    assert set(FORMATS) == {"html", "pdf", "docx", "xlsx"}
    assert get_format(" PDF ").extension == "pdf"


def test_an_unknown_format_names_the_formats_there_are():
    with pytest.raises(UnknownFormat, match="choose one of html, pdf, docx, xlsx"):
        get_format("odt")
