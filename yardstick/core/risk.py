"""Risk scores: likelihood × impact on the council's scale, the band a score falls in, whether
it is above the appetite, and the direction of a risk's score from one review to the next.

A scale is square, 4×4 or 5×5: likelihood 1 (the least likely) to N, impact 1 (the least
harm) to N, each level with its label. A score is likelihood × impact, 1 to N². The bands
divide the scores: each band starts at its lowest score and runs to the next band's, the
first starts at 1. The appetite is the highest score the council tolerates: a score above it
is "above appetite". The rules, with worked examples, are in docs/calculations.md ("Risk
scores"); each example there is also a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from yardstick.core.ratings import Band

SIZES = (4, 5)
LABEL_LIMIT = 40  # "Almost certain", "Catastrophic": a level's label is a few words
BANDS_LIMIT = 6

# The colours the bands wear, lowest band first, by how many bands there are: the rating
# bands' swatches (core.palette), green for the lowest and red for the highest.
BAND_COLOURS = {
    1: (Band.AMBER,),
    2: (Band.GREEN, Band.RED),
    3: (Band.GREEN, Band.AMBER, Band.RED),
    4: (Band.GREEN, Band.AMBER, Band.LOW_RED, Band.HIGH_RED),
    5: (Band.HIGH_GREEN, Band.LOW_GREEN, Band.AMBER, Band.LOW_RED, Band.HIGH_RED),
    6: (Band.HIGH_GREEN, Band.LOW_GREEN, Band.AMBER, Band.LOW_RED, Band.HIGH_RED, Band.RED),
}


class RiskDirection(StrEnum):
    RISING = "rising"  # the score went up: the risk got worse
    FALLING = "falling"
    STEADY = "steady"
    NEW = "new"  # nothing to compare with


DIRECTION_SYMBOLS = {
    RiskDirection.RISING: "▲",
    RiskDirection.FALLING: "▼",
    RiskDirection.STEADY: "–",
    RiskDirection.NEW: "",
}
DIRECTION_TEXTS = {
    RiskDirection.RISING: "Rising (worse)",
    RiskDirection.FALLING: "Falling (better)",
    RiskDirection.STEADY: "No change",
    RiskDirection.NEW: "First assessment",
}


@dataclass(frozen=True)
class ScoreBand:
    name: str  # "High"
    lowest: int  # the band's lowest score; it runs to the next band's lowest less one
    colour: Band  # the rating band whose colours it wears (core.palette)


@dataclass(frozen=True)
class RiskScale:
    size: int  # 4 or 5
    likelihood_labels: tuple[str, ...]  # level 1 first
    impact_labels: tuple[str, ...]
    bands: tuple[ScoreBand, ...]  # lowest first
    appetite: int  # the highest score tolerated, unless a risk sets its own

    @property
    def highest(self) -> int:
        return self.size * self.size

    def likelihood_label(self, level: int) -> str:
        return self.likelihood_labels[level - 1]

    def impact_label(self, level: int) -> str:
        return self.impact_labels[level - 1]


def band_colours(count: int) -> tuple[Band, ...]:
    """The colours of `count` bands (1 to BANDS_LIMIT), lowest first."""
    return BAND_COLOURS[count]


def read_labels(text: str) -> tuple[str, ...]:
    """Levels' labels, one a line (blank lines left out), level 1 first."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def read_bands(text: str) -> tuple[ScoreBand, ...]:
    """Bands as the performance team types them, one a line, the lowest score then the name:
    '1 Low', '5 Medium', '10 High', '16 Very high'. Raises ValueError saying what is wrong."""
    rows = []
    for number, line in enumerate((line.strip() for line in text.splitlines()), start=1):
        if not line:
            continue
        lowest, _, name = line.partition(" ")
        if not lowest.isdigit() or len(lowest) > 3 or not name.strip():
            raise ValueError(
                f"Line {number} of the bands must be the band's lowest score then its name, "
                "such as '10 High'."
            )
        rows.append((int(lowest), name.strip()))
    if not rows:
        raise ValueError("Give at least one band, such as '1 Low'.")
    if len(rows) > BANDS_LIMIT:
        raise ValueError(f"Give at most {BANDS_LIMIT} bands.")
    colours = band_colours(len(rows))
    return tuple(
        ScoreBand(name, lowest, colour)
        for (lowest, name), colour in zip(rows, colours, strict=True)
    )


def print_bands(bands: tuple[ScoreBand, ...]) -> str:
    """The bands as `read_bands` reads them."""
    return "\n".join(f"{band.lowest} {band.name}" for band in bands)


def scale_problems(scale: RiskScale) -> list[str]:
    """What is wrong with a scale, in words (empty when nothing is)."""
    problems = []
    if scale.size not in SIZES:
        return ["A scale is 4×4 or 5×5."]
    for what, labels in (("likelihood", scale.likelihood_labels), ("impact", scale.impact_labels)):
        if len(labels) != scale.size:
            problems.append(
                f"Give {scale.size} {what} labels, one a line; there are {len(labels)}."
            )
        if any(len(label) > LABEL_LIMIT for label in labels):
            problems.append(f"Each {what} label must be {LABEL_LIMIT} characters or fewer.")
        if len({label.casefold() for label in labels}) != len(labels):
            problems.append(f"Each {what} label must differ from the others.")
    lowests = [band.lowest for band in scale.bands]
    if not lowests or lowests[0] != 1:
        problems.append("The first band must start at 1.")
    if any(later <= earlier for earlier, later in pairwise(lowests)):
        problems.append("Each band must start above the one before it.")
    if lowests and lowests[-1] > scale.highest:
        problems.append(f"Every band must start at or below {scale.highest}, the highest score.")
    if len({band.name.casefold() for band in scale.bands}) != len(scale.bands):
        problems.append("Each band must have a name of its own.")
    if not 1 <= scale.appetite <= scale.highest:
        problems.append(f"The appetite must be a score from 1 to {scale.highest}.")
    return problems


DEFAULT_LABELS = {
    5: (
        ("Rare", "Unlikely", "Possible", "Likely", "Almost certain"),
        ("Insignificant", "Minor", "Moderate", "Major", "Severe"),
        "1 Low\n5 Medium\n10 High\n16 Very high",
        9,
    ),
    4: (
        ("Unlikely", "Possible", "Likely", "Very likely"),
        ("Minor", "Moderate", "Major", "Critical"),
        "1 Low\n4 Medium\n8 High\n12 Very high",
        6,
    ),
}


def default_scale(size: int = 5) -> RiskScale:
    """The scale a council starts with: 5×5 (or 4×4), four bands, appetite at the top of
    Medium."""
    likelihood, impact, bands, appetite = DEFAULT_LABELS[size]
    return RiskScale(size, likelihood, impact, read_bands(bands), appetite)


def check_level(level: int, scale: RiskScale, what: str) -> None:
    """Raise ValueError unless `level` is 1 to the scale's size."""
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= scale.size:
        raise ValueError(f"The {what} must be from 1 to {scale.size}.")


def score(likelihood: int, impact: int, scale: RiskScale) -> int:
    """Likelihood × impact, each checked against the scale: 4 × 5 = 20."""
    check_level(likelihood, scale, "likelihood")
    check_level(impact, scale, "impact")
    return likelihood * impact


def band_of(value: int, scale: RiskScale) -> ScoreBand:
    """The band `value` falls in: the last band starting at or below it."""
    if not 1 <= value <= scale.highest:
        raise ValueError(f"A score on this scale is from 1 to {scale.highest}.")
    found = scale.bands[0]
    for band in scale.bands:
        if band.lowest <= value:
            found = band
    return found


def above_appetite(value: int, appetite: int) -> bool:
    """Whether a score is above the appetite (the highest score tolerated)."""
    return value > appetite


def direction(previous: int | None, current: int) -> RiskDirection:
    """The direction of a risk's score from one review to the next: rising (worse) when it
    went up, falling when down, steady when the same; new when there is no earlier review."""
    if previous is None:
        return RiskDirection.NEW
    if current > previous:
        return RiskDirection.RISING
    if current < previous:
        return RiskDirection.FALLING
    return RiskDirection.STEADY
