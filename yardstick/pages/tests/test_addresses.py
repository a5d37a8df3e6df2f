"""The navigation's addresses (`{% address %}`, reversed once a process) are what `{% url %}`
gives: for every page base.html links to, under the script prefix a server is mounted under,
and on the pages rendered with no request at all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BASE = Path(settings.BASE_DIR) / "templates" / "base.html"


def linked_names() -> list[str]:
    return re.findall(r"\{% address '([a-z_:]+)' %\}", BASE.read_text(encoding="utf-8"))


def test_base_links_by_address_only_and_to_every_part_of_the_site():
    names = linked_names()
    assert "{% url " not in BASE.read_text(encoding="utf-8")
    assert {"pages:home", "scorecards:overview", "login", "logout", "admin:index"} <= set(names)


@pytest.mark.parametrize("prefix", ["/", "/performance/"])
def test_each_address_is_what_url_gives(prefix):
    try:
        set_script_prefix(prefix)
        for name in linked_names():
            both = Template(
                "{% load addresses %}{% address '" + name + "' %} {% url '" + name + "' %}"
            ).render(Context())
            given, expected = both.split(" ")
            assert given == expected == reverse(name), name
            assert given.startswith(prefix)
    finally:
        set_script_prefix("/")


def test_a_server_mounted_under_a_prefix_links_under_it(client, council):
    # The WSGI handler sets the prefix from SCRIPT_NAME; the test client's handler does not,
    # so it is set here as the server would.
    client.force_login(UserFactory(organisation=council))
    try:
        client.get("/no-such-page/")  # the addresses kept for "/" first
        set_script_prefix("/performance/")
        body = client.get("/no-such-page/").content.decode()
        assert 'action="/performance/accounts/logout/"' in body
        set_script_prefix("/")
        body = client.get("/no-such-page/").content.decode()
        assert 'action="/accounts/logout/"' in body
    finally:
        set_script_prefix("/")


def test_a_page_rendered_without_a_request_still_links_to_sign_in(client):
    response = client.get("/", headers={"Host": "elsewhere.example"})
    assert response.status_code == 400
    body = response.content.decode()
    assert f'<a href="{reverse("login")}">Sign in</a>' in body
    assert f'<a class="site-name" href="{reverse("pages:home")}">' in body
