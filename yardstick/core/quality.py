"""Data quality checks on a single figure: is it valid, and is it unusual for its measure.

``validate_value`` applies only rules that are always right (a percentage of a whole is between
0 and 100, a part is not larger than its whole, nothing is divided by zero, a duration is not
negative, the measure's own minimum and maximum); it returns the problems for a person to fix,
each naming the field it concerns. ``outlier_check`` compares a figure with the measure's own
recent history by the robust (modified) z-score of Iglewicz and Hoaglin; an outlier is not an
error, it is a figure for the owner to confirm. ``timeliness`` says whether a return came in by
its period's deadline. The rules, with worked examples, are in
docs/calculations.md ("Data quality"); each example there is also a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext
from enum import StrEnum

from yardstick.core.values import (
    DIGITS,
    LARGEST,
    PLACES,
    WHOLE_DIGITS,
    Value,
    ValueType,
    fits,
    format_amount,
    places_of,
    round_half_up,
)

# Significant figures for the score arithmetic: the score is decided exactly, well past any
# council figure's digits, and rounded only for printing and for ``Outlier.score``.
_PRECISION = 60

PERCENT_LOW = Decimal(0)
PERCENT_HIGH = Decimal(100)

# The modified z-score (Iglewicz and Hoaglin, 1993): 0.6745 is the 0.75 quantile of the
# standard normal distribution, so that the score of normal data is on the scale of a z-score.
MAD_FACTOR = Decimal("0.6745")
# When more than half the figures equal the median the median absolute deviation is zero, and
# the mean absolute deviation stands in: 1.253314 (the square root of pi/2) puts it on the same
# scale (IBM SPSS and others use this fallback).
MEAN_AD_FACTOR = Decimal("1.253314")
FIELDS = ("value", "numerator", "denominator", "data_covers")  # the order problems are listed in
# An ordinary movement: beyond the range of the earlier figures by up to half that range, or
# by up to this share of their median's size, whichever is more, needs no checking.
ORDINARY_SHARE = Decimal("0.1")
SCORE_PLACES = 2  # Outlier.score is rounded to this many places; the decision uses the exact score


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a figure, for a person: which field and what to fix."""

    field: str  # "value", "numerator", "denominator", "data_covers"
    message: str


@dataclass(frozen=True)
class Outlier:
    """The result of ``outlier_check``: whether the figure is an outlier, and why (or why not)."""

    is_outlier: bool
    score: Decimal | None  # robust z-score, rounded to SCORE_PLACES; None when not judged
    median: Decimal | None  # median of the figures compared with; None when too few
    reason: str  # 'much higher than usual: the last 12 quarters were 14% to 17.7%'
    low: Decimal | None = None  # the lowest and highest of the figures compared with
    high: Decimal | None = None


def _plain(amount: Decimal) -> str:
    """An amount with no padding places and no exponent: 100.000000 -> '100', 1E+3 -> '1000'."""
    text = format(amount, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _is_day(amount: Decimal) -> bool:
    """Whether ``amount`` is a day's number (1 January of year 1 is day 1)."""
    return amount == amount.to_integral_value() and 1 <= amount <= date.max.toordinal()


def _show(amount: Decimal, value_type: ValueType) -> str:
    """An amount in a message: plain for numbers and percentages ('104'), else as printed; a
    limit that is no day's number, set on a date measure, is shown plain too."""
    plain = (ValueType.PERCENTAGE, ValueType.NUMBER, ValueType.RATE, ValueType.RATIO)
    if value_type in plain or (value_type == ValueType.DATE and not _is_day(amount)):
        return _plain(amount)
    return format_amount(Decimal(_plain(amount)), value_type)


def _limits(
    value_type: ValueType, minimum: Decimal | None, maximum: Decimal | None
) -> tuple[Decimal | None, Decimal | None]:
    """The lowest and highest allowed amount: the measure's own, else the type's own."""
    if value_type == ValueType.PERCENTAGE:
        low = PERCENT_LOW if minimum is None else minimum
        high = PERCENT_HIGH if maximum is None else maximum
        return low, high
    if value_type == ValueType.DURATION and minimum is None:
        return Decimal(0), maximum
    return minimum, maximum


def _subject(value_type: ValueType, measure_sets: bool) -> str:
    return "A figure for this measure" if measure_sets else "A percentage"


def _range_problem(
    amount: Decimal, value_type: ValueType, minimum: Decimal | None, maximum: Decimal | None
) -> Problem | None:
    low, high = _limits(value_type, minimum, maximum)
    below = low is not None and amount < low
    above = high is not None and amount > high
    if not (below or above):
        return None
    shown = _show(amount, value_type)
    if below and value_type == ValueType.DURATION and minimum is None:
        return Problem("value", f"A duration cannot be negative; {shown} is below zero.")
    subject = _subject(value_type, minimum is not None or maximum is not None)
    if low is not None and high is not None:
        rule = f"must be between {_show(low, value_type)} and {_show(high, value_type)}"
    elif low is not None:
        rule = f"cannot be below {_show(low, value_type)}"
    else:
        rule = f"cannot be above {_show(high, value_type)}"
    limit, side = (low, "below") if below else (high, "above")
    return Problem("value", f"{subject} {rule}; {shown} is {side} {_show(limit, value_type)}.")


def _type_problem(amount: Decimal, value_type: ValueType) -> Problem | None:
    if value_type == ValueType.YES_NO and amount not in (0, 1):
        return Problem("value", f"A yes/no figure is 1 for yes or 0 for no, not {_plain(amount)}.")
    if value_type == ValueType.DATE and not _is_day(amount):
        return Problem("value", f"{_plain(amount)} is not a day's number, so not a date.")
    return None


def _count_problems(value: Value, proportion: bool) -> list[Problem]:
    """Problems with the numerator and denominator: zero denominators, parts above wholes."""
    numerator, denominator = value.numerator, value.denominator
    problems = []
    if denominator is not None and numerator is None:
        problems.append(
            Problem("numerator", "Give the numerator as well as the denominator, or neither.")
        )
    if denominator is not None and denominator.is_zero():
        problems.append(
            Problem("denominator", "The denominator cannot be zero: nothing can be divided by it.")
        )
    if proportion:
        for field, count in (("numerator", numerator), ("denominator", denominator)):
            if count is not None and count < 0:
                problems.append(
                    Problem(
                        field,
                        f"The {field} is a count and cannot be negative; it is {_plain(count)}.",
                    )
                )
        if (
            not problems
            and numerator is not None
            and denominator is not None
            and numerator > denominator
        ):
            problems.append(
                Problem(
                    "numerator",
                    f"The numerator ({_plain(numerator)}) cannot be more than the denominator"
                    f" ({_plain(denominator)}): a percentage of a whole is at most 100.",
                )
            )
    return problems


def _agreement_problem(value: Value) -> Problem | None:
    """A percentage or ratio given with both counts must be their quotient, as rounded.

    The figure may be rounded either way (half up, or cut short) to the places it is printed
    with, so it may differ from the exact quotient by less than one unit in its last place.
    """
    numerator, denominator = value.numerator, value.denominator
    if value.value_type not in (ValueType.PERCENTAGE, ValueType.RATIO):
        return None
    if numerator is None or denominator is None or denominator.is_zero():
        return None
    scale = 100 if value.value_type == ValueType.PERCENTAGE else 1
    places = max(-value.amount.as_tuple().exponent, 0)
    if value.decimals is not None:
        places = value.decimals
    with localcontext() as context:
        context.prec = _PRECISION
        exact = numerator * scale / denominator
        if abs(exact - value.amount) < Decimal(f"1E-{places}"):
            return None
    expected = _plain(round_half_up(exact, places))
    return Problem(
        "value",
        f"{_plain(numerator)} out of {_plain(denominator)} is {expected}"
        f"{'%' if scale == 100 else ''}, not {_plain(value.amount)}: check the figure"
        " and its numerator and denominator.",
    )


def _size_problems(value: Value) -> list[Problem]:
    """A figure, numerator or denominator too large or too precise to keep."""
    problems = []
    for field, amount in (
        ("value", value.amount),
        ("numerator", value.numerator),
        ("denominator", value.denominator),
    ):
        if amount is None or fits(amount):
            continue
        what = "The figure" if field == "value" else f"The {field}"
        if not amount.is_finite():
            problems.append(Problem(field, f"{what} is not a number."))
        elif abs(amount) >= LARGEST:
            problems.append(
                Problem(
                    field,
                    f"{what} is too large to keep: up to {WHOLE_DIGITS} digits before the "
                    "decimal point.",
                )
            )
        elif places_of(amount) > PLACES:
            problems.append(
                Problem(field, f"{what} has too many decimal places: up to {PLACES} are kept.")
            )
        else:
            problems.append(
                Problem(
                    field,
                    f"{what} has too many digits to keep exactly: up to {DIGITS} in all.",
                )
            )
    return problems


def validate_value(
    value: Value, *, minimum: Decimal | None = None, maximum: Decimal | None = None
) -> list[Problem]:
    """The problems with a figure, in the order value, numerator, denominator; [] when none.

    - A percentage is between 0 and 100, unless the measure sets its own minimum or maximum (a
      measure whose percentage can pass 100, or fall below 0, sets the limit it allows).
    - A duration is not negative, unless the measure sets its own minimum.
    - Any figure is within the measure's own minimum and maximum, when it has them.
    - A yes/no is 1 or 0; a date is a whole day's number.
    - A figure, numerator or denominator fits what is kept: under 10^14 in size, at most 6
      decimal places and 15 digits in all (when it does not, nothing else is judged).
    - A denominator comes with its numerator, and is never zero. For a percentage of a whole
      (limits within 0 and 100) the numerator and denominator are counts, not negative, and
      the numerator is not above the denominator. A percentage or ratio given with both
      counts agrees with their quotient to within one unit in its last printed place.
    """
    value_type = ValueType(value.value_type)
    if not value.amount.is_finite():
        return [Problem("value", f"{value.amount} is not a figure.")]
    too_big = _size_problems(value)
    if too_big:  # nothing else is judged of a figure that cannot be kept
        return too_big
    # a figure that is not of its type (half a day) is not judged against the type's limits
    first = _type_problem(value.amount, value_type) or _range_problem(
        value.amount, value_type, minimum, maximum
    )
    problems = [problem for problem in (first, _agreement_problem(value)) if problem is not None]
    low, high = _limits(value_type, minimum, maximum)
    proportion = (
        value_type == ValueType.PERCENTAGE
        and low is not None
        and low >= 0
        and high is not None
        and high <= PERCENT_HIGH
    )
    problems += _count_problems(value, proportion)
    return sorted(problems, key=lambda problem: FIELDS.index(problem.field))


def _median(amounts: list[Decimal]) -> Decimal:
    ordered = sorted(amounts)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _figures(count: int) -> str:
    return f"{count} earlier figure{'' if count == 1 else 's'}"


def _count_of(count: int, noun: str) -> str:
    """'the last 12 quarters', 'the last quarter'."""
    return f"the last {noun}" if count == 1 else f"the last {count} {noun}s"


def _were(count: int) -> str:
    return "was" if count == 1 else "were"


def outlier_check(
    amount: Decimal,
    history: list[Decimal],
    *,
    threshold: Decimal = Decimal("3.5"),
    window: int = 12,
    minimum_history: int = 8,
    ordinary_share: Decimal = ORDINARY_SHARE,
    value_type: ValueType = ValueType.NUMBER,
    noun: str = "figure",
) -> Outlier:
    """Whether ``amount`` is unusual against the measure's own earlier figures, in plain words.

    ``history`` is the measure's earlier figures of the same kind, oldest first, without
    ``amount``; the last ``window`` of them are compared with. With fewer than
    ``minimum_history`` the figure is not judged; when they are all the same there is no
    spread to judge by. Otherwise the figure is unusual only when both:

    - it is far from them by the robust (modified) z-score of Iglewicz and Hoaglin:
      0.6745 x (amount - median) / MAD, MAD the median absolute deviation from the median (when
      MAD is zero, (amount - median) / (1.253314 x mean absolute deviation)), more than
      ``threshold`` either way; and
    - it is beyond the range they covered (lowest to highest) by more than an ordinary
      movement: half that range, or ``ordinary_share`` of the median's size, whichever is more.

    The reason reads 'much higher than usual: the last 12 quarters were 14% to 17.7%', the
    amounts printed as ``value_type`` and the periods named by ``noun`` ('quarter').
    """
    if threshold <= 0 or window < 1 or minimum_history < 1 or ordinary_share < 0:
        raise ValueError(
            "threshold, window and minimum_history must be positive, ordinary_share not negative"
        )
    recent = list(history[-window:])
    shown = format_amount(Decimal(_plain(amount)), value_type)
    if len(recent) < minimum_history:
        have = "no earlier figures" if not recent else _figures(len(recent))
        return Outlier(
            False,
            None,
            None,
            f"Not judged: this measure has {have}, and at least {minimum_history} are needed.",
        )
    low, high = min(recent), max(recent)
    printed_low = format_amount(Decimal(_plain(low)), value_type)
    printed_high = format_amount(Decimal(_plain(high)), value_type)
    last = _count_of(len(recent), noun)
    with localcontext() as context:
        context.prec = _PRECISION
        median = _median(recent)
        deviations = [abs(figure - median) for figure in recent]
        mad = _median(deviations)
        if low == high:
            same = "the same as" if amount == median else "different from"
            return Outlier(
                False,
                None,
                median,
                f"Not judged: {last} {_were(len(recent))} all {printed_low}, so there is no "
                f"spread to measure against; {shown} is {same} them.",
                low,
                high,
            )
        if not mad.is_zero():
            score = MAD_FACTOR * (amount - median) / mad
        else:
            mean_ad = sum(deviations, Decimal(0)) / len(deviations)
            score = (amount - median) / (MEAN_AD_FACTOR * mean_ad)
        ordinary = max((high - low) / 2, abs(median) * ordinary_share)
        beyond = amount > high + ordinary or amount < low - ordinary
    is_outlier = abs(score) > threshold and beyond
    side = "higher" if amount > high else "lower"
    if is_outlier:
        words = f"much {side} than usual"
    elif low <= amount <= high:
        words = "within the usual range"
    else:
        words = f"a little {side} than usual, an ordinary movement"
    return Outlier(
        is_outlier,
        round_half_up(score, SCORE_PLACES),
        median,
        f"{words}: {last} {_were(len(recent))} {printed_low} to {printed_high}",
        low,
        high,
    )


class Timeliness(StrEnum):
    ON_TIME = "on_time"  # received on or before the deadline
    LATE = "late"  # received after the deadline
    NOT_JUDGED = "not_judged"  # received, but no deadline, or no date it was received
    MISSING = "missing"  # not received: no figure, or a draft not yet submitted


TIMELINESS_LABELS = {
    Timeliness.ON_TIME: "On time",
    Timeliness.LATE: "Late",
    Timeliness.NOT_JUDGED: "Received, timeliness not judged",
    Timeliness.MISSING: "Missing",
}


def timeliness(
    *,
    received: bool,
    deadline: date | None,
    submitted_on: date | None,
    entered_on: date | None = None,
) -> Timeliness:
    """Whether a return came in on time: received on or before the period's deadline.

    A return is received once its figure is submitted (a draft is not received). It was received
    on the day it was submitted, or, when it was never submitted through Yardstick (an imported
    or corrected figure), on the day it was entered. The deadline day itself is on time. With no
    deadline or no date, a received return is not judged.
    """
    if not received:
        return Timeliness.MISSING
    received_on = submitted_on or entered_on
    if deadline is None or received_on is None:
        return Timeliness.NOT_JUDGED
    return Timeliness.ON_TIME if received_on <= deadline else Timeliness.LATE


def percent_of(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to one place, half up; None when ``whole`` is 0.

    1 of 3 -> 33.3, 2 of 3 -> 66.7, 1 of 8 -> 12.5."""
    if not whole:
        return None
    return round_half_up(Decimal(part) * 100 / Decimal(whole), 1)
