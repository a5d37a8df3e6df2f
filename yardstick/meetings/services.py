"""Every write to meetings and action logs, and the rules each applies: the pages, the
administration and (later) the importer call these, so a value is judged the same way at every
door. Each write records who made it and why in the models' history.

Who may do what: the performance team schedules meetings, sets their agendas and the issues
put to them for decision, and records the actions they agree and the decisions they take; an
action's owner (or the performance team) writes its updates and closes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from yardstick.accounts.access import access_for
from yardstick.bounds import (
    Refused,
    check_day,
    check_optional,
    check_text,
)
from yardstick.logs import log_event
from yardstick.meetings.models import (
    MINUTES_LIMIT,
    NAME_LIMIT,
    PACK_DAYS_LIMIT,
    ActionStatus,
    AgendaItem,
    AgreedAction,
    AgreedActionUpdate,
    Attendance,
    Body,
    BodyKind,
    IssueForDecision,
    Meeting,
    MeetingStatus,
    PartnerPerson,
    Presence,
)

MEETING_MINUTES_LIMIT = Meeting._meta.get_field("minutes").max_length

# The bounds (one home: yardstick.bounds); a refusal here is a `bounds.Refused`.
MeetingRefused = Refused


def _performance_team(acting_user, organisation_id: int) -> None:
    if not access_for(acting_user, organisation_id).is_performance_team:
        raise PermissionDenied("Only the performance team may do this.")


def may_update(acting_user, action: AgreedAction) -> bool:
    """The action's owner (for a body, its chair), or the performance team of its
    organisation."""
    if acting_user is None or not acting_user.is_authenticated:
        return False
    if action.owner_id is not None and action.owner_id == acting_user.pk:
        return True
    if action.owner_body_id is not None and action.owner_body.chair_id == acting_user.pk:
        return True
    return access_for(acting_user, action.organisation_id).is_performance_team


@transaction.atomic
def schedule_meeting(
    body: Body, starts_at: datetime, place: str, acting_user, *, today: date | None = None
) -> Meeting:
    """A meeting of `body` at `starts_at` (one at a time per body)."""
    _performance_team(acting_user, body.organisation_id)
    meeting = Meeting(body=body, starts_at=starts_at, place=place)
    check_meeting(meeting, today)
    meeting._history_user = acting_user
    meeting._change_reason = "Meeting scheduled"
    meeting.save()
    return meeting


@transaction.atomic
def set_meeting_status(meeting: Meeting, status: str, acting_user) -> Meeting:
    """Record where a meeting has got to: planned, pack published, held, minutes approved."""
    _performance_team(acting_user, meeting.body.organisation_id)
    if status not in MeetingStatus.values:
        raise MeetingRefused("Choose planned, pack published, held or minutes approved.", "status")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == status:
        return meeting
    meeting.status = status
    meeting._history_user = acting_user
    meeting._change_reason = f"Now {MeetingStatus(status).label.lower()}"
    meeting.save(update_fields=["status"])
    return meeting


@dataclass(frozen=True)
class ActionInput:
    """An action as a form, a file or the API gives it: exactly one kind of owner."""

    text: str
    owner: object | None = None  # a User of the organisation
    owner_body: Body | None = None
    owner_name: str = ""
    due: date | None = None
    measure: object | None = None  # a Measure the action is about
    key_action: object | None = None  # a KeyAction (key project) the action is about


def _checked(meeting: Meeting, given: ActionInput, today: date | None) -> ActionInput:
    text = check_text(given.text, "text", "the action")
    name = (given.owner_name or "").strip()
    if len(name) > NAME_LIMIT:
        raise MeetingRefused(
            f"The owner's name must be {NAME_LIMIT} characters or fewer.", "owner_name"
        )
    owners = [given.owner is not None, given.owner_body is not None, bool(name)]
    if sum(owners) != 1:
        raise MeetingRefused(
            "Give the action one owner: a person, a body, or a name for someone without an "
            "account.",
            "owner",
        )
    organisation_id = meeting.body.organisation_id
    if given.owner is not None and given.owner.organisation_id != organisation_id:
        raise MeetingRefused("The owner must be someone in this council.", "owner")
    if given.owner_body is not None and given.owner_body.organisation_id != organisation_id:
        raise MeetingRefused("The owning body must be one of this council's.", "owner_body")
    if given.due is not None:
        check_day(given.due, "due", "The due date", today)
    if given.measure is not None and given.measure.organisation_id != organisation_id:
        raise MeetingRefused("The measure must be one of this council's.", "measure")
    if given.key_action is not None and given.key_action.organisation_id != organisation_id:
        raise MeetingRefused("The key project must be one of this council's.", "key_action")
    return ActionInput(
        text, given.owner, given.owner_body, name, given.due, given.measure, given.key_action
    )


@transaction.atomic
def agree_action(
    meeting: Meeting, given: ActionInput, acting_user, *, today: date | None = None
) -> AgreedAction:
    """Record an action `meeting` agreed."""
    _performance_team(acting_user, meeting.body.organisation_id)
    checked = _checked(meeting, given, today)
    action = AgreedAction(
        organisation_id=meeting.body.organisation_id,
        meeting=meeting,
        text=checked.text,
        owner=checked.owner,
        owner_body=checked.owner_body,
        owner_name=checked.owner_name,
        due=checked.due,
        measure=checked.measure,
        key_action=checked.key_action,
    )
    action._history_user = acting_user
    action._change_reason = f"Agreed at {meeting}"
    action.save()
    log_event(
        "action_agreed",
        organisation_id=action.organisation_id,
        body=meeting.body.name,
        meeting=meeting.pk,
        action=action.pk,
    )
    return action


@transaction.atomic
def update_action(
    action: AgreedAction, text: str, status: str, acting_user, *, now: datetime | None = None
) -> AgreedActionUpdate:
    """A dated update on `action` by its owner or the performance team, leaving it open or
    closing it (done or dropped). A closed action takes no more updates."""
    action = AgreedAction.objects.select_for_update().get(pk=action.pk)
    if not may_update(acting_user, action):
        raise PermissionDenied(
            "Only the action's owner (a body's chair) or the performance team may update it."
        )
    if action.status != ActionStatus.OPEN:
        raise MeetingRefused(
            f"This action was closed ({action.get_status_display().lower()}) on "
            f"{timezone.localtime(action.closed_at):%-d %B %Y}: it takes no more updates."
        )
    if status not in ActionStatus.values:
        raise MeetingRefused("Choose open, done or dropped.", "status")
    text = check_text(text, "text", "what has been done")
    now = now or timezone.now()
    update = AgreedActionUpdate(
        action=action, text=text, status=status, written_at=now, written_by=acting_user
    )
    update._history_user = acting_user
    update._change_reason = "Update on the action"
    update.save()
    if status != ActionStatus.OPEN:
        action.status = status
        action.closed_at = now
        action._history_user = acting_user
        action._change_reason = f"Closed: {ActionStatus(status).label.lower()}"
        action.save(update_fields=["status", "closed_at"])
    return update


@transaction.atomic
def add_agenda_item(
    meeting: Meeting, title: str, summary: str, presenter: str, acting_user
) -> AgendaItem:
    """Add an item at the end of `meeting`'s agenda."""
    _performance_team(acting_user, meeting.body.organisation_id)
    title = check_text(title, "title", "the item's title", NAME_LIMIT)
    summary = check_optional(summary, "summary", "what the item is about")
    presenter = check_optional(presenter, "presenter", "who presents it", NAME_LIMIT)
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first()
    item = AgendaItem(
        meeting=meeting,
        position=(last or 0) + 1,
        title=title,
        summary=summary,
        presenter=presenter,
    )
    item._history_user = acting_user
    item._change_reason = "Added to the agenda"
    item.save()
    return item


@transaction.atomic
def remove_agenda_item(item: AgendaItem, acting_user) -> None:
    _performance_team(acting_user, item.meeting.body.organisation_id)
    item._history_user = acting_user
    item._change_reason = "Taken off the agenda"
    item.delete()


@transaction.atomic
def raise_issue(meeting: Meeting, title: str, question: str, acting_user) -> IssueForDecision:
    """Put an issue to `meeting` for decision: what it is asked to decide."""
    _performance_team(acting_user, meeting.body.organisation_id)
    issue = IssueForDecision(
        meeting=meeting,
        title=check_text(title, "title", "the issue's title", NAME_LIMIT),
        question=check_text(question, "question", "what the meeting is asked to decide"),
    )
    issue._history_user = acting_user
    issue._change_reason = f"Put to {meeting} for decision"
    issue.save()
    return issue


@transaction.atomic
def record_decision(
    issue: IssueForDecision,
    decision: str,
    outcome: str,
    decided_on: date | None,
    acting_user,
    *,
    today: date | None = None,
) -> IssueForDecision:
    """What the meeting decided on `issue`, and (then or later) its outcome."""
    _performance_team(acting_user, issue.meeting.body.organisation_id)
    issue = IssueForDecision.objects.select_for_update().get(pk=issue.pk)
    issue.decision = check_text(decision, "decision", "the decision")
    issue.outcome = check_optional(outcome, "outcome", "the outcome")
    if decided_on is not None:
        check_day(decided_on, "decided_on", "The date of the decision", today)
    issue.decided_on = decided_on or timezone.localdate(issue.meeting.starts_at)
    issue._history_user = acting_user
    issue._change_reason = "Decision recorded"
    issue.save(update_fields=["decision", "outcome", "decided_on"])
    return issue


# --- attendance and minutes ----------------------------------------------------------------


@dataclass(frozen=True)
class Present:
    """One person at (or sending apologies to) a meeting: a member with an account, a
    partner's person, or someone named."""

    presence: str
    user: object | None = None
    partner_person: PartnerPerson | None = None
    name: str = ""


@transaction.atomic
def record_attendance(meeting: Meeting, people: list[Present], acting_user) -> int:
    """Who attended `meeting` and who sent apologies, as the minutes record it: replaces
    what was recorded before. Each person once; a member or partner of this council."""
    _performance_team(acting_user, meeting.body.organisation_id)
    organisation_id = meeting.body.organisation_id
    seen: set = set()
    rows = []
    for person in people:
        if person.presence not in Presence.values:
            raise MeetingRefused("Say whether each person attended or sent apologies.", "")
        name = check_optional(person.name, "others", "a name", NAME_LIMIT)
        if person.user is not None and person.user.organisation_id != organisation_id:
            raise MeetingRefused("Someone listed is not in this council.", "")
        if (
            person.partner_person is not None
            and person.partner_person.partner.organisation_id != organisation_id
        ):
            raise MeetingRefused("Someone listed is not one of this council's partners.", "")
        key = (person.user, person.partner_person, name.casefold())
        if sum(bool(part) for part in key) != 1:
            raise MeetingRefused("Name each person once: a member, a partner or a name.", "")
        if key in seen:
            raise MeetingRefused(f"{name or 'Someone'} is listed twice.", "others")
        seen.add(key)
        rows.append(
            Attendance(
                meeting=meeting,
                user=person.user,
                partner_person=person.partner_person,
                name=name,
                presence=person.presence,
            )
        )
    for old in meeting.attendance.all():
        old._history_user = acting_user
        old._change_reason = "Attendance recorded again"
        old.delete()
    for row in rows:
        row._history_user = acting_user
        row._change_reason = "Attendance recorded"
        row.save()
    return len(rows)


@transaction.atomic
def record_minutes(meeting: Meeting, minutes: str, by_item: dict[int, str], acting_user) -> Meeting:
    """The meeting's minutes: a general part and each agenda item's (what was said and
    decided), within their lengths."""
    _performance_team(acting_user, meeting.body.organisation_id)
    general = check_optional(minutes, "minutes", "the minutes", MEETING_MINUTES_LIMIT)
    items = {item.pk: item for item in meeting.agenda_items.all()}
    texts = {}
    for item_id, text in by_item.items():
        if item_id not in items:
            raise MeetingRefused("That agenda item is not this meeting's.", "")
        texts[item_id] = check_optional(
            text, f"item-{item_id}", f"the minutes of {items[item_id].title}", MINUTES_LIMIT
        )
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes != general:
        meeting.minutes = general
        meeting._history_user = acting_user
        meeting._change_reason = "Minutes recorded"
        meeting.save(update_fields=["minutes"])
    for item_id, text in texts.items():
        item = items[item_id]
        if item.minutes != text:
            item.minutes = text
            item._history_user = acting_user
            item._change_reason = "Minutes recorded"
            item.save(update_fields=["minutes"])
    return meeting


# --- imports: bodies, meetings and agreed actions from a file ------------------------------
# An import (yardstick.imports.kinds.meetings) checks each row by these rules before anything
# is written, so every problem is reported with its row, then writes each record through
# these, with the import's reason ("Imported from FILE") in its history. Who may: the
# performance team; None is the deployment itself (the command line run without --user), as
# for an import of figures.

SHORT_NAME_LIMIT = Body._meta.get_field("short_name").max_length


def _may_import(acting_user, organisation_id: int) -> None:
    if acting_user is not None:
        _performance_team(acting_user, organisation_id)


def check_body(body: Body) -> None:
    """A body as a page or a file gives it: named, of a kind, its pack deadline in range, its
    scope and parent this council's (and no loop of parents)."""
    body.name = check_text(body.name, "name", "the body's name", NAME_LIMIT)
    body.short_name = check_optional(
        body.short_name, "short_name", "the short name", SHORT_NAME_LIMIT
    )
    if body.kind not in BodyKind.values:
        raise MeetingRefused("Choose the kind of body.", "kind")
    days = body.pack_working_days
    if days is None or not 0 <= days <= PACK_DAYS_LIMIT:
        raise MeetingRefused(
            f"The pack deadline must be from 0 to {PACK_DAYS_LIMIT} working days.",
            "pack_working_days",
        )
    try:
        body.clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise MeetingRefused(messages[0], field) from None


@transaction.atomic
def save_body(body: Body, acting_user, *, reason: str, members: list | None = None) -> Body:
    """Create or change `body` (and, given, set its members: people of this council)."""
    _may_import(acting_user, body.organisation_id)
    check_body(body)
    if members is not None and any(
        member.organisation_id not in (None, body.organisation_id) for member in members
    ):
        raise MeetingRefused("Every member must be someone in this council.", "members")
    body._history_user = acting_user
    body._change_reason = reason
    body.save()
    if members is not None and {m.pk for m in members} != set(
        body.members.values_list("pk", flat=True)
    ):
        body.members.set(members)
    return body


def check_meeting(meeting: Meeting, today: date | None = None) -> None:
    """A meeting as a page or a file gives it: within the years allowed, its place within
    its length, a status there is, one meeting of its body at a time."""
    check_day(timezone.localdate(meeting.starts_at), "starts_at", "The meeting", today)
    meeting.place = (meeting.place or "").strip()
    if len(meeting.place) > NAME_LIMIT:
        raise MeetingRefused(f"The place must be {NAME_LIMIT} characters or fewer.", "place")
    if meeting.status not in MeetingStatus.values:
        raise MeetingRefused("Choose planned, pack published, held or minutes approved.", "status")
    clash = Meeting.objects.filter(body_id=meeting.body_id, starts_at=meeting.starts_at)
    if meeting.pk is not None:
        clash = clash.exclude(pk=meeting.pk)
    if meeting.body_id is not None and clash.exists():
        raise MeetingRefused(
            f"{meeting.body} already meets at "
            f"{timezone.localtime(meeting.starts_at):%-d %B %Y, %H:%M}.",
            "starts_at",
        )


@transaction.atomic
def save_meeting(meeting: Meeting, acting_user, *, reason: str, today=None) -> Meeting:
    """Create or change `meeting`: its time, place or status."""
    _may_import(acting_user, meeting.body.organisation_id)
    check_meeting(meeting, today)
    meeting._history_user = acting_user
    meeting._change_reason = reason
    meeting.save()
    return meeting


def check_agreed_action(action: AgreedAction, was: str | None, today: date | None = None) -> None:
    """An agreed action as a page or a file gives it, by the rules `agree_action` applies
    (one owner, the text and dates within bounds, this council's own); a status there is.
    An action that was (`was`, its status before; None for a new one) closed takes no more
    changes, as it takes no more updates."""
    if was is not None and was != ActionStatus.OPEN:
        raise MeetingRefused(
            f"This action was closed ({ActionStatus(was).label.lower()}): it takes no more "
            "changes.",
            "status",
        )
    checked = _checked(
        action.meeting,
        ActionInput(
            action.text,
            action.owner,
            action.owner_body,
            action.owner_name,
            action.due,
            action.measure,
            action.key_action,
        ),
        today,
    )
    action.text, action.owner_name = checked.text, checked.owner_name
    if action.status not in ActionStatus.values:
        raise MeetingRefused("Choose open, done or dropped.", "status")


@transaction.atomic
def save_agreed_action(
    action: AgreedAction, acting_user, *, reason: str, today=None, now=None
) -> AgreedAction:
    """Create or change an action a meeting agreed; given done or dropped, it is closed now."""
    _may_import(acting_user, action.meeting.body.organisation_id)
    was = None
    if action.pk is not None:
        was = (
            AgreedAction.objects.select_for_update()
            .values_list("status", flat=True)
            .get(pk=action.pk)
        )
    check_agreed_action(action, was, today)
    action.organisation_id = action.meeting.body.organisation_id
    if action.status != ActionStatus.OPEN and action.closed_at is None:
        action.closed_at = now or timezone.now()
    action._history_user = acting_user
    action._change_reason = reason
    action.save()
    return action
