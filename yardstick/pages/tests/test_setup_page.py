"""The first-run page: with no organisation, the home page sends visitors to /setup/, which
sets up the organisation and its first account and signs the person in; once any
organisation exists, /setup/ is not found."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yardstick.accounts.models import Membership, Role, User
from yardstick.accounts.services import (
    FirstAccount,
    NewOrganisation,
    SetupRefused,
    set_up_organisation,
)
from yardstick.organisations.models import Organisation

pytestmark = pytest.mark.django_db

SETUP = reverse("pages:setup")
PASSWORD = "Rainy-harbour-lantern-42"
ANSWERS = {
    "name": "Harrow Council",
    "slug": "",
    "financial_year_start_month": "4",
    "bank_holidays": "ENG",
    "first_name": "Priya",
    "last_name": "Shah",
    "email": "priya@harrow.gov.uk",
    "username": "priya",
    "password": PASSWORD,
    "password_again": PASSWORD,
}


def test_with_no_organisation_the_home_page_sends_visitors_to_the_setup_page(client):
    response = client.get(reverse("pages:home"))
    assert response.status_code == 302
    assert response["Location"] == SETUP


def test_the_setup_page_asks_for_the_organisation_and_the_first_account_with_labels(client):
    page = client.get(SETUP).content.decode()
    for field, label in [
        ("name", "Name of your organisation"),
        ("slug", "Short name for web addresses"),
        ("financial_year_start_month", "Month your financial year starts"),
        ("username", "Username"),
        ("email", "Email address"),
        ("password", "Password"),
        ("password_again", "Password again"),
    ]:
        assert f'<label for="id_{field}">{label}</label>' in page
    assert "<legend>Bank holidays to leave out" in page
    assert '<option value="4" selected>April</option>' in page
    assert 'value="none"' in page  # no bank holidays at all is a choice of its own
    assert 'autocomplete="new-password"' in page
    assert "csrfmiddlewaretoken" in page


def test_setting_up_creates_the_organisation_and_signs_the_person_in(client):
    response = client.post(SETUP, ANSWERS)
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:setup_next_steps")
    council = Organisation.objects.get()
    assert (council.name, council.slug, council.bank_holidays) == (
        "Harrow Council",
        "harrow-council",
        "ENG",
    )
    priya = User.objects.get()
    assert Membership.objects.get(user=priya).role == Role.PERFORMANCE_TEAM
    assert Organisation.history.get().history_change_reason == "Set up on the first-run page"
    assert int(client.session["_auth_user_id"]) == priya.pk
    page = client.get(response["Location"]).content.decode()
    assert "Harrow Council is set up" in page
    assert reverse("imports:starter") in page


def test_choosing_no_bank_holidays_stores_no_region(client):
    client.post(SETUP, {**ANSWERS, "bank_holidays": "none", "financial_year_start_month": "1"})
    council = Organisation.objects.get()
    assert (council.bank_holidays, council.financial_year_start_month) == ("", 1)


def test_problems_are_listed_and_linked_to_their_fields_and_nothing_is_created(client):
    response = client.post(
        SETUP,
        {**ANSWERS, "name": "", "email": "priya", "password_again": "something else"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count('role="alert"') == 1
    assert '<a href="#id_name">Name of your organisation: Enter the name of your' in page
    assert '<a href="#id_email">Email address: Enter an email address like' in page
    assert "The two passwords are not the same." in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_email_error"' in page
    assert "<title>Error: Set up Yardstick" in page
    assert PASSWORD not in page  # a password is never sent back
    assert not Organisation.objects.exists() and not User.objects.exists()


def test_a_weak_password_is_refused_with_the_password_rules(client):
    weak = {**ANSWERS, "password": "priyashah", "password_again": "priyashah"}
    page = client.post(SETUP, weak).content.decode()
    assert "This password is too short. It must contain at least 12 characters." in page
    assert not Organisation.objects.exists()


def test_once_an_organisation_exists_the_setup_page_is_not_found(client, council):
    assert client.get(SETUP).status_code == 404
    response = client.post(SETUP, {**ANSWERS, "name": "A second council"})
    assert response.status_code == 404
    assert Organisation.objects.count() == 1
    assert not User.objects.exists()
    assert client.get(reverse("pages:home")).status_code == 200


def test_the_next_steps_page_needs_a_sign_in(client, council):
    response = client.get(reverse("pages:setup_next_steps"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_service_refuses_a_first_run_set_up_once_an_organisation_exists(council):
    with pytest.raises(SetupRefused, match="Yardstick is set up already"):
        set_up_organisation(
            NewOrganisation("Another", "another"),
            FirstAccount("sam", "Sam", "Lee", "sam@example.org", PASSWORD),
            reason="test",
            only_if_first=True,
        )
    assert Organisation.objects.count() == 1


def test_the_service_refuses_a_name_or_username_already_there(council, performance_officer):
    with pytest.raises(SetupRefused, match="already an organisation called Harrow Test"):
        set_up_organisation(
            NewOrganisation("harrow test council", "new-slug"),
            FirstAccount("sam", "Sam", "Lee", "sam@example.org", PASSWORD),
            reason="test",
        )
    with pytest.raises(SetupRefused, match="The username PRIYA is taken"):
        set_up_organisation(
            NewOrganisation("Elsewhere", "elsewhere"),
            FirstAccount("PRIYA", "Priya", "Shah", "p@example.org", PASSWORD),
            reason="test",
        )
    assert Organisation.objects.count() == 1
