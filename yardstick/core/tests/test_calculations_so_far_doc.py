"""Every worked example in "A year not yet over" (docs/calculations.md) is checked here: a
year-to-date measure's year before it is over is rated against the target to the end of its
latest quarter, never the year's, with the reason the page prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from yardstick.core.combine import Combine, combine, so_far
from yardstick.core.periods import PeriodType, financial_year, periods_in
from yardstick.core.ratings import Polarity, rate
from yardstick.core.targets import Target, TargetKind, format_target
from yardstick.core.values import ValueType, parse_value

DOC = Path(__file__).resolve().parents[3] / "docs" / "calculations.md"
HEADER = ("Q1 2018/19", "Q2 2018/19", "Q3 2018/19", "Q4 2018/19")
YEAR = financial_year(2018)
QUARTERS = periods_in(YEAR, PeriodType.QUARTER)
PERCENT = ValueType.PERCENTAGE


def examples() -> list:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("### A year not yet over") : text.index("<!-- end section: combine")]
    found, in_table = [], False
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            in_table = False
        elif tuple(cells[:4]) == HEADER:
            in_table = True
        elif in_table and not set("".join(cells)) <= set("-: "):
            found.append(pytest.param(*cells, id=" ".join(cells[:4])))
    return found


def target(text: str) -> Target:
    if not text:
        return Target(TargetKind.NONE)
    return Target(TargetKind.VALUE, value=parse_value(text, PERCENT).amount)


def test_the_section_has_its_examples() -> None:
    assert len(examples()) >= 4


@pytest.mark.parametrize(
    ("q1", "q2", "q3", "q4", "to_date", "year_target", "shows", "reason"), examples()
)
def test_each_worked_example(q1, q2, q3, q4, to_date, year_target, shows, reason) -> None:
    figures = [parse_value(text, PERCENT) if text else None for text in (q1, q2, q3, q4)]
    combined = combine(list(zip(QUARTERS, figures, strict=True)), Combine.LAST, value_type=PERCENT)
    incomplete = so_far(combined, PeriodType.YEAR)
    if incomplete is None:  # the year is over: its own target
        rating = rate(combined.value, target(year_target), Polarity.HIGHER)
    else:
        against = target(to_date)
        rating = incomplete.rated(
            rate(combined.value, against, Polarity.HIGHER),
            format_target(against, PERCENT) if to_date else "",
            format_target(target(year_target), PERCENT) if year_target else "",
        )
    assert (rating.band.label if rating.band else "Not rated") == shows
    assert rating.reason == reason
