"""Every example table in the "Benchmarking" section of docs/calculations.md is a test."""

from decimal import Decimal
from pathlib import Path

import pytest

from yardstick.core.benchmark import spread, standing
from yardstick.core.ratings import Polarity

DOC = Path(__file__).parents[3] / "docs" / "calculations.md"
START = "<!-- section: benchmark"
END = "<!-- end section: benchmark -->"


def _tables() -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(START) : text.index(END)]
    tables, lines = {}, []
    for line in [*section.splitlines(), ""]:
        if line.startswith("|"):
            lines.append(tuple(cell.strip() for cell in line.strip().strip("|").split("|")))
        elif lines:
            tables[lines[0]] = lines[2:]
            lines = []
    return tables


TABLES = _tables()
QUARTILES = TABLES[("values", "lower quartile", "median", "upper quartile")]
STANDINGS = TABLES[("group, the council's figure among them", "own", "good is", "rank", "quartile")]
POLARITIES = {"higher": Polarity.HIGHER, "lower": Polarity.LOWER, "in range": Polarity.IN_RANGE}


def _numbers(text: str) -> list[Decimal]:
    return [Decimal(part) for part in text.split(",")]


def test_the_section_has_its_examples():
    assert len(QUARTILES) >= 5
    assert len(STANDINGS) >= 10


@pytest.mark.parametrize("row", QUARTILES, ids=[row[0] for row in QUARTILES])
def test_quartiles_as_documented(row):
    values, lower, median, upper = row
    found = spread(_numbers(values))
    assert (found.lower_quartile, found.median, found.upper_quartile) == (
        Decimal(lower),
        Decimal(median),
        Decimal(upper),
    )


@pytest.mark.parametrize(
    "row", STANDINGS, ids=[f"{row[1]} in {row[0]} {row[2]}" for row in STANDINGS]
)
def test_rank_and_quartile_as_documented(row):
    group, own, good_is, rank, quartile = row
    found = standing(Decimal(own), _numbers(group), POLARITIES[good_is])
    if rank == "not ranked":
        assert found is None
        return
    assert found.rank_text == rank
    assert found.quartile.label == quartile
