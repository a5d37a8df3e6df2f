"""The rules every write applies: who may do what, bounds on every number, text and date,
everything named being this council's, and the history each write leaves."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import MeasureFactory, UnitFactory, UserFactory
from yardstick.meetings.models import AgendaItem, Meeting
from yardstick.scrutiny import services
from yardstick.scrutiny.models import Recommendation, RecommendationStatus, Review
from yardstick.scrutiny.tests.conftest import at

pytestmark = pytest.mark.django_db


def new(review, **fields) -> Recommendation:
    values = {"review": review, "number": 9, "text": "Recommend something.", "level": "corporate"}
    return Recommendation(**(values | fields))


def test_the_performance_team_creates_a_recommendation_and_its_history_says_why(
    review, performance_officer, adults
):
    made = services.save_recommendation(
        new(review, level="", unit=adults), performance_officer, reason="From the review report"
    )
    record = made.history.get()
    assert record.history_user == performance_officer
    assert record.history_change_reason == "From the review report"


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"number": 0}, "number", "from 1 to 999"),
        ({"number": 1000}, "number", "from 1 to 999"),
        ({"text": "   "}, "text", "Enter the recommendation"),
        ({"text": "x" * 4001}, "text", "4,000 characters or fewer; it has 4,001"),
        ({"lead_in": "x" * 301}, "lead_in", "300 characters or fewer"),
        ({"level": ""}, "unit", "one group"),
        ({"level": "regional"}, "level", "directorate level or corporate level"),
        ({"response_text": "Agreed."}, "response", "accepted"),
        ({"response": "maybe"}, "response", "accepted, partly accepted"),
        ({"response": "accepted", "decided_on": date(1999, 12, 31)}, "decided_on", "2000"),
        ({"follow_up_on": date(9999, 1, 1)}, "follow_up_on", "within 10 years"),
        ({"status": "done"}, "status", "open, in progress"),
        ({"status": "closed"}, "evidence", "evidence"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    review, performance_officer, fields, field, words
):
    with pytest.raises(services.Refused, match=words) as refused:
        services.save_recommendation(new(review, **fields), performance_officer, reason="Test")
    assert refused.value.field == field
    assert not Recommendation.objects.exists()


def test_a_number_is_used_once_in_a_review(recommendations, review, performance_officer):
    with pytest.raises(services.Refused, match="already has a recommendation 1"):
        services.save_recommendation(new(review, number=1), performance_officer, reason="Test")


def test_everything_a_recommendation_names_is_this_councils(
    review, performance_officer, other_council
):
    foreign_unit = UnitFactory(organisation=other_council)
    stranger = UserFactory(username="stranger", organisation=other_council)
    with pytest.raises(services.Refused, match="directorate must be this council's"):
        services.save_recommendation(
            new(review, level="", unit=foreign_unit), performance_officer, reason="Test"
        )
    with pytest.raises(services.Refused, match="responsible officer must be this council's"):
        services.save_recommendation(new(review, officer=stranger), performance_officer, reason="T")
    foreign = MeasureFactory(organisation=other_council)
    with pytest.raises(services.Refused, match="Everything it concerns") as refused:
        services.save_recommendation(
            new(review), performance_officer, reason="T", concerns={"measures": [foreign]}
        )
    assert refused.value.field == "measures"
    assert not Recommendation.objects.exists()


def test_only_the_performance_team_manages_reviews_and_recommendations(
    review, officer, councillor, committee
):
    for person in (officer, councillor):
        with pytest.raises(PermissionDenied):
            services.save_recommendation(new(review), person, reason="Test")
        with pytest.raises(PermissionDenied):
            services.save_review(
                Review(organisation=review.organisation, title="Another", body=committee),
                person,
                reason="Test",
            )


def test_a_review_ends_after_it_starts_and_its_title_is_its_own(
    review, committee, performance_officer
):
    later = Review(
        organisation=review.organisation, title="Phase 2", body=committee,
        started_on=date(2011, 6, 1), ended_on=date(2011, 5, 1),
    )  # fmt: skip
    with pytest.raises(services.Refused, match="cannot end before it starts"):
        services.save_review(later, performance_officer, reason="Test")
    twin = Review(organisation=review.organisation, title=review.title, body=committee)
    with pytest.raises(services.Refused, match="already a review with this title"):
        services.save_review(twin, performance_officer, reason="Test")


def test_the_officer_and_their_team_add_dated_updates_others_may_not(
    recommendations, officer, colleague, elsewhere, councillor
):
    first = recommendations[0]
    update = services.add_update(first, "Indicators embedded.", officer, dated=date(2011, 12, 1))
    assert update.dated == date(2011, 12, 1)
    first.refresh_from_db()
    assert first.status == RecommendationStatus.IN_PROGRESS
    assert first.history.first().history_change_reason.startswith("Now in progress")
    services.add_update(first, "And reported to the board.", colleague)  # his directorate
    for outsider in (elsewhere, councillor):
        with pytest.raises(PermissionDenied):
            services.add_update(first, "Not mine.", outsider)
    assert first.updates.count() == 2


def test_an_update_is_not_dated_in_the_future_nor_before_the_review(recommendations, officer):
    first = recommendations[0]
    with pytest.raises(services.Refused, match="after today") as refused:
        services.add_update(first, "Soon.", officer, dated=date(2099, 1, 1))
    assert refused.value.field == "dated"
    with pytest.raises(services.Refused, match="before the review began, 1 September 2010"):
        services.add_update(first, "Early.", officer, dated=date(2010, 1, 1))
    with pytest.raises(services.Refused, match="Enter the update"):
        services.add_update(first, "  ", officer)


def test_a_completed_recommendation_takes_no_more_updates(recommendations, officer):
    first = recommendations[0]
    services.add_update(first, "All done.", officer, completed=True)
    first.refresh_from_db()
    assert first.status == RecommendationStatus.COMPLETED
    assert first.evidence == "All done."
    with pytest.raises(services.Refused, match="completed: it takes no more updates"):
        services.add_update(first, "More.", officer)


def test_closing_needs_the_evidence(recommendations, performance_officer, officer):
    second = recommendations[1]
    with pytest.raises(services.Refused, match="Enter the evidence"):
        services.close_recommendation(second, " ", performance_officer)
    with pytest.raises(PermissionDenied):
        services.close_recommendation(second, "Done", officer)
    closed = services.close_recommendation(
        second, "Scorecard shows it.", performance_officer, today=date(2012, 1, 10)
    )
    assert (closed.status, closed.closed_on) == ("closed", date(2012, 1, 10))


def test_the_executive_response_is_recorded_by_the_team(recommendations, performance_officer):
    second = recommendations[1]
    services.record_response(
        second, "partly", "Agreed in part.", date(2011, 4, 14), performance_officer
    )
    second.refresh_from_db()
    assert (second.response, second.decided_on) == ("partly", date(2011, 4, 14))
    with pytest.raises(services.Refused, match="Choose accepted"):
        services.record_response(second, "", "", None, performance_officer)


def test_councillors_and_members_ask_questions_for_the_next_meeting(
    recommendations, councillor, officer, committee
):
    coming = Meeting.objects.create(body=committee, starts_at=at(date(2099, 2, 27)))
    question = services.ask_question(recommendations[0], "When will Q3 be reported?", councillor)
    assert question.meeting == coming
    with pytest.raises(PermissionDenied):
        services.ask_question(recommendations[0], "Me too?", officer)
    with pytest.raises(services.Refused, match="Enter your question"):
        services.ask_question(recommendations[0], "", councillor)


def test_a_recommendation_goes_on_a_meetings_agenda(
    recommendations, performance_officer, committee
):
    coming = Meeting.objects.create(body=committee, starts_at=at(date(2099, 2, 27)))
    item = services.put_on_agenda(recommendations[0], coming, performance_officer)
    assert AgendaItem.objects.get() == item
    assert item.title.startswith("Scrutiny recommendation 1:")
    recommendations[0].refresh_from_db()
    assert recommendations[0].agenda_item == item
    with pytest.raises(services.Refused, match="already on that meeting's agenda"):
        services.put_on_agenda(recommendations[0], coming, performance_officer)
