"""Direction of travel since the last comparable period, judged by polarity."""

from __future__ import annotations

from enum import StrEnum


class Trend(StrEnum):
    IMPROVED = "improved"
    DETERIORATED = "deteriorated"
    NO_CHANGE = "no change"


class ComparisonBasis(StrEnum):
    PREVIOUS_PERIOD = "previous_period"
    SAME_PERIOD_LAST_YEAR = "same_period_last_year"
