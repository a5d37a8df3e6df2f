"""The keys page: the performance team sets the organisation's key, and a measure's own,
from a key file written in the form or uploaded; a bad file is refused with the line and the
reason `yardstick rate --key` gives, nothing changes, and the history keeps who and what."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from tests.factories import MeasureFactory, UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.core.keys import bundled_key_text
from yardstick.measures.key_services import KeyRefused, set_rating_key
from yardstick.measures.models import RatingKey

pytestmark = pytest.mark.django_db

WITHIN_5 = """name = "Within 5%"
[[bands]]
code = "G"
at_least = -5
[[bands]]
code = "A"
at_least = -10
[[bands]]
code = "R"
"""
OUT_OF_ORDER = """name = "Out of order"

[[bands]]
code = "A"
above = -5

[[bands]]
code = "G"
at_least = 0

[[bands]]
code = "R"
"""
URL = "/rating-keys/"


def test_the_page_offers_the_five_band_key_to_start_from(client, performance_officer):
    client.force_login(performance_officer)
    response = client.get(reverse("rating_keys:page"))
    assert response.status_code == 200
    assert response.context["form"].initial["text"] == bundled_key_text("five-band")
    assert "None is set" in response.content.decode()


def test_the_team_sets_the_organisations_key_from_the_form_with_history(
    client, council, performance_officer
):
    client.force_login(performance_officer)
    response = client.post(URL, {"whose": "", "text": WITHIN_5})
    assert response.status_code == 302
    row = RatingKey.objects.get(organisation=council, measure=None)
    assert (row.name, row.text) == ("Within 5%", WITHIN_5)
    (entry,) = row.history.all()
    assert entry.history_user == performance_officer
    assert entry.history_change_reason == "The organisation's key set to 'Within 5%'"
    page = client.get(URL).content.decode()
    assert "On, above or within 5% of target" in page  # generated from the bounds
    assert "Between 5% and 10% off target" in page


def test_a_measure_gets_its_own_key_from_an_uploaded_file(client, council, performance_officer):
    measure = MeasureFactory(organisation=council, code="CT1", title="Council Tax")
    client.force_login(performance_officer)
    upload = SimpleUploadedFile("key.toml", WITHIN_5.encode(), "application/toml")
    response = client.post(URL, {"whose": "CT1", "text": "", "upload": upload})
    assert response.status_code == 302
    assert measure.own_rating_key.name == "Within 5%"
    assert "CT1 Council Tax" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"whose": "", "text": OUT_OF_ORDER}, "line 9: the bands are out of order"),
        ({"whose": "", "text": "name = "}, "line 1: not valid TOML"),
        ({"whose": "", "text": "   "}, "Write the key file, or upload one."),
        ({"whose": "NOPE", "text": WITHIN_5}, "Choose the organisation or one of its measures."),
    ],
)
def test_a_bad_key_is_refused_with_the_line_and_reason_and_nothing_changes(
    client, performance_officer, post, message
):
    client.force_login(performance_officer)
    response = client.post(URL, post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RatingKey.objects.exists()
    assert escape(post["text"]) in response.content.decode()  # what was written is kept


def test_an_upload_that_is_not_utf8_is_refused(client, performance_officer):
    client.force_login(performance_officer)
    upload = SimpleUploadedFile("key.toml", b"name = \xff", "application/toml")
    response = client.post(URL, {"whose": "", "text": "", "upload": upload})
    assert "line 1: not UTF-8 text" in response.content.decode()
    assert not RatingKey.objects.exists()


def test_setting_again_replaces_the_key_and_removing_it_is_audited(
    client, council, performance_officer
):
    set_rating_key(council, WITHIN_5, performance_officer)
    set_rating_key(council, bundled_key_text("three-band"), performance_officer)
    (row,) = RatingKey.objects.all()
    assert row.name.startswith("Three bands")
    client.force_login(performance_officer)
    response = client.post(reverse("rating_keys:remove", args=[row.pk]))
    assert response.status_code == 302
    assert not RatingKey.objects.exists()
    reasons = [entry.history_change_reason for entry in RatingKey.history.order_by("history_id")]
    assert reasons[-1].startswith("Key 'Three bands")
    assert len(reasons) == 3


def test_the_service_refuses_what_the_form_refuses(council, other_council, performance_officer):
    with pytest.raises(KeyRefused, match="line 9: the bands are out of order"):
        set_rating_key(council, OUT_OF_ORDER, performance_officer)
    elsewhere = MeasureFactory(organisation=other_council)
    with pytest.raises(KeyRefused, match="another organisation"):
        set_rating_key(council, WITHIN_5, performance_officer, elsewhere)


def test_only_the_performance_team_reaches_the_page(client, council, other_council):
    reader = UserFactory(username="reader", organisation=council)
    Membership.objects.create(user=reader, organisation=council, role=Role.COUNCILLOR)
    client.force_login(reader)
    assert client.get(URL).status_code == 403
    row = RatingKey.objects.create(organisation=other_council, name="x", text=WITHIN_5)
    team = UserFactory(username="team", organisation=council)
    Membership.objects.create(user=team, organisation=council, role=Role.PERFORMANCE_TEAM)
    client.force_login(team)
    assert client.post(reverse("rating_keys:remove", args=[row.pk])).status_code == 404
