"""The user admin: Django's, with the person's organisation, job title and roles."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import UnitFactory, UserFactory
from yardstick.accounts.models import Membership, Role, User

APPS = ["organisations", "accounts"]


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """Test people's passwords need no strong hashing; it only slows the tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_client(client, performance_officer):
    performance_officer.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=APPS)
    )
    client.force_login(performance_officer)
    return client


@pytest.fixture
def olu(council):
    return UserFactory(
        username="olu", first_name="Olu", last_name="Ade", organisation=council, job_title=""
    )


def change_data(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "organisation": user.organisation_id or "",
        "job_title": user.job_title,
        "is_active": "on",
        "date_joined_0": "2018-04-01",
        "date_joined_1": "09:00:00",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_the_user_list_shows_job_title_and_organisation(staff_client, olu):
    olu.job_title = "Housing performance officer"
    olu.save()

    page = staff_client.get(reverse("admin:accounts_user_changelist")).content.decode()

    assert "Housing performance officer" in page
    assert "Harrow Test Council" in page


def test_a_person_is_given_an_organisation_job_title_and_role_in_the_admin(
    staff_client, council, olu
):
    directorate = UnitFactory(organisation=council, name="Housing")
    page = staff_client.get(reverse("admin:accounts_user_change", args=[olu.pk]))
    assert 'name="job_title"' in page.content.decode()
    assert 'name="organisation"' in page.content.decode()
    data = change_data(
        olu,
        job_title="Head of Housing Options",
        **{
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-organisation": str(council.pk),
            "memberships-0-role": Role.APPROVER,
            "memberships-0-unit": str(directorate.pk),
        },
    )

    response = staff_client.post(reverse("admin:accounts_user_change", args=[olu.pk]), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    olu.refresh_from_db()
    assert olu.job_title == "Head of Housing Options"
    membership = Membership.objects.get(user=olu)
    assert (membership.role, membership.unit) == (Role.APPROVER, directorate)
    assert membership.history.first().history_user.username == "priya"


def test_a_new_person_is_added_with_their_organisation(staff_client, council):
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newstarter",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
            "usable_password": "true",
            "first_name": "New",
            "last_name": "Starter",
            "email": "new@example.org",
            "organisation": str(council.pk),
            "job_title": "Performance analyst",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    person = User.objects.get(username="newstarter")
    assert (person.organisation, person.job_title) == (council, "Performance analyst")


def test_the_user_admin_is_the_performance_teams_only(client, council):
    client.force_login(UserFactory(username="resident", organisation=council, is_staff=True))

    response = client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 403


def test_the_team_cannot_make_anyone_a_superuser(staff_client, olu):
    """A superuser sees every organisation: only a superuser may make another."""
    response = staff_client.post(
        reverse("admin:accounts_user_change", args=[olu.pk]),
        change_data(olu, is_superuser="on", is_staff="on"),
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    olu.refresh_from_db()
    assert not olu.is_superuser
    assert not olu.is_staff
    page = staff_client.get(reverse("admin:accounts_user_change", args=[olu.pk])).content
    assert b'name="is_superuser"' not in page
    assert b'name="is_staff"' not in page
