"""Targets: a value, a range, a change on the same period last year, a baseline, or none."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class TargetKind(StrEnum):
    VALUE = "value"
    RANGE = "range"
    CHANGE_ON_LAST_YEAR = "change_on_last_year"
    BASELINE = "baseline"  # baseline year: no target yet, the figure sets the baseline
    NONE = "none"


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    value: Decimal | None = None  # VALUE
    low: Decimal | None = None  # RANGE, inclusive
    high: Decimal | None = None  # RANGE, inclusive
    # CHANGE_ON_LAST_YEAR: the improvement wanted on last year's same-period figure,
    # in the measure's good direction, as an amount or a percentage of last year's
    # figure; both None means "any improvement or equal" (last year's figure is the target).
    change_amount: Decimal | None = None
    change_percent: Decimal | None = None


NO_TARGET = Target(TargetKind.NONE)
BASELINE = Target(TargetKind.BASELINE)


class TargetParseError(ValueError):
    """A printed target that cannot be read; the message says why, for a person."""
