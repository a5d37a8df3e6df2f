"""Year-end forecasts: the run rate, last year's profile, what is refused and why, and the
forecast's rating against the year's target (yardstick.core.forecast)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yardstick.core.forecast import (
    ForecastMethod,
    can_forecast,
    elapsed,
    forecast_rating,
    last_year_profile,
    run_rate,
)
from yardstick.core.periods import financial_year, half_year, month, quarter, term
from yardstick.core.ratings import Band, Polarity
from yardstick.core.targets import NO_TARGET, Target, TargetKind
from yardstick.core.values import Missing, MissingState, Value, ValueType

YEAR_TARGET = Target(TargetKind.VALUE, value=Decimal(100))


def number(amount: str, decimals: int | None = None) -> Value:
    return Value(Decimal(amount), ValueType.NUMBER, decimals=decimals)


def test_elapsed_counts_the_measure_s_own_periods() -> None:
    assert elapsed(quarter(2018, 2)) == (2, 4)
    assert elapsed(month(2018, 9)) == (6, 12)
    assert elapsed(half_year(2018, 1)) == (1, 2)
    assert elapsed(financial_year(2018)) == (1, 1)
    assert elapsed(term(2018, "spring")) == (2, 3)


def test_the_method_has_a_label() -> None:
    assert ForecastMethod.RUN_RATE.label == "Run rate to date"
    assert ForecastMethod.LAST_YEAR_PROFILE.label == "Last year's profile of the year"


def test_the_run_rate_words_each_kind_of_period() -> None:
    assert run_rate(number("10"), month(2018, 4)).explanation.endswith("the first month")
    assert run_rate(number("10"), half_year(2018, 1)).explanation.endswith("the first half")
    assert run_rate(number("10"), term(2018, "spring")).explanation == (
        "15 by August at the run rate of the first two terms"
    )
    assert run_rate(number("10"), month(2019, 2)).explanation.endswith("the first 11 months")
    whole = run_rate(number("10"), financial_year(2018))
    assert whole.value == number("10") and whole.explanation.endswith("of the whole year")


def test_the_run_rate_keeps_the_places_of_the_figure() -> None:
    forecast = run_rate(number("10.0", decimals=1), quarter(2018, 3))
    assert forecast.value == Value(Decimal("13.3"), ValueType.NUMBER, decimals=1)
    assert run_rate(number("2.55"), quarter(2018, 3)).value.amount == Decimal("3.40")


@pytest.mark.parametrize("kind", [ValueType.RATE, ValueType.RATIO, ValueType.DURATION])
def test_the_run_rate_refuses_what_is_not_a_running_total(kind) -> None:
    figure = Value(Decimal("12"), kind)
    refused = run_rate(figure, quarter(2018, 1))
    assert refused.value is None
    assert "to date is not a running total" in refused.explanation
    assert refused.explanation[0].isupper()
    profile = last_year_profile(figure, quarter(2018, 1), Value(Decimal(10), kind), figure)
    assert profile.value == Value(Decimal("14"), kind)


@pytest.mark.parametrize("kind", [ValueType.DATE, ValueType.YES_NO])
def test_dates_and_answers_have_no_forecast(kind) -> None:
    figure = Value(Decimal(1), kind)
    for forecast in (
        run_rate(figure, quarter(2018, 2)),
        last_year_profile(figure, quarter(2018, 2), figure, figure),
    ):
        assert forecast.value is None
        assert forecast.explanation.endswith("it has no year-end forecast")
    assert "a date" in run_rate(Value(Decimal(1), ValueType.DATE), quarter(2018, 2)).explanation


@pytest.mark.parametrize("figure", [None, Missing(MissingState.NOT_AVAILABLE)])
def test_no_figure_to_date_no_forecast(figure) -> None:
    assert run_rate(figure, quarter(2018, 2)).explanation == "No figure to date: no forecast"
    profile = last_year_profile(figure, quarter(2018, 2), number("1"), number("2"))
    assert profile.value is None and profile.explanation == "No figure to date: no forecast"


def test_the_profile_needs_last_year_s_figure_at_the_same_point() -> None:
    forecast = last_year_profile(number("40"), quarter(2018, 2), None, number("120"))
    assert forecast.value is None
    assert forecast.explanation == (
        "No figure for last year after the first two quarters: no profile to follow"
    )


def test_the_forecast_is_rated_against_the_year_s_target() -> None:
    forecast = run_rate(number("60"), quarter(2018, 2))
    assert forecast_rating(forecast, YEAR_TARGET, Polarity.HIGHER).band is Band.HIGH_GREEN
    assert forecast_rating(forecast, YEAR_TARGET, Polarity.LOWER).band is Band.HIGH_RED
    owner = number("99")
    assert forecast_rating(owner, YEAR_TARGET, Polarity.HIGHER).band is Band.AMBER
    assert forecast_rating(forecast, NO_TARGET, Polarity.HIGHER).band is None
    proposed = forecast_rating(forecast, YEAR_TARGET, Polarity.HIGHER, agreed=False)
    assert proposed.band is None and "proposed" in proposed.reason


def test_no_forecast_is_not_rated() -> None:
    refused = run_rate(None, quarter(2018, 2))
    assert forecast_rating(refused, YEAR_TARGET, Polarity.HIGHER).reason == (
        "No forecast: not rated"
    )
    assert forecast_rating(None, YEAR_TARGET, Polarity.HIGHER).band is None


@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=1, max_value=12),
)
def test_a_running_total_at_the_run_rate_is_never_below_the_figure_to_date(amount, which):
    period = month(2018 if which <= 9 else 2019, (which + 2) % 12 + 1)
    forecast = run_rate(number(str(amount)), period)
    assert forecast.value.amount >= amount
    done, total = elapsed(period)
    assert abs(forecast.value.amount * done - amount * total) <= done


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_following_last_year_s_profile_of_the_same_figure_gives_last_year_s_outturn(then, end):
    forecast = last_year_profile(
        number(str(then)), quarter(2018, 3), number(str(then)), number(str(end))
    )
    assert forecast.value.amount == end


def test_which_figures_can_be_forecast() -> None:
    assert can_forecast(ValueType.CURRENCY) and can_forecast("percentage")
    assert not can_forecast(ValueType.DATE) and not can_forecast("yes_no")
