"""docs/keys.md is checked against the code: its key file is the example file, its worked
examples are rated by that key, its sentences are the ones the bounds generate, and its
refused file is refused on the line and for the reason the page says."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from yardstick.core.keys import KeyFileError, read_key
from yardstick.core.ratings import Band, Key, KeyBand, Polarity, rate, rating_key
from yardstick.core.targets import parse_target
from yardstick.core.values import parse_value

DOCS = Path(__file__).resolve().parents[3] / "docs"
PAGE = (DOCS / "keys.md").read_text(encoding="utf-8")
EXAMPLE = (DOCS / "examples" / "within-5-percent.toml").read_text(encoding="utf-8")
BRAG = (DOCS / "examples" / "brag.toml").read_text(encoding="utf-8")
POLARITIES = {"higher": Polarity.HIGHER, "lower": Polarity.LOWER, "in range": Polarity.IN_RANGE}


def table_after(marker: str) -> list[list[str]]:
    """The rows (cells) of the markdown table that follows ``marker`` on the page."""
    after = PAGE.split(marker, 1)[1].lstrip("\n")
    lines = []
    for line in after.splitlines():
        if not line.startswith("|"):
            break
        lines.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return lines[2:]


@pytest.mark.parametrize(("name", "example"), [("within-5-percent", EXAMPLE), ("brag", BRAG)])
def test_the_pages_key_file_is_the_example_file(name, example):
    block = re.search(rf"<!-- key: {name} -->\n```toml\n(.*?)```", PAGE, re.DOTALL)
    assert block
    assert read_key(block[1]) == read_key(example)


@pytest.mark.parametrize(("name", "example"), [("within-5-percent", EXAMPLE), ("brag", BRAG)])
def test_every_worked_example_is_rated_as_the_page_says(name, example):
    key = read_key(example)
    rows = table_after(f"<!-- examples: {name} -->")
    assert len(rows) >= 10
    for polarity, target, actual, band, reason in rows:
        rating = rate(parse_value(actual), parse_target(target), POLARITIES[polarity], key)
        assert (rating.band, rating.reason) == (Band(band), reason)


def test_every_printed_sentence_is_the_one_the_bounds_generate():
    rows = table_after("<!-- sentences -->")
    assert len(rows) == 9
    for bands, printed in rows:
        # "`X` first", "`X` after `Y`" or "last, after `Y`": the band described, then the one
        # before it (if any).
        bounds = [
            KeyBand(Band.GREEN, Decimal(number), name == "at_least")
            for name, number in re.findall(r"`(at_least|above) = (-?\d+)`", bands)
        ]
        last = bands.startswith("last")
        chain = bounds if last else [*bounds[1:], bounds[0]]  # best first
        codes = (Band.HIGH_GREEN, Band.LOW_GREEN)
        made = [
            KeyBand(code, band.bound, band.inclusive)
            for code, band in zip(codes, chain, strict=False)
        ]
        key = Key("page", (*made, KeyBand(Band.RED)))
        index = len(chain) if last else len(chain) - 1
        assert rating_key(key)[index][1] == printed, bands


def test_the_refused_file_is_refused_on_the_line_and_for_the_reason_the_page_says():
    example = re.search(r"<!-- refused -->\n```toml\n(.*?)```", PAGE, re.DOTALL)
    assert example
    with pytest.raises(KeyFileError) as refused:
        read_key(example[1])
    assert f"`{refused.value}`" in " ".join(PAGE.split())


def test_blue_anywhere_but_first_is_refused_as_the_page_says():
    block = re.search(r"<!-- key: brag -->\n```toml\n(.*?)```", PAGE, re.DOTALL)
    assert block
    moved = block[1].replace('code = "B"', 'code = "X"').replace('code = "G"', 'code = "B"')
    with pytest.raises(KeyFileError) as refused:
        read_key(moved.replace('code = "X"', 'code = "G"'))
    assert f"`{refused.value}`" in " ".join(PAGE.split())
