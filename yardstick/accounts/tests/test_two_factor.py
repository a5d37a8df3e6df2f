"""Two-factor sign-in: the performance team cannot sign in without a code from an
authenticator app (or a recovery code); others may turn it on; a half-signed-in session
reaches no page; the council's identity provider is left to ask for its own."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from yardstick.accounts import two_factor
from yardstick.accounts.models import Role
from yardstick.accounts.tests.conftest import PASSWORD, person

pytestmark = pytest.mark.django_db
OVERVIEW = reverse("scorecards:overview")


@pytest.fixture
def team_member(council):
    return person("pat", council, Role.PERFORMANCE_TEAM)


@pytest.fixture
def officer(council):
    return person("olu", council, Role.OWNER)


def sign_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def code_of(device, drift: int = 0) -> str:
    return f"{totp(device.bin_key, drift=drift):06d}"


def set_up_app(client) -> tuple[TOTPDevice, list[str]]:
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" in page  # the QR code, inline
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"code": code_of(device)})
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    return TOTPDevice.objects.get(pk=device.pk), codes


def test_the_performance_team_must_set_up_a_second_factor_before_any_page(client, team_member):
    response = sign_in(client, "pat")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    # Signed in by password only: every page sends them back to set it up.
    blocked = client.get(OVERVIEW)
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("two_factor_setup"))
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("two_factor_setup"))
    setup_page = client.get(reverse("two_factor_setup")).content.decode()
    for link in (OVERVIEW, reverse("admin:index"), reverse("password_change")):
        assert f'href="{link}"' not in setup_page  # no menu until the second factor is given
    device, codes = set_up_app(client)
    assert device.confirmed
    assert len(codes) == two_factor.RECOVERY_CODES
    assert client.get(OVERVIEW).status_code == 200


def test_a_performance_team_member_with_an_app_cannot_sign_in_without_its_code(client, team_member):
    device = TOTPDevice.objects.create(user=team_member, name="Phone", confirmed=True)
    response = sign_in(client, "pat")
    assert response["Location"].startswith(reverse("two_factor_verify"))
    assert client.get(OVERVIEW)["Location"].startswith(reverse("two_factor_verify"))
    # Nor by setting up a new app in place of the one they cannot produce a code from.
    assert client.get(reverse("two_factor_setup"))["Location"].startswith(
        reverse("two_factor_verify")
    )
    assert client.get(reverse("two_factor_settings"))["Location"].startswith(
        reverse("two_factor_verify")
    )
    right = client.post(
        reverse("two_factor_verify") + f"?next={OVERVIEW}",
        {"code": code_of(device), "next": OVERVIEW},
    )
    assert right["Location"] == OVERVIEW
    assert client.get(OVERVIEW).status_code == 200


def test_after_a_wrong_code_the_next_try_must_wait(client, team_member):
    device = TOTPDevice.objects.create(user=team_member, name="Phone", confirmed=True)
    sign_in(client, "pat")
    wrong = client.post(reverse("two_factor_verify"), {"code": "000000"})
    assert "That code does not match" in wrong.content.decode()
    page = client.post(reverse("two_factor_verify"), {"code": code_of(device)}).content.decode()
    assert "Too many wrong codes" in page
    assert client.get(OVERVIEW).status_code == 302


def test_a_recovery_code_signs_in_once(client, team_member):
    client.force_login(team_member)
    _, codes = set_up_app(client)
    client.logout()
    sign_in(client, "pat")
    assert client.post(reverse("two_factor_verify"), {"code": codes[0]}).status_code == 302
    assert client.get(OVERVIEW).status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    client.logout()
    sign_in(client, "pat")
    again = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert "That code does not match" in again.content.decode()


@pytest.mark.parametrize("code", ["", "   ", "1" * 21])
def test_a_blank_or_overlong_code_is_refused_with_the_reason(client, team_member, code):
    TOTPDevice.objects.create(user=team_member, name="Phone", confirmed=True)
    sign_in(client, "pat")
    response = client.post(reverse("two_factor_verify"), {"code": code})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_others_sign_in_with_a_password_alone_until_they_turn_it_on(client, officer):
    assert sign_in(client, "olu")["Location"] == OVERVIEW
    device, _ = set_up_app(client)
    client.logout()
    assert sign_in(client, "olu")["Location"].startswith(reverse("two_factor_verify"))
    client.post(reverse("two_factor_verify"), {"code": code_of(device, drift=1)})
    assert client.get(OVERVIEW).status_code == 200
    turned_off = client.post(reverse("two_factor_settings"), {"action": "turn-off"})
    assert turned_off.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert TOTPDevice.history.filter(history_type="-", history_user=officer).exists()
    client.logout()
    assert sign_in(client, "olu")["Location"] == OVERVIEW


def test_the_performance_team_cannot_turn_it_off(client, team_member):
    client.force_login(team_member)
    set_up_app(client)
    response = client.post(reverse("two_factor_settings"), {"action": "turn-off"})
    assert response.status_code == 200
    assert "cannot be turned off" in response.content.decode()
    assert TOTPDevice.objects.filter(user=team_member, confirmed=True).exists()


def test_setting_up_writes_the_device_history_without_its_key(client, officer):
    client.force_login(officer)
    device, _ = set_up_app(client)
    history = TOTPDevice.history.filter(id=device.id).order_by("history_id")
    assert [h.history_change_reason for h in history][-1] == (
        "Two-factor sign-in: authenticator app set up"
    )
    assert history.last().history_user == officer
    assert not hasattr(history.last(), "key")


@override_settings(TWO_FACTOR_FOR_PERFORMANCE_TEAM=False)
def test_a_deployment_may_leave_the_second_factor_to_its_identity_provider(client, team_member):
    assert sign_in(client, "pat")["Location"] == OVERVIEW
