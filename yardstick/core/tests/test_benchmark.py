"""Benchmarking's quartiles, ranks and quartile by polarity (core.benchmark)."""

import statistics
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yardstick.core.benchmark import (
    Quartile,
    is_area_code,
    ordinal,
    quartile_inc,
    spread,
    standing,
    why_not_ranked,
)
from yardstick.core.ratings import Polarity

# Amounts in hundredths, -100,000 to 100,000 (drawn as whole numbers: quick to generate).
amounts = st.integers(min_value=-10_000_000, max_value=10_000_000).map(lambda n: Decimal(n) / 100)
groups = st.lists(amounts, min_size=1, max_size=35)
ORDER = [Quartile.BOTTOM, Quartile.LOWER_MIDDLE, Quartile.UPPER_MIDDLE, Quartile.TOP]


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (33, "33rd"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_ordinals(number, text):
    assert ordinal(number) == text


def test_a_group_needs_a_value():
    with pytest.raises(ValueError, match="at least one"):
        spread([])
    with pytest.raises(ValueError, match="at least one"):
        quartile_inc([], 1)
    with pytest.raises(ValueError, match="0 to 4"):
        quartile_inc([Decimal(1)], 5)


def test_the_ranked_value_must_be_in_its_group():
    with pytest.raises(ValueError, match="include"):
        standing(Decimal(5), [Decimal(1)], Polarity.HIGHER)


def test_a_contextual_measure_is_not_ranked():
    assert standing(Decimal(1), [Decimal(1)], Polarity.CONTEXTUAL) is None


@given(groups)
def test_the_cut_points_are_in_order_and_the_median_is_the_median(values):
    found = spread(values)
    assert found.lowest <= found.lower_quartile <= found.median <= found.upper_quartile
    assert found.upper_quartile <= found.highest
    assert found.median == statistics.median(values)
    assert found.count == len(values)


@given(groups, st.data())
def test_rank_counts_the_better_values(values, data):
    own = data.draw(st.sampled_from(values))
    found = standing(own, values, Polarity.HIGHER)
    assert 1 <= found.rank <= found.of == len(values)
    assert found.rank == 1 + sum(1 for value in values if value > own)
    assert found.tied == values.count(own)


@given(groups, st.data())
def test_lower_is_better_is_higher_is_better_mirrored(values, data):
    own = data.draw(st.sampled_from(values))
    lower = standing(own, values, Polarity.LOWER)
    mirrored = standing(-own, [-value for value in values], Polarity.HIGHER)
    assert lower == mirrored


@given(groups, amounts, amounts, st.sampled_from([Polarity.HIGHER, Polarity.LOWER]))
def test_a_better_figure_never_ranks_or_sits_worse(values, first, second, polarity):
    worse, better = sorted([first, second], reverse=polarity == Polarity.LOWER)
    a = standing(worse, [*values, worse], polarity)
    b = standing(better, [*values, better], polarity)
    assert b.rank <= a.rank
    assert ORDER.index(b.quartile) >= ORDER.index(a.quartile)


@given(groups, st.data())
def test_the_best_figure_is_first_and_top(values, data):
    polarity = data.draw(st.sampled_from([Polarity.HIGHER, Polarity.LOWER]))
    best = max(values) if polarity == Polarity.HIGHER else min(values)
    found = standing(best, values, polarity)
    assert (found.rank, found.quartile) == (1, Quartile.TOP)


@pytest.mark.parametrize(
    ("polarity", "has_figure", "why"),
    [
        (Polarity.IN_RANGE, True, "neither a higher nor a lower figure is better"),
        (Polarity.CONTEXTUAL, False, "neither a higher nor a lower figure is better"),
        (Polarity.HIGHER, False, "we have no figure for this period"),
        (Polarity.LOWER, True, ""),
    ],
)
def test_why_a_measure_is_not_ranked(polarity, has_figure, why):
    assert why in why_not_ranked(polarity, has_figure)
    assert bool(why_not_ranked(polarity, has_figure)) == bool(why)


@pytest.mark.parametrize("code", ["E09000015", "W06000001", "S12000033", "N09000001"])
def test_area_codes(code):
    assert is_area_code(code)
    assert not is_area_code(code.lower())
    assert not is_area_code(code + "1")
