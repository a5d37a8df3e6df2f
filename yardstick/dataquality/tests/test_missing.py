"""Missing data for the coming board: every measure expected in the period with no figure,
only a draft, or a figure that is a missing state, with its owner, directorate and deadline."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from yardstick.dataquality.queries import choosable_periods, data_quality
from yardstick.dataquality.tests.conftest import TODAY, figure, measure
from yardstick.measures.models import FigureStatus

pytestmark = pytest.mark.django_db


def missing_of(council, quarter, today=TODAY):
    return data_quality(council.id, quarter, choosable_periods(council.id), today).missing


def test_measures_with_no_figure_a_draft_or_a_missing_state_are_listed_with_why(
    council, q3, resources, officer
):
    measure(council, "NI 152", unit=resources, owner=officer)
    figure(measure(council, "NI 123", unit=resources), q3, "21", status=FigureStatus.DRAFT)
    figure(
        measure(council, "NI 32", unit=resources),
        q3,
        None,
        missing_state="not_available",
        note="Data not currently available",
    )
    figure(measure(council, "NI 140", unit=resources), q3, None)  # submitted, but empty
    figure(measure(council, "NI 155", unit=resources), q3, "50")
    figure(measure(council, "NI 156", unit=resources), q3, "50", status=FigureStatus.PUBLISHED)

    listed = {row.measure.code: row for row in missing_of(council, q3)}
    assert {code: row.why for code, row in listed.items()} == {
        "NI 123": "Draft only, not submitted",
        "NI 140": "No figure",
        "NI 152": "No figure",
        "NI 32": "Not available (Data not currently available)",
    }
    row = listed["NI 152"]
    assert (row.owner, row.directorate, row.deadline, row.overdue) == (
        "Olu Owens",
        "Resources",
        date(2019, 1, 25),
        True,
    )
    assert listed["NI 123"].owner == "No owner"


def test_nothing_is_overdue_before_the_deadline(council, q3):
    measure(council, "NI 152")
    [row] = missing_of(council, q3, today=date(2019, 1, 25))
    assert not row.overdue


def test_measures_reporting_in_other_kinds_of_period_are_not_listed(council, q3):
    measure(council, "MONTHLY", frequency="monthly")
    measure(council, "ANNUAL", frequency="annual")
    assert missing_of(council, q3) == ()


def test_the_page_lists_missing_data_like_the_partnership_report(
    client, council, team, q3, resources, officer, today
):
    measure(council, "NI 152", unit=resources, owner=officer)
    figure(measure(council, "NI 155", unit=resources), q3, "50")
    client.force_login(team)
    html = client.get(reverse("dataquality:page")).content.decode()
    assert (
        "We currently do not have data for the following indicators to complete the"
        " Q3 2018/19 scorecard." in html
    )
    table = re.search(
        r"<caption[^>]*>Measures with no figure for Q3 2018/19</caption>(.*?)</table>", html, re.S
    )[1]
    assert re.findall(r'<th scope="row"><a [^>]*>(.*?)</a></th>', table) == [
        "NI 152 Measure NI 152"
    ]
    assert '25 January 2019 <strong class="tag">Overdue</strong>' in table
    assert "Olu Owens" in table


def test_the_page_says_when_nothing_is_missing(client, council, team, q3, today):
    figure(measure(council, "NI 155"), q3, "50")
    client.force_login(team)
    html = client.get(reverse("dataquality:page")).content.decode()
    assert "Every measure expected for Q3 2018/19 has a figure." in html
