"""The optional benchmarking columns: a scorecard that compares with a group shows the
group's median and each measure's rank and quartile in it, on the page and in the Excel
workbook, without a query per measure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from tests.factories import MeasureFactory, ScorecardEntryFactory, ScorecardFactory, period
from yardstick.accounts.access import board
from yardstick.core.values import Value, ValueType
from yardstick.measures.models import (
    ComparatorGroup,
    ComparatorMember,
    ComparatorValue,
    FigureStatus,
)
from yardstick.measures.services import FigureInput, record_figure
from yardstick.reports.renderers import xlsx as excel
from yardstick.reports.strategic import StrategicReport
from yardstick.scorecards.rows import build_scorecard
from yardstick.scorecards.tests.test_spc_column import word_cells

pytestmark = pytest.mark.django_db

KEY = "2018-19 Q2"
AREAS = {"E09000020": "Kensington", "E09000021": "Kingston", "E09000022": "Lambeth"}


@pytest.fixture
def london(council):
    group = ComparatorGroup.objects.create(organisation=council, code="london", name="London")
    for code, name in AREAS.items():
        ComparatorMember.objects.create(group=group, area_code=code, area_name=name)
    return group


def measure_on(scorecard, officer, number: int, own: str, others, polarity="higher"):
    measure = MeasureFactory(
        organisation=scorecard.organisation, value_type="number", polarity=polarity
    )
    ScorecardEntryFactory(scorecard=scorecard, measure=measure, number=str(number))
    record_figure(
        measure,
        period(scorecard.organisation, KEY),
        FigureInput(Value(Decimal(own), ValueType.NUMBER)),
        officer,
        status=FigureStatus.APPROVED,
    )
    for (code, name), amount in zip(AREAS.items(), others, strict=False):
        ComparatorValue.objects.create(
            measure=measure,
            period_key=KEY,
            area_code=code,
            area_name=name,
            value=Decimal(amount),
            source="LG Inform",
            taken_on=date(2019, 1, 15),
        )
    return measure


def test_the_columns_show_the_median_rank_and_quartile(client, council, team_member, london):
    scorecard = ScorecardFactory(organisation=council, slug="compared", compare_with=london)
    measure_on(scorecard, team_member, 1, "40", ["10", "20", "30"])
    measure_on(scorecard, team_member, 2, "40", ["10", "20", "30"], polarity="lower")
    measure_on(scorecard, team_member, 3, "40", [])
    report = build_scorecard(scorecard, period(council, KEY), board(council.id))
    higher, lower, none = report.rows
    assert higher.benchmark == ("25", "1st of 4", "top quartile")
    assert lower.benchmark == ("25", "4th of 4", "bottom quartile")
    assert none.benchmark == ("", "", "")
    client.force_login(team_member)
    url = reverse("scorecards:detail", args=[scorecard.financial_year, scorecard.slug])
    html = client.get(url + f"?period={KEY}").content.decode()
    assert "Compared with London, Q2 2018/19" in html
    assert "4th of 4" in html and "bottom quartile" in html
    book = Workbook()
    excel.scorecard_sheet(book.active, StrategicReport("Council", report.period, ()), report)
    cells = [cell.value for row in book.active.iter_rows() for cell in row]
    assert "Our rank in London" in cells and "4th of 4" in cells and "top quartile" in cells
    assert word_cells(report) >= {"Our rank in London", "4th of 4", "top quartile", "25"}


def test_without_a_group_there_are_no_columns(client, council, team_member, london):
    scorecard = ScorecardFactory(organisation=council, slug="plain")
    measure_on(scorecard, team_member, 1, "40", ["10", "20", "30"])
    report = build_scorecard(scorecard, period(council, KEY), board(council.id))
    assert report.rows[0].benchmark is None
    client.force_login(team_member)
    url = reverse("scorecards:detail", args=[scorecard.financial_year, scorecard.slug])
    assert "Our rank" not in client.get(url + f"?period={KEY}").content.decode()


def test_the_columns_do_not_query_per_measure(client, council, team_member, london):
    client.force_login(team_member)
    counts = []
    for size in (1, 6):
        scorecard = ScorecardFactory(
            organisation=council, slug=f"compared-{size}", compare_with=london
        )
        for number in range(size):
            measure_on(scorecard, team_member, number, "40", ["10", "20", "30"])
        url = reverse("scorecards:detail", args=[scorecard.financial_year, scorecard.slug])
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url + f"?period={KEY}").content.decode()
        assert html.count("1st of 4") == size
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_another_councils_group_is_refused_and_prints_no_columns(
    council, other_council, team_member
):
    theirs = ComparatorGroup.objects.create(organisation=other_council, code="x", name="Theirs")
    scorecard = ScorecardFactory(organisation=council, slug="theirs", compare_with=theirs)
    with pytest.raises(ValidationError) as refused:
        scorecard.full_clean()
    assert refused.value.message_dict["compare_with"] == [
        "Choose one of this council's comparator groups."
    ]
    measure_on(scorecard, team_member, 1, "40", ["10", "20", "30"])
    report = build_scorecard(scorecard, period(council, KEY), board(council.id))
    assert report.compare_with == ""
    assert report.rows[0].benchmark is None
