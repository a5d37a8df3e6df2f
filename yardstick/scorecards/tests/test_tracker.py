"""The monthly tracker layout: a scorecard of monthly measures shows each measure's figure in
each of the last months, then the rating and trend of the period the board reviews (the
quarter made from its months, the rating every other output shows), and the narrative; the
page, the Word document and the workbook agree."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import Workbook

from tests.factories import ScorecardEntryFactory, ScorecardFactory, UserFactory, period
from yardstick.accounts.access import board
from yardstick.accounts.models import Membership, Role
from yardstick.core.targets import Target, TargetKind
from yardstick.measures.services import set_target
from yardstick.measures.shown import shown_ratings
from yardstick.measures.tests.test_rollup import count, enter, monthly
from yardstick.reports.renderers import docx as word
from yardstick.reports.renderers import xlsx as excel
from yardstick.reports.renderers.common import rating_text
from yardstick.scorecards.models import ScorecardLayout
from yardstick.scorecards.rows import build_scorecard

pytestmark = pytest.mark.django_db

MONTHS = ("2018-06", "2018-07", "2018-08", "2018-09")


@pytest.fixture
def team(council):
    user = UserFactory(username="perf", organisation=council)
    Membership.objects.create(user=user, organisation=council, role=Role.PERFORMANCE_TEAM)
    return user


def tracker_of(council, team, measures: int, months: int = 4):
    scorecard = ScorecardFactory(
        organisation=council,
        slug=f"tracker-{measures}",
        title="Monthly tracker",
        layout=ScorecardLayout.TRACKER,
        tracker_months=months,
    )
    made = []
    for number in range(measures):
        measure = monthly(council, title=f"Missed collections {number}")
        ScorecardEntryFactory(scorecard=scorecard, measure=measure, number=str(number + 1))
        for offset, key in enumerate(MONTHS):
            enter(measure, key, count(str(10 + offset + number)), team, commentary=f"Said {key}")
            set_target(measure, period(council, key), Target(TargetKind.VALUE, value=D(12)), team)
        made.append(measure)
    period(council, "2018-19 Q2")  # the quarter the council reports, open
    return scorecard, made


def test_the_tracker_shows_the_last_months_and_the_quarters_rating(council, team):
    scorecard, (measure,) = tracker_of(council, team, 1)
    q2 = period(council, "2018-19 Q2")
    report = build_scorecard(scorecard, q2, board(council.id))
    assert report.is_tracker
    assert report.months == ("June 2018", "July 2018", "August 2018", "September 2018")
    (row,) = report.rows
    assert [cell.actual for cell in row.months] == ["10", "11", "12", "13"]
    shown = shown_ratings([measure], [q2], board(council.id))[(measure.id, q2.id)]
    assert row.current.actual == shown.actual == "36"  # July to September, summed
    assert row.current.band == shown.band
    assert row.commentary == "Said 2018-09"
    assert report.narrative == (row,)


def test_a_tracker_of_two_months_and_a_month_never_opened(council, team):
    scorecard, _ = tracker_of(council, team, 1, months=2)
    q3 = period(council, "2018-19 Q3")  # October to December: never opened
    report = build_scorecard(scorecard, q3, board(council.id))
    assert report.months == ("November 2018", "December 2018")
    assert [cell.actual for cell in report.rows[0].months] == ["", ""]


def test_the_page_draws_the_tracker(client, council, team):
    scorecard, _ = tracker_of(council, team, 2)
    client.force_login(team)
    url = reverse("scorecards:detail", args=[scorecard.financial_year, scorecard.slug])
    html = client.get(url + "?period=2018-19+Q2").content.decode()
    assert "tracker-table" in html
    for label in ("June 2018", "September 2018", "Q2 2018/19 rating", "What the figures say"):
        assert label in html
    assert "Said 2018-09" in html


def test_the_pages_queries_do_not_grow_with_the_measures(client, council, team):
    small, _ = tracker_of(council, team, 1)
    large, _ = tracker_of(council, team, 6)
    client.force_login(team)
    counts = []
    for scorecard in (small, large):
        url = reverse("scorecards:detail", args=[scorecard.financial_year, scorecard.slug])
        client.get(url + "?period=2018-19+Q2")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url + "?period=2018-19+Q2").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_word_and_excel_print_what_the_page_shows(council, team):
    scorecard, _ = tracker_of(council, team, 2)
    report = build_scorecard(scorecard, period(council, "2018-19 Q2"), board(council.id))
    document = Document()
    word.add_tracker(document, report)
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells][3:] == [
        "June 2018",
        "July 2018",
        "August 2018",
        "September 2018",
        "Q2 2018/19 rating",
        "Trend",
    ]
    assert [cell.text for cell in table.rows[1].cells][3:7] == ["10", "11", "12", "13"]
    assert "What the figures say" in [p.text for p in document.paragraphs]
    book = Workbook()
    excel.tracker_sheet(book.active, report)
    sheet = book.active
    header = [cell.value for cell in sheet[excel.HEADER_ROW]]
    assert header[3:8] == [*report.months, "Q2 2018/19 rating"]
    values = [cell.value for cell in sheet[excel.HEADER_ROW + 1]]
    assert values[3:7] == [10, 11, 12, 13]  # numbers, as the page's figures
    assert values[7] == rating_text(report.rows[0].current) == "LG Low Green"  # 36: on target
    buffer = io.BytesIO()
    book.save(buffer)
    assert buffer.getvalue()[:2] == b"PK"
