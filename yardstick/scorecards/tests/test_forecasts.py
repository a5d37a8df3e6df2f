"""Year-end forecasts in the app: the owner's forecast at the import door (the same rule as
the form's), the measure page and the entry page showing the calculated forecasts and the
owner's side by side, and the optional Forecast column of a scorecard, in every format and in
a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import Workbook

from tests.factories import MeasureFactory, ScorecardEntryFactory, ScorecardFactory, period
from tests.outputs import pdf_pages
from yardstick.accounts.access import board
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.imports.services import import_file
from yardstick.measures.forecasts import year_end_forecasts
from yardstick.measures.models import Figure, FigureStatus
from yardstick.measures.rules import FigureInput, figure_problems
from yardstick.measures.services import TargetRow, record_figure, set_targets
from yardstick.reports.renderers import docx as word
from yardstick.reports.renderers import pdf
from yardstick.reports.renderers import xlsx as excel
from yardstick.reports.strategic import StrategicReport, ThemeSection, scorecard_document
from yardstick.scorecards.rows import build_scorecard

pytestmark = pytest.mark.django_db

LAST_YEAR = {"2017-18 Q2": "500", "2017-18 Q4": "1100"}


def cumulative(council, team_member, code: str, q2: str = "600", year_target: str = "1000"):
    """A cumulative count of money with last year's Q2 and outturn, this year's Q2 and a
    target for the year."""
    measure = MeasureFactory(
        organisation=council,
        code=code,
        value_type="currency",
        polarity="higher",
        collection_type="cumulative",
    )
    for key, amount in {**LAST_YEAR, "2018-19 Q2": q2}.items():
        record_figure(
            measure,
            period(council, key),
            FigureInput(Value(Decimal(amount), ValueType.CURRENCY)),
            team_member,
            status=FigureStatus.APPROVED,
        )
    year = period(council, "FY 2018-19")
    target = Target(TargetKind.VALUE, value=Decimal(year_target))
    set_targets([TargetRow(measure, year, target)], team_member, reason="Set for the year")
    return measure


def test_the_forecasts_of_a_cumulative_measure(council, team_member):
    measure = cumulative(council, team_member, "CT1")
    plain = MeasureFactory(organisation=council, value_type="number")
    q2 = period(council, "2018-19 Q2")
    found = year_end_forecasts([measure, plain], q2, board(council.id))
    assert found[plain.id] is None
    year_end = found[measure.id]
    assert year_end.year_target == "£1,000"
    assert year_end.run_rate.explanation == (
        "£1,200 by March at the run rate of the first two quarters"
    )
    assert year_end.run_rate_rating.band.value == "HG"
    assert year_end.profile.value.amount == Decimal(1320)  # 600 x 1100 / 500
    assert year_end.summary == (
        "Run rate to date: £1,200 (★ HG High Green); "
        "Last year's profile of the year: £1,320 (★ HG High Green)"
    )


def test_the_owner_s_forecast_needs_its_reason_at_every_door(council, team_member):
    measure = cumulative(council, team_member, "CT2")
    q2 = period(council, "2018-19 Q2")
    entry = FigureInput(
        Value(Decimal(600), ValueType.CURRENCY), forecast=Value(Decimal(900), ValueType.CURRENCY)
    )
    (rule,) = figure_problems(measure, q2, entry, q2.end)
    result = import_file(
        council,
        "figures",
        b"measure,period,actual,forecast\nCT2,2018-19 Q2,600,900\n",
        "figures.csv",
        team_member,
    )
    (problem,) = result.changes.sorted_problems()
    assert problem.column == "forecast_reason"
    assert problem.message == rule.message.rstrip(".")
    assert Figure.objects.get(measure=measure, period=q2).forecast is None  # nothing saved
    unreadable = import_file(
        council,
        "figures",
        b"measure,period,actual,forecast,forecast_reason\nCT2,2018-19 Q2,600,-,Why\n",
        "figures.csv",
        team_member,
    )
    assert unreadable.changes.sorted_problems()[0].column == "forecast"
    import_file(
        council,
        "figures",
        b"measure,period,actual,forecast,forecast_reason\n"
        b"CT2,2018-19 Q2,600,900,A large grant ends in December\n",
        "figures.csv",
        team_member,
    )
    figure = Figure.objects.get(measure=measure, period=q2)
    assert figure.forecast == Decimal(900)
    assert figure.history.first().forecast_reason == "A large grant ends in December"
    # A file without the forecast columns leaves the forecast as it is.
    import_file(
        council,
        "figures",
        b"measure,period,actual\nCT2,2018-19 Q2,650\n",
        "figures.csv",
        team_member,
    )
    assert Figure.objects.get(measure=measure, period=q2).forecast == Decimal(900)


def test_the_measure_page_shows_both_forecasts_and_the_owner_s(client, council, team_member):
    measure = cumulative(council, team_member, "CT3")
    q2 = period(council, "2018-19 Q2")
    figure = Figure.objects.get(measure=measure, period=q2)
    figure.forecast, figure.forecast_reason = Decimal(950), "The council tax base shrank."
    figure.save()
    client.force_login(team_member)
    page = client.get(reverse("measures:detail", args=["CT3"])).content.decode()
    assert "Year-end forecast, 2018/19" in page
    assert "£1,200 by March at the run rate of the first two quarters" in page
    assert "Run rate to date" in page and "Last year&#x27;s profile of the year" in page
    assert "Owner&#x27;s forecast" in page and "£950" in page
    assert "The owner&#x27;s reason: The council tax base shrank." in page


def test_the_entry_page_shows_the_forecast_as_the_owner_types(client, council, team_member):
    measure = cumulative(council, team_member, "CT4")
    q3 = period(council, "2018-19 Q3")
    client.force_login(team_member)
    page = client.get(reverse("collection:entry", args=[measure.pk, q3.pk])).content.decode()
    assert "Your year-end forecast" in page and "No figure to date: no forecast" in page
    typed = {"value": "£900", "version": "0", "forecast": "", "forecast_reason": ""}
    fragment = client.post(
        reverse("collection:preview", args=[measure.pk, q3.pk]), typed
    ).content.decode()
    assert 'id="forecast-preview" hx-swap-oob="true"' in fragment
    assert "£1,200 by March at the run rate of the first three quarters" in fragment
    plain = MeasureFactory(organisation=council, value_type="number")
    other = client.get(reverse("collection:entry", args=[plain.pk, q3.pk])).content.decode()
    assert "Your year-end forecast" not in other


def word_cells(report) -> set[str]:
    document = Document()
    section = SimpleNamespace(theme=SimpleNamespace(title="Theme"))
    word.add_scorecard(document, cast(ThemeSection, section), report, report.key)
    return {cell.text for table in document.tables for row in table.rows for cell in row.cells}


def test_the_forecast_column_on_screen_and_in_every_document(client, council, team_member):
    scorecard = ScorecardFactory(organisation=council, slug="forecast", show_forecast=True)
    measure = cumulative(council, team_member, "CT5")
    ScorecardEntryFactory(scorecard=scorecard, measure=measure, number="1")
    plain = MeasureFactory(organisation=council, value_type="number")
    ScorecardEntryFactory(scorecard=scorecard, measure=plain, number="2")
    q2 = period(council, "2018-19 Q2")
    report = build_scorecard(scorecard, q2, board(council.id))
    first, second = report.rows
    assert first.forecast.startswith("Run rate to date: £1,200 (★ HG High Green)")
    assert second.forecast == ""
    client.force_login(team_member)
    url = reverse("scorecards:detail", args=[scorecard.financial_year, scorecard.slug])
    html = client.get(url + f"?period={q2.key}").content.decode()
    assert ">Forecast<" in html and "Run rate to date: £1,200" in html
    book = Workbook()
    excel.scorecard_sheet(book.active, StrategicReport("Council", q2, ()), report)
    cells = [cell.value for row in book.active.iter_rows() for cell in row]
    assert first.forecast in cells
    assert word_cells(report) >= {"Forecast: the year end, against the year's target"}
    assert first.forecast in word_cells(report)
    scorecard.show_forecast = False
    scorecard.save()
    assert build_scorecard(scorecard, q2, board(council.id)).rows[0].forecast is None
    assert ">Forecast<" not in client.get(url + f"?period={q2.key}").content.decode()


def test_the_forecast_column_does_not_query_per_measure(council, team_member):
    counts = []
    for size in (1, 5):
        scorecard = ScorecardFactory(organisation=council, slug=f"f-{size}", show_forecast=True)
        for number in range(size):
            measure = cumulative(council, team_member, f"S{size}-{number}")
            ScorecardEntryFactory(scorecard=scorecard, measure=measure, number=str(number))
        with CaptureQueriesContext(connection) as captured:
            build_scorecard(scorecard, period(council, "2018-19 Q2"), board(council.id))
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_optional_columns_keep_the_printed_scorecard_on_its_page(council, team_member):
    """A scorecard with the Forecast and SPC columns prints within the landscape page's
    margins, every column wide enough for its heading: the fixed columns give them room
    (the table's rp-extra-cols in _print.css)."""
    scorecard = ScorecardFactory(
        organisation=council, slug="wide", show_forecast=True, show_spc=True
    )
    for number in range(3):
        measure = cumulative(council, team_member, f"W{number}")
        ScorecardEntryFactory(scorecard=scorecard, measure=measure, number=str(number + 1))
    report = build_scorecard(scorecard, period(council, "2018-19 Q2"), board(council.id))
    pages = pdf_pages(pdf.render(scorecard_document(report, include_reasons=False)))
    (words,) = [page for page in pages if any(word.text == "Forecast" for word in page)]
    right_margin = 842 - 12 * 72 / 25.4  # A4 landscape, 12mm
    heads = {word.text: word for word in words if word.text in {"Trend", "Notes", "Forecast"}}
    # The rows (the headings carry words for screen readers only, clipped where they fall)
    rows = [word for word in words if word.y_min > heads["Forecast"].y_max]
    assert any(word.text == "Run" for word in rows)
    assert [word.text for word in rows if word.x_max > right_margin + 1] == []
    assert heads["Trend"].x_max < heads["Notes"].x_min < heads["Notes"].x_max
    assert heads["Notes"].x_max < heads["Forecast"].x_min
