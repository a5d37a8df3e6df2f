"""Every table in the ratings section of docs/calculations.md is checked against the code.

Targets and figures are read as printed, with parse_target and parse_value, so the page's
examples are exactly what a council would type. A table with headings this module does not know
fails, so no example on the page can go unchecked.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from yardstick.core.ratings import Band, Polarity, SchemeKind, ToleranceScheme, rate
from yardstick.core.targets import parse_target
from yardstick.core.trend import ComparisonBasis, Direction, Trend, comparison_basis
from yardstick.core.trend import direction_of_travel as direction
from yardstick.core.values import CollectionType, parse_value

PAGE = Path(__file__).resolve().parents[3] / "docs" / "calculations.md"
SECTION = re.compile(
    r"<!-- section: ratings\b.*?-->(?P<body>.*?)<!-- end section: ratings -->", re.DOTALL
)

POLARITIES = {
    "higher": Polarity.HIGHER,
    "lower": Polarity.LOWER,
    "in range": Polarity.IN_RANGE,
    "contextual": Polarity.CONTEXTUAL,
}
SCHEME_KINDS = {"five-band": SchemeKind.FIVE_BAND, "three-band": SchemeKind.THREE_BAND}
SCHEME_SETTING = re.compile(
    r"(?P<name>high green|amber|low red|absolute tolerance) (?P<amount>[\d.]+)%?( days)?"
)
COLLECTION_TYPES = {
    "period": CollectionType.PERIOD,
    "cumulative (year to date)": CollectionType.CUMULATIVE,
    "snapshot": CollectionType.SNAPSHOT,
    "rolling 12 months": CollectionType.ROLLING_12_MONTHS,
}
BASES = {
    "previous period": ComparisonBasis.PREVIOUS_PERIOD,
    "same period last year": ComparisonBasis.SAME_PERIOD_LAST_YEAR,
}


def section() -> str:
    found = SECTION.search(PAGE.read_text(encoding="utf-8"))
    assert found, f"{PAGE} has no ratings section"
    return found["body"]


def tables(text: str) -> list[list[dict[str, str]]]:
    """Each markdown table as a list of rows, each row a dict from heading to cell."""
    found, lines = [], []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            lines.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        if lines:
            heading, _rule, *rows = lines
            found.append([dict(zip(heading, row, strict=True)) for row in rows])
            lines = []
    return found


def rows_of(kind: str) -> list:
    """pytest params for the rows of every table of one kind, named by their cells."""
    params = []
    for table in tables(section()):
        if kind_of(table) == kind:
            params += [pytest.param(row, id=" ".join(row.values())[:90]) for row in table]
    return params


def kind_of(table: list[dict[str, str]]) -> str:
    headings = set(table[0])
    if "Band" in headings and "Reason" in headings:
        return "rating"
    if "Trend" in headings:
        return "direction"
    if {"Band", "Rule (thresholds of the standard five-band scheme)"} == headings:
        return "key"
    if "Symbol" in headings:
        return "symbols"
    if "Collection type" in headings:
        return "basis"
    return "unknown: " + ", ".join(table[0])


def scheme(text: str) -> ToleranceScheme:
    kind, *settings = [part.strip() for part in text.split(",")]
    fields = {}
    for setting in settings:
        match = SCHEME_SETTING.fullmatch(setting)
        assert match, f"cannot read the scheme setting '{setting}'"
        fields[match["name"].replace(" ", "_")] = Decimal(match["amount"])
    return ToleranceScheme(kind=SCHEME_KINDS[kind], **fields)


def test_the_section_has_its_headings_and_every_kind_of_table():
    text = section()
    assert "## Ratings" in text
    assert "## Direction of travel" in text
    kinds = [kind_of(table) for table in tables(text)]
    assert [kind for kind in kinds if kind.startswith("unknown")] == []
    assert {"rating", "direction", "key", "symbols", "basis"} <= set(kinds)


@pytest.mark.parametrize("row", rows_of("rating"))
def test_every_rating_example_is_what_the_code_gives(row):
    rating = rate(
        parse_value(row["Actual"]),
        parse_target(row["Target"]),
        POLARITIES[row["Good is"]],
        scheme(row.get("Scheme", "five-band")),
        last_year=parse_value(row.get("Last year", "")),
    )
    band = None if row["Band"] == "Not rated" else Band(row["Band"])
    assert (rating.band, rating.reason) == (band, row["Reason"])


@pytest.mark.parametrize("row", rows_of("direction"))
def test_every_direction_of_travel_example_is_what_the_code_gives(row):
    target_range = row["Target range"]
    result = direction(
        parse_value(row["This period"]),
        parse_value(row["Compared with"]),
        POLARITIES[row["Good is"]],
        no_change_tolerance=Decimal(row["No change within"] or "0"),
        comparison_label=row["Comparison period"],
        range_target=parse_target(target_range) if target_range else None,
    )
    assert (f"{result.symbol} {result.text}".strip(), result.reason) == (
        row["Trend"],
        row["Reason"],
    )


@pytest.mark.parametrize("row", rows_of("key"))
def test_the_key_names_each_band_as_the_code_does(row):
    code, label = row["Band"].split(" ", 1)
    assert Band(code).label == label


@pytest.mark.parametrize("row", rows_of("symbols"))
def test_the_symbols_are_the_ones_the_code_shows(row):
    by_words = {Direction(trend, "").text: trend for trend in Trend}
    trend = by_words.get(row["In words"])
    shown = Direction(trend, "")
    assert (shown.symbol or "(none)", shown.text) == (row["Symbol"], row["In words"])


@pytest.mark.parametrize("row", rows_of("basis"))
def test_each_comparison_basis_example_is_what_the_code_gives(row):
    basis = comparison_basis(
        COLLECTION_TYPES[row["Collection type"]], BASES[row["Measure prefers"]]
    )
    assert basis is BASES[row["Compared with"]]
