"""The administration's door: a review or recommendation saved there goes through the
services, so bad input gets the services' words against the field, and the history keeps the
reason given; updates and questions are read only there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yardstick.accounts.services import performance_team_group
from yardstick.scrutiny.models import Recommendation, Review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _admin_permissions(performance_officer):
    performance_officer.groups.add(performance_team_group())  # the administration's


def posted(review, **fields) -> dict:
    return {
        "review": review.pk, "number": "7", "lead_in": "", "text": "Recommend a thing.",
        "unit": "", "level": "corporate", "response": "", "response_text": "",
        "status": "open", "evidence": "", "change_reason": "Added after the meeting",
    } | fields  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"number": "0"}, "The number must be a whole number from 1 to 999."),
        ({"number": "1"}, "This review already has a recommendation 1."),
        ({"level": ""}, "Give the recommendation one group"),
        ({"status": "closed"}, "Say what shows it is done"),
        ({"response_text": "Agreed."}, "Say whether the recommendation was accepted."),
        ({"follow_up_on": "9999-01-01"}, "within 10 years of today"),
    ],
)
def test_bad_input_in_the_administration_gets_the_services_words(
    client, performance_officer, review, recommendations, fields, words
):
    client.force_login(performance_officer)
    response = client.post(reverse("admin:scrutiny_recommendation_add"), posted(review, **fields))
    assert response.status_code == 200
    assert words in response.content.decode()
    assert Recommendation.objects.count() == 4


def test_a_recommendation_saved_in_the_administration_keeps_the_reason(
    client, performance_officer, review, recommendations
):
    client.force_login(performance_officer)
    response = client.post(reverse("admin:scrutiny_recommendation_add"), posted(review))
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Recommendation.objects.get(number=7)
    assert made.history.get().history_change_reason == "Added after the meeting"
    assert made.history.get().history_user == performance_officer


def test_a_review_with_its_dates_the_wrong_way_round_is_refused(
    client, performance_officer, review, committee
):
    client.force_login(performance_officer)
    response = client.post(
        reverse("admin:scrutiny_review_add"),
        {
            "organisation": review.organisation_id, "title": "Phase 2", "body": committee.pk,
            "started_on": "2011-06-01", "ended_on": "2011-05-01", "status": "under_way",
            "change_reason": "",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "The review cannot end before it starts." in response.content.decode()
    assert Review.objects.count() == 1


def test_the_admin_pages_open_for_the_team_and_not_for_a_councillor(
    client, performance_officer, councillor, recommendations
):
    client.force_login(performance_officer)
    first = recommendations[0]
    for name, args in (
        ("admin:scrutiny_review_changelist", []),
        ("admin:scrutiny_recommendation_change", [first.pk]),
        ("admin:scrutiny_recommendation_history", [first.pk]),
        ("admin:scrutiny_recommendationupdate_changelist", []),
        ("admin:scrutiny_question_changelist", []),
    ):
        assert client.get(reverse(name, args=args)).status_code == 200, name
    client.force_login(councillor)
    assert client.get(reverse("admin:scrutiny_review_changelist")).status_code in (302, 403)
