"""Reporting periods: the financial year and its months, quarters and halves; school terms."""

from __future__ import annotations

from enum import StrEnum


class PeriodType(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    TERM = "term"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    TERMLY = "termly"
    HALF_YEARLY = "half_yearly"
    ANNUAL = "annual"
