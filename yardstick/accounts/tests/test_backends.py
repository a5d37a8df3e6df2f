"""The signed-in person is read once a request, with their organisation, whichever way they
signed in (a password, or the council's identity provider): every page shows the
organisation (its notice banner, the navigation)."""

from __future__ import annotations

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from yardstick.accounts.backends import PasswordBackend
from yardstick.accounts.oidc import CouncilAccountBackend

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("backend", [PasswordBackend, CouncilAccountBackend])
def test_the_person_comes_with_their_organisation_in_one_query(
    backend, council, django_assert_num_queries
):
    person = UserFactory(organisation=council)
    with django_assert_num_queries(1):
        found = backend().get_user(person.pk)
        assert found == person
        assert found.organisation.name == council.name


@pytest.mark.parametrize("backend", [PasswordBackend, CouncilAccountBackend])
def test_a_switched_off_or_removed_account_is_nobody(backend, council):
    person = UserFactory(organisation=council, is_active=False)
    assert backend().get_user(person.pk) is None
    assert backend().get_user(person.pk + 1000) is None


def test_a_signed_in_page_reads_the_organisation_with_the_person(client, council):
    person = UserFactory(organisation=council)
    client.force_login(person)
    assert client.session[BACKEND_SESSION_KEY] == "yardstick.accounts.backends.PasswordBackend"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("password_change"))
    assert response.status_code == 200
    assert response.context["current_organisation"] == council
    read = [query["sql"] for query in captured.captured_queries]
    assert [
        sql for sql in read if 'FROM "accounts_user"' in sql and "organisations_organisation" in sql
    ]
    assert not [sql for sql in read if 'FROM "organisations_organisation"' in sql]
