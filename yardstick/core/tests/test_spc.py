"""XmR charts the Making Data Count way: limits, the four rules, classes, icons, profiles.

Expected values marked "PTD" are the reference implementation's own (NHSRplotthedots'
tests and vignettes, quoted in spc-method.md); the rest are worked by hand, in the comments.
The worked examples of docs/calculations.md are checked in test_calculations_spc_doc.py.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yardstick.core.ratings import Polarity
from yardstick.core.spc import (
    ASSURANCE_LABELS,
    MAXIMUM_BASELINE,
    MDC,
    POINT_LABELS,
    PROFILES,
    PTD,
    RULE_LABELS,
    VARIATION_LABELS,
    AssuranceBounds,
    AssuranceIcon,
    Conflicts,
    PointType,
    Rule,
    Screening,
    Side,
    SpcSettings,
    TwoOfThree,
    VariationIcon,
    baseline_problem,
    chart,
    point_type,
    read_direction,
    to_decimal,
)

D = Decimal
HIGHER, LOWER, NEUTRAL = Polarity.HIGHER, Polarity.LOWER, Polarity.CONTEXTUAL
CODES = {
    PointType.COMMON_CAUSE: ".",
    PointType.IMPROVEMENT: "I",
    PointType.CONCERN: "C",
    PointType.NEUTRAL_HIGH: "H",
    PointType.NEUTRAL_LOW: "L",
}
# Twelve points alternating 10 and 12: mean 11, every moving range 2, so the limits are
# 11 ± 5.32 (5.68 to 16.32) and the two-sigma lines 11 ± 3.5467 (7.4533 to 14.5467).
BASELINE = [10, 12] * 6
# set.seed(123); rnorm(20), as PTD's snapshots print it
RNORM_20 = [
    *("-0.56047565", "-0.23017749", "1.55870831", "0.07050839", "0.12928774", "1.71506499"),
    *("0.46091621", "-1.26506123", "-0.68685285", "-0.44566197", "1.22408180", "0.35981383"),
    *("0.40077145", "0.11068272", "-0.55584113", "1.78691314", "0.49785048", "-1.96661716"),
    *("0.70135590", "-0.47279141"),
]
VIGNETTE = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]  # PTD deviations.Rmd

MDC_SCREENED = replace(MDC, name="mdc, screened the MDC-SQL way", screening=Screening.MDC_SQL)


def values(*numbers) -> list[Decimal]:
    return [D(str(number)) for number in numbers]


def classes(result) -> str:
    """One letter a point: . common cause, I improvement, C concern, H/L neutral high/low."""
    return "".join(CODES[point.point_type] for point in result.points)


def with_baseline(*tail, polarity=HIGHER, profile=MDC, **options):
    """The chart of BASELINE then ``tail``, its limits fixed on BASELINE."""
    return chart(values(*BASELINE, *tail), polarity, baseline=12, settings=profile, **options)


def tail_classes(result) -> str:
    return classes(result)[12:]


# --- process limits --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("series", "profile", "mean", "lpl", "upl"),
    [
        pytest.param(
            RNORM_20, PTD, "0.1416238", "-3.01138", "3.294627", id="PTD rnorm(20) seed 123"
        ),
        pytest.param(list(range(1, 11)), PTD, "5.5", "2.84", "8.16", id="PTD 1 to 10"),
        pytest.param(VIGNETTE, PTD, "1.944", "-0.716", "4.604", id="PTD vignette, screened"),
        pytest.param(VIGNETTE, MDC, "1.944", "-3.063", "6.952", id="PTD vignette, as Excel"),
    ],
)
def test_the_limits_are_the_references_own(series, profile, mean, lpl, upl):
    (limits,) = chart(values(*series), HIGHER, settings=profile).periods
    for found, printed in ((limits.mean, mean), (limits.lpl, lpl), (limits.upl, upl)):
        assert found.quantize(D(printed)) == D(printed)


def test_limits_are_exact_when_they_end_and_28_figures_when_they_do_not():
    (limits,) = chart(values(*range(1, 11)), HIGHER).periods
    assert (limits.mean, limits.mean_moving_range, limits.lpl, limits.upl) == (
        D("5.5"),
        D("1"),
        D("2.84"),
        D("8.16"),
    )
    (third,) = chart(values(0, 1, 0), HIGHER).periods
    assert third.mean == D("0.3333333333333333333333333333")
    assert to_decimal(Fraction(1, 8)) == D("0.125")


def test_screening_leaves_out_a_large_moving_range_and_keeps_the_mean():
    # Moving ranges 1, 1, 1, 8, 9 and twelve 1s: MR-bar 32/17; 3.267 x that is 6.15, so 8 and
    # 9 go and MR-bar is 1.
    screened = chart(values(*VIGNETTE), HIGHER, settings=PTD).periods[0]
    plain = chart(values(*VIGNETTE), HIGHER, settings=MDC).periods[0]
    assert screened.mean == plain.mean
    assert screened.mean_moving_range == 1
    assert plain.mean_moving_range == D(32) / D(17)


def test_screening_never_leaves_no_moving_range_or_only_zeros():
    # 14 fives then a 6: the only non-zero moving range is screened out, which would leave
    # MR-bar 0, limits on the mean and every point outside them (PTD); the unscreened MR-bar
    # 1/14 stands. The fives are still a shift below the mean (76/15), and the 6 is outside.
    result = chart(values(*[5] * 14, 6), HIGHER, settings=PTD)
    assert result.periods[0].mean_moving_range == D(1) / D(14)
    assert [point.outside_limits for point in result.points] == [False] * 14 + [True]
    assert classes(result) == "C" * 14 + "I"
    constant = chart(values(*[7] * 15), HIGHER, settings=PTD)
    assert (constant.periods[0].lpl, constant.periods[0].upl) == (D(7), D(7))
    assert classes(constant) == "." * 15


def test_mdc_sql_screening_also_takes_the_mean_without_the_points_whose_range_went():
    # The vignette: 8 (into the 10) and 9 (out of it) go, so the 10 and the 1 after it leave
    # the mean: 24 / 16.
    (limits,) = chart(values(*VIGNETTE), HIGHER, settings=MDC_SCREENED).periods
    assert (limits.mean, limits.mean_moving_range, limits.lpl, limits.upl) == (
        D("1.5"),
        D(1),
        D("-1.16"),
        D("4.16"),
    )


def test_a_moving_range_on_the_screening_bound_goes_under_ptd_and_stays_under_mdc_sql():
    # Ten ranges of 7.733 and one of 32.67: MR-bar 10, and 32.67 is 3.267 x 10 exactly.
    series = values(*[0, D("7.733")] * 5, 0, D("32.67"))
    plain = chart(series, HIGHER, settings=MDC).periods[0]
    ptd = chart(series, HIGHER, settings=replace(MDC, screening=Screening.PTD)).periods[0]
    sql = chart(series, HIGHER, settings=MDC_SCREENED).periods[0]
    assert plain.mean_moving_range == sql.mean_moving_range == D(10)
    assert ptd.mean_moving_range == D("7.733")
    assert plain == sql
    assert ptd.mean == sql.mean


def test_mdc_sql_screening_never_leaves_only_zeros_either():
    result = chart(values(*[5] * 14, 6), HIGHER, settings=MDC_SCREENED)
    assert result.periods[0].mean_moving_range == D(1) / D(14)
    assert result.periods[0].mean == D(76) / D(15)


def test_a_period_of_one_point_has_a_mean_and_no_limits():
    result = chart(values(*range(1, 13), 50), HIGHER, recalculate_at=[12], settings=PTD)
    last = result.periods[-1]
    assert (last.mean, last.mean_moving_range, last.lpl, last.upl) == (D(50), None, None, None)
    assert not result.points[-1].outside_limits
    assert result.assurance_icon is None


def test_a_recalculation_point_starts_new_limits_and_the_icons_use_the_last():
    result = chart(values(*[10, 12] * 6, *[20, 22] * 6), HIGHER, target=D(15), recalculate_at=[12])
    first, second = result.periods
    assert (first.start, first.end, first.mean, second.start, second.end, second.mean) == (
        0,
        12,
        D(11),
        12,
        24,
        D(21),
    )
    assert result.limits_of(result.points[12]) is second
    assert result.assurance_icon is AssuranceIcon.PASS  # 15 <= 15.68, the second LPL
    assert classes(result) == "." * 24  # no moving range crosses the recalculation point


def test_a_baseline_fixes_each_periods_limits_on_its_first_points():
    result = chart(values(*BASELINE, 30, 31), HIGHER, baseline=12)
    (limits,) = result.periods
    assert (limits.mean, limits.lpl, limits.upl, limits.points_used) == (
        D(11),
        D("5.68"),
        D("16.32"),
        12,
    )
    assert classes(result)[-2:] == "II"


@pytest.mark.parametrize(
    ("points", "profile", "problem"),
    [
        pytest.param(2, MDC, "", id="MDC's shortest"),
        pytest.param(1, MDC, "A baseline needs at least 2 points under the MDC settings.", id="1"),
        pytest.param(
            11, PTD, "A baseline needs at least 12 points under the PTD settings.", id="11"
        ),
        pytest.param(12, PTD, "", id="PTD's shortest"),
        pytest.param(MAXIMUM_BASELINE, MDC, "", id="the longest"),
        pytest.param(
            MAXIMUM_BASELINE + 1, MDC, "A baseline can be at most 1000 points.", id="too long"
        ),
    ],
)
def test_a_baseline_of_a_number_of_points_is_bounded(points, profile, problem):
    assert baseline_problem(points, profile) == problem


def test_a_chart_refuses_a_baseline_out_of_bounds_saying_why():
    with pytest.raises(ValueError, match="at most 1000 points"):
        chart(values(*BASELINE), HIGHER, baseline=MAXIMUM_BASELINE + 1)
    with pytest.raises(ValueError, match="at least 12 points under the PTD settings"):
        chart(values(*BASELINE), HIGHER, baseline=11, settings=PTD)


def test_limits_from_fewer_points_than_the_profile_allows_are_trial_limits():
    twelve = chart(values(*BASELINE), HIGHER)
    assert not twelve.periods[0].trial  # MDC: 12 points are enough
    assert chart(values(*BASELINE), HIGHER, settings=PTD).periods[0].trial  # PTD: under 13
    assert chart(values(*BASELINE[:11]), HIGHER).periods[0].trial


# --- the four rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tail", "expected", "rules"),
    [
        # outside the limits: 17 > 16.32; exactly on a limit is not outside
        ((17,), "I", [Rule.OUTSIDE_LIMITS]),
        (("16.32",), ".", [None]),
        (("5.67",), "C", [Rule.OUTSIDE_LIMITS]),
        # a shift: seven above the mean (the baseline's last 12 is above too, so six will do
        # only after a point on the mean, which breaks the run)
        ((11, *[12] * 6), "." * 7, [None] * 7),
        ((11, *[12] * 7), ".IIIIIII", [None, *[Rule.SHIFT] * 7]),
        ((11, *[10] * 7), ".CCCCCCC", [None, *[Rule.SHIFT] * 7]),
        # a trend: six rises, seven points, the first below the mean; a tie breaks it
        ((6, 7, 8, 9, 10, 11, 13), "IIIIIII", [Rule.TREND] * 7),
        ((7, 8, 9, 9, 10, 11, 13), "." * 7, [None] * 7),
        ((15, 14, 13, 12, 11, 10, 9), "CCCCCCC", [Rule.TREND] * 7),
        # two of three beyond two sigma on one side: only the close points are flagged
        ((15, "11.5", 15), "I.I", [Rule.TWO_OF_THREE, None, Rule.TWO_OF_THREE]),
        ((15, "11.5", "11.5", 15), "....", [None] * 4),
        ((15, 9, 15), "...", [None] * 3),
        ((7, "10.5", 7), "C.C", [Rule.TWO_OF_THREE, None, Rule.TWO_OF_THREE]),
        # PTD's own: close points 1,0,0,1,1 flag the last two (test-ptd_calculate_point_type.R)
        ((15, "11.5", "11.5", 15, 15), "...II", [None, None, None, *[Rule.TWO_OF_THREE] * 2]),
    ],
)
def test_each_rule_flags_the_points_of_its_pattern(tail, expected, rules):
    for profile in (MDC, PTD):
        result = with_baseline(*tail, profile=profile)
        assert tail_classes(result) == expected, profile.name
        assert [point.rule for point in result.points[12:]] == rules


def test_mdc_counts_a_point_outside_the_limits_towards_two_of_three_and_ptd_does_not():
    assert tail_classes(with_baseline(17, 15, "11.5", profile=MDC)) == "II."
    assert tail_classes(with_baseline(17, 15, "11.5", profile=PTD)) == "I.."
    point = with_baseline(17, 15, profile=MDC).points[13]
    assert (point.close_to_limits, point.outside_limits, point.rule) == (
        True,
        False,
        Rule.TWO_OF_THREE,
    )
    outside = with_baseline(17, profile=MDC).points[12]
    assert (outside.close_to_limits, outside.outside_limits) == (False, True)


def test_a_trend_runs_over_a_recalculation_point_under_mdc_only():
    series = values(*BASELINE, 4, 5, 6, 7, 8, 9, 10, *BASELINE)
    # The trend 4..10 is split by a recalculation point after 7: three rises, then three.
    mdc = chart(series, HIGHER, recalculate_at=[12, 16])
    ptd = chart(series, HIGHER, recalculate_at=[12, 16], settings=PTD)
    assert [point.rule for point in mdc.points[12:19]] == [Rule.TREND] * 7
    assert Rule.TREND not in {point.rule for point in ptd.points[12:19]}


def test_every_signal_is_kept_with_its_side():
    point = with_baseline(2, 1, 2, 3, 4, 5, 6, 7).points[13]  # below the LPL, starts a rise
    assert point.signals == {
        (Rule.OUTSIDE_LIMITS, Side.LOW),
        (Rule.TREND, Side.HIGH),
        (Rule.TWO_OF_THREE, Side.LOW),  # 2, 1, 2 are all beyond two sigma below
        (Rule.SHIFT, Side.LOW),  # 2 to 7 and the 3 after them are below the mean
    }


# --- classes and conflicts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("polarity", "high", "low"),
    [
        (HIGHER, PointType.IMPROVEMENT, PointType.CONCERN),
        (LOWER, PointType.CONCERN, PointType.IMPROVEMENT),
        (NEUTRAL, PointType.NEUTRAL_HIGH, PointType.NEUTRAL_LOW),
        (Polarity.IN_RANGE, PointType.NEUTRAL_HIGH, PointType.NEUTRAL_LOW),
    ],
)
def test_the_polarity_makes_a_high_or_low_signal_an_improvement_a_concern_or_neutral(
    polarity, high, low
):
    assert (point_type(Side.HIGH, polarity), point_type(Side.LOW, polarity)) == (high, low)
    assert point_type(None, polarity) is PointType.COMMON_CAUSE


# 2, 1, 2 ... 7 after the baseline: 2 and 1 are below the LPL (5.68); 1 to 7 rise six times.
# 7 is the last point of the rise and 3 is below the LPL again.
RISE = (2, 1, 2, 3, 4, 5, 6, 7, 3)


@pytest.mark.parametrize(
    ("profile", "polarity", "expected"),
    [
        # MDC resolves a point that is both low (below the mean and the LPL) and high (part of
        # the rise) to improvement, whichever way is better
        (MDC, HIGHER, "CIIIIIIIC"),
        (MDC, LOWER, "IIIIIIIII"),
        # PTD: the first rule of outside, trend, two of three, shift labels the point
        (PTD, HIGHER, "CCCCCCIIC"),
        (PTD, LOWER, "IIIIIICCI"),
        # a neutral measure's conflict is high (MDC-SQL); under PTD the rule order decides
        (MDC, NEUTRAL, "LHHHHHHHL"),
        (PTD, NEUTRAL, "LLLLLLHHL"),
    ],
)
def test_conflicts_are_resolved_by_the_profiles_setting(profile, polarity, expected):
    assert tail_classes(with_baseline(*RISE, polarity=polarity, profile=profile)) == expected


def test_conflicts_can_be_resolved_to_concern():
    concern = SpcSettings(**{**MDC.__dict__, "name": "concern", "conflicts": Conflicts.CONCERN})
    assert tail_classes(with_baseline(*RISE, profile=concern)) == "CCCCCCCCC"
    assert tail_classes(with_baseline(*RISE, polarity=LOWER, profile=concern)) == "ICCCCCCCI"
    assert tail_classes(with_baseline(*RISE, polarity=NEUTRAL, profile=concern)) == "LHHHHHHHL"


def test_a_point_in_a_rise_and_a_fall_takes_the_later_under_ptd():
    # 4 5 6 7 8 9 10 rise and 10 9 8 7 6 5 4 fall; 10 is the last of one and first of the other
    result = with_baseline(4, 5, 6, 7, 8, 9, 10, 9, 8, 7, 6, 5, 4, profile=PTD)
    peak = result.points[18]
    assert peak.signals >= {(Rule.TREND, Side.HIGH), (Rule.TREND, Side.LOW)}
    assert (peak.rule, peak.side) == (Rule.TREND, Side.LOW)
    assert with_baseline(4, 5, 6, 7, 8, 9, 10, 9, 8, 7, 6, 5, 4).points[18].side is Side.HIGH


# --- icons -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tail", "polarity", "icon"),
    [
        ((11, 11, 11), HIGHER, VariationIcon.COMMON_CAUSE),
        ((11, 11, 17), HIGHER, VariationIcon.IMPROVEMENT_HIGH),
        ((11, 11, 17), LOWER, VariationIcon.CONCERN_HIGH),
        ((11, 11, 5), HIGHER, VariationIcon.CONCERN_LOW),
        ((11, 11, 5), LOWER, VariationIcon.IMPROVEMENT_LOW),
        ((11, 11, 17), NEUTRAL, VariationIcon.NEUTRAL_HIGH),
        ((11, 11, 5), NEUTRAL, VariationIcon.NEUTRAL_LOW),
        # 15 points, MDC's minimum for icons. The last point only: an earlier outlier leaves
        # no mark on the icon (abspc's bug)
        ((30, 11, 12), HIGHER, VariationIcon.COMMON_CAUSE),
    ],
)
def test_the_variation_icon_is_the_last_points(tail, polarity, icon):
    assert with_baseline(*tail, polarity=polarity).variation_icon is icon


# The limits of [1, 3] * 8: mean 2, MR-bar 2, so 2 ± 5.32: -3.32 to 7.32.
@pytest.mark.parametrize(
    ("target", "polarity", "bounds", "icon"),
    [
        ("8", HIGHER, AssuranceBounds.INCLUSIVE, AssuranceIcon.FAIL),
        ("7.32", HIGHER, AssuranceBounds.INCLUSIVE, AssuranceIcon.FAIL),
        ("7.32", HIGHER, AssuranceBounds.STRICT, AssuranceIcon.HIT_OR_MISS),
        ("2", HIGHER, AssuranceBounds.INCLUSIVE, AssuranceIcon.HIT_OR_MISS),
        ("-3.32", HIGHER, AssuranceBounds.INCLUSIVE, AssuranceIcon.PASS),
        ("-3.32", HIGHER, AssuranceBounds.STRICT, AssuranceIcon.HIT_OR_MISS),
        ("-4", HIGHER, AssuranceBounds.STRICT, AssuranceIcon.PASS),
        ("8", LOWER, AssuranceBounds.STRICT, AssuranceIcon.PASS),
        ("7.32", LOWER, AssuranceBounds.INCLUSIVE, AssuranceIcon.PASS),
        ("-3.32", LOWER, AssuranceBounds.INCLUSIVE, AssuranceIcon.FAIL),
        ("-3.32", LOWER, AssuranceBounds.STRICT, AssuranceIcon.HIT_OR_MISS),
        ("2", NEUTRAL, AssuranceBounds.INCLUSIVE, None),
    ],
)
def test_the_assurance_icon_compares_the_target_with_the_current_limits(
    target, polarity, bounds, icon
):
    profile = SpcSettings(**{**MDC.__dict__, "assurance_bounds": bounds})
    result = chart(values(*[1, 3] * 8), polarity, target=D(target), settings=profile)
    assert result.assurance_icon is icon


def test_a_target_beyond_the_limits_fails_one_way_and_passes_the_other_under_ptd():
    # 1, 3, 1, 3: limits -3.32 to 7.32; a target of 8.32 is beyond the UPL
    rising = chart(values(1, 3, 1, 3), HIGHER, target=D("8.32"), settings=PTD)
    falling = chart(values(1, 3, 1, 3), LOWER, target=D("8.32"), settings=PTD)
    assert (rising.assurance_icon, falling.assurance_icon) == (
        AssuranceIcon.FAIL,
        AssuranceIcon.PASS,
    )
    assert chart(values(1, 3), HIGHER, settings=PTD).assurance_icon is None  # no target


def test_mdc_shows_no_icons_below_its_minimum_of_15_points_and_ptd_always_does():
    fourteen = chart(values(*[1, 3] * 7), HIGHER, target=D(9))
    assert (fourteen.enough_points, fourteen.variation_icon, fourteen.assurance_icon) == (
        False,
        None,
        None,
    )
    assert fourteen.periods[0].lpl == D("-3.32")  # the limits are computed all the same
    fifteen = chart(values(*[1, 3] * 7, 2), HIGHER, target=D(9))
    assert (fifteen.variation_icon, fifteen.assurance_icon) == (
        VariationIcon.COMMON_CAUSE,
        AssuranceIcon.FAIL,
    )
    two = chart(values(1, 3), HIGHER, target=D(9), settings=PTD)
    assert (two.variation_icon, two.assurance_icon) == (
        VariationIcon.COMMON_CAUSE,
        AssuranceIcon.FAIL,
    )


# --- settings and mistakes -------------------------------------------------------------------


def test_the_profiles_differ_in_the_named_settings_only():
    differences = {name for name, value in MDC.__dict__.items() if PTD.__dict__[name] != value} - {
        "name"
    }
    assert differences == {
        "screening",
        "conflicts",
        "assurance_bounds",
        "two_of_three",
        "trend_across_periods",
        "minimum_points",
        "trial_limits_below",
        "minimum_baseline",
    }
    assert PROFILES == {"mdc": MDC, "ptd": PTD}
    assert (MDC.two_of_three, PTD.two_of_three) == (
        TwoOfThree.BEYOND_TWO_SIGMA,
        TwoOfThree.TWO_TO_THREE_SIGMA,
    )


@pytest.mark.parametrize(
    ("text", "polarity"), [("increase", HIGHER), (" Decrease ", LOWER), ("neutral", NEUTRAL)]
)
def test_an_improvement_direction_reads_as_a_polarity(text, polarity):
    assert read_direction(text) is polarity


def test_an_unknown_direction_is_refused():
    with pytest.raises(ValueError, match="'up' is not a direction"):
        read_direction("up")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"series": []}, "at least one value"),
        ({"recalculate_at": [3]}, "must be one of the chart's points"),
        ({"recalculate_at": [-1]}, "must be one of the chart's points"),
        ({"baseline": 1}, "at least 2 points under the MDC settings"),
        ({"baseline": 11, "settings": PTD}, "at least 12 points under the PTD settings"),
    ],
)
def test_a_chart_that_cannot_be_drawn_is_refused(arguments, message):
    series = arguments.pop("series", values(1, 2, 3))
    with pytest.raises(ValueError, match=message):
        chart(series, HIGHER, **arguments)


def test_settings_need_runs_of_two_points_at_least():
    with pytest.raises(ValueError, match="at least 2 points"):
        SpcSettings(**{**MDC.__dict__, "shift_length": 1})


# --- properties ------------------------------------------------------------------------------

amounts = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)
serieses = st.lists(amounts, min_size=1, max_size=30)
profiles = st.sampled_from([MDC, PTD, MDC_SCREENED])
polarities = st.sampled_from([HIGHER, LOWER, NEUTRAL])


def summary(result):
    """Everything but the numbers: each point's flags and class, and the icons."""
    return (
        [
            (
                point.outside_limits,
                point.close_to_limits,
                point.signals,
                point.rule,
                point.point_type,
            )
            for point in result.points
        ],
        result.variation_icon,
        result.assurance_icon,
    )


def limits(result):
    return [(period.mean, period.lpl, period.upl) for period in result.periods]


def close(found, expected) -> bool:
    """Limits equal but for the rounding of a figure with more than 28 significant figures
    (rounding the moved limit, or moving the rounded one, can differ in the last figure)."""
    return all(
        (a is None and b is None) or abs(a - b) <= D("1e-20") * (1 + abs(b))
        for found_period, expected_period in zip(found, expected, strict=True)
        for a, b in zip(found_period, expected_period, strict=True)
    )


@settings(max_examples=60, deadline=None)
@given(serieses, amounts, amounts, polarities, profiles)
def test_adding_a_constant_moves_the_limits_by_it_and_changes_no_flag(
    series, constant, target, polarity, profile
):
    before = chart(series, polarity, target=target, settings=profile)
    after = chart(
        [value + constant for value in series],
        polarity,
        target=target + constant,
        settings=profile,
    )
    assert summary(after) == summary(before)
    moved = [
        tuple(None if number is None else number + constant for number in period)
        for period in limits(before)
    ]
    assert close(limits(after), moved)


@settings(max_examples=60, deadline=None)
@given(serieses, st.integers(min_value=1, max_value=1000), amounts, polarities, profiles)
def test_scaling_by_a_positive_factor_scales_the_limits_and_changes_no_flag(
    series, factor, target, polarity, profile
):
    before = chart(series, polarity, target=target, settings=profile)
    after = chart(
        [value * factor for value in series], polarity, target=target * factor, settings=profile
    )
    assert summary(after) == summary(before)
    scaled = [
        tuple(None if number is None else number * factor for number in period)
        for period in limits(before)
    ]
    assert close(limits(after), scaled)


MIRRORED_ICONS = {
    VariationIcon.IMPROVEMENT_HIGH: VariationIcon.IMPROVEMENT_LOW,
    VariationIcon.CONCERN_HIGH: VariationIcon.CONCERN_LOW,
}
MIRRORED_ICONS |= {low: high for high, low in MIRRORED_ICONS.items()}


@settings(max_examples=60, deadline=None)
@given(serieses, amounts, st.sampled_from([HIGHER, LOWER]), profiles)
def test_mirroring_the_values_and_the_direction_keeps_every_class_and_swaps_high_and_low(
    series, target, polarity, profile
):
    mirrored = LOWER if polarity is HIGHER else HIGHER
    before = chart(series, polarity, target=target, settings=profile)
    after = chart([-value for value in series], mirrored, target=-target, settings=profile)
    swap = {Side.HIGH: Side.LOW, Side.LOW: Side.HIGH, None: None}
    assert [point.point_type for point in after.points] == [
        point.point_type for point in before.points
    ]
    assert [(point.rule, point.side) for point in after.points] == [
        (point.rule, swap[point.side]) for point in before.points
    ]
    assert after.variation_icon == MIRRORED_ICONS.get(before.variation_icon, before.variation_icon)
    assert after.assurance_icon == before.assurance_icon
    assert [(period.lpl, period.upl) for period in after.periods] == [
        (None if period.upl is None else -period.upl, None if period.lpl is None else -period.lpl)
        for period in before.periods
    ]


@settings(max_examples=40, deadline=None)
@given(serieses, polarities)
def test_a_point_is_special_cause_exactly_when_it_is_part_of_a_pattern(series, polarity):
    for profile in (MDC, PTD):
        for point in chart(series, polarity, settings=profile).points:
            assert (point.point_type is PointType.COMMON_CAUSE) == (not point.signals)
            assert point.outside_limits == (Rule.OUTSIDE_LIMITS in {r for r, _ in point.signals})


def test_the_last_point_of_a_rise_stays_rising_when_a_repeat_starts_a_fall_under_ptd():
    # Where Yardstick's PTD profile knowingly differs from PTD's code, which takes the step
    # after 10 (a repeat: no step) and calls the point "decreasing".
    result = with_baseline(4, 5, 6, 7, 8, 9, 10, 10, 9, 8, 7, 6, 5, 4, profile=PTD)
    last_of_rise, repeat = result.points[18], result.points[19]
    assert (last_of_rise.rule, last_of_rise.side) == (Rule.TREND, Side.HIGH)
    assert (repeat.rule, repeat.side) == (Rule.TREND, Side.LOW)


def test_every_class_icon_and_rule_has_its_words():
    assert set(POINT_LABELS) == set(PointType)
    assert set(VARIATION_LABELS) == set(VariationIcon)
    assert set(ASSURANCE_LABELS) == set(AssuranceIcon)
    assert set(RULE_LABELS) == set(Rule)


# --- excluded ("ghosted") points -----------------------------------------------------------


def test_an_excluded_point_stays_on_the_chart_and_is_in_no_calculation():
    # 10, 12 alternating with a one-off 40 at index 6, left out: the limits are the baseline's
    # (mean 11, moving range 2: 5.68 to 16.32), the moving range is taken from 12 (index 5) to
    # 10 (index 7), and 40, shown, is flagged by no rule and sets no icon.
    series = values(*BASELINE[:6], 40, *BASELINE[6:])
    result = chart(series, HIGHER, exclude=[6])
    assert limits(result) == [(D(11), D("5.68"), D("16.32"))]
    ghost = result.points[6]
    assert ghost.excluded and ghost.value == D(40)
    assert ghost.point_type is PointType.COMMON_CAUSE and not ghost.signals
    assert not ghost.outside_limits
    assert [p.excluded for p in result.points].count(True) == 1
    assert result.periods[0].points_used == 12  # the 12 kept
    kept_alone = chart(values(*BASELINE), HIGHER)
    assert summary(kept_alone)[1:] == summary(result)[1:]


def test_the_icons_come_from_the_last_point_kept():
    # Seven rising points then an excluded drop: the variation icon is the trend's.
    series = values(*BASELINE, 20, 21, 22, 23, 24, 25, 26, -50)
    result = chart(series, HIGHER, exclude=[len(series) - 1])
    assert result.variation_icon is VariationIcon.IMPROVEMENT_HIGH
    assert result.points[-1].excluded


def test_an_excluded_recalculation_point_starts_its_period_there():
    # Recalculate at index 4, which is excluded: the new period starts at 4, its limits from
    # the points kept after it (5 onwards).
    series = values(10, 12, 10, 12, 99, 30, 32, 30, 32)
    result = chart(series, HIGHER, recalculate_at=[4], exclude=[4])
    first, second = result.periods
    assert (first.start, first.end, second.start, second.end) == (0, 4, 4, 9)
    assert (first.mean, second.mean) == (D(11), D(31))
    assert result.points[4].period == 1 and result.points[4].excluded


def test_a_recalculation_point_after_the_last_point_kept_starts_nothing():
    series = values(10, 12, 10, 12, 11)
    result = chart(series, HIGHER, recalculate_at=[4], exclude=[4])
    assert len(result.periods) == 1 and result.periods[0].end == 5


def test_an_excluded_first_point_leaves_the_chart_starting_with_the_next():
    result = chart(values(99, 10, 12, 10), HIGHER, recalculate_at=[1], exclude=[0])
    assert len(result.periods) == 1 and result.periods[0].start == 0
    assert result.periods[0].mean == D("32") / 3  # 10, 12, 10


def test_excluded_points_count_towards_no_minimum():
    series = values(*([10, 12] * 8))  # 16 points: icons under MDC's 15
    assert chart(series, HIGHER).enough_points
    assert not chart(series, HIGHER, exclude=[0, 1]).enough_points


@pytest.mark.parametrize(
    ("exclude", "recalculate_at", "message"),
    [
        ([3], [], "An excluded point must be one of the chart's points"),
        ([-1], [], "An excluded point must be one of the chart's points"),
        ([0, 1, 2], [], "at least one point that is not excluded"),
        ([0], [3], "A recalculation point must be one of the chart's points"),
        ([0], [-1], "A recalculation point must be one of the chart's points"),
    ],
)
def test_a_chart_with_impossible_exclusions_is_refused(exclude, recalculate_at, message):
    with pytest.raises(ValueError, match=message):
        chart(values(1, 2, 3), HIGHER, exclude=exclude, recalculate_at=recalculate_at)


@settings(max_examples=60, deadline=None)
@given(serieses, st.data(), polarities, profiles)
def test_excluding_points_gives_the_chart_of_the_points_kept(series, data, polarity, profile):
    excluded = data.draw(
        st.sets(st.integers(0, len(series) - 1), max_size=len(series) - 1), label="excluded"
    )
    kept = [value for index, value in enumerate(series) if index not in excluded]
    ghosted = chart(series, polarity, settings=profile, exclude=excluded)
    alone = chart(kept, polarity, settings=profile)
    assert [p for p in ghosted.points if not p.excluded] == list(alone.points)
    assert limits(ghosted) == limits(alone)
    assert (ghosted.variation_icon, ghosted.enough_points) == (
        alone.variation_icon,
        alone.enough_points,
    )


# --- a baseline up to a point ("baseline 2016/17 to 2018/19") --------------------------------


def test_a_baseline_up_to_a_point_fixes_the_limits_of_its_period_on_the_points_to_it():
    # B (12 points, mean 11, MR-bar 2) and then 12 x 8 below it: the limits stay B's.
    series = values(*[10, 12] * 6, *[20] * 8)
    fixed = chart(series, HIGHER, baseline_until=11)
    (limits,) = fixed.periods
    assert (limits.mean, limits.lpl, limits.upl, limits.points_used) == (
        D(11),
        D("5.68"),
        D("16.32"),
        12,
    )
    assert fixed == chart(series, HIGHER, baseline=12)
    assert classes(fixed)[-8:] == "I" * 8  # every 20 is above the UPL


def test_a_baseline_up_to_a_point_leaves_the_other_periods_limits_alone():
    series = values(*[10, 12] * 6, *[20, 22] * 4, *[30, 34] * 4)
    result = chart(series, HIGHER, recalculate_at=[12], baseline_until=15)
    first, second = result.periods
    assert first.points_used == 12 and first.mean == D(11)
    assert (second.points_used, second.mean) == (4, D(21))  # from 20, 22, 20, 22 only


def test_a_baseline_up_to_a_point_counts_only_the_points_kept():
    series = values(10, 40, 12, 10, 12, 10, 12)
    result = chart(series, HIGHER, baseline_until=3, exclude=[1])
    assert (result.periods[0].points_used, result.periods[0].mean) == (3, D(32) / D(3))
    with pytest.raises(ValueError, match="at least 12 points under the PTD settings"):
        chart(values(40, *[10, 12] * 6), HIGHER, baseline_until=0, exclude=[0], settings=PTD)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        pytest.param(
            {"baseline_until": 10, "settings": PTD},
            "A baseline needs at least 12 points under the PTD settings: it ends too early, "
            "after 11.",
            id="too early for PTD",
        ),
        pytest.param({"baseline_until": 0}, "after 1", id="one point"),
        pytest.param({"baseline_until": 20}, "must end at one of the chart's points", id="after"),
        pytest.param({"baseline_until": -1}, "it ends too early, after 0", id="before the first"),
        pytest.param({"baseline_until": -2}, "must end at one of the chart's points", id="before"),
        pytest.param({"baseline_until": 5, "baseline": 3}, "not both", id="both"),
    ],
)
def test_a_baseline_up_to_a_point_that_cannot_be_is_refused(arguments, message):
    with pytest.raises(ValueError, match=message):
        chart(values(*[10, 12] * 8), HIGHER, **arguments)
