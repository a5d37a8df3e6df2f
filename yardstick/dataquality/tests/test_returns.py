"""Completeness and timeliness of returns by directorate and period."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import UnitFactory, period
from yardstick.collection.models import DeadlineRule
from yardstick.dataquality.queries import (
    Returns,
    choosable_periods,
    data_quality,
    default_period,
)
from yardstick.dataquality.tests.conftest import CURRENT, DEADLINE, TODAY, at, figure, measure
from yardstick.framework.models import PeriodStatus
from yardstick.measures.models import FigureStatus, Lifecycle

pytestmark = pytest.mark.django_db


def returns_of(council, quarter):
    report = data_quality(council.id, quarter, choosable_periods(council.id), TODAY)
    return report.returns


def by_label(period_returns) -> dict[str, Returns]:
    return {row.label: row for row in period_returns.rows}


def test_returns_are_counted_on_time_late_and_missing_by_directorate(
    council, q3, resources, people_directorate
):
    on_time = measure(council, "R1", unit=resources)
    late = measure(council, "R2", unit=resources)
    measure(council, "R3", unit=resources)  # nothing at all
    draft = measure(council, "P1", unit=people_directorate)
    on_the_day = measure(council, "P2", unit=people_directorate)
    figure(on_time, q3, "50", submitted=date(2019, 1, 20))
    figure(late, q3, "50", submitted=date(2019, 1, 26))
    figure(draft, q3, "50", status=FigureStatus.DRAFT, entered_at=at(date(2019, 1, 2)))
    figure(on_the_day, q3, "50", status=FigureStatus.APPROVED, submitted=DEADLINE)

    current = returns_of(council, q3)[0]
    rows = by_label(current)
    assert current.period == q3
    assert rows["Resources"] == Returns("Resources", on_time=1, late=1, missing=1)
    assert rows["People"] == Returns("People", on_time=1, missing=1)
    assert current.total == Returns("All directorates", on_time=2, late=1, missing=2)
    assert (current.total.expected, current.total.received) == (5, 3)
    assert [str(p) for p in (current.total.received_percent, current.total.on_time_percent)] == [
        "60.0",
        "40.0",
    ]


def test_a_services_measures_count_for_its_directorate(council, q3, resources, revenues):
    measure(council, "REV1", unit=revenues)
    assert list(by_label(returns_of(council, q3)[0])) == ["Resources"]


def test_measures_with_no_unit_are_grouped_by_partnership_or_as_having_no_directorate(council, q3):
    from yardstick.organisations.models import Partnership

    safer = Partnership.objects.create(organisation=council, name="Safer Harrow", code="SH")
    measure(council, "NI 32", partnership=safer)
    measure(council, "LOOSE")
    assert list(by_label(returns_of(council, q3)[0])) == [
        "No directorate",
        "Safer Harrow (partnership)",
    ]


def test_the_day_submitted_is_the_day_in_london(council, quarters):
    """Q1 2018/19's deadline is 25 July 2018; 00:30 on the 26th in London (summer time) is
    still the 25th in UTC, and is late."""
    q1 = quarters["2018-19 Q1"]
    assert q1.deadline == date(2018, 7, 25)
    just_late = measure(council, "LATE")
    just_in_time = measure(council, "IN")
    figure(just_late, q1, "50", submitted=at(date(2018, 7, 26), hour=0, minute=30))
    figure(just_in_time, q1, "50", submitted=at(date(2018, 7, 25), hour=23, minute=59))
    total = returns_of(council, q1)[0].total
    assert (total.on_time, total.late) == (1, 1)


def test_a_figure_never_submitted_is_timed_by_when_it_was_entered(council, q3):
    imported_early = measure(council, "IMP1")
    imported_late = measure(council, "IMP2")
    figure(imported_early, q3, "50", status=FigureStatus.APPROVED, entered_at=at(date(2019, 1, 3)))
    figure(imported_late, q3, "50", status=FigureStatus.APPROVED, entered_at=at(date(2019, 2, 3)))
    total = returns_of(council, q3)[0].total
    assert (total.on_time, total.late) == (1, 1)


def test_without_a_deadline_received_returns_are_not_judged(council, q3):
    q3.deadline = None
    q3.save()
    figure(measure(council, "M1"), q3, "50", submitted=date(2019, 1, 3))
    total = returns_of(council, q3)[0].total
    assert total == Returns("All directorates", not_judged=1)


def test_quarterly_measures_live_in_the_quarter_are_expected_in_it(council, q3):
    measure(council, "QUARTERLY")
    measure(council, "MONTHLY", frequency="monthly")
    measure(council, "ANNUAL", frequency="annual")
    measure(council, "RETIRED", lifecycle=Lifecycle.RETIRED)
    measure(council, "RETIRED LATER", lifecycle=Lifecycle.RETIRED, retired=date(2019, 2, 1))
    measure(council, "ARCHIVED", lifecycle=Lifecycle.ARCHIVED)
    measure(council, "NEXT YEAR", introduced=date(2019, 4, 1))
    measure(council, "THIS YEAR", introduced=date(2018, 4, 1))
    assert returns_of(council, q3)[0].total.expected == 3


def test_without_its_own_deadline_a_period_uses_its_deadline_rule(council, q3):
    """15 working days after Monday 31 December 2018 is Tuesday 22 January 2019 (New Year's
    Day is a bank holiday in England and Wales)."""
    DeadlineRule.objects.create(organisation=council, frequency="quarterly", working_days_after=15)
    q3.deadline = None
    q3.save()
    figure(measure(council, "M1"), q3, "50", submitted=date(2019, 1, 22))
    figure(measure(council, "M2"), q3, "50", submitted=date(2019, 1, 23))
    current = returns_of(council, q3)[0]
    assert current.deadline == date(2019, 1, 22)
    assert (current.total.on_time, current.total.late) == (1, 1)


def test_the_chosen_quarter_and_the_three_before_it_are_shown_newest_first(council, quarters):
    shown = returns_of(council, quarters[CURRENT])
    assert [r.period.label for r in shown] == [
        "Q3 2018/19",
        "Q2 2018/19",
        "Q1 2018/19",
        "Q4 2017/18",
    ]


def test_nothing_expected_gives_no_percentages(council, q3):
    total = returns_of(council, q3)[0].total
    assert (total.expected, total.received_percent) == (0, None)


def test_the_page_shows_returns_as_tables_with_captions_headers_and_percentages(
    client, council, team, q3, resources, today
):
    figure(measure(council, "R1", unit=resources), q3, "50", submitted=date(2019, 1, 20))
    figure(measure(council, "R2", unit=resources), q3, "50", submitted=date(2019, 1, 27))
    measure(council, "R3", unit=resources)
    client.force_login(team)
    html = client.get(reverse("dataquality:page"), {"period": q3.key}).content.decode()
    assert (
        '<caption id="returns-table-caption">Returns for Q3 2018/19 by directorate '
        "(deadline 25 January 2019)</caption>" in (html)
    )
    row = re.search(r'<tr>\s*<th scope="row">Resources</th>(.*?)</tr>', html, re.S)[1]
    cells = [
        re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    assert cells == ["3", "2 (66.7%)", "1 (33.3%)", "1 (33.3%)", "1 (33.3%)"]
    assert '<th scope="col" class="num">On time</th>' in html


def test_the_latest_open_period_that_has_ended_is_shown_by_default(
    client, council, team, quarters, today
):
    q4 = period(council, "2018-19 Q4")
    assert q4.status == PeriodStatus.OPEN and q4.start < today < q4.end
    client.force_login(team)
    html = client.get(reverse("dataquality:page")).content.decode()
    assert "<h1>Data quality: Q3 2018/19</h1>" in html
    assert '<option value="2018-19 Q3" selected>Q3 2018/19 (open)</option>' in html


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        pytest.param(date(2019, 1, 28), "2018-19 Q3", id="the_latest_open_period_that_has_ended"),
        pytest.param(date(2018, 12, 1), "2018-19 Q4", id="else_the_latest_open_period"),
    ],
)
def test_the_default_period_is_the_coming_boards(council, quarters, on, expected):
    period(council, "2018-19 Q4")
    assert default_period(choosable_periods(council.id), on).key == expected


def test_with_every_period_published_the_latest_is_the_default(council):
    for key in ("2018-19 Q1", "2018-19 Q2"):
        quarter = period(council, key)
        quarter.status = PeriodStatus.PUBLISHED
        quarter.save()
    assert default_period(choosable_periods(council.id), TODAY).key == "2018-19 Q2"
    assert default_period([], TODAY) is None


def test_a_team_with_no_directorate_above_it_counts_under_the_top_of_its_branch(council, q3):
    service = UnitFactory(organisation=council, name="Chief Executive's Office", kind="service")
    team = UnitFactory(organisation=council, name="Policy", kind="team", parent=service)
    measure(council, "POL1", unit=team)
    assert list(by_label(returns_of(council, q3)[0])) == ["Chief Executive's Office"]
