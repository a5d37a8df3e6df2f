"""The data quality page is for the performance team only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, period
from yardstick.accounts.models import Role
from yardstick.dataquality.tests.conftest import CURRENT, figure, measure, person

pytestmark = pytest.mark.django_db
URL = reverse("dataquality:page")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={URL}"


@pytest.mark.parametrize("role", [Role.OWNER, Role.APPROVER, Role.COUNCILLOR, None])
def test_anyone_signed_in_outside_the_performance_team_is_forbidden(client, council, role):
    client.force_login(person(council, "someone", role))
    assert client.get(URL).status_code == 403


def test_the_performance_team_sees_the_page(client, team, q3):
    client.force_login(team)
    response = client.get(URL)
    assert response.status_code == 200
    assert "<h1>Data quality: Q3 2018/19</h1>" in response.content.decode()


def test_the_performance_team_sees_only_its_own_councils_measures(client, council, team, q3):
    measure(council, "OURS")
    elsewhere = OrganisationFactory(name="Elsewhere", slug="elsewhere")
    theirs = measure(elsewhere, "THEIRS")
    figure(theirs, period(elsewhere, CURRENT), "50")
    client.force_login(team)
    html = client.get(URL).content.decode()
    assert "OURS" in html
    assert "THEIRS" not in html


def test_a_period_of_another_council_is_not_found(client, team, q3):
    period(OrganisationFactory(name="Elsewhere", slug="elsewhere"), "2030-31 Q1")
    client.force_login(team)
    assert client.get(URL, {"period": "2030-31 Q1"}).status_code == 404


def test_a_council_with_no_periods_is_told_so(client, team):
    client.force_login(team)
    assert "There are no reporting periods yet." in client.get(URL).content.decode()
