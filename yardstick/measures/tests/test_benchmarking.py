"""How the council compares (measures.benchmarking): a group's figures, from imported values
and from councils that share theirs (only those who opted in, only published figures), and
the measure page's "How we compare" and its chart's comparator band."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import slugify

from tests.factories import FigureFactory, MeasureFactory, OrganisationFactory, period
from yardstick.accounts.access import board
from yardstick.core.values import Value, ValueType
from yardstick.framework.models import PeriodStatus
from yardstick.measures.benchmarking import group_figures, groups_of, measure_comparisons
from yardstick.measures.charts import build_chart
from yardstick.measures.models import (
    ComparatorGroup,
    ComparatorMember,
    ComparatorValue,
    FigureStatus,
)
from yardstick.measures.services import FigureInput, record_figure
from yardstick.measures.shown import shown_ratings

pytestmark = pytest.mark.django_db

KEY = "2018-19 Q2"


def group_of(council, areas: dict[str, str], name="London boroughs") -> ComparatorGroup:
    group = ComparatorGroup.objects.create(organisation=council, code=slugify(name), name=name)
    for code, area in areas.items():
        ComparatorMember.objects.create(group=group, area_code=code, area_name=area)
    return group


def imported(measure, values: dict[str, str], key: str = KEY) -> None:
    for code, amount in values.items():
        ComparatorValue.objects.create(
            measure=measure,
            period_key=key,
            area_code=code,
            area_name=f"Area {code}",
            value=Decimal(amount),
            source="LG Inform metric 1",
            taken_on=date(2019, 1, 15),
        )


def sharer(code: str, area: str, *, opted_in=True, status=FigureStatus.PUBLISHED, **measure):
    """Another council in the same Yardstick with its figure for NI 155 in Q2 2018/19."""
    other = OrganisationFactory(
        name=f"{area} Council", slug=area.lower(), area_code=code, share_for_benchmarking=opted_in
    )
    quarter = period(other, KEY)
    if status == FigureStatus.PUBLISHED:
        quarter.status = PeriodStatus.PUBLISHED
        quarter.save()
    their = MeasureFactory(organisation=other, code="NI 155", **measure)
    FigureFactory(measure=their, period=quarter, value=Decimal("40"), status=status)
    return other


@pytest.fixture
def ours(council):
    council.area_code = "E09000015"
    council.save()
    return MeasureFactory(organisation=council, code="NI 155", value_type="number")


def seen(council, measure) -> dict[str, Decimal]:
    groups = groups_of(council)
    found = group_figures(council, [measure], [KEY], groups)
    return {code: f.amount for code, f in found.get((groups[0].id, measure.id, KEY), {}).items()}


def test_a_council_that_opted_in_shares_its_published_figure(council, ours):
    sharer("E09000003", "Barnet")
    group_of(council, {"E09000003": "Barnet"})
    assert seen(council, ours) == {"E09000003": Decimal("40")}


def test_a_council_that_did_not_opt_in_is_never_seen(council, ours):
    sharer("E09000003", "Barnet", opted_in=False)
    group_of(council, {"E09000003": "Barnet"})
    assert seen(council, ours) == {}


def test_a_figure_not_yet_published_is_never_seen(council, ours):
    sharer("E09000003", "Barnet", status=FigureStatus.APPROVED)
    group_of(council, {"E09000003": "Barnet"})
    assert seen(council, ours) == {}


def test_a_measure_kept_from_publication_is_never_seen(council, ours):
    sharer("E09000003", "Barnet", not_for_publication=True)
    group_of(council, {"E09000003": "Barnet"})
    assert seen(council, ours) == {}


def test_a_sharing_council_outside_the_group_is_not_counted(council, ours):
    sharer("E09000003", "Barnet")
    group_of(council, {"E09000004": "Bexley"})
    imported(ours, {"E09000004": "30"})
    assert seen(council, ours) == {"E09000004": Decimal("30")}


def test_the_imported_values_of_another_councils_measure_are_not_ours(council, ours):
    other = OrganisationFactory(name="Elsewhere", slug="elsewhere")
    imported(MeasureFactory(organisation=other, code="NI 155"), {"E09000004": "30"})
    group_of(council, {"E09000004": "Bexley"})
    assert seen(council, ours) == {}


def page_of(client, user, measure) -> str:
    client.force_login(user)
    return client.get(reverse("measures:detail", args=[measure.code])).content.decode()


def record(measure, key: str, amount: str, officer) -> None:
    record_figure(
        measure,
        period(measure.organisation, key),
        FigureInput(Value(Decimal(amount), ValueType.NUMBER)),
        officer,
        status=FigureStatus.APPROVED,
    )


def test_the_measure_page_says_how_we_compare_by_polarity(
    client, council, ours, performance_officer
):
    record(ours, "2018-19 Q1", "44", performance_officer)
    record(ours, KEY, "45", performance_officer)
    areas = {f"E090000{n:02d}": f"Borough {n}" for n in range(20, 24)}
    group_of(council, areas)
    imported(ours, dict(zip(areas, ["10", "20", "30", "50"], strict=True)))
    html = page_of(client, performance_officer, ours)
    assert "How we compare" in html
    # 10, 20, 30, 45 (ours), 50: higher is better, so ours is 2nd and at the upper quartile.
    assert "<strong>2nd of 5</strong>, top quartile in London boroughs" in html
    # The table behind the chart's band: each period the group has figures for.
    assert "The chart's London boroughs figures by period (1)" in html
    assert "30 (5 areas)" in html
    assert "20 (lower quartile) to 45 (upper quartile)" in html
    ours.polarity = "lower"
    ours.save()
    html = page_of(client, performance_officer, ours)
    assert "<strong>4th of 5</strong>, lower middle quartile in London boroughs" in html


def test_the_chart_draws_the_groups_middle_half_where_it_has_figures(
    council, ours, performance_officer
):
    record(ours, "2018-19 Q1", "44", performance_officer)
    record(ours, KEY, "45", performance_officer)
    group_of(council, {"E09000020": "A", "E09000021": "B"})
    imported(ours, {"E09000020": "10", "E09000021": "50"})
    periods = [period(council, "2018-19 Q1"), period(council, KEY)]
    shown = shown_ratings([ours], periods, board(council.id), per_measure=True)
    history = [shown[(ours.id, p.id)] for p in periods]
    benchmark = measure_comparisons(council, ours, history)
    chart = build_chart(history, benchmark.band, benchmark.band_group)
    assert list(benchmark.band) == [KEY]
    assert len(chart.comparator_bands) == 1
    assert chart.comparator_group == "London boroughs"
    band = chart.comparator_bands[0]
    assert band.x < chart.points[1].x <= band.x + band.width


def test_a_measure_good_in_a_range_is_not_ranked(client, council, ours, performance_officer):
    ours.polarity = "in_range"
    ours.save()
    record(ours, KEY, "45", performance_officer)
    group_of(council, {"E09000020": "A"})
    imported(ours, {"E09000020": "10"})
    html = page_of(client, performance_officer, ours)
    assert "Not ranked: neither a higher nor a lower figure is better" in html


def test_without_groups_the_page_has_no_comparison(client, council, ours, performance_officer):
    record(ours, KEY, "45", performance_officer)
    assert "How we compare" not in page_of(client, performance_officer, ours)


def test_the_measure_page_does_not_query_per_area_or_group(
    client, council, ours, performance_officer
):
    record(ours, KEY, "45", performance_officer)
    client.force_login(performance_officer)
    url = reverse("measures:detail", args=[ours.code])
    counts = []
    for size in (2, 12):
        ComparatorGroup.objects.all().delete()
        ComparatorValue.objects.all().delete()
        for g in range(size // 2):
            areas = {f"E{g:02d}{n:06d}": f"Area {n}" for n in range(size)}
            group_of(council, areas, name=f"Group {g} {size}")
            imported(ours, {code: str(n) for n, code in enumerate(areas)})
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        assert html.count("<strong>") >= size // 2
        counts.append(len(captured))
    assert counts[0] == counts[1]
