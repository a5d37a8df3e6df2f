"""The statement page: the owner writes and signs off, an approver signs off a draft, the
measure page shows only the signed-off version, and bad input is refused keeping nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MeasureFactory, UnitFactory, UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.core.statements import Dimension
from yardstick.measures.statements import DataQualityStatement, StatementStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(council):
    return UnitFactory(organisation=council, name="Resources")


@pytest.fixture
def owner(council):
    return UserFactory(username="olu", organisation=council)


@pytest.fixture
def measure(council, unit, owner):
    return MeasureFactory(organisation=council, unit=unit, owner=owner, code="RES-1")


def person(council, username, role, unit=None):
    user = UserFactory(username=username, organisation=council)
    Membership.objects.create(user=user, organisation=council, role=role, unit=unit)
    return user


def posted(action="save", **changes):
    data = {d.value: f"How {d.value} is assured." for d in Dimension}
    data |= {"accuracy_assessment": "met", "risk": "high", "action": action}
    data["review_date"] = (timezone.localdate() + timedelta(days=90)).isoformat()
    return data | changes


def url(measure):
    return reverse("measures:statement", args=[measure.code])


def test_the_owner_saves_a_draft_the_measure_page_shows_it_only_once_signed_off(
    client, council, measure, owner
):
    client.force_login(owner)
    response = client.post(url(measure), posted(accuracy="Sampled monthly."))
    assert response.status_code == 302
    draft = DataQualityStatement.objects.get()
    assert (draft.status, draft.accuracy, draft.risk) == ("draft", "Sampled monthly.", "high")
    detail = reverse("measures:detail", args=[measure.code])
    councillor = person(council, "cllr", Role.COUNCILLOR)
    client.force_login(councillor)
    page = client.get(detail).content.decode()
    assert "No data quality statement has been signed off" in page
    assert "Sampled monthly." not in page and "data-quality-statement" not in page
    client.force_login(owner)
    response = client.post(url(measure), posted("save_sign_off", accuracy="Sampled monthly."))
    assert response.status_code == 302 and response["Location"].endswith("#data-quality")
    client.force_login(councillor)
    page = client.get(detail).content.decode()
    assert "Sampled monthly." in page and "Signed off" in page


def test_an_approver_reads_and_signs_off_a_draft_but_may_not_change_it(
    client, council, measure, owner, unit
):
    client.force_login(owner)
    client.post(url(measure), posted())
    director = person(council, "dee", Role.APPROVER, unit)
    client.force_login(director)
    page = client.get(url(measure)).content.decode()
    assert "Draft awaiting sign-off" in page and "Sign off this draft" in page
    assert 'name="accuracy"' not in page  # no form to write with
    assert client.post(url(measure), posted()).status_code == 403
    assert client.post(url(measure), {"action": "sign_off"}).status_code == 302
    statement = DataQualityStatement.objects.get()
    assert (statement.status, statement.signed_off_by) == (StatementStatus.SIGNED_OFF, director)


def test_a_councillor_may_not_open_the_page(client, council, measure):
    client.force_login(person(council, "cllr", Role.COUNCILLOR))
    assert client.get(url(measure)).status_code == 403


def test_bad_input_is_refused_with_its_message_and_nothing_is_kept(client, measure, owner):
    client.force_login(owner)
    response = client.post(url(measure), posted(accuracy="x" * 2001, review_date="31/02/2020"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "at most 2000 characters" in html and "Enter the date as a day" in html
    response = client.post(url(measure), posted(review_date="1999-12-31"))
    assert response.status_code == 400
    assert "review date must be in 2000 or later" in response.content.decode()
    assert client.post(url(measure), posted("publish")).status_code == 400
    assert not DataQualityStatement.objects.exists()


def test_sign_off_refused_keeps_the_draft_and_names_what_is_missing(client, measure, owner):
    client.force_login(owner)
    response = client.post(url(measure), posted("save_sign_off", relevance="", risk=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say how the data meets relevance." in html
    assert "Give the data quality risk" in html
    assert DataQualityStatement.objects.get().status == StatementStatus.DRAFT


def test_the_owner_throws_a_draft_away_and_the_signed_off_version_stays(client, measure, owner):
    client.force_login(owner)
    client.post(url(measure), posted("save_sign_off"))
    client.post(url(measure), posted(accuracy="A change not wanted."))
    assert DataQualityStatement.objects.drafts().count() == 1
    assert client.post(url(measure), {"action": "discard"}).status_code == 302
    assert list(DataQualityStatement.objects.values_list("status", flat=True)) == ["signed_off"]
    response = client.post(url(measure), {"action": "discard"}, follow=True)
    assert "There is no draft to throw away." in response.content.decode()


def test_the_changes_table_lists_the_statements_versions_to_those_who_see_its_drafts(
    client, council, measure, owner
):
    client.force_login(owner)
    client.post(url(measure), posted("save_sign_off", accuracy="Sampled monthly."))
    client.post(url(measure), posted(accuracy="Sampled weekly."))  # version 2, a draft
    detail = reverse("measures:detail", args=[measure.code])

    page = client.get(detail).content.decode()
    changes = page[page.index('id="changes-caption"') :]
    assert "Created: Data quality statement, version 1" in changes
    assert "Version 1 signed off" in changes
    assert "Created: Data quality statement, version 2" in changes
    assert "Sampled monthly. → Sampled weekly." in changes or "Sampled weekly." in changes

    client.force_login(person(council, "cllr", Role.COUNCILLOR))
    page = client.get(detail).content.decode()
    changes = page[page.index('id="changes-caption"') :]
    assert "Data quality statement, version" not in changes
    assert "Sampled weekly." not in page  # the draft reaches no one who may not see drafts
