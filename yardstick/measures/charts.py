"""A measure's history as an SVG line chart with its target line and the rating bands.

Pure layout arithmetic over what the measure shows in each period (`measures.shown`): only
figures shown are plotted, with the band shown; the template draws it. The bands behind the
line are where the measure's own tolerance scheme puts them (`core.ratings.band_zones`), in the
palette's tints (`core.palette`). Every chart sits above a data table with the same figures, so
nothing is only in the picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yardstick.core import palette
from yardstick.core.axis import nice_ticks, tick_places
from yardstick.core.ratings import Band, Distance, Key, Polarity, ToleranceScheme, band_zones
from yardstick.core.targets import TargetKind
from yardstick.core.values import ValueType, format_amount
from yardstick.measures.assessment import core_target
from yardstick.measures.shown import Shown

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 56
MAX_X_LABELS = 16


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: str
    band: Band | None
    fill: str  # the band's fill in the palette (the template outlines every point in black)
    shape: str


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    band: Band | None = None


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: tuple[Point, ...]
    line: str  # the polyline of the actuals
    target_line: str  # the stepped target line
    bands: tuple[Rect, ...]
    ticks: tuple[Tick, ...]
    x_labels: tuple[Point, ...]
    plot_left: int
    plot_bottom: int
    # The comparator group's interquartile range (lower to upper quartile) behind each period
    # it has figures for, and its median (`measures.benchmarking`); none without a group.
    comparator_bands: tuple[Rect, ...] = ()
    comparator_medians: str = ""  # short lines, one per period, like the target line
    comparator_group: str = ""


def value_target(shown: Shown) -> Decimal | None:
    target = core_target(shown.target_row)
    if target.kind == TargetKind.VALUE and target.value is not None:
        return target.value
    return None


@dataclass(frozen=True)
class Scale:
    """Where amounts and periods go on a chart: the plot's frame around `low` to `high`
    (padded) and `count` periods spread evenly along it. Shared by the measure's chart and
    its SPC chart, so the two line up."""

    low: Decimal
    high: Decimal
    count: int
    at: tuple[Decimal, ...] = ()  # the value axis's ticks, low to high (`core.axis`)
    value_type: ValueType = ValueType.NUMBER

    @classmethod
    def around(
        cls, amounts: list[Decimal], count: int, value_type: str = ValueType.NUMBER
    ) -> Scale:
        """A frame from a round tick below `amounts` to one above, in the measure's units (a
        duration's ticks fall on whole seconds, minutes or hours)."""
        low, high = min(amounts), max(amounts)
        pad = (high - low) * Decimal("0.05")
        value_type = ValueType(value_type)
        at = nice_ticks(low - pad, high + pad, duration=value_type == ValueType.DURATION)
        return cls(at[0], at[-1], count, at, value_type)

    @property
    def step(self) -> float:
        return (WIDTH - LEFT - RIGHT) / max(self.count - 1, 1)

    def x(self, index: int) -> float:
        return round(LEFT + index * self.step, 1)

    def y(self, amount: Decimal) -> float:
        amount = min(max(amount, self.low), self.high)
        plot_h = HEIGHT - TOP - BOTTOM
        return round(TOP + float((self.high - amount) / (self.high - self.low)) * plot_h, 1)

    def ticks(self) -> tuple[Tick, ...]:
        """The value axis's ticks, labelled as the measure prints its figures ('15%',
        '£2,000', '01:30'), each with the places the step needs."""
        places = tick_places(self.at)
        shown_as = ValueType.NUMBER if self.value_type == ValueType.YES_NO else self.value_type
        return tuple(
            Tick(y=self.y(amount), label=format_amount(amount, shown_as, places))
            for amount in self.at
        )


def x_labels(points: list) -> tuple:
    """A long history labels every n-th period, counting back from the latest, so the labels
    never overlap; every point keeps its own tooltip and the table has them all."""
    stride = -(-len(points) // MAX_X_LABELS)
    return tuple(reversed(points[::-1][::stride]))


def build_chart(
    history: list[Shown], band: dict | None = None, band_group: str = ""
) -> Chart | None:
    """The chart of the periods that show a numeric figure; None when fewer than two.
    `band`: {period key: the comparator group's spread (`core.benchmark.Spread`)}."""
    band = band or {}
    polarity = Polarity(history[0].measure.polarity) if history else None
    rows = [shown for shown in history if shown.amount is not None]
    if len(rows) < 2:
        return None
    values = [shown.amount for shown in rows]
    targets = [t for t in (value_target(a) for a in rows) if t is not None]
    spreads = [band[shown.period.key] for shown in rows if shown.period.key in band]
    cuts = [amount for cut in spreads for amount in (cut.lower_quartile, cut.upper_quartile)]
    scale = Scale.around(values + targets + cuts, len(rows), history[0].measure.value_type)
    step = scale.step

    points = []
    bands = []
    target_points = []
    comparator_bands, medians = [], []
    for index, shown in enumerate(rows):
        x = scale.x(index)
        cut = band.get(shown.period.key)
        if cut is not None:
            top, bottom = scale.y(cut.upper_quartile), scale.y(cut.lower_quartile)
            left, right = max(x - step / 4, LEFT), min(x + step / 4, WIDTH - RIGHT)
            comparator_bands.append(
                Rect(
                    x=round(left, 1),
                    y=top,
                    width=round(right - left, 1),
                    height=round(max(bottom - top, 1.0), 1),
                    fill="none",
                )
            )
            y = scale.y(cut.median)
            medians.append(f"M{left:.1f},{y}H{right:.1f}")
        band_of = shown.band
        points.append(
            Point(
                x=x,
                y=scale.y(shown.amount),
                label=shown.period.label,
                value=shown.actual,
                band=band_of,
                fill=palette.band_swatch(band_of).fill,
                shape=band_of.shape if band_of else "",
            )
        )
        target = value_target(shown)
        if target is None or polarity not in (Polarity.HIGHER, Polarity.LOWER):
            continue
        target_points.append((x, scale.y(target)))
        in_units = target == 0 or shown.measure.value_type == ValueType.DATE
        bands.extend(
            _band_rects(
                target,
                polarity,
                shown.scheme,
                in_units,
                (scale.low, scale.high),
                x - step / 2,
                step,
                scale.y,
            )
        )
    target_line = " ".join(
        f"{x - step / 2:.1f},{y} {x + step / 2:.1f},{y}" for x, y in target_points
    )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        points=tuple(points),
        line=" ".join(f"{p.x},{p.y}" for p in points),
        target_line=target_line,
        bands=tuple(bands),
        ticks=scale.ticks(),
        x_labels=x_labels(points),
        plot_left=LEFT,
        plot_bottom=HEIGHT - BOTTOM,
        comparator_bands=tuple(comparator_bands),
        comparator_medians=" ".join(medians),
        comparator_group=band_group if comparator_bands else "",
    )


def _band_rects(
    target: Decimal,
    polarity: Polarity,
    scheme: ToleranceScheme | Key,
    in_units: bool,
    bounds: tuple[Decimal, Decimal],
    x: float,
    width: float,
    y_of,
) -> list[Rect]:
    """The bands of `scheme` around a value target, as tinted strips for one period: the
    thresholds of the measure's own tolerance scheme (`band_zones`), in percent of the target,
    or in units for a zero or a date target; an open end runs to the edge of the plot. A key
    in percentage points (docs/keys.md) draws its bounds in points: the measure's own units."""
    points = isinstance(scheme, Key) and scheme.distance is Distance.POINTS
    unit = Decimal(1) if in_units or points else abs(target) / 100
    sign = 1 if polarity == Polarity.HIGHER else -1
    low, high = bounds

    def amount(distance: Decimal | None, better: bool) -> Decimal:
        if distance is None:  # open-ended: to the top or bottom of the plot
            return high if better == (sign > 0) else low
        return target + sign * distance * unit

    rects = []
    for band, start, end in band_zones(scheme, in_units=in_units):
        a = y_of(amount(start, better=False))
        b = y_of(amount(end, better=True))
        top, bottom = min(a, b), max(a, b)
        if bottom - top > 0:
            rects.append(
                Rect(
                    x=round(x, 1),
                    y=top,
                    width=round(width, 1),
                    height=round(bottom - top, 1),
                    fill=palette.band_swatch(band).tint,
                    band=band,
                )
            )
    return rects
