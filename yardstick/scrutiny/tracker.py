"""The recommendations tracker, format-neutral: a review's recommendations (filtered by status
and group) in the seed's layout, Recommendation | Response | Update on action, grouped by
directorate and by level, each recommendation's source meeting a numbered note. The page and
the Word, PDF and Excel renderers all read this object and nothing else.

Read in a fixed number of queries, whatever the number of recommendations and updates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from django.db.models import Prefetch, Q

from yardstick.scrutiny.models import (
    LIVE,
    Level,
    Recommendation,
    RecommendationStatus,
    RecommendationUpdate,
    Response,
    Review,
)

LIVE_FILTER = "live"  # open or in progress
STATUS_FILTERS = {
    LIVE_FILTER: "Open or in progress",
    **{status.value: status.label for status in RecommendationStatus},
}
NO_RESPONSE = "Awaiting the executive's response."
NO_UPDATE = "No update yet."


@dataclass(frozen=True)
class Filters:
    """What the tracker shows: a status (or LIVE_FILTER, or '' for all) and a group (a
    directorate's id as text, a Level value, or '' for all)."""

    status: str = ""
    group: str = ""

    def describe(self, group_names: dict[str, str]) -> str:
        parts = []
        if self.status:
            parts.append(STATUS_FILTERS[self.status].lower())
        if self.group:
            parts.append(group_names.get(self.group, ""))
        return "Showing " + ", ".join(p for p in parts if p) if parts else ""

    def as_query(self) -> str:
        return urlencode({k: v for k, v in (("status", self.status), ("group", self.group)) if v})


@dataclass(frozen=True)
class UpdateLine:
    dated: date
    text: str
    by: str


@dataclass(frozen=True)
class QuestionLine:
    """A member's question and, when given, its answer: who answered and when."""

    id: int
    text: str
    asked_by: str
    asked_at: datetime
    answer: str
    answered_by: str
    answered_at: datetime | None


@dataclass(frozen=True)
class TrackerRow:
    id: int
    number: int
    lead_in: str
    text: str
    note: int | None  # the number of its source meeting's note
    response: str  # a Response value, or ''
    response_label: str
    response_text: str
    decided_on: date | None
    updates: tuple[UpdateLine, ...]
    follow_up: str  # 'Will report back at Q3 2011/12', or ''
    status: str
    status_label: str
    evidence: str
    closed_on: date | None
    officer: str
    questions: tuple[QuestionLine, ...]

    @property
    def is_live(self) -> bool:
        return self.status in LIVE

    @property
    def response_line(self) -> str:
        return response_line(self.response, self.decided_on)

    @property
    def status_line(self) -> str:
        """'Completed on 10 January 2012', 'In progress'."""
        if self.closed_on and not self.is_live:
            return f"{self.status_label} on {self.closed_on:%-d %B %Y}"
        return self.status_label


@dataclass(frozen=True)
class TrackerGroup:
    title: str
    rows: tuple[TrackerRow, ...]


@dataclass(frozen=True)
class Note:
    number: int
    text: str


@dataclass(frozen=True)
class Tracker:
    review_id: int
    organisation_name: str
    review_title: str
    body_name: str
    as_of: date
    groups: tuple[TrackerGroup, ...]
    notes: tuple[Note, ...]
    showing: str  # the filters in words, '' for everything

    @property
    def title(self) -> str:
        """The seed's: 'Scrutiny Review recommendations – <review> – Update on actions,
        December 2011'."""
        return (
            f"Scrutiny Review recommendations – {self.review_title} – Update on actions, "
            f"{self.as_of:%B %Y}"
        )

    @property
    def rows(self) -> tuple[TrackerRow, ...]:
        return tuple(row for group in self.groups for row in group.rows)


def group_choices(review: Review) -> list[tuple[str, str]]:
    """The groups a tracker can be filtered by: the directorates its recommendations name,
    then the two levels."""
    units = (
        Recommendation.objects.filter(review=review, unit__isnull=False)
        .values_list("unit_id", "unit__name")
        .distinct()
        .order_by("unit__name")
    )
    return [(str(unit_id), name) for unit_id, name in units] + [
        (level.value, level.label) for level in Level
    ]


def filtered(review: Review, filters: Filters):
    recommendations = Recommendation.objects.filter(review=review)
    if filters.status == LIVE_FILTER:
        recommendations = recommendations.live()
    elif filters.status:
        recommendations = recommendations.filter(status=filters.status)
    if filters.group in Level.values:
        recommendations = recommendations.filter(level=filters.group)
    elif filters.group.isdigit() and len(filters.group) < 12:
        recommendations = recommendations.filter(unit_id=int(filters.group))
    return recommendations


def follow_up_text(recommendation: Recommendation) -> str:
    if recommendation.follow_up_period_id:
        return f"Will report back at {recommendation.follow_up_period.label}"
    if recommendation.follow_up_on:
        return f"Follow-up on {recommendation.follow_up_on:%-d %B %Y}"
    return ""


def person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def build_tracker(
    review: Review, filters: Filters, *, as_of: date, group_names: dict[str, str] | None = None
) -> Tracker:
    """The tracker of `review` as of `as_of`, showing what `filters` choose."""
    recommendations = list(
        filtered(review, filters)
        .select_related("unit", "officer", "source_meeting__body", "follow_up_period")
        .prefetch_related("updates__written_by", "questions__asked_by", "questions__answered_by")
        .order_by("number")
    )
    notes: dict[int, Note] = {}
    groups: dict[str, list[TrackerRow]] = {}
    for recommendation in recommendations:
        note = None
        meeting = recommendation.source_meeting
        if meeting is not None:
            if meeting.pk not in notes:
                notes[meeting.pk] = Note(
                    len(notes) + 1, f"{meeting.body.name}, {meeting.starts_at:%-d %B %Y}."
                )
            note = notes[meeting.pk].number
        row = TrackerRow(
            id=recommendation.pk,
            number=recommendation.number,
            lead_in=recommendation.lead_in,
            text=recommendation.text,
            note=note,
            response=recommendation.response,
            response_label=Response(recommendation.response).label
            if recommendation.response
            else "",
            response_text=recommendation.response_text,
            decided_on=recommendation.decided_on,
            updates=tuple(
                UpdateLine(update.dated, update.text, person(update.written_by))
                for update in recommendation.updates.all()
            ),
            follow_up=follow_up_text(recommendation) if recommendation.is_live else "",
            status=recommendation.status,
            status_label=recommendation.get_status_display(),
            evidence=recommendation.evidence,
            closed_on=recommendation.closed_on,
            officer=person(recommendation.officer),
            questions=tuple(
                QuestionLine(
                    question.pk,
                    question.text,
                    person(question.asked_by),
                    question.asked_at,
                    question.answer,
                    person(question.answered_by),
                    question.answered_at,
                )
                for question in recommendation.questions.all()
            ),
        )
        groups.setdefault(recommendation.group_label, []).append(row)
    # Directorates first, in the order of their first recommendation; then the two levels.
    general = [f"General recommendations – {level.label.split('– ')[-1]}" for level in Level]
    ordered = [title for title in groups if title not in general]
    ordered += [title for title in general if title in groups]
    return Tracker(
        review_id=review.pk,
        organisation_name=review.organisation.name,
        review_title=review.title,
        body_name=review.body.name,
        as_of=as_of,
        groups=tuple(TrackerGroup(title, tuple(groups[title])) for title in ordered),
        notes=tuple(notes.values()),
        showing=filters.describe(group_names or {}),
    )


# --- a meeting pack's section -----------------------------------------------------------


@dataclass(frozen=True)
class ScrutinyItem:
    """An open recommendation as a meeting pack lists it."""

    review_title: str
    number: int
    group: str
    text: str
    response: str  # 'Accepted by Cabinet on 14 April 2011', or ''
    latest_update: str
    latest_on: date | None
    follow_up: str
    status: str
    officer: str
    on_agenda: bool  # it, or one of its updates, put on this meeting's agenda
    agenda_update: str = ""  # the update put on this meeting's agenda by itself, if any
    agenda_update_on: date | None = None


def pack_items(
    organisation_id: int, unit_ids, meeting, *, whole: bool = False
) -> tuple[ScrutinyItem, ...]:
    """For a meeting's pack: the open or in-progress recommendations of the scope's units
    (`unit_ids`; every one when `whole`, the council's; none for a partnership's None), and
    any recommendation put on `meeting`'s agenda, or with an update put on it by itself (the
    item then shows that update). Two queries."""
    recommendations = Recommendation.objects.filter(review__organisation_id=organisation_id)
    in_scope = Q(status__in=LIVE)
    if not whole:
        in_scope &= Q(unit_id__in=list(unit_ids or ()))
    on_agenda = Q(agenda_item__meeting=meeting) | Q(
        pk__in=RecommendationUpdate.objects.filter(agenda_item__meeting=meeting).values(
            "recommendation_id"
        )
    )
    found = (
        recommendations.filter(in_scope | on_agenda)
        .select_related("review", "unit", "officer", "follow_up_period", "agenda_item")
        .prefetch_related(
            Prefetch("updates", queryset=RecommendationUpdate.objects.select_related("agenda_item"))
        )
        .order_by("review__title", "number")
    )
    items = []
    for recommendation in found:
        updates = list(recommendation.updates.all())
        latest = updates[-1] if updates else None
        chosen = [u for u in updates if u.agenda_item_id and u.agenda_item.meeting_id == meeting.pk]
        itself = (
            recommendation.agenda_item_id is not None
            and recommendation.agenda_item.meeting_id == meeting.pk
        )
        items.append(
            ScrutinyItem(
                review_title=recommendation.review.title,
                number=recommendation.number,
                group=recommendation.unit.name
                if recommendation.unit_id
                else Level(recommendation.level).label,
                text=recommendation.text,
                response=response_line(recommendation.response, recommendation.decided_on),
                latest_update=latest.text if latest else "",
                latest_on=latest.dated if latest else None,
                follow_up=follow_up_text(recommendation) if recommendation.is_live else "",
                status=recommendation.get_status_display(),
                officer=person(recommendation.officer),
                on_agenda=itself or bool(chosen),
                agenda_update=chosen[-1].text if chosen else "",
                agenda_update_on=chosen[-1].dated if chosen else None,
            )
        )
    return tuple(items)


def response_line(response: str, decided_on: date | None) -> str:
    """'Accepted by Cabinet on 14 April 2011', or '' with no response: the tracker's and the
    pack's words."""
    if not response:
        return ""
    when = f" by Cabinet on {decided_on:%-d %B %Y}" if decided_on else ""
    return f"{Response(response).label}{when}"
