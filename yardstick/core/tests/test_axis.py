"""Round axis ticks: 1, 2 or 5 times a power of ten; durations in clock steps."""

from __future__ import annotations

import itertools
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yardstick.core.axis import nice_step, nice_ticks, tick_places


def ticks(*amounts) -> tuple[D, ...]:
    return tuple(D(str(amount)) for amount in amounts)


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        ("14", "17.7", ticks(14, 15, 16, 17, 18)),  # an even split is 0.925: 1
        ("0", "100", ticks(0, 20, 40, 60, 80, 100)),  # 25: 20 is nearer than 50
        ("3.7", "20.4", ticks(0, 5, 10, 15, 20, 25)),  # 4.175: 5
        ("0.12", "0.19", ticks("0.12", "0.14", "0.16", "0.18", "0.2")),  # 0.0175: 0.02
        ("-12", "7", ticks(-15, -10, -5, 0, 5, 10)),  # 4.75: 5
        ("1200", "98000", ticks(0, 20000, 40000, 60000, 80000, 100000)),  # 24,200: 20,000
        ("52", "52", ticks(46, 48, 50, 52, 54, 56, 58)),  # widened by a tenth, 5.2 each way
        ("0", "0", ticks(-1, "-0.5", 0, "0.5", 1)),  # widened by 1 each way
        ("17.7", "14", ticks(14, 15, 16, 17, 18)),  # either way round
    ],
)
def test_ticks_are_round_and_cover_the_range(low, high, expected):
    assert nice_ticks(D(low), D(high)) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", "1"),
        ("1.5", "2"),
        ("3", "2"),  # 1.5 times 2, but 5 is 1.67 times 3
        ("3.2", "5"),
        ("7.08", "10"),
        ("0.03", "0.02"),
        ("700", "500"),
    ],
)
def test_a_step_is_the_nearest_of_one_two_or_five_times_a_power_of_ten(raw, expected):
    assert nice_step(D(raw)) == D(expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0.4", "1"),  # never under a second
        ("12", "10"),
        ("40", "30"),  # half a minute, not 40 seconds
        ("400", "300"),  # five minutes
        ("2000", "1800"),  # half an hour
        ("9000", "10800"),  # three hours
        ("100000", "86400"),  # a day
        ("500000", "432000"),  # past a day: five days
    ],
)
def test_a_durations_step_is_one_a_clock_reads_easily(raw, expected):
    assert nice_step(D(raw), duration=True) == D(expected)


def test_duration_ticks_fall_on_whole_minutes_or_half_minutes():
    assert nice_ticks(D(95), D(215), duration=True) == ticks(90, 120, 150, 180, 210, 240)


def test_tick_places_print_every_tick_exactly():
    assert tick_places(ticks(0, 50, 100)) == 0
    assert tick_places(ticks("0.12", "0.14", "0.2")) == 2
    assert tick_places(ticks(-1, "-0.5", 0)) == 1
    assert tick_places(()) == 0


@pytest.mark.parametrize("raw", ["0", "-1"])
def test_a_step_must_be_positive(raw):
    with pytest.raises(ValueError, match="positive"):
        nice_step(D(raw))


def test_an_axis_needs_two_ticks():
    with pytest.raises(ValueError, match="at least two"):
        nice_ticks(D(0), D(1), count=1)


amounts = st.decimals(min_value=-(10**9), max_value=10**9, places=3)


@given(low=amounts, high=amounts, count=st.integers(min_value=2, max_value=10))
def test_ticks_are_evenly_spaced_cover_the_range_and_are_few(low, high, count):
    found = nice_ticks(low, high, count=count)
    assert found[0] <= min(low, high) and found[-1] >= max(low, high)
    steps = {b - a for a, b in itertools.pairwise(found)}
    assert len(steps) == 1
    assert 2 <= len(found) <= 2 * count + 1
