"""Spreadsheet cells that cannot run: the one rule for every cell Yardstick writes to a CSV file
or an Excel workbook (the exports, the open data CSV, the report workbook, `yardstick rate`),
and its inverse for the importer.

CSV and formula injection (OWASP, https://owasp.org/www-community/attacks/CSV_Injection):
Excel, LibreOffice Calc and Google Sheets treat a cell whose text begins with `=`, `+`, `-`,
`@`, a tab or a carriage return as a formula, so commentary such as
'=HYPERLINK("http://x","y")' or '-1+1|cmd' would become a live link or a command when a
download is opened. OWASP's remedy is to prefix such a cell with a single quote, which the
spreadsheet reads as "this is text" (the field separators and quotes OWASP also warns of are
the CSV writer's to quote: Python's csv module quotes any field holding them, so a cell never
starts part-way through another).

Decision: a cell that is wholly a plain number, percentage or amount of money as Yardstick
prints one ('-10%', '-3.5', '+2', '-1,234', '-£5') is left as it is. It holds a sign, digits,
at most one decimal point, thousands commas and a % or £, and nothing else: no function name,
no cell reference, no other operator, no `|` or `!`. A spreadsheet reads it as that number;
at worst (Excel keeps '+2' as the formula '=+2') it is a formula that computes that number and
can do nothing else. Neutralising it would turn every negative target in the open data and
the exports into text, so columns would no longer sort or sum. Anything more than that
('-1+1|cmd', '-5 to 5', '+44 20 7946 0000', '-1e5', '-01:30') is neutralised.

The quote is written into the text itself (in Excel as in CSV), so it survives the workbook
being edited or saved again as CSV. `restore` undoes `neutralise` exactly, so the importer
reads its own exports back unchanged: a text that really begins with quotes before one of
those characters ("'=x") gains one more quote on the way out and loses it on the way in.
"""

from __future__ import annotations

import re

QUOTE = "'"
# What no Excel or Word file can hold: the control characters XML 1.0 leaves out (all below
# space but tab, line feed and carriage return), and U+FFFE and U+FFFF. A text that holds one
# (pasted, imported, an old row) is written without it; a vertical tab or form feed, which
# Word pastes for a line or page break, becomes a line break.
UNWRITABLE = re.compile(r"[\x00-\x08\x0e-\x1f\ufffe\uffff]")
BREAKS = re.compile(r"[\x0b\x0c]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]£?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


def is_plain_number(text: str) -> bool:
    """Whether `text` is wholly a signed number, percentage or amount of money ('-10%')."""
    return PLAIN_NUMBER.fullmatch(text) is not None


def neutralise(text: str) -> str:
    """The text to write in a spreadsheet cell so that it can never run as a formula: a single
    quote before text beginning with `=`, `+`, `-`, `@`, tab or carriage return (and before
    quotes already leading such text), except a plain number (see the module's docstring)."""
    bare = text.lstrip(QUOTE)
    if not bare.startswith(FORMULA_STARTS):
        return text
    if bare == text and is_plain_number(text):
        return text
    return QUOTE + text


def restore(text: str) -> str:
    """The text a neutralised cell stands for: one leading quote dropped when quotes lead one
    of the formula characters; any other text as it is. `restore(neutralise(t)) == t`."""
    if text.startswith(QUOTE) and text.lstrip(QUOTE).startswith(FORMULA_STARTS):
        return text[1:]
    return text


def writable(text: str) -> str:
    """`text` as an Excel workbook or a Word document can hold it (see UNWRITABLE); any other
    text as it is. Writing such a file failed on a single control character."""
    return UNWRITABLE.sub("", BREAKS.sub("\n", text))
