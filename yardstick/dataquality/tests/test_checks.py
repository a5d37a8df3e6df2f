"""Figures failing a validation rule, and each measure's data quality statement."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from yardstick.core.quality import Problem
from yardstick.dataquality.queries import choosable_periods, data_quality
from yardstick.dataquality.tests.conftest import TODAY, figure, measure
from yardstick.measures.models import Lifecycle

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


def test_active_measures_missing_a_statement_come_first_saying_what_is_missing(council, q3):
    measure(council, "A1")
    measure(council, "B1", data_source="", collection_method="")
    measure(council, "C1", collection_method="  ")
    measure(council, "R1", data_source="", lifecycle=Lifecycle.RETIRED)
    statements = report_for(council, q3).statements
    assert [(s.measure.code, s.lacking) for s in statements] == [
        ("B1", ("data source", "collection method")),
        ("C1", ("collection method",)),
        ("A1", ()),
    ]


def test_the_page_highlights_missing_statements_in_words_and_anchors_each_measure(
    client, council, q3, team, today
):
    complete = measure(council, "A1", known_issues="Counts lag by a month.")
    lacking = measure(council, "B1", data_source="")
    client.force_login(team)
    html = client.get(reverse("dataquality:page")).content.decode()
    assert "1 of 2 active measures have no complete statement" in html
    rows = re.findall(r'<tr id="statement-(\d+)">(.*?)</tr>', html, re.S)
    assert [int(pk) for pk, _ in rows] == [lacking.pk, complete.pk]
    assert "Missing: data source</strong>" in rows[0][1]
    assert "Not given" in rows[0][1]
    assert "Counts lag by a month." in rows[1][1] and "Complete" in rows[1][1]


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
