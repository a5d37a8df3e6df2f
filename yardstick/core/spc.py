"""Statistical process control: XmR charts the NHS "Making Data Count" way.

The method, every setting and worked examples are in docs/calculations.md ("Statistical process
control"); each example there is also a test. The specification (issue 13 §1, with where the
reference implementation NHSRplotthedots, "PTD", and NHS England's own tools, "MDC", differ)
is summarised on that page.

In short: each limits period has a mean and process limits at mean ± 2.66 × the mean moving
range; four rules find special-cause points (outside the limits, a shift of 7 on one side of
the mean, a trend of 7 rising or falling, two of three beyond two sigma); each such point is
high or low, which the measure's polarity makes an improvement or a concern; the chart's
variation icon is the last point's, and its assurance icon compares the target with the
current limits. Every way MDC and PTD differ is a named field of `SpcSettings`, and the two
profiles are its two instances, `MDC` (the default) and `PTD`.

Numbers: values, targets and limits are `Decimal`, as everywhere in the core. In between, the
arithmetic is exact (`fractions.Fraction`): a mean of 20 values, or a mean moving range of 19,
seldom ends in a decimal, and rounding it would decide a point or a target lying exactly on a
limit by the rounding rather than by the rule. So every comparison a rule makes is exact, and
adding a constant to every value, or scaling them, changes no flag (a test checks both). Only
the limits handed back are rounded, to `PRECISION` significant figures, and only when their
exact value has more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise

from yardstick.core.ratings import Polarity

LIMIT_FACTOR = Fraction("2.66")  # the literal 2.66 of PTD, MDC-SQL and the Excel tool
SCREENING_FACTOR = Fraction("3.267")  # the moving range chart's upper limit, per MR-bar
PRECISION = 28  # significant figures of a limit handed back (exact when it has fewer)


class Rule(StrEnum):
    OUTSIDE_LIMITS = "outside_limits"
    TREND = "trend"
    TWO_OF_THREE = "two_of_three"
    SHIFT = "shift"


# PTD's order: under `Conflicts.PRECEDENCE` the first of these that a point is part of labels
# it; otherwise it is the order in which the rule that classified a point is named.
RULE_PRECEDENCE = (Rule.OUTSIDE_LIMITS, Rule.TREND, Rule.TWO_OF_THREE, Rule.SHIFT)


class Side(StrEnum):
    HIGH = "high"
    LOW = "low"


class PointType(StrEnum):
    COMMON_CAUSE = "common_cause"
    IMPROVEMENT = "special_cause_improvement"
    CONCERN = "special_cause_concern"
    NEUTRAL_HIGH = "special_cause_neutral_high"
    NEUTRAL_LOW = "special_cause_neutral_low"


class VariationIcon(StrEnum):
    COMMON_CAUSE = "common_cause"
    IMPROVEMENT_HIGH = "improvement_high"
    IMPROVEMENT_LOW = "improvement_low"
    CONCERN_HIGH = "concern_high"
    CONCERN_LOW = "concern_low"
    NEUTRAL_HIGH = "neutral_high"
    NEUTRAL_LOW = "neutral_low"


class AssuranceIcon(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    HIT_OR_MISS = "hit_or_miss"


# What each class, icon and rule is called on a page or in a document: the one set of words.
POINT_LABELS = {
    PointType.COMMON_CAUSE: "Common cause variation",
    PointType.IMPROVEMENT: "Special cause: improvement",
    PointType.CONCERN: "Special cause: concern",
    PointType.NEUTRAL_HIGH: "Special cause: higher (neither better nor worse)",
    PointType.NEUTRAL_LOW: "Special cause: lower (neither better nor worse)",
}
VARIATION_LABELS = {
    VariationIcon.COMMON_CAUSE: "Common cause variation: no significant change",
    VariationIcon.IMPROVEMENT_HIGH: "Special cause variation: improving, with higher figures",
    VariationIcon.IMPROVEMENT_LOW: "Special cause variation: improving, with lower figures",
    VariationIcon.CONCERN_HIGH: "Special cause variation: a concern, with higher figures",
    VariationIcon.CONCERN_LOW: "Special cause variation: a concern, with lower figures",
    VariationIcon.NEUTRAL_HIGH: "Special cause variation: higher figures",
    VariationIcon.NEUTRAL_LOW: "Special cause variation: lower figures",
}
ASSURANCE_LABELS = {
    AssuranceIcon.PASS: "The process will consistently meet the target",
    AssuranceIcon.FAIL: "The process will consistently fail the target",
    AssuranceIcon.HIT_OR_MISS: "The process will hit and miss the target at random",
}
RULE_LABELS = {
    Rule.OUTSIDE_LIMITS: "outside the process limits",
    Rule.TREND: "a trend of 7 rising or falling",
    Rule.TWO_OF_THREE: "two of three beyond two sigma",
    Rule.SHIFT: "a shift of 7 on one side of the mean",
}


class Conflicts(StrEnum):
    """What a point that is part of a high signal and a low one at once is."""

    IMPROVEMENT = "improvement"  # MDC's Excel tool; a neutral measure's point is high
    CONCERN = "concern"  # MDC-SQL's other MetricConflictRule; a neutral measure's is high
    PRECEDENCE = "precedence"  # PTD: the first rule of RULE_PRECEDENCE the point is part of


class Screening(StrEnum):
    """Which moving ranges are left out of MR-bar as too large, and what else goes with them."""

    NONE = "none"  # every moving range counts (MDC's Excel tool and MDC-SQL's default)
    PTD = "ptd"  # PTD: leave out MR >= 3.267 x MR-bar; the mean keeps every point
    # MDC-SQL when asked to screen: leave out MR > 3.267 x MR-bar (one on the line stays), and
    # the mean leaves out every point whose own moving range (from the point before) went
    MDC_SQL = "mdc_sql"


class AssuranceBounds(StrEnum):
    INCLUSIVE = "inclusive"  # MDC-SQL since v2.1: a target on a limit passes or fails
    STRICT = "strict"  # PTD: a target on a limit is hit or miss


class TwoOfThree(StrEnum):
    """Which points count towards two of three near a limit."""

    BEYOND_TWO_SIGMA = "beyond_two_sigma"  # MDC's change of Nov 2023: outside the limits too
    TWO_TO_THREE_SIGMA = "two_to_three_sigma"  # PTD 0.2.2, MDC-SQL v2.5: not outside them


@dataclass(frozen=True)
class SpcSettings:
    """Every way the MDC and PTD profiles differ, by name (docs/calculations.md has the table)."""

    name: str
    screening: Screening  # which large moving ranges (and points) the limits leave out
    conflicts: Conflicts
    assurance_bounds: AssuranceBounds
    two_of_three: TwoOfThree
    trend_across_periods: bool  # a trend may run over a recalculation point (MDC-SQL)
    minimum_points: int  # fewer points in the chart than this: no icons
    trial_limits_below: int  # limits from fewer points than this are trial limits
    minimum_baseline: int  # the fewest points a fixed baseline may have
    shift_length: int = 7
    trend_length: int = 7

    def __post_init__(self) -> None:
        if min(self.shift_length, self.trend_length, self.minimum_baseline) < 2:
            raise ValueError("A shift, a trend and a baseline need at least 2 points.")


MDC = SpcSettings(
    name="mdc",
    screening=Screening.NONE,
    conflicts=Conflicts.IMPROVEMENT,
    assurance_bounds=AssuranceBounds.INCLUSIVE,
    two_of_three=TwoOfThree.BEYOND_TWO_SIGMA,
    trend_across_periods=True,
    minimum_points=15,
    trial_limits_below=12,
    minimum_baseline=2,
)
PTD = SpcSettings(
    name="ptd",
    screening=Screening.PTD,
    conflicts=Conflicts.PRECEDENCE,
    assurance_bounds=AssuranceBounds.STRICT,
    two_of_three=TwoOfThree.TWO_TO_THREE_SIGMA,
    trend_across_periods=False,
    minimum_points=1,
    trial_limits_below=13,
    minimum_baseline=12,
)
PROFILES = {profile.name: profile for profile in (MDC, PTD)}

# MDC's improvement directions, as a polarity: the one vocabulary of "which way is better".
# A measure judged in a range, or not judged, has no better direction: SPC calls it neutral.
DIRECTIONS = {
    "increase": Polarity.HIGHER,
    "decrease": Polarity.LOWER,
    "neutral": Polarity.CONTEXTUAL,
}
_IMPROVING = {Polarity.HIGHER: Side.HIGH, Polarity.LOWER: Side.LOW}
_ICONS = {
    (PointType.IMPROVEMENT, Side.HIGH): VariationIcon.IMPROVEMENT_HIGH,
    (PointType.IMPROVEMENT, Side.LOW): VariationIcon.IMPROVEMENT_LOW,
    (PointType.CONCERN, Side.HIGH): VariationIcon.CONCERN_HIGH,
    (PointType.CONCERN, Side.LOW): VariationIcon.CONCERN_LOW,
    (PointType.NEUTRAL_HIGH, Side.HIGH): VariationIcon.NEUTRAL_HIGH,
    (PointType.NEUTRAL_LOW, Side.LOW): VariationIcon.NEUTRAL_LOW,
}


# The longest baseline of a number of points: 83 years of months; past it a number is a typing
# slip, not a baseline.
MAXIMUM_BASELINE = 1000


def baseline_problem(points: int, settings: SpcSettings = MDC) -> str:
    """Why a baseline of the first ``points`` points of each limits period cannot be, in words;
    "" when it can: at least the settings' ``minimum_baseline``, at most MAXIMUM_BASELINE."""
    if points < settings.minimum_baseline:
        return (
            f"A baseline needs at least {settings.minimum_baseline} points "
            f"under the {settings.name.upper()} settings."
        )
    if points > MAXIMUM_BASELINE:
        return f"A baseline can be at most {MAXIMUM_BASELINE} points."
    return ""


def read_direction(text: str) -> Polarity:
    """'increase', 'decrease' or 'neutral' (any case) as the polarity it means."""
    polarity = DIRECTIONS.get(text.strip().lower())
    if polarity is None:
        raise ValueError(f"'{text}' is not a direction: write increase, decrease or neutral")
    return polarity


@dataclass(frozen=True)
class Limits:
    """One limits period: points ``start`` to ``end`` (exclusive) of the chart.

    ``lpl`` and ``upl`` are None when the limits were computed from a single point (no moving
    range). ``points_used`` is how many points they were computed from (a baseline's, or the
    whole period's); ``trial`` says they are trial limits, from too few points.
    """

    start: int
    end: int
    mean: Decimal
    mean_moving_range: Decimal | None
    lpl: Decimal | None
    upl: Decimal | None
    points_used: int
    trial: bool


@dataclass(frozen=True)
class Point:
    value: Decimal
    period: int  # index of its limits period in Chart.periods
    outside_limits: bool
    close_to_limits: bool  # beyond two sigma, not outside the limits
    signals: frozenset[tuple[Rule, Side]]  # every rule the point is part of, and which way
    rule: Rule | None  # the rule that classified it; None for common cause
    side: Side | None
    point_type: PointType
    # Left out ("ghosted", MDC-SQL): shown, but in no mean, limit, moving range or rule.
    excluded: bool = False


@dataclass(frozen=True)
class Chart:
    points: tuple[Point, ...]
    periods: tuple[Limits, ...]
    enough_points: bool  # as many points as the settings' minimum: the icons are shown
    variation_icon: VariationIcon | None  # None when there are too few points
    assurance_icon: AssuranceIcon | None  # None too with no target or a neutral measure

    def limits_of(self, point: Point) -> Limits:
        return self.periods[point.period]


@dataclass(frozen=True)
class _Exact:
    mean: Fraction
    half_width: Fraction | None  # 2.66 x MR-bar; None with no moving range


def chart(
    values: Sequence[Decimal],
    polarity: Polarity,
    *,
    target: Decimal | None = None,
    recalculate_at: Iterable[int] = (),
    baseline: int | None = None,
    settings: SpcSettings = MDC,
    exclude: Iterable[int] = (),
    baseline_until: int | None = None,
) -> Chart:
    """The XmR chart of ``values`` (in date order) for a measure of ``polarity``.

    ``recalculate_at`` holds the indexes of the points that start a new limits period (0 is the
    start anyway); ``baseline`` computes each period's limits from its first so many points;
    ``baseline_until`` (the index of a point: "baseline 2016/17 to 2018/19") computes the limits
    of the period it falls in from that period's points up to and including it (MDC-SQL's
    baseline), leaving the other periods' as they are; -1, a baseline that ends before the first
    point, is refused as too short. ``exclude`` holds the indexes of points left out ("ghosted",
    as MDC-SQL does): each stays on the chart, in its limits period, but is in no mean, limit,
    moving range (the range is taken between its neighbours), baseline, rule or icon, and counts
    towards no minimum. A polarity other than higher or lower is neutral: no direction is
    better, and no assurance icon. ValueError for no values, a recalculation or excluded point
    outside the chart, every point excluded, a baseline shorter than the settings allow, or both
    kinds of baseline at once.
    """
    if baseline is not None and baseline_until is not None:
        raise ValueError("Give a baseline as a number of points or up to a point, not both.")
    if baseline_until is not None and not -1 <= baseline_until < len(values):
        raise ValueError("A baseline must end at one of the chart's points.")
    excluded = set(exclude)
    if not excluded:
        return _chart(values, polarity, target, recalculate_at, baseline, settings, baseline_until)
    if min(excluded) < 0 or max(excluded) >= len(values):
        raise ValueError("An excluded point must be one of the chart's points.")
    kept = [index for index in range(len(values)) if index not in excluded]
    if not kept:
        raise ValueError("A chart needs at least one point that is not excluded.")
    starts = sorted(set(recalculate_at))
    if starts and (starts[0] < 0 or starts[-1] >= len(values)):
        raise ValueError("A recalculation point must be one of the chart's points.")
    # A recalculation point that is itself left out starts its period at the next point kept;
    # one after the last point kept starts nothing.
    position = {index: number for number, index in enumerate(kept)}
    first_kept = [next((position[k] for k in kept if k >= start), None) for start in starts]
    inner_starts = sorted({number for number in first_kept if number})
    until = None
    if baseline_until is not None:
        # The baseline ends at the last point kept up to the one given.
        until = max((position[k] for k in kept if k <= baseline_until), default=-1)
    inner = _chart(
        [values[index] for index in kept],
        polarity,
        target,
        inner_starts,
        baseline,
        settings,
        until,
    )
    # Each limits period spans the points from where it was asked to start (an excluded
    # recalculation point included) to the next period's start.
    begins = [0]
    for limits in inner.periods[1:]:
        begins.append(min(s for s, n in zip(starts, first_kept, strict=True) if n == limits.start))
    ends = [*begins[1:], len(values)]
    periods = tuple(
        replace(limits, start=begin, end=end)
        for limits, begin, end in zip(inner.periods, begins, ends, strict=True)
    )
    points = []
    for index, value in enumerate(values):
        if index in position:
            points.append(inner.points[position[index]])
            continue
        period = next(n for n, limits in enumerate(periods) if limits.start <= index < limits.end)
        points.append(
            Point(
                value=value,
                period=period,
                outside_limits=False,
                close_to_limits=False,
                signals=frozenset(),
                rule=None,
                side=None,
                point_type=PointType.COMMON_CAUSE,
                excluded=True,
            )
        )
    return replace(inner, points=tuple(points), periods=periods)


def _chart(
    values: Sequence[Decimal],
    polarity: Polarity,
    target: Decimal | None,
    recalculate_at: Iterable[int],
    baseline: int | None,
    settings: SpcSettings,
    baseline_until: int | None = None,
) -> Chart:
    """`chart` of points none of which is excluded."""
    if not values:
        raise ValueError("A chart needs at least one value.")
    if baseline is not None and (problem := baseline_problem(baseline, settings)):
        raise ValueError(problem)
    starts = sorted({0, *recalculate_at})
    if starts[-1] >= len(values) or starts[0] < 0:
        raise ValueError("A recalculation point must be one of the chart's points.")
    bounds = list(zip(starts, [*starts[1:], len(values)], strict=True))
    exact = [Fraction(value) for value in values]

    periods, exact_limits, period_of = [], [], []
    if baseline_until is not None:
        # (-1: the baseline ends before the first point, or the first point kept.)
        first = max((start for start in starts if start <= baseline_until), default=0)
        if baseline_until - first + 1 < settings.minimum_baseline:
            raise ValueError(
                f"A baseline needs at least {settings.minimum_baseline} points under the "
                f"{settings.name.upper()} settings: it ends too early, after "
                f"{baseline_until - first + 1}."
            )
    for number, (start, end) in enumerate(bounds):
        used = exact[start:end][:baseline]
        if baseline_until is not None and start <= baseline_until < end:
            used = exact[start : baseline_until + 1]
        limits = _limits(used, settings.screening)
        exact_limits.append(limits)
        period_of += [number] * (end - start)
        periods.append(_shown(start, end, limits, len(used), settings))

    signs, outside, near, close = [], [], [], []
    signals: list[set[tuple[Rule, Side]]] = [set() for _ in values]
    for index, value in enumerate(exact):
        limits = exact_limits[period_of[index]]
        signs.append(_sign(value - limits.mean))
        if limits.half_width is None:
            outside.append(False)
            near.append(False)
            close.append(False)
            continue
        beyond = abs(value - limits.mean) > limits.half_width
        beyond_two_sigma = abs(value - limits.mean) > 2 * limits.half_width / 3
        outside.append(beyond)
        close.append(beyond_two_sigma and not beyond)
        if settings.two_of_three is TwoOfThree.BEYOND_TWO_SIGMA:
            near.append(beyond_two_sigma)
        else:
            near.append(close[-1])
        if beyond:
            signals[index].add((Rule.OUTSIDE_LIMITS, _side(signs[index])))

    for start, end in bounds:
        for first, last, sign in _runs(signs, start, end, settings.shift_length):
            for index in range(first, last):
                signals[index].add((Rule.SHIFT, _side(sign)))
        for window in range(start, end - 2):
            sides = set(signs[window : window + 3])
            if len(sides) == 1 and 0 not in sides and sum(near[window : window + 3]) >= 2:
                for index in range(window, window + 3):
                    if near[index]:
                        signals[index].add((Rule.TWO_OF_THREE, _side(signs[index])))

    # A trend's points are the ones whose steps rise (or fall) together, and the point before.
    trend_side: dict[int, Side] = {}
    steps = [0] + [_sign(value - before) for before, value in pairwise(exact)]
    trend_bounds = [(0, len(values))] if settings.trend_across_periods else bounds
    for start, end in trend_bounds:
        for first, last, sign in _runs(steps, start + 1, end, settings.trend_length - 1):
            for index in range(first - 1, last):
                signals[index].add((Rule.TREND, _side(sign)))
                trend_side[index] = _side(sign)  # a later trend wins, as in PTD

    points = []
    for index, value in enumerate(values):
        rule, side = _classify(signals[index], trend_side.get(index), polarity, settings)
        points.append(
            Point(
                value=value,
                period=period_of[index],
                outside_limits=outside[index],
                close_to_limits=close[index],
                signals=frozenset(signals[index]),
                rule=rule,
                side=side,
                point_type=point_type(side, polarity),
            )
        )

    enough = len(values) >= settings.minimum_points
    last = points[-1]
    return Chart(
        points=tuple(points),
        periods=tuple(periods),
        enough_points=enough,
        variation_icon=variation_icon(last) if enough else None,
        assurance_icon=(
            _assurance(exact_limits[-1], target, polarity, settings.assurance_bounds)
            if enough
            else None
        ),
    )


def _limits(used: list[Fraction], screening: Screening) -> _Exact:
    """Mean and half-width from the points used. PTD's screening leaves out each moving range
    of 3.267 x MR-bar or more and keeps the mean; MDC-SQL's leaves out each one above it and
    takes the mean without the points whose own moving range went. If screening would leave
    no moving range, or only zeros, nothing is screened (PTD would give no limits, or flag
    every point)."""
    mean = sum(used, Fraction(0)) / len(used)
    ranges = [abs(value - before) for before, value in pairwise(used)]
    if not ranges:
        return _Exact(mean, None)
    mean_range = sum(ranges, Fraction(0)) / len(ranges)
    if screening is not Screening.NONE:
        bound = SCREENING_FACTOR * mean_range
        if screening is Screening.PTD:
            kept = [size < bound for size in ranges]
        else:
            kept = [size <= bound for size in ranges]
        sizes = [size for size, keep in zip(ranges, kept, strict=True) if keep]
        if sum(sizes, Fraction(0)) > 0:
            mean_range = sum(sizes, Fraction(0)) / len(sizes)
            if screening is Screening.MDC_SQL:
                # The first point has no moving range of its own, so it always stays.
                points = [used[0]] + [
                    value for value, keep in zip(used[1:], kept, strict=True) if keep
                ]
                mean = sum(points, Fraction(0)) / len(points)
    return _Exact(mean, LIMIT_FACTOR * mean_range)


def _shown(start: int, end: int, limits: _Exact, used: int, settings: SpcSettings) -> Limits:
    width = limits.half_width
    return Limits(
        start=start,
        end=end,
        mean=to_decimal(limits.mean),
        mean_moving_range=None if width is None else to_decimal(width / LIMIT_FACTOR),
        lpl=None if width is None else to_decimal(limits.mean - width),
        upl=None if width is None else to_decimal(limits.mean + width),
        points_used=used,
        trial=used < settings.trial_limits_below,
    )


def to_decimal(number: Fraction) -> Decimal:
    """A limit as a Decimal: exact when it has at most PRECISION significant figures."""
    with localcontext(prec=PRECISION):
        return Decimal(number.numerator) / Decimal(number.denominator)


def _sign(number: Fraction) -> int:
    return (number > 0) - (number < 0)


def _side(sign: int) -> Side:
    return Side.HIGH if sign > 0 else Side.LOW


def _runs(signs: Sequence[int], start: int, end: int, length: int):
    """(first, last exclusive, sign) of each run, within start:end, of at least ``length``
    equal non-zero signs."""
    first = start
    for index in range(start + 1, end + 1):
        if index < end and signs[index] == signs[first]:
            continue
        if signs[first] != 0 and index - first >= length:
            yield first, index, signs[first]
        first = index


def _classify(
    signals: set[tuple[Rule, Side]],
    trend_side: Side | None,
    polarity: Polarity,
    settings: SpcSettings,
) -> tuple[Rule | None, Side | None]:
    """The rule that classifies a point and its side; (None, None) for common cause."""
    if not signals:
        return None, None
    if settings.conflicts is Conflicts.PRECEDENCE:
        rules = {rule for rule, _ in signals}
        rule = next(rule for rule in RULE_PRECEDENCE if rule in rules)
        if rule is Rule.TREND:
            return rule, trend_side
        return rule, next(side for named, side in signals if named is rule)
    sides = {side for _, side in signals}
    if len(sides) == 1:
        (side,) = sides
    else:
        side = _resolve(polarity, settings.conflicts)
    return next(rule for rule in RULE_PRECEDENCE if (rule, side) in signals), side


def _resolve(polarity: Polarity, conflicts: Conflicts) -> Side:
    """The side a point with a high and a low signal takes: the better one under IMPROVEMENT,
    the worse under CONCERN; high for a neutral measure (MDC-SQL)."""
    improving = _IMPROVING.get(polarity)
    if improving is None or conflicts is Conflicts.IMPROVEMENT:
        return improving or Side.HIGH
    return Side.LOW if improving is Side.HIGH else Side.HIGH


def point_type(side: Side | None, polarity: Polarity) -> PointType:
    """Common cause, or what a high or low signal means for a measure of ``polarity``."""
    if side is None:
        return PointType.COMMON_CAUSE
    improving = _IMPROVING.get(polarity)
    if improving is None:
        return PointType.NEUTRAL_HIGH if side is Side.HIGH else PointType.NEUTRAL_LOW
    return PointType.IMPROVEMENT if side is improving else PointType.CONCERN


def variation_icon(point: Point) -> VariationIcon:
    """The chart's variation icon: its last point's class and side."""
    if point.side is None:
        return VariationIcon.COMMON_CAUSE
    return _ICONS[(point.point_type, point.side)]


def _assurance(
    limits: _Exact, target: Decimal | None, polarity: Polarity, bounds: AssuranceBounds
) -> AssuranceIcon | None:
    improving = _IMPROVING.get(polarity)
    if target is None or improving is None or limits.half_width is None:
        return None
    # Distances past each limit, positive the better way: the target against the process.
    goal = Fraction(target) - limits.mean
    if improving is Side.LOW:
        goal = -goal
    inclusive = bounds is AssuranceBounds.INCLUSIVE
    if goal < -limits.half_width or (inclusive and goal == -limits.half_width):
        return AssuranceIcon.PASS
    if goal > limits.half_width or (inclusive and goal == limits.half_width):
        return AssuranceIcon.FAIL
    return AssuranceIcon.HIT_OR_MISS
