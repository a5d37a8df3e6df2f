"""core.cells: no cell Yardstick writes to CSV or Excel can run as a formula (OWASP's CSV
injection guidance), and the importer reads every neutralised cell back as it was."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yardstick.core.cells import (
    FORMULA_STARTS,
    UNWRITABLE,
    is_plain_number,
    neutralise,
    restore,
    writable,
)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("-1+1|cmd", "'-1+1|cmd"),
        ("-1+1|cmd|' /C calc'!A0", "'-1+1|cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("\tindented", "'\tindented"),
        ("\r=1+1", "'\r=1+1"),
        ("-5 to 5", "'-5 to 5"),
        ("-1e5", "'-1e5"),
        ("-01:30", "'-01:30"),
        ("- a bullet point", "'- a bullet point"),
        ("+", "'+"),
        ("-", "'-"),
        ("-10%%", "'-10%%"),
        ("-.5", "'-.5"),
        ("-1,23", "'-1,23"),
        # Text really beginning with a quote before a formula character keeps its quote.
        ("'=x", "''=x"),
        ("''-1+1", "'''-1+1"),
        ("'-10%", "''-10%"),
    ],
)
def test_a_cell_that_would_run_is_written_after_a_quote(text, written):
    assert neutralise(text) == written
    assert restore(written) == text


@pytest.mark.parametrize(
    "text", ["-10%", "-3.5", "+2", "-1,234", "-1,234.5", "-£5", "+£1,000.50", "-0", "+12.5%"]
)
def test_a_plain_signed_number_is_left_a_number(text):
    assert is_plain_number(text)
    assert neutralise(text) == text
    assert restore(text) == text


@pytest.mark.parametrize(
    "text", ["", "75", "38.7% (53/137)", "Year on year reduction", "01:36", "'quoted", "a=b", "'"]
)
def test_text_that_cannot_run_is_left_as_it_is(text):
    assert neutralise(text) == text
    assert restore(text) == text


def test_a_quote_a_person_typed_before_a_formula_character_is_read_as_theirs():
    """A file written by hand with Excel's 'treat as text' quote reads as the text."""
    assert restore("'-10%") == "-10%"
    assert restore("'=A1") == "=A1"


@given(st.text())
def test_restore_undoes_neutralise(text):
    assert restore(neutralise(text)) == text


@given(
    st.text(
        alphabet=st.sampled_from(
            ["=", "+", "-", "@", "\t", "\r", "'", "1", ",", ".", "%", "£", "a", "|", " "]
        )
    )
)
def test_a_written_cell_starts_with_a_formula_character_only_when_a_plain_number(text):
    written = neutralise(text)
    if written.startswith(FORMULA_STARTS):
        assert is_plain_number(written)
        assert all(char in "+-£0123456789,.%" for char in written)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Steady", "Steady"),
        ("Tab\tline\nreturn\r", "Tab\tline\nreturn\r"),  # the three XML allows
        ("Line\x0bbreak\x0cpage", "Line\nbreak\npage"),  # as Word pastes them
        ("Bell\x07, escape\x1b, nul\x00", "Bell, escape, nul"),
        ("\ufffe\uffff", ""),
    ],
)
def test_a_workbook_or_document_is_written_without_the_characters_it_cannot_hold(text, written):
    assert writable(text) == written


@given(st.text())
def test_nothing_written_holds_a_character_a_workbook_cannot_hold(text):
    assert UNWRITABLE.search(writable(text)) is None
    assert "\x0b" not in writable(text) and "\x0c" not in writable(text)
