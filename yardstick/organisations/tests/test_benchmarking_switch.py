"""The council's area code and its opt-in to share published figures for benchmarking: set in
the administration, checked, and kept in the organisation's history with the reason."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from yardstick.measures.tests.test_admin import form_data
from yardstick.organisations.models import Organisation

pytestmark = pytest.mark.django_db

CHANGE = "admin:organisations_organisation_change"


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(performance_officer):
    """Priya with the performance team's permissions on the organisation."""
    performance_officer.user_permissions.set(
        Permission.objects.filter(content_type__app_label="organisations")
    )
    return performance_officer


def test_sharing_needs_the_area_code(council):
    council.share_for_benchmarking = True
    with pytest.raises(ValidationError, match="area code"):
        council.full_clean()


@pytest.mark.parametrize("code", ["E9000015", "X09000015", "e09000015", "E090000155"])
def test_an_area_code_is_an_ons_gss_code(council, code):
    council.area_code = code
    with pytest.raises(ValidationError, match="GSS"):
        council.full_clean()


def test_the_performance_team_opts_in_and_the_history_says_why(client, council, staff):
    client.force_login(staff)
    page = client.get(reverse(CHANGE, args=[council.pk]))
    data = form_data(page)
    data.update(
        area_code="E09000015",
        share_for_benchmarking="on",
        change_reason="Cabinet agreed to share with the London boroughs",
    )
    response = client.post(reverse(CHANGE, args=[council.pk]), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    council = Organisation.objects.get(pk=council.pk)
    assert (council.area_code, council.share_for_benchmarking) == ("E09000015", True)
    latest = council.history.first()
    assert latest.share_for_benchmarking
    assert latest.history_change_reason == "Cabinet agreed to share with the London boroughs"
    assert latest.history_user == staff


def test_opting_in_without_an_area_code_is_refused_with_a_reason(client, council, staff):
    client.force_login(staff)
    data = form_data(client.get(reverse(CHANGE, args=[council.pk])))
    data.update(share_for_benchmarking="on", change_reason="Share")
    response = client.post(reverse(CHANGE, args=[council.pk]), data)
    assert response.status_code == 200
    assert "Give the council&#x27;s area code" in response.content.decode()
    assert not Organisation.objects.get(pk=council.pk).share_for_benchmarking
