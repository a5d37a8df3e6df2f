"""The optional SPC column: what each measure's XmR chart says of the period, worked out by
the measure page's own calculation, on the page and in the Excel workbook."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from tests.factories import MeasureFactory, ScorecardEntryFactory, ScorecardFactory, period
from yardstick.accounts.access import board
from yardstick.core.values import Value, ValueType
from yardstick.measures.models import FigureStatus
from yardstick.measures.services import FigureInput, record_figure
from yardstick.reports.renderers import xlsx as excel
from yardstick.scorecards.rows import build_scorecard

pytestmark = pytest.mark.django_db

QUARTERS = [f"{year}-{str(year + 1)[2:]} Q{q}" for year in range(2014, 2019) for q in (1, 2, 3, 4)]


def with_history(council, scorecard, officer, number: int, values) -> None:
    measure = MeasureFactory(organisation=council, value_type="number", polarity="higher")
    ScorecardEntryFactory(scorecard=scorecard, measure=measure, number=str(number))
    for key, amount in zip(QUARTERS, values, strict=False):
        record_figure(
            measure,
            period(council, key),
            FigureInput(Value(Decimal(amount), ValueType.NUMBER)),
            officer,
            status=FigureStatus.APPROVED,
        )


def word_cells(report) -> set[str]:
    """Every table cell's text in the Word report's pages for `report`'s scorecard."""
    from docx import Document

    from yardstick.reports.renderers import docx as word
    from yardstick.reports.strategic import ThemeSection

    document = Document()
    section = SimpleNamespace(theme=SimpleNamespace(title="Theme"))
    word.add_scorecard(document, cast(ThemeSection, section), report, report.key)
    return {cell.text for table in document.tables for row in table.rows for cell in row.cells}


def test_the_column_says_what_the_measure_page_says(client, council, team_member):
    scorecard = ScorecardFactory(organisation=council, slug="spc", show_spc=True)
    steady = [50, 52, 49, 51, 50, 48, 52, 50, 51, 49, 50, 52, 49, 51, 50, 70]
    with_history(council, scorecard, team_member, 1, steady)
    with_history(council, scorecard, team_member, 2, [10, 12, 11])
    last = period(council, QUARTERS[len(steady) - 1])
    report = build_scorecard(scorecard, last, board(council.id))
    first, short = report.rows
    assert first.spc.startswith("Special cause variation: improving, with higher figures")
    assert short.spc == "Too few figures for SPC icons: 3 of 15"
    client.force_login(team_member)
    page = client.get(reverse("measures:detail", args=[first.code])).content.decode()
    assert "Special cause variation: improving, with higher figures" in page
    url = reverse("scorecards:detail", args=[scorecard.financial_year, scorecard.slug])
    html = client.get(url + f"?period={last.key}").content.decode()
    assert first.spc in html and ">SPC<" in html
    book = Workbook()
    from yardstick.reports.strategic import StrategicReport

    excel.scorecard_sheet(book.active, StrategicReport("Council", last, ()), report)
    cells = [cell.value for row in book.active.iter_rows() for cell in row]
    assert first.spc in cells
    assert word_cells(report) >= {"SPC: what the measure's XmR chart says", first.spc}


def test_without_the_option_there_is_no_column(client, council, team_member):
    scorecard = ScorecardFactory(organisation=council, slug="plain")
    with_history(council, scorecard, team_member, 1, [10, 12, 11])
    report = build_scorecard(scorecard, period(council, QUARTERS[2]), board(council.id))
    assert report.rows[0].spc is None
    client.force_login(team_member)
    url = reverse("scorecards:detail", args=[scorecard.financial_year, scorecard.slug])
    assert ">SPC<" not in client.get(url + f"?period={QUARTERS[2]}").content.decode()


def test_the_column_does_not_query_per_measure(council, team_member):
    counts = []
    for size in (1, 6):
        scorecard = ScorecardFactory(organisation=council, slug=f"spc-{size}", show_spc=True)
        for number in range(size):
            with_history(council, scorecard, team_member, number, [10, 12, 11, 13])
        with CaptureQueriesContext(connection) as captured:
            build_scorecard(scorecard, period(council, QUARTERS[3]), board(council.id))
        counts.append(len(captured))
    assert counts[0] == counts[1]
