"""Every example table in the "Risk scores" section of docs/calculations.md is a test."""

from pathlib import Path

import pytest

from yardstick.core.risk import (
    DIRECTION_TEXTS,
    above_appetite,
    band_of,
    default_scale,
    direction,
    score,
)

DOC = Path(__file__).parents[3] / "docs" / "calculations.md"
START = "<!-- section: risk -->"
END = "<!-- end section: risk -->"
SCALE = default_scale()


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
SCORES = TABLES[("likelihood", "impact", "score", "band", "above appetite")]
DIRECTIONS = TABLES[("score before", "score now", "direction")]


@pytest.mark.parametrize("row", SCORES, ids=[" × ".join(row[:2]) for row in SCORES])
def test_each_score_in_the_doc(row):
    likelihood, impact, expected, band, above = row
    if expected == "refused":
        with pytest.raises(ValueError):
            score(int(likelihood), int(impact), SCALE)
        return
    value = score(int(likelihood), int(impact), SCALE)
    assert value == int(expected)
    assert band_of(value, SCALE).name == band
    assert above_appetite(value, SCALE.appetite) is (above == "yes")


@pytest.mark.parametrize("row", DIRECTIONS, ids=[" to ".join(row[:2]) for row in DIRECTIONS])
def test_each_direction_in_the_doc(row):
    before, now, expected = row
    previous = None if before == "(none)" else int(before)
    assert DIRECTION_TEXTS[direction(previous, int(now))] == expected


def test_the_doc_has_its_tables():
    assert len(SCORES) == 9 and len(DIRECTIONS) == 4
