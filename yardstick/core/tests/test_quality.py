"""Data quality: validation rules that are always right; outliers against a measure's history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yardstick.core.quality import (
    TIMELINESS_LABELS,
    Outlier,
    Problem,
    Timeliness,
    outlier_check,
    percent_of,
    timeliness,
    validate_value,
)
from yardstick.core.values import Value, ValueType

D = Decimal
T = ValueType
NO_PROBLEMS: list[Problem] = []
HISTORY = [D(x) for x in ("50", "52", "51", "53", "55", "49", "52", "54", "50", "52")]


def value(amount, value_type=T.NUMBER, numerator=None, denominator=None, decimals=None) -> Value:
    return Value(
        D(amount),
        value_type,
        None if numerator is None else D(numerator),
        None if denominator is None else D(denominator),
        decimals,
    )


def figures(*amounts: str) -> list[Decimal]:
    return [D(amount) for amount in amounts]


@pytest.mark.parametrize(
    ("figure", "limits", "problems"),
    [
        pytest.param(value("38.7", T.PERCENTAGE, 53, 137), {}, [], id="a_good_percentage"),
        pytest.param(value("0", T.PERCENTAGE), {}, [], id="zero_percent_is_allowed"),
        pytest.param(value("100", T.PERCENTAGE), {}, [], id="a_hundred_percent_is_allowed"),
        pytest.param(
            value("104", T.PERCENTAGE),
            {},
            [("value", "A percentage must be between 0 and 100; 104 is above 100.")],
            id="a_percentage_above_100",
        ),
        pytest.param(
            value("-3", T.PERCENTAGE),
            {},
            [("value", "A percentage must be between 0 and 100; -3 is below 0.")],
            id="a_percentage_below_0",
        ),
        pytest.param(
            value("104", T.PERCENTAGE), {"maximum": D("150")}, [], id="a_measure_allowing_more"
        ),
        pytest.param(
            value("-10", T.PERCENTAGE), {"minimum": D("-100")}, [], id="a_measure_allowing_less"
        ),
        pytest.param(
            value("160", T.PERCENTAGE),
            {"maximum": D("150.000000")},
            [("value", "A figure for this measure must be between 0 and 150; 160 is above 150.")],
            id="the_measures_own_maximum_printed_without_padding",
        ),
        pytest.param(
            value("104", T.PERCENTAGE, 104, 100),
            {},
            [
                ("value", "A percentage must be between 0 and 100; 104 is above 100."),
                (
                    "numerator",
                    "The numerator (104) cannot be more than the denominator (100):"
                    " a percentage of a whole is at most 100.",
                ),
            ],
            id="a_part_larger_than_its_whole",
        ),
        pytest.param(
            value("120", T.PERCENTAGE, 120, 100),
            {"maximum": D("200")},
            [],
            id="a_percentage_that_may_pass_100_may_have_a_numerator_above_its_denominator",
        ),
        pytest.param(
            value("50", T.PERCENTAGE, -5, -10),
            {},
            [
                ("numerator", "The numerator is a count and cannot be negative; it is -5."),
                ("denominator", "The denominator is a count and cannot be negative; it is -10."),
            ],
            id="negative_counts_for_a_percentage_of_a_whole",
        ),
        pytest.param(
            value("40.1", T.PERCENTAGE, 53, 137),
            {},
            [
                (
                    "value",
                    "53 out of 137 is 38.7%, not 40.1: check the figure and its numerator"
                    " and denominator.",
                )
            ],
            id="a_percentage_that_disagrees_with_its_counts",
        ),
        pytest.param(
            value("38.6", T.PERCENTAGE, 53, 137), {}, [], id="a_percentage_cut_short_not_rounded"
        ),
        pytest.param(
            value("39", T.PERCENTAGE, 53, 137, decimals=0),
            {},
            [],
            id="a_percentage_rounded_to_its_printed_places",
        ),
        pytest.param(
            value("38.69", T.PERCENTAGE, 53, 137, decimals=1),
            {},
            [],
            id="the_printed_places_override_the_amounts_own",
        ),
        pytest.param(
            value("38", T.PERCENTAGE, 53, 137),
            {},
            [],
            id="a_whole_percentage_may_be_a_unit_off",
        ),
        pytest.param(
            value("37", T.PERCENTAGE, 53, 137),
            {},
            [
                (
                    "value",
                    "53 out of 137 is 39%, not 37: check the figure and its numerator and"
                    " denominator.",
                )
            ],
            id="a_whole_percentage_two_units_off",
        ),
        pytest.param(value("0.25", T.RATIO, 1, 4), {}, [], id="a_ratio_agreeing_with_its_terms"),
        pytest.param(
            value("0.5", T.RATIO, 1, 4),
            {},
            [
                (
                    "value",
                    "1 out of 4 is 0.3, not 0.5: check the figure and its numerator and"
                    " denominator.",
                )
            ],
            id="a_ratio_disagreeing_with_its_terms",
        ),
        pytest.param(
            value("5", T.RATIO, -1, 1000),
            {},
            [
                (
                    "value",
                    "-1 out of 1000 is 0, not 5: check the figure and its numerator and"
                    " denominator.",
                )
            ],
            id="a_quotient_rounding_to_zero_prints_as_0",
        ),
        pytest.param(value("2", T.RATIO, 2, 1), {}, [], id="a_ratio_may_be_above_one"),
        pytest.param(
            value("38.7", T.PERCENTAGE, -53, 0),
            {},
            [
                ("numerator", "The numerator is a count and cannot be negative; it is -53."),
                ("denominator", "The denominator cannot be zero: nothing can be divided by it."),
            ],
            id="problems_come_in_the_order_value_numerator_denominator",
        ),
        pytest.param(
            value("72", T.RATE, 307, 0),
            {},
            [("denominator", "The denominator cannot be zero: nothing can be divided by it.")],
            id="a_zero_denominator",
        ),
        pytest.param(value("72", T.RATE, 307), {}, [], id="a_rate_with_its_count_alone"),
        pytest.param(value("72", T.RATE, -307), {}, [], id="a_rates_count_is_not_judged"),
        pytest.param(value("96", T.DURATION), {}, [], id="a_duration"),
        pytest.param(
            value("-5", T.DURATION),
            {},
            [("value", "A duration cannot be negative; -00:05 is below zero.")],
            id="a_negative_duration",
        ),
        pytest.param(
            value("-5", T.DURATION), {"minimum": D("-60")}, [], id="a_duration_change_measure"
        ),
        pytest.param(
            value("4000", T.DURATION),
            {"maximum": D("3600")},
            [
                (
                    "value",
                    "A figure for this measure must be between 00:00 and 1:00:00;"
                    " 1:06:40 is above 1:00:00.",
                )
            ],
            id="a_duration_above_the_measures_maximum",
        ),
        pytest.param(
            value("5", T.CURRENCY),
            {"minimum": D("10")},
            [("value", "A figure for this measure cannot be below £10; £5 is below £10.")],
            id="below_the_measures_minimum",
        ),
        pytest.param(
            value("-35000"),
            {"maximum": D("100")},
            [],
            id="below_a_maximum_alone_is_fine",
        ),
        pytest.param(
            value("35000"),
            {"maximum": D("100")},
            [("value", "A figure for this measure cannot be above 100; 35000 is above 100.")],
            id="above_the_measures_maximum",
        ),
        pytest.param(value("-35000"), {}, [], id="a_number_has_no_limits_of_its_own"),
        pytest.param(value("1", T.YES_NO), {}, [], id="yes"),
        pytest.param(value("0", T.YES_NO), {}, [], id="no"),
        pytest.param(
            value("2", T.YES_NO),
            {},
            [("value", "A yes/no figure is 1 for yes or 0 for no, not 2.")],
            id="neither_yes_nor_no",
        ),
        pytest.param(value("737130", T.DATE), {}, [], id="a_date"),
        pytest.param(
            value("737130.5", T.DATE),
            {},
            [("value", "737130.5 is not a day's number, so not a date.")],
            id="half_a_day",
        ),
        pytest.param(
            value("0", T.DATE),
            {},
            [("value", "0 is not a day's number, so not a date.")],
            id="before_the_first_day",
        ),
        pytest.param(
            value(str(date.max.toordinal() + 1), T.DATE),
            {},
            [("value", "3652060 is not a day's number, so not a date.")],
            id="after_the_last_day",
        ),
        pytest.param(
            value("737130", T.DATE),
            {"maximum": D(date(2019, 3, 1).toordinal())},
            [
                (
                    "value",
                    "A figure for this measure cannot be above 1 Mar 2019;"
                    " 12 Mar 2019 is above 1 Mar 2019.",
                )
            ],
            id="a_date_after_the_measures_latest",
        ),
        pytest.param(
            value("0", T.DATE),
            {"minimum": D(date(2019, 3, 1).toordinal())},
            [("value", "0 is not a day's number, so not a date.")],
            id="a_figure_not_of_its_type_is_not_judged_against_the_limits",
        ),
        pytest.param(
            value("737130", T.DATE),
            {"maximum": D("-5")},
            [("value", "A figure for this measure cannot be above -5; 12 Mar 2019 is above -5.")],
            id="a_date_measures_limit_that_is_no_day_is_shown_plain",
        ),
        pytest.param(value("NaN"), {}, [("value", "NaN is not a figure.")], id="not_a_number"),
        pytest.param(
            Value(D(5), T.RATE, D("NaN"), D("1E+20")),
            {},
            [
                ("numerator", "The numerator is not a number."),
                (
                    "denominator",
                    "The denominator is too large to keep: up to 14 digits before the decimal "
                    "point.",
                ),
            ],
            id="counts_that_cannot_be_kept",
        ),
        pytest.param(
            value("Infinity", T.PERCENTAGE),
            {},
            [("value", "Infinity is not a figure.")],
            id="infinity",
        ),
    ],
)
def test_each_figure_has_exactly_the_problems_the_rules_give(figure, limits, problems):
    assert validate_value(figure, **limits) == [Problem(*problem) for problem in problems]


@given(amount=st.decimals(min_value=0, max_value=100, places=3))
def test_a_percentage_from_0_to_100_with_no_counts_has_no_problems(amount):
    assert validate_value(Value(amount, T.PERCENTAGE)) == []


@given(
    amount=st.decimals(
        min_value=-(10**12) + 1, max_value=10**12 - 1, allow_nan=False, places=3
    ).filter(lambda amount: not 0 <= amount <= 100)
)
def test_a_percentage_outside_0_to_100_has_one_problem_with_its_value(amount):
    [problem] = validate_value(Value(amount, T.PERCENTAGE))
    assert problem.field == "value"
    assert problem.message.startswith("A percentage must be between 0 and 100; ")


@given(
    numerator=st.integers(min_value=0, max_value=10**6),
    denominator=st.integers(min_value=1, max_value=10**6),
    places=st.integers(min_value=0, max_value=3),
)
def test_a_percentage_worked_out_from_its_counts_agrees_with_them(numerator, denominator, places):
    exact = D(numerator) * 100 / D(denominator)
    amount = exact.quantize(D(1).scaleb(-places))
    problems = validate_value(Value(amount, T.PERCENTAGE, D(numerator), D(denominator), places))
    if numerator <= denominator:
        assert problems == []
    else:
        assert [problem.field for problem in problems] == ["value", "numerator"]


LOW, HIGH = D("49"), D("55")  # of HISTORY
RANGE = "the last 10 figures were 49 to 55"
FLAT = figures("52", "52", "52", "52", "52", "52", "52", "52", "53")


@pytest.mark.parametrize(
    ("amount", "history", "expected"),
    [
        pytest.param(
            "104",
            HISTORY,
            Outlier(True, D("23.38"), D("52"), f"much higher than usual: {RANGE}", LOW, HIGH),
            id="far_above",
        ),
        pytest.param(
            "10",
            HISTORY,
            Outlier(True, D("-18.89"), D("52"), f"much lower than usual: {RANGE}", LOW, HIGH),
            id="far_below",
        ),
        pytest.param(
            "52",
            HISTORY,
            Outlier(False, D("0.00"), D("52"), f"within the usual range: {RANGE}", LOW, HIGH),
            id="the_median_itself",
        ),
        pytest.param(
            "56",
            HISTORY,
            Outlier(
                False,
                D("1.80"),
                D("52"),
                f"a little higher than usual, an ordinary movement: {RANGE}",
                LOW,
                HIGH,
            ),
            id="just_past_the_highest_is_ordinary",
        ),
        pytest.param(
            "43.8",
            HISTORY,
            Outlier(
                False,
                D("-3.69"),
                D("52"),
                f"a little lower than usual, an ordinary movement: {RANGE}",
                LOW,
                HIGH,
            ),
            id="far_by_the_score_but_within_an_ordinary_movement_of_the_range",
        ),
        pytest.param(
            "1000",
            figures("100", "200", "300", "400", "500", "600", "700", "800", "900", "1000"),
            Outlier(
                False,
                D("1.21"),
                D("550"),
                "within the usual range: the last 10 figures were 100 to 1,000",
                D("100"),
                D("1000"),
            ),
            id="an_even_number_of_figures_has_the_mean_of_the_middle_two_as_median",
        ),
        pytest.param(
            "53",
            figures("52", "52", "52", "52", "52", "52", "52", "52", "53", "60"),
            Outlier(
                False,
                D("0.89"),
                D("52"),
                "within the usual range: the last 10 figures were 52 to 60",
                D("52"),
                D("60"),
            ),
            id="most_figures_equal_so_the_mean_absolute_deviation_is_used",
        ),
        pytest.param(
            "60",
            FLAT,
            Outlier(
                True,
                D("57.45"),
                D("52"),
                "much higher than usual: the last 9 figures were 52 to 53",
                D("52"),
                D("53"),
            ),
            id="an_outlier_judged_by_the_mean_absolute_deviation",
        ),
        pytest.param(
            "57",
            FLAT,
            Outlier(
                False,
                D("35.90"),
                D("52"),
                "a little higher than usual, an ordinary movement: the last 9 figures were 52"
                " to 53",
                D("52"),
                D("53"),
            ),
            id="a_tenth_of_the_usual_level_is_an_ordinary_movement_however_steady",
        ),
        pytest.param(
            "52",
            figures(*["52"] * 8),
            Outlier(
                False,
                None,
                D("52"),
                "Not judged: the last 8 figures were all 52, so there is no spread to measure"
                " against; 52 is the same as them.",
                D("52"),
                D("52"),
            ),
            id="every_figure_the_same_and_so_is_this_one",
        ),
        pytest.param(
            "60",
            figures(*["52"] * 8),
            Outlier(
                False,
                None,
                D("52"),
                "Not judged: the last 8 figures were all 52, so there is no spread to measure"
                " against; 60 is different from them.",
                D("52"),
                D("52"),
            ),
            id="every_figure_the_same_and_this_one_differs",
        ),
        pytest.param(
            "104",
            figures("50", "52", "51"),
            Outlier(
                False,
                None,
                None,
                "Not judged: this measure has 3 earlier figures, and at least 8 are needed.",
            ),
            id="too_few_figures",
        ),
        pytest.param(
            "104",
            figures("50"),
            Outlier(
                False,
                None,
                None,
                "Not judged: this measure has 1 earlier figure, and at least 8 are needed.",
            ),
            id="one_figure",
        ),
        pytest.param(
            "104",
            [],
            Outlier(
                False,
                None,
                None,
                "Not judged: this measure has no earlier figures, and at least 8 are needed.",
            ),
            id="no_figures",
        ),
    ],
)
def test_outliers_are_judged_by_the_robust_z_score_and_an_ordinary_movement(
    amount, history, expected
):
    assert outlier_check(D(amount), history) == expected


def test_the_reason_prints_the_range_in_the_measures_units_and_periods():
    durations = figures("96", "100", "98", "97", "99", "101", "95", "100")
    judged = outlier_check(D("130"), durations, value_type=T.DURATION, noun="month")
    assert judged.reason == "much higher than usual: the last 8 months were 01:35 to 01:41"
    rates = figures("14", "15.2", "16", "17.7", "15", "14.5", "16.1", "15.5", "16.8", "17")
    judged = outlier_check(D("25"), rates + figures("15.9", "14.2"), value_type=T.PERCENTAGE)
    assert judged.reason == "much higher than usual: the last 12 figures were 14% to 17.7%"
    one = outlier_check(D("9"), figures("5"), minimum_history=1, noun="quarter")
    assert one.reason.startswith("Not judged: the last quarter was all 5,")


def test_an_ordinary_movement_is_beyond_the_range_by_half_the_range_or_a_tenth_of_the_level():
    # HISTORY runs 49 to 55 around 52: half the range (3) is more than a tenth of 52 (5.2)? No:
    # 5.2 is more, so figures from 43.8 to 60.2 are ordinary, whatever their score.
    assert not outlier_check(D("60.2"), HISTORY).is_outlier
    assert outlier_check(D("60.21"), HISTORY).is_outlier
    assert not outlier_check(D("43.8"), HISTORY).is_outlier
    assert outlier_check(D("43.79"), HISTORY).is_outlier
    # A wide range, 49 to 80 around 52: half the range (15.5) is the ordinary movement.
    wide = HISTORY[:-1] + figures("80")
    assert outlier_check(D("95.5"), wide).score > 10
    assert not outlier_check(D("95.5"), wide).is_outlier
    assert outlier_check(D("95.6"), wide).is_outlier


def test_only_the_last_window_of_figures_is_compared_with():
    old_and_wild = figures("900", "950", "1000", "990", "980", "970")
    judged = outlier_check(D("104"), old_and_wild + HISTORY, window=10)
    assert judged == outlier_check(D("104"), HISTORY)
    assert judged.median == D("52")


def test_the_limit_the_ordinary_movement_and_the_history_needed_can_be_set():
    assert not outlier_check(D("60"), HISTORY).is_outlier  # score 3.6, ordinary: up to 60.2
    assert outlier_check(D("60"), HISTORY, ordinary_share=D("0.05")).is_outlier  # up to 58
    assert not outlier_check(D("59"), HISTORY, ordinary_share=D(0)).is_outlier  # score 3.15
    assert outlier_check(D("59"), HISTORY, ordinary_share=D(0), threshold=D("1.5")).is_outlier
    assert outlier_check(D("104"), HISTORY[:3], minimum_history=3).is_outlier


@pytest.mark.parametrize(
    "settings",
    [
        {"threshold": D("0")},
        {"threshold": D("-3.5")},
        {"window": 0},
        {"minimum_history": 0},
        {"ordinary_share": D("-0.1")},
    ],
)
def test_nonsense_settings_are_refused(settings):
    with pytest.raises(ValueError, match="must be positive"):
        outlier_check(D("104"), HISTORY, **settings)


amounts = st.decimals(min_value=-(10**6), max_value=10**6, places=2)
histories = st.lists(amounts, min_size=8, max_size=20)


@given(amount=amounts, history=histories, shift=amounts)
def test_moving_every_figure_by_the_same_amount_keeps_the_score(amount, history, shift):
    # The score, not the judgement: an ordinary movement is partly a share of the level.
    moved = outlier_check(amount + shift, [figure + shift for figure in history])
    judged = outlier_check(amount, history)
    assert moved.score == judged.score
    same = outlier_check(amount + shift, [f + shift for f in history], ordinary_share=D(0))
    plain = outlier_check(amount, history, ordinary_share=D(0))
    assert same.is_outlier == plain.is_outlier


@given(
    amount=amounts,
    history=histories,
    scale=st.decimals(min_value=D("0.01"), max_value=1000, places=2),
)
def test_a_change_of_units_keeps_the_judgement(amount, history, scale):
    scaled = outlier_check(amount * scale, [figure * scale for figure in history])
    judged = outlier_check(amount, history)
    assert (scaled.is_outlier, scaled.score) == (judged.is_outlier, judged.score)


@given(amount=amounts, history=histories)
def test_a_mirror_image_has_the_opposite_score(amount, history):
    mirrored = outlier_check(-amount, [-figure for figure in history])
    judged = outlier_check(amount, history)
    assert mirrored.is_outlier == judged.is_outlier
    if judged.score is not None:
        assert mirrored.score == -judged.score


@given(history=histories)
def test_the_median_itself_is_never_an_outlier(history):
    median = outlier_check(D(0), history).median
    judged = outlier_check(median, history)
    assert not judged.is_outlier
    assert judged.score in (None, D(0))


@given(amount=amounts, history=histories)
def test_an_outlier_is_far_by_its_score_and_beyond_an_ordinary_movement(amount, history):
    judged = outlier_check(amount, history)
    assert judged.median is not None
    if judged.score is None:
        assert not judged.is_outlier
        return
    assert (judged.score > 0) == (amount > judged.median) or judged.score.is_zero()
    # the score is rounded to 2 places and the decision made on the exact score, so a rounded
    # 3.50 may go either way; anything else is decided by which side of the limit it is
    if abs(judged.score) != D("3.5"):
        far = abs(judged.score) > D("3.5")
        ordinary = max((judged.high - judged.low) / 2, abs(judged.median) / 10)
        beyond = amount > judged.high + ordinary or amount < judged.low - ordinary
        assert judged.is_outlier == (far and beyond)
    if judged.is_outlier:  # never a figure within the range the measure has already covered
        assert not judged.low <= amount <= judged.high


DEADLINE = date(2019, 1, 25)


@pytest.mark.parametrize(
    ("received", "deadline", "submitted_on", "entered_on", "expected"),
    [
        pytest.param(True, DEADLINE, date(2019, 1, 20), None, Timeliness.ON_TIME, id="early"),
        pytest.param(True, DEADLINE, DEADLINE, None, Timeliness.ON_TIME, id="on_the_day"),
        pytest.param(True, DEADLINE, date(2019, 1, 26), None, Timeliness.LATE, id="a_day_late"),
        pytest.param(
            True,
            DEADLINE,
            date(2019, 1, 26),
            date(2019, 1, 10),
            Timeliness.LATE,
            id="entered_early_but_submitted_late",
        ),
        pytest.param(
            True, DEADLINE, None, date(2019, 1, 10), Timeliness.ON_TIME, id="imported_in_time"
        ),
        pytest.param(True, DEADLINE, None, date(2019, 2, 1), Timeliness.LATE, id="imported_late"),
        pytest.param(True, DEADLINE, None, None, Timeliness.NOT_JUDGED, id="no_date_at_all"),
        pytest.param(True, None, date(2019, 1, 20), None, Timeliness.NOT_JUDGED, id="no_deadline"),
        pytest.param(False, DEADLINE, None, date(2019, 1, 10), Timeliness.MISSING, id="a_draft"),
        pytest.param(False, None, None, None, Timeliness.MISSING, id="nothing"),
    ],
)
def test_a_return_is_on_time_when_received_by_the_deadline(
    received, deadline, submitted_on, entered_on, expected
):
    assert (
        timeliness(
            received=received,
            deadline=deadline,
            submitted_on=submitted_on,
            entered_on=entered_on,
        )
        == expected
    )


def test_every_timeliness_has_a_label():
    assert set(TIMELINESS_LABELS) == set(Timeliness)


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(3, 4, D("75.0")), (1, 3, D("33.3")), (2, 3, D("66.7")), (1, 8, D("12.5")), (0, 0, None)],
)
def test_shares_of_returns_are_percentages_to_one_place(part, whole, expected):
    assert percent_of(part, whole) == expected


finite = st.decimals(min_value=-(10**9), max_value=10**9, places=3) | st.integers(
    min_value=-(10**7), max_value=10**7
).map(Decimal)


@given(
    value_type=st.sampled_from(list(ValueType)),
    amount=finite,
    numerator=st.none() | finite,
    denominator=st.none() | finite,
    decimals=st.none() | st.integers(min_value=0, max_value=6),
    minimum=st.none() | finite,
    maximum=st.none() | finite,
)
def test_any_figure_of_any_type_gets_a_list_of_problems_and_never_an_error(
    value_type, amount, numerator, denominator, decimals, minimum, maximum
):
    figure = Value(amount, value_type, numerator, denominator, decimals)
    problems = validate_value(figure, minimum=minimum, maximum=maximum)
    fields = [problem.field for problem in problems]
    assert fields == sorted(fields, key=("value", "numerator", "denominator").index)
    assert all(problem.message.endswith(".") for problem in problems)
