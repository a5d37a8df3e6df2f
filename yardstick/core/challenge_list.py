"""The challenge list: is a measure's target set well? The rule in one place.

The scrutiny review asked for a list of measures whose targets deserve a second look
(docs/calculations.md, "The challenge list"). A measure is on it, for each reason that holds:

- **Missed**: its target was missed (an off-target band: Amber, Low Red, High Red, or Red on
  a three-band key; `ratings.is_challenge`) in each of the last N periods: the target may be
  unrealistic.
- **Beaten**: it beat its target by more than X% (the rating's signed distance, percent of
  |target|, positive better) in each of the last N periods: the target may be too easy.
- **SPC fail**: the SPC assurance icon says the process will consistently fail the target:
  the target is outside the process limits, and it will not be met without change.
- **SPC pass**: the assurance icon says the process will consistently meet the target: it
  will be met every time, so it does not stretch the service.

The last N periods are the N periods of the measure's own kind up to the period the list is
drawn for, gaps included: a period with no rating at all (no figure, a missing figure, no
target, not rated) breaks a run, and so does a distance that is not a percentage (a zero
target's distance is in the measure's own units). N is 2 to 12, X 0 to 100 (percent).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from yardstick.core.ratings import Band, is_challenge
from yardstick.core.spc import AssuranceIcon

RUNS_LOW, RUNS_HIGH = 2, 12
MARGIN_LOW, MARGIN_HIGH = Decimal(0), Decimal(100)
DEFAULT_RUNS = 4
DEFAULT_MARGIN = Decimal(10)


class Reason(StrEnum):
    MISSED = "missed"
    BEATEN = "beaten"
    SPC_FAIL = "spc_fail"
    SPC_PASS = "spc_pass"


# What each group of the list is called on the page and in the agenda item, in this order.
REASON_HEADINGS = {
    Reason.MISSED: "Targets missed every period: are they realistic?",
    Reason.BEATEN: "Targets beaten comfortably every period: are they stretching?",
    Reason.SPC_FAIL: "SPC: the process will consistently fail the target",
    Reason.SPC_PASS: "SPC: the process will consistently meet the target",
}
SPC_FAIL_WORDS = "SPC: the target is outside the process limits: it will not be met without change"
SPC_PASS_WORDS = (
    "SPC: the target is outside the process limits on the side already met: it will be met "
    "every time, so it does not stretch the service"
)


@dataclass(frozen=True)
class Rated:
    """One period's rating as shown: its band (None: not rated) and its signed distance from
    the target, percent of |target| (None: not rated, or not a percentage)."""

    band: Band | None
    distance: Decimal | None = None


@dataclass(frozen=True)
class Entry:
    reason: Reason
    words: str  # why, in a sentence: "Missed its target in each of the last 4 quarters"


def check_settings(runs: int, margin: Decimal) -> None:
    """ValueError, saying what is allowed, for N or X out of bounds."""
    if not RUNS_LOW <= runs <= RUNS_HIGH:
        raise ValueError(
            f"The number of periods running must be {RUNS_LOW} to {RUNS_HIGH}; it is {runs}."
        )
    if not MARGIN_LOW <= margin <= MARGIN_HIGH:
        raise ValueError(
            f"The margin must be {percent(MARGIN_LOW)} to {percent(MARGIN_HIGH)}; "
            f"it is {percent(margin)}."
        )


def percent(margin: Decimal) -> str:
    """'10%', '7.5%': a margin as the rule prints it."""
    return f"{margin.normalize():f}%"


def plural(noun: str, count: int) -> str:
    return noun if count == 1 else f"{noun}s"


def rule_text(runs: int, margin: Decimal, noun: str = "period") -> str:
    """The rule as the page states it, with the current N and X."""
    check_settings(runs, margin)
    last = f"each of the last {runs} {plural(noun, runs)} of its kind"
    return (
        f"A measure is on the challenge list when it missed its target in {last}; or beat "
        f"its target by more than {percent(margin)} in {last}; or its SPC assurance says the "
        "process will consistently fail the target, or consistently meet it. A period with no "
        "rating (no figure, a missing figure, no target) breaks a run."
    )


def challenges(
    ratings: Sequence[Rated | None],
    assurance: AssuranceIcon | None,
    runs: int,
    margin: Decimal,
    noun: str = "period",
) -> tuple[Entry, ...]:
    """Why a measure is on the challenge list, one entry per reason, in `Reason` order;
    empty when it is not. `ratings` are the measure's, oldest first, up to the period the
    list is drawn for, with None for a period it has no rating in; `assurance` its SPC
    assurance icon (None: no icon); `noun` what its periods are called ('quarter')."""
    check_settings(runs, margin)
    last = list(ratings)[-runs:]
    full = len(last) == runs
    when = f"in each of the last {runs} {plural(noun, runs)}"
    entries = []
    if full and all(item is not None and is_challenge(item.band) for item in last):
        entries.append(Entry(Reason.MISSED, f"Missed its target {when}"))
    if full and all(_beaten(item, margin) for item in last):
        entries.append(
            Entry(Reason.BEATEN, f"Beat its target by more than {percent(margin)} {when}")
        )
    if assurance is AssuranceIcon.FAIL:
        entries.append(Entry(Reason.SPC_FAIL, SPC_FAIL_WORDS))
    if assurance is AssuranceIcon.PASS:
        entries.append(Entry(Reason.SPC_PASS, SPC_PASS_WORDS))
    return tuple(entries)


def _beaten(item: Rated | None, margin: Decimal) -> bool:
    return (
        item is not None
        and item.band is not None
        and item.distance is not None
        and item.distance > margin
    )
