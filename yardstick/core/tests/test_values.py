"""Reading and printing values: every printed form on the seed scorecards, errors, round trips."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yardstick.core.values import (
    LARGEST_KEPT,
    MISSING_LABELS,
    Missing,
    MissingState,
    Value,
    ValueParseError,
    ValueType,
    fits,
    format_amount,
    format_value,
    kept_decimals,
    missing_label,
    parse_note,
    parse_value,
    ratio_amount,
    read_amount,
    round_half_up,
)

D = Decimal
SEED_CSV = Path(__file__).parents[2] / "demo" / "data" / "seed-corporate-scorecards-2018-19.csv"
SEED_ROWS = list(csv.DictReader(SEED_CSV.open(encoding="utf-8")))
MARCH_12_2019 = D(date(2019, 3, 12).toordinal())

# The footnotes the seed report prints under its scorecards (see its README).
SEED_FOOTNOTES = {
    "Since a change in the form of report to the Ministry on 1 April 2018, no reports have been"
    " made available": MissingState.NOT_AVAILABLE,
    "Data reported at least 3 months in arrears": MissingState.IN_ARREARS,
    "Data not currently available": MissingState.NOT_AVAILABLE,
}


# Rounding.


@pytest.mark.parametrize(
    ("amount", "decimals", "expected"),
    [
        ("2.5", 0, "3"),
        ("-2.5", 0, "-3"),
        ("2.4999", 0, "2"),
        ("13.05", 1, "13.1"),
        ("13.04", 1, "13.0"),
        ("38.686", 1, "38.7"),
        ("7", 2, "7.00"),
        ("123456789012345678901234567890.5", 0, "123456789012345678901234567891"),
    ],
)
def test_round_half_up_rounds_halves_away_from_zero(amount, decimals, expected):
    rounded = round_half_up(D(amount), decimals)
    assert str(rounded) == expected


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        ("1", "4", "0.25"),
        ("2", "1", "2"),
        ("10", "4", "2.5"),
        ("1", "3", "0.333333"),
        ("2", "3", "0.666667"),
        ("1", "128", "0.007813"),
        ("1", "64", "0.015625"),
        ("0", "5", "0"),
        ("-1", "3", "-0.333333"),
    ],
)
def test_ratio_amount_is_exact_when_it_ends_and_rounded_to_six_places_when_not(
    numerator, denominator, expected
):
    assert str(ratio_amount(D(numerator), D(denominator))) == expected


# Printing amounts.


@pytest.mark.parametrize(
    ("amount", "value_type", "decimals", "expected"),
    [
        ("16", ValueType.PERCENTAGE, None, "16%"),
        ("13.1", ValueType.PERCENTAGE, None, "13.1%"),
        ("13.10", ValueType.PERCENTAGE, None, "13.10%"),
        ("13.05", ValueType.PERCENTAGE, 1, "13.1%"),
        ("-10", ValueType.PERCENTAGE, None, "-10%"),
        ("35000", ValueType.NUMBER, None, "35,000"),
        ("6.7", ValueType.NUMBER, None, "6.7"),
        ("1E+3", ValueType.NUMBER, None, "1,000"),
        ("1.2E-5", ValueType.NUMBER, None, "0.000012"),
        ("-0.04", ValueType.NUMBER, 1, "0.0"),
        ("-0", ValueType.NUMBER, None, "0"),
        ("2.5", ValueType.NUMBER, 0, "3"),
        ("7", ValueType.NUMBER, 2, "7.00"),
        ("96", ValueType.DURATION, None, "01:36"),
        ("90", ValueType.DURATION, None, "01:30"),
        ("3723", ValueType.DURATION, None, "1:02:03"),
        ("-96", ValueType.DURATION, None, "-01:36"),
        ("96.5", ValueType.DURATION, None, "01:36.5"),
        ("96.5", ValueType.DURATION, 0, "01:37"),
        ("4500", ValueType.DURATION, None, "1:15:00"),
        ("1234.56", ValueType.CURRENCY, None, "£1,234.56"),
        ("-5.5", ValueType.CURRENCY, None, "-£5.5"),
        ("5", ValueType.CURRENCY, 2, "£5.00"),
        ("72", ValueType.RATE, None, "72"),
        ("100000", ValueType.RATE, None, "100,000"),
        ("0.97", ValueType.RATIO, None, "0.97"),
        ("1", ValueType.YES_NO, None, "Yes"),
        ("0", ValueType.YES_NO, None, "No"),
        ("0.0", ValueType.YES_NO, None, "No"),
        (MARCH_12_2019, ValueType.DATE, None, "12 Mar 2019"),
        (MARCH_12_2019, ValueType.DATE, 2, "12 Mar 2019"),
        (D(date(999, 1, 5).toordinal()), ValueType.DATE, None, "5 Jan 0999"),
    ],
)
def test_format_amount_prints_each_type_as_a_council_does(amount, value_type, decimals, expected):
    assert format_amount(D(amount), value_type, decimals) == expected


def test_format_amount_prints_a_number_when_no_type_is_given():
    assert format_amount(D("42000")) == "42,000"


def test_format_amount_accepts_a_value_type_given_as_plain_text():
    assert format_amount(D("16"), "percentage") == "16%"


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-Infinity"])
def test_format_amount_refuses_an_amount_that_is_not_a_figure(amount):
    with pytest.raises(ValueError, match="not a figure"):
        format_amount(D(amount))


# Missing states.


@pytest.mark.parametrize(
    ("state", "label"),
    [
        (MissingState.NOT_YET_DUE, "Not yet due"),
        (MissingState.NOT_AVAILABLE, "Not available"),
        (MissingState.IN_ARREARS, "Reported in arrears"),
        (MissingState.BASELINE, "Baseline being established"),
        (MissingState.NEW, "New this year"),
    ],
)
def test_missing_label_names_each_state_for_a_reader(state, label):
    assert missing_label(state) == label


def test_every_missing_state_has_a_label():
    assert set(MISSING_LABELS) == set(MissingState)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BL", Missing(MissingState.BASELINE)),
        ("bl", Missing(MissingState.BASELINE)),
        ("Baseline being established", Missing(MissingState.BASELINE)),
        ("New in 2018/19", Missing(MissingState.NEW, "New in 2018/19")),
        ("New Q4 2017/18", Missing(MissingState.NEW, "New Q4 2017/18")),
        ("New this year", Missing(MissingState.NEW)),
        (
            "Data not currently available",
            Missing(MissingState.NOT_AVAILABLE, "Data not currently available"),
        ),
        ("Not available", Missing(MissingState.NOT_AVAILABLE)),
        ("N/A", Missing(MissingState.NOT_AVAILABLE, "N/A")),
        ("No data", Missing(MissingState.NOT_AVAILABLE, "No data")),
        (
            "Data reported at least 3 months in arrears",
            Missing(MissingState.IN_ARREARS, "Data reported at least 3 months in arrears"),
        ),
        ("Reported in arrears", Missing(MissingState.IN_ARREARS)),
        ("Reports in Q1 only", Missing(MissingState.NOT_YET_DUE, "Reports in Q1 only")),
        ("not yet due", Missing(MissingState.NOT_YET_DUE)),
        ("Not due until Q4", Missing(MissingState.NOT_YET_DUE, "Not due until Q4")),
        (
            "Not available (Data not currently available)",
            Missing(MissingState.NOT_AVAILABLE, "Data not currently available"),
        ),
        ("New this year (New in 2018/19)", Missing(MissingState.NEW, "New in 2018/19")),
        ("  BL  ", Missing(MissingState.BASELINE)),
        ("Note 1", None),
        ("Note 6", None),
        ("-", None),
        ("", None),
        (None, None),
        ("On track", None),
        ("Awaiting (something)", None),
    ],
)
def test_parse_note_reads_the_notes_printed_in_place_of_a_rating(text, expected):
    assert parse_note(text) == expected


@pytest.mark.parametrize(("footnote", "state"), SEED_FOOTNOTES.items())
def test_parse_note_reads_the_seed_reports_footnotes_once_the_caller_has_looked_them_up(
    footnote, state
):
    assert parse_note(footnote) == Missing(state, footnote)


def test_every_note_on_the_seed_scorecards_is_a_missing_state_a_footnote_or_a_dash():
    unread = []
    for row in SEED_ROWS:
        note = row["note"]
        if note and note != "-" and not note.startswith("Note ") and parse_note(note) is None:
            unread.append(note)
    assert unread == []


# Reading values.


@pytest.mark.parametrize(
    ("text", "value_type", "expected"),
    [
        (
            "38.7% (53/137)",
            None,
            Value(D("38.7"), ValueType.PERCENTAGE, D(53), D(137), decimals=1),
        ),
        ("52 (223)", None, Value(D(52), ValueType.RATE, D(223))),
        ("72 (307)", ValueType.RATE, Value(D(72), ValueType.RATE, D(307))),
        ("52 (223)", ValueType.NUMBER, Value(D(52), ValueType.NUMBER, D(223))),
        ("52 (223/400)", None, Value(D(52), ValueType.NUMBER, D(223), D(400))),
        ("38.7%(53 / 137)", None, Value(D("38.7"), ValueType.PERCENTAGE, D(53), D(137), 1)),
        ("01:36", None, Value(D(96), ValueType.DURATION)),
        ("1:02:03", None, Value(D(3723), ValueType.DURATION)),
        ("-01:36", None, Value(D(-96), ValueType.DURATION)),
        ("75:00", None, Value(D(4500), ValueType.DURATION)),
        ("01:36.5", None, Value(D("96.5"), ValueType.DURATION, decimals=1)),
        ("-10%", None, Value(D(-10), ValueType.PERCENTAGE)),
        ("16%", None, Value(D(16), ValueType.PERCENTAGE)),
        ("71.40%", None, Value(D("71.40"), ValueType.PERCENTAGE, decimals=2)),
        ("38.7", ValueType.PERCENTAGE, Value(D("38.7"), ValueType.PERCENTAGE, decimals=1)),
        ("38.7 %", ValueType.PERCENTAGE, Value(D("38.7"), ValueType.PERCENTAGE, decimals=1)),
        ("35,000", None, Value(D(35000))),
        ("565000", None, Value(D(565000))),
        ("+5", None, Value(D(5))),
        (".5", None, Value(D("0.5"), decimals=1)),
        ("0.97", None, Value(D("0.97"), decimals=2)),
        ("0.97", ValueType.RATIO, Value(D("0.97"), ValueType.RATIO, decimals=2)),
        ("1:4", ValueType.RATIO, Value(D("0.25"), ValueType.RATIO, D(1), D(4))),
        ("1 : 3", ValueType.RATIO, Value(D("0.333333"), ValueType.RATIO, D(1), D(3))),
        ("£1,234.56", None, Value(D("1234.56"), ValueType.CURRENCY, decimals=2)),
        ("-£5", None, Value(D(-5), ValueType.CURRENCY)),
        ("£-5", None, Value(D(-5), ValueType.CURRENCY)),
        ("1234.56", ValueType.CURRENCY, Value(D("1234.56"), ValueType.CURRENCY, decimals=2)),
        ("Yes", None, Value(D(1), ValueType.YES_NO)),
        ("no", None, Value(D(0), ValueType.YES_NO)),
        ("Y", ValueType.YES_NO, Value(D(1), ValueType.YES_NO)),
        ("N", ValueType.YES_NO, Value(D(0), ValueType.YES_NO)),
        ("12/03/2019", None, Value(MARCH_12_2019, ValueType.DATE)),
        ("2019-03-12", None, Value(MARCH_12_2019, ValueType.DATE)),
        ("12 Mar 2019", None, Value(MARCH_12_2019, ValueType.DATE)),
        ("12 March 2019", ValueType.DATE, Value(MARCH_12_2019, ValueType.DATE)),
        ("12 Sept 2019", None, Value(D(date(2019, 9, 12).toordinal()), ValueType.DATE)),
        ("72", "rate", Value(D(72), ValueType.RATE)),
        ("-", None, Missing(MissingState.NOT_AVAILABLE)),
        ("–", None, Missing(MissingState.NOT_AVAILABLE)),
        ("BL", None, Missing(MissingState.BASELINE)),
        ("BL", ValueType.PERCENTAGE, Missing(MissingState.BASELINE)),
        ("Not yet due", None, Missing(MissingState.NOT_YET_DUE)),
        (
            "Data not currently available",
            None,
            Missing(MissingState.NOT_AVAILABLE, "Data not currently available"),
        ),
        ("", None, None),
        ("   ", None, None),
        (None, None, None),
    ],
)
def test_parse_value_reads_each_printed_form(text, value_type, expected):
    assert parse_value(text, value_type) == expected


@pytest.mark.parametrize(
    ("text", "expected_decimals"),
    [("71.40%", 2), ("38.7%", 1), ("16%", None), ("20.0%", 1), ("0.68", 2), ("628269", None)],
)
def test_parse_value_records_the_places_printed_after_the_point(text, expected_decimals):
    value = parse_value(text)
    assert value.decimals == expected_decimals


def test_parse_value_keeps_the_digits_exactly_as_printed():
    value = parse_value("71.40%")
    assert value.amount.as_tuple() == D("71.40").as_tuple()


@pytest.mark.parametrize(
    ("text", "value_type", "reason"),
    [
        ("12..3", None, "'12..3' is not a number"),
        ("1,23", None, "'1,23' is not a number"),
        ("5.", None, "'5.' is not a number"),
        ("1E+3", None, "'1E+3' is not a number"),
        ("abc", None, "'abc' is not a value: expected a number, a percentage"),
        ("38.7%", ValueType.NUMBER, "'38.7%' is not a number"),
        ("x", ValueType.RATE, "'x' is not a rate"),
        ("%", None, "'%' is not a percentage"),
        ("12x%", None, "'12x%' is not a percentage"),
        ("£-£5", None, "'£-£5' is not an amount in pounds"),
        ("5£", None, "'5£' is not an amount in pounds"),
        ("1:4", None, "'1:4' is not a duration (mm:ss or h:mm:ss)"),
        ("01:75", None, "'01:75' is not a duration: minutes and seconds go up to 59"),
        ("1:75:00", None, "'1:75:00' is not a duration: minutes and seconds go up to 59"),
        ("96", ValueType.DURATION, "'96' is not a duration"),
        ("1:0", ValueType.RATIO, "'1:0' is not a ratio: its second term is zero"),
        ("1..2:3", ValueType.RATIO, "'1..2:3' is not a ratio"),
        ("x", ValueType.RATIO, "'x' is not a ratio"),
        ("1:4 (5)", ValueType.RATIO, "'1:4 (5)' gives a ratio's terms twice"),
        ("Maybe", ValueType.YES_NO, "'Maybe' is not Yes or No"),
        ("31/02/2019", None, "'31/02/2019' is not a real date"),
        ("12 Foo 2019", None, "'12 Foo 2019' is not a real date"),
        ("12/03/19", ValueType.DATE, "'12/03/19' is not a date (such as 12/03/2019"),
        ("52 (x)", None, "'52 (x)' is not a value with a count in brackets"),
        ("52 (1/x)", None, "'52 (1/x)' is not a value with a count in brackets"),
        ("52 ()", None, "'52 ()' is not a value with a count in brackets"),
        ("(5)", None, "'(5)' is not a number"),
        ("Note 1", None, "'Note 1' refers to a footnote"),
    ],
)
def test_parse_value_says_why_it_cannot_read_a_value(text, value_type, reason):
    with pytest.raises(ValueParseError) as raised:
        parse_value(text, value_type)
    assert str(raised.value).startswith(reason)


def test_a_value_parse_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_value("12..3")


def test_read_amount_reads_one_amount_without_a_count():
    assert read_amount(" 1:4 ", ValueType.RATIO).numerator == D(1)


def test_every_actual_on_the_seed_scorecards_parses():
    for row in SEED_ROWS:
        if row["actual"]:
            assert parse_value(row["actual"]) is not None, row


def test_every_actual_on_the_seed_scorecards_prints_back_as_it_was_printed():
    reprinted = {
        row["actual"]: format_value(parse_value(row["actual"]))
        for row in SEED_ROWS
        if row["actual"]
    }
    changed = {printed: again for printed, again in reprinted.items() if printed != again}
    # Only the dash (printed as its label) and numbers without separators change.
    assert changed == {
        "-": "Not available",
        "628269": "628,269",
        "566566": "566,566",
        "649690": "649,690",
        "38841": "38,841",
        "1089": "1,089",
        "1094": "1,094",
        "1665": "1,665",
        "1788": "1,788",
        "1797": "1,797",
    }


@pytest.mark.parametrize(
    ("printed", "value_type"),
    [
        ("38.7% (53/137)", ValueType.PERCENTAGE),
        ("32.1% (9/28)", ValueType.PERCENTAGE),
        ("72 (307)", ValueType.RATE),
        ("01:36", ValueType.DURATION),
        ("-14%", ValueType.PERCENTAGE),
        ("43,325", ValueType.NUMBER),
        ("0.97", ValueType.NUMBER),
        ("71.40%", ValueType.PERCENTAGE),
        ("20.0%", ValueType.PERCENTAGE),
    ],
)
def test_seed_actuals_of_each_form_are_read_in_the_type_they_show(printed, value_type):
    assert parse_value(printed).value_type == value_type


# Printing values.


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Value(D("38.7"), ValueType.PERCENTAGE, D(53), D(137), 1), None, "38.7% (53/137)"),
        (Value(D(52), ValueType.RATE, D(223)), None, "52 (223)"),
        (Value(D(96), ValueType.DURATION), None, "01:36"),
        (Value(D("38.7"), ValueType.PERCENTAGE, decimals=2), None, "38.70%"),
        (Value(D("38.75"), ValueType.PERCENTAGE, decimals=2), 1, "38.8%"),
        (Value(D("38.686"), ValueType.PERCENTAGE), 1, "38.7%"),
        (Value(D(1500), ValueType.NUMBER, D(1500), D(20000)), None, "1,500 (1,500/20,000)"),
        (Value(D(5), ValueType.NUMBER, denominator=D(9)), None, "5"),
        (Value(D("0.25"), ValueType.RATIO, D(1), D(4)), None, "1:4"),
        (Value(D("0.333333"), ValueType.RATIO, D(1), D(3)), None, "1:3"),
        (Value(D("0.25"), ValueType.RATIO, D(1), D(4)), 2, "0.25 (1/4)"),
        (Value(D("0.25"), ValueType.RATIO, D(1), D(4), decimals=1), None, "0.3 (1/4)"),
        (Value(D("0.3"), ValueType.RATIO, D(1), D(4)), None, "0.3 (1/4)"),
        (Value(D("0.97"), ValueType.RATIO), None, "0.97"),
        (Value(D(0), ValueType.RATIO, D(0), D(0)), None, "0 (0/0)"),
        (Value(D(0), ValueType.RATIO, D(-1), D(4)), None, "0 (-1/4)"),
        (Value(D(1), ValueType.RATIO, D(1)), None, "1 (1)"),
        (Value(D(1), ValueType.YES_NO), None, "Yes"),
        (Value(MARCH_12_2019, ValueType.DATE), None, "12 Mar 2019"),
        (Missing(MissingState.NOT_AVAILABLE), None, "Not available"),
        (
            Missing(MissingState.NOT_AVAILABLE, "Data not currently available"),
            None,
            "Not available (Data not currently available)",
        ),
        (Missing(MissingState.NEW, "New this year"), None, "New this year"),
        (Missing(MissingState.BASELINE), 2, "Baseline being established"),
        (None, None, ""),
    ],
)
def test_format_value_prints_a_value_back_in_its_printed_form(value, decimals, expected):
    assert format_value(value, decimals) == expected


@pytest.mark.parametrize(
    "printed",
    ["38.7% (53/137)", "52 (223)", "01:36", "1:02:03", "-10%", "35,000", "71.40%", "£1,234.56"],
)
def test_a_value_printed_as_yardstick_prints_it_reads_back_to_the_same_text(printed):
    assert format_value(parse_value(printed)) == printed


@pytest.mark.parametrize("state", list(MissingState))
def test_a_missing_value_printed_with_a_note_reads_back_to_the_same_state_and_note(state):
    missing = Missing(state, "Since 1 April 2018 (see the report)")
    assert parse_value(format_value(missing)) == missing


@pytest.mark.parametrize("state", list(MissingState))
def test_a_missing_value_printed_without_a_note_reads_back_to_the_same_state(state):
    assert parse_value(format_value(Missing(state))) == Missing(state)


# Properties.


def _places_field(amount: Decimal) -> int | None:
    """What ``decimals`` a value read from its printed form has: its places, None for none."""
    places = -amount.as_tuple().exponent
    return places if places > 0 else None


@st.composite
def plain_amounts(draw, places=None, min_value=-(10**12), max_value=10**12):
    places = draw(st.integers(0, 4)) if places is None else places
    return draw(
        st.decimals(
            min_value=min_value,
            max_value=max_value,
            places=places,
            allow_nan=False,
            allow_infinity=False,
        )
    )


@st.composite
def values(draw, value_type):
    """Values as Yardstick reads them from their printed form, in ``value_type``."""
    if value_type == ValueType.YES_NO:
        return Value(D(draw(st.sampled_from([0, 1]))), value_type)
    if value_type == ValueType.DATE:
        ordinal = draw(st.integers(1, date.max.toordinal()))
        return Value(D(ordinal), value_type)
    if value_type == ValueType.RATIO and draw(st.booleans()):
        numerator = draw(plain_amounts(min_value=0))
        denominator = draw(plain_amounts(min_value=D("0.0001")))
        return Value(ratio_amount(numerator, denominator), value_type, numerator, denominator)
    amount = draw(plain_amounts())
    numerator = draw(st.none() | plain_amounts())
    denominator = draw(st.none() | plain_amounts()) if numerator is not None else None
    return Value(amount, value_type, numerator, denominator, _places_field(amount))


@pytest.mark.parametrize("value_type", list(ValueType))
@given(data=st.data())
def test_format_value_then_parse_value_in_its_type_gives_the_same_value(value_type, data):
    value = data.draw(values(value_type))
    assert parse_value(format_value(value), value_type) == value


@pytest.mark.parametrize(
    "value_type",
    [ValueType.PERCENTAGE, ValueType.CURRENCY, ValueType.DURATION, ValueType.DATE],
)
@given(data=st.data())
def test_a_type_that_shows_in_print_is_read_back_without_being_told(value_type, data):
    value = data.draw(values(value_type))
    assert parse_value(format_value(value)) == value


@given(amount=plain_amounts().filter(lambda amount: not amount.is_zero()))
def test_a_number_reads_back_with_exactly_its_digits(amount):
    read = parse_value(format_amount(amount), ValueType.NUMBER)
    assert read.amount.as_tuple() == amount.as_tuple()


@given(amount=plain_amounts(places=6), decimals=st.integers(0, 4))
def test_printing_with_decimals_is_rounding_half_up_then_printing(amount, decimals):
    read = parse_value(format_amount(amount, ValueType.NUMBER, decimals))
    assert read.amount == round_half_up(amount, decimals)


@given(amount=plain_amounts(places=6), decimals=st.integers(0, 4))
def test_rounding_half_up_moves_an_amount_by_at_most_half_a_unit_in_the_last_place(
    amount, decimals
):
    rounded = round_half_up(amount, decimals)
    assert rounded.as_tuple().exponent == -decimals
    assert abs(rounded - amount) <= D(5).scaleb(-decimals - 1)


@given(
    numerator=plain_amounts(min_value=0, max_value=10**6),
    denominator=plain_amounts(min_value=1, max_value=10**6),
)
def test_a_ratio_is_within_half_a_millionth_of_the_exact_quotient(numerator, denominator):
    quotient = ratio_amount(numerator, denominator)
    assert abs(quotient * denominator - numerator) <= D("0.0000005") * denominator


@pytest.mark.parametrize(
    ("amount", "kept"),
    [
        ("99999999999999.9", True),
        ("-99999999999999.9", True),
        ("12345678.123456", True),
        ("1200.500000", True),  # padding zeros are not digits to keep
        ("1E+13", True),
        ("-0", True),
        ("100000000000000", False),  # 15 digits before the point
        ("1.1234567", False),  # 7 places
        ("99999999999999.99", False),  # 16 digits: SQLite would round it
        ("12345678901234.123456", False),
        ("NaN", False),
        ("Infinity", False),
    ],
)
def test_an_amount_fits_when_it_can_be_kept_exactly_on_every_database(amount, kept):
    assert fits(D(amount)) is kept


def test_no_amount_at_all_fits():
    assert fits(None)


def test_the_largest_amount_kept_is_fourteen_nines_and_one_place():
    assert D("99999999999999.9") == LARGEST_KEPT
    assert fits(LARGEST_KEPT)
    assert not fits(LARGEST_KEPT + D("0.01"))


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        (parse_value("13.10%"), 2),  # the places it was typed with, trailing zero and all
        (parse_value("16%"), 0),
        (Value(D("12.50")), 2),  # no places given: as many as the amount has
        (Value(D("1E+2")), 0),  # never a negative number of places
        (parse_value("1:4", ValueType.RATIO), None),  # a ratio prints as its terms
        (Value(D("0.25"), ValueType.RATIO), 2),  # a ratio kept as an amount prints as one
    ],
)
def test_a_figure_keeps_the_places_it_was_reported_with(value, kept):
    assert kept_decimals(value) == kept
