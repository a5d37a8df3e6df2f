"""The risk-controls kind: the controls in place on each risk."""

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
    Control,
)
from yardstick.risks.services import (
    RiskRefused,
    check_control,
    save_control,
)


class ControlsKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        risks = risks_by_key(organisation)
        existing: dict[tuple, Control] = {}
        for control in Control.objects.filter(
            risk__register__organisation=organisation
        ).select_related("risk__register", "owner"):
            existing.setdefault((risk_key(control.risk), control.text), control)
        users = load_users(organisation, usernames(table, "owner"))
        wanted = []
        for row in table.rows:
            cells = Cells(row, changes)
            risk = risk_of(cells, risks)
            text = cells.text("text", required=True)
            values = {"owner": cells.user("owner", users), "added_on": cells.date("added_on")}
            if values["added_on"] is None:
                cells.problem("added_on", "is blank; it is needed")
            if not cells.bad:
                wanted.append(Wanted(row, (risk_key(risk), text), present(values)))
        diff = diff_records(
            changes,
            model_label="control",
            wanted=wanted,
            existing=existing,
            make=lambda key: Control(risk=risks[key[0]], text=key[1]),
            show=shown,
            key_text=lambda key: f"{key[0]}: {key[1][:60]}",
            key_column="text",
        )
        rows = {id(diff.by_key[item.key]): item.row.number for item in wanted}
        for control in [*diff.new, *diff.changed]:
            try:
                check_control(control)
            except RiskRefused as refused:
                refused_in_row(changes, rows[id(control)], refused)

        def write(writer: Writer) -> None:
            for control in [*diff.new, *diff.changed]:
                written(
                    lambda control=control: save_control(
                        control, writer.acting_user, reason=writer.reason
                    )
                )

        changes.steps.append(write)
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        controls = Control.objects.filter(risk__register__organisation=organisation).select_related(
            "risk__register", "owner"
        )
        return [
            {
                "register": control.risk.register.code,
                "reference": control.risk.reference,
                "text": control.text,
                "owner": username(control.owner),
                "added_on": show_value("added_on", control.added_on),
            }
            for control in sorted(
                controls,
                key=lambda c: (c.risk.register.code, c.risk.reference, c.added_on, c.pk),
            )
        ]


RISK_CONTROLS = ControlsKind(
    name="risk-controls",
    label="Risk controls",
    description="The controls in place on each risk.",
    columns=(
        Column("register", True, "The risk's register's code."),
        Column("reference", True, "The risk's reference (import the risks first)."),
        Column("text", True, "The control, as the register words it (up to 2,000 characters)."),
        Column("owner", help="The owner's username."),
        Column("added_on", True, "When it was put in place: 2018-04-20."),
    ),
)
