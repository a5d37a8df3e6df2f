"""Direction of travel: improved, deteriorated or no change, judged by the measure's polarity."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yardstick.core.ratings import Polarity
from yardstick.core.targets import Target, TargetKind
from yardstick.core.trend import (
    ComparisonBasis,
    Direction,
    Trend,
    comparison_basis,
    direction_of_travel,
)
from yardstick.core.values import CollectionType, Missing, MissingState, Value, ValueType

D = Decimal
HIGHER, LOWER, IN_RANGE = Polarity.HIGHER, Polarity.LOWER, Polarity.IN_RANGE
IMPROVED, DETERIORATED, NO_CHANGE = Trend.IMPROVED, Trend.DETERIORATED, Trend.NO_CHANGE
PERCENT = ValueType.PERCENTAGE
RANGE = Target(TargetKind.RANGE, low=D("0.9"), high=D("1.1"))


def number(amount: str, value_type: ValueType = ValueType.NUMBER) -> Value:
    return Value(D(amount), value_type)


@pytest.mark.parametrize(
    ("current", "comparison", "polarity", "tolerance", "trend"),
    [
        pytest.param("12", "10", HIGHER, "0", IMPROVED, id="up when higher is better improved"),
        pytest.param(
            "8", "10", HIGHER, "0", DETERIORATED, id="down when higher is better is worse"
        ),
        pytest.param("8", "10", LOWER, "0", IMPROVED, id="down when lower is better improved"),
        pytest.param("12", "10", LOWER, "0", DETERIORATED, id="up when lower is better is worse"),
        pytest.param("10", "10", HIGHER, "0", NO_CHANGE, id="the same figure is no change"),
        pytest.param("10.5", "10", HIGHER, "0.5", NO_CHANGE, id="a change at the tolerance"),
        pytest.param("9.5", "10", HIGHER, "0.5", NO_CHANGE, id="a fall at the tolerance"),
        pytest.param("10.51", "10", HIGHER, "0.5", IMPROVED, id="a rise past the tolerance"),
        pytest.param("9.49", "10", LOWER, "0.5", IMPROVED, id="a fall past it when lower"),
        pytest.param("-28", "-25", LOWER, "0", IMPROVED, id="a deeper reduction improved"),
        pytest.param("10.001", "10", HIGHER, "0", IMPROVED, id="any rise with no tolerance"),
    ],
)
def test_direction_is_judged_by_polarity(current, comparison, polarity, tolerance, trend):
    direction = direction_of_travel(
        number(current), number(comparison), polarity, no_change_tolerance=D(tolerance)
    )
    assert direction.trend is trend


@pytest.mark.parametrize(
    ("current", "comparison", "tolerance", "trend"),
    [
        pytest.param("1.05", "1.2", "0", IMPROVED, id="coming back into the range improved"),
        pytest.param("1.15", "1.2", "0", IMPROVED, id="closer from above improved"),
        pytest.param("0.85", "0.8", "0", IMPROVED, id="closer from below improved"),
        pytest.param("1.2", "1.05", "0", DETERIORATED, id="leaving the range deteriorated"),
        pytest.param("0.97", "0.93", "0", NO_CHANGE, id="moving inside the range is no change"),
        pytest.param("0.8", "1.2", "0", NO_CHANGE, id="as far out on the other side"),
        pytest.param("1.3", "0.85", "0", DETERIORATED, id="further out on the other side"),
        pytest.param("1.14", "1.15", "0.01", NO_CHANGE, id="closer by the tolerance"),
    ],
)
def test_an_in_range_measure_is_judged_by_the_distance_to_its_range(
    current, comparison, tolerance, trend
):
    direction = direction_of_travel(
        number(current),
        number(comparison),
        IN_RANGE,
        no_change_tolerance=D(tolerance),
        range_target=RANGE,
    )
    assert direction.trend is trend


@pytest.mark.parametrize(
    ("current", "comparison", "polarity", "options", "reason"),
    [
        pytest.param(
            number("13.3", PERCENT),
            number("13.7", PERCENT),
            LOWER,
            {"comparison_label": "Q2 2017/18"},
            "Improved: 13.3% against 13.7% in Q2 2017/18 (lower is better)",
            id="the example from the brief",
        ),
        pytest.param(
            number("49", PERCENT),
            number("49", PERCENT),
            HIGHER,
            {},
            "No change: 49% against 49% in the last comparable period (higher is better)",
            id="the default comparison label",
        ),
        pytest.param(
            number("49.2", PERCENT),
            number("49", PERCENT),
            HIGHER,
            {"no_change_tolerance": D("0.5"), "comparison_label": "Q1 2018/19"},
            "No change: 49.2% against 49% in Q1 2018/19 (higher is better; a change of "
            "0.5 percentage points or less counts as no change)",
            id="a small change within the tolerance says so",
        ),
        pytest.param(
            Value(D("96"), ValueType.DURATION),
            Value(D("89"), ValueType.DURATION),
            LOWER,
            {"comparison_label": "Q1 2018/19"},
            "Deteriorated: 01:36 against 01:29 in Q1 2018/19 (lower is better)",
            id="times print as minutes and seconds",
        ),
        pytest.param(
            Value(D(737152), ValueType.DATE),
            Value(D(737149), ValueType.DATE),
            LOWER,
            {"comparison_label": "2017/18"},
            "Deteriorated: 3 Apr 2019 against 31 Mar 2019 in 2017/18 (earlier is better)",
            id="dates read earlier is better",
        ),
        pytest.param(
            number("1.05"),
            number("1.2"),
            IN_RANGE,
            {"range_target": RANGE, "comparison_label": "Q1 2018/19"},
            "Improved: 1.05 against 1.2 in Q1 2018/19 (inside the 0.9-1.1 range is good)",
            id="an in-range measure names its range",
        ),
        pytest.param(
            Value(D("38.66"), PERCENT, decimals=1),
            Value(D("38.7"), PERCENT, decimals=1),
            HIGHER,
            {},
            "Deteriorated: 38.7% against 38.7% in the last comparable period (higher is better)",
            id="figures print to their own places but are judged exactly",
        ),
    ],
)
def test_the_reason_shows_both_figures_and_the_rule(current, comparison, polarity, options, reason):
    assert direction_of_travel(current, comparison, polarity, **options).reason == reason


@pytest.mark.parametrize(
    ("current", "comparison", "polarity", "options", "reason"),
    [
        pytest.param(
            None,
            number("4"),
            HIGHER,
            {},
            "No figure for this period: no comparison",
            id="no figure this period",
        ),
        pytest.param(
            Missing(MissingState.NOT_AVAILABLE, "Data not currently available"),
            number("4"),
            HIGHER,
            {},
            "Not available (Data not currently available) for this period: no comparison",
            id="a figure not available this period",
        ),
        pytest.param(
            number("5"),
            None,
            HIGHER,
            {"comparison_label": "Q2 2017/18"},
            "No figure for Q2 2017/18: no comparison",
            id="no figure to compare with",
        ),
        pytest.param(
            number("5"),
            Missing(MissingState.NEW),
            LOWER,
            {"comparison_label": "Q2 2017/18"},
            "New this year for Q2 2017/18: no comparison",
            id="a new measure has nothing to compare with",
        ),
        pytest.param(
            number("1"),
            number("1.2"),
            IN_RANGE,
            {},
            "An in-range measure needs its target range to judge direction of travel",
            id="an in-range measure without its range",
        ),
        pytest.param(
            number("1"),
            number("1.2"),
            IN_RANGE,
            {"range_target": Target(TargetKind.VALUE, value=D("1"))},
            "An in-range measure needs its target range to judge direction of travel",
            id="an in-range measure with a value target",
        ),
    ],
)
def test_no_comparison_says_why(current, comparison, polarity, options, reason):
    assert direction_of_travel(current, comparison, polarity, **options) == Direction(None, reason)


@pytest.mark.parametrize(
    ("trend", "symbol", "text"),
    [
        pytest.param(IMPROVED, "▲", "Improved", id="improved is an up triangle"),
        pytest.param(DETERIORATED, "▼", "Deteriorated", id="deteriorated is a down triangle"),
        pytest.param(NO_CHANGE, "–", "No change", id="no change is a dash"),
        pytest.param(Trend.ROSE, "↑", "Up", id="a contextual rise is a plain up arrow"),
        pytest.param(Trend.FELL, "↓", "Down", id="a contextual fall is a plain down arrow"),
        pytest.param(None, "", "No comparison", id="no comparison has no symbol"),
    ],
)
def test_every_direction_has_a_symbol_and_words_for_screen_readers(trend, symbol, text):
    direction = Direction(trend, "")
    assert (direction.symbol, direction.text) == (symbol, text)


def test_a_negative_no_change_tolerance_is_refused():
    with pytest.raises(ValueError):
        direction_of_travel(number("1"), number("1"), HIGHER, no_change_tolerance=D("-1"))


def test_a_range_target_missing_a_bound_is_a_programming_error():
    with pytest.raises(ValueError):
        direction_of_travel(
            number("1"), number("1"), IN_RANGE, range_target=Target(TargetKind.RANGE, low=D(1))
        )


def test_a_range_given_top_first_is_read_bottom_first():
    backwards = Target(TargetKind.RANGE, low=D("1.1"), high=D("0.9"))
    direction = direction_of_travel(number("1"), number("1.2"), IN_RANGE, range_target=backwards)
    assert direction.trend is IMPROVED


@pytest.mark.parametrize(
    ("collection_type", "preferred", "basis"),
    [
        pytest.param(
            CollectionType.CUMULATIVE,
            ComparisonBasis.PREVIOUS_PERIOD,
            ComparisonBasis.SAME_PERIOD_LAST_YEAR,
            id="a year to date figure is always compared with the same period last year",
        ),
        pytest.param(
            CollectionType.PERIOD,
            ComparisonBasis.PREVIOUS_PERIOD,
            ComparisonBasis.PREVIOUS_PERIOD,
            id="a period figure uses the previous period by default",
        ),
        pytest.param(
            CollectionType.SNAPSHOT,
            ComparisonBasis.SAME_PERIOD_LAST_YEAR,
            ComparisonBasis.SAME_PERIOD_LAST_YEAR,
            id="a snapshot can prefer the same period last year",
        ),
        pytest.param(
            CollectionType.ROLLING_12_MONTHS,
            ComparisonBasis.PREVIOUS_PERIOD,
            ComparisonBasis.PREVIOUS_PERIOD,
            id="a rolling year uses its preference",
        ),
    ],
)
def test_the_comparison_basis(collection_type, preferred, basis):
    assert comparison_basis(collection_type, preferred) is basis


def test_the_default_comparison_basis_is_the_previous_period():
    assert comparison_basis(CollectionType.PERIOD) is ComparisonBasis.PREVIOUS_PERIOD


# Properties.
@pytest.mark.parametrize(
    ("current", "comparison", "tolerance", "trend"),
    [
        pytest.param("5200", "4900", "0", Trend.ROSE, id="a contextual rise is up"),
        pytest.param("4900", "5200", "0", Trend.FELL, id="a contextual fall is down"),
        pytest.param("5000", "5000", "0", NO_CHANGE, id="the same contextual figure"),
        pytest.param("5010", "5000", "20", NO_CHANGE, id="within its no-change tolerance"),
    ],
)
def test_a_contextual_measure_keeps_the_direction_of_its_value(
    current, comparison, tolerance, trend
):
    direction = direction_of_travel(
        number(current), number(comparison), Polarity.CONTEXTUAL, no_change_tolerance=D(tolerance)
    )
    assert direction.trend is trend
    assert direction.trend not in (IMPROVED, DETERIORATED)
    assert "not judged" in direction.reason


def test_a_contextual_measure_with_a_missing_figure_has_no_comparison():
    direction = direction_of_travel(None, number("4"), Polarity.CONTEXTUAL)
    assert direction.trend is None


amounts = st.decimals(min_value=-10_000, max_value=10_000, places=3)
tolerances = st.decimals(min_value=0, max_value=100, places=2)
MIRROR = {IMPROVED: DETERIORATED, DETERIORATED: IMPROVED, NO_CHANGE: NO_CHANGE}


@st.composite
def range_targets(draw) -> Target:
    low, high = sorted([draw(amounts), draw(amounts)])
    return Target(TargetKind.RANGE, low=low, high=high)


@given(
    a=amounts,
    b=amounts,
    polarity=st.sampled_from([HIGHER, LOWER, IN_RANGE]),
    tolerance=tolerances,
    target=range_targets(),
)
def test_swapping_the_two_figures_reverses_the_direction(a, b, polarity, tolerance, target):
    def trend(current, comparison):
        return direction_of_travel(
            Value(current),
            Value(comparison),
            polarity,
            no_change_tolerance=tolerance,
            range_target=target,
        ).trend

    assert trend(b, a) is MIRROR[trend(a, b)]


@given(a=amounts, b=amounts, tolerance=tolerances)
def test_flipping_the_polarity_reverses_the_direction(a, b, tolerance):
    higher = direction_of_travel(Value(a), Value(b), HIGHER, no_change_tolerance=tolerance)
    lower = direction_of_travel(Value(a), Value(b), LOWER, no_change_tolerance=tolerance)
    assert lower.trend is MIRROR[higher.trend]


@given(a=amounts, polarity=st.sampled_from([HIGHER, LOWER, IN_RANGE]), target=range_targets())
def test_a_figure_compared_with_itself_is_no_change(a, polarity, target):
    direction = direction_of_travel(Value(a), Value(a), polarity, range_target=target)
    assert direction.trend is NO_CHANGE
