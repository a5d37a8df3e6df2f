"""Key files (docs/keys.md): reading, refusing with the line and the reason, writing back, and
rating by a key through the one banding rule of core.ratings."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from yardstick.core.keys import (
    KEY_FILES,
    KeyFileError,
    bundled_key,
    bundled_key_text,
    read_key,
    write_key,
)
from yardstick.core.ratings import (
    FIVE_BAND,
    THREE_BAND,
    Band,
    Distance,
    Key,
    KeyBand,
    Polarity,
    ToleranceScheme,
    TrendAgainst,
    band_sentence,
    band_zones,
    check_bands,
    key_of,
    rate,
    rating_key,
)
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType

DOCS = Path(__file__).resolve().parents[3] / "docs"
WITHIN_5 = (DOCS / "examples" / "within-5-percent.toml").read_text(encoding="utf-8")

HG, LG, A, LR, HR, G, R = (Band(code) for code in ("HG", "LG", "A", "LR", "HR", "G", "R"))
HIGHER, LOWER = Polarity.HIGHER, Polarity.LOWER


def key_of_bands(*specs, distance=Distance.PERCENT, tolerance="0") -> Key:
    """A key from (band, bound, inclusive) triples; the last is just the band."""
    bands = [KeyBand(band, D(str(bound)), inclusive) for band, bound, inclusive in specs[:-1]]
    bands.append(KeyBand(specs[-1]))
    return Key("test", tuple(bands), distance, absolute_tolerance=D(tolerance))


def value(amount: str, value_type: ValueType = ValueType.NUMBER) -> Value:
    return Value(D(amount), value_type)


def target(amount: str) -> Target:
    return Target(TargetKind.VALUE, value=D(amount))


def shape(key: Key) -> list[tuple[Band, D | None, bool]]:
    return [(band.band, band.bound, band.inclusive) for band in key.bands]


# --- the keys that ship -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "scheme"), [("five-band", FIVE_BAND), ("three-band", THREE_BAND)])
def test_todays_schemes_ship_as_key_files_with_the_same_bands_and_words(name, scheme):
    key = bundled_key(name)
    assert shape(key) == shape(scheme.key)
    assert key.absolute_tolerance == scheme.absolute_tolerance
    assert rating_key(key) == rating_key(scheme)
    # The meanings written in the file are the sentences the bounds generate.
    assert [band.meaning for band in key.bands] == [
        band_sentence(key, index) for index in range(len(key.bands))
    ]
    assert sorted(path.stem for path in KEY_FILES.glob("*.toml")) == ["five-band", "three-band"]


def test_an_unknown_bundled_key_is_refused():
    with pytest.raises(ValueError, match="no key file 'seven-band'"):
        bundled_key_text("seven-band")


def test_the_within_5_percent_example_reads_as_the_issue_writes_it():
    key = read_key(WITHIN_5)
    assert shape(key) == [(G, D(-5), True), (A, D(-10), True), (R, None, True)]
    assert key.trend_against is TrendAgainst.PREVIOUS
    assert key.distance is Distance.PERCENT
    assert [band.title for band in key.bands] == ["Green", "Amber", "Red"]


@pytest.mark.parametrize(
    ("actual", "band"),
    [("103", G), ("100", G), ("97", G), ("95", G), ("94.9", A), ("90", A), ("89.99", R)],
)
def test_the_within_5_percent_key_puts_green_below_the_target(actual, band):
    assert rate(value(actual), target("100"), HIGHER, read_key(WITHIN_5)).band is band


def test_write_key_reads_back_as_the_same_key():
    key = Key(
        'A "quoted"\\ name',
        (
            KeyBand(HG, D("2.5"), True, "Top", 'Better by "2.5"\nor more', "#00703c", "★"),
            KeyBand(A, D("-0"), False),
            KeyBand(HR),
        ),
        Distance.POINTS,
        TrendAgainst.LAST_YEAR,
        D("3"),
        D("0.5"),
    )
    assert read_key(write_key(key)) == key
    plain = read_key(WITHIN_5)
    assert read_key(write_key(plain)) == plain
    assert "no_change_tolerance" not in write_key(plain)


# --- refusals: the line and the reason ----------------------------------------------------------

GOOD_BANDS = '[[bands]]\ncode = "G"\nat_least = 0\n\n[[bands]]\ncode = "R"\n'


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('name = "x"\nbands = [\n', 3, "not valid TOML: "),
        ("name = ", 1, "not valid TOML: Invalid value"),
        ('name = "x"\nx = = 3\n', 2, "not valid TOML: Invalid value"),
        ('name = "x"\ncolour = "red"\n' + GOOD_BANDS, 2, "unknown field 'colour': a key has name"),
        ('name = "x"\n[extra]\na = 1\n' + GOOD_BANDS, 2, "unknown field 'extra'"),
        (GOOD_BANDS, 1, "name is a text in quotes"),
        ('name = "  "\n' + GOOD_BANDS, 1, "name is a text in quotes"),
        (f'name = "{"x" * 201}"\n' + GOOD_BANDS, 1, "name is at most 200 characters"),
        ('name = "x"\ndistance = "miles"\n' + GOOD_BANDS, 2, '"percent" or "points"'),
        ('name = "x"\ntrend_against = 1\n' + GOOD_BANDS, 2, '"previous" or "last_year"'),
        ('name = "x"\nzero_target_tolerance = -1\n' + GOOD_BANDS, 2, "from 0 to 1,000,000"),
        ('name = "x"\nno_change_tolerance = 2e6\n' + GOOD_BANDS, 2, "from 0 to 1,000,000"),
        ('name = "x"\nno_change_tolerance = "1"\n' + GOOD_BANDS, 2, "is a number"),
        ('name = "x"\nzero_target_tolerance = true\n' + GOOD_BANDS, 2, "is a number"),
        ('name = "x"\nzero_target_tolerance = nan\n' + GOOD_BANDS, 2, "is a number"),
        ('name = "x"\n', 1, "the key needs its bands"),
        ('name = "x"\nbands = [1, 2]\n', 2, "the key needs its bands"),
        ('name = "x"\n[[bands]]\ncode = "G"\n', 2, "at least two bands"),
        ('name = "x"\n[[bands]]\ncode = "G"\nwidth = 3\n', 4, "unknown field 'width': a band"),
        ('name = "x"\n[[bands]]\nat_least = 1\n', 2, "code is a text in quotes"),
        ('name = "x"\n[[bands]]\ncode = "E"\nat_least = 1\n', 3, "unknown band code 'E'"),
        ('name = "x"\n[[bands]]\ncode = "G"\nat_least = 1\nabove = 0\n', 5, "not both"),
        ('name = "x"\n[[bands]]\ncode = "G"\nabove = 0\nat_least = 1\n', 5, "not both"),
        ('name = "x"\n[[bands]]\ncode = "G"\nat_least = 1001\n', 4, "from -1000 to 1000"),
        ('name = "x"\n[[bands]]\ncode = "G"\nat_least = "5%"\n', 4, "at_least is a number"),
        ('name = "x"\n[[bands]]\ncode = "G"\ncolour = "green"\n', 4, "bad colour 'green'"),
        ('name = "x"\n[[bands]]\ncode = "G"\ncolour = "#00ff00"\n', 4, "the colour of G is"),
        ('name = "x"\n[[bands]]\ncode = "G"\nshape = "▲"\n', 4, "the shape of G is ●"),
        ('name = "x"\n[[bands]]\ncode = "G"\nlabel = "' + "L" * 41 + '"\n', 4, "at most 40"),
        ('name = "x"\n[[bands]]\ncode = "G"\nat_least = 0\n' + GOOD_BANDS, 6, "in the key twice"),
        ('name = "x"\n[[bands]]\ncode = "G"\n[[bands]]\ncode = "R"\n', 2, "needs a bound"),
        ('name = "x"\n' + GOOD_BANDS + "above = -1\n", 8, "the last band takes every figure"),
        (
            'name = "x"\n[[bands]]\ncode = "G"\nabove = 0\n[[bands]]\ncode = "A"\nat_least = 1\n'
            '[[bands]]\ncode = "R"\n',
            7,
            "out of order: 'A' (at_least = 1) must be below 'G' (above = 0), best first",
        ),
        (
            'name = "x"\n[[bands]]\ncode = "G"\nat_least = 0\n[[bands]]\ncode = "A"\nabove = 0\n'
            '[[bands]]\ncode = "R"\n',
            7,
            "out of order",
        ),
        (
            'name = "x"\nbands = [{code = "G", at_least = 0}, {code = "G"}]\n',
            2,
            "in the key twice",
        ),
        ("#" * 100_001, 1, "at most 100,000 characters"),
    ],
)
def test_a_bad_key_file_is_refused_with_the_line_and_the_reason(text, line, reason):
    with pytest.raises(KeyFileError) as raised:
        read_key(text)
    assert raised.value.line == line
    assert reason in raised.value.reason
    assert str(raised.value) == f"line {line}: {raised.value.reason}"


def test_a_band_may_write_its_own_colour_shape_label_and_meaning_and_its_code_in_any_case():
    key = read_key(
        'name = "x"\n[[bands]]\ncode = "g"\nat_least = 0\ncolour = "#00703C"\nshape = "●"\n'
        'label = "On track"\nmeaning = "On track"\n[[bands]]\ncode = "R"\n'
    )
    assert key.bands[0] == KeyBand(G, D(0), True, "On track", "On track", "#00703C", "●")
    assert rating_key(key) == ((G, "On track"), (R, "Has missed target"))


# --- the key itself -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bands", "reason"),
    [
        ((KeyBand(G),), "at least two bands"),
        ((KeyBand(G, D(0)), KeyBand(R, D(-1))), "has no bound"),
    ],
)
def test_a_key_that_cannot_be_used_cannot_be_made(bands, reason):
    assert reason in check_bands(bands)[2]
    with pytest.raises(ValueError, match=reason):
        Key("x", bands)


@pytest.mark.parametrize("tolerances", [(D(-1), None), (D(0), D(-1))])
def test_a_keys_tolerances_cannot_be_negative(tolerances):
    with pytest.raises(ValueError, match="cannot be negative"):
        Key(
            "x",
            (KeyBand(G, D(0)), KeyBand(R)),
            absolute_tolerance=tolerances[0],
            no_change_tolerance=tolerances[1],
        )


def test_a_band_bound_above_takes_figures_beyond_it_only():
    band = KeyBand(A, D(-5), inclusive=False)
    assert (band.takes(D(-5)), band.takes(D("-4.99"))) == (False, True)
    assert KeyBand(A, D(-5)).takes(D(-5))


def test_a_scheme_with_a_band_of_no_width_leaves_it_out_of_its_key():
    assert shape(ToleranceScheme(high_green=D(0), amber=D(0), low_red=D(0)).key) == [
        (HG, D(0), True),
        (HR, None, True),
    ]


@pytest.mark.parametrize(
    ("key", "units"),
    [
        (FIVE_BAND.key, [(LG, D(0), True), (HR, None, True)]),
        (
            ToleranceScheme(absolute_tolerance=D(2)).key,
            [
                (HG, D(2), True),
                (LG, D(0), True),
                (A, D(-2), False),
                (LR, D(-4), True),
                (HR, None, True),
            ],
        ),
        (read_key(WITHIN_5), [(G, D(0), True), (R, None, True)]),
    ],
)
def test_a_keys_zero_targets_follow_todays_units_rule_of_its_kind(key, units):
    assert shape(key.units_key()) == units


# --- rating by a key ----------------------------------------------------------------------------


def test_a_zero_target_keeps_todays_rule_under_any_key():
    within = read_key(WITHIN_5)
    rating = rate(value("-1"), target("0"), HIGHER, within)
    assert rating.band is R  # a key reaching below the target does not reach below zero
    assert rating.distance_in_units
    assert "a zero target is judged in units, tolerance 0" in rating.reason


def test_contextual_measures_are_not_rated_under_any_key():
    rating = rate(value("5"), target("1"), Polarity.CONTEXTUAL, read_key(WITHIN_5))
    assert rating.band is None


def test_a_range_target_is_met_inside_and_rated_on_the_bound_passed_under_a_key():
    within = read_key(WITHIN_5)
    span = Target(TargetKind.RANGE, low=D(10), high=D(20))
    assert rate(value("15"), span, HIGHER, within).band is G
    assert rate(value("9.6"), span, HIGHER, within).band is G  # 4% under the bottom
    assert rate(value("9.4"), span, HIGHER, within).band is A
    assert rate(value("15"), span, HIGHER, FIVE_BAND.key).band is LG


@pytest.mark.parametrize(
    ("actual", "band"), [("1.0", G), ("0.88", A), ("0.8", R), ("0", R), ("-0.01", R)]
)
def test_an_in_range_measure_is_never_green_outside_its_range_under_any_key(actual, band):
    span = Target(TargetKind.RANGE, low=D("0.9"), high=D("1.1"))
    assert rate(value(actual), span, Polarity.IN_RANGE, read_key(WITHIN_5)).band is band


def test_an_in_range_measure_against_a_zero_bound_keeps_the_units_rule():
    span = Target(TargetKind.RANGE, low=D("0"), high=D("1"))
    rating = rate(value("-0.5"), span, Polarity.IN_RANGE, read_key(WITHIN_5))
    assert rating.band is R
    assert "a zero bound is judged in units" in rating.reason


def test_a_points_key_rates_percentages_in_points_and_other_figures_in_percent():
    points = key_of_bands((G, -2, True), (A, -5, True), R, distance=Distance.POINTS)
    percent = value("48", ValueType.PERCENTAGE)
    rating = rate(percent, target("50"), HIGHER, points)
    assert (rating.band, rating.distance, rating.distance_in_units) == (G, D(-2), True)
    assert "2 percentage points worse" in rating.reason
    assert rate(value("47"), target("50"), HIGHER, points).band is R  # 6% of 50 as a count
    span = Target(TargetKind.RANGE, low=D(50), high=D(60))
    in_range = rate(value("47", ValueType.PERCENTAGE), span, Polarity.IN_RANGE, points)
    assert (in_range.band, in_range.distance) == (A, D(-3))


def test_a_reason_says_which_side_of_a_keys_bound_a_rounded_distance_falls():
    within = read_key(WITHIN_5)
    assert "just over 5.0% worse" in rate(value("94.96"), target("100"), HIGHER, within).reason


# --- the printed key ----------------------------------------------------------------------------


def sentences(key: Key) -> list[str]:
    return [text for _, text in rating_key(key)]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (
            key_of_bands((HG, 5, False), (LG, 0, False), (A, -5, True), (HR, 0, True)[0]),
            [
                "Has exceeded target by more than 5%",
                "Has exceeded target by 5% or less",
                "On target or off by 5% or less",
                "More than 5% off target",
            ],
        ),
        (
            key_of_bands((G, 0, False), (A, -5, True), R),
            ["Has exceeded target", "On target or off by 5% or less", "More than 5% off target"],
        ),
        (
            key_of_bands((G, -5, False), (A, -10, False), R),
            [
                "On target, above it or less than 5% off it",
                "Between 5% and 10% off target",
                "10% or more off target",
            ],
        ),
        (
            key_of_bands((HG, 10, True), (LG, 2, True), (A, -3, False), R),
            [
                "Has exceeded target by 10% or more",
                "Has exceeded target by 2% or more and by under 10%",
                "Off target by less than 3%, or above it by under 2%",
                "3% or more off target",
            ],
        ),
        (
            key_of_bands((HG, 10, True), (LG, 2, False), (A, 0, False), R),
            [
                "Has exceeded target by 10% or more",
                "Has exceeded target by more than 2% and by under 10%",
                "Has exceeded target by 2% or less",
                "Has not exceeded target",
            ],
        ),
        (
            key_of_bands((HG, 10, True), R),
            ["Has exceeded target by 10% or more", "Below target, or above it by under 10%"],
        ),
        (
            key_of_bands((G, -2, True), (A, -5, True), R, distance=Distance.POINTS),
            [
                "On, above or within 2 percentage points of target",
                "Between 2 percentage points and 5 percentage points off target",
                "More than 5 percentage points off target",
            ],
        ),
    ],
)
def test_a_keys_printed_sentences_are_generated_from_its_bounds(key, expected):
    assert sentences(key) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (
            read_key(WITHIN_5),
            [
                "Within the target range",
                "Outside the target range by 10% or less",
                "Outside the target range by more than 10%",
            ],
        ),
        (FIVE_BAND.key, None),  # today's words: less than 5% / 5% or more
        (
            key_of_bands((G, 0, True), R),
            ["Within the target range", "Outside the target range"],
        ),
        (
            key_of_bands((HG, 0, True), A),
            ["Within the target range", "Outside the target range"],
        ),
        (
            key_of_bands((R, 0, True), G),
            ["Within the target range", "Outside the target range"],
        ),
    ],
)
def test_an_in_range_measures_key_under_a_key(key, expected):
    rows = rating_key(key, Polarity.IN_RANGE)
    if expected is None:
        assert rows == rating_key(FIVE_BAND, Polarity.IN_RANGE)
        return
    assert [text for _, text in rows] == expected
    assert rows[0][0] is G


def test_an_in_range_key_whose_first_band_is_red_is_green_or_red():
    assert [band for band, _ in rating_key(key_of_bands((R, 0, True), G), Polarity.IN_RANGE)] == [
        G,
        R,
    ]
    bands = rating_key(key_of_bands((G, 0, True), R), Polarity.IN_RANGE)
    assert [band for band, _ in bands] == [G, R]  # no figure outside reaches Amber


def test_the_key_of_a_kept_rating_by_a_key_file_is_that_key_or_todays_key_of_its_kind():
    within = read_key(WITHIN_5)
    assert key_of(A, within) == rating_key(within)
    assert key_of(HG, within) == rating_key(FIVE_BAND)
    five = bundled_key("five-band")
    assert key_of(R, five) == rating_key(THREE_BAND)


def test_band_zones_are_drawn_from_a_keys_bounds():
    within = read_key(WITHIN_5)
    assert band_zones(within) == ((G, D(-5), None), (A, D(-10), D(-5)), (R, None, D(-10)))
    assert band_zones(within, in_units=True) == ((G, D(0), None), (R, None, D(0)))
    point = key_of_bands((G, 0, False), (A, 0, True), R)
    assert band_zones(point) == ((G, D(0), None), (R, None, D(0)))


# --- the exceeding band (Blue) ------------------------------------------------------------------

BRAG = (Path(__file__).resolve().parents[3] / "docs" / "examples" / "brag.toml").read_text(
    encoding="utf-8"
)


def test_the_brag_key_has_blue_for_exceeding_then_green_amber_and_red():
    key = read_key(BRAG)
    assert [band.band for band in key.bands] == [Band.BLUE, G, A, R]
    assert rating_key(key)[0] == (Band.BLUE, "Has exceeded target by 5% or more")
    assert read_key(write_key(key)) == key


def test_blue_anywhere_but_first_is_refused_on_its_line():
    text = 'name = "x"\n[[bands]]\ncode = "G"\nat_least = 5\n[[bands]]\ncode = "b"\nat_least = 0\n'
    with pytest.raises(KeyFileError) as raised:
        read_key(text + '[[bands]]\ncode = "R"\n')
    assert raised.value.line == 6
    assert "'B' is the exceeding band, better than every other: it comes first" in str(raised.value)


def test_blue_may_write_its_own_colour_and_shape():
    key = read_key(
        'name = "x"\n[[bands]]\ncode = "B"\nat_least = 0\ncolour = "#1d70b8"\nshape = "✚"\n'
        '[[bands]]\ncode = "R"\n'
    )
    assert key.bands[0].band is Band.BLUE
