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


@pytest.mark.parametrize(
    ("amount", "history", "expected"),
    [
        pytest.param(
            "104",
            HISTORY,
            Outlier(
                True,
                D("23.38"),
                D("52"),
                "104 is far from this measure's last 10 figures (median 52, robust z-score"
                " 23.4; the limit is 3.5)",
            ),
            id="far_above",
        ),
        pytest.param(
            "10",
            HISTORY,
            Outlier(
                True,
                D("-18.89"),
                D("52"),
                "10 is far from this measure's last 10 figures (median 52, robust z-score"
                " -18.9; the limit is 3.5)",
            ),
            id="far_below",
        ),
        pytest.param(
            "56",
            HISTORY,
            Outlier(
                False,
                D("1.80"),
                D("52"),
                "56 is within the usual range of this measure's last 10 figures (median 52,"
                " robust z-score 1.8; the limit is 3.5)",
            ),
            id="within_the_usual_range",
        ),
        pytest.param(
            "52",
            HISTORY,
            Outlier(
                False,
                D("0.00"),
                D("52"),
                "52 is within the usual range of this measure's last 10 figures (median 52,"
                " robust z-score 0.0; the limit is 3.5)",
            ),
            id="the_median_itself",
        ),
        pytest.param(
            "1000",
            figures("100", "200", "300", "400", "500", "600", "700", "800", "900", "1000"),
            Outlier(
                False,
                D("1.21"),
                D("550"),
                "1000 is within the usual range of this measure's last 10 figures (median 550,"
                " robust z-score 1.2; the limit is 3.5)",
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
                "53 is within the usual range of this measure's last 10 figures (median 52,"
                " robust z-score 0.9, using the mean absolute deviation as most figures equal"
                " the median; the limit is 3.5)",
            ),
            id="most_figures_equal_so_the_mean_absolute_deviation_is_used",
        ),
        pytest.param(
            "60",
            figures("52", "52", "52", "52", "52", "52", "52", "52", "53"),
            Outlier(
                True,
                D("57.45"),
                D("52"),
                "60 is far from this measure's last 9 figures (median 52, robust z-score"
                " 57.4, using the mean absolute deviation as most figures equal the median;"
                " the limit is 3.5)",
            ),
            id="an_outlier_judged_by_the_mean_absolute_deviation",
        ),
        pytest.param(
            "52",
            figures(*["52"] * 8),
            Outlier(
                False,
                None,
                D("52"),
                "Not judged: this measure's last 8 figures are all 52, so there is no spread"
                " to measure against; 52 is the same as them.",
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
                "Not judged: this measure's last 8 figures are all 52, so there is no spread"
                " to measure against; 60 is different from them.",
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
        pytest.param(
            "62.97",
            figures("40", "45", "50", "50", "50", "50", "55", "60"),
            Outlier(
                False,
                D("3.50"),
                D("50"),
                "62.97 is within the usual range of this measure's last 8 figures (median 50,"
                " robust z-score just inside 3.5; the limit is 3.5)",
            ),
            id="just_inside_the_limit",
        ),
        pytest.param(
            "62.98",
            figures("40", "45", "50", "50", "50", "50", "55", "60"),
            Outlier(
                True,
                D("3.50"),
                D("50"),
                "62.98 is far from this measure's last 8 figures (median 50, robust z-score"
                " just beyond 3.5; the limit is 3.5)",
            ),
            id="over_the_limit_though_printed_as_the_limit",
        ),
    ],
)
def test_outliers_are_judged_by_the_robust_z_score(amount, history, expected):
    assert outlier_check(D(amount), history) == expected


def test_only_the_last_window_of_figures_is_compared_with():
    old_and_wild = figures("900", "950", "1000", "990", "980", "970")
    judged = outlier_check(D("104"), old_and_wild + HISTORY, window=10)
    assert judged == outlier_check(D("104"), HISTORY)
    assert judged.median == D("52")


def test_the_limit_and_the_history_needed_can_be_set():
    assert outlier_check(D("56"), HISTORY, threshold=D("1.5")).is_outlier
    assert outlier_check(D("104"), HISTORY[:3], minimum_history=3).is_outlier


@pytest.mark.parametrize(
    "settings",
    [
        {"threshold": D("0")},
        {"threshold": D("-3.5")},
        {"window": 0},
        {"minimum_history": 0},
    ],
)
def test_nonsense_settings_are_refused(settings):
    with pytest.raises(ValueError, match="must be positive"):
        outlier_check(D("104"), HISTORY, **settings)


amounts = st.decimals(min_value=-(10**6), max_value=10**6, places=2)
histories = st.lists(amounts, min_size=8, max_size=20)


@given(amount=amounts, history=histories, shift=amounts)
def test_moving_every_figure_by_the_same_amount_keeps_the_judgement(amount, history, shift):
    moved = outlier_check(amount + shift, [figure + shift for figure in history])
    judged = outlier_check(amount, history)
    assert (moved.is_outlier, moved.score) == (judged.is_outlier, judged.score)


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
def test_an_outlier_is_a_score_beyond_the_limit_on_the_side_of_the_median_it_lies(amount, history):
    judged = outlier_check(amount, history)
    assert judged.median is not None
    if judged.score is None:
        assert not judged.is_outlier
        return
    assert (judged.score > 0) == (amount > judged.median) or judged.score.is_zero()
    # the score is rounded to 2 places and the decision made on the exact score, so a rounded
    # 3.50 may go either way; anything else is decided by which side of the limit it is
    if abs(judged.score) != D("3.5"):
        assert judged.is_outlier == (abs(judged.score) > D("3.5"))


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
