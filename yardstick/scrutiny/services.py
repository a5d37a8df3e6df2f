"""Every write to scrutiny reviews and their recommendations, and the rules each applies: the
pages and the administration call these, so a value is judged the same way at every door.
Each write is one transaction and records who made it and why in the models' history.

Who may do what (built on `accounts.access`):
- the performance team creates and changes reviews and recommendations, records the
  executive's response, closes a recommendation with its evidence, and puts one on a
  meeting's agenda;
- a recommendation's responsible officer, and the owners of its directorate (their team),
  add dated updates on action;
- councillors, the review's members and the members of its committee or panel read
  everything and ask questions for the next meeting; every internal reader reads;
- whoever may add an update (the responsible officer, their team, the performance team)
  answers members' questions.

A refusal is a `Refused` (the meetings app's, so its words and the forms' handling are
shared): its message says what to change, its field names the form field.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from yardstick.accounts.access import Access, access_for
from yardstick.accounts.models import Role
from yardstick.logs import log_event
from yardstick.meetings.models import Meeting
from yardstick.meetings.services import (
    MeetingRefused,
    add_agenda_item,
    check_day,
    check_optional,
    check_text,
)
from yardstick.scrutiny.models import (
    LEAD_IN_LIMIT,
    LIVE,
    NAME_LIMIT,
    NUMBER_LIMIT,
    TEXT_LIMIT,
    Level,
    Question,
    Recommendation,
    RecommendationStatus,
    RecommendationUpdate,
    Response,
    Review,
    ReviewStatus,
)

Refused = MeetingRefused
CONCERNS = ("measures", "plans", "themes", "key_actions")


# --- who may -------------------------------------------------------------------------------


def can_manage(access: Access, organisation_id: int) -> bool:
    """Create and change reviews and recommendations: the performance team."""
    return access.organisation_id == organisation_id and access.is_performance_team


def can_update(access: Access, recommendation: Recommendation) -> bool:
    """Add an update on action: the responsible officer, owners of the recommendation's
    directorate (the officer's team), the performance team."""
    if access.organisation_id != recommendation.review.organisation_id:
        return False
    if access.is_performance_team:
        return True
    if access.user_id is not None and recommendation.officer_id == access.user_id:
        return True
    return (
        recommendation.unit_id is not None
        and Role.OWNER in access.roles
        and access.within(recommendation.unit_id, access.owner_units)
    )


def can_ask(access: Access, review: Review, member_ids: set[int] | None = None) -> bool:
    """Ask a question for the next meeting: councillors, the performance team, the review's
    members and its committee's (`member_ids`, when the caller has them already)."""
    if access.organisation_id != review.organisation_id:
        return False
    if access.is_performance_team or Role.COUNCILLOR in access.roles:
        return True
    if member_ids is None:
        member_ids = members_of(review)
    return access.user_id in member_ids


def members_of(review: Review) -> set[int]:
    """The ids of the review's members and its committee's or panel's."""
    ids = set(review.members.values_list("pk", flat=True))
    return ids | set(review.body.members.values_list("pk", flat=True))


def _team(acting_user, organisation_id: int) -> None:
    if not can_manage(access_for(acting_user, organisation_id), organisation_id):
        raise PermissionDenied("Only the performance team may do this.")


# --- reviews -------------------------------------------------------------------------------


def check_review(review: Review, today: date | None = None) -> None:
    """A review as a page or the administration gives it: titled, its committee this
    council's, its dates within bounds and in order, a status there is, its texts within
    their lengths."""
    review.title = check_text(review.title, "title", "the review's title", NAME_LIMIT)
    if review.body_id is None or review.body.organisation_id != review.organisation_id:
        raise Refused("Choose one of this council's committees or panels.", "body")
    for name, what in (
        ("scope", "the scope"),
        ("summary", "the summary"),
        ("decisions_sought", "what the committee is asked to do"),
        ("reasons", "the report"),
        ("financial", "the financial implications"),
        ("legal", "the legal implications"),
        ("equalities", "the equalities implications"),
        ("risk", "the risk management implications"),
        ("contact", "the contact details"),
    ):
        setattr(review, name, check_optional(getattr(review, name), name, what, TEXT_LIMIT))
    if review.started_on is not None:
        check_day(review.started_on, "started_on", "The start", today)
    if review.ended_on is not None:
        check_day(review.ended_on, "ended_on", "The end", today)
        if review.started_on is not None and review.ended_on < review.started_on:
            raise Refused("The review cannot end before it starts.", "ended_on")
    if review.status not in ReviewStatus.values:
        raise Refused("Choose the review's status.", "status")
    clash = Review.objects.filter(organisation_id=review.organisation_id, title=review.title)
    if review.pk is not None:
        clash = clash.exclude(pk=review.pk)
    if clash.exists():
        raise Refused("There is already a review with this title.", "title")


@transaction.atomic
def save_review(
    review: Review,
    acting_user,
    *,
    reason: str,
    members: list | None = None,
    today: date | None = None,
) -> Review:
    """Create or change `review` (and, given, set its members: people of this council)."""
    _team(acting_user, review.organisation_id)
    check_review(review, today)
    if members is not None and any(m.organisation_id != review.organisation_id for m in members):
        raise Refused("Every member must be someone in this council.", "members")
    review._history_user = acting_user
    review._change_reason = reason
    review.save()
    if members is not None and {m.pk for m in members} != set(
        review.members.values_list("pk", flat=True)
    ):
        review.members.set(members)
    log_event("scrutiny_review_saved", organisation_id=review.organisation_id, review=review.pk)
    return review


# --- recommendations -----------------------------------------------------------------------


def _own(thing, organisation_id: int) -> bool:
    if thing is None:
        return True
    owner = getattr(thing, "organisation_id", None)
    if owner is None and hasattr(thing, "plan"):  # a theme is its plan's
        owner = thing.plan.organisation_id
    return owner == organisation_id


def check_recommendation(
    recommendation: Recommendation, concerns: dict | None = None, today: date | None = None
) -> None:
    """A recommendation as a page or the administration gives it, by every rule: a number
    from 1 to 999 not taken in its review, its text and lead-in within their lengths, one
    group (a directorate, or a level), and everything it names this council's."""
    review = recommendation.review
    organisation_id = review.organisation_id
    number = recommendation.number
    if number is None or not 1 <= number <= NUMBER_LIMIT:
        raise Refused(f"The number must be a whole number from 1 to {NUMBER_LIMIT}.", "number")
    taken = Recommendation.objects.filter(review=review, number=number)
    if recommendation.pk is not None:
        taken = taken.exclude(pk=recommendation.pk)
    if taken.exists():
        raise Refused(f"This review already has a recommendation {number}.", "number")
    recommendation.text = check_text(recommendation.text, "text", "the recommendation", TEXT_LIMIT)
    recommendation.lead_in = check_optional(
        recommendation.lead_in, "lead_in", "the lead-in", LEAD_IN_LIMIT
    )
    level = recommendation.level or ""
    if level and level not in Level.values:
        raise Refused("Choose directorate level or corporate level.", "level")
    if (recommendation.unit_id is None) == (not level):
        raise Refused(
            "Give the recommendation one group: a directorate, or general at directorate or "
            "corporate level.",
            "unit",
        )
    for name, what in (
        ("unit", "The directorate"),
        ("source_meeting", "The meeting it came from"),
        ("officer", "The responsible officer"),
        ("follow_up_period", "The follow-up period"),
        ("agenda_item", "The agenda item"),
    ):
        thing = getattr(recommendation, name)
        if name in ("source_meeting",) and thing is not None:
            owner = thing.body.organisation_id
        elif name == "agenda_item" and thing is not None:
            owner = thing.meeting.body.organisation_id
        else:
            owner = organisation_id if _own(thing, organisation_id) else None
        if owner != organisation_id:
            raise Refused(f"{what} must be this council's.", name)
    _check_response(recommendation, today)
    if recommendation.follow_up_on is not None:
        check_day(recommendation.follow_up_on, "follow_up_on", "The follow-up date", today)
    if recommendation.status not in RecommendationStatus.values:
        raise Refused("Choose open, in progress, completed or closed.", "status")
    recommendation.evidence = check_optional(
        recommendation.evidence, "evidence", "the evidence", TEXT_LIMIT
    )
    if recommendation.status not in LIVE and not recommendation.evidence:
        raise Refused("Say what shows it is done: the evidence for closing it.", "evidence")
    if recommendation.closed_on is not None:
        check_day(recommendation.closed_on, "closed_on", "The day it was closed", today)
    for name in CONCERNS:
        for thing in (concerns or {}).get(name) or ():
            if not _own(thing, organisation_id):
                raise Refused("Everything it concerns must be this council's.", name)


def _check_response(recommendation: Recommendation, today: date | None) -> None:
    response = recommendation.response or ""
    if response and response not in Response.values:
        raise Refused("Choose accepted, partly accepted or not accepted.", "response")
    recommendation.response_text = check_optional(
        recommendation.response_text, "response_text", "the response", TEXT_LIMIT
    )
    if recommendation.response_text and not response:
        raise Refused("Say whether the recommendation was accepted.", "response")
    if recommendation.decided_on is not None:
        check_day(recommendation.decided_on, "decided_on", "The Cabinet decision", today)
        if not response:
            raise Refused("Say what Cabinet decided: accepted, partly or not.", "response")


@transaction.atomic
def save_recommendation(
    recommendation: Recommendation,
    acting_user,
    *,
    reason: str,
    concerns: dict | None = None,
    today: date | None = None,
) -> Recommendation:
    """Create or change `recommendation`; `concerns` ({'measures': [...], 'plans': [...],
    'themes': [...], 'key_actions': [...]}) sets what it concerns, where given."""
    _team(acting_user, recommendation.review.organisation_id)
    check_recommendation(recommendation, concerns, today)
    if recommendation.status not in LIVE and recommendation.closed_on is None:
        recommendation.closed_on = today or timezone.localdate()
    if recommendation.status in LIVE:
        recommendation.closed_on = None
    recommendation._history_user = acting_user
    recommendation._change_reason = reason
    recommendation.save()
    for name in CONCERNS:
        if concerns and name in concerns:
            getattr(recommendation, name).set(list(concerns[name]))
    log_event(
        "scrutiny_recommendation_saved",
        organisation_id=recommendation.review.organisation_id,
        recommendation=recommendation.pk,
    )
    return recommendation


def _locked(recommendation: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("review")
        .get(pk=recommendation.pk)
    )


@transaction.atomic
def record_response(
    recommendation: Recommendation,
    response: str,
    text: str,
    decided_on: date | None,
    acting_user,
    *,
    today: date | None = None,
) -> Recommendation:
    """The executive's response: accepted, partly or not, in words, and the day Cabinet
    decided."""
    _team(acting_user, recommendation.review.organisation_id)
    recommendation = _locked(recommendation)
    if not response:
        raise Refused("Choose accepted, partly accepted or not accepted.", "response")
    recommendation.response = response
    recommendation.response_text = text
    recommendation.decided_on = decided_on
    _check_response(recommendation, today)
    recommendation._history_user = acting_user
    recommendation._change_reason = "Executive response recorded"
    recommendation.save(update_fields=["response", "response_text", "decided_on"])
    return recommendation


@transaction.atomic
def add_update(
    recommendation: Recommendation,
    text: str,
    acting_user,
    *,
    dated: date | None = None,
    completed: bool = False,
    now: datetime | None = None,
) -> RecommendationUpdate:
    """A dated update on action by the responsible officer or their team (or the performance
    team). It moves an open recommendation to in progress, or (`completed`) to completed; a
    completed or closed one takes no more updates. The date is not in the future nor before
    the review began."""
    recommendation = _locked(recommendation)
    if not can_update(
        access_for(acting_user, recommendation.review.organisation_id), recommendation
    ):
        raise PermissionDenied(
            "Only the responsible officer, their team or the performance team may add an update."
        )
    if not recommendation.is_live:
        raise Refused(
            f"This recommendation is {recommendation.get_status_display().lower()}: it takes "
            "no more updates."
        )
    now = now or timezone.now()
    today = timezone.localdate(now)
    text = check_text(text, "text", "the update on action", TEXT_LIMIT)
    dated = dated or today
    if dated > today:
        raise Refused("An update cannot be dated after today.", "dated")
    earliest = recommendation.review.started_on
    if earliest is not None and dated < earliest:
        raise Refused(
            f"An update cannot be dated before the review began, {earliest:%-d %B %Y}.", "dated"
        )
    check_day(dated, "dated", "The update's date", today)
    update = RecommendationUpdate(
        recommendation=recommendation,
        dated=dated,
        text=text,
        written_by=acting_user,
        written_at=now,
    )
    update._history_user = acting_user
    update._change_reason = "Update on action"
    update.save()
    status = RecommendationStatus.COMPLETED if completed else RecommendationStatus.IN_PROGRESS
    if recommendation.status != status:
        recommendation.status = status
        recommendation._history_user = acting_user
        recommendation._change_reason = f"Now {status.label.lower()} (update on action)"
        if completed:
            recommendation.evidence = recommendation.evidence or text
            recommendation.closed_on = dated
        recommendation.save(update_fields=["status", "evidence", "closed_on"])
    log_event(
        "scrutiny_update_added",
        organisation_id=recommendation.review.organisation_id,
        recommendation=recommendation.pk,
    )
    return update


@transaction.atomic
def close_recommendation(
    recommendation: Recommendation,
    evidence: str,
    acting_user,
    *,
    status: str = RecommendationStatus.CLOSED,
    today: date | None = None,
) -> Recommendation:
    """Close a recommendation (completed, or closed) with the evidence that shows it."""
    _team(acting_user, recommendation.review.organisation_id)
    recommendation = _locked(recommendation)
    if status not in (RecommendationStatus.COMPLETED, RecommendationStatus.CLOSED):
        raise Refused("Close it as completed or closed.", "status")
    recommendation.evidence = check_text(
        evidence, "evidence", "the evidence for closing it", TEXT_LIMIT
    )
    recommendation.status = status
    recommendation.closed_on = today or timezone.localdate()
    recommendation._history_user = acting_user
    recommendation._change_reason = f"Closed: {RecommendationStatus(status).label.lower()}"
    recommendation.save(update_fields=["status", "evidence", "closed_on"])
    return recommendation


def next_meeting(review: Review, after: datetime) -> Meeting | None:
    """The next meeting of the review's committee or panel after `after`."""
    return (
        Meeting.objects.filter(body_id=review.body_id, starts_at__gt=after)
        .order_by("starts_at")
        .first()
    )


@transaction.atomic
def ask_question(
    recommendation: Recommendation, text: str, acting_user, *, now: datetime | None = None
) -> Question:
    """A scrutiny member's question on `recommendation`, for the next meeting of the review's
    committee or panel (none yet scheduled: the question waits for one)."""
    review = recommendation.review
    if not can_ask(access_for(acting_user, review.organisation_id), review):
        raise PermissionDenied(
            "Only councillors, the review's members and the performance team may ask."
        )
    now = now or timezone.now()
    question = Question(
        recommendation=recommendation,
        text=check_text(text, "text", "your question", TEXT_LIMIT),
        asked_by=acting_user,
        asked_at=now,
        meeting=next_meeting(review, now),
    )
    question._history_user = acting_user
    question._change_reason = "Question for the next meeting"
    question.save()
    return question


@transaction.atomic
def put_on_agenda(recommendation: Recommendation, meeting: Meeting, acting_user):
    """Put `recommendation` (its latest update, for a report back) on `meeting`'s agenda: an
    agenda item at the end, linked from the recommendation."""
    review = recommendation.review
    _team(acting_user, review.organisation_id)
    if meeting.body.organisation_id != review.organisation_id:
        raise Refused("Choose one of this council's meetings.", "meeting")
    recommendation = _locked(recommendation)
    if recommendation.agenda_item_id and recommendation.agenda_item.meeting_id == meeting.pk:
        raise Refused("It is already on that meeting's agenda.", "meeting")
    title = f"Scrutiny recommendation {recommendation.number}: {review.title}"[:NAME_LIMIT]
    item = add_agenda_item(meeting, title, recommendation.text[:2000], "", acting_user)
    recommendation.agenda_item = item
    recommendation._history_user = acting_user
    recommendation._change_reason = f"On the agenda of {meeting}"
    recommendation.save(update_fields=["agenda_item"])
    return item


def can_answer(access: Access, recommendation: Recommendation) -> bool:
    """Answer a member's question: whoever may add an update on action."""
    return can_update(access, recommendation)


@transaction.atomic
def answer_question(
    question: Question, text: str, acting_user, *, now: datetime | None = None
) -> Question:
    """Answer (or correct the answer to) a member's question: the answer, who gave it and
    when, kept in the question's history."""
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("recommendation__review")
        .get(pk=question.pk)
    )
    recommendation = question.recommendation
    if not can_answer(
        access_for(acting_user, recommendation.review.organisation_id), recommendation
    ):
        raise PermissionDenied(
            "Only the responsible officer, their team or the performance team may answer."
        )
    question.answer = check_text(text, "answer", "the answer", TEXT_LIMIT)
    question.answered_by = acting_user
    question.answered_at = now or timezone.now()
    question._history_user = acting_user
    question._change_reason = "Answered"
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    log_event(
        "scrutiny_question_answered",
        organisation_id=recommendation.review.organisation_id,
        question=question.pk,
    )
    return question


@transaction.atomic
def put_update_on_agenda(update: RecommendationUpdate, meeting: Meeting, acting_user):
    """Put one update on action by itself on `meeting`'s agenda (a report back): an agenda
    item at the end, linked from the update; the meeting's pack shows that update."""
    recommendation = update.recommendation
    review = recommendation.review
    _team(acting_user, review.organisation_id)
    if meeting.body.organisation_id != review.organisation_id:
        raise Refused("Choose one of this council's meetings.", "meeting")
    update = (
        RecommendationUpdate.objects.select_for_update(of=("self",))
        .select_related("agenda_item")
        .get(pk=update.pk)
    )
    if update.agenda_item_id and update.agenda_item.meeting_id == meeting.pk:
        raise Refused("That update is already on that meeting's agenda.", "meeting")
    title = (
        f"Scrutiny recommendation {recommendation.number}, update of "
        f"{update.dated:%-d %B %Y}: {review.title}"
    )[:NAME_LIMIT]
    item = add_agenda_item(meeting, title, update.text[:2000], "", acting_user)
    update.agenda_item = item
    update._history_user = acting_user
    update._change_reason = f"On the agenda of {meeting}"
    update.save(update_fields=["agenda_item"])
    log_event(
        "scrutiny_update_on_agenda",
        organisation_id=review.organisation_id,
        recommendation=recommendation.pk,
    )
    return item
