"""Bodies that meet, their meetings, and the actions the meetings agree.

Each row is checked by the rules the meetings' pages apply (`yardstick.meetings.services`),
before anything is written, so a problem is reported with its row; the records are then
written one by one through the same services, with the import's reason in their history.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from yardstick.actions.models import KeyAction
from yardstick.imports.changes import Action, ChangeSet, DataMoved, FieldChange, Writer
from yardstick.imports.kinds.base import (
    ABSENT,
    Cells,
    Column,
    ImportContext,
    Kind,
    Wanted,
    depth_levels,
    diff_records,
    load_users,
    lookup,
    present,
    show_value,
    username,
    usernames,
)
from yardstick.imports.tables import Table
from yardstick.measures.models import Measure
from yardstick.meetings.models import (
    ActionStatus,
    AgreedAction,
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
)
from yardstick.meetings.services import (
    MeetingRefused,
    check_agreed_action,
    check_body,
    check_meeting,
    save_agreed_action,
    save_body,
    save_meeting,
)
from yardstick.organisations.models import Organisation, OrganisationUnit, Partnership

# 18:30 as typed; 18:30:00 as an Excel cell holding a time reads.
TIME = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])(?::00)?")
PACK_DAYS_DEFAULT = Body._meta.get_field("pack_working_days").default
# The file's column for each field a service names in its refusal.
COLUMNS = {"starts_at": "date", "key_action": "key_project"}


def _refused(changes: ChangeSet, row: int, refused: MeetingRefused) -> None:
    changes.problem(row, COLUMNS.get(refused.field, refused.field), refused.message)


def _written(write) -> None:
    """Run a write; a refusal by the services (the data moved since the file was checked, or
    a person who may not) rolls the whole import back and says why."""
    try:
        write()
    except MeetingRefused as refused:
        raise DataMoved(refused.message) from None
    except PermissionDenied as denied:
        raise DataMoved(str(denied)) from None


def _show(name: str, value: Any) -> str:
    if isinstance(value, Body):
        return value.name
    return show_value(name, value)


def read_time(cells: Cells, column: str) -> Any:
    """A time of day, 'HH:MM' (24 hours), needed."""
    if not cells.has(column):
        return ABSENT
    value = cells.raw(column)
    if not value:
        return cells.problem(column, "is blank; it is needed")
    found = TIME.fullmatch(value)
    if found is None:
        return cells.problem(column, f"'{value}' is not a time of day (write it like 18:30)")
    return time(int(found[1]), int(found[2]))


def read_starts_at(cells: Cells) -> Any:
    """The meeting's start from the row's `date` and `time` cells, in the council's time."""
    day = cells.date("date")
    at = read_time(cells, "time")
    if day is ABSENT or at is ABSENT:
        return ABSENT
    if day is None:
        return cells.problem("date", "is blank; it is needed")
    return timezone.make_aware(datetime.combine(day, at))


def meeting_day(starts_at: datetime) -> str:
    return timezone.localtime(starts_at).date().isoformat()


def meeting_time(starts_at: datetime) -> str:
    return f"{timezone.localtime(starts_at):%H:%M}"


def _mark_changed(changes: ChangeSet, change, model: str) -> None:
    """A record the fields left alone but whose many-to-many links change."""
    if change.action == Action.UNCHANGED:
        counter = changes.counts[model]
        counter[Action.UNCHANGED] -= 1
        counter[Action.CHANGE] += 1
        change.action = Action.CHANGE


class BodiesKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        existing = {
            (body.name,): body
            for body in Body.objects.filter(organisation=organisation).select_related(
                "parent", "unit", "partnership", "chair"
            )
        }
        units = (
            {unit.code: unit for unit in OrganisationUnit.objects.filter(organisation=organisation)}
            if "unit" in table.columns
            else {}
        )
        partnerships = (
            {p.name: p for p in Partnership.objects.filter(organisation=organisation)}
            if "partnership" in table.columns
            else {}
        )
        named = usernames(table, "chair") | {
            name.strip()
            for row in table.rows
            for name in row.get("members").split(";")
            if name.strip()
        }
        users = load_users(organisation, named)
        wanted, bad, chosen = [], set(), {}
        for row in table.rows:
            cells = Cells(row, changes)
            name = cells.text("name", required=True)
            values = {
                "short_name": cells.text("short_name"),
                "kind": cells.choice("kind", BodyKind.choices),
                "unit": lookup(cells, "unit", units, "organisation unit"),
                "partnership": lookup(cells, "partnership", partnerships, "partnership"),
                "chair": cells.user("chair", users),
                "pack_working_days": cells.integer("pack_working_days", blank=PACK_DAYS_DEFAULT),
            }
            parent = cells.text("parent")
            members = self.members(cells, users)
            if cells.bad:
                bad.add(row.number)
            if name is ABSENT:
                continue
            if members is not ABSENT:
                chosen[(name,)] = members
            parent_key = ABSENT if parent is ABSENT else ((parent,) if parent else None)
            wanted.append(Wanted(row, (name,), present(values), parent_key))
        diff = diff_records(
            changes,
            model_label="body",
            wanted=wanted,
            existing=existing,
            make=lambda key: Body(organisation=organisation, name=key[0]),
            show=_show,
            key_text=lambda key: key[0],
            key_column="name",
            parent_field="parent",
            existing_parent_key=lambda body: (body.parent.name,) if body.parent else None,
            bad_rows=bad,
        )
        members_of = self.diff_members(changes, diff, wanted, chosen, organisation)
        rows = {id(diff.by_key[item.key]): item.row.number for item in wanted}
        for body in [*diff.new, *diff.changed]:
            try:
                check_body(body)
            except MeetingRefused as refused:
                _refused(changes, rows[id(body)], refused)

        def write(writer: Writer) -> None:
            def save(body: Body) -> None:
                body.parent = body.parent  # its id, now that it is saved
                save_body(
                    body,
                    writer.acting_user,
                    reason=writer.reason,
                    members=members_of.get(id(body)),
                )

            for level in depth_levels(diff.new, lambda body: body.parent):
                for body in level:
                    _written(lambda body=body: save(body))
            for body in diff.changed:
                _written(lambda body=body: save(body))

        changes.steps.append(write)
        return changes

    @staticmethod
    def members(cells: Cells, users: dict) -> Any:
        if not cells.has("members"):
            return ABSENT
        found = []
        for name in cells.raw("members").split(";"):
            name = name.strip()
            if not name:
                continue
            if name not in users:
                return cells.problem("members", f"there is no user '{name}' in this organisation")
            if users[name] not in found:
                found.append(users[name])
        return found

    @staticmethod
    def diff_members(changes, diff, wanted, chosen, organisation) -> dict[int, list]:
        """The members of each body whose `members` cell differs from them (noted as a
        change), by the body's id()."""
        through = Body.members.through
        current: dict[int, set[str]] = {}
        for body_id, name in through.objects.filter(body__organisation=organisation).values_list(
            "body_id", "user__username"
        ):
            current.setdefault(body_id, set()).add(name)
        by_row = {change.row: change for change in changes.changes if change.model == "body"}
        members_of = {}
        for item in wanted:
            change = by_row.get(item.row.number)
            if change is None or item.key not in chosen:
                continue
            body = diff.by_key[item.key]
            before = current.get(body.pk, set()) if body.pk else set()
            after = {user.username for user in chosen[item.key]}
            if before == after:
                continue
            members_of[id(body)] = chosen[item.key]
            change.fields.append(
                FieldChange("members", "; ".join(sorted(before)), "; ".join(sorted(after)))
            )
            if change.action == Action.UNCHANGED:
                _mark_changed(changes, change, "body")
                diff.changed.append(body)
        return members_of

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        bodies = (
            Body.objects.filter(organisation=organisation)
            .select_related("parent", "unit", "partnership", "chair")
            .prefetch_related("members")
        )
        return [
            {
                "name": body.name,
                "short_name": body.short_name,
                "kind": body.kind,
                "unit": body.unit.code if body.unit else "",
                "partnership": body.partnership.name if body.partnership else "",
                "parent": body.parent.name if body.parent else "",
                "chair": username(body.chair),
                "members": "; ".join(sorted(member.username for member in body.members.all())),
                "pack_working_days": str(body.pack_working_days),
            }
            for body in sorted(bodies, key=lambda body: body.name)
        ]


class MeetingsKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        bodies = {body.name: body for body in Body.objects.filter(organisation=organisation)}
        existing = {
            (meeting.body.name, meeting.starts_at): meeting
            for meeting in Meeting.objects.filter(body__organisation=organisation).select_related(
                "body"
            )
        }
        wanted = []
        for row in table.rows:
            cells = Cells(row, changes)
            body = lookup(cells, "body", bodies, "body")
            if body is None:
                cells.problem("body", "is blank; it is needed")
            starts_at = read_starts_at(cells)
            values = {
                "place": cells.text("place"),
                "status": cells.choice("status", MeetingStatus.choices, default="planned"),
            }
            if not cells.bad:
                wanted.append(Wanted(row, (body.name, starts_at), present(values)))
        diff = diff_records(
            changes,
            model_label="meeting",
            wanted=wanted,
            existing=existing,
            make=lambda key: Meeting(body=bodies[key[0]], starts_at=key[1]),
            show=_show,
            key_text=meeting_key,
            key_column="date",
        )
        rows = {id(diff.by_key[item.key]): item.row.number for item in wanted}
        for meeting in [*diff.new, *diff.changed]:
            try:
                check_meeting(meeting)
            except MeetingRefused as refused:
                _refused(changes, rows[id(meeting)], refused)

        def write(writer: Writer) -> None:
            for meeting in [*diff.new, *diff.changed]:
                _written(
                    lambda meeting=meeting: save_meeting(
                        meeting, writer.acting_user, reason=writer.reason
                    )
                )

        changes.steps.append(write)
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        meetings = Meeting.objects.filter(body__organisation=organisation).select_related("body")
        return [
            {
                "body": meeting.body.name,
                "date": meeting_day(meeting.starts_at),
                "time": meeting_time(meeting.starts_at),
                "place": meeting.place,
                "status": meeting.status,
            }
            for meeting in sorted(meetings, key=lambda m: (m.body.name, m.starts_at))
        ]


def meeting_key(key: tuple) -> str:
    """How the report names a meeting: 'Corporate board 2019-01-15 10:00'."""
    return f"{key[0]} {meeting_day(key[1])} {meeting_time(key[1])}"


class MeetingActionsKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        bodies = {body.name: body for body in Body.objects.filter(organisation=organisation)}
        meetings = {
            (meeting.body.name, meeting.starts_at): meeting
            for meeting in Meeting.objects.filter(body__organisation=organisation).select_related(
                "body"
            )
        }
        existing: dict[tuple, AgreedAction] = {}
        for action in AgreedAction.objects.filter(organisation=organisation).select_related(
            "meeting__body", "owner", "owner_body", "measure", "key_action"
        ):
            key = (action.meeting.body.name, action.meeting.starts_at, action.text)
            existing.setdefault(key, action)  # the same text twice at a meeting: the first
        was = {key: action.status for key, action in existing.items()}
        measures = (
            {m.code: m for m in Measure.objects.in_organisation(organisation)}
            if "measure" in table.columns
            else {}
        )
        projects = (
            {a.code: a for a in KeyAction.objects.in_organisation(organisation)}
            if "key_project" in table.columns
            else {}
        )
        users = load_users(organisation, usernames(table, "owner"))
        wanted = []
        for row in table.rows:
            cells = Cells(row, changes)
            body = lookup(cells, "body", bodies, "body")
            if body is None:
                cells.problem("body", "is blank; it is needed")
            starts_at = read_starts_at(cells)
            text = cells.text("text")
            if not cells.bad and (body.name, starts_at) not in meetings:
                cells.problem(
                    "date",
                    f"there is no meeting of {body.name} on {meeting_day(starts_at)} at "
                    f"{meeting_time(starts_at)}: import the meetings first",
                )
            values = {
                "owner": cells.user("owner", users),
                "owner_body": lookup(cells, "owner_body", bodies, "body"),
                "owner_name": cells.text("owner_name"),
                "due": cells.date("due"),
                "status": cells.choice("status", ActionStatus.choices, default="open"),
                "measure": lookup(cells, "measure", measures, "measure"),
                "key_action": lookup(cells, "key_project", projects, "key project"),
            }
            if not cells.bad:
                wanted.append(Wanted(row, (body.name, starts_at, text), present(values)))
        diff = diff_records(
            changes,
            model_label="agreed action",
            wanted=wanted,
            existing=existing,
            make=lambda key: AgreedAction(
                organisation=organisation, meeting=meetings[key[:2]], text=key[2]
            ),
            show=_show,
            key_text=lambda key: f"{meeting_key(key[:2])}: {key[2][:60]}",
            key_column="text",
            labels={"key_action": "key project"},
        )
        rows = {id(diff.by_key[item.key]): (item.row.number, item.key) for item in wanted}
        for action in [*diff.new, *diff.changed]:
            row, key = rows[id(action)]
            try:
                check_agreed_action(action, was.get(key))
            except MeetingRefused as refused:
                _refused(changes, row, refused)

        def write(writer: Writer) -> None:
            for action in [*diff.new, *diff.changed]:
                _written(
                    lambda action=action: save_agreed_action(
                        action, writer.acting_user, reason=writer.reason, now=writer.when
                    )
                )

        changes.steps.append(write)
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        actions = AgreedAction.objects.filter(organisation=organisation).select_related(
            "meeting__body", "owner", "owner_body", "measure", "key_action"
        )
        ordered = sorted(
            actions, key=lambda a: (a.meeting.body.name, a.meeting.starts_at, a.pk or 0)
        )
        return [
            {
                "body": action.meeting.body.name,
                "date": meeting_day(action.meeting.starts_at),
                "time": meeting_time(action.meeting.starts_at),
                "text": action.text,
                "owner": username(action.owner),
                "owner_body": action.owner_body.name if action.owner_body else "",
                "owner_name": action.owner_name,
                "due": show_value("due", action.due),
                "status": action.status,
                "measure": action.measure.code if action.measure else "",
                "key_project": action.key_action.code if action.key_action else "",
            }
            for action in ordered
        ]


BODIES = BodiesKind(
    name="bodies",
    label="Bodies",
    description="Boards, committees and groups that meet, with their chair and members.",
    columns=(
        Column("name", True, "Its name, unique in the council: 'Corporate Strategy Board'."),
        Column("short_name", help="How action logs name it as an owner: 'CSB'."),
        Column(
            "kind",
            True,
            "improvement_board, corporate_board, cabinet, scrutiny_committee, scrutiny_panel, "
            "partnership_board or management_group (or the names: 'Improvement Board').",
        ),
        Column("unit", help="The code of the organisation unit it oversees; blank: the council."),
        Column("partnership", help="The name of the partnership it belongs to."),
        Column("parent", help="The name of the board it reports to (in the file or already)."),
        Column("chair", help="The chair's username."),
        Column("members", help="Members' usernames, separated by ';': 'alex; sam'."),
        Column(
            "pack_working_days",
            help="Working days before each meeting its pack is due, 0 to 30 (blank: 5).",
        ),
    ),
)

MEETINGS = MeetingsKind(
    name="meetings",
    label="Meetings",
    description="Meetings of the bodies: when, where, and how far each has got.",
    columns=(
        Column("body", True, "The body's name (import the bodies first)."),
        Column("date", True, "The day it meets: 2019-01-15 or 15/01/2019."),
        Column("time", True, "The time it starts, 24 hours: 10:00."),
        Column("place", help="Where it meets."),
        Column(
            "status",
            help="planned, pack_published, held or minutes_approved (blank: planned).",
        ),
    ),
)

MEETING_ACTIONS = MeetingActionsKind(
    name="meeting-actions",
    label="Actions agreed at meetings",
    description="The action log: what each meeting agreed, whose it is, by when, and its status.",
    columns=(
        Column("body", True, "The name of the body that met."),
        Column("date", True, "The day of the meeting: 2019-01-15."),
        Column("time", True, "The time the meeting started: 10:00."),
        Column("text", True, "The action, as the minutes record it (up to 2,000 characters)."),
        Column("owner", help="The owner's username; or give owner_body or owner_name instead."),
        Column("owner_body", help="The name of the body that owns it (a management group)."),
        Column("owner_name", help="An owner without an account, in words: 'Police (J. Smith)'."),
        Column("due", help="When it is due: 2019-03-31."),
        Column("status", help="open, done or dropped (blank: open)."),
        Column("measure", help="The code of a measure it is about."),
        Column("key_project", help="The code of a key project (key action) it is about."),
    ),
)
