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
from functools import cache

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
    BLUE = "B"  # exceeding target: the best band of a BRAG key (Blue, Green, Amber, Red)
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

    @property
    def met(self) -> bool:
        """Whether the band counts as on target or better (Blue, the greens): the "on target"
        of every count, and the side an in-range measure's Green comes from."""
        return self in MET_BANDS

    @property
    def red(self) -> bool:
        """Whether the band counts as well off target (Low Red, High Red, Red)."""
        return self in RED_BANDS

    @property
    def challenge(self) -> bool:
        """Whether a figure in the band is off target at all: a key challenge (`is_challenge`),
        and a figure that needs commentary."""
        return self in CHALLENGE_BANDS

    @property
    def exception(self) -> bool:
        """Whether a figure in the band is off target by more than a little: an exception for
        a board to discuss (the red bands)."""
        return self in EXCEPTION_BANDS


BAND_LABELS = {
    Band.BLUE: "Blue",
    Band.HIGH_GREEN: "High Green",
    Band.LOW_GREEN: "Low Green",
    Band.AMBER: "Amber",
    Band.LOW_RED: "Low Red",
    Band.HIGH_RED: "High Red",
    Band.GREEN: "Green",
    Band.RED: "Red",
}

# What the key prints for a Blue rating loaded as a council printed it, where the key that
# rates the measure has no Blue band (`key_of`).
EXCEEDING_MEANING = "Has exceeded target"

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
    Band.BLUE,
    Band.HIGH_GREEN,
    Band.LOW_GREEN,
    Band.AMBER,
    Band.LOW_RED,
    Band.HIGH_RED,
    Band.GREEN,
    Band.RED,
)
BAND_SHAPES = {
    Band.BLUE: "✚",  # heavy cross, "plus": beyond target (in DejaVu Sans, as pages and PDFs use)
    Band.HIGH_GREEN: "★",
    Band.LOW_GREEN: "●",
    Band.GREEN: "●",
    Band.AMBER: "◆",
    Band.LOW_RED: "▲",
    Band.HIGH_RED: "■",
    Band.RED: "■",
}
# Bands that count as on or better than target (Blue, exceeding, counts wherever green does),
# and bands that count as well off it: the two sides an in-range measure's G, A or R comes
# from. Read them through the band's properties (`Band.met`, `Band.red`).
MET_BANDS = frozenset({Band.BLUE, Band.HIGH_GREEN, Band.LOW_GREEN, Band.GREEN})
RED_BANDS = frozenset({Band.LOW_RED, Band.HIGH_RED, Band.RED})
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

    @property
    def key(self) -> Key:
        """The scheme as a key: the one way a figure is banded (`Key.band_for`)."""
        return _scheme_key(self)


@cache
def _scheme_key(scheme: ToleranceScheme) -> Key:
    if scheme.kind is SchemeKind.THREE_BAND:
        specs = [
            (Band.GREEN, Decimal(0), True),
            (Band.AMBER, -scheme.amber, False),
            (Band.RED, None, True),
        ]
        name = "Three bands"
    else:
        specs = [
            (Band.HIGH_GREEN, scheme.high_green, True),
            (Band.LOW_GREEN, Decimal(0), True),
            (Band.AMBER, -scheme.amber, False),
            (Band.LOW_RED, -scheme.low_red, True),
            (Band.HIGH_RED, None, True),
        ]
        name = "Five bands"
    return Key(name, reachable(specs), absolute_tolerance=scheme.absolute_tolerance)


class Distance(StrEnum):
    """How a key measures the distance from the target."""

    PERCENT = "percent"  # percent of |target|
    POINTS = "points"  # percentage points (figures that are percentages)


class TrendAgainst(StrEnum):
    """What a key compares a figure with for its direction of travel."""

    PREVIOUS = "previous"  # the previous period
    LAST_YEAR = "last_year"  # the same period last year
    BY_MEASURE = "by_measure"  # each measure's own rule


# Which units rule a key's zero targets follow (five bands when the key uses any of HG, LG, LR,
# HR).
FIVE_BAND_CODES = frozenset({Band.HIGH_GREEN, Band.LOW_GREEN, Band.LOW_RED, Band.HIGH_RED})


@dataclass(frozen=True)
class KeyBand:
    """One band of a key: a figure whose signed distance meets ``bound`` (``distance >=
    bound`` when ``inclusive``, the key file's ``at_least``; ``distance > bound`` otherwise,
    its ``above``) takes this band, unless a better band took it first. The last band of a key
    has no bound: it takes every figure left."""

    band: Band
    bound: Decimal | None = None
    inclusive: bool = True
    label: str = ""  # as the council's key prints it; the band's own label when blank
    meaning: str = ""  # the sentence printed in the key; generated from the bounds when blank
    colour: str = ""
    shape: str = ""

    def takes(self, distance: Decimal) -> bool:
        if self.bound is None:
            return True
        return distance >= self.bound if self.inclusive else distance > self.bound

    @property
    def title(self) -> str:
        return self.label or self.band.label


def check_bands(bands: tuple[KeyBand, ...]) -> tuple[int, str, str] | None:
    """The first thing wrong with a key's bands, as (index of the band, the field at fault:
    'code', 'bound' or '', the reason); None when they make a key: at least two bands, each
    code once, every band but the last bounded, the last unbounded, and each band reachable
    (its bound below the one before, or the same figure with `at_least` after `above`), so
    the bands are in order, best first."""
    if len(bands) < 2:
        return 0, "", "a key needs at least two bands"
    seen: set[Band] = set()
    for index, band in enumerate(bands):
        last = index == len(bands) - 1
        if band.band in seen:
            return index, "code", f"the band '{band.band.value}' is in the key twice"
        seen.add(band.band)
        if band.band is Band.BLUE and index:
            return (
                index,
                "code",
                f"'{Band.BLUE.value}' is the exceeding band, better than every other: it comes "
                "first, best first",
            )
        if last and band.bound is not None:
            return index, "bound", "the last band takes every figure left, so it has no bound"
        if not last and band.bound is None:
            return index, "", "every band but the last needs a bound: at_least = X or above = X"
        if index and not last and _order(band) >= _order(bands[index - 1]):
            previous = bands[index - 1]
            return (
                index,
                "bound",
                (
                    f"the bands are out of order: '{band.band.value}' ({_bound_text(band)}) must "
                    f"be below '{previous.band.value}' ({_bound_text(previous)}), best first"
                ),
            )
    return None


def _order(band: KeyBand) -> tuple[Decimal, int]:
    """Bounds in order: `at_least X` takes more figures than `above X`, less than `above Y<X`."""
    assert band.bound is not None
    return band.bound, 0 if band.inclusive else 1


def _bound_text(band: KeyBand) -> str:
    return f"{'at_least' if band.inclusive else 'above'} = {band.bound}"


@dataclass(frozen=True)
class Key:
    """A council's key: its bands best first, how it measures the distance from the target,
    what a trend compares with, and the tolerances of its zero targets and of "no change".
    Every rating goes through a key: a `ToleranceScheme` is rated by its `key`."""

    name: str
    bands: tuple[KeyBand, ...]
    distance: Distance = Distance.PERCENT
    trend_against: TrendAgainst = TrendAgainst.BY_MEASURE
    # For a zero target (and a date target), distances are in units against this tolerance.
    absolute_tolerance: Decimal = Decimal("0")
    no_change_tolerance: Decimal | None = None  # None: each measure's own

    def __post_init__(self) -> None:
        problem = check_bands(self.bands)
        if problem is not None:
            raise ValueError(problem[2])
        tolerances = (self.absolute_tolerance, self.no_change_tolerance or Decimal(0))
        if min(tolerances) < 0:
            raise ValueError("A key's tolerances cannot be negative.")

    def band_for(self, distance: Decimal) -> Band:
        """The first band, best first, whose bound ``distance`` meets."""
        return next(band.band for band in self.bands if band.takes(distance))

    @property
    def five_band(self) -> bool:
        """Whether the key's zero targets follow the five-band units rule (else three)."""
        return any(band.band in FIVE_BAND_CODES for band in self.bands)

    def units_key(self) -> Key:
        """The key a zero target (or a date target) is judged by, in the measure's own units
        against ``absolute_tolerance``: today's rule whatever the key (docs/calculations.md)."""
        return _units_key(self)


@cache
def _units_key(key: Key) -> Key:
    tolerance = key.absolute_tolerance
    if key.five_band:
        specs = [
            (Band.HIGH_GREEN, tolerance, True),
            (Band.LOW_GREEN, Decimal(0), True),
            (Band.AMBER, -tolerance, False),
            (Band.LOW_RED, -2 * tolerance, True),
            (Band.HIGH_RED, None, True),
        ]
        if not tolerance:
            specs.pop(0)  # a tolerance of 0 has no High Green: met is Low Green
    else:
        specs = [
            (Band.GREEN, Decimal(0), True),
            (Band.AMBER, -tolerance, False),
            (Band.RED, None, True),
        ]
    return replace(key, name=f"{key.name} (in units)", bands=reachable(specs))


def reachable(specs: list[tuple[Band, Decimal | None, bool]]) -> tuple[KeyBand, ...]:
    """Bands from (band, bound, inclusive), best first, leaving out any band no figure can
    reach (an Amber of width 0): what a scheme's thresholds make."""
    bands: list[KeyBand] = []
    for band, bound, inclusive in specs:
        candidate = KeyBand(band, bound, inclusive)
        if bands and bound is not None and _order(candidate) >= _order(bands[-1]):
            continue
        bands.append(candidate)
    return tuple(bands)


FIVE_BAND = ToleranceScheme()
THREE_BAND = ToleranceScheme(kind=SchemeKind.THREE_BAND)


def _percent(threshold: Decimal) -> str:
    return format_amount(threshold.normalize(), ValueType.PERCENTAGE)


def as_key(scheme: ToleranceScheme | Key) -> Key:
    """The key a figure is banded by: a key itself, or a tolerance scheme's own."""
    return scheme if isinstance(scheme, Key) else scheme.key


def distance_text(amount: Decimal, distance: Distance = Distance.PERCENT) -> str:
    """A key's bound as its key prints it: '5%', or '5 percentage points'."""
    size = abs(amount)
    if distance is Distance.POINTS:
        return format_difference(size, ValueType.PERCENTAGE)
    return _percent(size)


def band_sentence(key: Key, index: int) -> str:
    """The sentence the key prints for its band ``index``, generated from the bounds: the
    band's figures lie from its own bound up to the bound of the band before it."""
    band = key.bands[index]
    upper = key.bands[index - 1] if index else None

    def text(amount: Decimal) -> str:
        return distance_text(amount, key.distance)

    if upper is None:  # the best band: its bound and everything better
        low = _required(band.bound, "Every band but the last")
        if low > 0:
            more = f"{text(low)} or more" if band.inclusive else f"more than {text(low)}"
            return f"Has exceeded target by {more}"
        if low == 0:
            return "Has met or exceeded target" if band.inclusive else "Has exceeded target"
        if band.inclusive:
            return f"On, above or within {text(low)} of target"
        return f"On target, above it or less than {text(low)} off it"
    high = _required(upper.bound, "Every band but the last")
    # Under the band before: below its `at_least` bound, or at most its `above` bound.
    below_high = f"under {text(high)}" if upper.inclusive else f"{text(high)} or less"
    if band.bound is None:  # the last band: everything worse than the band before
        if high < 0:
            more = f"More than {text(high)}" if upper.inclusive else f"{text(high)} or more"
            return f"{more} off target"
        if high == 0:
            return "Has missed target" if upper.inclusive else "Has not exceeded target"
        return f"Below target, or above it by {below_high}"
    low = band.bound
    if low >= 0:
        if low == 0:
            met = "Has met target or exceeded it" if band.inclusive else "Has exceeded target"
            return f"{met} by {below_high}"
        more = f"{text(low)} or more" if band.inclusive else f"more than {text(low)}"
        return f"Has exceeded target by {more} and by {below_high}"
    within = f"{text(low)} or less" if band.inclusive else f"less than {text(low)}"
    if high < 0:
        return f"Between {text(high)} and {text(low)} off target"
    if high == 0:
        return f"Just off target - {within}" if upper.inclusive else f"On target or off by {within}"
    return f"Off target by {within}, or above it by {below_high}"


def rating_key(
    scheme: ToleranceScheme | Key = FIVE_BAND, polarity: Polarity | None = None
) -> tuple[tuple[Band, str], ...]:
    """What each band of ``scheme`` (a key, or a tolerance scheme's key) means, in the words
    of a council's key: each band's own ``meaning``, or a sentence generated from its bounds
    ((HG, 'Has exceeded target by 5% or more'), ...). An in-range measure is rated G, A or R
    whatever the key, so its key is those three. A key is printed from the keys the ratings on
    the page actually used, never from fixed prose."""
    key = as_key(scheme)
    if polarity is Polarity.IN_RANGE:
        return _in_range_key(key)
    return tuple(
        (band.band, band.meaning or band_sentence(key, index))
        for index, band in enumerate(key.bands)
    )


def _in_range_key(key: Key) -> tuple[tuple[Band, str], ...]:
    """An in-range measure's key: Green inside; outside, the key's red bands are Red and its
    other bands Amber (`_outside`), so Amber reaches as far as the bound before the first red."""
    rows = [(Band.GREEN, "Within the target range")]
    first_red = next((i for i, band in enumerate(key.bands) if band.band.red), None)
    if first_red is None:
        return (*rows, (Band.AMBER, "Outside the target range"))
    bound = key.bands[first_red - 1] if first_red else None
    if bound is None or _required(bound.bound, "A bound") >= 0:  # no figure outside is Amber
        return (*rows, (Band.RED, "Outside the target range"))
    text = distance_text(bound.bound, key.distance)
    if bound.inclusive:
        amber, red = f"{text} or less", f"more than {text}"
    else:
        amber, red = f"less than {text}", f"{text} or more"
    return (
        *rows,
        (Band.AMBER, f"Outside the target range by {amber}"),
        (Band.RED, f"Outside the target range by {red}"),
    )


def key_of(
    band: Band, scheme: ToleranceScheme | Key, polarity: Polarity | None = None
) -> tuple[tuple[Band, str], ...]:
    """The key a rating in ``band`` was given by: its scheme's (`rating_key`). A rating loaded
    as a council printed it may be in a band its scheme does not have (Green on a five-band
    measure): then the key of the other kind of scheme, with the same thresholds (for a key
    file's key, today's default key of that kind)."""
    own = rating_key(scheme, polarity)
    if band in dict(own):
        return own
    if band is Band.BLUE:  # printed Blue, by a key this measure is not rated by today
        return ((Band.BLUE, EXCEEDING_MEANING), *own)
    if isinstance(scheme, Key):
        return rating_key(THREE_BAND if band in (Band.GREEN, Band.RED) else FIVE_BAND)
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
    scheme: ToleranceScheme | Key = FIVE_BAND,
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
    percentage) raises ValueError. ``scheme`` is a `Key` or a `ToleranceScheme`; either way
    the band is read off a key (`Key.band_for`), the one rule for banding.
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
        return _rate_in_range(actual, target, as_key(scheme))
    if target.kind is TargetKind.RANGE:
        return _rate_against_range(actual, target, polarity, as_key(scheme))
    if target.kind is TargetKind.CHANGE_ON_LAST_YEAR:
        return _rate_on_last_year(actual, target, polarity, as_key(scheme), last_year)
    amount = _required(target.value, "A value target")
    return _rate_against(
        actual, amount, polarity, as_key(scheme), f"the {_print(amount, actual.value_type)} target"
    )


def _rate_against(
    actual: Value,
    target_amount: Decimal,
    polarity: Polarity,
    key: Key,
    target_text: str,
    note: str = "",
) -> Rating:
    """The rating by ``key`` of ``actual`` against one figure, for HIGHER or LOWER.

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
        distance, banding, in_units = _distance(gap, target_amount, value_type, key)
        band = banding.band_for(distance)
        if banding is not key:
            notes.append(_units_rule("target", value_type, key))
    if gap == 0:
        comparison = f"meets {target_text}"
    else:
        if in_units:
            how_far = format_difference(abs(gap), value_type)
        else:
            how_far = _percent_text(distance, key)
        comparison = f"is {how_far} {'better' if gap > 0 else 'worse'} than {target_text}"
    return Rating(
        band,
        f"{actual_text} {comparison} ({'; '.join(notes)}): {band.label}",
        distance,
        target_amount,
        in_units,
    )


def _distance(
    gap: Decimal, reference: Decimal, value_type: ValueType, key: Key
) -> tuple[Decimal, Key, bool]:
    """The signed distance (positive better) of a figure ``gap`` from ``reference``, the key
    that bands it, and whether the distance is in the measure's own units. A zero reference
    (and any date) is judged in units by the key's units rule (`Key.units_key`); a
    percentage-points key judges a percentage in points; otherwise percent of |reference|."""
    if reference == 0 or value_type is ValueType.DATE:
        return gap, key.units_key(), True
    if key.distance is Distance.POINTS and value_type is ValueType.PERCENTAGE:
        return gap, key, True
    return gap * 100 / abs(reference), key, False


def band_zones(
    scheme: ToleranceScheme | Key, *, in_units: bool = False
) -> tuple[tuple[Band, Decimal | None, Decimal | None], ...]:
    """Where each band of ``scheme`` lies, best first, as (band, from, to): distances from the
    target, positive better, in the key's distance (percent of |target|, or points), or,
    ``in_units``, in the measure's own units by the key's units rule, as for a zero or a date
    target. None is open-ended. The same bounds `rate` uses, for drawing the bands around a
    target line; bands with no width are left out. Ends are shared: `rate` says which band a
    distance exactly on one falls in."""
    key = as_key(scheme)
    if in_units:
        key = key.units_key()
    zones = [
        (band.band, band.bound, key.bands[index - 1].bound if index else None)
        for index, band in enumerate(key.bands)
    ]
    return tuple(
        (band, start, end)
        for band, start, end in zones
        if start is None or end is None or start < end
    )


def _rate_against_range(actual: Value, target: Target, polarity: Polarity, key: Key) -> Rating:
    """A range target on a HIGHER or LOWER measure: met inside (the band the key's units rule
    gives a figure exactly on target: Low Green, or Green for a three-band key), else rated on
    the bound passed."""
    low, high = _bounds(target)
    range_text = format_target(target, actual.value_type)
    if low <= actual.amount <= high:
        band = key.units_key().band_for(Decimal(0))
        actual_text = format_amount(actual.amount, actual.value_type, actual.decimals)
        reason = (
            f"{actual_text} is within the {range_text} target range "
            f"({describe_polarity(polarity, actual.value_type)}): {band.label}"
        )
        return Rating(band, reason, Decimal(0), None)
    bound, end = (high, "top") if actual.amount > high else (low, "bottom")
    bound_text = f"{_print(bound, actual.value_type)}, the {end} of the {range_text} target range"
    return _rate_against(actual, bound, polarity, key, bound_text)


def _outside(band: Band) -> Band:
    """An in-range measure outside its range: Red where the key says a red band, else Amber."""
    return Band.RED if band.red else Band.AMBER


def _rate_in_range(actual: Value, target: Target, key: Key) -> Rating:
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
        distance, banding, in_units = _distance(-gap, bound, value_type, key)
        band = _outside(banding.band_for(distance))
        how_far = format_difference(gap, value_type) if in_units else _percent_text(distance, key)
        if banding is not key:
            polarity_text += f"; {_units_rule('bound', value_type, key)}"
    reason = f"{actual_text} is {how_far} {side} of the {range_text} range ({polarity_text})"
    return Rating(band, f"{reason}: {band.label}", distance, bound, in_units)


def _rate_on_last_year(
    actual: Value,
    target: Target,
    polarity: Polarity,
    key: Key,
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
    return _rate_against(actual, amount, polarity, key, target_text, note)


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


def _percent_text(distance: Decimal, key: Key) -> str:
    """|distance| as printed in a reason: one place, half up.

    The band is decided on the exact distance, so where rounding lands on one of the key's
    bounds the reason says which side the figure is ('just under 5.0%'), and a distance
    that rounds to nothing is 'under 0.1%' rather than '0.0%'.
    """
    size = abs(distance)
    rounded = round_half_up(size, 1)
    if not rounded:
        return "under 0.1%"
    text = format_amount(rounded, ValueType.PERCENTAGE)
    bounds = {abs(band.bound) for band in key.bands if band.bound is not None}
    if rounded != size and rounded in bounds:
        return f"just {'under' if size < rounded else 'over'} {text}"
    return text


def _units_rule(what: str, value_type: ValueType, key: Key) -> str:
    """The note on a reason judged in units: 'a zero target is judged in units, tolerance 0'."""
    kind, units = ("a date", "days") if value_type is ValueType.DATE else ("a zero", "units")
    tolerance = format_difference(key.absolute_tolerance, value_type)
    return f"{kind} {what} is judged in {units}, tolerance {tolerance}"
