"""Year-end forecasts for cumulative (year-to-date) measures, by a stated method.

Two methods, each with a sentence saying how the forecast was made:

- **run rate**: the year continues as it has gone so far. A running total (a count or money)
  is divided by the share of the year elapsed, counted in the measure's own periods: £600 by
  the end of the second quarter is £1,200 by March ("at the run rate of the first two
  quarters"). A year-to-date percentage, rate, ratio or average time is not a running total:
  it may hold where it is (an average of the year so far) or keep rising (a share of the
  year's total, such as council tax collected), and its figures cannot say which, so the run
  rate refuses it, saying so.
- **last year's profile**: the year ends as last year did from the same point: the figure to
  date scaled by last year's outturn over last year's figure at the same point (to date ×
  outturn / last year to date), for any figure that can be forecast; it follows a share that
  rises as last year's rose, and an average that held as last year's held. Not possible when
  either of last year's figures is missing, or last year's figure to date is zero (the
  sentence says which).

A date or a yes/no answer is never forecast. The forecast is rated against the **annual**
target by the one rating rule (`yardstick.core.ratings.rate`). The rules, with worked
examples that are also tests, are in docs/calculations.md ("Year-end forecasts").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

from yardstick.core.periods import Period, PeriodType, periods_in
from yardstick.core.ratings import FIVE_BAND, Polarity, Rating, ToleranceScheme, rate
from yardstick.core.targets import Target
from yardstick.core.values import (
    Missing,
    Value,
    ValueType,
    format_amount,
    places_of,
    round_half_up,
)


class ForecastMethod(StrEnum):
    RUN_RATE = "run_rate"
    LAST_YEAR_PROFILE = "last_year_profile"

    @property
    def label(self) -> str:
        """'Run rate to date': how a page names the method."""
        return METHOD_LABELS[self]


METHOD_LABELS = {
    ForecastMethod.RUN_RATE: "Run rate to date",
    ForecastMethod.LAST_YEAR_PROFILE: "Last year's profile of the year",
}

# Running totals: divided by the share of the year, or scaled by last year's profile.
RUNNING_TOTALS = frozenset({ValueType.NUMBER, ValueType.CURRENCY})
# Not running totals: the run rate cannot say where they end; last year's profile can.
STANDS = frozenset({ValueType.PERCENTAGE, ValueType.RATE, ValueType.RATIO, ValueType.DURATION})

_KINDS = {
    ValueType.PERCENTAGE: "a percentage",
    ValueType.RATE: "a rate",
    ValueType.RATIO: "a ratio",
    ValueType.DURATION: "an average time",
}
_COUNTS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_ORDINALS = ("first", "second", "third")
_NOUNS = {
    PeriodType.MONTH: ("month", "months"),
    PeriodType.QUARTER: ("quarter", "quarters"),
    PeriodType.HALF_YEAR: ("half", "halves"),
    PeriodType.TERM: ("term", "terms"),
}


def can_forecast(value_type: ValueType) -> bool:
    """Whether a figure of this type has a year-end forecast: a running total, or a
    percentage, rate, ratio or average time to date; never a date or a yes/no answer."""
    return ValueType(value_type) in RUNNING_TOTALS | STANDS


@dataclass(frozen=True)
class Forecast:
    """A year-end forecast: the figure (None when it cannot be made) and how it was made,
    or why not, in a sentence."""

    method: ForecastMethod
    value: Value | None
    explanation: str


def elapsed(period: Period) -> tuple[int, int]:
    """How far through its year `period` is, in periods of its own kind: (done, in the year).
    Q2 is (2, 4), September of an April year (6, 12), a year (1, 1)."""
    parts = periods_in(period.financial_year, period.type)
    return parts.index(period) + 1, len(parts)


def _so_far(done: int, total: int, period_type: PeriodType) -> str:
    """'the first two quarters', 'the first month', 'the whole year'."""
    if done == total:
        return "the whole year"
    one, many = _NOUNS[period_type]
    if done == 1:
        return f"the first {one}"
    count = _COUNTS[done - 1] if done <= len(_COUNTS) else str(done)
    return f"the first {count} {many}"


def _year_end(period: Period) -> str:
    """'March': the month the period's financial year ends in."""
    return period.financial_year.end.strftime("%B")


def _printed(value: Value) -> str:
    return format_amount(value.amount, value.value_type, value.decimals)


def _refused(method: ForecastMethod, to_date: Value | Missing | None) -> Forecast | None:
    """The forecast refused before any arithmetic: no figure to date, or one of a kind that
    is never forecast; None when the figure can be forecast."""
    if not isinstance(to_date, Value):
        return Forecast(method, None, "No figure to date: no forecast")
    if not can_forecast(to_date.value_type):
        kind = "a date" if to_date.value_type is ValueType.DATE else "a yes/no answer"
        return Forecast(method, None, f"The figure is {kind}: it has no year-end forecast")
    return None


def _rounded(exact: Decimal, like: Value) -> Value:
    places = like.decimals if like.decimals is not None else places_of(like.amount)
    return Value(round_half_up(exact, places), like.value_type, decimals=like.decimals)


def run_rate(to_date: Value | Missing | None, period: Period) -> Forecast:
    """The year-end forecast at the rate so far: a running total divided by the share of the
    year elapsed (in the measure's own periods), rounded half up to the places of the figure
    to date. Refused, saying why, for a percentage, rate, ratio or average time to date."""
    method = ForecastMethod.RUN_RATE
    refused = _refused(method, to_date)
    if refused is not None:
        return refused
    done, total = elapsed(period)
    so_far = _so_far(done, total, period.type)
    by = _year_end(period)
    if to_date.value_type in STANDS:
        kind = _KINDS[to_date.value_type]
        return Forecast(
            method,
            None,
            f"{kind[0].upper()}{kind[1:]} to date is not a running total: it may hold (an "
            "average so far) or keep rising (a share of the year's total, such as council tax "
            "collected), so the run rate cannot say; last year's profile follows how it moved "
            "last year",
        )
    with localcontext(prec=40):
        exact = to_date.amount * total / done
    forecast = _rounded(exact, to_date)
    return Forecast(method, forecast, f"{_printed(forecast)} by {by} at the run rate of {so_far}")


def last_year_profile(
    to_date: Value | Missing | None,
    period: Period,
    last_year_to_date: Value | Missing | None,
    last_year_outturn: Value | Missing | None,
) -> Forecast:
    """The year-end forecast if the rest of the year goes as last year's did: to date ×
    last year's outturn / last year's figure at the same point, rounded half up to the places
    of the figure to date. Refused, saying why, when last year's figure at the same point or
    its outturn is missing, or that figure is zero."""
    method = ForecastMethod.LAST_YEAR_PROFILE
    refused = _refused(method, to_date)
    if refused is not None:
        return refused
    done, total = elapsed(period)
    point = f"after {_so_far(done, total, period.type)}"
    if not isinstance(last_year_to_date, Value):
        return Forecast(method, None, f"No figure for last year {point}: no profile to follow")
    if not isinstance(last_year_outturn, Value):
        return Forecast(method, None, "No figure for last year's outturn: no profile to follow")
    if last_year_to_date.amount.is_zero():
        return Forecast(
            method, None, f"Last year's figure {point} was zero: its profile cannot be scaled"
        )
    with localcontext(prec=40):
        exact = to_date.amount * last_year_outturn.amount / last_year_to_date.amount
    forecast = _rounded(exact, to_date)
    return Forecast(
        method,
        forecast,
        f"{_printed(forecast)} by {_year_end(period)} if the rest of the year goes as last "
        f"year's did ({_printed(last_year_outturn)} at the end, {_printed(last_year_to_date)} "
        f"{point})",
    )


def forecast_rating(
    forecast: Forecast | Value | None,
    annual_target: Target,
    polarity: Polarity,
    scheme: ToleranceScheme = FIVE_BAND,
    *,
    agreed: bool = True,
) -> Rating:
    """The forecast (a calculated one, or the owner's own figure) rated against the year's
    target by the one rating rule, `rate`: never against the period's profiled target."""
    value = forecast.value if isinstance(forecast, Forecast) else forecast
    if value is None:
        return Rating(None, "No forecast: not rated")
    return rate(value, annual_target, polarity, scheme, agreed=agreed)
