"""Every worked example in the "Monthly measures in a quarter" section of docs/calculations.md
is checked here: the page cannot say one thing while the core does another."""

from __future__ import annotations

from pathlib import Path

import pytest

from yardstick.core.combine import Combine, combine
from yardstick.core.periods import PeriodType, periods_in, quarter
from yardstick.core.values import Value, ValueType, format_value, parse_value

DOC = Path(__file__).resolve().parents[3] / "docs" / "calculations.md"
EXAMPLES = ("combine", "type", "July 2018", "August 2018", "September 2018")


def examples() -> list:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("<!-- section: combine") : text.index("<!-- end section: combine")]
    found, in_table = [], False
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            in_table = False
        elif tuple(cells[:5]) == EXAMPLES:
            in_table = True
        elif in_table and not set("".join(cells)) <= set("-: "):
            found.append(pytest.param(*cells, id=" ".join(cells[:5])))
    return found


def test_the_section_has_its_examples() -> None:
    assert len(examples()) >= 6
    methods = {param.values[0] for param in examples()}
    assert methods == {"sum", "mean", "ratio", "last"}


@pytest.mark.parametrize(
    ("method", "value_type", "july", "august", "september", "shows", "note"), examples()
)
def test_each_worked_example(method, value_type, july, august, september, shows, note) -> None:
    kind = ValueType(value_type)
    months = periods_in(quarter(2018, 2), PeriodType.MONTH)
    parts = [
        (month, parse_value(text, kind) if text else None)
        for month, text in zip(months, (july, august, september), strict=True)
    ]
    result = combine(parts, Combine(method), value_type=kind, decimals=0)
    assert format_value(result.value) == shows
    assert result.note == note
    assert isinstance(result.value, Value) == (not shows.startswith("Not available"))
