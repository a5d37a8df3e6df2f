"""The risk-registers kind: the council's registers."""

from __future__ import annotations

from yardstick.imports.changes import ChangeSet, Writer
from yardstick.imports.kinds.base import (
    Cells,
    Column,
    ImportContext,
    Kind,
    Wanted,
    diff_records,
    lookup,
    present,
)
from yardstick.imports.kinds.risks.common import (
    refused_in_row,
    shown,
    written,
)
from yardstick.imports.tables import Table
from yardstick.meetings.models import Body
from yardstick.organisations.models import Organisation, OrganisationUnit, Partnership
from yardstick.risks.models import (
    Register,
    RegisterKind,
)
from yardstick.risks.services import (
    RiskRefused,
    check_register,
    save_register,
)


class RegistersKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        existing = {
            (register.code,): register
            for register in Register.objects.of(organisation.pk).select_related(
                "unit", "body", "partnership"
            )
        }
        units = {
            unit.code: unit for unit in OrganisationUnit.objects.filter(organisation=organisation)
        }
        bodies = {body.name: body for body in Body.objects.filter(organisation=organisation)}
        partnerships = {p.name: p for p in Partnership.objects.filter(organisation=organisation)}
        wanted = []
        for row in table.rows:
            cells = Cells(row, changes)
            code = cells.text("code", required=True)
            values = {
                "kind": cells.choice("kind", RegisterKind.choices),
                "title": cells.text("title", required=True),
                "unit": lookup(cells, "unit", units, "organisation unit"),
                "body": lookup(cells, "body", bodies, "body"),
                "partnership": lookup(cells, "partnership", partnerships, "partnership"),
            }
            if not cells.bad:
                wanted.append(Wanted(row, (code,), present(values)))
        diff = diff_records(
            changes,
            model_label="risk register",
            wanted=wanted,
            existing=existing,
            make=lambda key: Register(organisation=organisation, code=key[0]),
            show=shown,
            key_text=lambda key: key[0],
            key_column="code",
        )
        rows = {id(diff.by_key[item.key]): item.row.number for item in wanted}
        for register in [*diff.new, *diff.changed]:
            try:
                check_register(register)
            except RiskRefused as refused:
                refused_in_row(changes, rows[id(register)], refused)

        def write(writer: Writer) -> None:
            for register in [*diff.new, *diff.changed]:
                written(
                    lambda register=register: save_register(
                        register, writer.acting_user, reason=writer.reason
                    )
                )

        changes.steps.append(write)
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        registers = Register.objects.of(organisation.pk).select_related(
            "unit", "body", "partnership"
        )
        return [
            {
                "code": register.code,
                "kind": register.kind,
                "title": register.title,
                "unit": register.unit.code if register.unit else "",
                "body": register.body.name if register.body else "",
                "partnership": register.partnership.name if register.partnership else "",
            }
            for register in sorted(registers, key=lambda register: register.code)
        ]


RISK_REGISTERS = RegistersKind(
    name="risk-registers",
    label="Risk registers",
    description="The council's risk registers: corporate, directorates', services', "
    "management groups' and partnerships'.",
    columns=(
        Column("code", True, "Its code, unique in the council; it starts its risks' references."),
        Column(
            "kind",
            True,
            "corporate, directorate, service, management_group or partnership.",
        ),
        Column("title", True, "Its title: 'People directorate risk register'."),
        Column("unit", help="A directorate's or a service's register: the unit's code."),
        Column("body", help="A management group's register: the group's name."),
        Column("partnership", help="A partnership's register: the partnership's name."),
    ),
)
