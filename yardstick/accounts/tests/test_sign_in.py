"""Signing in with a username and password: Argon2 hashes, failed attempts locked out by
django-axes with the reason on the sign-in page, sessions that end, changing a password."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from yardstick.accounts.models import Role
from yardstick.accounts.tests.conftest import PASSWORD, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(council):
    return person("olu", council, Role.OWNER)


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_signing_in_goes_to_the_overview(client, officer):
    response = sign_in(client, "olu", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("scorecards:overview")
    assert client.session.get_expire_at_browser_close()
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_a_wrong_password_says_so_on_the_sign_in_page(client, officer):
    response = sign_in(client, "olu", "not the password")
    assert response.status_code == 200
    assert "The username or password is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_username_from_that_address_for_30_minutes(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "olu", "guess").status_code == 200
    response = sign_in(client, "olu", "guess")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Signing in is locked for now" in page
    assert "locked for 30 minutes after 5 failed attempts" in page
    assert 'name="username"' in page  # the sign-in page, not a bare error

    locked = sign_in(client, "olu", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_per_username_and_address(client, council, officer):
    person("bea", council, Role.OWNER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "olu", "guess")
    assert sign_in(client, "bea", PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, "olu", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_a_success_clears_the_failures(client, officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "olu", "guess")
    assert sign_in(client, "olu", PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, "olu", "guess").status_code == 200  # counting starts again


def test_tests_can_still_sign_in_with_client_login_and_force_login(client, officer):
    assert client.login(username="olu", password=PASSWORD)
    assert client.get(reverse("scorecards:overview")).status_code == 200
    client.logout()
    client.force_login(officer)
    assert client.get(reverse("scorecards:overview")).status_code == 200


@pytest.fixture
def site_hashers(settings):
    """The site's own password hashers (the tests hash with MD5 elsewhere: conftest.py)."""
    from yardstick import settings as site

    settings.PASSWORD_HASHERS = site.PASSWORD_HASHERS
    assert site.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_new_passwords_are_hashed_with_argon2_and_old_pbkdf2_hashes_still_work(
    client, site_hashers, council
):
    officer = person("olu", council, Role.OWNER)
    assert officer.password.startswith("argon2")
    officer.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    officer.save()
    assert sign_in(client, "olu", PASSWORD).status_code == 302
    officer.refresh_from_db()
    assert officer.password.startswith("argon2")  # upgraded on sign-in


def test_the_sign_in_page_has_no_council_account_button_unless_configured(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with your council account" not in page
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    settings.OIDC_RP_CLIENT_ID = "yardstick"
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with your council account" in page


def test_changing_a_password(client, officer):
    client.force_login(officer)
    url = reverse("password_change")
    assert client.get(url).status_code == 200
    wrong = client.post(
        url, {"old_password": "nope", "new_password1": "x", "new_password2": "x"}
    ).content.decode()
    assert "There is a problem" in wrong
    short = client.post(
        url, {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    ).content.decode()
    assert "at least 12 characters" in short
    new = "a much longer passphrase 2024"
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response["Location"] == reverse("password_change_done")
    officer.refresh_from_db()
    assert officer.check_password(new)


def test_changing_a_password_needs_signing_in(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_someone_who_signs_in_with_their_council_account_is_told_where_to_change_it(
    client, officer
):
    officer.set_unusable_password()
    officer.save()
    client.force_login(officer)
    page = client.get(reverse("password_change")).content.decode()
    assert "Change your password with your council" in page
