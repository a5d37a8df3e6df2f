"""Risk scores: likelihood × impact, the band, the appetite and the direction between reviews."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yardstick.core.ratings import Band
from yardstick.core.risk import (
    DIRECTION_SYMBOLS,
    DIRECTION_TEXTS,
    RiskDirection,
    RiskScale,
    ScoreBand,
    above_appetite,
    band_colours,
    band_of,
    default_scale,
    direction,
    print_bands,
    read_bands,
    read_labels,
    scale_problems,
    score,
)

FIVE = default_scale()
FOUR = default_scale(4)


@pytest.mark.parametrize(
    ("likelihood", "impact", "expected", "band"),
    [
        (1, 1, 1, "Low"),
        (2, 2, 4, "Low"),
        (1, 5, 5, "Medium"),
        (3, 3, 9, "Medium"),
        (2, 5, 10, "High"),
        (3, 5, 15, "High"),
        (4, 4, 16, "Very high"),
        (5, 5, 25, "Very high"),
    ],
)
def test_a_score_is_likelihood_times_impact_in_its_band_on_the_default_five_by_five(
    likelihood, impact, expected, band
):
    assert score(likelihood, impact, FIVE) == expected
    assert band_of(expected, FIVE).name == band


@pytest.mark.parametrize(
    ("value", "band"),
    [(1, "Low"), (3, "Low"), (4, "Medium"), (6, "Medium"), (8, "High"), (16, "Very high")],
)
def test_the_four_by_four_scale_has_its_own_bands(value, band):
    assert band_of(value, FOUR).name == band
    assert FOUR.highest == 16


@pytest.mark.parametrize(
    ("likelihood", "impact", "message"),
    [
        (0, 3, "likelihood must be from 1 to 5"),
        (6, 3, "likelihood must be from 1 to 5"),
        (3, 0, "impact must be from 1 to 5"),
        (3, 6, "impact must be from 1 to 5"),
        (True, 3, "likelihood"),
        ("3", 3, "likelihood"),
    ],
)
def test_a_level_off_the_scale_is_refused(likelihood, impact, message):
    with pytest.raises(ValueError, match=message):
        score(likelihood, impact, FIVE)


def test_a_five_is_off_a_four_by_four_scale():
    with pytest.raises(ValueError, match="from 1 to 4"):
        score(5, 1, FOUR)


@pytest.mark.parametrize("value", [0, 26, -1])
def test_a_score_off_the_scale_has_no_band(value):
    with pytest.raises(ValueError, match="from 1 to 25"):
        band_of(value, FIVE)


@pytest.mark.parametrize(
    ("value", "appetite", "above"), [(9, 9, False), (10, 9, True), (1, 1, False), (25, 24, True)]
)
def test_above_appetite_means_more_than_the_highest_score_tolerated(value, appetite, above):
    assert above_appetite(value, appetite) is above


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        (None, 12, RiskDirection.NEW),
        (9, 12, RiskDirection.RISING),
        (12, 9, RiskDirection.FALLING),
        (12, 12, RiskDirection.STEADY),
    ],
)
def test_the_direction_between_two_reviews(previous, current, expected):
    assert direction(previous, current) is expected
    assert DIRECTION_TEXTS[expected]
    assert (DIRECTION_SYMBOLS[expected] == "") is (expected is RiskDirection.NEW)


@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5), st.integers(1, 5))
def test_a_higher_likelihood_or_impact_never_gives_a_lower_score_or_band(l1, i1, l2, i2):
    low = score(min(l1, l2), min(i1, i2), FIVE)
    high = score(max(l1, l2), max(i1, i2), FIVE)
    assert low <= high
    assert band_of(low, FIVE).lowest <= band_of(high, FIVE).lowest
    assert direction(low, high) in (RiskDirection.RISING, RiskDirection.STEADY)


def test_the_labels_are_read_one_a_line_and_the_scale_names_each_level():
    assert read_labels(" Rare \n\nUnlikely\n") == ("Rare", "Unlikely")
    assert FIVE.likelihood_label(5) == "Almost certain"
    assert FIVE.impact_label(1) == "Insignificant"


def test_bands_are_read_and_printed_back_and_coloured_green_to_red():
    bands = read_bands("1 Low\n\n 5 Medium\n10 High\n16 Very high ")
    assert [(b.lowest, b.name) for b in bands] == [
        (1, "Low"),
        (5, "Medium"),
        (10, "High"),
        (16, "Very high"),
    ]
    assert [b.colour for b in bands] == [Band.GREEN, Band.AMBER, Band.LOW_RED, Band.HIGH_RED]
    assert read_bands(print_bands(bands)) == bands


@pytest.mark.parametrize("count", range(1, 7))
def test_every_count_of_bands_has_its_colours(count):
    assert len(band_colours(count)) == count


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "at least one band"),
        ("Low 1", "Line 1"),
        ("1 Low\nten High", "Line 2"),
        ("1", "Line 1"),
        ("1000 Huge", "Line 1"),
        ("\n".join(f"{n} B{n}" for n in range(1, 8)), "at most 6"),
    ],
)
def test_bands_typed_wrongly_are_refused_with_the_line(text, message):
    with pytest.raises(ValueError, match=message):
        read_bands(text)


def test_the_default_scales_have_no_problems():
    assert scale_problems(FIVE) == []
    assert scale_problems(FOUR) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"size": 3}, "4×4 or 5×5"),
        ({"likelihood_labels": ("A", "B")}, "Give 5 likelihood labels"),
        ({"impact_labels": ("a", "b", "c", "d", "e" * 41)}, "impact label must be 40"),
        ({"impact_labels": ("a", "A", "c", "d", "e")}, "Each impact label must differ"),
        ({"bands": ()}, "first band must start at 1"),
        ({"bands": read_bands("2 Low\n9 High")}, "first band must start at 1"),
        ({"bands": (ScoreBand("Low", 1, Band.GREEN), ScoreBand("High", 1, Band.RED))}, "above"),
        ({"bands": read_bands("1 Low\n30 High")}, "at or below 25"),
        ({"bands": read_bands("1 Low\n9 low")}, "name of its own"),
        ({"appetite": 0}, "appetite must be a score from 1 to 25"),
        ({"appetite": 26}, "appetite must be a score from 1 to 25"),
    ],
)
def test_a_scale_with_a_problem_says_what_it_is(change, message):
    problems = scale_problems(replace(FIVE, **change))
    assert any(message in problem for problem in problems), problems


def test_a_scale_is_a_frozen_value():
    assert isinstance(FIVE, RiskScale)
    with pytest.raises(AttributeError):
        FIVE.size = 4  # type: ignore[misc]
