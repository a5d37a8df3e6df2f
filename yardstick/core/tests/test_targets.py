"""Reading and printing targets: every printed form on the seed scorecards, errors, round trips."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yardstick.core.targets import (
    BASELINE,
    NO_TARGET,
    ChangeDirection,
    Target,
    TargetKind,
    TargetParseError,
    format_target,
    parse_target,
    same_target,
)
from yardstick.core.values import ValueType

D = Decimal
SEED_CSV = Path(__file__).parents[2] / "demo" / "data" / "seed-corporate-scorecards-2018-19.csv"
SEED_ROWS = list(csv.DictReader(SEED_CSV.open(encoding="utf-8")))
MARCH_1_2019 = D(date(2019, 3, 1).toordinal())
MARCH_12_2019 = D(date(2019, 3, 12).toordinal())


def value(amount):
    return Target(TargetKind.VALUE, value=D(amount))


def between(low, high):
    return Target(TargetKind.RANGE, low=D(low), high=D(high))


def change(direction, amount=None, percent=None):
    return Target(
        TargetKind.CHANGE_ON_LAST_YEAR,
        change_amount=None if amount is None else D(amount),
        change_percent=None if percent is None else D(percent),
        change_direction=direction,
    )


REDUCTION = ChangeDirection.REDUCTION
INCREASE = ChangeDirection.INCREASE
IMPROVEMENT = ChangeDirection.IMPROVEMENT


@pytest.mark.parametrize(
    ("text", "value_type", "expected"),
    [
        ("6", None, value(6)),
        ("9.25%", None, value("9.25")),
        ("20.80%", None, value("20.80")),
        ("01:30", None, value(90)),
        ("-10%", None, value(-10)),
        ("0%", None, value(0)),
        ("35,000", None, value(35000)),
        ("565000", None, value(565000)),
        ("8.18", None, value("8.18")),
        ("16", ValueType.PERCENTAGE, value(16)),
        ("1:4", ValueType.RATIO, value("0.25")),
        ("£1,000", None, value(1000)),
        ("Yes", None, value(1)),
        ("12/03/2019", None, value(MARCH_12_2019)),
        ("2019-03-12", None, value(MARCH_12_2019)),
        ("7-15%", None, between(7, 15)),
        ("7%-15%", None, between(7, 15)),
        ("7 – 15%", None, between(7, 15)),
        ("7-15", ValueType.PERCENTAGE, between(7, 15)),
        ("0.9-1.1", None, between("0.9", "1.1")),
        ("-5 to 5", None, between(-5, 5)),
        ("-5--1", None, between(-5, -1)),
        ("5-5", None, between(5, 5)),
        ("£5-10", None, between(5, 10)),
        ("01:00-01:30", None, between(60, 90)),
        ("1 Mar 2019 to 12 Mar 2019", None, between(MARCH_1_2019, MARCH_12_2019)),
        ("2019-03-01 to 2019-03-12", None, between(MARCH_1_2019, MARCH_12_2019)),
        ("Year on year reduction", None, change(REDUCTION)),
        ("year on year reduction", None, change(REDUCTION)),
        ("Year-on-year increase", None, change(INCREASE)),
        ("Year on year improvement", None, change(IMPROVEMENT)),
        ("Reduction on last year", None, change(REDUCTION)),
        ("Increase on the previous year", None, change(INCREASE)),
        ("Year on year reduction of 5%", None, change(REDUCTION, percent=5)),
        ("Year on year reduction by 5%", None, change(REDUCTION, percent=5)),
        ("Year on year reduction by 10", None, change(REDUCTION, amount=10)),
        ("Year on year increase of 1,000", None, change(INCREASE, amount=1000)),
        ("Reduction on last year by 00:10", ValueType.DURATION, change(REDUCTION, amount=10)),
        (
            "Year on year reduction by 2 percentage points",
            ValueType.PERCENTAGE,
            change(REDUCTION, amount=2),
        ),
        ("Year on year increase of 1.5pp", None, change(INCREASE, amount="1.5")),
        ("BL", None, BASELINE),
        ("Baseline", None, BASELINE),
        ("Baseline year", None, BASELINE),
        ("-", None, NO_TARGET),
        ("–", None, NO_TARGET),
        ("n/a", None, NO_TARGET),
        ("No target", None, NO_TARGET),
        ("", None, NO_TARGET),
        ("   ", None, NO_TARGET),
        (None, None, NO_TARGET),
        ("6", "number", value(6)),
    ],
)
def test_parse_target_reads_each_printed_form(text, value_type, expected):
    assert parse_target(text, value_type) == expected


def test_a_negative_percentage_target_is_a_value_not_a_range():
    assert parse_target("-10%").kind == TargetKind.VALUE


def test_a_target_keeps_the_digits_as_printed():
    assert parse_target("20.80%").value.as_tuple() == D("20.80").as_tuple()


def test_a_target_is_frozen_and_hashable():
    targets = {parse_target("7-15%"), parse_target("7 - 15%"), parse_target("BL")}
    assert targets == {between(7, 15), BASELINE}


@pytest.mark.parametrize(
    ("text", "value_type", "reason"),
    [
        ("12..3", None, "'12..3' is not a number"),
        (
            "abc",
            None,
            "'abc' is not a target: expected a figure such as '16%', a range such as '7-15%',"
            " 'Year on year reduction', 'BL' or '-'",
        ),
        ("15-7%", None, "'15-7%' is not a target: a range's low end (15) is above its high end"),
        ("1.1-0.9", None, "'1.1-0.9' is not a target: a range's low end (1.1) is above"),
        ("7-1x%", None, "'7-1x%' is not a percentage; read as a range, '1x%' is not a"),
        ("£5-10%", None, "read as a range, '£5' and '10%' are different kinds of value"),
        ("2019-03-32", None, "'2019-03-32' is not a real date"),
        ("7-", None, "'7-' is not a number"),
        ("52 (223)", None, "'52 (223)' is not a number"),
        ("7-15%", ValueType.DURATION, "'7-15%' is not a duration"),
        (
            "Year on year reduction of -5%",
            None,
            "'Year on year reduction of -5%' is not a target: the size of a change has no sign",
        ),
        (
            "Year on year reduction by x",
            None,
            "'Year on year reduction by x' is not a target: 'x' is not a value",
        ),
        ("Year on year reduction of x%", None, "is not a target: 'x%' is not a percentage"),
        ("Year on year reduction by xpp", None, "is not a target: 'x' is not a number"),
    ],
)
def test_parse_target_says_why_it_cannot_read_a_target(text, value_type, reason):
    with pytest.raises(TargetParseError) as raised:
        parse_target(text, value_type)
    assert reason in str(raised.value)


def test_a_target_parse_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_target("abc")


def test_every_target_on_the_seed_scorecards_parses():
    kinds = {parse_target(row["target"]).kind for row in SEED_ROWS}
    assert kinds == set(TargetKind)


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("6", value(6)),
        ("9.25%", value("9.25")),
        ("01:30", value(90)),
        ("01:15", value(75)),
        ("-10%", value(-10)),
        ("35,000", value(35000)),
        ("7-15%", between(7, 15)),
        ("0.9-1.1", between("0.9", "1.1")),
        ("Year on year reduction", change(REDUCTION)),
        ("BL", BASELINE),
        ("-", NO_TARGET),
        ("", NO_TARGET),
    ],
)
def test_each_form_of_seed_target_is_read_as_the_report_meant_it(printed, expected):
    assert printed in {row["target"] for row in SEED_ROWS}
    assert parse_target(printed) == expected


@pytest.mark.parametrize(
    ("target", "value_type", "decimals", "expected"),
    [
        (value(16), ValueType.PERCENTAGE, None, "16%"),
        (value("9.25"), ValueType.PERCENTAGE, None, "9.25%"),
        (value("9.25"), ValueType.PERCENTAGE, 1, "9.3%"),
        (value(90), ValueType.DURATION, None, "01:30"),
        (value(-10), ValueType.PERCENTAGE, None, "-10%"),
        (value(35000), None, None, "35,000"),
        (value(35000), "number", None, "35,000"),
        (between(7, 15), ValueType.PERCENTAGE, None, "7-15%"),
        (between("0.9", "1.1"), ValueType.NUMBER, None, "0.9-1.1"),
        (between("0.9", "1.1"), ValueType.NUMBER, 2, "0.90-1.10"),
        (between(-5, 5), None, None, "-5 to 5"),
        (between(-5, 5), ValueType.PERCENTAGE, None, "-5% to 5%"),
        (between(-5, -1), None, None, "-5 to -1"),
        (between(5, 10), ValueType.CURRENCY, None, "£5-£10"),
        (between(60, 90), ValueType.DURATION, None, "01:00-01:30"),
        (between(MARCH_1_2019, MARCH_12_2019), ValueType.DATE, None, "1 Mar 2019 to 12 Mar 2019"),
        (change(REDUCTION), None, None, "Year on year reduction"),
        (change(INCREASE), None, None, "Year on year increase"),
        (change(None), None, None, "Year on year improvement"),
        (change(REDUCTION, percent=5), ValueType.NUMBER, None, "Year on year reduction of 5%"),
        (change(REDUCTION, amount=10), ValueType.NUMBER, None, "Year on year reduction by 10"),
        (change(REDUCTION, amount=10), ValueType.DURATION, None, "Year on year reduction by 00:10"),
        (
            change(REDUCTION, amount=2),
            ValueType.PERCENTAGE,
            None,
            "Year on year reduction by 2 percentage points",
        ),
        (
            change(INCREASE, amount=1),
            ValueType.PERCENTAGE,
            None,
            "Year on year increase by 1 percentage point",
        ),
        (
            change(INCREASE, amount="1.25"),
            ValueType.PERCENTAGE,
            1,
            "Year on year increase by 1.3 percentage points",
        ),
        (BASELINE, None, None, "Baseline year"),
        (NO_TARGET, ValueType.PERCENTAGE, None, ""),
    ],
)
def test_format_target_prints_each_kind(target, value_type, decimals, expected):
    assert format_target(target, value_type, decimals) == expected


def test_a_change_target_cannot_be_printed_with_both_a_percentage_and_an_amount():
    with pytest.raises(ValueError, match="not both"):
        format_target(change(REDUCTION, amount=1, percent=5))


# Properties.


@st.composite
def amounts(draw, value_type, min_value=-(10**9)):
    if value_type == ValueType.YES_NO:
        return D(draw(st.sampled_from([0, 1])))
    if value_type == ValueType.DATE:
        return D(draw(st.integers(1, date.max.toordinal())))
    return draw(
        st.decimals(
            min_value=min_value,
            max_value=10**9,
            places=draw(st.integers(0, 3)),
            allow_nan=False,
            allow_infinity=False,
        )
    )


@st.composite
def targets(draw, value_type):
    kind = draw(st.sampled_from(list(TargetKind)))
    if kind == TargetKind.VALUE:
        return Target(kind, value=draw(amounts(value_type)))
    if kind == TargetKind.RANGE:
        low, high = sorted([draw(amounts(value_type)), draw(amounts(value_type))])
        return Target(kind, low=low, high=high)
    if kind == TargetKind.CHANGE_ON_LAST_YEAR:
        direction = draw(st.sampled_from(list(ChangeDirection)))
        size = draw(st.sampled_from(["none", "percent", "amount"]))
        if size == "percent":
            return change(direction, percent=draw(amounts(ValueType.PERCENTAGE, min_value=0)))
        if size == "amount" and value_type not in (ValueType.DATE, ValueType.YES_NO):
            return change(direction, amount=draw(amounts(value_type, min_value=0)))
        return change(direction)
    return BASELINE if kind == TargetKind.BASELINE else NO_TARGET


@pytest.mark.parametrize("value_type", list(ValueType))
@given(data=st.data())
def test_format_target_then_parse_target_in_its_type_gives_the_same_target(value_type, data):
    target = data.draw(targets(value_type))
    assert parse_target(format_target(target, value_type), value_type) == target


@pytest.mark.parametrize(
    "value_type",
    [ValueType.NUMBER, ValueType.PERCENTAGE, ValueType.CURRENCY, ValueType.DURATION],
)
@given(data=st.data())
def test_a_target_printed_in_a_type_that_shows_reads_back_without_being_told(value_type, data):
    target = data.draw(targets(value_type))
    assert parse_target(format_target(target, value_type)) == target


def test_same_target_reads_past_padding_but_not_past_a_change():
    assert same_target("76.00%", "76%", ValueType.PERCENTAGE)
    assert same_target("7.0-15.0%", "7-15%", ValueType.PERCENTAGE)
    assert not same_target("76%", "75%", ValueType.PERCENTAGE)
    assert not same_target("7-15%", "7-16%", ValueType.PERCENTAGE)
    assert not same_target("not a target", "76%", ValueType.PERCENTAGE)


def test_the_same_text_is_the_same_target_without_reading_it():
    assert same_target("76%", "76%")
    assert same_target("Soon", "Soon")
