"""Yardstick's own error pages: 400, 403 (and the form-expired 403), 404 in the site's layout;
the 500 page standalone, so it renders when the database or a context processor fails,
and as plain HTML if even its template fails."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LAYOUT = ('<a class="skip-link" href="#main">', '<header class="site-header">', "<footer")


def assert_in_layout(body: str) -> None:
    for part in LAYOUT:
        assert part in body


def test_page_not_found_is_the_sites_own_in_its_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<title>Page not found – Yardstick</title>" in body
    assert "<h1>Page not found</h1>" in body
    assert_in_layout(body)


def test_a_request_for_another_host_gets_the_sites_400_page(client):
    response = client.get("/", headers={"Host": "elsewhere.example"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "<h1>Request not understood</h1>" in body
    assert_in_layout(body)


def test_an_expired_form_gets_a_403_page_saying_what_to_do():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "<h1>Your form could not be sent</h1>" in body
    assert "reload the page and send the form again" in body
    assert_in_layout(body)


def test_forbidden_is_the_sites_own_403_page(client):
    client.force_login(UserFactory(organisation=None))
    response = client.get("/reports/")  # an account with no organisation may not read them
    assert response.status_code == 403
    body = response.content.decode()
    assert "<h1>You cannot see this page</h1>" in body
    assert_in_layout(body)


def failing_client() -> Client:
    return Client(raise_request_exception=False)


def test_the_500_page_renders_when_the_database_is_down():
    with mock.patch(
        "yardstick.pages.views.Organisation.objects.all", side_effect=OperationalError("down")
    ):
        response = failing_client().get("/", headers={"X-Request-ID": "abcdef0123456789"})
    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>Sorry, there is a problem with the service</h1>" in body
    assert "abcdef0123456789" in body
    assert 'href="/static/yardstick.css"' in body
    assert_in_layout(body)


def test_the_500_page_renders_when_a_context_processor_fails():
    browser = failing_client()
    browser.force_login(UserFactory())
    with mock.patch(
        "yardstick.accounts.context_processors.access_for",
        side_effect=RuntimeError("broken context processor"),
    ):
        response = browser.get("/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_the_500_page_falls_back_to_plain_html_when_its_own_template_fails():
    with (
        mock.patch(
            "yardstick.pages.views.Organisation.objects.all", side_effect=RuntimeError("boom")
        ),
        mock.patch("yardstick.pages.views.loader.get_template", side_effect=ValueError("no")),
    ):
        response = failing_client().get("/", headers={"X-Request-ID": "abcdef0123456789"})
    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>Sorry, there is a problem with the service</h1>" in body
    assert "<p>Reference: abcdef0123456789</p>" in body
