"""Every worked example in the "Profiled targets and trajectories" section of
docs/calculations.md is checked here: the page cannot say one thing while the core does
another."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from yardstick.core.periods import PeriodType, financial_year, periods_in
from yardstick.core.profiles import (
    ProfileError,
    even_shares,
    hand_amounts,
    hand_shares,
    profile,
    shape_shares,
    trajectory,
)
from yardstick.core.targets import format_target, parse_target

DOC = Path(__file__).resolve().parents[3] / "docs" / "calculations.md"
LAST_YEAR = periods_in(financial_year(2018), PeriodType.QUARTER)


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index("<!-- section: profiles") : text.index("<!-- end section: profiles")]


def _tables(header: tuple[str, ...]) -> list[list[str]]:
    found, in_table = [], False
    for line in _section().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            in_table = False
        elif tuple(cells[: len(header)]) == header:
            in_table = True
        elif in_table and not set("".join(cells)) <= set("-: "):
            found.append(cells)
    return found


PROFILED = _tables(("method", "measure", "year's target", "given", "Q1"))
REFUSED = _tables(("method", "measure", "year's target", "given", "why it cannot be profiled"))
TRAJECTORIES = _tables(("baseline", "end", "the years' targets"))
NO_TRAJECTORY = _tables(("baseline", "end", "why there is no trajectory"))


def _shares(method: str, measure: str, year: str, given: str):
    cumulative = measure == "cumulative"
    items = [item.strip() for item in given.split(",")] if given else []
    if method == "evenly":
        return even_shares(4)
    if method == "last year":
        figures = [None if item == "-" else Decimal(item) for item in items]
        return shape_shares(list(zip(LAST_YEAR, figures, strict=True)), cumulative=cumulative)
    if items[0].endswith("%"):
        return hand_shares([Decimal(item.removesuffix("%")) for item in items])
    return hand_amounts([Decimal(item) for item in items], parse_target(year).value)


def test_the_section_has_its_examples() -> None:
    assert len(PROFILED) >= 10 and len(REFUSED) >= 5
    assert len(TRAJECTORIES) >= 4 and len(NO_TRAJECTORY) >= 2
    assert {row[0] for row in PROFILED} == {"evenly", "last year", "by hand"}


@pytest.mark.parametrize("row", PROFILED, ids=lambda row: " ".join(row[:4]))
def test_each_profile(row) -> None:
    method, measure, year, given, *quarters = row
    shares = _shares(method, measure, year, given)
    found = profile(parse_target(year), shares, cumulative=measure == "cumulative")
    assert [format_target(target) for target in found] == quarters


@pytest.mark.parametrize("row", REFUSED, ids=lambda row: " ".join(row[:4]))
def test_each_refusal(row) -> None:
    method, measure, year, given, why = row
    with pytest.raises(ProfileError) as refused:
        _shares(method, measure, year, given)
    assert str(refused.value) == why


def _year(text: str) -> tuple[Decimal, int]:
    value, _, year = text.replace(" by ", " in ").partition(" in ")
    return Decimal(value), int(year[:4])


@pytest.mark.parametrize("row", TRAJECTORIES, ids=lambda row: " to ".join(row[:2]))
def test_each_trajectory(row) -> None:
    (baseline, since), (end, until) = _year(row[0]), _year(row[1])
    found = trajectory(since, baseline, until, end)
    printed = "; ".join(f"{y.year}/{(y.year + 1) % 100:02} {y.value}" for y in found)
    assert printed == row[2]


@pytest.mark.parametrize("row", NO_TRAJECTORY, ids=lambda row: " to ".join(row[:2]))
def test_each_refused_trajectory(row) -> None:
    (baseline, since), (end, until) = _year(row[0]), _year(row[1])
    with pytest.raises(ProfileError) as refused:
        trajectory(since, baseline, until, end)
    assert str(refused.value) == row[2]
