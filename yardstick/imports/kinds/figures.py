"""Figures per measure and period: reading them from a file, comparing them with those that
exist, and recording them through `yardstick.measures.services.record_figures`, which checks
each one as the entry form does (`yardstick.measures.rules.figure_problems`): a file gets the
same answer, in the same words, as a person typing the same figure.

Imported figures for an open period are submitted for sign-off (or approved, when the
performance team says so); nothing is published by an import. A figure of a published period
is changed only as a correction, with a reason, which restates its rating.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from yardstick.core import periods as core_periods
from yardstick.core.values import (
    Missing,
    MissingState,
    Value,
    ValueParseError,
    ValueType,
    format_value,
    kept_decimals,
    missing_label,
    parse_note,
    parse_value,
)
from yardstick.imports.changes import Action, ChangeSet, DataMoved, FieldChange, Writer, compare
from yardstick.imports.kinds.base import ABSENT, Cells, Column, ImportContext, Kind, show_value
from yardstick.imports.kinds.periods import Periods
from yardstick.imports.kinds.targets import measure_of, year_end, year_start
from yardstick.imports.tables import Row, StreamedTable, Table
from yardstick.measures.assessment import core_value
from yardstick.measures.models import Figure, FigureStatus, Measure
from yardstick.measures.rules import Checked, FigureInput, check_figure, read_forecast
from yardstick.measures.services import FigureRow, correct_published_figure, record_figures
from yardstick.organisations.models import Organisation
from yardstick.reports.services import request_documents_after_correction

FIGURE_VALUE_FIELDS = ("value", "numerator", "denominator", "decimals", "missing_state")
TEXT_FIELDS = ("note", "commentary", "proposed_action")
DASHES = ("-", "–", "—")
# Where a rule's field is written in a figures file.
FIGURE_COLUMNS = {
    "value": "actual",
    "numerator": "actual",
    "denominator": "actual",
    "note": "note",
    "commentary": "commentary",
    "proposed_action": "proposed_action",
    "data_covers": "data_period",
    "period": "period",
    "forecast": "forecast",
    "forecast_reason": "forecast_reason",
}
IMPORT_STATUSES = (FigureStatus.SUBMITTED, FigureStatus.APPROVED, FigureStatus.DRAFT)
FIGURE_STATUSES = FigureStatus.choices  # read once, not per row


@dataclass
class FigureLine:
    """A row's figure: the row, the measure, the period as the file names it, the value read
    (ABSENT when the file says nothing of it) and the fields the file sets."""

    row: Row
    measure: Measure
    period: core_periods.Period
    value: Any
    wanted: dict[str, Any]
    status: str | None = None  # the row's own status column, if the file has one


@dataclass
class PlannedFigures:
    """What a file records: figures for open periods, and corrections of published ones."""

    # Each with the rules' proof that they found nothing wrong with it (None when the
    # reading left the check to the service).
    records: list[tuple[FigureLine, str, FigureInput, str, Checked | None]] = field(
        default_factory=list
    )
    corrections: list[tuple[FigureLine, str, FigureInput]] = field(default_factory=list)
    correction_reason: str = ""

    def write(self, writer: Writer, periods: dict[str, Any]) -> None:
        record_figures(
            [
                FigureRow(line.measure, periods[key], entry, status, checked=checked)
                for line, key, entry, status, checked in self.records
            ],
            writer.acting_user,
            reason=writer.reason,
            when=writer.when,
        )
        for line, key, entry in self.corrections:
            correct_published_figure(
                line.measure, periods[key], entry, writer.acting_user, self.correction_reason
            )
        for period in {periods[key] for _, key, _ in self.corrections}:
            request_documents_after_correction(period)


def read_actual(cells: Cells, column: str, value_type: str) -> Any:
    """The figure in a cell, read in the measure's type; a problem when it cannot be read.
    Whether it is a figure the measure can have is the rules' question, asked later."""
    text = cells.raw(column)
    try:
        return parse_value(text, ValueType(value_type))
    except ValueParseError as error:
        return cells.problem(column, str(error))


def read_forecast_cell(cells: Cells, column: str, value_type: str) -> Any:
    """The owner's forecast in a cell, read as the entry form reads it (`read_forecast`): the
    amount, or None when blank; ABSENT when the file has no such column."""
    if not cells.has(column):
        return ABSENT
    try:
        forecast = read_forecast(cells.raw(column), value_type)
    except ValueParseError as error:
        return cells.problem(column, str(error))
    return None if forecast is None else forecast.amount


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

    A value keeps the note ('Note 6') and the places it was printed with; a missing state ('-'
    is not available, 'BL' a baseline) keeps the note or the state's own; a blank figure with
    a note takes its state from the note ('New in 2018/19' new, 'Reports in Q1 only' not yet
    due), and any other note (a footnote, 'Note 2') is recorded as not available with that
    note. A note that is only a dash is no note.
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
            "decimals": kept_decimals(value),
        }
    elif isinstance(value, Missing):
        values |= {"missing_state": value.state, "note": note or value.note}
    elif note:
        missing = parse_note(note)
        values["missing_state"] = missing.state if missing else MissingState.NOT_AVAILABLE
    return values


def print_figure(measure: Measure, fields: dict[str, Any] | Figure | None) -> str:
    """A figure's value as a file prints it: '38.7% (53/137)', 'Not available', ''. The same
    translation every page uses (`core_value`); a missing figure's note has its own column."""
    if fields is None:
        return ""
    row = SimpleNamespace(**fields) if isinstance(fields, dict) else fields
    value = core_value(measure, row)
    if isinstance(value, Missing):
        return missing_label(value.state)
    return format_value(value)


def print_forecast(figure: Figure) -> str:
    """The owner's forecast as a file prints it, in the measure's type; '' for none."""
    if figure.forecast is None:
        return ""
    return format_value(Value(figure.forecast, ValueType(figure.measure.value_type)))


def covers(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return ""
    return core_periods.DateRange(start, end).label


def entry_for(measure: Measure, figure: Figure | None, line: FigureLine) -> FigureInput:
    """What the service is given: the file's fields over those the figure has now (a column
    the file does not have leaves the figure's field as it is)."""
    current = {
        name: getattr(figure, name) if figure is not None else None
        for name in (*FIGURE_VALUE_FIELDS, "data_covers_start", "data_covers_end")
    }
    for name in ("note", "commentary", "proposed_action", "outlier_note", "forecast_reason"):
        current[name] = getattr(figure, name) if figure is not None else ""
    current["forecast"] = figure.forecast if figure is not None else None
    current["outlier_confirmed"] = figure.outlier_confirmed if figure is not None else False
    current["commentary_published"] = figure.commentary_published if figure is not None else False
    fields = current | line.wanted
    if line.value is not ABSENT:
        value = line.value
        if value is None and fields["missing_state"]:
            value = Missing(MissingState(fields["missing_state"]), fields["note"])
    else:
        value = core_value(measure, figure)
    return FigureInput(
        value=value,
        note=fields["note"] or "",
        commentary=fields["commentary"] or "",
        commentary_published=bool(fields["commentary_published"]),
        proposed_action=fields["proposed_action"] or "",
        data_covers_start=fields["data_covers_start"],
        data_covers_end=fields["data_covers_end"],
        outlier_confirmed=bool(fields["outlier_confirmed"]),
        outlier_note=fields["outlier_note"] or "",
        forecast=(
            None
            if fields["forecast"] is None
            else Value(fields["forecast"], ValueType(measure.value_type))
        ),
        forecast_reason=fields["forecast_reason"] or "",
    )


def _collapse_figure(measure: Measure, found, old, wanted) -> list[FieldChange]:
    valued = (*FIGURE_VALUE_FIELDS, "missing_state")
    shown = [change for change in found if change.field.replace(" ", "_") not in valued]
    if len(shown) != len(found):
        before = print_figure(measure, old) if old is not None else ""
        after_fields = {name: getattr(old, name, None) for name in valued} if old else {}
        after_fields |= {name: wanted[name] for name in valued if name in wanted}
        after_fields.setdefault("note", wanted.get("note", getattr(old, "note", "")))
        shown.insert(0, FieldChange("figure", before, print_figure(measure, after_fields)))
    return [change for change in shown if old is not None or change.after != ""]


def _show(name: str, value: Any) -> str:
    return show_value(name, value)


def problems_of(changes: ChangeSet, line: FigureLine, problems) -> None:
    for problem in problems:
        column = FIGURE_COLUMNS.get(problem.field, "actual")
        changes.problem(line.row.number, column, problem.message.rstrip("."))


class FirstRows:
    """The row of the file that first gave each measure's figure for each period, in memory
    that grows with the council's measures and periods (four bytes for each pair of a
    period named and a measure), not with the file."""

    def __init__(self, codes: Iterable[str]):
        self.index = {code: number for number, code in enumerate(codes)}
        self.rows: dict[str, array] = {}

    def seen(self, measure: Measure, key: str, row: int) -> int | None:
        """The row that gave this figure before, or None (and `row` is remembered)."""
        rows = self.rows.get(key)
        if rows is None:
            rows = self.rows[key] = array("I", bytes(4 * len(self.index)))
        position = self.index[measure.code]
        if rows[position]:
            return rows[position]
        rows[position] = row
        return None


def plan_figures(
    changes: ChangeSet,
    lines: list[FigureLine],
    periods: Periods,
    existing: dict,
    context: ImportContext,
    as_of: date | None = None,
    *,
    first_rows: FirstRows | None = None,
    check: bool = True,
) -> PlannedFigures:
    """Compare the figures the rows want with those that exist, each checked by the rules
    every door applies (`check`; the writing pass leaves that to the service, which asks the
    same rules). A figure of a published period is a correction (when the import gives a
    reason, refused otherwise). The caller writes them (`PlannedFigures.write`) once the
    periods exist. `first_rows` carries the rows seen across the chunks of a long file."""
    as_of = as_of or timezone.localdate()
    planned = PlannedFigures(correction_reason=context.correction_reason)
    first_rows = first_rows or FirstRows({line.measure.code for line in lines})
    listed = changes.keep_changes
    for line in lines:
        measure, key = line.measure, periods.need(line.period, line.row.number)
        label = f"{measure.code} {key}"
        before = first_rows.seen(measure, key, line.row.number)
        if before is not None:
            changes.problem(
                line.row.number,
                "period",
                f"{label} is also on row {before}; give each figure once",
            )
            continue
        old = existing.get((measure.pk, key))
        if old is None and not listed:
            found, names = [], list(line.wanted)
        else:
            found, names = compare(old, line.wanted, _show)
        status = line.status or context.figure_status
        status_changes = line.status is not None and old is not None and old.status != status
        if old is not None and not names and not status_changes:
            changes.record(Action.UNCHANGED, "figure", label, line.row.number)
            continue
        entry = entry_for(measure, old, line)
        checked = None
        if check:
            problems, checked = check_figure(measure, line.period, entry, as_of)
            if problems:
                problems_of(changes, line, problems)
                continue
        period = periods.get(key)
        shown = _collapse_figure(measure, found, old, line.wanted) if listed else []
        if status_changes and not names:
            shown = [FieldChange("status", old.status, status)]
        action = Action.CREATE if old is None else Action.CHANGE
        if period is not None and period.is_published:
            if not context.correction_reason:
                changes.problem(
                    line.row.number,
                    "period",
                    f"{period.label} is published and locked: the figure for {measure.code} "
                    "can only be corrected, with a reason (give one with the import, or use "
                    "the correction page)",
                )
                continue
            changes.record(action, "correction", label, line.row.number, shown)
            planned.corrections.append((line, key, entry))
            continue
        if status not in IMPORT_STATUSES:
            changes.problem(
                line.row.number,
                "status",
                f"an import cannot make a figure {status}: publishing the period does that",
            )
            continue
        changes.record(action, "figure", label, line.row.number, shown)
        planned.records.append((line, key, entry, status, checked))
    return planned


def existing_figures(organisation: Organisation, keys: set[str]) -> dict[tuple[int, str], Figure]:
    """The organisation's figures in the periods keyed, by (measure id, period key): one
    query."""
    if not keys:
        return {}
    rows = Figure.objects.filter(
        measure__organisation=organisation, period__key__in=keys
    ).select_related("period")
    return {(row.measure_id, row.period.key): row for row in rows}


STATUS_CHOICES = [(status.value, status.label) for status in map(FigureStatus, IMPORT_STATUSES)]


# A long file is checked, and then written, this many rows at a time: the rows of one chunk,
# the figures they could change and what is planned for them are all that is held.
CHUNK = 5000
# Period texts read once per import, not once per row ('2018-19 Q2' on every row).
PERIODS_REMEMBERED = 10_000


def chunks(rows: Iterable[Row], size: int = CHUNK) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class FigureReader:
    """Reads a figures file's rows into FigureLines: the organisation's measures and periods
    loaded once, each period text parsed once."""

    def __init__(self, context: ImportContext):
        self.context = context
        self.measures = {m.code: m for m in Measure.objects.in_organisation(context.organisation)}
        self.periods = Periods.load(context.organisation)
        self.first_rows = FirstRows(self.measures)
        self.period_texts: dict[str, core_periods.Period] = {}

    def period(self, cells: Cells) -> Any:
        text = cells.raw("period") if cells.has("period") else None
        found = self.period_texts.get(text) if text else None
        if found is None:
            found = cells.period("period", self.context.start_month)
            if text and found is not ABSENT and len(self.period_texts) < PERIODS_REMEMBERED:
                self.period_texts[text] = found
        return found

    def lines(self, rows: Iterable[Row], changes: ChangeSet) -> list[FigureLine]:
        lines = []
        for row in rows:
            cells = Cells(row, changes)
            measure = measure_of(cells, self.measures)
            core = self.period(cells)
            actual = ABSENT
            if measure is not ABSENT:
                actual = read_actual(cells, "actual", measure.value_type)
            note = cells.text("note")
            texts = {name: cells.text(name) for name in ("commentary", "proposed_action")}
            published = cells.yes_no("publish_commentary")
            status = cells.choice("status", FIGURE_STATUSES, default="")
            covered = read_data_period(cells, "data_period")
            forecast = ABSENT
            if measure is not ABSENT:
                forecast = read_forecast_cell(cells, "forecast", measure.value_type)
            reason = cells.text("forecast_reason")
            if cells.bad:
                continue
            wanted = figure_values(actual, note if note is not ABSENT else "")
            if note is ABSENT and isinstance(actual, Value):
                del wanted["note"]  # no note column: the figure's note is left alone
            if covered is not ABSENT:
                wanted |= {"data_covers_start": covered[0], "data_covers_end": covered[1]}
            wanted |= {name: value for name, value in texts.items() if value is not ABSENT}
            if published is not ABSENT:
                wanted["commentary_published"] = published
            if forecast is not ABSENT:
                wanted["forecast"] = forecast
            if reason is not ABSENT:
                wanted["forecast_reason"] = reason
            lines.append(
                FigureLine(
                    row,
                    measure,
                    core,
                    actual,
                    wanted,
                    status if status not in (ABSENT, "") else None,
                )
            )
        return lines

    def existing(self, lines: list[FigureLine]) -> dict[tuple[int, str], Figure]:
        """The figures the chunk's rows could change, by (measure id, period key): one query
        by the ids of the chunk's measures and periods, which the unique index on measure
        and period answers whatever the size of the table (a period the import creates has
        none yet)."""
        keys = {
            period.pk: key for line in lines if (period := self.periods.get(key := line.period.key))
        }
        if not keys:
            return {}
        found = Figure.objects.filter(
            measure_id__in={line.measure.pk for line in lines}, period_id__in=list(keys)
        ).order_by()  # no default ordering: it joins the measure and the period
        return {(figure.measure_id, keys[figure.period_id]): figure for figure in found}


def rows_of(table: Table | StreamedTable) -> Iterable[Row]:
    return table.rows() if isinstance(table, StreamedTable) else table.rows


class FiguresKind(Kind):
    def plan(self, context: ImportContext, table: Table | StreamedTable) -> ChangeSet:
        """Check every row, a chunk at a time. With the context's writer (an import applied
        as it is read), each chunk is written as soon as it is checked, until a row has a
        problem: from then on the rows are only checked, for the report, and the caller
        rolls the transaction back. Without one, the writing is planned: a second reading
        of the file, a chunk at a time, in the import's transaction (`write`). A table read
        as a stream is counted, not listed, so memory does not grow with the file."""
        changes = ChangeSet(self.name, keep_changes=not isinstance(table, StreamedTable))
        if not self.check_columns(table, changes):
            return changes
        reader = FigureReader(context)
        writer = context.writer
        for chunk in chunks(rows_of(table)):
            changes.rows += len(chunk)
            lines = reader.lines(chunk, changes)
            planned = plan_figures(
                changes,
                lines,
                reader.periods,
                reader.existing(lines),
                context,
                first_rows=reader.first_rows,
            )
            if writer is not None and changes.ok:
                planned.write(writer, reader.periods.ensure(writer))
                context.report("written", changes.rows)
            else:
                context.report("checked", changes.rows)
        reader.periods.record(changes)
        if writer is None:
            changes.steps.append(lambda writer: self.write(writer, table, reader))
        return changes

    def write(self, writer: Writer, table: Table | StreamedTable, reader: FigureReader) -> None:
        """Read the file again and write it, a chunk at a time (in the caller's transaction):
        each chunk's figures are compared with those that exist and recorded by the
        service, which checks them again. Anything the first reading would now refuse (the
        data moved on since) stops the import: nothing is written."""
        periods = reader.periods.ensure(writer)
        again = ChangeSet(self.name, keep_changes=False)
        reader.first_rows = FirstRows(reader.measures)
        written = 0
        for chunk in chunks(rows_of(table)):
            lines = reader.lines(chunk, again)
            planned = plan_figures(
                again,
                lines,
                reader.periods,
                reader.existing(lines),
                reader.context,
                first_rows=reader.first_rows,
                check=False,
            )
            if again.problems:
                raise DataMoved(str(again.sorted_problems()[0]))
            planned.write(writer, periods)
            written += len(chunk)
            reader.context.report("written", written)

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        figures = Figure.objects.filter(measure__organisation=organisation).select_related(
            "measure", "period"
        )
        if year is not None:
            figures = figures.filter(period__start__gte=year_start(organisation, year))
            figures = figures.filter(period__end__lte=year_end(organisation, year))
        ordered = sorted(figures, key=lambda f: (f.measure.code, f.period.start, f.period.key))
        return [
            {
                "measure": figure.measure.code,
                "period": figure.period.key,
                "actual": print_figure(figure.measure, figure),
                "note": figure.note,
                "data_period": covers(figure.data_covers_start, figure.data_covers_end),
                "commentary": figure.commentary,
                "publish_commentary": "yes" if figure.commentary_published else "no",
                "proposed_action": figure.proposed_action,
                "forecast": print_forecast(figure),
                "forecast_reason": figure.forecast_reason,
                "status": figure.status,
            }
            for figure in ordered
        ]


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
        Column(
            "publish_commentary",
            help="yes: the commentary is published on the public site with the figure, as the "
            "entry page's box does; no or blank: for the council only. Left as it is when the "
            "file has no such column.",
        ),
        Column("proposed_action", help="What will be done when off target."),
        Column(
            "forecast",
            help="The owner's own year-end forecast, for a cumulative (year-to-date) measure, "
            "in its type: £1,200, 85%. Blank: none. Left as it is when the file has no such "
            "column.",
        ),
        Column(
            "forecast_reason",
            help="Why the owner forecasts a different year end: required with a forecast.",
        ),
        Column(
            "status",
            help="draft, submitted or approved (blank: the import's option, submitted unless "
            "the performance team chooses approved). A published figure is left as it is.",
        ),
    ),
)
