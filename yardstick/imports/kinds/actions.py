"""Key actions (a plan's key projects and initiatives) and their progress each period."""

from __future__ import annotations

from django.utils import timezone

from yardstick.actions.models import ActionStatus, ActionUpdate, KeyAction, Milestone
from yardstick.actions.services import milestone_problems
from yardstick.framework.models import Theme
from yardstick.imports.changes import ChangeSet, Writer
from yardstick.imports.kinds.base import (
    ABSENT,
    WHOLE_NUMBER_LIMIT,
    Cells,
    Column,
    ImportContext,
    Kind,
    Wanted,
    diff_records,
    load_users,
    present,
    read_theme_reference,
    show_value,
    theme_reference,
    username,
    usernames,
    write_diff,
)
from yardstick.imports.kinds.periods import Periods
from yardstick.imports.tables import Table
from yardstick.organisations.models import Organisation


class ActionsKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        existing = {
            (action.code,): action
            for action in KeyAction.objects.in_organisation(organisation).select_related(
                "theme__plan__organisation", "owner"
            )
        }
        themes = (
            {
                (theme.plan.financial_year, theme.plan.code, theme.code): theme
                for theme in Theme.objects.filter(plan__organisation=organisation).select_related(
                    "plan__organisation"
                )
            }
            if "theme" in table.columns
            else {}
        )
        users = load_users(organisation, usernames(table, "owner"))
        wanted, bad = [], set()
        for row in table.rows:
            cells = Cells(row, changes)
            code = cells.text("code", required=True, max_length=40)
            values = {
                "title": cells.text("title", required=True),
                "theme": _theme(cells, themes, context.start_month),
                "owner": cells.user("owner", users),
                "due_date": cells.date("due_date"),
                "status": cells.choice("status", ActionStatus.choices, default=ActionStatus.GREEN),
                "position": cells.integer("position", blank=0, maximum=WHOLE_NUMBER_LIMIT),
            }
            if cells.bad:
                bad.add(row.number)
            if code is not ABSENT:
                wanted.append(Wanted(row, (code,), present(values)))
        diff = diff_records(
            changes,
            model_label="key action",
            wanted=wanted,
            existing=existing,
            make=lambda key: KeyAction(organisation=organisation, code=key[0]),
            show=_show,
            key_text=lambda key: key[0],
            key_column="code",
            bad_rows=bad,
        )
        changes.steps.append(lambda writer: write_diff(writer, KeyAction, diff))
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        actions = KeyAction.objects.in_organisation(organisation).select_related(
            "theme__plan__organisation", "owner"
        )
        return [
            {
                "code": action.code,
                "title": action.title,
                "theme": theme_reference(action.theme) if action.theme else "",
                "owner": username(action.owner),
                "due_date": show_value("due_date", action.due_date),
                "status": action.status,
                "position": str(action.position),
            }
            for action in sorted(actions, key=lambda action: action.code)
        ]


class ActionUpdatesKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        actions = {
            action.code: action for action in KeyAction.objects.in_organisation(organisation)
        }
        periods = Periods.load(organisation)
        read = []
        for row in table.rows:
            cells = Cells(row, changes)
            code = cells.text("action", required=True)
            if code is not ABSENT and code not in actions:
                cells.problem(
                    "action", f"there is no key action '{code}': import the actions first"
                )
            period = cells.period("period", context.start_month)
            values = {
                "status": cells.choice("status", ActionStatus.choices),
                "progress": cells.text("progress", required=True),
            }
            if not cells.bad:
                key = periods.need(period, row.number)
                read.append((row, actions[code], key, present(values)))
        existing = {
            (update.action.code, update.period.key): update
            for update in ActionUpdate.objects.filter(
                action__organisation=organisation,
                period__key__in={item[2] for item in read},
            ).select_related("action", "period")
        }
        pending_periods: list[tuple[ActionUpdate, str]] = []

        def make(key):
            update = ActionUpdate(action=actions[key[0]])
            pending_periods.append((update, key[1]))
            return update

        diff = diff_records(
            changes,
            model_label="action update",
            wanted=[Wanted(row, (action.code, key), values) for row, action, key, values in read],
            existing=existing,
            make=make,
            show=_show,
            key_text=lambda key: f"{key[0]} {key[1]}",
            key_column="period",
        )
        periods.record(changes)

        def write(writer: Writer) -> None:
            found = periods.ensure(writer)
            for update, key in pending_periods:
                update.period = found[key]
            for update in [*diff.new, *diff.changed]:
                update.entered_by = writer.acting_user
            if diff.changed:
                diff.fields.add("entered_by")
            write_diff(writer, ActionUpdate, diff)

        changes.steps.append(write)
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        updates = ActionUpdate.objects.filter(action__organisation=organisation).select_related(
            "action", "period"
        )
        ordered = sorted(updates, key=lambda u: (u.action.code, u.period.start, u.period.key))
        return [
            {
                "action": update.action.code,
                "period": update.period.key,
                "status": update.status,
                "progress": update.progress,
            }
            for update in ordered
        ]


def _theme(cells: Cells, themes: dict, start_month: int):
    if not cells.has("theme"):
        return ABSENT
    text = cells.raw("theme")
    if not text:
        return None
    try:
        key = read_theme_reference(text, start_month)
    except ValueError as error:
        return cells.problem("theme", str(error))
    if key not in themes:
        return cells.problem("theme", f"there is no theme '{text}': import the themes first")
    return themes[key]


def _show(name: str, value) -> str:
    if isinstance(value, Theme):
        return theme_reference(value)
    return show_value(name, value)


ACTIONS = ActionsKind(
    name="actions",
    label="Key actions",
    description="The key projects and initiatives of a plan, with their owner and status.",
    columns=(
        Column("code", True, "A short reference, unique in the council: KA-01."),
        Column("title", True, "The action as the plan states it."),
        Column("theme", help="The theme it serves: '2018/19 CORP/BBH'."),
        Column("owner", help="The username of the person responsible."),
        Column("due_date", help="When it is due: 2019-03-31."),
        Column("status", help="green, amber, red or completed (blank: green)."),
        Column("position", help="Its place in the theme's list (blank: 0)."),
    ),
)

ACTION_UPDATES = ActionUpdatesKind(
    name="action-updates",
    label="Key action updates",
    description="Progress on each key action in a period, with its status then.",
    columns=(
        Column("action", True, "The key action's code."),
        Column("period", True, "The period: 2018-19 Q2."),
        Column("status", True, "green, amber, red or completed."),
        Column("progress", True, "What has been done."),
    ),
)


class MilestonesKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        projects = {
            action.code: action for action in KeyAction.objects.in_organisation(organisation)
        }
        existing: dict[tuple, Milestone] = {}
        for milestone in Milestone.objects.filter(action__organisation=organisation).select_related(
            "action"
        ):
            existing.setdefault((milestone.action.code, milestone.title), milestone)
        wanted, bad = [], set()
        for row in table.rows:
            cells = Cells(row, changes)
            code = cells.text("key_project", required=True)
            if code is not ABSENT and code not in projects:
                cells.problem(
                    "key_project", f"there is no key project '{code}': import the key actions first"
                )
            title = cells.text("title")
            values = {
                "planned": cells.date("planned"),
                "actual": cells.date("actual"),
                "position": cells.integer("position", blank=0, maximum=WHOLE_NUMBER_LIMIT),
            }
            if cells.bad:
                bad.add(row.number)
                continue
            wanted.append(Wanted(row, (code, title), present(values)))
        diff = diff_records(
            changes,
            model_label="milestone",
            wanted=wanted,
            existing=existing,
            make=lambda key: Milestone(action=projects[key[0]], title=key[1]),
            show=_show,
            key_text=lambda key: f"{key[0]}: {key[1]}",
            key_column="title",
            bad_rows=bad,
        )
        rows = {id(diff.by_key[item.key]): item.row.number for item in wanted}
        today = timezone.localdate()
        for milestone in [*diff.new, *diff.changed]:
            found = milestone_problems(milestone.title, milestone.planned, milestone.actual, today)
            for problem in found:
                changes.problem(rows[id(milestone)], problem.field, problem.message)
        changes.steps.append(lambda writer: write_diff(writer, Milestone, diff))
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        milestones = Milestone.objects.filter(action__organisation=organisation).select_related(
            "action"
        )
        ordered = sorted(
            milestones, key=lambda m: (m.action.code, m.position, m.planned, m.title, m.pk)
        )
        return [
            {
                "key_project": milestone.action.code,
                "title": milestone.title,
                "planned": show_value("planned", milestone.planned),
                "actual": show_value("actual", milestone.actual),
                "position": str(milestone.position),
            }
            for milestone in ordered
        ]


MILESTONES = MilestonesKind(
    name="milestones",
    label="Key project milestones",
    description="The milestones of each key project: planned for a day, done on another.",
    columns=(
        Column("key_project", True, "The key project's (key action's) code: KA-01."),
        Column("title", True, "The milestone, unique in its project: 'Planning permission'."),
        Column("planned", True, "The day it is planned for: 2019-03-31."),
        Column("actual", help="The day it was done; blank if not yet (not after today)."),
        Column("position", help="Its place in the project's list (blank: 0)."),
    ),
)
