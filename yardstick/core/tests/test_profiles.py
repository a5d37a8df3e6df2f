"""Profiled targets and trajectories: the edges the worked examples do not reach."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yardstick.core.profiles import (
    ProfileError,
    even_shares,
    hand_amounts,
    hand_shares,
    places_written,
    profile,
    shape_shares,
    trajectory,
)
from yardstick.core.targets import BASELINE, NO_TARGET, Target, TargetKind


def test_places_written_keeps_padding_zeros() -> None:
    assert places_written(Decimal("120")) == 0
    assert places_written(Decimal("50.0")) == 1
    assert places_written(Decimal("1E+2")) == 0


def test_no_periods_to_profile_into() -> None:
    with pytest.raises(ProfileError, match="at least one period"):
        even_shares(0)
    with pytest.raises(ProfileError, match="no periods last year"):
        shape_shares([])
    with pytest.raises(ProfileError, match="a share for each period"):
        hand_shares([])
    with pytest.raises(ProfileError, match="an amount for each period"):
        hand_amounts([], Decimal(10))


def test_amounts_over_and_a_zero_year() -> None:
    with pytest.raises(ProfileError, match="5 short of the year's 120"):
        hand_amounts([Decimal(115)], Decimal(120))
    with pytest.raises(ProfileError, match="zero has no parts"):
        hand_amounts([Decimal(0), Decimal(0)], Decimal(0))
    with pytest.raises(ProfileError, match="5% over 100%"):
        hand_shares([Decimal(50), Decimal(55)])


def test_shares_must_make_a_whole_year() -> None:
    with pytest.raises(ProfileError, match="add up to the whole year"):
        profile(Target(TargetKind.VALUE, value=Decimal(10)), [Fraction(1, 2)], cumulative=True)


@pytest.mark.parametrize(
    "target",
    [NO_TARGET, BASELINE, Target(TargetKind.CHANGE_ON_LAST_YEAR, change_percent=Decimal(5))],
)
def test_a_target_that_is_no_amount_is_each_period_as_it_is(target) -> None:
    assert profile(target, even_shares(3), cumulative=False) == [target] * 3


def test_a_negative_target_profiles_too() -> None:
    found = profile(Target(TargetKind.VALUE, value=Decimal(-10)), even_shares(4), cumulative=False)
    assert [t.value for t in found] == [Decimal(-3), Decimal(-2), Decimal(-3), Decimal(-2)]


def test_a_falling_trajectory_is_monotone() -> None:
    found = trajectory(2018, Decimal("60"), 2021, Decimal("50.0"))
    assert [y.value for y in found] == [Decimal("56.7"), Decimal("53.3"), Decimal("50.0")]


@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=3),
    st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12).filter(any),
)
def test_in_period_parts_add_up_to_the_year_and_stay_at_zero_or_more(units, places, weights):
    year = Decimal(units).scaleb(-places)
    total = sum(weights)
    shares = [Fraction(weight, total) for weight in weights]
    target = Target(TargetKind.VALUE, value=year)
    parts = profile(target, shares, cumulative=False)
    assert sum(part.value for part in parts) == year
    assert all(part.value >= 0 for part in parts)
    running = profile(target, shares, cumulative=True)
    assert running[-1].value == year
    assert [r.value for r in running] == sorted(r.value for r in running)
