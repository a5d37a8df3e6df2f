"""A monthly measure's quarter, made from its months by the measure's method."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yardstick.core.combine import COMBINE_LABELS, Combine, SoFar, combine, method_for, so_far
from yardstick.core.periods import PeriodType, month, periods_in, quarter
from yardstick.core.ratings import Band, Rating
from yardstick.core.values import CollectionType, Missing, MissingState, Value, ValueType

D = Decimal
Q2 = quarter(2018, 2)
JUL, AUG, SEP = periods_in(Q2, PeriodType.MONTH)
NUMBER, PERCENT, RATE = ValueType.NUMBER, ValueType.PERCENTAGE, ValueType.RATE
N = {"value_type": ValueType.NUMBER}


def count(amount: str) -> Value:
    return Value(D(amount), NUMBER)


def percent(amount: str, numerator: str | None = None, denominator: str | None = None) -> Value:
    return Value(
        D(amount),
        PERCENT,
        numerator=D(numerator) if numerator else None,
        denominator=D(denominator) if denominator else None,
    )


def test_the_months_of_a_quarter_are_the_parts() -> None:
    assert [m.label for m in (JUL, AUG, SEP)] == ["July 2018", "August 2018", "September 2018"]
    assert month(2018, 8) == AUG


@pytest.mark.parametrize(
    ("chosen", "collection", "value_type", "method"),
    [
        pytest.param("mean", CollectionType.PERIOD, NUMBER, Combine.MEAN, id="its own choice"),
        pytest.param(None, CollectionType.CUMULATIVE, NUMBER, Combine.LAST, id="year to date"),
        pytest.param("", CollectionType.ROLLING_12_MONTHS, PERCENT, Combine.LAST, id="rolling"),
        pytest.param(None, CollectionType.SNAPSHOT, NUMBER, Combine.LAST, id="snapshot"),
        pytest.param(None, CollectionType.PERIOD, ValueType.DATE, Combine.LAST, id="a date"),
        pytest.param(None, CollectionType.PERIOD, ValueType.YES_NO, Combine.LAST, id="yes/no"),
        pytest.param(None, CollectionType.PERIOD, PERCENT, Combine.RATIO, id="a percentage"),
        pytest.param(None, CollectionType.PERIOD, RATE, Combine.RATIO, id="a rate"),
        pytest.param(None, CollectionType.PERIOD, ValueType.DURATION, Combine.MEAN, id="time"),
        pytest.param(None, CollectionType.PERIOD, NUMBER, Combine.SUM, id="a count"),
        pytest.param(None, CollectionType.PERIOD, ValueType.CURRENCY, Combine.SUM, id="money"),
    ],
)
def test_the_method_is_the_measures_own_or_by_its_kind(chosen, collection, value_type, method):
    assert method_for(chosen, collection, value_type) == method


def test_every_method_has_a_label() -> None:
    assert set(COMBINE_LABELS) == set(Combine)


def test_a_count_is_summed_over_its_months() -> None:
    result = combine(
        [(JUL, count("10")), (AUG, count("12")), (SEP, count("9"))], Combine.SUM, value_type=NUMBER
    )
    assert result.value == Value(D("31"), NUMBER)
    assert result.missing == ()
    assert result.note == "Sum of Jul 18 - Sep 18"
    assert result.covers.label == "Jul 18 - Sep 18"


def test_a_sum_keeps_its_counts_and_places_when_every_month_has_them() -> None:
    parts = [
        (JUL, Value(D("1.5"), NUMBER, numerator=D("3"), decimals=1)),
        (AUG, Value(D("2.25"), NUMBER, numerator=D("4"), decimals=2)),
        (SEP, Value(D("1"), NUMBER, numerator=D("1"), decimals=0)),
    ]
    result = combine(parts, Combine.SUM, value_type=NUMBER)
    assert result.value == Value(D("4.75"), NUMBER, numerator=D("8"), decimals=2)


def test_a_sum_with_a_month_missing_is_no_figure_and_says_which() -> None:
    result = combine(
        [(JUL, count("10")), (AUG, None), (SEP, count("9"))], Combine.SUM, value_type=NUMBER
    )
    assert isinstance(result.value, Missing)
    assert result.value.state == MissingState.NOT_AVAILABLE
    assert result.note == "A sum needs every period: missing August 2018"
    assert result.missing == (JUL, AUG, SEP)
    assert result.covers is None


def test_a_mean_uses_the_months_given_and_names_the_missing() -> None:
    parts = [(JUL, count("10")), (AUG, Missing(MissingState.NOT_AVAILABLE)), (SEP, count("13"))]
    result = combine(parts, Combine.MEAN, value_type=NUMBER)
    assert result.value == Value(D("12"), NUMBER, decimals=0)
    assert result.present == (JUL, SEP)
    assert result.note == "Mean of Jul 18 - Sep 18; missing: August 2018"


def test_a_mean_is_rounded_half_up_to_the_measures_places() -> None:
    parts = [(JUL, count("1")), (AUG, count("2")), (SEP, count("2"))]
    assert combine(parts, Combine.MEAN, value_type=NUMBER, decimals=2).value.amount == D("1.67")
    halves = [(JUL, count("0.25")), (AUG, count("0.3"))]
    assert combine(halves, Combine.MEAN, value_type=NUMBER, decimals=2).value.amount == D("0.28")
    assert combine(halves, Combine.MEAN, value_type=NUMBER).value.amount == D("0.28")


def test_a_percentage_is_its_summed_counts_not_the_mean_of_its_months() -> None:
    parts = [
        (JUL, percent("50", "1", "2")),
        (AUG, percent("90", "90", "100")),
        (SEP, percent("80", "8", "10")),
    ]
    result = combine(parts, Combine.RATIO, value_type=PERCENT, decimals=1)
    assert result.value == Value(
        D("88.4"), PERCENT, numerator=D("99"), denominator=D("112"), decimals=1
    )
    assert result.method == Combine.RATIO
    assert result.note == "Summed counts of Jul 18 - Sep 18"


def test_a_rate_is_scaled_by_its_per() -> None:
    parts = [
        (JUL, Value(D("2"), RATE, D("2"), D("1000"))),
        (AUG, Value(D("4"), RATE, D("4"), D("1000"))),
    ]
    result = combine(parts, Combine.RATIO, value_type=RATE, rate_per=1000)
    assert result.value.amount == D("3")
    assert result.value.numerator == D("6")


def test_a_ratio_without_counts_falls_back_to_the_mean_and_says_so() -> None:
    parts = [(JUL, percent("50")), (AUG, percent("70", "7", "10"))]
    result = combine(parts, Combine.RATIO, value_type=PERCENT)
    assert result.method == Combine.MEAN
    assert result.value.amount == D("60")
    assert result.note.startswith("Mean of Jul 18 - Aug 18")


def test_a_rate_per_nothing_or_denominators_summing_to_zero_take_the_mean() -> None:
    parts = [(JUL, Value(D("2"), RATE, D("2"), D("1000")))]
    assert combine(parts, Combine.RATIO, value_type=RATE).method == Combine.MEAN
    odd = [
        (JUL, Value(D("1"), ValueType.RATIO, D("1"), D("2"))),
        (AUG, Value(D("1"), ValueType.RATIO, D("1"), D("-2"))),
    ]
    assert combine(odd, Combine.RATIO, value_type=ValueType.RATIO).method == Combine.MEAN


def test_the_latest_month_stands_for_a_snapshot_and_says_which() -> None:
    parts = [(JUL, count("100")), (AUG, count("120")), (SEP, None)]
    result = combine(parts, Combine.LAST, value_type=NUMBER)
    assert result.value == count("120")
    assert result.covers.label == "Aug 18"
    assert result.note == "Latest: August 2018; missing: September 2018"
    complete = combine(
        [(JUL, None), (AUG, count("1")), (SEP, count("2"))], Combine.LAST, value_type=NUMBER
    )
    assert complete.note == "Latest: September 2018"


def test_no_month_given_keeps_the_last_months_missing_state() -> None:
    arrears = Missing(MissingState.IN_ARREARS, "3 months in arrears")
    result = combine([(JUL, None), (AUG, arrears), (SEP, None)], Combine.SUM, value_type=NUMBER)
    assert result.value == arrears
    assert result.note == "No figure for any of July 2018, August 2018, September 2018"
    nothing = combine([(JUL, None)], Combine.MEAN, value_type=NUMBER)
    assert nothing.value is None


def test_not_combined_is_no_figure() -> None:
    result = combine([(JUL, count("1"))], Combine.NONE, value_type=NUMBER)
    assert result.value is None
    assert result.note == "Not combined: shown only in its own periods"


amounts = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)


@given(st.lists(amounts, min_size=3, max_size=3), amounts)
def test_adding_a_constant_to_every_month_adds_it_to_the_mean(months, constant) -> None:
    def mean_of(values):
        parts = list(zip((JUL, AUG, SEP), (count(str(v)) for v in values), strict=True))
        return combine(parts, Combine.MEAN, value_type=NUMBER, decimals=6).value.amount

    assert abs(mean_of([v + constant for v in months]) - mean_of(months) - constant) <= D(
        "0.000001"
    )


@given(st.lists(amounts, min_size=3, max_size=3))
def test_a_sum_is_order_free_and_the_last_is_the_last(months) -> None:
    parts = list(zip((JUL, AUG, SEP), (count(str(v)) for v in months), strict=True))
    assert combine(parts, Combine.SUM, value_type=NUMBER).value.amount == sum(months)
    assert combine(parts, Combine.LAST, value_type=NUMBER).value.amount == months[-1]


def test_a_figure_to_date_in_a_quarter_not_over_is_rated_against_its_latest_months_target() -> None:
    to_date = combine([(JUL, count("10")), (AUG, count("20")), (SEP, None)], Combine.LAST, **N)
    incomplete = so_far(to_date, PeriodType.QUARTER)
    assert incomplete == SoFar(AUG, (SEP,), "quarter")
    rating = incomplete.rated(Rating(Band.AMBER, "20 is off target"), "22")
    assert rating.band is Band.AMBER
    assert rating.reason == (
        "20 is off target. The quarter is not over (September 2018 to come): rated against "
        "22, the target to the end of August 2018, not the quarter's target"
    )
    not_rated = incomplete.rated(Rating(None, "No target: not rated"), "", "60")
    assert not_rated == Rating(
        None,
        "The quarter is not over (September 2018 to come), and there is no target to the end "
        "of August 2018: not rated against the quarter's 60 target",
    )


@pytest.mark.parametrize(
    ("parts", "method"),
    [
        pytest.param([(JUL, count("1")), (AUG, count("2")), (SEP, count("3"))], "last", id="over"),
        pytest.param([(JUL, count("1")), (AUG, None), (SEP, None)], "mean", id="a mean"),
        pytest.param([(JUL, count("1")), (AUG, None), (SEP, None)], "sum", id="a sum"),
        pytest.param([(JUL, None), (AUG, None), (SEP, None)], "last", id="no figure"),
        pytest.param(
            [(JUL, None), (AUG, None), (SEP, Missing(MissingState.NOT_AVAILABLE))],
            "last",
            id="missing",
        ),
    ],
)
def test_a_complete_period_or_one_not_to_date_keeps_its_own_target(parts, method) -> None:
    assert so_far(combine(parts, Combine(method), **N), PeriodType.QUARTER) is None
