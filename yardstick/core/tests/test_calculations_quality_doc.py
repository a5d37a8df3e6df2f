"""Every example table in the "Data quality" section of docs/calculations.md is a test."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from yardstick.core.quality import (
    Problem,
    Timeliness,
    outlier_check,
    percent_of,
    timeliness,
    validate_value,
)
from yardstick.core.values import Value, ValueType

DOC = Path(__file__).parents[3] / "docs" / "calculations.md"
START = "<!-- section: quality"
END = "<!-- end section: quality -->"

VALIDATION = ("type", "figure", "numerator", "denominator", "minimum", "maximum", "problems")
OUTLIERS = (
    "figure",
    "earlier figures, oldest first",
    "median",
    "robust z-score",
    "outlier",
    "reason",
)
TIMELINESS = ("received", "deadline", "submitted", "entered", "timeliness")
SHARES = ("part", "whole", "percentage")


def _tables() -> list[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
    """The section's markdown tables: each header and its rows, cells stripped."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(START) : text.index(END)]
    tables, lines = [], []
    for line in [*section.splitlines(), ""]:
        if line.startswith("|"):
            lines.append(tuple(cell.strip() for cell in line.strip().strip("|").split("|")))
        elif lines:
            tables.append((lines[0], lines[2:]))
            lines = []
    return tables


TABLES = _tables()


def rows(header: tuple[str, ...]) -> list:
    found = [row for head, table_rows in TABLES if head == header for row in table_rows]
    return [pytest.param(*row, id=" ".join(row[:2])) for row in found]


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _yes(text: str) -> bool:
    assert text in ("yes", "no"), text
    return text == "yes"


def test_every_table_in_the_section_is_checked_and_none_is_empty():
    headers = [header for header, table_rows in TABLES if table_rows]
    assert sorted(headers) == sorted([VALIDATION, OUTLIERS, TIMELINESS, SHARES])


@pytest.mark.parametrize(
    ("value_type", "figure", "numerator", "denominator", "minimum", "maximum", "problems"),
    rows(VALIDATION),
)
def test_figures_have_the_problems_the_doc_lists(
    value_type, figure, numerator, denominator, minimum, maximum, problems
):
    value = Value(
        Decimal(figure), ValueType(value_type), _decimal(numerator), _decimal(denominator)
    )
    expected = (
        []
        if problems == "none"
        else [Problem(*problem.split(": ", 1)) for problem in problems.split("<br>")]
    )
    assert validate_value(value, minimum=_decimal(minimum), maximum=_decimal(maximum)) == expected


@pytest.mark.parametrize(
    ("figure", "history", "median", "score", "outlier", "reason"), rows(OUTLIERS)
)
def test_outliers_are_judged_as_the_doc_shows(figure, history, median, score, outlier, reason):
    earlier = [] if history == "(none)" else [Decimal(x) for x in history.split(", ")]
    judged = outlier_check(Decimal(figure), earlier)
    assert judged.median == _decimal(median)
    assert judged.score == _decimal(score)
    assert judged.is_outlier == _yes(outlier)
    assert judged.reason == reason


@pytest.mark.parametrize((*TIMELINESS[:-1], "timeliness_text"), rows(TIMELINESS))
def test_returns_are_on_time_or_late_as_the_doc_shows(
    received, deadline, submitted, entered, timeliness_text
):
    judged = timeliness(
        received=_yes(received),
        deadline=_date(deadline),
        submitted_on=_date(submitted),
        entered_on=_date(entered),
    )
    assert judged == Timeliness(timeliness_text.replace(" ", "_"))


@pytest.mark.parametrize(SHARES, rows(SHARES))
def test_shares_are_worked_out_as_the_doc_shows(part, whole, percentage):
    assert percent_of(int(part), int(whole)) == _decimal(percentage)
