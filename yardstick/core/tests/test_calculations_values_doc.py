"""Every example table in the "Values and targets" section of docs/calculations.md is a test."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from yardstick.core.targets import (
    BASELINE,
    NO_TARGET,
    ChangeDirection,
    Target,
    TargetKind,
    TargetParseError,
    format_target,
    parse_target,
)
from yardstick.core.values import (
    Missing,
    MissingState,
    Value,
    ValueParseError,
    ValueType,
    format_amount,
    format_value,
    parse_value,
)

DOC = Path(__file__).parents[3] / "docs" / "calculations.md"
START = "<!-- section: values"
END = "<!-- end section: values -->"

TYPES = ("type", "printed", "amount", "what the amount is")
READING = ("printed", "type given", "read as", "amount", "count", "decimals")
VALUE_ERRORS = ("printed", "type given", "why it is refused")
MISSING = ("printed", "state", "note kept", "shown as")
PRINTING = ("amount", "type", "decimals", "printed")
TARGETS = ("printed", "type given", "target", "printed back")
TARGET_ERRORS = ("printed", "why it is refused")


def _cell(text: str) -> str:
    """A table cell's text: surrounding backticks dropped, '(blank)' for an empty string."""
    text = text.strip()
    if text == "(blank)":
        return ""
    if len(text) > 1 and text.startswith("`") and text.endswith("`"):
        return text[1:-1]
    return text


def _tables() -> list[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
    """The section's markdown tables: each header and its rows, cells as ``_cell`` reads them."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(START) : text.index(END)]
    tables, lines = [], []
    for line in [*section.splitlines(), ""]:
        if line.startswith("|"):
            lines.append(tuple(_cell(cell) for cell in line.strip().strip("|").split("|")))
        elif lines:
            tables.append((lines[0], lines[2:]))
            lines = []
    return tables


TABLES = _tables()


def rows(header: tuple[str, ...]) -> list:
    found = [
        row for table_header, table_rows in TABLES if table_header == header for row in table_rows
    ]
    return [pytest.param(*row, id=row[0] or "blank") for row in found]


def _type(text: str) -> ValueType | None:
    return ValueType(text) if text else None


def test_every_table_in_the_section_is_checked_and_none_is_empty():
    headers = [header for header, table_rows in TABLES if table_rows]
    assert sorted(headers) == sorted(
        [TYPES, READING, VALUE_ERRORS, MISSING, PRINTING, TARGETS, TARGET_ERRORS]
    )


@pytest.mark.parametrize(("value_type", "printed", "amount", "meaning"), rows(TYPES))
def test_each_value_type_reads_and_prints_as_the_doc_shows(value_type, printed, amount, meaning):
    value = parse_value(printed, ValueType(value_type))
    assert value.amount == Decimal(amount)
    assert value.value_type == ValueType(value_type)
    assert format_value(value) == printed
    assert meaning


@pytest.mark.parametrize(
    ("printed", "type_given", "read_as", "amount", "count", "decimals"), rows(READING)
)
def test_printed_values_are_read_as_the_doc_shows(
    printed, type_given, read_as, amount, count, decimals
):
    numerator, _, denominator = count.partition("/")
    expected = Value(
        Decimal(amount),
        ValueType(read_as),
        Decimal(numerator) if numerator else None,
        Decimal(denominator) if denominator else None,
        int(decimals) if decimals else None,
    )
    assert parse_value(printed, _type(type_given)) == expected


@pytest.mark.parametrize(("printed", "type_given", "why"), rows(VALUE_ERRORS))
def test_unreadable_values_are_refused_with_the_reason_the_doc_gives(printed, type_given, why):
    with pytest.raises(ValueParseError) as raised:
        parse_value(printed, _type(type_given))
    assert str(raised.value) == why


@pytest.mark.parametrize(("printed", "state", "note_kept", "shown_as"), rows(MISSING))
def test_missing_values_are_read_and_shown_as_the_doc_shows(printed, state, note_kept, shown_as):
    missing = Missing(MissingState(state), note_kept)
    assert parse_value(printed) == missing
    assert format_value(missing) == shown_as
    assert parse_value(shown_as) == missing


@pytest.mark.parametrize(("amount", "value_type", "decimals", "printed"), rows(PRINTING))
def test_amounts_are_rounded_and_printed_as_the_doc_shows(amount, value_type, decimals, printed):
    places = int(decimals) if decimals else None
    assert format_amount(Decimal(amount), ValueType(value_type), places) == printed


_TARGET_RE = re.compile(
    r"value (?P<value>\S+)"
    r"|range (?P<low>\S+) to (?P<high>\S+)"
    r"|change: (?P<direction>\w+)(?: of (?P<percent>\S+)%| by (?P<amount>\S+))?"
    r"|(?P<baseline>baseline)|(?P<none>none)"
)


def _target(text: str) -> Target:
    """The doc's shorthand for a target: 'value 6', 'range 7 to 15', 'change: reduction of 5%'."""
    match = _TARGET_RE.fullmatch(text)
    assert match, f"the doc's target {text!r} is not in the shorthand this test reads"
    if match["value"]:
        return Target(TargetKind.VALUE, value=Decimal(match["value"]))
    if match["low"]:
        return Target(TargetKind.RANGE, low=Decimal(match["low"]), high=Decimal(match["high"]))
    if match["direction"]:
        return Target(
            TargetKind.CHANGE_ON_LAST_YEAR,
            change_amount=Decimal(match["amount"]) if match["amount"] else None,
            change_percent=Decimal(match["percent"]) if match["percent"] else None,
            change_direction=ChangeDirection(match["direction"]),
        )
    return BASELINE if match["baseline"] else NO_TARGET


@pytest.mark.parametrize(("printed", "type_given", "target", "printed_back"), rows(TARGETS))
def test_targets_are_read_and_printed_as_the_doc_shows(printed, type_given, target, printed_back):
    expected = _target(target)
    assert parse_target(printed, _type(type_given)) == expected
    assert format_target(expected, _type(type_given)) == printed_back


@pytest.mark.parametrize(("printed", "why"), rows(TARGET_ERRORS))
def test_unreadable_targets_are_refused_with_the_reason_the_doc_gives(printed, why):
    with pytest.raises(TargetParseError) as raised:
        parse_target(printed)
    assert str(raised.value) == why
