"""Rating a figure against its target by rule, with a reason a councillor can read."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Polarity(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better
    IN_RANGE = "in_range"  # good inside a range
    CONTEXTUAL = "contextual"  # reported, never rated


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
        return BAND_LABELS[self]


BAND_LABELS = {
    Band.HIGH_GREEN: "High Green",
    Band.LOW_GREEN: "Low Green",
    Band.AMBER: "Amber",
    Band.LOW_RED: "Low Red",
    Band.HIGH_RED: "High Red",
    Band.GREEN: "Green",
    Band.RED: "Red",
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
    """

    kind: SchemeKind = SchemeKind.FIVE_BAND
    high_green: Decimal = Decimal("5")
    amber: Decimal = Decimal("5")
    low_red: Decimal = Decimal("10")
    # For a zero target, distances are in the measure's own units against this tolerance.
    absolute_tolerance: Decimal = Decimal("0")


FIVE_BAND = ToleranceScheme()
THREE_BAND = ToleranceScheme(kind=SchemeKind.THREE_BAND)


@dataclass(frozen=True)
class Rating:
    band: Band | None  # None: not rated (reason says why)
    reason: str
    # Signed, positive is better: percent of |target|, or units for a zero target.
    distance: Decimal | None = None
    target_used: Decimal | None = None  # the figure the actual was compared with
