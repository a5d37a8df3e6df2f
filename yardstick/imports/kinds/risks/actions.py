"""The risk-actions kind: the further actions on each risk, with their owners, due dates,
status and progress."""

from __future__ import annotations

from yardstick.imports.changes import ChangeSet, Writer
from yardstick.imports.kinds.base import (
    Cells,
    Column,
    ImportContext,
    Kind,
    Wanted,
    diff_records,
    load_users,
    present,
    show_value,
    username,
    usernames,
)
from yardstick.imports.kinds.risks.common import (
    refused_in_row,
    risk_key,
    risk_of,
    risks_by_key,
    shown,
    written,
)
from yardstick.imports.tables import Table
from yardstick.organisations.models import Organisation
from yardstick.risks.models import (
    TEXT_LIMIT,
    ActionStatus,
    FurtherAction,
)
from yardstick.risks.services import (
    RiskRefused,
    check_further_action,
    save_further_action,
)


class ActionsKind(Kind):
    """Further actions, known by their risk and text: a file adds actions and changes their
    owner, due date, status and progress; it never removes one."""

    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        risks = risks_by_key(organisation)
        existing: dict[tuple, FurtherAction] = {}
        for action in FurtherAction.objects.filter(
            risk__register__organisation=organisation
        ).select_related("risk__register", "owner"):
            existing.setdefault((risk_key(action.risk), action.text), action)
        users = load_users(organisation, usernames(table, "owner"))
        wanted = []
        for row in table.rows:
            cells = Cells(row, changes)
            risk = risk_of(cells, risks)
            text = cells.text("text", required=True, max_length=TEXT_LIMIT)
            values = {
                "owner": cells.user("owner", users),
                "due": cells.date("due"),
                "status": cells.choice("status", ActionStatus.choices, default=ActionStatus.OPEN),
                "progress": cells.text("progress", max_length=TEXT_LIMIT),
                "updated_on": cells.date("updated_on"),
                "closed_on": cells.date("closed_on"),
            }
            for name, what in (("owner", "the owner's username"), ("due", "the due date")):
                if values[name] is None:
                    cells.problem(name, f"is blank; it is needed: {what}")
            if not cells.bad:
                wanted.append(Wanted(row, (risk_key(risk), text), present(values)))
        diff = diff_records(
            changes,
            model_label="further action",
            wanted=wanted,
            existing=existing,
            make=lambda key: FurtherAction(risk=risks[key[0]], text=key[1]),
            show=shown,
            key_text=lambda key: f"{key[0]}: {key[1][:60]}",
            key_column="text",
        )
        rows = {id(diff.by_key[item.key]): item.row.number for item in wanted}
        for action in [*diff.new, *diff.changed]:
            try:
                check_further_action(action)
            except RiskRefused as refused:
                refused_in_row(changes, rows[id(action)], refused)

        def write(writer: Writer) -> None:
            for action in [*diff.new, *diff.changed]:
                written(
                    lambda action=action: save_further_action(
                        action, writer.acting_user, reason=writer.reason
                    )
                )

        changes.steps.append(write)
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        actions = FurtherAction.objects.filter(
            risk__register__organisation=organisation
        ).select_related("risk__register", "owner")
        return [
            {
                "register": action.risk.register.code,
                "reference": action.risk.reference,
                "text": action.text,
                "owner": username(action.owner),
                "due": show_value("due", action.due),
                "status": action.status,
                "progress": action.progress,
                "updated_on": show_value("updated_on", action.updated_on)
                if action.updated_on
                else "",
                "closed_on": show_value("closed_on", action.closed_on) if action.closed_on else "",
            }
            for action in sorted(
                actions, key=lambda a: (a.risk.register.code, a.risk.reference, a.due, a.pk)
            )
        ]


RISK_ACTIONS = ActionsKind(
    name="risk-actions",
    label="Risk further actions",
    description="The further actions that bring each risk to its target: whose, by when, "
    "and where they have got to.",
    columns=(
        Column("register", True, "The risk's register's code."),
        Column("reference", True, "The risk's reference (import the risks first)."),
        Column("text", True, "The action, as the register words it (up to 2,000 characters)."),
        Column("owner", True, "The owner's username."),
        Column("due", True, "When it is due: 2019-03-31."),
        Column("status", help="open, done or dropped (blank: open)."),
        Column("progress", help="Where it has got to (up to 2,000 characters)."),
        Column("updated_on", help="The day of the last progress update: 2018-11-02."),
        Column("closed_on", help="A done or dropped action: the day it closed."),
    ),
)
