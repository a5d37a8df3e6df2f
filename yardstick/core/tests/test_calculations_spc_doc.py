"""Every table in the SPC section of docs/calculations.md is checked against the code.

The section's worked examples (limits, special-cause points and icons, assurance, the classes
and the two profiles' settings) are read from the page and worked out by
`yardstick.core.spc.chart`; a table with headings this module does not know fails, so no
example on the page can go unchecked. Values are written as the page writes them: numbers
separated by commas, `B` for the page's twelve-point baseline, and `(10, 12) × 6` or `12 × 7`
for repeats.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from yardstick.core.spc import (
    PROFILES,
    RULE_PRECEDENCE,
    PointType,
    Screening,
    Side,
    SpcSettings,
    chart,
    point_type,
    read_direction,
)

PAGE = Path(__file__).resolve().parents[3] / "docs" / "calculations.md"
SECTION = re.compile(r"<!-- section: spc\b.*?-->(?P<body>.*?)<!-- end section: spc -->", re.DOTALL)
BASELINE = "(10, 12) × 6"
REPEAT = re.compile(
    r"\((?P<items>[^()]*)\)\s*×\s*(?P<times>\d+)|(?P<item>[-\d.]+)\s*×\s*(?P<n>\d+)"
)
CLASS_WORDS = {
    PointType.IMPROVEMENT: "improvement",
    PointType.CONCERN: "concern",
    PointType.NEUTRAL_HIGH: "neutral high",
    PointType.NEUTRAL_LOW: "neutral low",
}


def section() -> str:
    found = SECTION.search(PAGE.read_text(encoding="utf-8"))
    assert found, f"{PAGE} has no spc section"
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


def kind_of(table: list[dict[str, str]]) -> str:
    headings = set(table[0])
    if {"Mean", "LPL", "UPL"} <= headings:
        return "limits"
    if "Special cause points" in headings:
        return "points"
    if "Assurance icon" in headings:
        return "assurance"
    if {"Setting", "MDC", "PTD"} <= headings:
        return "settings"
    if {"A high signal", "A low signal"} <= headings:
        return "classes"
    return "unknown: " + ", ".join(table[0])


def rows_of(kind: str) -> list:
    params = []
    for table in tables(section()):
        if kind_of(table) == kind:
            params += [pytest.param(row, id=" ".join(row.values())[:80]) for row in table]
    return params


def read_values(text: str) -> list[Decimal]:
    """'B, 11, 12 × 7' as the values it stands for."""
    text = text.replace("`", "").replace("B", BASELINE)
    expanded = REPEAT.sub(
        lambda match: ", ".join(
            [match["items"] or match["item"]] * int(match["times"] or match["n"])
        ),
        text,
    )
    return [Decimal(part.strip().replace("−", "-")) for part in expanded.split(",")]


def describe(result) -> str:
    """The chart's special-cause points as the page lists them, counting from 1: each run of
    points of one class, with the rules that classified them in the order of RULE_PRECEDENCE
    ('13 improvement (outside_limits); 14-20 concern (trend, shift)'); 'none' when there are
    none."""
    groups: list[list] = []
    for number, point in enumerate(result.points, start=1):
        if point.rule is None:
            continue
        kind = CLASS_WORDS[point.point_type]
        if groups and groups[-1][2] == kind and groups[-1][1] == number - 1:
            groups[-1][1] = number
            groups[-1][3].add(point.rule)
        else:
            groups.append([number, number, kind, {point.rule}])
    return (
        "; ".join(
            f"{first if first == last else f'{first}-{last}'} {kind} "
            f"({', '.join(rule for rule in RULE_PRECEDENCE if rule in rules)})"
            for first, last, kind, rules in groups
        )
        or "none"
    )


def icon(value) -> str:
    return "none" if value is None else str(value)


def test_the_section_has_every_kind_of_table_and_no_other():
    kinds = [kind_of(table) for table in tables(section())]
    assert [kind for kind in kinds if kind.startswith("unknown")] == []
    assert {"limits", "points", "assurance", "settings", "classes"} <= set(kinds)


def test_the_values_are_read_as_the_page_writes_them():
    assert read_values("B, 11, 12 × 2") == [Decimal(n) for n in [10, 12] * 6 + [11, 12, 12]]
    assert read_values("(1, 3) × 2, −4") == [Decimal(n) for n in (1, 3, 1, 3, -4)]


@pytest.mark.parametrize("row", rows_of("limits"))
def test_every_limits_example_is_what_the_code_gives(row):
    settings = PROFILES[row["Profile"]]
    if row.get("Screening"):
        settings = replace(settings, screening=Screening(row["Screening"]))
    (limits,) = chart(
        read_values(row["Values"]), read_direction("increase"), settings=settings
    ).periods
    for found, printed in (
        (limits.mean, row["Mean"]),
        (limits.lpl, row["LPL"]),
        (limits.upl, row["UPL"]),
    ):
        printed = Decimal(printed.replace("−", "-"))
        assert found.quantize(printed) == printed  # as printed: rounded to the figures shown


@pytest.mark.parametrize("row", rows_of("points"))
def test_every_special_cause_example_is_what_the_code_gives(row):
    recalculate = row.get("Recalculate at", "")
    baseline = row.get("Baseline", "")
    result = chart(
        read_values(row["Values"]),
        read_direction(row["Good is"]),
        recalculate_at=[int(n) - 1 for n in recalculate.split(",") if n.strip()],
        baseline=int(baseline) if baseline else None,
        settings=PROFILES[row["Profile"]],
    )
    assert describe(result) == row["Special cause points"]
    assert icon(result.variation_icon) == row["Variation icon"].strip("`").split(" ")[0]


@pytest.mark.parametrize("row", rows_of("assurance"))
def test_every_assurance_example_is_what_the_code_gives(row):
    result = chart(
        read_values(row["Values"]),
        read_direction(row["Good is"]),
        target=Decimal(row["Target"].replace("−", "-")),
        settings=PROFILES[row["Profile"]],
    )
    assert icon(result.assurance_icon) == row["Assurance icon"].strip("`").split(" ")[0]


@pytest.mark.parametrize("row", rows_of("settings"))
def test_each_setting_has_the_value_the_page_gives_it_in_each_profile(row):
    name = row["Setting"].strip("`")
    for profile in ("MDC", "PTD"):
        value = getattr(PROFILES[profile.lower()], name)
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        assert shown == row[profile].strip("`"), f"{name} under {profile}"


def test_the_settings_table_names_every_setting():
    named = {
        row["Setting"].strip("`")
        for table in tables(section())
        if kind_of(table) == "settings"
        for row in table
    }
    assert named == set(SpcSettings.__dataclass_fields__) - {"name"}


@pytest.mark.parametrize("row", rows_of("classes"))
def test_each_direction_makes_a_signal_the_class_the_page_says(row):
    polarity = read_direction(row["Good is"])
    assert CLASS_WORDS[point_type(Side.HIGH, polarity)] == row["A high signal"]
    assert CLASS_WORDS[point_type(Side.LOW, polarity)] == row["A low signal"]
