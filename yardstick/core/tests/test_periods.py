"""Reporting periods: building, labelling, reading, moving between and covering periods."""

from __future__ import annotations

import csv
import itertools
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from yardstick.core.periods import (
    DateRange,
    Frequency,
    Period,
    PeriodParseError,
    PeriodType,
    TermName,
    financial_year,
    following,
    half_year,
    month,
    parse_date_range,
    parse_period,
    period_containing,
    period_type_for,
    periods_in,
    previous,
    quarter,
    rolling_12_months,
    same_period_last_year,
    same_period_next_year,
    term,
    year_label,
    year_to_date,
)

MONTH, QUARTER, HALF, YEAR, TERM = (
    PeriodType.MONTH,
    PeriodType.QUARTER,
    PeriodType.HALF_YEAR,
    PeriodType.YEAR,
    PeriodType.TERM,
)
SEED_CSV = Path(__file__).resolve().parents[2] / "demo/data/seed-corporate-scorecards-2018-19.csv"


def d(text: str) -> date:
    return date.fromisoformat(text)


# --- building periods ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start_year", "start_month", "start", "end"),
    [
        (2018, 4, "2018-04-01", "2019-03-31"),
        (2019, 4, "2019-04-01", "2020-03-31"),  # a leap year's February inside
        (2018, 1, "2018-01-01", "2018-12-31"),
        (2018, 7, "2018-07-01", "2019-06-30"),
        (2018, 9, "2018-09-01", "2019-08-31"),
    ],
)
def test_a_financial_year_runs_from_its_start_month_for_twelve_months(
    start_year, start_month, start, end
):
    year = financial_year(start_year, start_month)
    assert (year.type, year.start, year.end, year.fy_start_month) == (
        YEAR,
        d(start),
        d(end),
        start_month,
    )


def test_a_financial_year_starts_in_april_unless_told_otherwise():
    assert financial_year(2018) == Period(YEAR, d("2018-04-01"), d("2019-03-31"), 4)


@pytest.mark.parametrize(
    ("number", "start_month", "start", "end"),
    [
        (1, 4, "2018-04-01", "2018-06-30"),
        (2, 4, "2018-07-01", "2018-09-30"),
        (3, 4, "2018-10-01", "2018-12-31"),
        (4, 4, "2019-01-01", "2019-03-31"),
        (1, 1, "2018-01-01", "2018-03-31"),
        (4, 7, "2019-04-01", "2019-06-30"),
    ],
)
def test_quarters_are_the_four_three_month_parts_of_the_financial_year(
    number, start_month, start, end
):
    assert quarter(2018, number, start_month) == Period(QUARTER, d(start), d(end), start_month)


@pytest.mark.parametrize(
    ("number", "start_month", "start", "end"),
    [
        (1, 4, "2018-04-01", "2018-09-30"),
        (2, 4, "2018-10-01", "2019-03-31"),
        (2, 1, "2018-07-01", "2018-12-31"),
    ],
)
def test_halves_are_the_two_six_month_parts_of_the_financial_year(number, start_month, start, end):
    assert half_year(2018, number, start_month) == Period(HALF, d(start), d(end), start_month)


@pytest.mark.parametrize(
    ("year", "number", "start", "end"),
    [
        (2009, 9, "2009-09-01", "2009-09-30"),
        (2016, 2, "2016-02-01", "2016-02-29"),
        (2018, 2, "2018-02-01", "2018-02-28"),
        (2018, 12, "2018-12-01", "2018-12-31"),
    ],
)
def test_a_month_is_the_whole_calendar_month(year, number, start, end):
    assert month(year, number) == Period(MONTH, d(start), d(end))


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        ("autumn", "2018-09-01", "2018-12-31"),
        ("spring", "2019-01-01", "2019-03-31"),
        ("summer", "2019-04-01", "2019-08-31"),
        (" Autumn ", "2018-09-01", "2018-12-31"),
        (TermName.SPRING, "2019-01-01", "2019-03-31"),
    ],
)
def test_terms_are_fixed_runs_of_months_in_the_academic_year(name, start, end):
    assert term(2018, name) == Period(TERM, d(start), d(end), 9)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: quarter(2018, 5), "there is no quarter 5; a year has 4, numbered 1 to 4"),
        (lambda: quarter(2018, 0), "there is no quarter 0"),
        (lambda: half_year(2018, 3), "there is no half year 3; a year has 2, numbered 1 to 2"),
        (lambda: month(2018, 13), "a month is numbered 1 to 12, not 13"),
        (lambda: month(2018, 0), "a month is numbered 1 to 12, not 0"),
        (lambda: term(2018, "winter"), "a term is autumn, spring or summer, not 'winter'"),
        (lambda: financial_year(2018, 13), "a year start month is 1 to 12, not 13"),
        (lambda: financial_year(2018, 0), "a year start month is 1 to 12, not 0"),
        (lambda: period_containing(d("2018-05-01"), QUARTER, 0), "a year start month is 1 to"),
        (lambda: quarter(9999, 4), "year 10000 is out of range"),
    ],
)
def test_building_a_period_that_does_not_exist_is_refused(build, message):
    with pytest.raises(ValueError, match=message):
        build()


@pytest.mark.parametrize(
    ("period_type", "start", "end", "fy_start_month", "message"),
    [
        (QUARTER, "2018-05-01", "2018-07-31", 4, "is not a quarter of a year starting in April"),
        (QUARTER, "2018-04-01", "2018-06-29", 4, "is not a quarter"),
        (MONTH, "2018-04-02", "2018-04-30", 4, "is not a month"),
        (HALF, "2018-04-01", "2018-12-31", 4, "is not a half year"),
        (YEAR, "2018-01-01", "2018-12-31", 4, "is not a year of a year starting in April"),
        (TERM, "2018-09-01", "2019-03-31", 9, "is not a term"),
        (YEAR, "2019-03-31", "2018-04-01", 4, "is not a year"),
        (MONTH, "2018-04-01", "2018-04-30", 13, "a year start month is 1 to 12, not 13"),
    ],
)
def test_a_period_must_be_exactly_one_period_of_its_type(
    period_type, start, end, fy_start_month, message
):
    with pytest.raises(ValueError, match=message):
        Period(period_type, d(start), d(end), fy_start_month)


def test_a_term_always_belongs_to_the_academic_year_starting_in_september():
    passed_april = Period(TERM, d("2018-09-01"), d("2018-12-31"), fy_start_month=4)
    assert passed_april.fy_start_month == 9
    assert passed_april == term(2018, "autumn")


def test_a_period_type_given_as_text_becomes_the_enum():
    period = Period("quarter", d("2018-07-01"), d("2018-09-30"))
    assert period.type is PeriodType.QUARTER
    assert period == quarter(2018, 2)


@pytest.mark.parametrize(
    ("day", "period_type", "start_month", "expected"),
    [
        ("2018-09-15", QUARTER, 4, quarter(2018, 2)),
        ("2019-03-31", QUARTER, 4, quarter(2018, 4)),
        ("2019-04-01", QUARTER, 4, quarter(2019, 1)),
        ("2019-02-10", HALF, 4, half_year(2018, 2)),
        ("2019-02-10", YEAR, 4, financial_year(2018)),
        ("2019-04-01", YEAR, 4, financial_year(2019)),
        ("2019-02-10", YEAR, 1, financial_year(2019, 1)),
        ("2019-02-10", MONTH, 4, month(2019, 2)),
        ("2019-02-10", TERM, 4, term(2018, "spring")),
        ("2018-08-31", TERM, 4, term(2017, "summer")),
        ("2018-09-01", TERM, 1, term(2018, "autumn")),
    ],
)
def test_period_containing_finds_the_period_of_a_type_around_a_day(
    day, period_type, start_month, expected
):
    assert period_containing(d(day), period_type, start_month) == expected


def test_period_containing_ignores_the_start_month_for_terms():
    assert period_containing(d("2018-10-01"), TERM, 13) == term(2018, "autumn")


# --- labels, keys and other properties ----------------------------------------------------


@pytest.mark.parametrize(
    ("period", "label", "key"),
    [
        (quarter(2018, 2), "Q2 2018/19", "2018-19 Q2"),
        (half_year(2018, 1), "H1 2018/19", "2018-19 H1"),
        (financial_year(2018), "2018/19", "FY 2018-19"),
        (month(2009, 9), "September 2009", "2009-09"),
        (term(2018, "autumn"), "Autumn term 2018/19", "2018-19 Autumn"),
        (term(2018, "summer"), "Summer term 2018/19", "2018-19 Summer"),
        (financial_year(1999), "1999/00", "FY 1999-00"),
        (financial_year(2010), "2010/11", "FY 2010-11"),  # not November 2010's "2010-11"
        (quarter(2018, 2, 1), "Q2 2018", "2018 Q2"),
        (half_year(2018, 2, 1), "H2 2018", "2018 H2"),
        (financial_year(2018, 1), "2018", "FY 2018"),
        (quarter(2018, 4, 7), "Q4 2018/19", "2018-19 Q4"),
    ],
)
def test_a_period_has_a_printed_label_and_a_machine_key(period, label, key):
    assert (period.label, period.key, str(period)) == (label, key, label)


@pytest.mark.parametrize(
    ("start_year", "start_month", "label", "file_label"),
    [
        (2018, 4, "2018/19", "2018-19"),
        (1999, 4, "1999/00", "1999-00"),
        (2018, 9, "2018/19", "2018-19"),
        (2018, 1, "2018", "2018"),
    ],
)
def test_a_financial_year_is_labelled_by_the_month_it_starts(
    start_year, start_month, label, file_label
):
    assert year_label(start_year, start_month) == label
    assert year_label(start_year, start_month, separator="-") == file_label
    assert financial_year(start_year, start_month).label == label


def test_a_year_label_needs_the_start_month():
    with pytest.raises(TypeError):
        year_label(2018)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="a year start month is 1 to 12, not 13"):
        year_label(2018, 13)


@pytest.mark.parametrize(
    ("period", "number"),
    [
        (quarter(2018, 3), 3),
        (half_year(2018, 2), 2),
        (financial_year(2018), 1),
        (month(2018, 4), 1),
        (month(2019, 3), 12),
        (month(2019, 3, 1), 3),
        (term(2018, "autumn"), 1),
        (term(2018, "spring"), 2),
        (term(2018, "summer"), 3),
    ],
)
def test_a_period_knows_its_place_in_its_year(period, number):
    assert period.number == number


def test_only_a_term_has_a_term_name():
    assert term(2018, "spring").term_name is TermName.SPRING
    with pytest.raises(ValueError, match="Q2 2018/19 is a quarter, not a term"):
        _ = quarter(2018, 2).term_name


@pytest.mark.parametrize(
    ("period", "year"),
    [
        (quarter(2018, 4), financial_year(2018)),
        (month(2019, 3), financial_year(2018)),
        (month(2019, 3, 1), financial_year(2019, 1)),
        (half_year(2018, 2), financial_year(2018)),
        (financial_year(2018), financial_year(2018)),
        (term(2018, "summer"), financial_year(2018, 9)),
    ],
)
def test_the_financial_year_of_a_period_is_the_year_containing_it(period, year):
    assert period.financial_year == year


@pytest.mark.parametrize(
    ("day", "inside"),
    [("2018-06-30", False), ("2018-07-01", True), ("2018-09-30", True), ("2018-10-01", False)],
)
def test_a_period_contains_its_first_and_last_days(day, inside):
    assert quarter(2018, 2).contains(d(day)) is inside
    assert quarter(2018, 2).date_range.contains(d(day)) is inside


def test_periods_sort_by_start_then_end():
    shuffled = [quarter(2018, 3), financial_year(2018), month(2018, 4), quarter(2018, 1)]
    assert sorted(shuffled) == [
        month(2018, 4),
        quarter(2018, 1),
        financial_year(2018),
        quarter(2018, 3),
    ]
    assert quarter(2018, 1) < quarter(2018, 2) <= quarter(2018, 2)
    assert financial_year(2018) > quarter(2018, 1)


def test_periods_with_the_same_dates_but_different_types_are_ordered_and_unequal():
    spring, fourth_quarter = term(2018, "spring"), quarter(2018, 4)
    assert (spring.start, spring.end) == (fourth_quarter.start, fourth_quarter.end)
    assert spring != fourth_quarter
    assert fourth_quarter < spring  # "quarter" sorts before "term"
    assert not spring < fourth_quarter


def test_a_period_does_not_compare_with_other_things():
    with pytest.raises(TypeError):
        _ = quarter(2018, 1) < date(2018, 1, 1)


@pytest.mark.parametrize(
    ("frequency", "period_type"),
    [
        (Frequency.MONTHLY, MONTH),
        (Frequency.QUARTERLY, QUARTER),
        (Frequency.TERMLY, TERM),
        (Frequency.HALF_YEARLY, HALF),
        (Frequency.ANNUAL, YEAR),
        ("quarterly", QUARTER),
    ],
)
def test_each_frequency_is_reported_for_one_type_of_period(frequency, period_type):
    assert period_type_for(frequency) is period_type


# --- reading periods ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q2 2018/19", quarter(2018, 2)),
        ("2018-19 Q2", quarter(2018, 2)),
        ("2018/19 Q2", quarter(2018, 2)),
        ("Q2 2018-19", quarter(2018, 2)),
        ("Quarter 2 2018/19", quarter(2018, 2)),
        ("Quarter 1, 2012/13", quarter(2012, 1)),
        ("QUARTER 2, 2018/19", quarter(2018, 2)),
        ("Q2 18/19", quarter(2018, 2)),
        ("Q2 2018/2019", quarter(2018, 2)),
        ("  q2   2018 / 19 ", quarter(2018, 2)),
        ("2018/19 - Q2", quarter(2018, 2)),
        ("2018/19", financial_year(2018)),
        ("2018-19", financial_year(2018)),
        ("2018/2019", financial_year(2018)),
        ("2018-2019", financial_year(2018)),
        ("18/19", financial_year(2018)),
        ("1999/00", financial_year(1999)),
        ("99/00", financial_year(1999)),
        ("FY 2018/19", financial_year(2018)),
        ("Financial year 2010-11", financial_year(2010)),
        ("September 2009", month(2009, 9)),
        ("Sep 2009", month(2009, 9)),
        ("Sept. 2009", month(2009, 9)),
        ("SEPTEMBER 2009", month(2009, 9)),
        ("2009-09", month(2009, 9)),
        ("2018-12", month(2018, 12)),
        ("H1 2018/19", half_year(2018, 1)),
        ("2018-19 H1", half_year(2018, 1)),
        ("Half year 2 2018/19", half_year(2018, 2)),
        ("half-year 2 2018/19", half_year(2018, 2)),
        ("Autumn term 2018/19", term(2018, "autumn")),
        ("2018-19 Autumn", term(2018, "autumn")),
        ("spring term 2018/19", term(2018, "spring")),
        ("Autumn 2018", term(2018, "autumn")),
        ("Spring term 2019", term(2018, "spring")),
        ("Summer 2019", term(2018, "summer")),
    ],
)
def test_parse_period_reads_labels_as_councils_write_them(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "start_month", "expected"),
    [
        ("2018", 1, financial_year(2018, 1)),
        ("Q2 2018", 1, quarter(2018, 2, 1)),
        ("2018 H2", 1, half_year(2018, 2, 1)),
        ("2018-11", 1, month(2018, 11, 1)),
        ("2010-11", 1, month(2010, 11, 1)),
        ("Q1 2018/19", 7, quarter(2018, 1, 7)),
        ("Autumn term 2018/19", 1, term(2018, "autumn")),
    ],
)
def test_parse_period_reads_years_by_the_bodys_start_month(text, start_month, expected):
    assert parse_period(text, start_month) == expected


@pytest.mark.parametrize(
    ("text", "start_month", "message"),
    [
        ("", 4, "no period given"),
        ("   ", 4, "no period given"),
        ("2018/20", 4, "'2018/20' is not a year: 20 does not follow 2018"),
        ("2018/2020", 4, "'2018/2020' is not a year: 2020 does not follow 2018"),
        ("Q2 2018/20", 4, "'2018/20' is not a year: 20 does not follow 2018"),
        ("Autumn term 2018/20", 4, "'2018/20' is not a year"),
        ("Q5 2018/19", 4, "'Q5 2018/19' is not a period: there is no quarter 5"),
        ("H3 2018/19", 4, "'H3 2018/19' is not a period: there is no half year 3"),
        ("Q2 2018", 4, "'2018' is a calendar year, but a financial year runs across two: "),
        ("2018", 4, "write it as 2018/19"),
        ("18", 4, "'18' is not a year; write it in full"),
        ("Sep 09", 4, "'09' is not a year; write it in full"),
        ("2018/19", 1, "'2018/19' runs across two years, but years here run January to Dec"),
        ("2018-19", 1, "'2018-19' is not a month: 19 is not 01 to 12"),
        ("2018-13", 4, "'2018-13' is neither a month \\(YYYY-MM\\) nor a year \\(2018-19\\)"),
        ("2018-00", 4, "neither a month"),
        ("Smarch 2018", 4, "'Smarch' is not a month, quarter, half year or term"),
        ("September 2009/10", 4, "'September 2009/10': a month is in one calendar year"),
        ("next quarter", 4, "'next quarter' is not a period; write it like 'Q2 2018/19'"),
        ("Q2", 4, "'Q2' is not a period"),
        ("2010-11", 4, "'2010-11' could be November 2010 or the year 2010/11: write"),
        ("2009-10", 7, "could be October 2009 or the year 2009/10"),
        ("Autumn 18", 4, "'18' is not a year; write it in full"),
    ],
)
def test_parse_period_refuses_text_that_is_not_a_period_and_says_why(text, start_month, message):
    with pytest.raises(PeriodParseError, match=message):
        parse_period(text, start_month)


def test_a_period_parse_error_is_a_value_error():
    assert issubclass(PeriodParseError, ValueError)


@pytest.mark.parametrize(
    ("text", "period_type", "expected"),
    [
        ("2010-11", MONTH, month(2010, 11)),
        ("2010-11", YEAR, financial_year(2010)),
        ("2010-11", "year", financial_year(2010)),
        ("2009-09", MONTH, month(2009, 9)),
        ("2018-19", YEAR, financial_year(2018)),
        ("Q2 2018/19", QUARTER, quarter(2018, 2)),
        ("FY 2010-11", YEAR, financial_year(2010)),
    ],
)
def test_parse_period_uses_the_expected_type_to_settle_a_month_or_year_key(
    text, period_type, expected
):
    assert parse_period(text, period_type=period_type) == expected


@pytest.mark.parametrize(
    ("text", "period_type", "start_month", "message"),
    [
        ("Q2 2018/19", MONTH, 4, "'Q2 2018/19' is a quarter, not a month"),
        ("2018-19", MONTH, 4, "'2018-19' is not a month: 19 is not 01 to 12"),
        ("2009-09", YEAR, 4, "'2009-09' is not a year: 09 does not follow 2009"),
        ("2010-11", QUARTER, 4, "'2010-11' is a year, not a quarter"),
        ("2009-09", HALF, 4, "'2009-09' is neither a month"),
        ("2010-11", YEAR, 1, "'2010-11' runs across two years"),
        ("FY 2010-11", MONTH, 4, "'FY 2010-11' is a year, not a month"),
    ],
)
def test_parse_period_refuses_text_of_another_type_than_expected(
    text, period_type, start_month, message
):
    with pytest.raises(PeriodParseError, match=message):
        parse_period(text, start_month, period_type=period_type)


def test_parse_period_refuses_a_start_month_that_is_not_a_month():
    with pytest.raises(ValueError, match="a year start month is 1 to 12, not 0"):
        parse_period("Q2 2018/19", 0)


# --- moving between periods ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "before", "after", "last_year"),
    [
        (quarter(2018, 2), quarter(2018, 1), quarter(2018, 3), quarter(2017, 2)),
        (quarter(2018, 1), quarter(2017, 4), quarter(2018, 2), quarter(2017, 1)),
        (half_year(2018, 1), half_year(2017, 2), half_year(2018, 2), half_year(2017, 1)),
        (financial_year(2018), financial_year(2017), financial_year(2019), financial_year(2017)),
        (month(2018, 1), month(2017, 12), month(2018, 2), month(2017, 1)),
        (month(2016, 2), month(2016, 1), month(2016, 3), month(2015, 2)),
        (term(2018, "autumn"), term(2017, "summer"), term(2018, "spring"), term(2017, "autumn")),
        (term(2018, "spring"), term(2018, "autumn"), term(2018, "summer"), term(2017, "spring")),
        (quarter(2018, 1, 1), quarter(2017, 4, 1), quarter(2018, 2, 1), quarter(2017, 1, 1)),
    ],
)
def test_periods_step_to_their_neighbours_and_to_the_same_period_last_year(
    period, before, after, last_year
):
    assert previous(period) == before
    assert following(period) == after
    assert same_period_last_year(period) == last_year


@pytest.mark.parametrize(
    ("container", "period_type", "labels"),
    [
        (financial_year(2018), QUARTER, ["Q1 2018/19", "Q2 2018/19", "Q3 2018/19", "Q4 2018/19"]),
        (financial_year(2018), HALF, ["H1 2018/19", "H2 2018/19"]),
        (financial_year(2018), YEAR, ["2018/19"]),
        (
            financial_year(2018),
            TERM,
            ["Summer term 2017/18", "Autumn term 2018/19", "Spring term 2018/19"],
        ),
        (
            financial_year(2018, 9),
            TERM,
            ["Autumn term 2018/19", "Spring term 2018/19", "Summer term 2018/19"],
        ),
        (quarter(2018, 3), MONTH, ["October 2018", "November 2018", "December 2018"]),
        (financial_year(2018, 1), QUARTER, ["Q1 2018", "Q2 2018", "Q3 2018", "Q4 2018"]),
    ],
)
def test_periods_in_lists_the_parts_of_a_period_in_order(container, period_type, labels):
    assert [part.label for part in periods_in(container, period_type)] == labels


def test_periods_in_a_year_are_its_twelve_months():
    months = periods_in(financial_year(2018), MONTH)
    assert [(m.start.year, m.start.month) for m in months] == [
        (2018, 4),
        (2018, 5),
        (2018, 6),
        (2018, 7),
        (2018, 8),
        (2018, 9),
        (2018, 10),
        (2018, 11),
        (2018, 12),
        (2019, 1),
        (2019, 2),
        (2019, 3),
    ]


@pytest.mark.parametrize(
    ("container", "period_type", "message"),
    [
        (financial_year(2018, 7), TERM, "2018/19 is not made of whole terms"),
        (quarter(2018, 2), HALF, "Q2 2018/19 is not made of whole half years"),
        (quarter(2018, 1), YEAR, "Q1 2018/19 is not made of whole years"),
        (term(2018, "autumn"), QUARTER, "Autumn term 2018/19 is not made of whole quarters"),
    ],
)
def test_periods_in_refuses_parts_that_do_not_fit_exactly(container, period_type, message):
    with pytest.raises(ValueError, match=message):
        periods_in(container, period_type)


# --- date ranges --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "to_date", "rolling"),
    [
        (quarter(2018, 2), "Apr 18 - Sep 18", "Oct 17 - Sep 18"),
        (quarter(2018, 1), "Apr 18 - Jun 18", "Jul 17 - Jun 18"),
        (financial_year(2018), "Apr 18 - Mar 19", "Apr 18 - Mar 19"),
        (month(2018, 4), "Apr 18", "May 17 - Apr 18"),
        (month(2019, 2), "Apr 18 - Feb 19", "Mar 18 - Feb 19"),
        (term(2018, "spring"), "Sep 18 - Mar 19", "Apr 18 - Mar 19"),
        (quarter(2018, 2, 1), "Jan 18 - Jun 18", "Jul 17 - Jun 18"),
    ],
)
def test_year_to_date_and_rolling_12_months_end_with_the_period(period, to_date, rolling):
    assert year_to_date(period).label == to_date
    assert rolling_12_months(period).label == rolling


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        ("2016-07-01", "2016-09-30", "Jul 16 - Sep 16"),
        ("2016-09-01", "2016-09-30", "Sep 16"),
        ("2016-07-15", "2016-09-30", "15 Jul 16 - 30 Sep 16"),
        ("2016-07-01", "2016-09-29", "1 Jul 16 - 29 Sep 16"),
        ("2016-07-15", "2016-07-15", "15 Jul 16"),
        ("2005-01-01", "2005-12-31", "Jan 05 - Dec 05"),
        ("0001-01-01", "9999-12-31", "Jan 01 - Dec 99"),  # the last month there is
        ("9999-12-01", "9999-12-30", "1 Dec 99 - 30 Dec 99"),
    ],
)
def test_a_date_range_label_shows_months_and_two_digit_years(start, end, label):
    assert DateRange(d(start), d(end)).label == label


def test_a_date_range_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match=r"cannot end \(2016-06-30\) before it starts"):
        DateRange(d("2016-07-01"), d("2016-06-30"))


def test_date_ranges_sort_by_start_then_end():
    later = DateRange(d("2016-07-01"), d("2016-09-30"))
    earlier = DateRange(d("2016-07-01"), d("2016-08-31"))
    assert sorted([later, earlier]) == [earlier, later]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Jul 15 - Sep 15", "2015-07-01", "2015-09-30"),
        ("Apr 16 - Jun 16", "2016-04-01", "2016-06-30"),
        ("Jul 16 - Sep 16", "2016-07-01", "2016-09-30"),
        ("Apr 17 to Mar 18", "2017-04-01", "2018-03-31"),
        ("Apr 16 to Mar 17", "2016-04-01", "2017-03-31"),
        ("Jul 17- Jun 18", "2017-07-01", "2018-06-30"),
        ("Jan 17 - Dec 17", "2017-01-01", "2017-12-31"),
        ("April 2016 - June 2016", "2016-04-01", "2016-06-30"),
        ("2016-07-01 to 2016-09-30", "2016-07-01", "2016-09-30"),
        ("2016-07-01 - 2016-09-30", "2016-07-01", "2016-09-30"),
        ("2016-07 to 2016-09", "2016-07-01", "2016-09-30"),
        ("01/07/2016 - 30/09/2016", "2016-07-01", "2016-09-30"),
        ("1st July 2016 until 30th Sept 2016", "2016-07-01", "2016-09-30"),
        ("Jul 16 \u2013 Sep 16", "2016-07-01", "2016-09-30"),
        ("jul 16 TO sep 16", "2016-07-01", "2016-09-30"),
        ("Feb 16", "2016-02-01", "2016-02-29"),
        ("15 Jul 16", "2016-07-15", "2016-07-15"),
        ("Jan 99 - Dec 99", "1999-01-01", "1999-12-31"),
    ],
)
def test_parse_date_range_reads_data_covers_notes(text, start, end):
    assert parse_date_range(text) == DateRange(d(start), d(end))


def test_parse_date_range_reads_every_data_covers_note_on_the_seed_scorecards():
    with SEED_CSV.open(newline="") as file:
        notes = {row["data_period"] for row in csv.DictReader(file)} - {""}
    assert len(notes) >= 7
    for note in notes:
        covered = parse_date_range(note)
        assert covered.start.day == 1
        assert parse_date_range(covered.label) == covered


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Sep 16 - Jul 16", r"'Sep 16 - Jul 16' ends \(2016-07-31\) before it starts"),
        ("2016-09-30 to 2016-07-01", "ends"),
        ("Jly 16 - Sep 16", "'Jly' is not a month"),
        ("31 Feb 16", "'31 Feb 16' is not a date"),
        ("2016-13-01 to 2016-12-31", "'2016-13-01' is not a date"),
        ("31/06/2016 - 30/09/2016", "'31/06/2016' is not a date"),
        ("", "'' is not a date range; write it like 'Jul 16 - Sep 16'"),
        ("last quarter", "'last quarter' is not a date range"),
    ],
)
def test_parse_date_range_refuses_what_is_not_a_date_range_and_says_why(text, message):
    with pytest.raises(PeriodParseError, match=message):
        parse_date_range(text)


# --- properties ---------------------------------------------------------------------------

days = st.dates(min_value=date(1901, 1, 1), max_value=date(2998, 12, 31))
start_months = st.integers(min_value=1, max_value=12)


@st.composite
def periods(draw, types=tuple(PeriodType)):
    return period_containing(draw(days), draw(st.sampled_from(types)), draw(start_months))


@given(periods())
def test_previous_ends_the_day_before_the_period_starts(period):
    before = previous(period)
    assert before.type is period.type
    assert before.end == period.start - timedelta(days=1)
    assert following(before) == period


@given(periods((MONTH, QUARTER, HALF, YEAR)))
def test_a_period_lasts_a_fixed_number_of_months(period):
    months = {MONTH: 1, QUARTER: 3, HALF: 6, YEAR: 12}[period.type]
    last_month = period.end.year * 12 + period.end.month
    assert last_month - (period.start.year * 12 + period.start.month) + 1 == months


@given(periods())
def test_same_period_last_year_twice_is_two_years_back(period):
    two_back = same_period_last_year(same_period_last_year(period))
    assert two_back.type is period.type
    assert two_back.start == period.start.replace(year=period.start.year - 2)
    assert two_back.number == period.number


@given(periods())
def test_the_same_period_next_year_of_last_year_is_the_period_itself(period):
    assert same_period_next_year(same_period_last_year(period)) == period
    assert same_period_last_year(same_period_next_year(period)) == period


@given(periods())
def test_a_label_reads_back_as_the_same_period(period):
    assert parse_period(period.label, period.fy_start_month) == period


@given(periods())
def test_a_key_reads_back_as_the_same_period(period):
    assert parse_period(period.key, period.fy_start_month, period_type=period.type) == period
    try:
        assert parse_period(period.key, period.fy_start_month) == period
    except PeriodParseError as error:  # "2010-11" is November 2010 (or 2010/11, typed by hand)
        assert period.type is MONTH
        assert "could be" in str(error)


@given(days, days, st.sampled_from(tuple(PeriodType)), st.sampled_from(tuple(PeriodType)))
def test_two_periods_of_one_organisation_never_share_a_key(day, other_day, one_type, other_type):
    one = period_containing(day, one_type)
    other = period_containing(other_day, other_type)
    assert (one.key == other.key) == (one == other)


@given(days, st.sampled_from(tuple(PeriodType)), start_months)
def test_the_period_containing_a_day_contains_it(day, period_type, start_month):
    assert period_containing(day, period_type, start_month).contains(day)


@given(periods((MONTH, QUARTER, HALF, YEAR)))
def test_the_parts_of_a_year_tile_it_and_include_the_period(period):
    parts = periods_in(period.financial_year, period.type)
    assert period in parts
    assert len(parts) == 12 // {MONTH: 1, QUARTER: 3, HALF: 6, YEAR: 12}[period.type]
    assert all(a.end + timedelta(days=1) == b.start for a, b in itertools.pairwise(parts))


@given(periods(), periods())
def test_periods_sort_by_their_dates(first, second):
    assume(first != second)
    assert (first < second) != (second < first)
    if (first.start, first.end) < (second.start, second.end):
        assert first < second


@given(periods())
def test_rolling_12_months_lasts_a_year_and_year_to_date_starts_the_year(period):
    rolling = rolling_12_months(period)
    assert rolling.end == period.end
    day_after = rolling.end + timedelta(days=1)
    assert rolling.start == day_after.replace(year=day_after.year - 1)
    assert year_to_date(period).start == period.financial_year.start


@given(
    st.dates(min_value=date(1969, 1, 1), max_value=date(2068, 12, 31)),
    st.dates(min_value=date(1969, 1, 1), max_value=date(2068, 12, 31)),
)
def test_a_date_range_label_reads_back_as_the_same_range(one, other):
    covered = DateRange(min(one, other), max(one, other))
    assert parse_date_range(covered.label) == covered


def test_months_after_keeps_the_day_or_takes_the_month_end():
    from yardstick.core.periods import months_after

    assert months_after(date(2018, 9, 30), 6) == date(2019, 3, 30)
    assert months_after(date(2018, 8, 31), 6) == date(2019, 2, 28)
    assert months_after(date(2019, 8, 31), 6) == date(2020, 2, 29)
    assert months_after(date(2018, 11, 15), 3) == date(2019, 2, 15)
