"""A NUL character in an address, a query or a form is a bad request on every page: PostgreSQL
cannot hold one in text, so a lookup with one answered 500."""

from __future__ import annotations

import pytest

from tests.factories import MeasureFactory, UserFactory
from yardstick.accounts.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_client(client, council):
    user = UserFactory(username="priya", organisation=council, is_staff=True, is_superuser=True)
    Membership.objects.create(user=user, organisation=council, role=Role.PERFORMANCE_TEAM)
    MeasureFactory(organisation=council, code="PCT")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/measures/%00/", {}),
        ("/measures/PCT%00/", {}),
        ("/admin/measures/measure/", {"q": "P\x00"}),
        ("/admin/measures/figure/", {"status__exact": "\x00"}),
        ("/reports/", {"organisation": "\x00"}),
        ("/overview/", {"period": ["2018-19 Q1", "\x00"]}),
    ],
)
def test_a_nul_in_an_address_or_query_is_a_bad_request(team_client, path, query):
    assert team_client.get(path, query).status_code == 400


def test_a_nul_in_a_form_is_a_bad_request(team_client):
    response = team_client.post("/imports/", {"organisation": "fuzz\x00", "kind": "figures"})
    assert response.status_code == 400


def test_a_page_without_one_answers_as_before(team_client):
    assert team_client.get("/measures/PCT/").status_code == 200
    assert team_client.get("/admin/measures/measure/", {"q": "P"}).status_code == 200
