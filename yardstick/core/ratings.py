"""Rating a figure against its target by rule, with a reason a councillor can read.

The rules, with worked examples, are in docs/calculations.md ("Ratings"); each example there is
also a test. In short: the distance from the target is (actual - target) / |target| x 100, signed
so that positive is better for the measure's polarity, and the band is read off the tolerance
scheme. A zero target (and any date target) is judged in the measure's own units against the
scheme's absolute tolerance instead. The band is decided on the exact distance; only the
percentage printed in the reason is rounded (one place, half up).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from enum import StrEnum

from yardstick.core.targets import Target, TargetKind, format_target
from yardstick.core.values import (
    Missing,
    Value,
    ValueType,
    format_amount,
    format_value,
    round_half_up,
)

# Significant figures for the distance arithmetic: far more than any council figure has, so a
# distance that lands on a threshold (5, 10 ...) is computed exactly and compared exactly.
_PRECISION = 60


class Polarity(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better
    IN_RANGE = "in_range"  # good inside a range
    CONTEXTUAL = "contextual"  # reported, never rated

    @property
    def label(self) -> str:
        """'Higher is better': how a form or a measure's page names the polarity."""
        return POLARITY_LABELS[self]

    @property
    def short_label(self) -> str:
        """'Higher': what a scorecard's "Good is" column prints, in every format."""
        return POLARITY_SHORT_LABELS[self]


class Band(StrEnum):
    HIGH_GREEN = "HG"
    LOW_GREEN = "LG"
    AMBER = "A"
    LOW_RED = "LR"
    HIGH_RED = "HR"
    GREEN = "G"  # three-band scheme and in-range measures
    RED = "R"

    @property
    def label(self) -> str:
        """'High Green'."""
        return BAND_LABELS[self]

    @property
    def shape(self) -> str:
        """The shape printed beside the band, so no rating is carried by colour alone."""
        return BAND_SHAPES[self]

    @property
    def code_and_label(self) -> str:
        """'HG High Green'."""
        return f"{self.value} {self.label}"


BAND_LABELS = {
    Band.HIGH_GREEN: "High Green",
    Band.LOW_GREEN: "Low Green",
    Band.AMBER: "Amber",
    Band.LOW_RED: "Low Red",
    Band.HIGH_RED: "High Red",
    Band.GREEN: "Green",
    Band.RED: "Red",
}

UNRATED_WORDS = frozenset({"-", "–", "—", "nr", "n/a", "not rated", "none"})


def read_band(text: str) -> Band | None:
    """A band as a report prints it: its code or its name, any case ('HG', 'Low Red');
    None for a report's 'not rated' ('-', 'NR', 'Not rated'). ValueError saying what a band
    is written as, otherwise."""
    folded = " ".join(text.split()).casefold()
    if folded in UNRATED_WORDS:
        return None
    for band in Band:
        if folded in (band.value.casefold(), band.label.casefold()):
            return band
    codes = ", ".join(band.value for band in Band)
    raise ValueError(f"'{text}' is not a rating: write its code ({codes}) or its name")


# Best first: the order of tallies, keys and sorting by band.
BAND_ORDER = (
    Band.HIGH_GREEN,
    Band.LOW_GREEN,
    Band.AMBER,
    Band.LOW_RED,
    Band.HIGH_RED,
    Band.GREEN,
    Band.RED,
)
BAND_SHAPES = {
    Band.HIGH_GREEN: "★",
    Band.LOW_GREEN: "●",
    Band.GREEN: "●",
    Band.AMBER: "◆",
    Band.LOW_RED: "▲",
    Band.HIGH_RED: "■",
    Band.RED: "■",
}
# Off target by more than a little: an exception for a board to discuss.
EXCEPTION_BANDS = frozenset({Band.LOW_RED, Band.HIGH_RED, Band.RED})
# Off target at all: a key challenge of the Strategic Performance Report (Amber, Low Red, High
# Red; Red on a three-band key). A green figure that merely dipped is not one.
CHALLENGE_BANDS = frozenset({Band.AMBER, Band.LOW_RED, Band.HIGH_RED, Band.RED})


def is_challenge(band: Band | None) -> bool:
    """Whether a figure rated `band` makes its measure a key challenge by the rule."""
    return band in CHALLENGE_BANDS


# The words for a polarity, each in one place: in a rating's reason ("lower is better"), on a
# form or a measure's page ("Lower is better"), and in a scorecard's "Good is" column ("Lower",
# the same in the app, the public site, the report and every download).
POLARITY_TEXTS = {
    Polarity.HIGHER: "higher is better",
    Polarity.LOWER: "lower is better",
    Polarity.IN_RANGE: "inside the range is good",
    Polarity.CONTEXTUAL: "reported, not judged",
}
POLARITY_LABELS = {
    Polarity.HIGHER: "Higher is better",
    Polarity.LOWER: "Lower is better",
    Polarity.IN_RANGE: "In range",
    Polarity.CONTEXTUAL: "Contextual (reported, not rated)",
}
POLARITY_SHORT_LABELS = {
    Polarity.HIGHER: "Higher",
    Polarity.LOWER: "Lower",
    Polarity.IN_RANGE: "In range",
    Polarity.CONTEXTUAL: "Not rated",
}


class SchemeKind(StrEnum):
    FIVE_BAND = "five_band"
    THREE_BAND = "three_band"


@dataclass(frozen=True)
class ToleranceScheme:
    """Thresholds in percent of |target|.

    Five bands: HG at ``high_green`` or more better; LG met or better by less; A worse by
    under ``amber``; LR worse by ``amber`` to ``low_red`` inclusive; HR worse by more.
    Three bands: G met or better; A worse by under ``amber``; R worse by ``amber`` or more.

    A zero target (or a date target) is judged in the measure's own units (days for a date)
    against ``absolute_tolerance``: met or better is LG (G), or HG when better by the tolerance
    or more and the tolerance is above zero; worse by under the tolerance A; worse by the
    tolerance to twice it LR (R in three bands); worse by more HR. With a tolerance of 0 any
    shortfall is HR (R).
    """

    kind: SchemeKind = SchemeKind.FIVE_BAND
    high_green: Decimal = Decimal("5")
    amber: Decimal = Decimal("5")
    low_red: Decimal = Decimal("10")
    # For a zero target, distances are in the measure's own units against this tolerance.
    absolute_tolerance: Decimal = Decimal("0")

    def __post_init__(self) -> None:
        thresholds = (self.high_green, self.amber, self.low_red, self.absolute_tolerance)
        if min(thresholds) < 0:
            raise ValueError("Tolerance thresholds cannot be negative.")
        if self.kind is SchemeKind.FIVE_BAND and self.amber > self.low_red:
            raise ValueError("The Amber threshold cannot be above the Low Red threshold.")


FIVE_BAND = ToleranceScheme()
THREE_BAND = ToleranceScheme(kind=SchemeKind.THREE_BAND)


def _percent(threshold: Decimal) -> str:
    return format_amount(threshold.normalize(), ValueType.PERCENTAGE)


def rating_key(
    scheme: ToleranceScheme = FIVE_BAND, polarity: Polarity | None = None
) -> tuple[tuple[Band, str], ...]:
    """What each band of ``scheme`` means, in the words of a council's key, with the scheme's
    own thresholds: ((HG, 'Has exceeded target by 5% or more'), ...). An in-range measure is
    rated G, A or R whatever the scheme's kind, so its key is those three. A key is printed
    from the schemes the ratings on the page actually used, never from fixed prose."""
    amber = _percent(scheme.amber)
    if polarity is Polarity.IN_RANGE:
        return (
            (Band.GREEN, "Within the target range"),
            (Band.AMBER, f"Outside the target range by less than {amber}"),
            (Band.RED, f"Outside the target range by {amber} or more"),
        )
    if scheme.kind is SchemeKind.THREE_BAND:
        return (
            (Band.GREEN, "Has met or exceeded target"),
            (Band.AMBER, f"Just off target - less than {amber}"),
            (Band.RED, f"{amber} or more off target"),
        )
    high_green = _percent(scheme.high_green)
    low_red = _percent(scheme.low_red)
    return (
        (Band.HIGH_GREEN, f"Has exceeded target by {high_green} or more"),
        (Band.LOW_GREEN, f"Has met target or exceeded it by under {high_green}"),
        (Band.AMBER, f"Just off target - less than {amber}"),
        (Band.LOW_RED, f"Between {amber} and {low_red} off target"),
        (Band.HIGH_RED, f"More than {low_red} off target"),
    )


def key_of(
    band: Band, scheme: ToleranceScheme, polarity: Polarity | None = None
) -> tuple[tuple[Band, str], ...]:
    """The key a rating in ``band`` was given by: its scheme's (`rating_key`). A rating loaded
    as a council printed it may be in a band its scheme does not have (Green on a five-band
    measure): then the key of the other kind of scheme, with the same thresholds."""
    own = rating_key(scheme, polarity)
    if band in dict(own):
        return own
    if band in (Band.GREEN, Band.RED):
        return rating_key(replace(scheme, kind=SchemeKind.THREE_BAND))
    low_red = max(scheme.low_red, scheme.amber)
    return rating_key(replace(scheme, kind=SchemeKind.FIVE_BAND, low_red=low_red))


@dataclass(frozen=True)
class Rating:
    band: Band | None  # None: not rated (reason says why)
    reason: str
    # Signed, positive is better: percent of |target|, or units for a zero target (days for a
    # date target); computed to 60 significant figures, so thresholds compare exactly.
    distance: Decimal | None = None
    target_used: Decimal | None = None  # the figure the actual was compared with
    # True when ``distance`` is in the measure's own units (zero target, or days for a date).
    distance_in_units: bool = False


def _proposed(would: Rating, target: Target, actual: Value | Missing | None) -> Rating:
    """Not rated: the target is a proposal; what the figure would be against it, if anything."""
    if would.band is None or not isinstance(actual, Value):
        return Rating(None, "The target is proposed, not yet agreed: not rated")
    text = format_target(target, actual.value_type)
    return Rating(
        None,
        f"The target ({text}) is proposed, not yet agreed: not rated; against it the figure "
        f"would be {would.band.label}",
    )


def describe_missing(figure: Missing | None) -> str:
    """Why there is no figure, for a person: the state's meaning and the officer's note."""
    return "No figure" if figure is None else format_value(figure)


def describe_polarity(polarity: Polarity, value_type: ValueType) -> str:
    """How a reason names the polarity: 'lower is better'; for dates 'earlier is better'."""
    if value_type is ValueType.DATE and polarity in (Polarity.HIGHER, Polarity.LOWER):
        return "later is better" if polarity is Polarity.HIGHER else "earlier is better"
    return POLARITY_TEXTS[polarity]


def format_difference(difference: Decimal, value_type: ValueType) -> str:
    """A difference in a measure's own units: '2 percentage points', '3 days', '00:06', '£5'."""
    if value_type is ValueType.PERCENTAGE:
        return f"{format_amount(difference)} percentage point{'' if difference == 1 else 's'}"
    if value_type is ValueType.DATE:
        return f"{format_amount(difference)} day{'' if difference == 1 else 's'}"
    if value_type is ValueType.YES_NO:
        return format_amount(difference)
    return format_amount(difference, value_type)


def rate(
    actual: Value | Missing | None,
    target: Target,
    polarity: Polarity,
    scheme: ToleranceScheme = FIVE_BAND,
    *,
    last_year: Value | Missing | None = None,
    agreed: bool = True,
) -> Rating:
    """Rate ``actual`` against ``target`` for a measure of the given polarity.

    A target not yet ``agreed`` (a proposal) rates nothing: the reason says so, and what the
    figure would be against it.

    ``last_year`` is the same period's figure last year, used by a CHANGE_ON_LAST_YEAR target.
    Figures in the reason are printed with ``actual.value_type``. A RANGE target counts as met
    inside the range (LG, or G in three bands; ``target_used`` None, distance 0); outside it the
    actual is rated against the bound it has passed. An IN_RANGE measure is always rated G, A
    or R. A zero target, and any date target, is judged in units (days) against the scheme's
    ``absolute_tolerance``. Not rated (band None) for a contextual measure, a baseline year or
    no target, a missing figure, or a target that the polarity cannot use; the reason says why.
    A malformed target (a value target without its value, a change by both an amount and a
    percentage) raises ValueError.
    """
    if polarity is Polarity.CONTEXTUAL:
        return Rating(None, "A contextual measure is reported, not rated")
    if not agreed and target.kind is not TargetKind.NONE:
        return _proposed(
            rate(actual, target, polarity, scheme, last_year=last_year), target, actual
        )
    if target.kind is TargetKind.NONE:
        return Rating(None, "No target set: not rated")
    if target.kind is TargetKind.BASELINE:
        return Rating(None, "Baseline year: this figure sets the baseline, so it is not rated")
    if not isinstance(actual, Value):
        return Rating(None, f"{describe_missing(actual)}: not rated")
    if polarity is Polarity.IN_RANGE:
        if target.kind is not TargetKind.RANGE:
            return Rating(
                None,
                "An in-range measure is rated against a range target (such as 0.9-1.1), "
                "and this target is not a range: not rated",
            )
        return _rate_in_range(actual, target, scheme)
    if target.kind is TargetKind.RANGE:
        return _rate_against_range(actual, target, polarity, scheme)
    if target.kind is TargetKind.CHANGE_ON_LAST_YEAR:
        return _rate_on_last_year(actual, target, polarity, scheme, last_year)
    amount = _required(target.value, "A value target")
    return _rate_against(
        actual, amount, polarity, scheme, f"the {_print(amount, actual.value_type)} target"
    )


def _rate_against(
    actual: Value,
    target_amount: Decimal,
    polarity: Polarity,
    scheme: ToleranceScheme,
    target_text: str,
    note: str = "",
) -> Rating:
    """The five- or three-band rating of ``actual`` against one figure, for HIGHER or LOWER.

    ``note`` opens the bracket in the reason (how the target was set).
    """
    value_type = actual.value_type
    actual_text = format_amount(actual.amount, value_type, actual.decimals)
    notes = [note] if note else []
    notes.append(describe_polarity(polarity, value_type))
    with localcontext(prec=_PRECISION):
        gap = actual.amount - target_amount
        if polarity is Polarity.LOWER:
            gap = -gap
        in_units = target_amount == 0 or value_type is ValueType.DATE
        if in_units:
            distance = gap
            band = _band_in_units(gap, scheme)
            notes.append(_units_rule("target", value_type, scheme))
        else:
            distance = gap * 100 / abs(target_amount)
            band = _band_in_percent(distance, scheme)
    if gap == 0:
        comparison = f"meets {target_text}"
    else:
        if in_units:
            how_far = format_difference(abs(gap), value_type)
        else:
            how_far = _percent_text(distance, scheme)
        comparison = f"is {how_far} {'better' if gap > 0 else 'worse'} than {target_text}"
    return Rating(
        band,
        f"{actual_text} {comparison} ({'; '.join(notes)}): {band.label}",
        distance,
        target_amount,
        in_units,
    )


def band_zones(
    scheme: ToleranceScheme, *, in_units: bool = False
) -> tuple[tuple[Band, Decimal | None, Decimal | None], ...]:
    """Where each band of ``scheme`` lies, best first, as (band, from, to): distances from the
    target, positive better, in percent of |target| (or, ``in_units``, in the measure's own
    units against the absolute tolerance, as for a zero or a date target). None is open-ended.
    The same thresholds `rate` uses, for drawing the bands around a target line; bands with no
    width (Amber with a tolerance of 0) are left out. Ends are shared: `rate` says which band
    a distance exactly on one falls in."""
    if in_units:
        tolerance = scheme.absolute_tolerance
        amber, low_red, high_green = tolerance, 2 * tolerance, tolerance or None
    else:
        amber, low_red, high_green = scheme.amber, scheme.low_red, scheme.high_green
    if scheme.kind is SchemeKind.THREE_BAND:
        zones = [(Band.GREEN, Decimal(0), None), (Band.AMBER, -amber, Decimal(0))]
        zones.append((Band.RED, None, -amber))
    else:
        zones = [
            (Band.HIGH_GREEN, high_green, None),
            (Band.LOW_GREEN, Decimal(0), high_green),
            (Band.AMBER, -amber, Decimal(0)),
            (Band.LOW_RED, -low_red, -amber),
            (Band.HIGH_RED, None, -low_red),
        ]
    return tuple(
        (band, start, end)
        for band, start, end in zones
        if (start is None or end is None or start < end) and not (start is end is None)
    )


def _band_in_percent(distance: Decimal, scheme: ToleranceScheme) -> Band:
    if scheme.kind is SchemeKind.THREE_BAND:
        if distance >= 0:
            return Band.GREEN
        return Band.AMBER if distance > -scheme.amber else Band.RED
    if distance >= scheme.high_green:
        return Band.HIGH_GREEN
    if distance >= 0:
        return Band.LOW_GREEN
    if distance > -scheme.amber:
        return Band.AMBER
    return Band.LOW_RED if distance >= -scheme.low_red else Band.HIGH_RED


def _band_in_units(gap: Decimal, scheme: ToleranceScheme) -> Band:
    tolerance = scheme.absolute_tolerance
    if scheme.kind is SchemeKind.THREE_BAND:
        if gap >= 0:
            return Band.GREEN
        return Band.AMBER if -gap < tolerance else Band.RED
    if gap >= 0:
        return Band.HIGH_GREEN if 0 < tolerance <= gap else Band.LOW_GREEN
    if -gap < tolerance:
        return Band.AMBER
    return Band.LOW_RED if -gap <= 2 * tolerance else Band.HIGH_RED


def _rate_against_range(
    actual: Value, target: Target, polarity: Polarity, scheme: ToleranceScheme
) -> Rating:
    """A range target on a HIGHER or LOWER measure: met inside, else rated on the bound passed."""
    low, high = _bounds(target)
    range_text = format_target(target, actual.value_type)
    if low <= actual.amount <= high:
        band = Band.GREEN if scheme.kind is SchemeKind.THREE_BAND else Band.LOW_GREEN
        actual_text = format_amount(actual.amount, actual.value_type, actual.decimals)
        reason = (
            f"{actual_text} is within the {range_text} target range "
            f"({describe_polarity(polarity, actual.value_type)}): {band.label}"
        )
        return Rating(band, reason, Decimal(0), None)
    bound, end = (high, "top") if actual.amount > high else (low, "bottom")
    bound_text = f"{_print(bound, actual.value_type)}, the {end} of the {range_text} target range"
    return _rate_against(actual, bound, polarity, scheme, bound_text)


def _rate_in_range(actual: Value, target: Target, scheme: ToleranceScheme) -> Rating:
    """An in-range measure: G inside; outside, A or R on the distance to the nearest bound."""
    low, high = _bounds(target)
    value_type = actual.value_type
    actual_text = format_amount(actual.amount, value_type, actual.decimals)
    range_text = format_target(target, value_type)
    polarity_text = POLARITY_TEXTS[Polarity.IN_RANGE]
    if low <= actual.amount <= high:
        reason = f"{actual_text} is within the {range_text} range ({polarity_text}): Green"
        return Rating(Band.GREEN, reason, Decimal(0), None)
    bound, side = (high, "above the top") if actual.amount > high else (low, "below the bottom")
    with localcontext(prec=_PRECISION):
        gap = abs(actual.amount - bound)
        in_units = bound == 0 or value_type is ValueType.DATE
        if in_units:
            distance = -gap
            band = Band.AMBER if gap < scheme.absolute_tolerance else Band.RED
            how_far = format_difference(gap, value_type)
            polarity_text += f"; {_units_rule('bound', value_type, scheme)}"
        else:
            distance = -gap * 100 / abs(bound)
            band = Band.AMBER if distance > -scheme.amber else Band.RED
            how_far = _percent_text(distance, scheme)
    reason = f"{actual_text} is {how_far} {side} of the {range_text} range ({polarity_text})"
    return Rating(band, f"{reason}: {band.label}", distance, bound, in_units)


def _rate_on_last_year(
    actual: Value,
    target: Target,
    polarity: Polarity,
    scheme: ToleranceScheme,
    last_year: Value | Missing | None,
) -> Rating:
    """Last year's same-period figure, moved by any change wanted, is the target."""
    if target.change_amount is not None and target.change_percent is not None:
        raise ValueError("A change target has a percentage or an amount, not both.")
    if not isinstance(last_year, Value):
        why = "" if last_year is None else f" ({describe_missing(last_year)})"
        return Rating(
            None,
            f"No figure for the same period last year, which sets the target{why}: not rated",
        )
    value_type = actual.value_type
    base = last_year.amount
    with localcontext(prec=_PRECISION):
        if target.change_percent is not None:
            change = abs(base) * target.change_percent / 100
            change_text = format_amount(target.change_percent, ValueType.PERCENTAGE)
        elif target.change_amount is not None:
            change = target.change_amount
            change_text = format_difference(change, value_type)
        else:
            change, change_text = Decimal(0), ""
        amount = base - change if polarity is Polarity.LOWER else base + change
    if change_text:
        last_year_text = format_amount(base, value_type, last_year.decimals)
        direction = "less" if polarity is Polarity.LOWER else "plus"
        note = f"last year's {last_year_text} {direction} {change_text}"
    else:
        note = "last year's figure"
    target_text = f"the {_print(amount.normalize(), value_type)} target"
    return _rate_against(actual, amount, polarity, scheme, target_text, note)


def _required(amount: Decimal | None, what: str) -> Decimal:
    if amount is None:
        raise ValueError(f"{what} needs its figure.")
    return amount


def _bounds(target: Target) -> tuple[Decimal, Decimal]:
    low = _required(target.low, "A range target")
    high = _required(target.high, "A range target")
    return min(low, high), max(low, high)


def _print(amount: Decimal, value_type: ValueType) -> str:
    return format_amount(amount, value_type)


def _percent_text(distance: Decimal, scheme: ToleranceScheme) -> str:
    """|distance| as printed in a reason: one place, half up.

    The band is decided on the exact distance, so where rounding lands on one of the scheme's
    thresholds the reason says which side the figure is ('just under 5.0%'), and a distance
    that rounds to nothing is 'under 0.1%' rather than '0.0%'.
    """
    size = abs(distance)
    rounded = round_half_up(size, 1)
    if not rounded:
        return "under 0.1%"
    text = format_amount(rounded, ValueType.PERCENTAGE)
    if rounded != size and rounded in (scheme.high_green, scheme.amber, scheme.low_red):
        return f"just {'under' if size < rounded else 'over'} {text}"
    return text


def _units_rule(what: str, value_type: ValueType, scheme: ToleranceScheme) -> str:
    """The note on a reason judged in units: 'a zero target is judged in units, tolerance 0'."""
    kind, units = ("a date", "days") if value_type is ValueType.DATE else ("a zero", "units")
    tolerance = format_difference(scheme.absolute_tolerance, value_type)
    return f"{kind} {what} is judged in {units}, tolerance {tolerance}"
