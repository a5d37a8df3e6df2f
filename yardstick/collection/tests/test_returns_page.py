"""My returns: every figure a person must enter for periods that have ended and are not
published, with the due date, last period's figure, the target and the rating so far."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory, core_rating, period
from yardstick.accounts.access import access_for
from yardstick.collection import views
from yardstick.collection.queries import ReturnState, returns_for
from yardstick.collection.services import publish_period
from yardstick.collection.tests.conftest import AS_OF, DEADLINE, add_measure, percent
from yardstick.measures.models import FigureStatus
from yardstick.measures.services import record_figure

pytestmark = pytest.mark.django_db

URL = reverse("collection:returns")


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(views, "_today", lambda: AS_OF)


def test_an_owner_sees_the_figure_due_with_its_deadline_last_figure_and_target(
    client, officer, measure, q2
):
    client.force_login(officer)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "RES 1 Invoices paid in 30 days" in html
    assert reverse("collection:entry", args=[measure.pk, q2.pk]) in html
    assert "19 Oct 2018" in html
    assert "78%" in html and "Q1 2018/19" in html  # last period's figure
    assert "75%" in html  # the target
    assert "Not started" in html


def test_returns_are_overdue_after_the_deadline(officer, measure, q2):
    (item,) = returns_for(access_for(officer), date(2018, 10, 25))
    assert item.due == DEADLINE
    assert item.overdue and item.days_overdue == 6
    (item,) = returns_for(access_for(officer), DEADLINE)
    assert not item.overdue


def test_the_rating_so_far_is_the_one_the_core_gives(officer, measure, q2):
    record_figure(measure, q2, percent("70"), officer)
    (item,) = returns_for(access_for(officer), AS_OF)
    expected = core_rating(measure, q2)
    assert item.state == ReturnState.DRAFT
    assert item.cell.band == expected.band
    assert item.cell.reason == expected.reason


def test_an_owner_does_not_see_another_directorates_measures(
    client, officer, outsider, measure, people_measure
):
    client.force_login(officer)
    html = client.get(URL).content.decode()
    assert "RES 1" in html
    assert "PEO 1" not in html


def test_a_named_owner_without_a_unit_role_sees_their_measure(
    council, people, q1, q2, quarterly_rule
):
    named = UserFactory(username="nadia", organisation=council)
    add_measure(council, people, named, q1, q2, code="PEO 9")
    items = returns_for(access_for(named), AS_OF)
    assert [(item.measure.code, item.period.key, item.state) for item in items] == [
        ("PEO 9", q2.key, ReturnState.NOT_STARTED),
        ("PEO 9", q1.key, ReturnState.APPROVED),  # Q1 is open too: signed off, listed last
    ]


def test_published_periods_and_periods_not_ended_are_not_due(council, officer, measure, q1, q2):
    period(council, "2018-19 Q3")  # ends 31 December 2018, after AS_OF
    items = returns_for(access_for(officer), AS_OF)
    assert [(item.measure.code, item.period.key) for item in items] == [("RES 1", q2.key)]


def test_submitted_and_signed_off_figures_are_listed_apart(
    client, council, resources, officer, measure, q1, q2
):
    second = add_measure(council, resources, officer, q1, q2, code="RES 2")
    record_figure(measure, q2, percent("80"), officer, status=FigureStatus.SUBMITTED)
    record_figure(second, q2, percent("80"), officer, status=FigureStatus.APPROVED)
    client.force_login(officer)
    response = client.get(URL)
    assert [item.measure.code for item in response.context["to_do"]] == []
    assert [item.measure.code for item in response.context["waiting"]] == ["RES 1"]
    assert [item.measure.code for item in response.context["done"]] == ["RES 2"]


def test_the_public_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_the_returns_page_queries_do_not_grow_with_the_number_of_measures(
    client, council, resources, officer, measure, q1, q2
):
    client.force_login(officer)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for number in range(2, 22):
        extra = add_measure(council, resources, officer, q1, q2, code=f"RES {number}")
        record_figure(extra, q2, percent("70", commentary="Late"), officer)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(response.context["to_do"]) == 21
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]


def test_a_period_published_without_my_figures_is_named_with_them(
    client, officer, measure, q1, q2, performance_officer
):
    client.force_login(officer)
    assert "was published without" not in client.get(URL).content.decode()  # Q1 had it
    publish_period(q2, performance_officer)
    html = client.get(URL).content.decode()
    assert "Q2 2018/19 was published without 1 of your figure" in html
    assert "RES 1 Invoices paid in 30 days" in html
    assert "Nothing to enter" in html  # nothing due now; the missed one is said above
