"""Targets per measure and period: reading them from a file, comparing them with those that
exist, and setting them through `yardstick.measures.services.set_targets`, which checks each
by the rules every door applies (`yardstick.measures.rules.target_problems`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from yardstick.core import periods as core_periods
from yardstick.core.ratings import SchemeKind
from yardstick.core.targets import (
    ChangeDirection,
    TargetKind,
    TargetParseError,
    format_target,
    parse_target,
)
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.values import ValueType
from yardstick.imports.changes import Action, ChangeSet, FieldChange, Writer, compare
from yardstick.imports.kinds.base import (
    ABSENT,
    Cells,
    Column,
    ImportContext,
    Kind,
    present,
    show_value,
    tidy,
)
from yardstick.imports.kinds.periods import Periods
from yardstick.imports.tables import Row, Table
from yardstick.measures.assessment import core_target
from yardstick.measures.models import TARGET_FIELDS, Measure, Target
from yardstick.measures.rules import (
    AGREED_BY_LENGTH,
    Agreement,
    agreement_problems,
    scheme_problems,
    target_problems,
)
from yardstick.measures.services import TargetRow, set_targets
from yardstick.organisations.models import Organisation

TOLERANCE_FIELDS = (
    "high_green_threshold",
    "amber_threshold",
    "low_red_threshold",
    "absolute_tolerance",
)
SCHEMES = [(scheme.value, scheme.value) for scheme in SchemeKind]
# Where a rule's field is written in a targets file.
TARGET_COLUMNS = (
    {"target": "target", "period": "period", "scheme": "scheme"}
    | {name.removesuffix("_threshold"): name for name in TOLERANCE_FIELDS}
    | {name: name for name in ("agreed", "agreed_by", "agreed_on")}
)


@dataclass
class TargetLine:
    """A row's target: the row, the measure, the period as the file names it, the target and
    the tolerance fields the file sets (ABSENT ones left out)."""

    row: Row
    measure: Measure
    period: core_periods.Period
    target: CoreTarget
    scheme: dict[str, Any] = field(default_factory=dict)
    # The agreement columns the file has (agreed, agreed_by, agreed_on), and the agreement
    # they give over the stored target's (set when planned).
    agreement_fields: dict[str, Any] = field(default_factory=dict)
    agreement: Agreement | None = None

    @property
    def wanted(self) -> dict[str, Any]:
        return target_values(self.target) | self.scheme | self.agreement_fields


@dataclass
class PlannedTargets:
    """The targets a file sets, with their period keys, written once the periods exist."""

    rows: list[tuple[TargetLine, str]] = field(default_factory=list)

    def write(self, writer: Writer, periods: dict[str, Any]) -> None:
        set_targets(
            [
                TargetRow(line.measure, periods[key], line.target, line.scheme, line.agreement)
                for line, key in self.rows
            ],
            writer.acting_user,
            reason=writer.reason,
            when=writer.when,
        )


def target_values(target: CoreTarget) -> dict[str, Any]:
    values = {name: getattr(target, name) for name in TARGET_FIELDS}
    values["change_direction"] = target.change_direction or ""
    return values


def core_target_of(fields: dict[str, Any] | Target | None) -> CoreTarget | None:
    if fields is None:
        return None
    get = fields.get if isinstance(fields, dict) else lambda name: getattr(fields, name)
    return CoreTarget(
        kind=TargetKind(get("kind")),
        value=tidy(get("value")),
        low=tidy(get("low")),
        high=tidy(get("high")),
        change_amount=tidy(get("change_amount")),
        change_percent=tidy(get("change_percent")),
        change_direction=ChangeDirection(get("change_direction"))
        if get("change_direction")
        else None,
    )


def print_target(target: CoreTarget | None, value_type: str) -> str:
    """A target as a file prints it; '' for none."""
    if target is None:
        return ""
    return format_target(target, ValueType(value_type))


def read_target(cells: Cells, column: str, value_type: str) -> Any:
    """The target in a cell, in the measure's type; a problem when it cannot be read."""
    text = cells.raw(column)
    try:
        return parse_target(text, ValueType(value_type))
    except TargetParseError as error:
        return cells.problem(column, str(error))


def _show(name: str, value: Any) -> str:
    return show_value(name, value)


def _collapse_target(found, old, wanted, value_type) -> list[FieldChange]:
    """The target fields shown as one 'target' change ('9.25%' -> '7.8%'), the rest as they are."""
    shown = [change for change in found if change.field.replace(" ", "_") not in TARGET_FIELDS]
    if len(shown) != len(found):
        before = print_target(core_target(old), value_type) if old is not None else ""
        after = print_target(core_target_of(wanted), value_type)
        if old is None and wanted["kind"] == TargetKind.NONE:
            after = "no target"
        elif old is not None and old.kind == TargetKind.NONE:
            before = "no target"
        shown.insert(0, FieldChange("target", before, after or "no target"))
    return shown


def _scheme_of(measure: Measure, old: Target | None, scheme: dict[str, Any]):
    """The scheme a target's row would give: its own fields over the stored ones over the
    measure's."""

    def pick(name: str):
        if name in scheme and scheme[name] is not None:
            return scheme[name]
        own = getattr(old, name, None) if old is not None else None
        return own if own is not None else getattr(measure, name)

    kind = scheme.get("scheme") or (old.scheme if old is not None else "") or measure.scheme
    return (kind, *(pick(name) for name in TOLERANCE_FIELDS))


def plan_targets(
    changes: ChangeSet,
    lines: list[TargetLine],
    periods: Periods,
    existing: dict,
    as_of: date | None = None,
) -> PlannedTargets:
    """Compare the targets the rows want with those that exist, each checked by the rules
    every door applies; a published period's targets are locked. The caller writes them
    (`PlannedTargets.write`) once the periods exist."""
    as_of = as_of or timezone.localdate()
    planned = PlannedTargets()
    seen: dict[tuple, int] = {}
    for line in lines:
        measure, key = line.measure, periods.need(line.period, line.row.number)
        label = f"{measure.code} {key}"
        if (measure.code, key) in seen:
            changes.problem(
                line.row.number,
                "period",
                f"{label} is also on row {seen[measure.code, key]}; give each target once",
            )
            continue
        seen[measure.code, key] = line.row.number
        old = existing.get((measure.pk, key))
        found, names = compare(old, line.wanted, _show)
        if old is not None and not names:
            changes.record(Action.UNCHANGED, "target", label, line.row.number)
            continue
        period = periods.get(key)
        if period is not None and period.is_published:
            changes.problem(
                line.row.number,
                "period",
                f"{period.label} is published and locked: its targets are what the board was "
                f"told, so the target for {measure.code} cannot be changed",
            )
            continue
        problems = target_problems(measure, line.period, line.target, as_of)
        problems += scheme_problems(*_scheme_of(measure, old, line.scheme))
        if line.agreement_fields:
            line.agreement = _agreement_of(old, line.agreement_fields)
            problems += agreement_problems(line.agreement, as_of)
        for problem in problems:
            column = TARGET_COLUMNS.get(problem.field, "target")
            changes.problem(line.row.number, column, problem.message.rstrip("."))
        if problems:
            continue
        shown = _collapse_target(found, old, line.wanted, measure.value_type)
        action = Action.CREATE if old is None else Action.CHANGE
        changes.record(action, "target", label, line.row.number, shown)
        planned.rows.append((line, key))
    return planned


def _agreement_of(old: Target | None, fields: dict[str, Any]) -> Agreement:
    """The file's agreement columns over the stored target's (a new target: agreed)."""

    def pick(name: str, default):
        if name in fields:
            return fields[name]
        return getattr(old, name) if old is not None else default

    return Agreement(pick("agreed", True), pick("agreed_by", ""), pick("agreed_on", None))


def read_agreement(cells: Cells) -> dict[str, Any]:
    """The agreement columns the row has: agreed (yes, or no for a proposal; blank: yes),
    who agreed it and when."""
    agreed = cells.yes_no("agreed")
    if agreed is not ABSENT and not cells.raw("agreed"):
        agreed = True  # blank is agreed: a proposal is the exception, written as "no"
    return present(
        {
            "agreed": agreed,
            "agreed_by": cells.text("agreed_by", max_length=AGREED_BY_LENGTH),
            "agreed_on": cells.date("agreed_on"),
        }
    )


def existing_targets(organisation: Organisation, keys: set[str]) -> dict[tuple[int, str], Target]:
    """The organisation's targets in the periods keyed, by (measure id, period key): one
    query."""
    if not keys:
        return {}
    rows = Target.objects.filter(
        measure__organisation=organisation, period__key__in=keys
    ).select_related("period")
    return {(row.measure_id, row.period.key): row for row in rows}


def measure_of(cells: Cells, measures: dict[str, Measure]) -> Any:
    code = cells.text("measure", required=True)
    if code is ABSENT:
        return ABSENT
    if code not in measures:
        return cells.problem("measure", f"there is no measure '{code}': import the measures first")
    return measures[code]


def year_start(organisation: Organisation, year: int) -> date:
    return core_periods.financial_year(year, organisation.financial_year_start_month).start


def year_end(organisation: Organisation, year: int) -> date:
    return core_periods.financial_year(year, organisation.financial_year_start_month).end


class TargetsKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        measures = {m.code: m for m in Measure.objects.in_organisation(organisation)}
        periods = Periods.load(organisation)
        lines = []
        for row in table.rows:
            cells = Cells(row, changes)
            measure = measure_of(cells, measures)
            core = cells.period("period", context.start_month)
            target = ABSENT
            if measure is not ABSENT:
                target = read_target(cells, "target", measure.value_type)
            scheme = {
                "scheme": cells.choice("scheme", SCHEMES, default=""),
                **{name: cells.decimal(name) for name in TOLERANCE_FIELDS},
            }
            agreement = read_agreement(cells)
            if not cells.bad:
                lines.append(TargetLine(row, measure, core, target, present(scheme), agreement))
        existing = existing_targets(organisation, {line.period.key for line in lines})
        planned = plan_targets(changes, lines, periods, existing)
        periods.record(changes)
        changes.steps.append(lambda writer: planned.write(writer, periods.ensure(writer)))
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        targets = Target.objects.filter(measure__organisation=organisation).select_related(
            "measure", "period"
        )
        if year is not None:
            targets = targets.filter(period__start__gte=year_start(organisation, year))
            targets = targets.filter(period__end__lte=year_end(organisation, year))
        ordered = sorted(targets, key=lambda t: (t.measure.code, t.period.start, t.period.key))
        return [
            {
                "measure": target.measure.code,
                "period": target.period.key,
                "target": print_target(core_target(target), target.measure.value_type),
                "scheme": target.scheme,
                **{name: show_value(name, getattr(target, name)) for name in TOLERANCE_FIELDS},
                "agreed": "yes" if target.agreed else "no",
                "agreed_by": target.agreed_by,
                "agreed_on": show_value("agreed_on", target.agreed_on),
            }
            for target in ordered
        ]


TARGETS = TargetsKind(
    name="targets",
    label="Targets",
    description="Each measure's target for each period, as printed on a scorecard.",
    columns=(
        Column("measure", True, "The measure's code."),
        Column("period", True, "The period: 2018-19 Q2 (or Q2 2018/19, 2018/19, April 2018)."),
        Column(
            "target",
            True,
            "As printed: 6, 9.25%, 01:30, -10%, 35,000, 7-15%, 0.9-1.1, 'Year on year "
            "reduction', BL (a baseline year), '-' or blank (no target).",
        ),
        Column("scheme", help="A tolerance scheme for this period only: five_band, three_band."),
        Column("high_green_threshold", help="This period's High Green threshold, in %."),
        Column("amber_threshold", help="This period's Amber threshold, in %."),
        Column("low_red_threshold", help="This period's Low Red threshold, in %."),
        Column("absolute_tolerance", help="This period's tolerance for a zero target."),
        Column(
            "agreed",
            help="yes (or blank): the target is agreed; no: a proposal, shown but rating nothing "
            "until it is agreed.",
        ),
        Column("agreed_by", help="Who agreed it: Cabinet, Safer Harrow Partnership Board."),
        Column("agreed_on", help="When it was agreed: 2018-06-14."),
    ),
)
