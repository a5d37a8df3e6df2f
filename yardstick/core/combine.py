"""How a measure's figures combine into a longer period: a monthly measure's quarter.

A council collects some measures monthly and reports them on quarterly scorecards. The
quarter's figure is made from its months by the measure's method:

- **sum**: counts (missed bin collections, people helped). Every month is needed: two months
  of a count are not a quarter of it.
- **mean**: the average of the months given (average days to process a claim).
- **last**: the latest month given (a snapshot on a day, a year-to-date or rolling twelve
  months figure: each already covers the quarter's end).
- **ratio**: the months' numerators summed over their denominators summed (a percentage or a
  rate with its counts: calls answered in 20 seconds out of calls received), not the mean of
  the months' percentages.
- **none**: not combined; the measure is shown only in its own periods.

A measure that does not choose is combined by its kind (`method_for`). Whatever the method,
the result says which months it is made from and which are missing (`Combined.note`).

A figure that is the latest of its parts in a period not yet over (a year-to-date measure's
year with Q3 and Q4 to come) is what the period had reached by its latest part: it is rated
against that part's target (for a year-to-date measure, the profiled target to the end of the
part), never the whole period's (`so_far`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from enum import StrEnum

from yardstick.core.periods import PERIOD_NOUNS, DateRange, Period, PeriodType
from yardstick.core.ratings import Rating
from yardstick.core.values import (
    CollectionType,
    Missing,
    MissingState,
    Value,
    ValueType,
    places_of,
    round_half_up,
)


class Combine(StrEnum):
    SUM = "sum"
    MEAN = "mean"
    LAST = "last"
    RATIO = "ratio"
    NONE = "none"


COMBINE_LABELS = {
    Combine.SUM: "Sum of its periods (a count)",
    Combine.MEAN: "Mean of its periods",
    Combine.LAST: "Latest period (a snapshot, year to date or rolling figure)",
    Combine.RATIO: "Summed numerators over summed denominators",
    Combine.NONE: "Not combined: shown only in its own periods",
}

# The words a note uses for each method: "Sum of Jul 18 - Sep 18".
_NOTE_WORDS = {
    Combine.SUM: "Sum of",
    Combine.MEAN: "Mean of",
    Combine.LAST: "Latest of",
    Combine.RATIO: "Summed counts of",
}

# Collections whose every figure already covers the period's end: the latest one stands for
# the longer period.
_LATEST_STANDS = frozenset(
    {CollectionType.CUMULATIVE, CollectionType.ROLLING_12_MONTHS, CollectionType.SNAPSHOT}
)
# Figures that cannot be added or averaged: the latest stands.
_NOT_ARITHMETIC = frozenset({ValueType.DATE, ValueType.YES_NO})
_PROPORTIONS = frozenset({ValueType.PERCENTAGE, ValueType.RATE, ValueType.RATIO})


def method_for(
    chosen: Combine | str | None, collection_type: CollectionType, value_type: ValueType
) -> Combine:
    """The method a measure's figures combine by: its own choice, or by its kind when it has
    none. Year-to-date, rolling and snapshot figures, dates and yes/no answers: the latest;
    percentages, rates and ratios: their counts (`combine` falls back to the mean, and says
    so, when a period has none); durations: the mean; counts and money: the sum."""
    if chosen:
        return Combine(chosen)
    if CollectionType(collection_type) in _LATEST_STANDS:
        return Combine.LAST
    value_type = ValueType(value_type)
    if value_type in _NOT_ARITHMETIC:
        return Combine.LAST
    if value_type in _PROPORTIONS:
        return Combine.RATIO
    if value_type == ValueType.DURATION:
        return Combine.MEAN
    return Combine.SUM


@dataclass(frozen=True)
class Combined:
    """A longer period's figure made from its parts, and what it was made from."""

    value: Value | Missing | None
    method: Combine  # the method used (the mean, where counts were wanted but missing)
    parts: tuple[Period, ...]  # every part the period is made of, in order
    present: tuple[Period, ...]  # the parts with a figure
    reason: str = ""  # why there is no figure, when there is none

    @property
    def missing(self) -> tuple[Period, ...]:
        return tuple(part for part in self.parts if part not in self.present)

    @property
    def covers(self) -> DateRange | None:
        """The run of the parts the figure is made from: the first to the last present."""
        if not self.present or not isinstance(self.value, Value):
            return None
        if self.method == Combine.LAST:
            return self.present[-1].date_range
        return DateRange(self.present[0].start, self.present[-1].end)

    @property
    def note(self) -> str:
        """What a scorecard prints beside the figure: 'Sum of Jul 18 - Sep 18', 'Mean of
        Jul 18 - Sep 18; missing: August 2018', or why there is none."""
        if not isinstance(self.value, Value):
            return self.reason
        covers = self.covers
        words = f"{_NOTE_WORDS[self.method]} {covers.label}" if covers else ""
        if self.method == Combine.LAST:
            words = f"Latest: {self.present[-1].label}"
        missing = self.missing
        if missing and self.method != Combine.LAST:
            words += "; missing: " + ", ".join(part.label for part in missing)
        elif missing and self.present[-1] != self.parts[-1]:
            words += "; missing: " + ", ".join(
                part.label for part in missing if part > self.present[-1]
            )
        return words


@dataclass(frozen=True)
class SoFar:
    """A period's figure to date while the period is not over: the latest of its parts (a
    year-to-date, snapshot or rolling figure) with later parts still to come. It is rated
    against the target of `part`, its latest part with a figure (for a year-to-date measure,
    the profiled target to the end of that part: what the year should have reached by then),
    never the whole period's target."""

    part: Period  # the latest part with a figure: the one whose target is rated against
    to_come: tuple[Period, ...]  # the later parts, with no figure yet
    noun: str  # the whole period, in a sentence: 'year', 'quarter'

    def rated(self, rating: Rating, target: str, whole_target: str = "") -> Rating:
        """`rating`, the figure against `part`'s target (printed `target`), with its reason
        saying so and naming the whole period's own target (`whole_target`, '' for none); not
        rated, saying why, when `part` has no target (`target` is '')."""
        over = f"The {self.noun} is not over ({_listed(self.to_come)} to come)"
        whole = f"the {self.noun}'s {whole_target}" if whole_target else f"the {self.noun}'s"
        if not target:
            return Rating(
                None,
                f"{over}, and there is no target to the end of {self.part.label}: not rated "
                f"against {whole} target",
            )
        return replace(
            rating,
            reason=f"{rating.reason}. {over}: rated against {target}, the target to the end "
            f"of {self.part.label}, not {whole} target",
        )


def so_far(combined: Combined, whole: PeriodType) -> SoFar | None:
    """How a period of type `whole` whose figure is `combined` is rated before it is over: a
    `SoFar` when its figure is the latest of its parts (`Combine.LAST`) and later parts have
    no figure yet; None when the period is complete, has no figure, or its figure is not to
    date (a sum needs every part; a mean or a ratio of the parts so far is held to the
    period's own target, a level that every part is held to)."""
    if combined.method != Combine.LAST or not isinstance(combined.value, Value):
        return None
    latest = combined.present[-1]
    if latest == combined.parts[-1]:
        return None
    to_come = tuple(part for part in combined.parts if part > latest)
    return SoFar(latest, to_come, PERIOD_NOUNS[PeriodType(whole)])


def _listed(parts: tuple[Period, ...]) -> str:
    """'Q3 2018/19 and Q4 2018/19'; 'Q2 2018/19, Q3 2018/19 and Q4 2018/19'."""
    labels = [part.label for part in parts]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def combine(
    parts: Sequence[tuple[Period, Value | Missing | None]],
    method: Combine,
    *,
    value_type: ValueType,
    decimals: int | None = None,
    rate_per: int | None = None,
) -> Combined:
    """The figure of the period `parts` make up (each part with its figure, in order), by
    `method`. A sum needs every part; a mean, a ratio and the latest use the parts given and
    say which are missing. Where no part has a figure, the last part's missing state (with its
    note) stands, if it has one. Means and ratios are rounded, halves away from zero, to
    `decimals` places, or the most places a part was given with."""
    order = tuple(period for period, _ in parts)
    given = [(period, value) for period, value in parts if isinstance(value, Value)]
    present = tuple(period for period, _ in given)
    method = Combine(method)
    if method == Combine.NONE:
        return Combined(None, method, order, (), "Not combined: shown only in its own periods")
    if not given:
        states = [value for _, value in parts if isinstance(value, Missing)]
        reason = "No figure for any of " + ", ".join(period.label for period in order)
        return Combined(states[-1] if states else None, method, order, (), reason)
    values = [value for _, value in given]
    if method == Combine.LAST:
        return Combined(values[-1], method, order, present)
    if method == Combine.SUM:
        missing = [period.label for period in order if period not in present]
        if missing:
            reason = "A sum needs every period: missing " + ", ".join(missing)
            return Combined(Missing(MissingState.NOT_AVAILABLE, reason), method, order, (), reason)
        return Combined(_sum(values, value_type), method, order, present)
    places = decimals if decimals is not None else max(places_of(v.amount) for v in values)
    if method == Combine.RATIO:
        ratio = _ratio(values, value_type, _scale(value_type, rate_per), places)
        if ratio is not None:
            return Combined(ratio, method, order, present)
    mean = sum((value.amount for value in values), Decimal(0)) / len(values)
    value = Value(round_half_up(mean, places), value_type, decimals=places)
    return Combined(value, Combine.MEAN, order, present)


def _counted(value: Value) -> bool:
    return (
        value.numerator is not None
        and value.denominator is not None
        and not value.denominator.is_zero()
    )


def _scale(value_type: ValueType, rate_per: int | None) -> int | None:
    if value_type == ValueType.PERCENTAGE:
        return 100
    if value_type == ValueType.RATE:
        return rate_per
    return 1


def _sum(values: list[Value], value_type: ValueType) -> Value:
    amount = sum((value.amount for value in values), Decimal(0))
    numerators = [value.numerator for value in values]
    numerator = None if None in numerators else sum(numerators, Decimal(0))
    places = [value.decimals for value in values]
    decimals = None if None in places else max(places)
    return Value(amount, value_type, numerator=numerator, decimals=decimals)


def _ratio(
    values: list[Value], value_type: ValueType, scale: int | None, places: int
) -> Value | None:
    """The summed numerators over the summed denominators; None (the mean stands instead)
    when a part lacks its counts, or the measure has no scale (a rate per nothing)."""
    if scale is None or not all(_counted(value) for value in values):
        return None
    numerator = sum((value.numerator for value in values), Decimal(0))
    denominator = sum((value.denominator for value in values), Decimal(0))
    if denominator.is_zero():
        return None
    with localcontext() as context:
        context.prec = 40
        exact = numerator * scale / denominator
    return Value(
        round_half_up(exact, places),
        value_type,
        numerator=numerator,
        denominator=denominator,
        decimals=places,
    )
