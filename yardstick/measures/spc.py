"""A measure's SPC chart (an XmR chart, the NHS "Making Data Count" way) for its page: the
figures it shows, their mean and process limits, each point's class in a colour and a shape,
the variation and assurance icons in words, and the table behind it all.

The statistics are the core's (`core.spc.chart`, with the MDC profile); this module only lays
them out, on the same frame as the measure's own chart (`charts.Scale`). Only figures shown
are charted (`measures.shown`): a reader who sees published figures only gets the chart of
those. The target for the assurance icon is the latest charted period's value target.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yardstick.core import palette
from yardstick.core import spc as core_spc
from yardstick.core.ratings import Polarity
from yardstick.core.values import CollectionType, ValueType, format_amount, places_of
from yardstick.measures.charts import (
    HEIGHT,
    LEFT,
    WIDTH,
    Scale,
    Tick,
    value_target,
    x_labels,
)
from yardstick.measures.shown import Shown

SETTINGS = core_spc.MDC
# A figure left out of the calculations is drawn hollow, its class said in words.
EXCLUDED_FILL = "#ffffff"
EXCLUDED_LABEL = "Left out of the calculations"


@dataclass(frozen=True)
class SpcPoint:
    x: float
    y: float
    label: str  # the period
    value: str  # the figure as printed
    point_type: core_spc.PointType
    type_label: str
    rule_label: str  # the rule that classified it, "" for common cause
    fill: str
    excluded: bool  # left out of the calculations: drawn hollow, classed as such
    in_baseline: bool  # one of the figures the limits are fixed on (the measure's baseline)
    marker: str  # the SVG path of its shape
    mean: str
    lpl: str
    upl: str


@dataclass(frozen=True)
class Segment:
    """A horizontal line over one limits period: the mean or a process limit."""

    x1: float
    x2: float
    y: float


@dataclass(frozen=True)
class Legend:
    label: str
    fill: str
    marker: str  # its shape, centred in a 14 x 14 box
    count: int


@dataclass(frozen=True)
class SpcChart:
    width: int
    height: int
    points: tuple[SpcPoint, ...]
    line: str
    means: tuple[Segment, ...]
    limits: tuple[Segment, ...]
    recalculated: tuple[float, ...]  # x of each point that starts a new limits period
    ticks: tuple[Tick, ...]
    x_labels: tuple[SpcPoint, ...]
    legend: tuple[Legend, ...]
    plot_left: int
    plot_bottom: int
    variation: str  # the variation icon in words; "" when there are too few points
    variation_icon: core_spc.VariationIcon | None
    assurance: str  # the assurance icon in words; "" when there is none
    assurance_icon: core_spc.AssuranceIcon | None
    why_no_icons: str  # why an icon is missing, in words
    trial: bool  # the current limits are trial limits
    trial_below: int  # limits from fewer figures than this are trial limits
    target: str  # the target the assurance icon is judged against, as the page prints it
    # Where the performance team had the limits calculated again, and why: (period, reason,
    # whether the period is charted).
    recalculations: tuple[tuple[str, str, bool], ...] = ()
    # The figures left out of the calculations, and why: (period, reason, whether charted).
    exclusions: tuple[tuple[str, str, bool], ...] = ()
    # The measure's baseline in words ("the first 12 figures"), its reason, and why it could
    # not be applied to the figures charted ("" when it was); all "" with no baseline.
    baseline: str = ""
    baseline_reason: str = ""
    baseline_unused: str = ""
    baseline_ends: tuple[float, ...] = ()  # x between a baseline's last figure and the next


def build_spc_chart(
    history: list[Shown], recalculations=(), exclusions=(), baseline=None
) -> SpcChart | None:
    """The SPC chart of the periods that show a numeric figure; None with fewer than two
    (no moving range, so no limits), for a measure of dates or yes/no answers, and for a
    year-to-date measure (`charted`). `recalculations` (the measure's `SpcRecalculation`s)
    start new limits at their periods, where those are charted after the first point;
    `exclusions` (its `SpcExclusion`s) leave their periods' figures out of the calculations,
    drawn hollow; `baseline` (its `SpcBaseline`, or None) fixes the limits on the figures
    it names, and the chart marks where it ends."""
    made = _core_chart(history, recalculations, exclusions, baseline)
    if made is None:
        return None
    rows, chart, index_of, unused, until = made
    in_baseline = _in_baseline(chart, until, unused, baseline)
    measure = rows[0].measure
    polarity = Polarity(measure.polarity)
    target = value_target(rows[-1])
    bounds = [shown.amount for shown in rows]
    for limits in chart.periods:
        bounds += [limits.mean] + [b for b in (limits.lpl, limits.upl) if b is not None]
    scale = Scale.around(bounds, len(rows), measure.value_type)
    step = scale.step

    # A mean or a limit to one place more than the figures (the measure's own places, or
    # the most its figures have), so a point just outside a limit never prints as on it.
    decimals = measure.decimals
    if decimals is None:
        decimals = max(places_of(shown.amount) for shown in rows)
    decimals = min(decimals + 1, 4)

    def printed(amount: Decimal | None) -> str:
        return "" if amount is None else format_amount(amount, measure.value_type, decimals)

    points = []
    for shown, point in zip(rows, chart.points, strict=True):
        limits = chart.periods[point.period]
        swatch, shape = palette.SPC_SWATCHES[point.point_type]
        fill = EXCLUDED_FILL if point.excluded else swatch.fill
        index = len(points)
        points.append(
            SpcPoint(
                x=scale.x(index),
                y=scale.y(shown.amount),
                label=shown.period.label,
                value=shown.actual,
                point_type=point.point_type,
                type_label=EXCLUDED_LABEL
                if point.excluded
                else core_spc.POINT_LABELS[point.point_type],
                rule_label=core_spc.RULE_LABELS[point.rule] if point.rule else "",
                fill=fill,
                excluded=point.excluded,
                in_baseline=index in in_baseline,
                marker=marker(scale.x(index), scale.y(shown.amount), shape),
                mean=printed(limits.mean),
                lpl=printed(limits.lpl),
                upl=printed(limits.upl),
            )
        )
    means, limit_lines = [], []
    for limits in chart.periods:
        x1 = scale.x(limits.start) - (step / 2 if limits.start else 0)
        x2 = scale.x(limits.end - 1) + (step / 2 if limits.end < len(rows) else 0)
        means.append(Segment(round(x1, 1), round(x2, 1), scale.y(limits.mean)))
        for bound in (limits.lpl, limits.upl):
            if bound is not None:
                limit_lines.append(Segment(round(x1, 1), round(x2, 1), scale.y(bound)))
    current = chart.periods[-1]
    return SpcChart(
        width=WIDTH,
        height=HEIGHT,
        points=tuple(points),
        line=" ".join(f"{p.x},{p.y}" for p in points),
        means=tuple(means),
        limits=tuple(limit_lines),
        recalculated=tuple(scale.x(limits.start) for limits in chart.periods[1:]),
        ticks=scale.ticks(),
        x_labels=x_labels(points),
        legend=_legend(points),
        plot_left=LEFT,
        plot_bottom=HEIGHT - 56,
        variation=core_spc.VARIATION_LABELS.get(chart.variation_icon, ""),
        variation_icon=chart.variation_icon,
        assurance=core_spc.ASSURANCE_LABELS.get(chart.assurance_icon, ""),
        assurance_icon=chart.assurance_icon,
        why_no_icons=_why_no_icons(chart, polarity, target, _kept(chart)),
        trial=current.trial,
        trial_below=SETTINGS.trial_limits_below,
        target=rows[-1].target if target is not None else "",
        recalculations=tuple(
            (point.period.label, point.reason, bool(index_of.get(point.period_id)))
            for point in recalculations
        ),
        exclusions=tuple(
            (mark.period.label, mark.reason, mark.period_id in index_of) for mark in exclusions
        ),
        baseline=baseline_words(baseline) if baseline is not None else "",
        baseline_reason=baseline.reason if baseline is not None else "",
        baseline_unused=unused,
        baseline_ends=tuple(
            round(scale.x(index) + step / 2, 1)
            for index in sorted(in_baseline)
            if index + 1 < len(rows)
            and index + 1 not in in_baseline
            and chart.points[index + 1].period == chart.points[index].period
        ),
    )


def baseline_words(baseline) -> str:
    """A measure's `SpcBaseline` in words: "the first 12 figures", "the figures up to and
    including 2019/20"."""
    if baseline.points is not None:
        return f"the first {baseline.points} figures"
    return f"the figures up to and including {baseline.until.label}"


def _in_baseline(chart: core_spc.Chart, until: int | None, unused: str, baseline) -> set[int]:
    """The indexes of the points the limits are fixed on: in each limits period a baseline
    applies to (every one for a number of figures; for a baseline up to a period, the one the
    point `until` is in), the first points kept, as many as its limits were computed from."""
    if baseline is None or unused:
        return set()
    found = set()
    for limits in chart.periods:
        if until is not None and not limits.start <= until < limits.end:
            continue
        kept = [i for i in range(limits.start, limits.end) if not chart.points[i].excluded]
        found.update(kept[: limits.points_used])
    return found


def _core_chart(history: list[Shown], recalculations, exclusions=(), baseline=None):
    """(the rows charted, the core's chart of them, {period id: index}, why the baseline
    could not be applied or "", the index of the point a baseline up to a period ends at or
    None), or None when there is no chart: the one calculation behind the measure page's
    chart, the scorecards' SPC column (and so the reports') and the challenge list.

    A baseline up to a period ends at the last figure charted up to it (the reader may not
    see the figure of the period itself). A baseline the figures charted cannot hold (too
    few of them up to its period, under the profile's `minimum_baseline`) is left out, and
    the first element of the pair says why."""
    rows = [shown for shown in history if shown.amount is not None]
    if len(rows) < 2 or not charted(rows[0].measure):
        return None
    index_of = {shown.period.id: index for index, shown in enumerate(rows)}
    starts = sorted(
        index_of[point.period_id] for point in recalculations if index_of.get(point.period_id)
    )
    values = [shown.amount for shown in rows]
    options = {
        "target": value_target(rows[-1]),
        "settings": SETTINGS,
        "recalculate_at": starts,
        "exclude": [index_of[m.period_id] for m in exclusions if m.period_id in index_of],
    }
    polarity = Polarity(rows[0].measure.polarity)
    until = None
    if baseline is not None and baseline.points is not None:
        options["baseline"] = baseline.points
    elif baseline is not None:
        until = max(
            (i for i, shown in enumerate(rows) if shown.period.start <= baseline.until.start),
            default=-1,
        )
        options["baseline_until"] = until
    try:
        chart = core_spc.chart(values, polarity, **options)
    except ValueError as refused:  # only a baseline the figures shown are too few for
        options.pop("baseline", None)
        options.pop("baseline_until", None)
        chart = core_spc.chart(values, polarity, **options)
        unused = f"The baseline is not applied to the figures charted: {refused}"
        return rows, chart, index_of, unused, None
    return rows, chart, index_of, "", until


def spc_summary(history: list[Shown], recalculations=(), exclusions=(), baseline=None) -> str:
    """What the SPC chart of `history` says of its latest point, in words, for a column of
    many measures: the variation icon and the assurance icon, or why there are none; the
    measure page's calculation, with its recalculation points, excluded figures and
    baseline."""
    made = _core_chart(history, recalculations, exclusions, baseline)
    if made is None:
        if history and unsuited(history[0].measure):
            return "No SPC chart for figures of this kind"
        return "Too few figures for an SPC chart"
    rows, chart = made[:2]
    if not chart.enough_points:
        return f"Too few figures for SPC icons: {_kept(chart)} of {SETTINGS.minimum_points}"
    if chart.variation_icon is None:
        return _why_no_icons(chart, Polarity(rows[0].measure.polarity), None, len(rows))
    words = core_spc.VARIATION_LABELS[chart.variation_icon]
    if chart.assurance_icon is not None:
        words += f". {core_spc.ASSURANCE_LABELS[chart.assurance_icon]}"
    return words


def spc_assurance(
    history: list[Shown], recalculations=(), exclusions=(), baseline=None
) -> core_spc.AssuranceIcon | None:
    """The assurance icon the measure page's SPC chart of `history` shows (the same
    calculation, `_core_chart`); None when it shows none (too few figures, no target of a
    single value, a neutral measure, no chart)."""
    made = _core_chart(history, recalculations, exclusions, baseline)
    if made is None or not made[1].enough_points:
        return None
    return made[1].assurance_icon


def charted(measure) -> bool:
    """Whether a measure's figures can be read on an XmR chart: numbers, not dates or yes/no
    answers, and not year-to-date figures, each of which grows from the last until the year
    starts again (the points are not independent, so the limits would mean nothing)."""
    return not unsuited(measure)


def unsuited(measure) -> str:
    """Why a measure has no SPC chart, in words; "" when it can have one."""
    if measure.collection_type == CollectionType.CUMULATIVE:
        return (
            "No SPC chart: each year-to-date figure adds to the one before until the year "
            "starts again, so the figures do not vary independently and process limits would "
            "mean nothing. Chart the figure for each period alone to read it this way."
        )
    if measure.value_type in (ValueType.DATE, ValueType.YES_NO):
        return "No SPC chart: the figures are not amounts."
    return ""


def _kept(chart: core_spc.Chart) -> int:
    """How many of the chart's figures are in its calculations."""
    return sum(1 for point in chart.points if not point.excluded)


def _legend(points: list[SpcPoint]) -> tuple[Legend, ...]:
    """The classes the chart shows, in the core's order, with how many points of each, and
    the figures left out of the calculations."""
    legend = []
    for point_type in core_spc.PointType:
        count = sum(1 for p in points if p.point_type is point_type and not p.excluded)
        if count:
            swatch, shape = palette.SPC_SWATCHES[point_type]
            label = core_spc.POINT_LABELS[point_type]
            legend.append(Legend(label, swatch.fill, marker(7, 7, shape), count))
    excluded = sum(1 for point in points if point.excluded)
    if excluded:
        shape = palette.SPC_SWATCHES[core_spc.PointType.COMMON_CAUSE][1]
        legend.append(Legend(EXCLUDED_LABEL, EXCLUDED_FILL, marker(7, 7, shape), excluded))
    return tuple(legend)


def marker(x: float, y: float, shape: str) -> str:
    """The SVG path of a point's shape centred on (x, y): a class is told by its shape as well
    as its colour (`palette.SPC_SWATCHES`)."""
    if shape == "square":
        return f"M{x - 5:.1f} {y - 5:.1f}h10v10h-10z"
    if shape == "diamond":
        return f"M{x:.1f} {y - 6:.1f}l6 6l-6 6l-6 -6z"
    if shape == "triangle-up":
        return f"M{x:.1f} {y - 6:.1f}l6 11h-12z"
    if shape == "triangle-down":
        return f"M{x:.1f} {y + 6:.1f}l6 -11h-12z"
    return f"M{x - 4:.1f} {y:.1f}a4 4 0 1 0 8 0a4 4 0 1 0 -8 0z"  # a circle


def _why_no_icons(
    chart: core_spc.Chart, polarity: Polarity, target: Decimal | None, count: int
) -> str:
    if not chart.enough_points:
        return (
            f"The icons are shown from {SETTINGS.minimum_points} figures; this measure has {count}."
        )
    if chart.assurance_icon is not None:
        return ""
    if polarity not in (Polarity.HIGHER, Polarity.LOWER):
        return "No assurance icon: neither higher nor lower figures are better for this measure."
    if target is None:
        return "No assurance icon: the latest period has no target of a single value."
    return "No assurance icon: the figures do not vary, so there are no limits to judge by."
