"""Targets: a value, a range, a change on the same period last year, a baseline, or none.

``parse_target`` reads a target as printed ('9.25%', '7-15%', 'Year on year reduction', 'BL')
and ``format_target`` prints it back. Amounts are read and printed by yardstick.core.values, so
a target's figures follow the same rules as the values rated against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from yardstick.core.values import (
    Amount,
    ValueParseError,
    ValueType,
    format_amount,
    read_amount,
)


class TargetKind(StrEnum):
    VALUE = "value"
    RANGE = "range"
    CHANGE_ON_LAST_YEAR = "change_on_last_year"
    BASELINE = "baseline"  # baseline year: no target yet, the figure sets the baseline
    NONE = "none"


class ChangeDirection(StrEnum):
    """The word a change target is printed with; the measure's polarity says which is good."""

    REDUCTION = "reduction"
    INCREASE = "increase"
    IMPROVEMENT = "improvement"


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    value: Decimal | None = None  # VALUE
    low: Decimal | None = None  # RANGE, inclusive
    high: Decimal | None = None  # RANGE, inclusive
    # CHANGE_ON_LAST_YEAR: the improvement wanted on last year's same-period figure,
    # in the measure's good direction, as an amount or a percentage of last year's
    # figure; both None means "any improvement or equal" (last year's figure is the target).
    change_amount: Decimal | None = None
    change_percent: Decimal | None = None
    # CHANGE_ON_LAST_YEAR: the word printed ('reduction', 'increase'), kept so the target
    # prints as it was written; None prints as 'improvement'. Rating goes by polarity.
    change_direction: ChangeDirection | None = None


NO_TARGET = Target(TargetKind.NONE)
BASELINE = Target(TargetKind.BASELINE)


class TargetParseError(ValueError):
    """A printed target that cannot be read; the message says why, for a person."""


_NO_TARGET_WORDS = ("", "-", "–", "—", "n/a", "none", "no target")
_BASELINE_WORDS = ("bl", "baseline", "baseline year", "baseline being established")
_SIZE = r"(?:\s+(?:of|by)\s+(?P<size>.+?))?"
_CHANGE_RES = (
    re.compile(
        r"year[ -]on[ -]year\s+(?P<direction>reduction|increase|improvement)" + _SIZE,
        re.IGNORECASE,
    ),
    re.compile(
        r"(?P<direction>reduction|increase|improvement)\s+on\s+(?:the\s+)?(?:last|previous)\s+year"
        + _SIZE,
        re.IGNORECASE,
    ),
)
_POINTS_RE = re.compile(r"(?P<amount>.+?)\s*(?:percentage\s+points?|pp|points?)", re.IGNORECASE)
_RANGE_SEPARATOR_RE = re.compile(r"\s*(?:\bto\b|[-–—])\s*", re.IGNORECASE)
EXPECTED = (
    "expected a figure such as '16%', a range such as '7-15%', 'Year on year reduction',"
    " 'BL' or '-'"
)


def _change(match: re.Match[str], text: str, value_type: ValueType | None) -> Target:
    direction = ChangeDirection(match["direction"].casefold())
    size = match["size"]
    if size is None:
        return Target(TargetKind.CHANGE_ON_LAST_YEAR, change_direction=direction)
    if size.lstrip().startswith(("-", "+")):
        raise TargetParseError(
            f"'{text}' is not a target: the size of a change has no sign (the words give its"
            " direction)"
        )
    points = _POINTS_RE.fullmatch(size)
    try:
        if size.endswith("%"):
            percent = read_amount(size, ValueType.PERCENTAGE).amount
            return Target(
                TargetKind.CHANGE_ON_LAST_YEAR, change_percent=percent, change_direction=direction
            )
        if points:
            amount = read_amount(points["amount"], ValueType.NUMBER).amount
        else:
            amount = read_amount(size, value_type).amount
    except ValueParseError as error:
        raise TargetParseError(f"'{text}' is not a target: {error}") from None
    return Target(TargetKind.CHANGE_ON_LAST_YEAR, change_amount=amount, change_direction=direction)


def _same_type(low: Amount, high: Amount, low_text: str, high_text: str) -> tuple[Amount, Amount]:
    """The two ends of a range read in one type: a bare number takes the other end's type."""
    if low.value_type == high.value_type:
        return low, high
    if low.value_type == ValueType.NUMBER:
        return read_amount(low_text, high.value_type), high
    if high.value_type == ValueType.NUMBER:
        return low, read_amount(high_text, low.value_type)
    raise ValueParseError(f"'{low_text}' and '{high_text}' are different kinds of value")


def _range(text: str, value_type: ValueType | None) -> tuple[Target | None, str]:
    """The first way to split ``text`` into two readable ends, or None and why none works."""
    reason = ""
    for separator in _RANGE_SEPARATOR_RE.finditer(text):
        low_text, high_text = text[: separator.start()], text[separator.end() :]
        if not low_text or not high_text:
            continue
        try:
            low = read_amount(low_text, value_type)
            high = read_amount(high_text, value_type)
            if value_type is None:
                low, high = _same_type(low, high, low_text, high_text)
        except ValueParseError as error:
            reason = reason or str(error)
            continue
        if low.amount > high.amount:
            raise TargetParseError(
                f"'{text}' is not a target: a range's low end ({low_text}) is above its high"
                f" end ({high_text})"
            )
        return Target(TargetKind.RANGE, low=low.amount, high=high.amount), ""
    return None, reason


def parse_target(text: str | None, value_type: ValueType | None = None) -> Target:
    """A target as printed.

    A figure ('6', '9.25%', '01:30', '-10%', '35,000') is a VALUE; two figures joined by a dash
    or 'to' ('7-15%', '0.9-1.1', '-5 to 5') are a RANGE, whose low end must not be above its
    high end; 'Year on year reduction' / 'increase' / 'improvement' and 'Reduction on last
    year' are a CHANGE_ON_LAST_YEAR, optionally 'of 5%' (a percentage of last year's figure)
    or 'by 10' (an amount in the measure's units; 'by 2 percentage points' for percentages);
    'BL' / 'Baseline' is BASELINE; blank, '-', 'n/a', 'None' and 'No target' are NO_TARGET.
    With ``value_type`` the figures are read in that type. Anything else raises
    TargetParseError saying why.
    """
    text = (text or "").strip()
    folded = text.casefold()
    if folded in _NO_TARGET_WORDS:
        return NO_TARGET
    if folded in _BASELINE_WORDS:
        return BASELINE
    for pattern in _CHANGE_RES:
        match = pattern.fullmatch(text)
        if match:
            return _change(match, text, value_type)
    try:
        return Target(TargetKind.VALUE, value=read_amount(text, value_type).amount)
    except ValueParseError as error:
        whole = str(error)
    target, reason = _range(text, value_type)
    if target:
        return target
    if reason:
        raise TargetParseError(f"{whole}; read as a range, {reason}")
    if any(character.isdigit() for character in text):
        raise TargetParseError(whole)
    raise TargetParseError(f"'{text}' is not a target: {EXPECTED}")


def format_target(
    target: Target, value_type: ValueType | None = None, decimals: int | None = None
) -> str:
    """A target as printed: '16%', '7-15%', '-5 to 5', '0.9-1.1', 'Year on year reduction',
    'Year on year reduction of 5%', 'Baseline year', and '' for no target.

    Figures print as ``format_amount`` prints them in ``value_type`` (a number when None),
    rounded half up to ``decimals`` when given. A range prints 'low-high' with a percentage's
    '%' only on the high end, or 'low to high' when an end is negative or the ends are dates.
    """
    value_type = ValueType.NUMBER if value_type is None else ValueType(value_type)
    if target.kind == TargetKind.VALUE:
        return format_amount(target.value, value_type, decimals)
    if target.kind == TargetKind.RANGE:
        low = format_amount(target.low, value_type, decimals)
        high = format_amount(target.high, value_type, decimals)
        if target.low < 0 or target.high < 0 or value_type == ValueType.DATE:
            return f"{low} to {high}"
        return f"{low.removesuffix('%')}-{high}"
    if target.kind == TargetKind.CHANGE_ON_LAST_YEAR:
        return _format_change(target, value_type, decimals)
    if target.kind == TargetKind.BASELINE:
        return "Baseline year"
    return ""


def same_target(first: str, second: str, value_type: ValueType | None = None) -> bool:
    """Whether two printed targets are the same target however they were padded: '76.00%'
    and '76%', '7.0-15.0%' and '7-15%' are; '76%' and '75%' are not. Texts that are not
    targets are the same only when equal."""
    if first == second:
        return True
    try:
        return parse_target(first, value_type) == parse_target(second, value_type)
    except TargetParseError:
        return False


def _format_change(target: Target, value_type: ValueType, decimals: int | None) -> str:
    words = f"Year on year {target.change_direction or ChangeDirection.IMPROVEMENT}"
    if target.change_percent is not None and target.change_amount is not None:
        raise ValueError("a change target has a percentage or an amount, not both")
    if target.change_percent is not None:
        return f"{words} of {format_amount(target.change_percent, ValueType.PERCENTAGE)}"
    if target.change_amount is None:
        return words
    if value_type == ValueType.PERCENTAGE:
        points = format_amount(target.change_amount, ValueType.NUMBER, decimals)
        unit = "percentage point" if points == "1" else "percentage points"
        return f"{words} by {points} {unit}"
    return f"{words} by {format_amount(target.change_amount, value_type, decimals)}"
