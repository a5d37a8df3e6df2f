"""Benchmarking: where a council's figure stands among its comparators.

The rules, with worked examples, are in docs/calculations.md ("Benchmarking"); each example
there is also a test. In short:

- The group's quartiles are Excel's QUARTILE.INC (the method LG Inform's quartile charts and
  most council spreadsheets use): sort the n values; the k-th quartile sits at position
  (n - 1) * k / 4 counted from 0, and a position between two values is read on the straight
  line between them. The median is the second quartile. Exact in Decimal: the position is
  always a whole number of quarters.
- The rank is by polarity: for a higher-is-better measure the highest value ranks 1st, for a
  lower-is-better one the lowest. Tied values share the best rank they span (competition
  ranking, "1224"): two councils on the same best value are both 1st, the next is 3rd.
- The quartile is by polarity against the group's cut points: for a higher-is-better measure a
  value at or above the upper quartile is in the top quartile, at or above the median the upper
  middle, at or above the lower quartile the lower middle, below it the bottom; for a
  lower-is-better measure the same, mirrored. A value on a cut point takes the better quartile.
- A measure that is good in a range, or contextual, has no better end: it is not ranked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from yardstick.core.ratings import Polarity


class Quartile(StrEnum):
    TOP = "top"
    UPPER_MIDDLE = "upper_middle"
    LOWER_MIDDLE = "lower_middle"
    BOTTOM = "bottom"

    @property
    def label(self) -> str:
        """'top quartile': how every page and document names it."""
        return QUARTILE_LABELS[self]


QUARTILE_LABELS = {
    Quartile.TOP: "top quartile",
    Quartile.UPPER_MIDDLE: "upper middle quartile",
    Quartile.LOWER_MIDDLE: "lower middle quartile",
    Quartile.BOTTOM: "bottom quartile",
}

# An ONS GSS code of a local authority area: its country's letter (England, Wales, Scotland,
# Northern Ireland) and eight digits, such as E09000015 (Harrow).
AREA_CODE = re.compile(r"[ENSW][0-9]{8}")
AREA_CODE_HELP = "An ONS GSS area code: a letter (E, W, S or N) and eight digits, like E09000015."


def is_area_code(text: str) -> bool:
    return AREA_CODE.fullmatch(text) is not None


RANKED = frozenset({Polarity.HIGHER, Polarity.LOWER})


@dataclass(frozen=True)
class Spread:
    """The group's values summarised: lowest, quartiles (QUARTILE.INC), highest, and how many."""

    count: int
    lowest: Decimal
    lower_quartile: Decimal
    median: Decimal
    upper_quartile: Decimal
    highest: Decimal


@dataclass(frozen=True)
class Standing:
    """Where one value stands in its group: its rank of `of`, `tied` values sharing it (1 when
    none other does), and its quartile, both by the measure's polarity."""

    rank: int
    of: int
    tied: int
    quartile: Quartile

    @property
    def rank_text(self) -> str:
        """'7th of 33'; 'joint 2nd of 33' when another value is the same."""
        joint = "joint " if self.tied > 1 else ""
        return f"{joint}{ordinal(self.rank)} of {self.of}"


NOT_RANKED_NO_BETTER_END = "Not ranked: neither a higher nor a lower figure is better"
NOT_RANKED_NO_FIGURE = "Not ranked: we have no figure for this period"


def why_not_ranked(polarity: Polarity, has_figure: bool) -> str:
    """Why a measure has no rank in its group."""
    return (
        NOT_RANKED_NO_BETTER_END
        if polarity not in RANKED
        else NOT_RANKED_NO_FIGURE
        if not has_figure
        else ""
    )


def quartile_inc(ordered: Sequence[Decimal], k: int) -> Decimal:
    """The k-th quartile (0 to 4) of `ordered` (sorted, not empty) as QUARTILE.INC reads it."""
    if not ordered:
        raise ValueError("a quartile needs at least one value")
    if k not in range(5):
        raise ValueError("k is 0 to 4")
    position = Decimal(len(ordered) - 1) * k / 4
    below = int(position)
    fraction = position - below
    if fraction == 0:
        return ordered[below]
    return ordered[below] + (ordered[below + 1] - ordered[below]) * fraction


def spread(values: Sequence[Decimal]) -> Spread:
    """The group's spread; ValueError for no values."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("a group needs at least one value")
    return Spread(
        count=len(ordered),
        lowest=ordered[0],
        lower_quartile=quartile_inc(ordered, 1),
        median=quartile_inc(ordered, 2),
        upper_quartile=quartile_inc(ordered, 3),
        highest=ordered[-1],
    )


def standing(own: Decimal, group: Sequence[Decimal], polarity: Polarity) -> Standing | None:
    """Where `own` stands among `group` (which includes it) by `polarity`; None when the
    measure has no better end (in range, contextual)."""
    if polarity not in RANKED:
        return None
    if own not in group:
        raise ValueError("the group must include the value ranked")
    sign = 1 if polarity == Polarity.HIGHER else -1
    better = sum(1 for value in group if sign * value > sign * own)
    tied = sum(1 for value in group if value == own)
    cuts = spread(group)
    if polarity == Polarity.HIGHER:
        steps = (cuts.upper_quartile, cuts.median, cuts.lower_quartile)
        reached = [own >= cut for cut in steps]
    else:
        steps = (cuts.lower_quartile, cuts.median, cuts.upper_quartile)
        reached = [own <= cut for cut in steps]
    order = (Quartile.TOP, Quartile.UPPER_MIDDLE, Quartile.LOWER_MIDDLE)
    quartile = next(
        (quartile for quartile, ok in zip(order, reached, strict=True) if ok), Quartile.BOTTOM
    )
    return Standing(rank=better + 1, of=len(group), tied=tied, quartile=quartile)


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 101st."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
