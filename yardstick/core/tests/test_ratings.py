"""Rating a figure against its target: the five-band key, three bands, ranges and the edge cases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yardstick.core import ratings
from yardstick.core.ratings import (
    FIVE_BAND,
    THREE_BAND,
    Band,
    Key,
    KeyBand,
    Polarity,
    Rating,
    SchemeKind,
    ToleranceScheme,
    band_zones,
    is_challenge,
    key_of,
    rate,
    rating_key,
    read_band,
)
from yardstick.core.targets import BASELINE, NO_TARGET, Target, TargetKind
from yardstick.core.values import Missing, MissingState, Value, ValueType

D = Decimal
HIGHER, LOWER, IN_RANGE = Polarity.HIGHER, Polarity.LOWER, Polarity.IN_RANGE
HG, LG, A, LR, HR = Band.HIGH_GREEN, Band.LOW_GREEN, Band.AMBER, Band.LOW_RED, Band.HIGH_RED
G, R = Band.GREEN, Band.RED
PERCENT = ValueType.PERCENTAGE


def number(amount: str, value_type: ValueType = ValueType.NUMBER) -> Value:
    return Value(D(amount), value_type)


def value_target(amount: str) -> Target:
    return Target(TargetKind.VALUE, value=D(amount))


def range_target(low: str, high: str) -> Target:
    return Target(TargetKind.RANGE, low=D(low), high=D(high))


def on_last_year(amount: str | None = None, percent: str | None = None) -> Target:
    return Target(
        TargetKind.CHANGE_ON_LAST_YEAR,
        change_amount=None if amount is None else D(amount),
        change_percent=None if percent is None else D(percent),
    )


def zero_tolerance(tolerance: str, kind: SchemeKind = SchemeKind.FIVE_BAND) -> ToleranceScheme:
    return ToleranceScheme(kind=kind, absolute_tolerance=D(tolerance))


# The five-band key against a value target: every boundary, both polarities.
@pytest.mark.parametrize(
    ("actual", "target", "polarity", "band"),
    [
        pytest.param("100", "100", HIGHER, LG, id="on target is low green"),
        pytest.param("105", "100", HIGHER, HG, id="exactly 5% better is high green"),
        pytest.param("104.99", "100", HIGHER, LG, id="just under 5% better is low green"),
        pytest.param("99.99", "100", HIGHER, A, id="just short of target is amber"),
        pytest.param("95.01", "100", HIGHER, A, id="just under 5% worse is amber"),
        pytest.param("95", "100", HIGHER, LR, id="exactly 5% worse is low red"),
        pytest.param("90", "100", HIGHER, LR, id="exactly 10% worse is low red"),
        pytest.param("89.9999", "100", HIGHER, HR, id="10.0001% worse is high red"),
        pytest.param("0", "100", HIGHER, HR, id="nothing at all is high red"),
        pytest.param("100", "100", LOWER, LG, id="on a lower is better target is low green"),
        pytest.param("95", "100", LOWER, HG, id="exactly 5% under a lower target is high green"),
        pytest.param(
            "95.01", "100", LOWER, LG, id="just under 5% under a lower target is low green"
        ),
        pytest.param("104.99", "100", LOWER, A, id="just under 5% over a lower target is amber"),
        pytest.param("105", "100", LOWER, LR, id="exactly 5% over a lower target is low red"),
        pytest.param("110", "100", LOWER, LR, id="exactly 10% over a lower target is low red"),
        pytest.param("110.0001", "100", LOWER, HR, id="10.0001% over a lower target is high red"),
        pytest.param("-28", "-10", LOWER, HG, id="a reduction well past a reduction target is hg"),
        pytest.param("9", "-10", LOWER, HR, id="a rise against a reduction target is high red"),
        pytest.param("-10", "-10", LOWER, LG, id="meeting a negative target is low green"),
        pytest.param("-10.5", "-10", LOWER, HG, id="5% past a negative lower target is hg"),
        pytest.param("-9.5", "-10", LOWER, LR, id="5% short of a negative lower target is lr"),
        pytest.param("-9", "-10", LOWER, LR, id="10% short of a negative lower target is lr"),
        pytest.param(
            "-8.99", "-10", LOWER, HR, id="just past 10% short of a negative target is hr"
        ),
        pytest.param("-9.5", "-10", HIGHER, HG, id="5% above a negative higher target is hg"),
        pytest.param("-10.49", "-10", HIGHER, A, id="4.9% below a negative higher target is amber"),
        pytest.param("-11.01", "-10", HIGHER, HR, id="10.1% below a negative higher target is hr"),
    ],
)
def test_the_five_band_key_against_a_value_target(actual, target, polarity, band):
    assert rate(number(actual), value_target(target), polarity).band is band


@pytest.mark.parametrize(
    ("actual", "target", "polarity", "distance"),
    [
        pytest.param("105", "100", HIGHER, D("5"), id="better is positive for higher"),
        pytest.param("105", "100", LOWER, D("-5"), id="worse is negative for lower"),
        pytest.param("-28", "-10", LOWER, D("180"), id="a negative target divides by its size"),
        pytest.param("9", "-10", LOWER, D("-190"), id="a rise on a reduction target is negative"),
    ],
)
def test_distance_is_signed_so_that_positive_is_better(actual, target, polarity, distance):
    rating = rate(number(actual), value_target(target), polarity)
    assert rating.distance == distance
    assert rating.target_used == D(target)
    assert not rating.distance_in_units


@pytest.mark.parametrize(
    ("actual", "target", "polarity", "reason"),
    [
        pytest.param(
            Value(D("13.1"), PERCENT),
            "16",
            LOWER,
            "13.1% is 18.1% better than the 16% target (lower is better): High Green",
            id="the example from the brief",
        ),
        pytest.param(
            Value(D("16"), PERCENT),
            "16",
            LOWER,
            "16% meets the 16% target (lower is better): Low Green",
            id="a figure on target meets it",
        ),
        pytest.param(
            Value(D("96"), ValueType.DURATION),
            "90",
            LOWER,
            "01:36 is 6.7% worse than the 01:30 target (lower is better): Low Red",
            id="a time is printed as minutes and seconds",
        ),
        pytest.param(
            Value(D("102.25")),
            "100",
            HIGHER,
            "102.25 is 2.3% better than the 100 target (higher is better): Low Green",
            id="the printed percentage rounds half up",
        ),
        pytest.param(
            Value(D("100.04")),
            "100",
            LOWER,
            "100.04 is under 0.1% worse than the 100 target (lower is better): Amber",
            id="a tiny shortfall is not printed as 0.0%",
        ),
        pytest.param(
            Value(D("104.99")),
            "100",
            HIGHER,
            "104.99 is just under 5.0% better than the 100 target (higher is better): Low Green",
            id="rounding onto a threshold says which side the figure is",
        ),
        pytest.param(
            Value(D("89.9999")),
            "100",
            HIGHER,
            "89.9999 is just over 10.0% worse than the 100 target (higher is better): High Red",
            id="just past the low red threshold says just over",
        ),
        pytest.param(
            Value(D("1234.5"), ValueType.CURRENCY, decimals=2),
            "1000",
            LOWER,
            "£1,234.50 is 23.5% worse than the £1,000 target (lower is better): High Red",
            id="the actual keeps its places and money is printed as pounds",
        ),
        pytest.param(
            Value(D("-28"), PERCENT),
            "-10",
            LOWER,
            "-28% is 180.0% better than the -10% target (lower is better): High Green",
            id="a negative target",
        ),
    ],
)
def test_the_reason_shows_the_figures_and_the_rule(actual, target, polarity, reason):
    assert rate(actual, value_target(target), polarity).reason == reason


# Zero targets: judged in units against the scheme's absolute tolerance.
@pytest.mark.parametrize(
    ("actual", "polarity", "scheme", "band"),
    [
        pytest.param("0", LOWER, FIVE_BAND, LG, id="meeting a zero target is low green"),
        pytest.param("-1", LOWER, FIVE_BAND, LG, id="better than zero with no tolerance is lg"),
        pytest.param("0.01", LOWER, FIVE_BAND, HR, id="any shortfall with no tolerance is hr"),
        pytest.param("0", LOWER, zero_tolerance("2"), LG, id="meeting zero with a tolerance is lg"),
        pytest.param("-2", LOWER, zero_tolerance("2"), HG, id="better by the tolerance is hg"),
        pytest.param("-1.99", LOWER, zero_tolerance("2"), LG, id="better by under it is lg"),
        pytest.param("1.99", LOWER, zero_tolerance("2"), A, id="worse by under the tolerance is a"),
        pytest.param("2", LOWER, zero_tolerance("2"), LR, id="worse by the tolerance is lr"),
        pytest.param("4", LOWER, zero_tolerance("2"), LR, id="worse by twice the tolerance is lr"),
        pytest.param("4.01", LOWER, zero_tolerance("2"), HR, id="worse by over twice it is hr"),
        pytest.param("2", HIGHER, zero_tolerance("2"), HG, id="above zero when higher is hg"),
        pytest.param("-3", HIGHER, zero_tolerance("2"), LR, id="below zero when higher is lr"),
        pytest.param("0", LOWER, THREE_BAND, G, id="meeting zero in three bands is green"),
        pytest.param("0.01", LOWER, THREE_BAND, R, id="any shortfall in three bands is red"),
        pytest.param(
            "1.99", LOWER, zero_tolerance("2", SchemeKind.THREE_BAND), A, id="three band amber"
        ),
        pytest.param(
            "2", LOWER, zero_tolerance("2", SchemeKind.THREE_BAND), R, id="three band red at it"
        ),
    ],
)
def test_a_zero_target_is_judged_in_units_against_the_absolute_tolerance(
    actual, polarity, scheme, band
):
    rating = rate(number(actual), value_target("0"), polarity, scheme)
    assert rating.band is band
    assert rating.distance_in_units
    assert rating.distance == (D(actual) if polarity is HIGHER else -D(actual))


@pytest.mark.parametrize(
    ("actual", "scheme", "reason"),
    [
        pytest.param(
            Value(D("0"), PERCENT),
            FIVE_BAND,
            "0% meets the 0% target (lower is better; a zero target is judged in units, "
            "tolerance 0 percentage points): Low Green",
            id="percentages are judged in percentage points",
        ),
        pytest.param(
            Value(D("1"), PERCENT),
            FIVE_BAND,
            "1% is 1 percentage point worse than the 0% target (lower is better; a zero target "
            "is judged in units, tolerance 0 percentage points): High Red",
            id="one percentage point is singular",
        ),
        pytest.param(
            Value(D("3")),
            zero_tolerance("2"),
            "3 is 3 worse than the 0 target (lower is better; a zero target is judged in units, "
            "tolerance 2): Low Red",
            id="a count is judged in its own units",
        ),
        pytest.param(
            Value(D("1"), ValueType.YES_NO),
            FIVE_BAND,
            "Yes is 1 worse than the No target (lower is better; a zero target is judged in "
            "units, tolerance 0): High Red",
            id="a yes against a no target",
        ),
    ],
)
def test_the_reason_for_a_zero_target_says_it_is_judged_in_units(actual, scheme, reason):
    assert rate(actual, value_target("0"), LOWER, scheme).reason == reason


def ordinal(day: str) -> Decimal:
    return D(date.fromisoformat(day).toordinal())


@pytest.mark.parametrize(
    ("actual", "tolerance", "band", "reason"),
    [
        pytest.param(
            "2019-03-31",
            "0",
            LG,
            "31 Mar 2019 meets the 31 Mar 2019 target (earlier is better; a date target is "
            "judged in days, tolerance 0 days): Low Green",
            id="on the day is low green",
        ),
        pytest.param(
            "2019-04-01",
            "0",
            HR,
            "1 Apr 2019 is 1 day worse than the 31 Mar 2019 target (earlier is better; a date "
            "target is judged in days, tolerance 0 days): High Red",
            id="a day late with no tolerance is high red",
        ),
        pytest.param(
            "2019-04-03",
            "7",
            A,
            "3 Apr 2019 is 3 days worse than the 31 Mar 2019 target (earlier is better; a date "
            "target is judged in days, tolerance 7 days): Amber",
            id="a few days late within a week's tolerance is amber",
        ),
    ],
)
def test_a_date_target_is_judged_in_days_not_as_a_percentage(actual, tolerance, band, reason):
    target = Target(TargetKind.VALUE, value=ordinal("2019-03-31"))
    rating = rate(Value(ordinal(actual), ValueType.DATE), target, LOWER, zero_tolerance(tolerance))
    assert (rating.band, rating.reason) == (band, reason)
    assert rating.distance_in_units


def test_a_later_date_is_better_when_higher_is_better():
    target = Target(TargetKind.VALUE, value=ordinal("2019-03-31"))
    rating = rate(Value(ordinal("2019-04-02"), ValueType.DATE), target, HIGHER)
    assert rating.reason == (
        "2 Apr 2019 is 2 days better than the 31 Mar 2019 target (later is better; a date "
        "target is judged in days, tolerance 0 days): Low Green"
    )


# Three bands and per-measure thresholds.
@pytest.mark.parametrize(
    ("actual", "polarity", "scheme", "band"),
    [
        pytest.param("100", HIGHER, THREE_BAND, G, id="three bands on target is green"),
        pytest.param("120", HIGHER, THREE_BAND, G, id="three bands well above target is green"),
        pytest.param("95.01", HIGHER, THREE_BAND, A, id="three bands under 5% worse is amber"),
        pytest.param("95", HIGHER, THREE_BAND, R, id="three bands exactly 5% worse is red"),
        pytest.param("105", LOWER, THREE_BAND, R, id="three bands 5% over a lower target is red"),
        pytest.param(
            "90.01",
            HIGHER,
            ToleranceScheme(SchemeKind.THREE_BAND, amber=D("10")),
            A,
            id="a wider three band amber",
        ),
        pytest.param(
            "90",
            HIGHER,
            ToleranceScheme(SchemeKind.THREE_BAND, amber=D("10")),
            R,
            id="a wider three band amber ends at its threshold",
        ),
    ],
)
def test_the_three_band_scheme(actual, polarity, scheme, band):
    assert rate(number(actual), value_target("100"), polarity, scheme).band is band


MEASURE_SCHEME = ToleranceScheme(high_green=D("10"), amber=D("2"), low_red=D("15"))


@pytest.mark.parametrize(
    ("actual", "band"),
    [
        pytest.param("109.99", LG, id="under its own high green threshold is low green"),
        pytest.param("110", HG, id="at its own high green threshold is high green"),
        pytest.param("98.01", A, id="under its own amber threshold is amber"),
        pytest.param("98", LR, id="at its own amber threshold is low red"),
        pytest.param("85", LR, id="at its own low red threshold is low red"),
        pytest.param("84.99", HR, id="past its own low red threshold is high red"),
    ],
)
def test_a_measure_can_have_its_own_thresholds(actual, band):
    assert rate(number(actual), value_target("100"), HIGHER, MEASURE_SCHEME).band is band


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"amber": D("-1")}, id="a negative amber"),
        pytest.param({"absolute_tolerance": D("-0.5")}, id="a negative absolute tolerance"),
        pytest.param({"amber": D("12"), "low_red": D("10")}, id="amber beyond low red"),
    ],
)
def test_a_scheme_with_thresholds_that_make_no_sense_is_refused(fields):
    with pytest.raises(ValueError):
        ToleranceScheme(**fields)


def test_three_bands_do_not_need_a_low_red_threshold_above_amber():
    scheme = ToleranceScheme(SchemeKind.THREE_BAND, amber=D("12"))
    assert rate(number("89"), value_target("100"), HIGHER, scheme).band is A


# Range targets on higher and lower measures.
@pytest.mark.parametrize(
    ("actual", "polarity", "scheme", "band", "target_used"),
    [
        pytest.param("10", HIGHER, FIVE_BAND, LG, None, id="inside the range is low green"),
        pytest.param("7", HIGHER, FIVE_BAND, LG, None, id="on the bottom of the range is met"),
        pytest.param("15", HIGHER, FIVE_BAND, LG, None, id="on the top of the range is met"),
        pytest.param("15.74", HIGHER, FIVE_BAND, LG, "15", id="just under 5% past the top is lg"),
        pytest.param("15.75", HIGHER, FIVE_BAND, HG, "15", id="exactly 5% past the top is hg"),
        pytest.param("6.66", HIGHER, FIVE_BAND, A, "7", id="just under 5% below the bottom is a"),
        pytest.param("6.65", HIGHER, FIVE_BAND, LR, "7", id="exactly 5% below the bottom is lr"),
        pytest.param("6.3", HIGHER, FIVE_BAND, LR, "7", id="exactly 10% below the bottom is lr"),
        pytest.param("6.29", HIGHER, FIVE_BAND, HR, "7", id="over 10% below the bottom is hr"),
        pytest.param("6.65", LOWER, FIVE_BAND, HG, "7", id="5% under a lower range is hg"),
        pytest.param("15.75", LOWER, FIVE_BAND, LR, "15", id="5% over a lower range is lr"),
        pytest.param("10", HIGHER, THREE_BAND, G, None, id="inside in three bands is green"),
        pytest.param("16", HIGHER, THREE_BAND, G, "15", id="past the top in three bands is g"),
        pytest.param("6.9", HIGHER, THREE_BAND, A, "7", id="just below in three bands is amber"),
    ],
)
def test_a_range_target_is_met_inside_and_rated_on_the_bound_passed(
    actual, polarity, scheme, band, target_used
):
    rating = rate(number(actual, PERCENT), range_target("7", "15"), polarity, scheme)
    assert rating.band is band
    assert rating.target_used == (None if target_used is None else D(target_used))


@pytest.mark.parametrize(
    ("actual", "reason"),
    [
        pytest.param(
            "10",
            "10% is within the 7-15% target range (higher is better): Low Green",
            id="inside",
        ),
        pytest.param(
            "5",
            "5% is 28.6% worse than 7%, the bottom of the 7-15% target range "
            "(higher is better): High Red",
            id="below the bottom",
        ),
        pytest.param(
            "16",
            "16% is 6.7% better than 15%, the top of the 7-15% target range "
            "(higher is better): High Green",
            id="above the top",
        ),
    ],
)
def test_the_reason_for_a_range_target_names_the_bound_used(actual, reason):
    assert rate(number(actual, PERCENT), range_target("7", "15"), HIGHER).reason == reason


def test_a_range_given_top_first_is_read_bottom_first():
    assert rate(number("16"), range_target("15", "7"), HIGHER).target_used == D("15")


def test_a_range_with_a_zero_bound_is_judged_in_units_beyond_it():
    rating = rate(number("0.5"), range_target("-5", "0"), LOWER)
    assert (rating.band, rating.distance, rating.distance_in_units) == (HR, D("-0.5"), True)


# In-range measures: G inside, A or R outside.
@pytest.mark.parametrize(
    ("actual", "scheme", "band"),
    [
        pytest.param("0.97", FIVE_BAND, G, id="inside the range is green"),
        pytest.param("0.9", FIVE_BAND, G, id="on the bottom of the range is green"),
        pytest.param("1.1", FIVE_BAND, G, id="on the top of the range is green"),
        pytest.param("1.1549", FIVE_BAND, A, id="just under 5% above the top is amber"),
        pytest.param("1.155", FIVE_BAND, R, id="exactly 5% above the top is red"),
        pytest.param("0.8551", FIVE_BAND, A, id="just under 5% below the bottom is amber"),
        pytest.param("0.855", FIVE_BAND, R, id="exactly 5% below the bottom is red"),
        pytest.param("0.5", FIVE_BAND, R, id="far below the range is red"),
        pytest.param("1.1549", THREE_BAND, A, id="three bands rate an in range measure alike"),
        pytest.param("1.2", ToleranceScheme(amber=D("10")), A, id="a wider amber is amber"),
        pytest.param("1.21", ToleranceScheme(amber=D("10")), R, id="a wider amber ends at it"),
    ],
)
def test_an_in_range_measure_is_green_inside_and_amber_or_red_outside(actual, scheme, band):
    assert rate(number(actual), range_target("0.9", "1.1"), IN_RANGE, scheme).band is band


@pytest.mark.parametrize(
    ("actual", "reason", "target_used"),
    [
        pytest.param(
            "0.97",
            "0.97 is within the 0.9-1.1 range (inside the range is good): Green",
            None,
            id="inside",
        ),
        pytest.param(
            "1.2",
            "1.2 is 9.1% above the top of the 0.9-1.1 range (inside the range is good): Red",
            "1.1",
            id="above",
        ),
        pytest.param(
            "0.88",
            "0.88 is 2.2% below the bottom of the 0.9-1.1 range (inside the range is good): Amber",
            "0.9",
            id="below",
        ),
    ],
)
def test_the_reason_for_an_in_range_measure_names_the_range(actual, reason, target_used):
    rating = rate(number(actual), range_target("0.9", "1.1"), IN_RANGE)
    assert rating.reason == reason
    assert rating.target_used == (None if target_used is None else D(target_used))


@pytest.mark.parametrize(
    ("actual", "tolerance", "band"),
    [
        pytest.param("0.5", "1", A, id="within the tolerance of a zero bound is amber"),
        pytest.param("1", "1", R, id="at the tolerance of a zero bound is red"),
        pytest.param("0.5", "0", R, id="any distance from a zero bound with no tolerance is red"),
    ],
)
def test_an_in_range_measure_with_a_zero_bound_is_judged_in_units(actual, tolerance, band):
    rating = rate(number(actual), range_target("-1", "0"), IN_RANGE, zero_tolerance(tolerance))
    assert (rating.band, rating.distance, rating.distance_in_units) == (band, -D(actual), True)


def test_the_reason_for_a_zero_bound_says_it_is_judged_in_units():
    rating = rate(Value(D("2"), PERCENT), range_target("-1", "0"), IN_RANGE)
    assert rating.reason == (
        "2% is 2 percentage points above the top of the -1% to 0% range (inside the range is "
        "good; a zero bound is judged in units, tolerance 0 percentage points): Red"
    )


@pytest.mark.parametrize(
    "target",
    [
        pytest.param(value_target("1"), id="a value target"),
        pytest.param(on_last_year(), id="a change on last year"),
    ],
)
def test_an_in_range_measure_without_a_range_target_is_not_rated(target):
    rating = rate(number("1"), target, IN_RANGE, last_year=number("1"))
    assert rating.band is None
    assert "not a range" in rating.reason


# Change on the same period last year.
@pytest.mark.parametrize(
    ("actual", "last_year", "polarity", "target", "band", "target_used"),
    [
        pytest.param("190", "190", LOWER, on_last_year(), LG, "190", id="the same as last year"),
        pytest.param("180.5", "190", LOWER, on_last_year(), HG, "190", id="5% down on last year"),
        pytest.param("199.5", "190", LOWER, on_last_year(), LR, "190", id="5% up on last year"),
        pytest.param("171", "190", LOWER, on_last_year(percent="10"), LG, "171", id="cut 10%"),
        pytest.param("175", "190", LOWER, on_last_year(percent="10"), A, "171", id="missed cut"),
        pytest.param("180", "190", LOWER, on_last_year(amount="10"), LG, "180", id="cut by 10"),
        pytest.param("220", "200", HIGHER, on_last_year(percent="10"), LG, "220", id="10% rise"),
        pytest.param("205", "200", HIGHER, on_last_year(amount="5"), LG, "205", id="rise by 5"),
        pytest.param("-11", "-10", LOWER, on_last_year(percent="10"), LG, "-11", id="negative"),
    ],
)
def test_a_change_on_last_year_takes_last_years_figure_as_the_target(
    actual, last_year, polarity, target, band, target_used
):
    rating = rate(number(actual), target, polarity, last_year=number(last_year))
    assert rating.band is band
    assert rating.target_used == D(target_used)


@pytest.mark.parametrize(
    ("target", "polarity", "reason"),
    [
        pytest.param(
            on_last_year(),
            LOWER,
            "180 is 5.3% better than the 190 target (last year's figure; lower is better): "
            "High Green",
            id="no change asked for",
        ),
        pytest.param(
            on_last_year(percent="10"),
            LOWER,
            "180 is 5.3% worse than the 171 target (last year's 190 less 10%; lower is better): "
            "Low Red",
            id="a percentage cut",
        ),
        pytest.param(
            on_last_year(amount="5"),
            HIGHER,
            "180 is 7.7% worse than the 195 target (last year's 190 plus 5; higher is better): "
            "Low Red",
            id="a rise by an amount",
        ),
        pytest.param(
            on_last_year(percent="2.5"),
            LOWER,
            "180 is 2.8% better than the 185.25 target (last year's 190 less 2.5%; "
            "lower is better): Low Green",
            id="a percentage cut with places",
        ),
    ],
)
def test_the_reason_for_a_change_on_last_year_shows_how_the_target_was_set(
    target, polarity, reason
):
    assert rate(number("180"), target, polarity, last_year=number("190")).reason == reason


def test_a_change_in_percentage_points_is_printed_as_points():
    rating = rate(
        number("18", PERCENT),
        on_last_year(amount="2"),
        LOWER,
        last_year=number("20", PERCENT),
    )
    assert rating.reason == (
        "18% meets the 18% target (last year's 20% less 2 percentage points; lower is better): "
        "Low Green"
    )


@pytest.mark.parametrize(
    ("last_year", "reason"),
    [
        pytest.param(
            None,
            "No figure for the same period last year, which sets the target: not rated",
            id="no figure at all",
        ),
        pytest.param(
            Missing(MissingState.NEW),
            "No figure for the same period last year, which sets the target "
            "(New this year): not rated",
            id="a new measure",
        ),
    ],
)
def test_a_change_on_last_year_without_last_years_figure_is_not_rated(last_year, reason):
    rating = rate(number("180"), on_last_year(), LOWER, last_year=last_year)
    assert rating == Rating(None, reason)


# Not rated.
@pytest.mark.parametrize(
    ("actual", "target", "polarity", "reason"),
    [
        pytest.param(
            number("5"),
            value_target("5"),
            Polarity.CONTEXTUAL,
            "A contextual measure is reported, not rated",
            id="a contextual measure",
        ),
        pytest.param(number("5"), NO_TARGET, HIGHER, "No target set: not rated", id="no target"),
        pytest.param(
            number("5"),
            BASELINE,
            HIGHER,
            "Baseline year: this figure sets the baseline, so it is not rated",
            id="a baseline year",
        ),
        pytest.param(None, value_target("5"), HIGHER, "No figure: not rated", id="no figure"),
        pytest.param(
            Missing(MissingState.NOT_AVAILABLE, "Data not currently available"),
            value_target("5"),
            HIGHER,
            "Not available (Data not currently available): not rated",
            id="a figure not available with a note",
        ),
        pytest.param(
            Missing(MissingState.NOT_YET_DUE),
            value_target("5"),
            HIGHER,
            "Not yet due: not rated",
            id="a figure not yet due",
        ),
        pytest.param(
            Missing(MissingState.IN_ARREARS),
            range_target("1", "2"),
            IN_RANGE,
            "Reported in arrears: not rated",
            id="a figure in arrears",
        ),
        pytest.param(
            Missing(MissingState.BASELINE),
            value_target("5"),
            LOWER,
            "Baseline being established: not rated",
            id="a baseline being established",
        ),
    ],
)
def test_what_is_not_rated_says_why(actual, target, polarity, reason):
    assert rate(actual, target, polarity) == Rating(None, reason)


@pytest.mark.parametrize(
    ("target", "polarity"),
    [
        pytest.param(Target(TargetKind.VALUE), HIGHER, id="a value target without its value"),
        pytest.param(Target(TargetKind.RANGE, low=D("1")), HIGHER, id="a range without a top"),
        pytest.param(Target(TargetKind.RANGE, high=D("1")), IN_RANGE, id="a range without a foot"),
        pytest.param(
            on_last_year(amount="5", percent="10"), LOWER, id="a change by an amount and a percent"
        ),
    ],
)
def test_a_malformed_target_is_a_programming_error(target, polarity):
    with pytest.raises(ValueError):
        rate(number("1"), target, polarity)


# Properties.
BAND_ORDER = {HR: 0, R: 0, LR: 1, A: 2, LG: 3, G: 3, HG: 4, Band.BLUE: 5}

amounts = st.decimals(min_value=-10_000, max_value=10_000, places=3)
targets = st.one_of(st.just(D(0)), amounts)
thresholds = st.decimals(min_value=0, max_value=50, places=2)


@st.composite
def schemes(draw) -> ToleranceScheme:
    amber, low_red = sorted([draw(thresholds), draw(thresholds)])
    return ToleranceScheme(
        kind=draw(st.sampled_from(SchemeKind)),
        high_green=draw(thresholds),
        amber=amber,
        low_red=low_red,
        absolute_tolerance=draw(thresholds),
    )


def better_first(a: Decimal, b: Decimal, polarity: Polarity) -> tuple[Decimal, Decimal]:
    low, high = sorted([a, b])
    return (high, low) if polarity is HIGHER else (low, high)


@given(
    target=targets,
    a=amounts,
    b=amounts,
    polarity=st.sampled_from([HIGHER, LOWER]),
    scheme=schemes(),
)
def test_a_better_actual_never_gets_a_worse_band_against_a_value_target(
    target, a, b, polarity, scheme
):
    better, worse = better_first(a, b, polarity)
    better_band = rate(Value(better), Target(TargetKind.VALUE, value=target), polarity, scheme)
    worse_band = rate(Value(worse), Target(TargetKind.VALUE, value=target), polarity, scheme)
    assert BAND_ORDER[better_band.band] >= BAND_ORDER[worse_band.band]


@given(
    bounds=st.lists(targets, min_size=2, max_size=2),
    a=amounts,
    b=amounts,
    polarity=st.sampled_from([HIGHER, LOWER]),
    scheme=schemes(),
)
def test_a_better_actual_never_gets_a_worse_band_against_a_range(a, b, bounds, polarity, scheme):
    target = Target(TargetKind.RANGE, low=min(bounds), high=max(bounds))
    better, worse = better_first(a, b, polarity)
    better_band = rate(Value(better), target, polarity, scheme).band
    worse_band = rate(Value(worse), target, polarity, scheme).band
    assert BAND_ORDER[better_band] >= BAND_ORDER[worse_band]


distances = st.decimals(min_value=0, max_value=10_000, places=3)


@given(
    bounds=st.lists(targets, min_size=2, max_size=2),
    a=distances,
    b=distances,
    above=st.booleans(),
    scheme=schemes(),
)
def test_an_in_range_actual_closer_to_the_range_never_gets_a_worse_band(
    bounds, a, b, above, scheme
):
    low, high = min(bounds), max(bounds)
    target = Target(TargetKind.RANGE, low=low, high=high)
    nearer, further = sorted([a, b])
    if above:
        closer, distant = Value(high + nearer), Value(high + further)
    else:
        closer, distant = Value(low - nearer), Value(low - further)
    closer_band = rate(closer, target, IN_RANGE, scheme).band
    distant_band = rate(distant, target, IN_RANGE, scheme).band
    assert BAND_ORDER[closer_band] >= BAND_ORDER[distant_band]
    assert {closer_band, distant_band} <= {G, A, R}


@given(target=targets, actual=amounts, scheme=schemes())
def test_flipping_the_polarity_mirrors_the_rating_about_the_target(target, actual, scheme):
    """Lower is better with actual a rates as higher is better with actual 2t - a."""
    lower = rate(Value(actual), Target(TargetKind.VALUE, value=target), LOWER, scheme)
    mirrored = Value(2 * target - actual)
    higher = rate(mirrored, Target(TargetKind.VALUE, value=target), HIGHER, scheme)
    assert (lower.band, lower.distance) == (higher.band, higher.distance)


@given(bounds=st.lists(targets, min_size=2, max_size=2), actual=amounts, scheme=schemes())
def test_flipping_the_polarity_of_a_range_mirrors_the_rating_through_zero(bounds, actual, scheme):
    low, high = min(bounds), max(bounds)
    lower = rate(Value(actual), Target(TargetKind.RANGE, low=low, high=high), LOWER, scheme)
    higher = rate(Value(-actual), Target(TargetKind.RANGE, low=-high, high=-low), HIGHER, scheme)
    assert (lower.band, lower.distance) == (higher.band, higher.distance)


@given(
    target=targets,
    actual=amounts,
    polarity=st.sampled_from([HIGHER, LOWER]),
    amber=thresholds,
    tolerance=thresholds,
)
def test_three_bands_are_the_five_bands_merged(target, actual, polarity, amber, tolerance):
    five = ToleranceScheme(amber=amber, low_red=amber + 5, absolute_tolerance=tolerance)
    three = ToleranceScheme(SchemeKind.THREE_BAND, amber=amber, absolute_tolerance=tolerance)
    value_target = Target(TargetKind.VALUE, value=target)
    merged = {HG: G, LG: G, A: A, LR: R, HR: R}
    five_band = rate(Value(actual), value_target, polarity, five).band
    three_band = rate(Value(actual), value_target, polarity, three).band
    assert merged[five_band] is three_band


def test_every_band_has_a_shape_and_prints_its_code_with_its_label():
    assert Band.HIGH_GREEN.shape == "★"
    assert Band.HIGH_GREEN.code_and_label == "HG High Green"
    assert len({band.shape for band in (Band.HIGH_GREEN, Band.AMBER, Band.LOW_RED)}) == 3


@pytest.mark.parametrize(
    ("polarity", "label", "short_label"),
    [
        (Polarity.HIGHER, "Higher is better", "Higher"),
        (Polarity.LOWER, "Lower is better", "Lower"),
        (Polarity.IN_RANGE, "In range", "In range"),
        (Polarity.CONTEXTUAL, "Contextual (reported, not rated)", "Not rated"),
    ],
)
def test_every_polarity_has_a_label_and_a_short_label_for_good_is(polarity, label, short_label):
    assert (polarity.label, polarity.short_label) == (label, short_label)


def test_the_key_of_the_five_band_scheme_is_the_councils_key():
    assert rating_key(FIVE_BAND) == (
        (Band.HIGH_GREEN, "Has exceeded target by 5% or more"),
        (Band.LOW_GREEN, "Has met target or exceeded it by under 5%"),
        (Band.AMBER, "Just off target - less than 5%"),
        (Band.LOW_RED, "Between 5% and 10% off target"),
        (Band.HIGH_RED, "More than 10% off target"),
    )


def test_the_key_prints_the_thresholds_the_scheme_uses():
    scheme = ToleranceScheme(
        high_green=Decimal("2.5"), amber=Decimal("5.000000"), low_red=Decimal("15")
    )
    assert dict(rating_key(scheme))[Band.HIGH_GREEN] == "Has exceeded target by 2.5% or more"
    assert dict(rating_key(scheme))[Band.LOW_RED] == "Between 5% and 15% off target"
    assert rating_key(THREE_BAND) == (
        (Band.GREEN, "Has met or exceeded target"),
        (Band.AMBER, "Just off target - less than 5%"),
        (Band.RED, "5% or more off target"),
    )


SEVEN = ToleranceScheme(amber=D("7"))
THREE_TWELVE = ToleranceScheme(SchemeKind.THREE_BAND, amber=D("12"))  # above five bands' LR 10%


@pytest.mark.parametrize(
    ("band", "scheme", "polarity", "expected"),
    [
        (HG, FIVE_BAND, HIGHER, rating_key(FIVE_BAND)),
        (A, THREE_BAND, LOWER, rating_key(THREE_BAND)),
        (A, FIVE_BAND, IN_RANGE, rating_key(FIVE_BAND, IN_RANGE)),
        (G, FIVE_BAND, HIGHER, rating_key(THREE_BAND)),  # loaded as printed
        (R, SEVEN, HIGHER, rating_key(ToleranceScheme(SchemeKind.THREE_BAND, amber=D("7")))),
        (LR, THREE_TWELVE, HIGHER, rating_key(ToleranceScheme(amber=D("12"), low_red=D("12")))),
        (HG, THREE_BAND, IN_RANGE, rating_key(FIVE_BAND)),
    ],
)
def test_a_rating_is_explained_by_the_key_of_its_scheme_or_else_of_the_kind_with_its_band(
    band, scheme, polarity, expected
):
    assert key_of(band, scheme, polarity) == expected
    assert band in dict(expected)


@pytest.mark.parametrize("scheme", [FIVE_BAND, THREE_BAND], ids=["five bands", "three bands"])
def test_the_key_of_an_in_range_measure_is_green_amber_and_red_by_its_amber_threshold(scheme):
    wider = ToleranceScheme(scheme.kind, amber=D("7.5"), low_red=D("12"))
    assert rating_key(scheme, IN_RANGE) == (
        (Band.GREEN, "Within the target range"),
        (Band.AMBER, "Outside the target range by less than 5%"),
        (Band.RED, "Outside the target range by 5% or more"),
    )
    assert dict(rating_key(wider, IN_RANGE))[Band.RED] == "Outside the target range by 7.5% or more"
    assert rating_key(scheme, HIGHER) == rating_key(scheme) == rating_key(scheme, LOWER)


def test_the_zones_of_the_five_band_scheme_are_its_thresholds_around_the_target():
    assert band_zones(ToleranceScheme(high_green=D("2.5"), amber=D(5), low_red=D(15))) == (
        (HG, D("2.5"), None),
        (LG, D(0), D("2.5")),
        (A, D(-5), D(0)),
        (LR, D(-15), D(-5)),
        (HR, None, D(-15)),
    )


def test_the_zones_of_three_bands_and_of_units():
    assert band_zones(ToleranceScheme(SchemeKind.THREE_BAND, amber=D(7))) == (
        (G, D(0), None),
        (A, D(-7), D(0)),
        (R, None, D(-7)),
    )
    assert band_zones(zero_tolerance("2"), in_units=True) == (
        (HG, D(2), None),
        (LG, D(0), D(2)),
        (A, D(-2), D(0)),
        (LR, D(-4), D(-2)),
        (HR, None, D(-4)),
    )


def test_zones_with_no_width_are_left_out():
    assert band_zones(zero_tolerance("0"), in_units=True) == ((LG, D(0), None), (HR, None, D(0)))
    three = ToleranceScheme(SchemeKind.THREE_BAND, absolute_tolerance=D(0))
    assert band_zones(three, in_units=True) == ((G, D(0), None), (R, None, D(0)))
    assert [band for band, _, _ in band_zones(ToleranceScheme(high_green=D(0)))] == [HG, A, LR, HR]


@given(
    distance=st.decimals(min_value=-500, max_value=500, places=2),
    kind=st.sampled_from(list(SchemeKind)),
    amber=st.decimals(min_value=0, max_value=20, places=1),
    spread=st.decimals(min_value=0, max_value=20, places=1),
    high_green=st.decimals(min_value=0, max_value=20, places=1),
    zero_target=st.booleans(),
)
def test_every_rating_lies_in_the_zone_of_its_band(
    distance, kind, amber, spread, high_green, zero_target
):
    """The bands drawn around a target line put every figure in the band `rate` gives it: in
    percent of the target, or in units (against the absolute tolerance) for a zero target."""
    scheme = ToleranceScheme(kind, high_green, amber, amber + spread, absolute_tolerance=high_green)
    target = D(0) if zero_target else D(100)
    rating = rate(number(str(target + distance)), value_target(str(target)), HIGHER, scheme)
    zones = {band: (start, end) for band, start, end in band_zones(scheme, in_units=zero_target)}
    start, end = zones[rating.band]
    assert start is None or start <= distance
    assert end is None or distance <= end


@pytest.mark.parametrize(
    ("printed", "band"),
    [("HG", HG), ("low red", LR), (" Amber ", A), ("NR", None), ("-", None), ("Not rated", None)],
)
def test_a_printed_band_is_read_by_its_code_or_name(printed, band):
    assert read_band(printed) is band


def test_a_printed_band_that_is_no_band_says_how_bands_are_written():
    with pytest.raises(ValueError, match="'Purple' is not a rating: write its code"):
        read_band("Purple")


def test_a_proposed_target_rates_nothing_and_says_what_the_figure_would_be():
    target = Target(TargetKind.VALUE, value=D("76"))
    figure = number("70", ValueType.PERCENTAGE)
    agreed = rate(figure, target, Polarity.HIGHER)
    proposed = rate(figure, target, Polarity.HIGHER, agreed=False)
    assert agreed.band is Band.LOW_RED
    assert proposed.band is None
    assert proposed.reason == (
        "The target (76%) is proposed, not yet agreed: not rated; against it the figure "
        "would be Low Red"
    )


@pytest.mark.parametrize(
    "figure",
    [
        pytest.param(None, id="no figure"),
        pytest.param(Missing(MissingState.NOT_AVAILABLE, ""), id="a figure not available"),
    ],
)
def test_a_proposed_target_with_nothing_to_rate_says_only_that_it_is_proposed(figure):
    proposed = rate(figure, Target(TargetKind.VALUE, value=D("76")), Polarity.HIGHER, agreed=False)
    assert (proposed.band, proposed.reason) == (
        None,
        "The target is proposed, not yet agreed: not rated",
    )


def test_no_target_is_no_target_whether_agreed_or_not():
    assert rate(number("5"), NO_TARGET, Polarity.HIGHER, agreed=False).reason == (
        "No target set: not rated"
    )


@pytest.mark.parametrize(
    ("band", "challenge"),
    [
        (Band.AMBER, True),
        (Band.LOW_RED, True),
        (Band.RED, True),
        (Band.LOW_GREEN, False),
        (None, False),
    ],
)
def test_a_key_challenge_is_a_figure_off_target_at_all(band, challenge):
    assert is_challenge(band) is challenge


def test_blue_is_the_exceeding_band_with_its_own_label_shape_and_place_first():
    assert Band.BLUE.code_and_label == "B Blue"
    assert Band.BLUE.shape == "✚"
    assert Band.BLUE.shape not in {band.shape for band in Band if band is not Band.BLUE}
    assert ratings.BAND_ORDER[0] is Band.BLUE
    assert read_band("blue") is Band.BLUE


@pytest.mark.parametrize(
    ("band", "met", "red", "challenge", "exception"),
    [
        (Band.BLUE, True, False, False, False),
        (Band.HIGH_GREEN, True, False, False, False),
        (Band.LOW_GREEN, True, False, False, False),
        (Band.GREEN, True, False, False, False),
        (Band.AMBER, False, False, True, False),
        (Band.LOW_RED, False, True, True, True),
        (Band.HIGH_RED, False, True, True, True),
        (Band.RED, False, True, True, True),
    ],
)
def test_blue_counts_as_met_wherever_green_does(band, met, red, challenge, exception):
    assert (band.met, band.red, band.challenge, band.exception) == (met, red, challenge, exception)
    assert is_challenge(band) is challenge


def test_a_blue_rating_printed_where_the_key_has_no_blue_is_explained_above_that_key():
    assert key_of(Band.BLUE, FIVE_BAND) == (
        (Band.BLUE, "Has exceeded target"),
        *rating_key(FIVE_BAND),
    )


def test_a_key_with_blue_anywhere_but_first_cannot_be_made():
    bands = (KeyBand(Band.GREEN, D(0)), KeyBand(Band.BLUE, D(-5)), KeyBand(Band.RED))
    with pytest.raises(ValueError, match="'B' is the exceeding band"):
        Key("x", bands)
