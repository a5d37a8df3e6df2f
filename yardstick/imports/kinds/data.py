"""Targets and figures per measure and period, and the periods they need."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

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
from yardstick.core.values import (
    Missing,
    MissingState,
    Value,
    ValueParseError,
    ValueType,
    format_value,
    missing_label,
    parse_note,
    parse_value,
)
from yardstick.framework.models import Period
from yardstick.framework.services import ensure_period
from yardstick.imports.changes import (
    Action,
    ChangeSet,
    FieldChange,
    Writer,
    apply_values,
    compare,
)
from yardstick.imports.kinds.base import (
    ABSENT,
    Cells,
    Column,
    ImportContext,
    Kind,
    fits,
    present,
    show_value,
    tidy,
)
from yardstick.imports.tables import Table
from yardstick.measures.models import (
    TARGET_FIELDS,
    Figure,
    FigureSource,
    FigureStatus,
    Measure,
    Target,
)
from yardstick.organisations.models import Organisation

TARGET_AMOUNTS = ("value", "low", "high", "change_amount", "change_percent")
TOLERANCE_FIELDS = (
    "high_green_threshold",
    "amber_threshold",
    "low_red_threshold",
    "absolute_tolerance",
)
FIGURE_VALUE_FIELDS = ("value", "numerator", "denominator", "decimals", "missing_state")
DASHES = ("-", "–", "—")
SCHEMES = [(scheme.value, scheme.value) for scheme in SchemeKind]


@dataclass
class Periods:
    """The organisation's periods by key (one query); the ones a file needs that do not exist
    yet are created when the import is applied, through framework.services.ensure_period."""

    organisation: Organisation
    existing: dict[str, Period]
    needed: dict[str, core_periods.Period] = field(default_factory=dict)
    first_row: dict[str, int] = field(default_factory=dict)
    created: dict[str, Period] | None = None

    @classmethod
    def load(cls, organisation: Organisation) -> Periods:
        found = Period.objects.in_organisation(organisation)
        return cls(organisation, {period.key: period for period in found})

    def need(self, core: core_periods.Period, row: int) -> str:
        if core.key not in self.existing and core.key not in self.needed:
            self.needed[core.key] = core
            self.first_row[core.key] = row
        return core.key

    def record(self, changes: ChangeSet) -> None:
        for key, core in sorted(self.needed.items(), key=lambda item: item[1]):
            changes.record(
                Action.CREATE,
                "period",
                key,
                self.first_row[key],
                [FieldChange("label", "", core.label)],
            )

    def ensure(self, writer: Writer) -> dict[str, Period]:
        """Every period the file needs, creating the missing ones (once, however often it
        is called); their history rows get the acting user and the reason."""
        if self.created is None:
            self.created = {}
            for key, core in sorted(self.needed.items(), key=lambda item: item[1]):
                self.created[key] = ensure_period(self.organisation, core)
            if self.created:
                Period.history.filter(
                    id__in=[period.pk for period in self.created.values()],
                    history_type="+",
                    history_date__gte=writer.when,
                ).update(history_user=writer.acting_user, history_change_reason=writer.reason)
        return self.existing | self.created


@dataclass
class Pending:
    """New rows whose period may not exist until the import is applied."""

    new: list[tuple[Any, str]] = field(default_factory=list)
    changed: list = field(default_factory=list)
    fields: set[str] = field(default_factory=set)

    def with_periods(self, periods: dict[str, Period]) -> list:
        for obj, key in self.new:
            obj.period = periods[key]
        return [obj for obj, _ in self.new]


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
        target = parse_target(text, ValueType(value_type))
    except TargetParseError as error:
        return cells.problem(column, str(error))
    amounts = [getattr(target, name) for name in TARGET_AMOUNTS]
    if not all(fits(amount) for amount in amounts):
        return cells.problem(column, f"'{text}' does not fit: up to 14 digits and 6 places")
    return target


def read_actual(cells: Cells, column: str, value_type: str) -> Any:
    text = cells.raw(column)
    try:
        value = parse_value(text, ValueType(value_type))
    except ValueParseError as error:
        return cells.problem(column, str(error))
    if isinstance(value, Value) and not all(
        fits(amount) for amount in (value.amount, value.numerator, value.denominator)
    ):
        return cells.problem(column, f"'{text}' does not fit: up to 14 digits and 6 places")
    return value


def read_data_period(cells: Cells, column: str) -> Any:
    """(start, end) of the 'data covers' note, or (None, None) when blank."""
    if not cells.has(column):
        return ABSENT
    text = cells.raw(column)
    if not text:
        return (None, None)
    try:
        covered = core_periods.parse_date_range(text)
    except core_periods.PeriodParseError as error:
        return cells.problem(column, str(error))
    return (covered.start, covered.end)


def figure_values(value: Value | Missing | None, note: str) -> dict[str, Any]:
    """A figure's value fields from a cell read by parse_value and the note beside it.

    A value keeps the note ('Note 6'); a missing state ('-' is not available, 'BL' a baseline)
    keeps the note or the state's own; a blank figure with a note takes its state from the
    note ('New in 2018/19' new, 'Reports in Q1 only' not yet due), and any other note (a
    footnote, 'Note 2') is recorded as not available with that note. A note that is only a
    dash is no note.
    """
    note = "" if note in DASHES else note
    values: dict[str, Any] = dict.fromkeys(FIGURE_VALUE_FIELDS)
    values["missing_state"] = ""
    values["note"] = note
    if isinstance(value, Value):
        values |= {
            "value": value.amount,
            "numerator": value.numerator,
            "denominator": value.denominator,
            "decimals": value.decimals if value.decimals is not None else 0,
        }
    elif isinstance(value, Missing):
        values |= {"missing_state": value.state, "note": note or value.note}
    elif note:
        missing = parse_note(note)
        values["missing_state"] = missing.state if missing else MissingState.NOT_AVAILABLE
    return values


def print_figure(fields: dict[str, Any] | Figure | None, value_type: str) -> str:
    """A figure's value as a file prints it: '38.7% (53/137)', 'Not available', ''."""
    if fields is None:
        return ""
    get = fields.get if isinstance(fields, dict) else lambda name: getattr(fields, name)
    if get("value") is not None:
        decimals = get("decimals")
        amount = get("value")
        return format_value(
            Value(
                amount=amount if decimals is not None else tidy(amount),
                value_type=ValueType(value_type),
                numerator=tidy(get("numerator")),
                denominator=tidy(get("denominator")),
                decimals=decimals,
            )
        )
    if get("missing_state"):
        return missing_label(MissingState(get("missing_state")))
    return ""


def covers(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return ""
    return core_periods.DateRange(start, end).label


def _show(name: str, value: Any) -> str:
    return show_value(name, value)


class TargetsKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        measures = {m.code: m for m in Measure.objects.in_organisation(organisation)}
        periods = Periods.load(organisation)
        read = []
        for row in table.rows:
            cells = Cells(row, changes)
            measure = _measure(cells, measures)
            core = cells.period("period", context.start_month)
            target = ABSENT
            if measure is not ABSENT:
                target = read_target(cells, "target", measure.value_type)
            values = {
                "scheme": cells.choice("scheme", SCHEMES, default=""),
                **{name: cells.decimal(name) for name in TOLERANCE_FIELDS},
            }
            if not cells.bad:
                wanted = target_values(target) | present(values)
                read.append((row, measure, periods.need(core, row.number), wanted))
        existing = _existing(Target, organisation, read)
        pending = plan_targets(changes, read, existing)
        periods.record(changes)
        changes.steps.append(lambda writer: write_targets(writer, pending, periods.ensure(writer)))
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        targets = Target.objects.filter(measure__organisation=organisation).select_related(
            "measure", "period"
        )
        if year is not None:
            targets = targets.filter(period__start__gte=_year_start(organisation, year))
            targets = targets.filter(period__end__lte=_year_end(organisation, year))
        ordered = sorted(targets, key=lambda t: (t.measure.code, t.period.start, t.period.key))
        return [
            {
                "measure": target.measure.code,
                "period": target.period.key,
                "target": print_target(core_target_of(target), target.measure.value_type),
                "scheme": target.scheme,
                **{name: show_value(name, getattr(target, name)) for name in TOLERANCE_FIELDS},
            }
            for target in ordered
        ]


def _collapse_target(found, old, wanted, value_type) -> list[FieldChange]:
    """The target fields shown as one 'target' change ('9.25%' -> '7.8%'), the rest as they are."""
    shown = [change for change in found if change.field.replace(" ", "_") not in TARGET_FIELDS]
    if len(shown) != len(found):
        before = print_target(core_target_of(old), value_type) if old is not None else ""
        after = print_target(core_target_of(wanted), value_type)
        if old is None and wanted["kind"] == TargetKind.NONE:
            after = "no target"
        elif old is not None and old.kind == TargetKind.NONE:
            before = "no target"
        shown.insert(0, FieldChange("target", before, after or "no target"))
    return shown


class FiguresKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        measures = {m.code: m for m in Measure.objects.in_organisation(organisation)}
        periods = Periods.load(organisation)
        read = []
        for row in table.rows:
            cells = Cells(row, changes)
            measure = _measure(cells, measures)
            core = cells.period("period", context.start_month)
            actual = ABSENT
            if measure is not ABSENT:
                actual = read_actual(cells, "actual", measure.value_type)
            note = cells.text("note", max_length=300)
            extra = {
                "commentary": cells.text("commentary"),
                "proposed_action": cells.text("proposed_action"),
                "status": cells.choice(
                    "status", FigureStatus.choices, default=context.figure_status
                ),
            }
            covered = read_data_period(cells, "data_period")
            if not cells.bad:
                wanted = figure_values(actual, note if note is not ABSENT else "")
                if note is ABSENT and isinstance(actual, Value):
                    del wanted["note"]  # no note column: the figure's note is left alone
                if covered is not ABSENT:
                    wanted |= {"data_covers_start": covered[0], "data_covers_end": covered[1]}
                wanted |= {name: value for name, value in extra.items() if value is not ABSENT}
                wanted.setdefault("status", context.figure_status)
                read.append((row, measure, periods.need(core, row.number), wanted))
        pending = plan_figures(changes, periods, read, _existing(Figure, organisation, read))
        periods.record(changes)
        changes.steps.append(lambda writer: write_figures(writer, pending, periods.ensure(writer)))
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        figures = Figure.objects.filter(measure__organisation=organisation).select_related(
            "measure", "period"
        )
        if year is not None:
            figures = figures.filter(period__start__gte=_year_start(organisation, year))
            figures = figures.filter(period__end__lte=_year_end(organisation, year))
        ordered = sorted(figures, key=lambda f: (f.measure.code, f.period.start, f.period.key))
        return [
            {
                "measure": figure.measure.code,
                "period": figure.period.key,
                "actual": print_figure(figure, figure.measure.value_type),
                "note": figure.note,
                "data_period": covers(figure.data_covers_start, figure.data_covers_end),
                "commentary": figure.commentary,
                "proposed_action": figure.proposed_action,
                "status": figure.status,
            }
            for figure in ordered
        ]


def plan_figures(changes: ChangeSet, periods: Periods, read: list, existing: dict) -> Pending:
    """Diff the figures the rows want ((row, measure, period key, fields)) with those that
    exist, refusing any change in a published period. The caller writes them with
    `write_figures` once the periods exist."""
    pending = Pending()
    seen: dict[tuple, int] = {}
    for row, measure, key, wanted in read:
        label = f"{measure.code} {key}"
        if (measure.code, key) in seen:
            changes.problem(
                row.number,
                "period",
                f"{label} is also on row {seen[measure.code, key]}; give each figure once",
            )
            continue
        seen[measure.code, key] = row.number
        old = existing.get((measure.pk, key))
        found, names = compare(old, wanted, _show)
        if old is not None and not names:
            changes.record(Action.UNCHANGED, "figure", label, row.number)
            continue
        period = periods.existing.get(key)
        if period is not None and period.is_published:
            changes.problem(
                row.number,
                "period",
                f"{period.label} is published and locked: the figure for {measure.code} cannot "
                "be changed by an import (a correction needs the performance team)",
            )
            continue
        shown = _collapse_figure(found, old, wanted, measure.value_type)
        if old is None:
            obj = Figure(measure=measure)
            apply_values(obj, wanted)
            pending.new.append((obj, key))
            changes.record(Action.CREATE, "figure", label, row.number, shown)
        else:
            apply_values(old, {name: wanted[name] for name in names})
            pending.changed.append(old)
            pending.fields.update(names)
            changes.record(Action.CHANGE, "figure", label, row.number, shown)
    return pending


def write_figures(writer: Writer, pending: Pending, periods: dict[str, Period]) -> None:
    """Save new and changed figures as imported: by the acting user, now, version raised."""
    new = pending.with_periods(periods)
    for figure in new:
        figure.version = 1
    for figure in pending.changed:
        figure.version += 1
    for figure in [*new, *pending.changed]:
        figure.source = FigureSource.IMPORTED
        figure.entered_by = writer.acting_user
        figure.entered_at = writer.when
    writer.create(Figure, new)
    stamped = {"source", "entered_by", "entered_at", "version"}
    writer.update(Figure, pending.changed, pending.fields | stamped)


def plan_targets(changes: ChangeSet, read: list, existing: dict) -> Pending:
    """Diff the targets the rows want ((row, measure, period key, fields)) with those that
    exist. The caller writes them once the periods exist."""
    pending = Pending()
    seen: dict[tuple, int] = {}
    for row, measure, key, wanted in read:
        label = f"{measure.code} {key}"
        if (measure.code, key) in seen:
            changes.problem(
                row.number,
                "period",
                f"{label} is also on row {seen[measure.code, key]}; give each target once",
            )
            continue
        seen[measure.code, key] = row.number
        old = existing.get((measure.pk, key))
        found, names = compare(old, wanted, _show)
        shown = _collapse_target(found, old, wanted, measure.value_type)
        if old is None:
            obj = Target(measure=measure)
            apply_values(obj, wanted)
            pending.new.append((obj, key))
            changes.record(Action.CREATE, "target", label, row.number, shown)
        elif names:
            apply_values(old, {name: wanted[name] for name in names})
            pending.changed.append(old)
            pending.fields.update(names)
            changes.record(Action.CHANGE, "target", label, row.number, shown)
        else:
            changes.record(Action.UNCHANGED, "target", label, row.number)
    return pending


def write_targets(writer: Writer, pending: Pending, periods: dict[str, Period]) -> None:
    writer.create(Target, pending.with_periods(periods))
    writer.update(Target, pending.changed, pending.fields)


def _collapse_figure(found, old, wanted, value_type) -> list[FieldChange]:
    valued = (*FIGURE_VALUE_FIELDS, "missing_state")
    shown = [change for change in found if change.field.replace(" ", "_") not in valued]
    if len(shown) != len(found):
        before = print_figure(old, value_type) if old is not None else ""
        shown.insert(0, FieldChange("figure", before, print_figure(wanted, value_type)))
    return [change for change in shown if old is not None or change.after != ""]


def _measure(cells: Cells, measures: dict[str, Measure]) -> Any:
    code = cells.text("measure", required=True)
    if code is ABSENT:
        return ABSENT
    if code not in measures:
        return cells.problem("measure", f"there is no measure '{code}': import the measures first")
    return measures[code]


def _existing(model, organisation: Organisation, read: list) -> dict[tuple[int, str], Any]:
    """The model's rows for the file's measures and periods, by (measure id, period key): one
    query."""
    keys = {item[2] for item in read}
    if not keys:
        return {}
    rows = model.objects.filter(
        measure__organisation=organisation, period__key__in=keys
    ).select_related("period")
    return {(row.measure_id, row.period.key): row for row in rows}


def _year_start(organisation: Organisation, year: int) -> date:
    return core_periods.financial_year(year, organisation.financial_year_start_month).start


def _year_end(organisation: Organisation, year: int) -> date:
    return core_periods.financial_year(year, organisation.financial_year_start_month).end


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
    ),
)

FIGURES = FiguresKind(
    name="figures",
    label="Figures",
    description="Each measure's figure (actual) for each period, with its note and commentary.",
    columns=(
        Column("measure", True, "The measure's code."),
        Column("period", True, "The period: 2018-19 Q2."),
        Column(
            "actual",
            True,
            "As printed, in the measure's type: 628269, 38.7% (53/137), 72 (307), 01:36, "
            "'-' (not available), BL (baseline), 'Not yet due', or blank.",
        ),
        Column("note", help="A note printed with the figure: 'Note 1', 'New in 2018/19'."),
        Column("data_period", help="What the figure covers when not the period: Jul 15 - Sep 15."),
        Column("commentary", help="The owner's commentary."),
        Column("proposed_action", help="What will be done when off target."),
        Column("status", help="draft, submitted, approved or published (blank: the option)."),
    ),
)
