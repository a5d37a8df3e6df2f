"""Targets set well: a year's target profiled into its periods, and multi-year trajectories.

A **profile** splits a year's value target (or a range's ends) into the year's periods by
shares that add up to the whole year: **evenly**, **by last year's shape** (each period's
share of last year's outturn) or **by hand** (percentages or amounts per period, which must add
up to the year). A cumulative (year-to-date) measure's period target is the running total of
the shares (Q1 25%, Q2 50% ...); an in-period measure's is the period's own share. The running
totals are rounded half up to the places the year's target is written with, and an in-period
period's part is its running total less the one before: the parts add up to the year exactly,
and the rounding remainder falls on the period whose running total rounds up.

A **trajectory** runs from a baseline (a year and its value) to an end ("50% by 2020/21"):
each year in between gets its target on a straight line, rounded half up to the places the
end's value is written with.

The rules, with worked examples that are also tests, are in docs/calculations.md ("Profiled
targets and trajectories"). Nothing here reads the clock or the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from yardstick.core.periods import Period
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import format_amount, round_half_up

# A trajectory runs for at most this many years after its baseline.
MOST_TRAJECTORY_YEARS = 20


class ProfileMethod(StrEnum):
    EVENLY = "evenly"
    LAST_YEAR = "last_year"  # by last year's shape
    BY_HAND = "by_hand"


PROFILE_LABELS = {
    ProfileMethod.EVENLY: "evenly",
    ProfileMethod.LAST_YEAR: "by last year's shape",
    ProfileMethod.BY_HAND: "by hand",
}


class ProfileError(ValueError):
    """A profile or trajectory that cannot be made; the message says why, for a person."""


def places_written(amount: Decimal) -> int:
    """The places an amount is written with, padding zeros kept: '120' 0, '50.0' 1."""
    return max(-amount.as_tuple().exponent, 0)


def even_shares(count: int) -> list[Fraction]:
    """Each of `count` periods an equal share of the year: four quarters a quarter each."""
    if count < 1:
        raise ProfileError("a year has at least one period to profile into")
    return [Fraction(1, count)] * count


def shape_shares(
    last_year: Sequence[tuple[Period, Decimal | None]], *, cumulative: bool = False
) -> list[Fraction]:
    """Each period's share of last year's outturn, from last year's figures for the same
    periods in order. A cumulative measure's figures are running totals: a period's own part
    is its figure less the one before. Refused, naming the period, when a figure is missing or
    a period's part is below zero, and when last year adds up to zero (no shape to follow)."""
    if not last_year:
        raise ProfileError("there are no periods last year to take a shape from")
    parts, before = [], Decimal(0)
    for period, figure in last_year:
        if figure is None:
            raise ProfileError(
                f"last year has no figure for {period.label}: profile evenly or by hand"
            )
        part = figure - before if cumulative else figure
        if part < 0:
            raise ProfileError(
                f"last year's {period.label} is {format_amount(part)} on its own, below zero:"
                " a shape needs every period at zero or more"
            )
        parts.append(part)
        before = figure if cumulative else before
    total = sum(parts, Decimal(0))
    if total == 0:
        raise ProfileError(
            f"last year's figures ({last_year[0][0].label} to {last_year[-1][0].label}) add up"
            " to zero: there is no shape to follow"
        )
    return [Fraction(part) / Fraction(total) for part in parts]


def hand_shares(percentages: Sequence[Decimal]) -> list[Fraction]:
    """Shares given by hand as percentages of the year, one per period: they must add up to
    100% (refused with the difference), and none may be below zero."""
    if not percentages:
        raise ProfileError("give a share for each period of the year")
    for number, percentage in enumerate(percentages, start=1):
        if percentage < 0:
            raise ProfileError(
                f"period {number}'s share ({format_amount(percentage)}%) is below zero"
            )
    total = sum(percentages, Decimal(0))
    if total != 100:
        raise ProfileError(
            f"the shares add up to {format_amount(total)}%, {_gap(total, Decimal(100), '%')} 100%"
        )
    return [Fraction(percentage) / 100 for percentage in percentages]


def hand_amounts(amounts: Sequence[Decimal], year: Decimal) -> list[Fraction]:
    """Amounts given by hand, one per period (each period's own part, also for a cumulative
    measure): they must add up to the year's target (refused with the difference)."""
    if not amounts:
        raise ProfileError("give an amount for each period of the year")
    total = sum(amounts, Decimal(0))
    if total != year:
        raise ProfileError(
            f"the amounts add up to {format_amount(total)}, {_gap(total, year)} the year's"
            f" {format_amount(year)}"
        )
    if year == 0:
        raise ProfileError("a year's target of zero has no parts to share by amount")
    return [Fraction(amount) / Fraction(year) for amount in amounts]


def _gap(total: Decimal, wanted: Decimal, unit: str = "") -> str:
    if total < wanted:
        return f"{format_amount(wanted - total)}{unit} short of"
    return f"{format_amount(total - wanted)}{unit} over"


def _split(amount: Decimal, shares: Sequence[Fraction], cumulative: bool) -> list[Decimal]:
    """The running totals of `amount` by `shares`, each rounded half up to the places `amount`
    is written with; an in-period measure's parts are each running total less the one before,
    so they add up to `amount` exactly and never go below zero for shares that do not."""
    places = places_written(amount)
    running, totals = Fraction(0), []
    for share in shares:
        running += share
        totals.append(round_half_up(amount * running.numerator / running.denominator, places))
    if cumulative:
        return totals
    return [total - before for total, before in zip(totals, [Decimal(0), *totals], strict=False)]


def profile(target: Target, shares: Sequence[Fraction], *, cumulative: bool) -> list[Target]:
    """`target` (a year's) profiled into its periods by `shares` (one per period, adding up to
    one): a cumulative measure's running totals, or an in-period measure's own parts, which
    add up to the year exactly (each its rounded running total less the one before). A
    range's ends are profiled each on their own. Any other target (a change on last year, a
    baseline, none) is every period's target as it is."""
    if sum(shares, Fraction(0)) != 1:
        raise ProfileError("the shares of a year add up to the whole year")
    if target.kind not in (TargetKind.VALUE, TargetKind.RANGE):
        return [target] * len(shares)
    if target.kind == TargetKind.VALUE:
        return [replace(target, value=v) for v in _split(target.value, shares, cumulative)]
    lows = _split(target.low, shares, cumulative)
    highs = _split(target.high, shares, cumulative)
    return [replace(target, low=low, high=high) for low, high in zip(lows, highs, strict=True)]


@dataclass(frozen=True)
class TrajectoryYear:
    year: int  # the financial year's start: 2018 is 2018/19
    value: Decimal


def trajectory(
    baseline_year: int, baseline: Decimal, end_year: int, end: Decimal
) -> list[TrajectoryYear]:
    """The targets of the years after `baseline_year` up to and including `end_year`, on a
    straight line from `baseline` to `end`, each rounded half up to the places `end` is
    written with; the end year's is `end` itself."""
    years = end_year - baseline_year
    if years < 1:
        raise ProfileError("a trajectory ends in a year after its baseline")
    if years > MOST_TRAJECTORY_YEARS:
        raise ProfileError(
            f"a trajectory runs for at most {MOST_TRAJECTORY_YEARS} years, not {years}"
        )
    places = places_written(end)
    step = (Fraction(end) - Fraction(baseline)) / years
    found = []
    for number in range(1, years + 1):
        exact = Fraction(baseline) + step * number
        value = round_half_up(Decimal(exact.numerator) / Decimal(exact.denominator), places)
        found.append(TrajectoryYear(baseline_year + number, end if number == years else value))
    return found
