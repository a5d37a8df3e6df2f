"""The measure chart: its points and tinted band strips come from the one palette, and the
strips lie where the measure's own tolerance scheme puts the bands, not at fixed 5% and 10%."""

import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import MeasureFactory, period
from yardstick.accounts.access import performance_team_of
from yardstick.core import palette
from yardstick.core.ratings import Band
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.measures.charts import build_chart
from yardstick.measures.models import FigureStatus
from yardstick.measures.services import FigureInput, record_figure, set_target
from yardstick.measures.shown import shown_ratings

pytestmark = pytest.mark.django_db

QUARTERS = ("2018-19 Q1", "2018-19 Q2")


def chart_of(measure, officer, target: str, actuals=("104", "85")):
    quarters = [period(measure.organisation, key) for key in QUARTERS]
    for quarter, actual in zip(quarters, actuals, strict=True):
        set_target(measure, quarter, Target(TargetKind.VALUE, value=Decimal(target)), officer)
        record_figure(
            measure,
            quarter,
            FigureInput(Value(Decimal(actual), ValueType.NUMBER), commentary="Noted."),
            officer,
            status=FigureStatus.APPROVED,
        )
    shown = shown_ratings([measure], quarters, performance_team_of(measure.organisation_id))
    return build_chart([shown[(measure.id, quarter.id)] for quarter in quarters])


def strip_edges(chart, x) -> dict[Band, tuple[float, float]]:
    """{band: (top, bottom)} of the strips of the period drawn at x, in SVG units."""
    return {r.band: (r.y, r.y + r.height) for r in chart.bands if r.x <= x < r.x + r.width}


def test_points_take_the_band_fill_and_strips_its_tint_from_the_palette(
    council, performance_officer
):
    measure = MeasureFactory(organisation=council, value_type=ValueType.NUMBER)

    chart = chart_of(measure, performance_officer, "100")

    assert [(p.band, p.fill) for p in chart.points] == [
        (Band.LOW_GREEN, palette.LOW_GREEN.fill),
        (Band.HIGH_RED, palette.HIGH_RED.fill),
    ]
    assert chart.bands
    assert all(rect.fill == palette.band_swatch(rect.band).tint for rect in chart.bands)


def test_the_strips_follow_the_measures_own_thresholds(council, performance_officer):
    """High Green from 2% better, Amber to 3% worse, Low Red to 8% worse: on a target of
    100, the strips' edges are at 102, 100, 97 and 92."""
    measure = MeasureFactory(
        organisation=council,
        value_type=ValueType.NUMBER,
        high_green_threshold=Decimal(2),
        amber_threshold=Decimal(3),
        low_red_threshold=Decimal(8),
    )

    chart = chart_of(measure, performance_officer, "100")
    edges = strip_edges(chart, chart.points[0].x)

    assert list(edges) == [Band.HIGH_GREEN, Band.LOW_GREEN, Band.AMBER, Band.LOW_RED, Band.HIGH_RED]
    target_y = float(chart.target_line.split()[0].split(",")[1])
    scale = edges[Band.LOW_GREEN][0] - target_y  # the y of 2 units above the target
    assert scale < 0  # up the page is better
    assert edges[Band.HIGH_GREEN][1] == pytest.approx(edges[Band.LOW_GREEN][0])  # at 102
    assert edges[Band.LOW_GREEN][1] == pytest.approx(target_y, abs=0.1)  # 100
    assert edges[Band.AMBER][0] == pytest.approx(target_y, abs=0.1)
    assert edges[Band.AMBER][1] == pytest.approx(edges[Band.LOW_RED][0])
    assert edges[Band.AMBER][1] - target_y == pytest.approx(-scale * 3 / 2, abs=0.5)  # 97
    assert edges[Band.LOW_RED][1] - target_y == pytest.approx(-scale * 8 / 2, abs=0.5)  # 92
    assert edges[Band.HIGH_RED][0] == pytest.approx(edges[Band.LOW_RED][1])


def test_a_three_band_measure_has_three_strips(council, performance_officer):
    measure = MeasureFactory(organisation=council, value_type=ValueType.NUMBER, scheme="three_band")

    chart = chart_of(measure, performance_officer, "100")

    assert list(strip_edges(chart, chart.points[0].x)) == [Band.GREEN, Band.AMBER, Band.RED]
    assert {p.band for p in chart.points} == {Band.GREEN, Band.RED}


def chart_in(measure, officer, actuals):
    quarters = [period(measure.organisation, key) for key in QUARTERS]
    for quarter, actual in zip(quarters, actuals, strict=True):
        record_figure(
            measure,
            quarter,
            FigureInput(Value(Decimal(actual), ValueType(measure.value_type))),
            officer,
            status=FigureStatus.APPROVED,
        )
    shown = shown_ratings([measure], quarters, performance_team_of(measure.organisation_id))
    return build_chart([shown[(measure.id, quarter.id)] for quarter in quarters])


@pytest.mark.parametrize(
    ("value_type", "actuals", "labels"),
    [
        (ValueType.PERCENTAGE, ("14", "17.7"), ["13%", "14%", "15%", "16%", "17%", "18%"]),
        (
            ValueType.CURRENCY,
            ("1200", "9800"),
            ["£0", "£2,000", "£4,000", "£6,000", "£8,000", "£10,000", "£12,000"],
        ),
        (ValueType.NUMBER, ("0.12", "0.19"), ["0.10", "0.12", "0.14", "0.16", "0.18", "0.20"]),
        (
            ValueType.DURATION,
            ("95", "215"),  # seconds: 01:35 and 03:35
            ["01:00", "01:30", "02:00", "02:30", "03:00", "03:30", "04:00"],
        ),
    ],
)
def test_the_value_axis_has_round_ticks_in_the_measures_units(
    council, performance_officer, value_type, actuals, labels
):
    measure = MeasureFactory(organisation=council, value_type=value_type, decimals=None)
    chart = chart_in(measure, performance_officer, actuals)
    assert [tick.label for tick in chart.ticks] == labels
    heights = [tick.y for tick in chart.ticks]
    assert heights == sorted(heights, reverse=True)  # low at the bottom, evenly spaced
    gaps = {round(a - b, 1) for a, b in itertools.pairwise(heights)}
    assert len(gaps) == 1
    assert all(heights[-1] <= p.y <= heights[0] for p in chart.points)


def test_a_duration_chart_reads_in_minutes_and_seconds_on_the_page(
    client, council, performance_officer
):
    measure = MeasureFactory(organisation=council, value_type=ValueType.DURATION, code="DUR 1")
    chart_in(measure, performance_officer, ("95", "215"))
    client.force_login(performance_officer)
    html = client.get(reverse("measures:detail", args=[measure.code])).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert ">02:30</text>" in svg and ">150</text>" not in svg
