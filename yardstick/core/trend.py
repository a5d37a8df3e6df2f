"""Direction of travel since the last comparable period, judged by polarity.

The rules, with worked examples, are in docs/calculations.md ("Direction of travel"); each
example there is also a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

from yardstick.core.ratings import (
    Polarity,
    describe_missing,
    describe_polarity,
    format_difference,
)
from yardstick.core.targets import Target, TargetKind, format_target
from yardstick.core.values import CollectionType, Missing, Value, format_amount

_PRECISION = 60  # exact differences for any figure a council prints


class Trend(StrEnum):
    IMPROVED = "improved"
    DETERIORATED = "deteriorated"
    NO_CHANGE = "no change"
    # A contextual measure is never judged, but it keeps the direction of its value.
    ROSE = "rose"
    FELL = "fell"


class ComparisonBasis(StrEnum):
    PREVIOUS_PERIOD = "previous_period"
    SAME_PERIOD_LAST_YEAR = "same_period_last_year"


TREND_SYMBOLS = {
    Trend.IMPROVED: "▲",
    Trend.DETERIORATED: "▼",
    Trend.NO_CHANGE: "–",
    Trend.ROSE: "↑",
    Trend.FELL: "↓",
}
TREND_TEXTS = {
    Trend.IMPROVED: "Improved",
    Trend.DETERIORATED: "Deteriorated",
    Trend.NO_CHANGE: "No change",
    Trend.ROSE: "Up",
    Trend.FELL: "Down",
}


@dataclass(frozen=True)
class Direction:
    trend: Trend | None  # None: no comparison (reason says why)
    reason: str

    @property
    def symbol(self) -> str:
        """▲ improved, ▼ deteriorated, – no change, empty when there is no comparison."""
        return "" if self.trend is None else TREND_SYMBOLS[self.trend]

    @property
    def text(self) -> str:
        """The trend in words, for screen readers and print: never carried by the symbol alone."""
        return "No comparison" if self.trend is None else TREND_TEXTS[self.trend]


def direction_of_travel(
    current: Value | Missing | None,
    comparison: Value | Missing | None,
    polarity: Polarity,
    *,
    no_change_tolerance: Decimal = Decimal("0"),
    comparison_label: str = "the last comparable period",
    range_target: Target | None = None,
) -> Direction:
    """Has the measure improved since the comparison figure, judged by its polarity?

    No change when the difference is within ``no_change_tolerance`` either way (in the
    measure's units, inclusive). An IN_RANGE measure is judged on the distance to its
    ``range_target`` (inside counts as 0; closer is better). A contextual measure is not
    judged: it rose, fell or did not change (within the tolerance). A missing figure on either
    side means no comparison.
    """
    if no_change_tolerance < 0:
        raise ValueError("The no-change tolerance cannot be negative.")
    if not isinstance(current, Value):
        return Direction(None, f"{describe_missing(current)} for this period: no comparison")
    if not isinstance(comparison, Value):
        why = describe_missing(comparison)
        return Direction(None, f"{why} for {comparison_label}: no comparison")
    polarity_text = describe_polarity(polarity, current.value_type)
    with localcontext(prec=_PRECISION):
        if polarity is Polarity.CONTEXTUAL:
            # Which way the value moved, not whether that is good: ↑ rose, ↓ fell.
            gain = current.amount - comparison.amount
            polarity_text = "contextual: which way the figure moved, not judged"
        elif polarity is Polarity.IN_RANGE:
            if range_target is None or range_target.kind is not TargetKind.RANGE:
                return Direction(
                    None,
                    "An in-range measure needs its target range to judge direction of travel",
                )
            low, high = _bounds(range_target)
            range_text = format_target(range_target, current.value_type)
            polarity_text = f"inside the {range_text} range is good"
            # Closer to the range is better: the gain is how much nearer the figure has come.
            gain = _outside(comparison.amount, low, high) - _outside(current.amount, low, high)
        else:
            gain = current.amount - comparison.amount
            if polarity is Polarity.LOWER:
                gain = -gain
        if abs(gain) <= no_change_tolerance:
            trend = Trend.NO_CHANGE
            if gain:
                tolerance = format_difference(no_change_tolerance, current.value_type)
                polarity_text += f"; a change of {tolerance} or less counts as no change"
        elif polarity is Polarity.CONTEXTUAL:
            trend = Trend.ROSE if gain > 0 else Trend.FELL
        else:
            trend = Trend.IMPROVED if gain > 0 else Trend.DETERIORATED
    current_text = format_amount(current.amount, current.value_type, current.decimals)
    comparison_text = format_amount(comparison.amount, comparison.value_type, comparison.decimals)
    return Direction(
        trend,
        f"{TREND_TEXTS[trend]}: {current_text} against {comparison_text} "
        f"in {comparison_label} ({polarity_text})",
    )


def comparison_basis(
    collection_type: CollectionType,
    preferred: ComparisonBasis = ComparisonBasis.PREVIOUS_PERIOD,
) -> ComparisonBasis:
    """What a figure is compared with: cumulative (year-to-date) figures always with the same
    period last year, since the previous period covers a shorter stretch of the year; other
    measures use their own preference."""
    if collection_type is CollectionType.CUMULATIVE:
        return ComparisonBasis.SAME_PERIOD_LAST_YEAR
    return preferred


def _bounds(target: Target) -> tuple[Decimal, Decimal]:
    if target.low is None or target.high is None:
        raise ValueError("A range target needs both its bounds.")
    return min(target.low, target.high), max(target.low, target.high)


def _outside(amount: Decimal, low: Decimal, high: Decimal) -> Decimal:
    """How far ``amount`` lies outside [low, high]; 0 inside."""
    return max(low - amount, amount - high, Decimal(0))
