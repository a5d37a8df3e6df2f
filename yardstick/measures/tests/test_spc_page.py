"""The SPC chart on the measure page (issue 13 §1): the figures shown, their mean and process
limits from the core (`core.spc`, MDC's settings), each point's class told by a shape as well as
a colour, the two icons in words, and the table behind the chart."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MeasureFactory, period
from yardstick.core import palette
from yardstick.core import spc as core_spc
from yardstick.core.ratings import Polarity
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.measures.models import FigureStatus
from yardstick.measures.rules import FigureInput
from yardstick.measures.services import record_figure, set_target

pytestmark = pytest.mark.django_db

# Thirteen quarters of ordinary variation, then seven well above: a shift, and the last
# points beyond the limits.
STEADY_THEN_HIGHER = ["48", "52"] * 6 + ["50"] + ["61", "63", "62", "64", "63", "65", "64"]


def quarter_keys(count: int) -> list[str]:
    keys = []
    for index in range(count):
        year = 2013 + index // 4
        keys.append(f"{year}-{(year + 1) % 100:02d} Q{index % 4 + 1}")
    return keys


def measure_with(council, officer, values: list[str], target: str | None = "55", **fields):
    measure = MeasureFactory(organisation=council, value_type=ValueType.NUMBER, **fields)
    for key, amount in zip(quarter_keys(len(values)), values, strict=True):
        quarter = period(council, key)
        if target is not None:
            set_target(measure, quarter, Target(TargetKind.VALUE, value=Decimal(target)), officer)
        record_figure(
            measure,
            quarter,
            FigureInput(Value(Decimal(amount), ValueType.NUMBER), commentary="Noted."),
            officer,
            status=FigureStatus.APPROVED,
        )
    return measure


@pytest.fixture
def team(client, performance_officer):
    client.force_login(performance_officer)
    return client


def page(client, measure) -> str:
    response = client.get(f"/measures/{measure.code}/")
    assert response.status_code == 200
    return response.content.decode()


def spc_section(html: str) -> str:
    return html[html.index('id="spc"') : html.index('class="history-table"')]


def expected(values: list[str], polarity: Polarity, target: str | None) -> core_spc.Chart:
    return core_spc.chart(
        [Decimal(value) for value in values],
        polarity,
        target=Decimal(target) if target else None,
        settings=core_spc.MDC,
    )


def test_a_shift_upwards_is_an_improvement_when_higher_is_better(
    council, performance_officer, team
):
    measure = measure_with(council, performance_officer, STEADY_THEN_HIGHER, polarity="higher")
    chart = expected(STEADY_THEN_HIGHER, Polarity.HIGHER, "55")

    section = spc_section(page(team, measure))

    assert chart.variation_icon is core_spc.VariationIcon.IMPROVEMENT_HIGH
    assert core_spc.VARIATION_LABELS[chart.variation_icon] in section
    assert core_spc.ASSURANCE_LABELS[chart.assurance_icon] in section
    assert "(target 55)" in section
    # The table behind the chart: every figure, in order, with its class as the core gives it.
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">([^<]+)</td>', section)
    assert [value for _, value in rows] == STEADY_THEN_HIGHER
    for point in chart.points:
        assert core_spc.POINT_LABELS[point.point_type] in section
    assert section.count("Special cause: improvement") >= 7 + 1  # seven rows and the legend


def test_the_same_figures_are_a_concern_when_lower_is_better(council, performance_officer, team):
    measure = measure_with(council, performance_officer, STEADY_THEN_HIGHER, polarity="lower")

    section = spc_section(page(team, measure))

    assert core_spc.VARIATION_LABELS[core_spc.VariationIcon.CONCERN_HIGH] in section
    # The seven high figures are a concern now (and the thirteen before them, below the mean
    # of all twenty, a run of improvement).
    assert section.count("Special cause: concern") >= 7 + 1


def test_each_class_has_its_own_shape_and_colour_in_the_chart_and_the_legend(
    council, performance_officer, team
):
    measure = measure_with(council, performance_officer, STEADY_THEN_HIGHER, polarity="higher")
    chart = expected(STEADY_THEN_HIGHER, Polarity.HIGHER, "55")

    section = spc_section(page(team, measure))

    drawn = re.findall(r'<path d="M[^"]+" fill="(#[0-9a-f]{6})"', section)
    classes = {point.point_type for point in chart.points}
    assert len(classes) >= 2
    for point_type in classes:
        swatch, _ = palette.SPC_SWATCHES[point_type]
        count = sum(1 for point in chart.points if point.point_type is point_type)
        assert drawn.count(swatch.fill) == count + 1  # each point, and its legend entry
        assert f"{core_spc.POINT_LABELS[point_type]}: {count}</li>" in section
    shapes = [shape for _, shape in palette.SPC_SWATCHES.values()]
    assert len(set(shapes)) == len(shapes)  # never colour alone


def test_fewer_figures_than_mdc_asks_for_show_limits_but_no_icons(
    council, performance_officer, team
):
    values = STEADY_THEN_HIGHER[:10]
    measure = measure_with(council, performance_officer, values)

    section = spc_section(page(team, measure))

    assert "The icons are shown from 15 figures; this measure has 10." in section
    assert "trial limits" in section  # fewer than 12 figures
    assert not any(label in section for label in core_spc.VARIATION_LABELS.values())
    assert 'aria-labelledby="spc-title spc-desc"' in section


def test_a_measure_judged_neither_way_has_no_assurance_icon_and_says_why(
    council, performance_officer, team
):
    measure = measure_with(council, performance_officer, STEADY_THEN_HIGHER, polarity="contextual")

    section = spc_section(page(team, measure))

    assert core_spc.VARIATION_LABELS[core_spc.VariationIcon.NEUTRAL_HIGH] in section
    assert "No assurance icon: neither higher nor lower figures are better" in section


def test_a_year_to_date_measure_has_no_spc_chart_and_the_page_says_why(
    council, performance_officer, team
):
    measure = measure_with(
        council, performance_officer, STEADY_THEN_HIGHER, collection_type="cumulative"
    )

    section = spc_section(page(team, measure))

    assert "No SPC chart: each year-to-date figure adds to the one before" in section
    assert "spc-title" not in section


def test_the_spc_chart_adds_no_query_however_many_figures_it_charts(
    council, performance_officer, team
):
    few = measure_with(council, performance_officer, STEADY_THEN_HIGHER[:5])
    many = measure_with(council, performance_officer, STEADY_THEN_HIGHER)
    page(team, few)  # per-process caches filled

    counts = []
    for measure in (few, many):
        with CaptureQueriesContext(connection) as queries:
            page(team, measure)
        counts.append(len(queries.captured_queries))

    assert counts[0] == counts[1]
