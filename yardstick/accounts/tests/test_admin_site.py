"""The administration's site: the performance team and superusers get in, by role; a staff flag
alone does not; and there is one sign-in, Yardstick's."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from yardstick.accounts.admin_site import YardstickAdminSite
from yardstick.accounts.models import Membership, Role

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
LOGIN = reverse("login")
ADMIN_LOGIN = reverse("admin:login")
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def owner_with_staff_flag(council):
    owner = UserFactory(username="stan", organisation=council, is_staff=True)
    Membership.objects.create(user=owner, organisation=council, role=Role.OWNER)
    return owner


def test_every_apps_admin_is_on_yardsticks_site():
    assert admin.site._registry, "the apps' admins are registered on the default site"
    for model_admin in admin.site._registry.values():
        assert isinstance(model_admin.admin_site, YardstickAdminSite), model_admin


def test_the_performance_team_gets_in_without_a_staff_flag(client, performance_officer):
    assert not performance_officer.is_staff
    client.force_login(performance_officer)

    response = client.get(INDEX)

    assert response.status_code == 200
    assert "Yardstick administration" in response.content.decode()


def test_a_staff_flag_alone_does_not_get_in(client, owner_with_staff_flag):
    client.force_login(owner_with_staff_flag)

    assert client.get(INDEX).status_code == 403


def test_a_superuser_in_no_organisation_gets_in(client, council):
    client.force_login(UserFactory(username="root", organisation=None, is_superuser=True))

    assert client.get(INDEX).status_code == 200


def test_an_inactive_member_of_the_team_does_not_get_in(client, performance_officer):
    performance_officer.is_active = False
    performance_officer.save()
    client.force_login(performance_officer)

    assert client.get(INDEX).status_code == 302


def test_the_public_is_sent_to_yardsticks_sign_in_and_back(client):
    page = reverse("admin:measures_measure_changelist")

    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={page}"


def test_the_admins_sign_in_page_sends_the_public_to_yardsticks(client):
    page = reverse("admin:measures_measure_changelist")

    assert client.get(ADMIN_LOGIN)["Location"] == f"{LOGIN}?next={INDEX}"
    assert client.get(ADMIN_LOGIN, {"next": page})["Location"] == f"{LOGIN}?next={page}"
    elsewhere = client.get(ADMIN_LOGIN, {"next": "https://elsewhere.example/"})
    assert elsewhere["Location"] == f"{LOGIN}?next={INDEX}"


def test_the_admins_sign_in_page_signs_nobody_in(client, council):
    priya = UserFactory(username="priya", organisation=council, password=PASSWORD)
    Membership.objects.create(user=priya, organisation=council, role=Role.PERFORMANCE_TEAM)

    response = client.post(ADMIN_LOGIN, {"username": "priya", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not get_user(client).is_authenticated


def test_the_admins_sign_in_page_passes_the_team_on_and_refuses_others(
    client, performance_officer, owner_with_staff_flag
):
    page = reverse("admin:measures_measure_changelist")
    client.force_login(performance_officer)
    assert client.get(ADMIN_LOGIN, {"next": page})["Location"] == page
    client.force_login(owner_with_staff_flag)
    assert client.get(ADMIN_LOGIN).status_code == 403


def test_signing_in_to_yardstick_leads_on_to_the_admin(client, council):
    priya = UserFactory(username="priya", organisation=council, password=PASSWORD)
    Membership.objects.create(user=priya, organisation=council, role=Role.PERFORMANCE_TEAM)

    device = TOTPDevice.objects.create(user=priya, name="Phone", confirmed=True)

    signed_in = client.post(
        f"{LOGIN}?next={INDEX}", {"username": "priya", "password": PASSWORD, "next": INDEX}
    )
    assert signed_in["Location"].startswith(reverse("two_factor_verify"))  # then the code
    response = client.post(
        signed_in["Location"], {"code": f"{totp(device.bin_key):06d}", "next": INDEX}, follow=True
    )

    assert response.redirect_chain[-1] == (INDEX, 302)
    assert response.status_code == 200
    assert "Framework administration" in response.content.decode()


def test_the_navigation_offers_the_admin_and_imports_to_the_team_only(
    client, performance_officer, owner_with_staff_flag
):
    client.force_login(performance_officer)
    page = client.get(reverse("pages:home")).content.decode()
    assert f'href="{INDEX}"' in page and f'href="{reverse("imports:index")}"' in page
    client.force_login(owner_with_staff_flag)
    page = client.get(reverse("pages:home")).content.decode()
    assert f'href="{INDEX}"' not in page and f'href="{reverse("imports:index")}"' not in page
