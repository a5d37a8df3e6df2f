"""Values as councils print them, and the states that stand in for a missing value."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
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
