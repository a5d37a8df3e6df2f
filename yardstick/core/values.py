"""Values as councils print them, and the states that stand in for a missing value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum


class ValueType(StrEnum):
    NUMBER = "number"
    PERCENTAGE = "percentage"
    CURRENCY = "currency"
    RATE = "rate"  # rate per N (per 1,000, per 100,000 ...)
    RATIO = "ratio"
    DURATION = "duration"  # amount in seconds
    YES_NO = "yes_no"  # amount 1 for yes, 0 for no
    DATE = "date"  # amount is the proleptic Gregorian ordinal of the date


class MissingState(StrEnum):
    NOT_YET_DUE = "not_yet_due"
    NOT_AVAILABLE = "not_available"
    IN_ARREARS = "in_arrears"
    BASELINE = "baseline"  # 'BL': baseline being established this year
    NEW = "new"  # new this year: no figure for earlier periods


class CollectionType(StrEnum):
    PERIOD = "period"  # the figure covers the period alone
    CUMULATIVE = "cumulative"  # year to date
    ROLLING_12_MONTHS = "rolling_12_months"
    SNAPSHOT = "snapshot"  # a count or proportion on a given day


@dataclass(frozen=True)
class Value:
    """A figure. ``amount`` is what is rated; percentages are in points (38.7, not 0.387)."""

    amount: Decimal
    value_type: ValueType = ValueType.NUMBER
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    decimals: int | None = None  # places as printed; None means as many as the amount has


@dataclass(frozen=True)
class Missing:
    """No figure, and why: a state with an optional note ("Data not currently available")."""

    state: MissingState
    note: str = ""


class ValueParseError(ValueError):
    """A printed value that cannot be read; the message says why, for a person."""


MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def round_half_up(amount: Decimal, decimals: int) -> Decimal:
    """Round to ``decimals`` places, halves away from zero: the one rounding rule in Yardstick.

    2.5 -> 3, -2.5 -> -3, 13.05 to 1 place -> 13.1. Exact at any size (no context limit).
    """
    exponent = Decimal(1).scaleb(-decimals)
    digits = max(amount.adjusted(), 0) + decimals + 2
    return amount.quantize(exponent, rounding=ROUND_HALF_UP, context=Context(prec=max(digits, 28)))


def _places(amount: Decimal, decimals: int | None) -> Decimal:
    """The amount rounded to ``decimals`` places, or as given when None; never negative zero."""
    if decimals is not None:
        amount = round_half_up(amount, decimals)
    if amount.is_zero():
        amount = abs(amount)
    return amount


def _grouped(amount: Decimal) -> str:
    """Fixed-point digits with thousands separators: 35000 -> '35,000', 1E+3 -> '1,000'."""
    return format(amount, ",f")


def _duration(seconds: Decimal) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    whole = int(seconds)
    fraction = format(seconds - whole, "f")[1:] if seconds != whole else ""
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}{fraction}"
    return f"{sign}{minutes:02d}:{secs:02d}{fraction}"


def _date(ordinal: Decimal) -> str:
    day = date.fromordinal(int(ordinal))
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"


def format_amount(
    amount: Decimal, value_type: ValueType = ValueType.NUMBER, decimals: int | None = None
) -> str:
    """An amount as a council prints it.

    Percentages are in points ('16%', '13.1%'); numbers, rates and ratios have thousands
    separators ('35,000', '6.7', '0.97'); durations are seconds shown as mm:ss ('01:36') or
    h:mm:ss ('1:02:03'); currency is pounds ('£1,234.56'); yes/no is 'Yes' for any non-zero
    amount and 'No' for zero; a date is its proleptic ordinal shown as '12 Mar 2019'.

    ``decimals=None`` keeps the places the amount has ('13.10' stays '13.10'; only exponent
    forms such as 1E+3 are written out); ``decimals=N`` rounds half up to N places.
    """
    if value_type is ValueType.YES_NO:
        return "No" if amount.is_zero() else "Yes"
    if value_type is ValueType.DATE:
        return _date(_places(amount, 0))
    amount = _places(amount, decimals)
    if value_type is ValueType.DURATION:
        return _duration(amount)
    if value_type is ValueType.PERCENTAGE:
        return f"{_grouped(amount)}%"
    if value_type is ValueType.CURRENCY:
        sign = "-" if amount < 0 else ""
        return f"{sign}£{_grouped(abs(amount))}"
    return _grouped(amount)
