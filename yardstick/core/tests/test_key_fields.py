"""A key as a form holds it (`key_fields`, `write_key_fields`): the form is another door to the
key file's rules, so a form's fields give the same key as the file and are refused with the
same reasons, and each refusal says which field is at fault."""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D
from pathlib import Path

import pytest

from yardstick.core.keys import (
    BUNDLED_KEYS,
    KeyFileError,
    bundled_key,
    key_fields,
    read_key,
    write_key_fields,
)
from yardstick.core.ratings import Band, Distance, Key, KeyBand, TrendAgainst

DOCS = Path(__file__).resolve().parents[3] / "docs"
WITHIN_5 = (DOCS / "examples" / "within-5-percent.toml").read_text(encoding="utf-8")


def without_colours(key: Key) -> Key:
    bands = tuple(dataclasses.replace(band, colour="", shape="") for band in key.bands)
    return dataclasses.replace(key, bands=bands)


@pytest.mark.parametrize(
    "key",
    [
        *(bundled_key(name) for name in BUNDLED_KEYS),
        read_key(WITHIN_5),
        Key(
            'A "quoted"\\ name',
            (
                KeyBand(Band.HIGH_GREEN, D("2.5"), True, "Top", "Better\nby 2.5", "#00703c", "★"),
                KeyBand(Band.AMBER, D("-0"), False),
                KeyBand(Band.HIGH_RED),
            ),
            Distance.POINTS,
            TrendAgainst.LAST_YEAR,
            D("3"),
            D("0.5"),
        ),
    ],
)
def test_a_keys_fields_write_back_as_the_same_key(key):
    text, _ = write_key_fields(*key_fields(key))
    assert read_key(text) == without_colours(key)


def test_a_blank_field_is_left_out_and_a_typed_number_is_written_as_a_number():
    fields = {"name": "Typed", "distance": " ", "zero_target_tolerance": " +05.50 "}
    bands = [
        {"code": " g ", "bound_kind": "", "bound": "-5", "label": " ", "meaning": ""},
        {"code": "R"},
    ]
    text, where = write_key_fields(fields, bands)
    assert "distance" not in text and "label" not in text and "meaning" not in text
    assert "zero_target_tolerance = 5.5\n" in text
    assert 'code = "g"\nat_least = -5\n' in text
    key = read_key(text)
    assert (key.distance, key.absolute_tolerance) == (Distance.PERCENT, D("5.5"))
    assert key.bands[0] == KeyBand(Band.GREEN, D(-5))
    assert sorted(set(where.values()), key=str) == sorted(
        {
            (None, "name"),
            (None, "zero_target_tolerance"),
            (0, ""),
            (0, "code"),
            (0, "bound"),
            (1, ""),
            (1, "code"),
        },
        key=str,
    )


GOOD = [
    {"code": "G", "bound_kind": "at_least", "bound": "0", "label": "Green", "meaning": "Met"},
    {"code": "A", "bound_kind": "above", "bound": "-5", "label": "", "meaning": ""},
    {"code": "R", "bound_kind": "at_least", "bound": "", "label": "", "meaning": ""},
]


def band(index: int, **changes: str) -> list[dict[str, str]]:
    bands = [dict(entry) for entry in GOOD]
    bands[index].update(changes)
    return bands


@pytest.mark.parametrize(
    ("fields", "bands", "at_fault", "reason"),
    [
        ({"name": " "}, GOOD, (None, "name"), "name is a text in quotes"),
        ({"distance": "miles"}, GOOD, (None, "distance"), 'distance is "percent" or "points"'),
        ({"trend_against": "x"}, GOOD, (None, "trend_against"), 'trend_against is "previous"'),
        (
            {"zero_target_tolerance": "-1"},
            GOOD,
            (None, "zero_target_tolerance"),
            "zero_target_tolerance is from 0 to 1,000,000",
        ),
        (
            {"no_change_tolerance": "a little"},
            GOOD,
            (None, "no_change_tolerance"),
            "no_change_tolerance is a number, such as no_change_tolerance = 5",
        ),
        ({}, [], (None, "bands"), "a key needs at least two bands"),
        ({}, GOOD[-1:], (0, ""), "a key needs at least two bands"),
        ({}, band(1, code="G"), (1, "code"), "the band 'G' is in the key twice"),
        ({}, band(0, code=""), (0, "code"), "code is a text in quotes"),
        ({}, band(0, code="X"), (0, "code"), "unknown band code 'X'"),
        ({}, band(1, bound=""), (1, ""), "every band but the last needs a bound"),
        ({}, band(2, bound="-10"), (2, "bound"), "the last band takes every figure left"),
        ({}, band(1, bound="0"), (1, "bound"), "the bands are out of order: 'A' (above = 0)"),
        ({}, band(0, bound="5%"), (0, "bound"), "at_least is a number, such as at_least = 5"),
        ({}, band(0, bound="2000"), (0, "bound"), "at_least is a distance from the target"),
        ({}, band(1, bound_kind="below"), (1, "bound"), "unknown field 'below'"),
        ({}, band(1, label="x" * 41), (1, "label"), "label is at most 40 characters"),
        ({}, band(2, meaning="x" * 201), (2, "meaning"), "meaning is at most 200 characters"),
    ],
)
def test_a_forms_fields_are_refused_with_the_files_reason_at_the_field(
    fields, bands, at_fault, reason
):
    text, where = write_key_fields({"name": "A key", **fields}, bands)
    with pytest.raises(KeyFileError) as refused:
        read_key(text)
    assert refused.value.reason.startswith(reason)
    assert where[refused.value.line] == at_fault
