"""Figures failing a validation rule, and each measure's data quality statement."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from yardstick.core.quality import Problem
from yardstick.core.statements import Dimension
from yardstick.dataquality.queries import choosable_periods, data_quality
from yardstick.dataquality.tests.conftest import TODAY, at, figure, measure
from yardstick.measures.models import Lifecycle
from yardstick.measures.statement_services import (
    StatementInput,
    save_statement,
    sign_off_statement,
)

pytestmark = pytest.mark.django_db


def report_for(council, quarter):
    return data_quality(council.id, quarter, choosable_periods(council.id), TODAY)


def test_figures_of_the_period_failing_a_validation_rule_are_listed_with_the_problems(council, q3):
    figure(measure(council, "PCT"), q3, "104")
    figure(measure(council, "FINE"), q3, "38.7", numerator=Decimal(53), denominator=Decimal(137))
    figure(measure(council, "CAPPED", value_type="number", maximum=Decimal(10)), q3, "12")
    [capped, percentage] = sorted(report_for(council, q3).invalid, key=lambda r: r.measure.code)
    assert percentage.problems == (
        Problem("value", "A percentage must be between 0 and 100; 104 is above 100."),
    )
    assert capped.problems == (
        Problem("value", "A figure for this measure cannot be above 10; 12 is above 10."),
    )


def test_a_figure_stored_with_six_padding_places_is_judged_on_its_own_digits(council, q3):
    """The database keeps 38.700000; 53/137 is 38.686...%, which agrees with 38.7."""
    figure(measure(council, "PAD"), q3, "38.700000", numerator=53, denominator=137)
    assert report_for(council, q3).invalid == ()


def signed(measure, owner, risk="low", review=date(2019, 6, 30), when=date(2018, 7, 1)):
    """A statement signed off by `owner` on `when`, with its review due on `review`."""
    texts = {d.value: "Checked." for d in Dimension}
    moment = at(when)
    save_statement(measure, StatementInput(texts, {}, risk, review), owner, when=moment)
    return sign_off_statement(measure, owner, when=moment)


def test_statements_listed_none_first_then_overdue_with_high_risk_counted(council, q3, officer):
    none = measure(council, "A1", owner=officer)
    draft_only = measure(council, "B1", owner=officer)
    save_statement(draft_only, StatementInput({}, {}, "", None), officer)
    overdue = measure(council, "C1", owner=officer)
    signed(overdue, officer, risk="high", review=date(2019, 1, 27))  # the day before TODAY
    due_today = measure(council, "D1", owner=officer)
    signed(due_today, officer, review=TODAY)  # due today: not yet overdue
    measure(council, "R1", lifecycle=Lifecycle.RETIRED)
    report = report_for(council, q3)
    assert [(s.measure.code, s.has_draft, s.overdue) for s in report.statements] == [
        ("A1", False, False),
        ("B1", True, False),
        ("C1", False, True),
        ("D1", False, False),
    ]
    assert [s.measure for s in report.without_statement] == [none, draft_only]
    assert [s.measure for s in report.reviews_overdue] == [overdue]
    assert [s.measure for s in report.high_risk] == [overdue]


def test_the_page_counts_link_to_each_list_of_statements(client, council, q3, team, officer, today):
    lacking = measure(council, "A1", owner=officer)
    overdue = measure(council, "C1", owner=officer)
    signed(overdue, officer, risk="high", review=date(2018, 12, 31))
    client.force_login(team)
    html = client.get(reverse("dataquality:page")).content.decode()
    assert '<a href="#no-statement">1 with no statement signed off</a>' in html
    assert '<a href="#review-overdue">1 with a review overdue</a>' in html
    assert '<a href="#high-risk">1 rated high risk</a>' in html
    assert re.search(rf'<tr id="no-statement-{lacking.pk}">.*?A1 Measure A1', html, re.S)
    row = re.search(rf'<tr id="review-overdue-{overdue.pk}">(.*?)</tr>', html, re.S).group(1)
    assert "31 December 2018" in row and "High" in row
    assert f'id="high-risk-{overdue.pk}"' in html


def test_a_figure_with_recorded_decimals_is_judged_to_those_places(council, q3):
    """Recorded to no places, 53/137 should be printed 39%: 37 is two units off."""
    figure(measure(council, "DEC"), q3, "37", numerator=53, denominator=137, decimals=0)
    [row] = report_for(council, q3).invalid
    assert row.printed == "37% (53/137)"
    assert row.problems == (
        Problem(
            "value",
            "53 out of 137 is 39%, not 37: check the figure and its numerator and denominator.",
        ),
    )
