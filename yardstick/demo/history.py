"""Synthetic history for the demo council: figures and targets for the quarters the published
report does not cover, made up around each measure's published figures.

Pure Python, no database: a `MeasureHistory` (the measure's kind and its published figures and
targets) goes in, synthetic figures and targets by period key come out. Every measure has its
own random generator seeded from its code, so the history is the same on every load and a
change to one measure leaves the others alone.

What "plausible" means here:
- a figure wanders around the measure's published figures (a drift over the years and some
  quarter-to-quarter noise), and figures that never moved in the report stay where they are;
- percentages stay within 0-100 (or -100 to 100 for a "% change" measure), durations and
  ratios stay positive, counts are whole numbers, and each figure has the places the report
  printed;
- a cumulative (year-to-date) measure rises through each year, passing through the published
  figures of that year;
- a measure reported once a year has one figure a year, in the quarter it reports;
- figures with a numerator and denominator keep them consistent with the figure.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import fmean, pstdev

from yardstick.core.periods import Period
from yardstick.core.ratings import Polarity
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType, round_half_up

# Share of the year's total reached by the end of each quarter, for a cumulative measure.
CUMULATIVE_SHARE = {1: 0.25, 2: 0.5, 3: 0.75, 4: 1.0}
TARGET_EASING_PER_YEAR = 0.02  # earlier years' targets were this much less demanding a year
RATED_KINDS = frozenset({TargetKind.VALUE, TargetKind.RANGE, TargetKind.CHANGE_ON_LAST_YEAR})


@dataclass(frozen=True)
class MeasureHistory:
    """What the generator needs to know about one measure."""

    code: str
    value_type: ValueType
    polarity: Polarity
    cumulative: bool = False
    annual: bool = False  # reports once a year, in the quarter of its published figures
    first_key: str | None = ""  # first quarter to fill ("" no limit, None: fill nothing)
    published: dict[str, Value] = field(default_factory=dict)  # by period key
    targets: dict[str, Target] = field(default_factory=dict)  # published targets, by key


@dataclass(frozen=True)
class Synthetic:
    figures: dict[str, Value]
    targets: dict[str, Target]


def places_of(amount: Decimal) -> int:
    exponent = amount.normalize().as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def synthesise(
    measure: MeasureHistory, quarters: Sequence[Period], fill: Sequence[str]
) -> Synthetic:
    """Synthetic figures for the quarters keyed in `fill`, and targets for those quarters
    (where the measure has published targets to model them on).

    `quarters` is every quarter of the demo in date order, published or not; the figures
    of the quarters in `measure.published` are never replaced, only built around.
    """
    rng = random.Random(f"yardstick-demo:{measure.code}")
    keys = [quarter.key for quarter in quarters]
    anchors = {
        keys.index(key): float(value.amount)
        for key, value in measure.published.items()
        if key in keys and isinstance(value, Value)
    }
    if not anchors or measure.first_key is None or measure.value_type in NOT_WALKED:
        return Synthetic({}, {})
    first = keys.index(measure.first_key) if measure.first_key else 0
    wanted = [keys.index(key) for key in fill if key in keys and keys.index(key) >= first]
    if measure.annual:
        positions = {quarters[index].number for index in anchors}
        wanted = [index for index in wanted if quarters[index].number in positions]
    shape = _Shape.of(measure, anchors)
    if measure.cumulative:
        series = _cumulative(measure, quarters, anchors, shape, rng)
    else:
        series = _walk(quarters, anchors, shape, rng)
    figures = {keys[index]: shape.value(series[index], rng) for index in sorted(wanted)}
    targets = _targets(measure, quarters, figures, shape)
    return Synthetic(figures, targets)


NOT_WALKED = frozenset({ValueType.YES_NO, ValueType.DATE})


@dataclass(frozen=True)
class _Shape:
    """The limits, places and scale of a measure's figures, from its published figures."""

    value_type: ValueType
    places: int
    low: float
    high: float
    centre: float
    scale: float
    spread: float
    steady: bool  # every published figure the same: the history stays there
    denominator: float | None  # mean published denominator, for figures that have one
    numerator_ratio: float | None  # numerator per unit of figure, when only a numerator

    @classmethod
    def of(cls, measure: MeasureHistory, anchors: dict[int, float]) -> _Shape:
        values = [v for v in measure.published.values() if isinstance(v, Value)]
        printed = [v.decimals for v in values if v.decimals is not None]
        places = max(printed) if printed else max(places_of(v.amount) for v in values)
        amounts = list(anchors.values())
        low, high = float("-inf"), float("inf")
        if measure.value_type == ValueType.PERCENTAGE:
            low, high = (-100.0 if min(amounts) < 0 else 0.0), 100.0
        elif measure.value_type in (ValueType.DURATION, ValueType.RATIO):
            low = 10.0**-places
        elif min(amounts) >= 0:
            low = 0.0
        centre = fmean(amounts)
        step = 10.0**-places
        scale = max(abs(centre), 5 * step)
        spread = max(0.5 * pstdev(amounts), 0.04 * scale)
        with_both = [v for v in values if v.numerator is not None and v.denominator]
        with_numerator = [v for v in values if v.numerator is not None and not v.denominator]
        denominator = fmean(float(v.denominator) for v in with_both) if with_both else None
        ratio = None
        if with_numerator and all(v.amount for v in with_numerator):
            ratio = fmean(float(v.numerator / v.amount) for v in with_numerator)
        return cls(
            value_type=measure.value_type,
            places=places,
            low=low,
            high=high,
            centre=centre,
            scale=scale,
            spread=spread,
            steady=len(amounts) > 1 and len(set(amounts)) == 1,
            denominator=denominator,
            numerator_ratio=ratio,
        )

    def clamp(self, amount: float) -> float:
        return min(max(amount, self.low), self.high)

    def rounded(self, amount: float) -> Decimal:
        return round_half_up(Decimal(repr(self.clamp(amount))), self.places)

    def value(self, amount: float, rng: random.Random) -> Value:
        """A figure for `amount`, with a numerator and denominator in step with it."""
        if self.denominator is not None:
            denominator = max(1, round(self.denominator * rng.uniform(0.85, 1.15)))
            share = self.clamp(amount) / (100.0 if self.value_type == ValueType.PERCENTAGE else 1)
            numerator = min(max(round(share * denominator), 0), denominator)
            factor = Decimal(100) if self.value_type == ValueType.PERCENTAGE else Decimal(1)
            exact = Decimal(numerator) * factor / Decimal(denominator)
            return Value(
                amount=round_half_up(exact, self.places),
                value_type=self.value_type,
                numerator=Decimal(numerator),
                denominator=Decimal(denominator),
                decimals=self.places,
            )
        rounded = self.rounded(amount)
        numerator = None
        if self.numerator_ratio is not None:
            numerator = Decimal(max(round(float(rounded) * self.numerator_ratio), 0))
        return Value(
            amount=rounded, value_type=self.value_type, numerator=numerator, decimals=self.places
        )


def _walk(
    quarters: Sequence[Period], anchors: dict[int, float], shape: _Shape, rng: random.Random
) -> list[float]:
    """Around the published figures: half the nearest published level, half their mean,
    plus a drift over the years before the first published figure and correlated noise."""
    if shape.steady:
        return [shape.centre] * len(quarters)
    drift = rng.uniform(-0.07, 0.07) * shape.scale  # a year
    first = min(anchors)
    noise = 0.0
    series = []
    for index in range(len(quarters)):
        noise = 0.5 * noise + rng.gauss(0.0, shape.spread)
        years_before = max(first - index, 0) / 4
        level = 0.5 * _interpolate(anchors, index) + 0.5 * shape.centre
        series.append(shape.clamp(level - drift * years_before + noise))
    return series


def _interpolate(anchors: dict[int, float], index: int) -> float:
    if index in anchors:
        return anchors[index]
    before = [i for i in anchors if i < index]
    after = [i for i in anchors if i > index]
    if not before:
        return anchors[min(after)]
    if not after:
        return anchors[max(before)]
    low, high = max(before), min(after)
    weight = (index - low) / (high - low)
    return anchors[low] + weight * (anchors[high] - anchors[low])


def _levels(quarters: Sequence[Period], anchors: dict[int, float], shape: _Shape) -> dict:
    """A cumulative measure's typical level at the end of each quarter of a year."""
    by_position: dict[int, list[float]] = {}
    for index, amount in anchors.items():
        by_position.setdefault(quarters[index].number, []).append(amount)
    known = {position: fmean(amounts) for position, amounts in by_position.items()}
    levels: dict[int, float] = {}
    for position in (1, 2, 3, 4):
        if position in known:
            levels[position] = known[position]
            continue
        nearest = min(known, key=lambda k: (abs(k - position), k))
        share = CUMULATIVE_SHARE[position] / CUMULATIVE_SHARE[nearest]
        levels[position] = known[nearest] * share
    ceiling = shape.high if shape.high != float("inf") else None
    for position in (2, 3, 4):
        previous = levels[position - 1]
        if ceiling is not None and levels[position] > ceiling - 1:
            levels[position] = previous + (ceiling - 0.8 - previous) * 0.8
        if levels[position] <= previous:
            room = (ceiling - previous) * 0.3 if ceiling is not None else abs(previous) * 0.1
            levels[position] = previous + max(room, 10.0**-shape.places)
    return levels


def _cumulative(
    measure: MeasureHistory,
    quarters: Sequence[Period],
    anchors: dict[int, float],
    shape: _Shape,
    rng: random.Random,
) -> list[float]:
    """Year to date: each year follows the measure's typical profile, scaled by a drift over
    the years and a little noise, and rises through the year (through its published figures)."""
    levels = _levels(quarters, anchors, shape)
    drift = rng.uniform(-0.06, 0.06)
    latest_year = max(quarters[index].financial_year.start.year for index in anchors)
    series = []
    for quarter in quarters:
        years_before = latest_year - quarter.financial_year.start.year
        factor = 1 - drift * years_before + rng.gauss(0.0, 0.04)
        series.append(levels[quarter.number] * factor * (1 + rng.gauss(0.0, 0.02)))
    if shape.high != float("inf"):  # a year-to-date percentage stops short of 100%
        series = [
            amount if amount < shape.high - 1 else shape.high - rng.uniform(1.0, 3.0)
            for amount in series
        ]
    years: dict[int, list[int]] = {}
    for index, quarter in enumerate(quarters):
        years.setdefault(quarter.financial_year.start.year, []).append(index)
    for indexes in years.values():
        for index in indexes:
            if index in anchors:
                series[index] = anchors[index]
        for later, index in zip(reversed(indexes), reversed(indexes[:-1]), strict=False):
            if index not in anchors:
                series[index] = min(series[index], series[later])
        for earlier, index in itertools.pairwise(indexes):
            if index not in anchors:
                series[index] = max(series[index], series[earlier])
    return [shape.clamp(amount) for amount in series]


def _targets(
    measure: MeasureHistory,
    quarters: Sequence[Period],
    figures: dict[str, Value],
    shape: _Shape,
) -> dict[str, Target]:
    """Targets for the synthetic quarters, modelled on the published targets: the same kind;
    a year's published target for its other quarters (profiled through the year for a
    cumulative measure); earlier years a little less demanding."""
    published = {
        key: target for key, target in measure.targets.items() if target.kind in RATED_KINDS
    }
    if not published:
        return {}
    by_key = {quarter.key: quarter for quarter in quarters}
    known = sorted((by_key[key] for key in published if key in by_key), key=lambda q: q.start)
    if not known:
        return {}
    levels = _levels(quarters, _anchor_indexes(measure, quarters), shape)
    targets = {}
    for key in figures:
        quarter = by_key[key]
        year = quarter.financial_year.start.year
        model = min(
            known,
            key=lambda q: (
                abs(q.financial_year.start.year - year),
                abs(q.number - quarter.number),
            ),
        )
        target = published[model.key]
        years_before = max(model.financial_year.start.year - year, 0)
        targets[key] = _adjusted(measure, shape, target, levels, model, quarter, years_before)
    return targets


def _anchor_indexes(measure: MeasureHistory, quarters: Sequence[Period]) -> dict[int, float]:
    keys = [quarter.key for quarter in quarters]
    return {
        keys.index(key): float(value.amount)
        for key, value in measure.published.items()
        if key in keys and isinstance(value, Value)
    }


def _adjusted(
    measure: MeasureHistory,
    shape: _Shape,
    target: Target,
    levels: dict[int, float],
    model: Period,
    quarter: Period,
    years_before: int,
) -> Target:
    if target.kind != TargetKind.VALUE or target.value is None:
        return target
    amount = float(target.value)
    if measure.cumulative and model.number != quarter.number and levels[model.number]:
        amount *= levels[quarter.number] / levels[model.number]
    easing = TARGET_EASING_PER_YEAR * years_before * abs(amount)
    if measure.polarity == Polarity.HIGHER:
        amount -= easing
    elif measure.polarity == Polarity.LOWER:
        amount += easing
    if amount == float(target.value):
        return target
    if target.value >= 0:
        amount = max(amount, 0.0)
    if measure.value_type == ValueType.PERCENTAGE:
        amount = min(max(amount, -100.0), 100.0)
    places = places_of(target.value)
    return Target(kind=TargetKind.VALUE, value=round_half_up(Decimal(repr(amount)), places))
