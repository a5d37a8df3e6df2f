"""The challenge list's rule (yardstick/core/challenge_list.py); every example table of its
section in docs/calculations.md is a test."""

from decimal import Decimal
from pathlib import Path

import pytest

from yardstick.core.challenge_list import (
    DEFAULT_MARGIN,
    DEFAULT_RUNS,
    Rated,
    Reason,
    challenges,
    check_settings,
    percent,
    plural,
    rule_text,
)
from yardstick.core.ratings import Band
from yardstick.core.spc import AssuranceIcon

DOC = Path(__file__).parents[3] / "docs" / "calculations.md"
START = "<!-- section: challenge list -->"
END = "<!-- end section: challenge list -->"


def _rows() -> list[tuple[str, ...]]:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(START) : text.index(END)]
    rows = [
        tuple(cell.strip() for cell in line.strip().strip("|").split("|"))
        for line in section.splitlines()
        if line.startswith("|")
    ]
    assert rows[0] == ("Example", "N", "X", "Ratings", "Assurance", "On the list because")
    return rows[2:]


ROWS = _rows()


def _rated(text: str) -> Rated | None:
    if text == "gap":
        return None
    band, distance = text.split("/")
    return Rated(
        None if band == "-" else Band(band),
        None if distance == "-" else Decimal(distance),
    )


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_each_example_in_the_doc(row):
    _, runs, margin, ratings, assurance, expected = row
    entries = challenges(
        [_rated(item.strip()) for item in ratings.split(",")],
        None if assurance == "none" else AssuranceIcon(assurance),
        int(runs),
        Decimal(margin),
        "quarter",
    )
    words = "; ".join(entry.words for entry in entries) or "(not on the list)"
    assert words == expected


def test_the_doc_has_its_examples():
    assert len(ROWS) >= 10


def test_reasons_come_in_order_and_name_their_group():
    entries = challenges([Rated(Band.RED, Decimal(-20))] * 3, AssuranceIcon.FAIL, 3, Decimal(5))
    assert [entry.reason for entry in entries] == [Reason.MISSED, Reason.SPC_FAIL]
    assert entries[0].words == "Missed its target in each of the last 3 periods"


def test_hit_or_miss_and_no_icon_add_nothing():
    assert challenges([], AssuranceIcon.HIT_OR_MISS, 2, Decimal(0)) == ()
    assert challenges([], None, 2, Decimal(0)) == ()


def test_a_missing_band_with_a_distance_breaks_a_run_of_beaten_targets():
    ratings = [Rated(Band.HIGH_GREEN, Decimal(20)), Rated(None, Decimal(20))]
    assert challenges(ratings, None, 2, Decimal(10)) == ()


@pytest.mark.parametrize(
    ("runs", "margin", "message"),
    [
        (1, Decimal(10), "must be 2 to 12; it is 1"),
        (13, Decimal(10), "must be 2 to 12; it is 13"),
        (4, Decimal(-1), "must be 0% to 100%; it is -1%"),
        (4, Decimal("100.5"), "must be 0% to 100%; it is 100.5%"),
    ],
)
def test_settings_out_of_bounds_are_refused(runs, margin, message):
    with pytest.raises(ValueError, match=message):
        check_settings(runs, margin)
    with pytest.raises(ValueError, match=message):
        challenges([], None, runs, margin)


def test_the_bounds_themselves_are_allowed():
    check_settings(2, Decimal(0))
    check_settings(12, Decimal(100))


def test_defaults():
    assert (4, Decimal(10)) == (DEFAULT_RUNS, DEFAULT_MARGIN)


def test_percent_and_plural():
    assert percent(Decimal("10.0")) == "10%"
    assert percent(Decimal("7.5")) == "7.5%"
    assert plural("quarter", 1) == "quarter"
    assert plural("month", 3) == "months"


def test_the_rule_as_stated():
    text = rule_text(4, Decimal(10), "quarter")
    assert "missed its target in each of the last 4 quarters of its kind" in text
    assert "beat its target by more than 10% in each of the last 4 quarters" in text
    assert "breaks a run" in text
    with pytest.raises(ValueError):
        rule_text(20, Decimal(10))
