"""The performance team creates and changes reviews and recommendations on pages (not only in
the administration), through the services, audited; bad input re-shows the form with the
services' words and what was typed; members' questions get answers on a page, shown with who
answered and when on the recommendation and the tracker; one update goes on an agenda by
itself from the recommendation's page."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from yardstick.meetings.models import Meeting
from yardstick.scrutiny.models import Question, Recommendation, Review
from yardstick.scrutiny.services import add_update, ask_question

pytestmark = pytest.mark.django_db


def review_data(committee, **changes) -> dict:
    data = {
        "title": "Waste collection, phase 2",
        "body": str(committee.pk),
        "scope": "How missed bins are put right.",
        "started_on": "2026-09-01",
        "ended_on": "",
        "status": "under_way",
        "summary": "The review group's findings.",
        "reason": "Agreed by the committee",
    }
    data.update(changes)
    return data


def test_the_team_adds_and_changes_a_review_on_its_pages(
    client, performance_officer, committee, councillor
):
    client.force_login(performance_officer)
    response = client.post(
        reverse("scrutiny:new_review"), review_data(committee, members=[str(councillor.pk)])
    )
    review = Review.objects.get(title="Waste collection, phase 2")
    assert response.status_code == 302 and response.url == reverse(
        "scrutiny:tracker", args=[review.pk]
    )
    assert list(review.members.all()) == [councillor]
    made = review.history.earliest("history_id")
    assert (made.history_user, made.history_change_reason) == (
        performance_officer,
        "Agreed by the committee",
    )
    url = reverse("scrutiny:change_review", args=[review.pk])
    assert "How missed bins are put right." in client.get(url).content.decode()
    changed = client.post(url, review_data(committee, status="reported", reason="Reported"))
    assert changed.status_code == 302
    review.refresh_from_db()
    assert review.status == "reported"
    assert review.history.filter(
        history_user=performance_officer, history_change_reason="Reported"
    ).exists()


def test_a_review_that_ends_before_it_starts_is_refused_and_nothing_typed_is_lost(
    client, performance_officer, committee
):
    client.force_login(performance_officer)
    response = client.post(
        reverse("scrutiny:new_review"),
        review_data(committee, ended_on="2026-08-01", summary="Kept as typed"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The review cannot end before it starts." in page and "Kept as typed" in page
    assert not Review.objects.exists()
    far = client.post(
        reverse("scrutiny:new_review"), review_data(committee, started_on="1066-10-14")
    )
    assert far.status_code == 400 and not Review.objects.exists()
    long = client.post(reverse("scrutiny:new_review"), review_data(committee, title="x" * 201))
    assert long.status_code == 400 and not Review.objects.exists()


def test_only_the_team_creates_or_changes_reviews_and_recommendations(
    client, councillor, officer, review, recommendations
):
    for user in (councillor, officer):
        client.force_login(user)
        for url in (
            reverse("scrutiny:new_review"),
            reverse("scrutiny:change_review", args=[review.pk]),
            reverse("scrutiny:new_recommendation", args=[review.pk]),
            reverse("scrutiny:change_recommendation", args=[recommendations[0].pk]),
        ):
            assert client.get(url).status_code == 403
            assert client.post(url, {}).status_code == 403


def recommendation_data(adults, officer, **changes) -> dict:
    data = {
        "number": "5",
        "text": "Publish the missed-bin figures monthly.",
        "unit": str(adults.pk),
        "level": "",
        "officer": str(officer.pk),
        "follow_up_on": "2027-01-15",
        "status": "open",
        "reason": "From the final report",
    }
    data.update(changes)
    return data


def test_the_team_adds_and_changes_a_recommendation_on_its_pages(
    client, performance_officer, review, recommendations, adults, officer, sessions
):
    client.force_login(performance_officer)
    new = reverse("scrutiny:new_recommendation", args=[review.pk])
    assert 'value="5"' in client.get(new).content.decode()  # the next number, offered
    response = client.post(
        new, recommendation_data(adults, officer, source_meeting=str(sessions[0].pk))
    )
    made = Recommendation.objects.get(review=review, number=5)
    assert response.status_code == 302 and made.source_meeting == sessions[0]
    assert made.history.get().history_user == performance_officer
    url = reverse("scrutiny:change_recommendation", args=[made.pk])
    changed = client.post(
        url, recommendation_data(adults, officer, unit="", level="corporate", reason="Regrouped")
    )
    assert changed.status_code == 302
    made.refresh_from_db()
    assert (made.unit, made.level) == (None, "corporate")
    assert made.history.latest("history_id").history_change_reason == "Regrouped"
    tracker = client.get(reverse("scrutiny:tracker", args=[review.pk])).content.decode()
    assert "Publish the missed-bin figures monthly." in tracker


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"number": "1"}, "This review already has a recommendation 1."),
        ({"number": "1000"}, "from 1 to 999"),
        ({"level": "corporate"}, "directorate&#x27;s, or general."),
        ({"status": "closed"}, "Say what shows it is done"),
        ({"follow_up_on": "3026-01-01"}, "The follow-up date"),
        ({"text": "x" * 4001}, "4000"),
    ],
)
def test_a_recommendation_against_the_rules_is_refused_with_the_reason(
    client, performance_officer, review, recommendations, adults, officer, changes, words
):
    client.force_login(performance_officer)
    response = client.post(
        reverse("scrutiny:new_recommendation", args=[review.pk]),
        recommendation_data(adults, officer, **changes),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert words in page and "From the final report" in page  # nothing typed is lost
    assert Recommendation.objects.count() == 4


def test_the_officer_answers_a_members_question_and_the_tracker_shows_who_and_when(
    client, officer, councillor, elsewhere, review, recommendations
):
    first = recommendations[0]
    question = ask_question(first, "Is Q3 on track?", councillor)
    url = reverse("scrutiny:answer", args=[question.pk])
    client.force_login(councillor)
    assert client.get(url).status_code == 403  # members ask; officers answer
    client.force_login(elsewhere)
    assert client.post(url, {"answer": "Yes."}).status_code == 403  # another directorate's
    client.force_login(officer)
    assert client.post(url, {"answer": ""}).status_code == 400
    assert client.post(url, {"answer": "x" * 4001}).status_code == 400
    assert (
        client.post(url, {"answer": "Yes: the indicators go live in October."}).status_code == 302
    )
    question.refresh_from_db()
    assert question.answered_by == officer and question.answered_at is not None
    assert question.history.latest("history_id").history_user == officer
    client.force_login(councillor)
    shown = f"{timezone.localdate(question.answered_at):%-d %B %Y}"
    for page in (
        reverse("scrutiny:recommendation", args=[first.pk]),
        reverse("scrutiny:tracker", args=[review.pk]),
    ):
        text = client.get(page).content.decode()
        assert "Yes: the indicators go live in October." in text
        assert "Olu Adeyemi" in text and shown in text


def test_the_team_puts_one_update_on_an_agenda_from_the_recommendations_page(
    client, performance_officer, officer, committee, recommendations
):
    first = recommendations[0]
    update = add_update(first, "Indicators drafted.", officer, dated=date(2011, 11, 30))
    coming = Meeting.objects.create(
        body=committee,
        starts_at=timezone.make_aware(
            datetime.combine(timezone.localdate() + timezone.timedelta(days=14), time(18))
        ),
    )
    client.force_login(performance_officer)
    url = reverse("scrutiny:recommendation", args=[first.pk])
    response = client.post(
        url, {"form": "agenda", "agenda-meeting": str(coming.pk), "agenda-update": str(update.pk)}
    )
    assert response.status_code == 302
    update.refresh_from_db()
    first.refresh_from_db()
    assert update.agenda_item.meeting == coming and first.agenda_item is None
    assert "by itself on the agenda of" in client.get(url).content.decode()
    wrong = client.post(
        url, {"form": "agenda", "agenda-meeting": str(coming.pk), "agenda-update": "999999"}
    )
    assert wrong.status_code == 400
    assert "Choose the recommendation or one of its updates." in wrong.content.decode()
    assert Question.objects.count() == 0
