"""The statements kind: each measure's data quality statement, by the six dimensions, with its
risk, review date and sign-off. A row is a measure's signed-off statement (`status`
signed_off, with who signed it off and on which day) or its draft; a measure may have one of
each. A signed-off row that differs from the statement signed off now is kept as a new
version (the one before it is replaced, and kept in the history); a draft row changes the
draft. Written through `measures.statement_services.load_statement`, all or nothing."""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone

from yardstick.choices import choices
from yardstick.core.statements import ASSESSMENT_LABELS, Assessment, DataQualityRisk, Dimension
from yardstick.imports.changes import Action, ChangeSet, DataMoved, Writer, compare
from yardstick.imports.kinds.base import (
    ABSENT,
    Cells,
    Column,
    ImportContext,
    Kind,
    load_users,
    lookup,
    show_value,
    username,
    usernames,
)
from yardstick.imports.tables import Table
from yardstick.measures.models import Measure
from yardstick.measures.statement_services import (
    StatementInput,
    StatementRefused,
    load_problems,
    load_statement,
)
from yardstick.measures.statements import DataQualityStatement, StatementStatus
from yardstick.organisations.models import Organisation

STATUSES = [
    (StatementStatus.SIGNED_OFF.value, "Signed off"),
    (StatementStatus.DRAFT.value, "Draft"),
]
SIGNED_AT = time(12)  # a file gives the day signed off; it is kept as noon, London time
TEXT_LIMIT = 2000


def _signed_at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, SIGNED_AT))


def _values(entry: StatementInput, signed_off_by, signed_off_at) -> dict:
    values = entry.fields()
    if signed_off_at is not None:
        values["signed_off_by"] = signed_off_by
    return values


class StatementsKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        measures = {m.code: m for m in Measure.objects.in_organisation(organisation)}
        existing = {
            (statement.measure.code, statement.status): statement
            for statement in DataQualityStatement.objects.in_organisation(organisation.pk)
            .exclude(status=StatementStatus.REPLACED)
            .select_related("measure", "signed_off_by")
        }
        users = load_users(organisation, usernames(table, "signed_off_by"))
        seen: dict[tuple, int] = {}
        writes = []
        for row in table.rows:
            cells = Cells(row, changes)
            measure = lookup(cells, "measure", measures, "measure")
            if measure is None:
                cells.problem("measure", "is blank; it is needed")
            status = cells.choice("status", STATUSES, default=StatementStatus.SIGNED_OFF)
            texts, assessments = {}, {}
            for dimension in Dimension:
                text = cells.text(dimension.value, max_length=TEXT_LIMIT)
                texts[dimension.value] = "" if text is ABSENT else text
                assessed = cells.choice(
                    f"{dimension.value}_assessment",
                    choices(Assessment, ASSESSMENT_LABELS),
                    default="",
                )
                assessments[dimension.value] = "" if assessed is ABSENT else assessed
            risk = cells.choice("risk", choices(DataQualityRisk), default="")
            review_date = cells.date("review_date")
            signed_off_by = cells.user("signed_off_by", users)
            signed_off_on = cells.date("signed_off_on")
            if cells.bad:
                continue
            status = StatementStatus.SIGNED_OFF if status is ABSENT else status
            signed = status == StatementStatus.SIGNED_OFF
            if signed and not signed_off_on:
                cells.problem("signed_off_on", "is blank; a signed-off statement needs the day")
                continue
            key = (measure.code, status)
            if key in seen:
                changes.problem(
                    row.number,
                    "measure",
                    f"{measure.code} has a {status.replace('_', ' ')} statement on row "
                    f"{seen[key]} too; give each once",
                )
                continue
            seen[key] = row.number
            entry = StatementInput(
                texts,
                assessments,
                "" if risk is ABSENT else risk,
                None if review_date is ABSENT else review_date,
            )
            at = _signed_at(signed_off_on) if signed else None
            by = signed_off_by if signed and signed_off_by is not ABSENT else None
            problems = load_problems(measure, entry, by, at)
            for problem in problems:
                changes.problem(row.number, problem.field or "measure", problem.message)
            if problems:
                continue
            old = existing.get(key)
            values = _values(entry, by, at)
            found, names = compare(old, values, show_value)
            same_day = (
                old is None
                or not signed
                or timezone.localdate(old.signed_off_at) == (signed_off_on)
            )
            label = f"{measure.code} ({'signed off' if signed else 'draft'})"
            if old is not None and not names and same_day:
                changes.record(Action.UNCHANGED, "data quality statement", label, row.number)
                continue
            action = Action.CHANGE if old is not None and not signed else Action.CREATE
            shown = found if action == Action.CHANGE else [c for c in found if c.after != ""]
            changes.record(action, "data quality statement", label, row.number, shown)
            writes.append((signed, measure, entry, by, at))
        # A measure's signed-off version is written before its draft, so the draft is newer.
        writes.sort(key=lambda item: not item[0])

        def write(writer: Writer) -> None:
            for _, measure, entry, by, at in writes:
                try:
                    load_statement(
                        measure,
                        entry,
                        writer.acting_user,
                        reason=writer.reason,
                        signed_off_by=by,
                        signed_off_at=at,
                    )
                except StatementRefused as refused:
                    raise DataMoved(f"{measure.code}: {refused}") from None

        changes.steps.append(write)
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        statements = (
            DataQualityStatement.objects.in_organisation(organisation.pk)
            .exclude(status=StatementStatus.REPLACED)
            .select_related("measure", "signed_off_by")
        )
        rows = []
        for statement in sorted(
            statements,
            key=lambda s: (s.measure.code, s.status != StatementStatus.SIGNED_OFF),
        ):
            signed = statement.status == StatementStatus.SIGNED_OFF
            row = {"measure": statement.measure.code, "status": statement.status}
            for dimension in Dimension:
                row[dimension.value] = getattr(statement, dimension.value)
                row[f"{dimension.value}_assessment"] = getattr(
                    statement, f"{dimension.value}_assessment"
                )
            row["risk"] = statement.risk
            row["review_date"] = show_value("review_date", statement.review_date)
            row["signed_off_by"] = username(statement.signed_off_by) if signed else ""
            row["signed_off_on"] = (
                timezone.localdate(statement.signed_off_at).isoformat()
                if signed and statement.signed_off_at
                else ""
            )
            rows.append(row)
        return rows


ASSESSMENT_HELP = "met, partly or not_met; blank: not assessed."


def _dimension_columns() -> tuple[Column, ...]:
    columns = []
    for dimension in Dimension:
        text_help = (
            f"How the data meets {dimension.value} (up to 2,000 characters; all six are "
            "needed to sign off)."
        )
        columns.append(Column(dimension.value, help=text_help))
        columns.append(Column(f"{dimension.value}_assessment", help=ASSESSMENT_HELP))
    return tuple(columns)


STATEMENTS = StatementsKind(
    name="statements",
    label="Data quality statements",
    description="Each measure's data quality statement by the six dimensions, signed off or "
    "draft: all or nothing.",
    columns=(
        Column("measure", True, "The measure's code (import the measures first)."),
        Column("status", help="signed_off (the default) or draft."),
        *_dimension_columns(),
        Column("risk", help="The data quality risk: low, medium or high."),
        Column("review_date", help="When it is next reviewed: 2019-09-30."),
        Column("signed_off_by", help="For a signed-off statement: who signed it off (username)."),
        Column("signed_off_on", help="For a signed-off statement: the day: 2019-03-31."),
    ),
)
