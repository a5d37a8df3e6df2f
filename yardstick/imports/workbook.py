"""Importing a workbook of several kinds at once (the starter workbook, filled in).

Every sheet named after a kind is imported, in the order of `kinds.FRAMEWORK_ORDER` whatever the
order of the sheets, each as a file of that kind would be (`Kind.plan`, then the same
`services._apply`), so a sheet sees what the sheets before it create. It is all or nothing
across the whole workbook: everything is written in one transaction, rolled back if any
sheet has a problem, and every problem names its sheet. Checking stops at the first sheet
with a problem, since the sheets after it may name its records. A "Read me" sheet and empty
sheets are left out; any other sheet is a problem, so that a misspelt sheet name never drops
data silently. Example rows of the starter workbook left exactly as written are left out too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone

from yardstick.imports.changes import Action, Change, ChangeSet, Problem
from yardstick.imports.kinds import FRAMEWORK_ORDER, ImportContext, Kind
from yardstick.imports.models import ImportKind, ImportRun, ImportStatus
from yardstick.imports.services import (
    ImportRefused,
    ImportResult,
    _apply,
    _record,
    check_status,
)
from yardstick.imports.starter import README_TITLE, example_rows, financial_year
from yardstick.imports.tables import FileFormat, Table, TableError, format_of, grid_table
from yardstick.imports.tables import read_sheets as read_workbook_sheets
from yardstick.measures.models import FigureStatus
from yardstick.organisations.models import Organisation

WORKBOOK = ImportKind.WORKBOOK
EXAMPLE_ROW = "example row"
SHEET_ORDER = {kind.name: position for position, kind in enumerate(FRAMEWORK_ORDER)}
SHEET_KINDS = {kind.name: kind for kind in FRAMEWORK_ORDER}
YEARS_OF_EXAMPLES = range(-10, 2)  # starter workbooks made up to ten years ago are known


@dataclass(frozen=True)
class SheetProblem(Problem):
    """A problem on one sheet of a workbook (sheet "" for the workbook as a whole)."""

    sheet: str = ""

    def as_dict(self) -> dict:
        return {**super().as_dict(), "sheet": self.sheet}

    def __str__(self) -> str:
        if not self.sheet:
            return super().__str__()
        if self.row is None:
            column = f", column {self.column}" if self.column else ""
            return f"sheet {self.sheet}{column}: {self.message}"
        return f"sheet {self.sheet}, {super().__str__()}"


@dataclass
class SheetChange(Change):
    sheet: str = ""


class WorkbookChanges(ChangeSet):
    """What a workbook would do, sheet by sheet; its problems are listed in sheet order."""

    def add(self, sheet: str, changes: ChangeSet) -> None:
        self.rows += changes.rows
        for problem in changes.problems:
            self.problems.append(SheetProblem(problem.row, problem.column, problem.message, sheet))
        for change in changes.changes:
            self.changes.append(
                SheetChange(
                    change.action, change.model, change.key, change.row, change.fields, sheet
                )
            )
        for model, counter in changes.counts.items():
            self.counts.setdefault(model, Counter()).update(counter)

    def sorted_problems(self) -> list[Problem]:
        """Sheet by sheet in the order they were checked, each sheet's by row."""
        first: dict[str, int] = {}
        for index, problem in enumerate(self.problems):
            first.setdefault(getattr(problem, "sheet", ""), index)

        def key(problem):
            return (first[getattr(problem, "sheet", "")], problem.row is not None, problem.row or 0)

        return sorted(self.problems, key=key)


@dataclass(frozen=True)
class Sheet:
    title: str
    kind: Kind
    table: Table


def starter_examples(kind: str, today: date, start_month: int) -> list[tuple[str, ...]]:
    """The example rows of a kind in the organisation's starter workbooks of the last ten
    financial years (and the next), each as its cells in the order of the kind's columns."""
    columns = SHEET_KINDS[kind].column_names
    return [
        tuple(example.get(name, "") for name in columns)
        for offset in YEARS_OF_EXAMPLES
        for example in example_rows(kind, financial_year(today, 1) + offset, start_month)
    ]


def _is_example(table: Table, cells: dict[str, str], examples, columns: list[str]) -> bool:
    """Whether a row is one of the starter workbook's example rows, untouched: every column
    the sheet has reads as the example wrote it (a sheet may have left columns out)."""
    for example in examples:
        wanted = dict(zip(columns, example, strict=True))
        shown = [name for name in table.columns if wanted.get(name)]
        if shown and all(
            cells.get(name, "").strip() == wanted.get(name, "") for name in table.columns
        ):
            return True
    return False


def read_workbook(
    content: bytes, filename: str, changes: WorkbookChanges, today: date, start_month: int = 4
) -> list[Sheet]:
    """The sheets to import, in import order, with the starter's untouched example rows
    taken out (each recorded as left alone). Problems go into `changes`."""
    try:
        if format_of(filename) != FileFormat.XLSX:
            raise TableError(
                f"'{PurePath(filename).name}' is not an Excel workbook (.xlsx): a workbook "
                "holds a sheet per kind"
            )
        grids = read_workbook_sheets(content)
    except TableError as error:
        changes.problems.append(SheetProblem(None, "", str(error)))
        return []
    found: dict[str, Sheet] = {}
    for title, grid in grids:
        name = title.strip().casefold()
        if name == README_TITLE.casefold() or not any(cell.strip() for row in grid for cell in row):
            continue
        kind = SHEET_KINDS.get(name)
        if kind is None:
            changes.problems.append(
                SheetProblem(
                    None,
                    "",
                    f"'{title}' is not the name of a kind of record, so the sheet would be "
                    f"left out: name it after its kind ({', '.join(SHEET_KINDS)}) or delete it",
                    title,
                )
            )
            continue
        if name in found:
            changes.problems.append(
                SheetProblem(None, "", f"there are two {name} sheets: merge them", title)
            )
            continue
        try:
            table = grid_table(grid)
        except TableError as error:
            changes.problems.append(SheetProblem(None, "", str(error), title))
            continue
        kept = []
        examples = starter_examples(kind.name, today, start_month)
        for row in table.rows:
            if _is_example(table, row.cells, examples, kind.column_names):
                changes.changes.append(
                    SheetChange(
                        Action.UNCHANGED,
                        EXAMPLE_ROW,
                        title,
                        row.number,
                        [],
                        title,
                    )
                )
                changes.counts.setdefault(EXAMPLE_ROW, Counter())[Action.UNCHANGED] += 1
            else:
                kept.append(row)
        found[name] = Sheet(title, kind, Table(table.columns, tuple(kept)))
    return sorted(found.values(), key=lambda sheet: SHEET_ORDER[sheet.kind.name])


def plan_workbook(
    organisation: Organisation,
    content: bytes,
    filename: str,
    acting_user,
    *,
    figure_status: str = FigureStatus.SUBMITTED,
    apply: bool,
    today: date | None = None,
) -> WorkbookChanges:
    """What importing the workbook does, sheet after sheet, each seeing the records of the
    sheets before it. Everything is written in one transaction, kept only when `apply` and
    no sheet has a problem."""
    changes = WorkbookChanges(WORKBOOK)
    sheets = read_workbook(
        content,
        filename,
        changes,
        today or timezone.localdate(),
        organisation.financial_year_start_month,
    )
    if not changes.ok:
        return changes
    context = ImportContext(organisation=organisation, figure_status=figure_status)
    with transaction.atomic():
        for position, sheet in enumerate(sheets):
            planned = sheet.kind.plan(context, sheet.table)
            if planned.ok:
                _apply(planned, acting_user, filename)
            changes.add(sheet.title, planned)
            if not changes.ok:
                later = [later.title for later in sheets[position + 1 :]]
                if later:  # they may name records of this sheet: check them once it is right
                    changes.problems.append(
                        SheetProblem(
                            None,
                            "",
                            f"the sheets after {sheet.title} ({', '.join(later)}) are not "
                            f"checked yet, as they may name its records: fix {sheet.title} "
                            "first",
                        )
                    )
                break
        if not (apply and changes.ok):
            transaction.set_rollback(True)
    if not sheets and changes.ok:
        changes.problems.append(
            SheetProblem(
                None, "", f"the workbook has no sheet named after a kind ({', '.join(SHEET_KINDS)})"
            )
        )
    return changes


def _run(organisation, content: bytes, filename: str, acting_user, figure_status) -> ImportRun:
    return ImportRun(
        organisation=organisation,
        kind=WORKBOOK,
        filename=PurePath(filename).name[:255],
        content=content,
        figure_status=figure_status,
        created_by=acting_user,
    )


@transaction.atomic
def import_workbook(
    organisation: Organisation,
    content: bytes,
    filename: str,
    acting_user,
    *,
    dry_run: bool = False,
    figure_status: str = FigureStatus.SUBMITTED,
) -> ImportResult:
    """Import a workbook in one go (the command line); the run is recorded either way."""
    check_status(figure_status)
    Organisation.objects.select_for_update().get(pk=organisation.pk)  # one import at a time
    changes = plan_workbook(
        organisation,
        content,
        filename,
        acting_user,
        figure_status=figure_status,
        apply=not dry_run,
    )
    run = _run(organisation, content, filename, acting_user, figure_status)
    if not changes.ok:
        _record(run, changes, ImportStatus.REJECTED)
    elif dry_run:
        _record(run, changes, ImportStatus.DRY_RUN)
    else:
        _record(run, changes, ImportStatus.APPLIED)
        run.applied_by = acting_user
        run.applied_at = timezone.now()
    run.save()
    return ImportResult(run, changes)


@transaction.atomic
def upload_workbook(
    organisation: Organisation,
    content: bytes,
    filename: str,
    acting_user,
    *,
    figure_status: str = FigureStatus.SUBMITTED,
) -> ImportResult:
    """Keep an uploaded workbook and work out what it would do, for the preview."""
    check_status(figure_status)
    changes = plan_workbook(
        organisation, content, filename, acting_user, figure_status=figure_status, apply=False
    )
    run = _run(organisation, content, filename, acting_user, figure_status)
    _record(run, changes, ImportStatus.PREVIEWED if changes.ok else ImportStatus.REJECTED)
    run.save()
    return ImportResult(run, changes)


def preview_workbook(run: ImportRun) -> WorkbookChanges:
    """What the kept workbook would do now."""
    return plan_workbook(
        run.organisation,
        bytes(run.content),
        run.filename,
        run.created_by,
        figure_status=run.figure_status,
        apply=False,
    )


@transaction.atomic
def confirm_workbook(run: ImportRun, acting_user) -> ImportResult:
    """Apply a previewed workbook, compared again with the data as it is now."""
    Organisation.objects.select_for_update().get(pk=run.organisation_id)
    run = ImportRun.objects.select_for_update().select_related("organisation").get(pk=run.pk)
    if not run.can_be_applied:
        status = run.get_status_display().lower()
        raise ImportRefused(f"This import is {status}: it cannot be applied again.")
    changes = plan_workbook(
        run.organisation,
        bytes(run.content),
        run.filename,
        acting_user,
        figure_status=run.figure_status,
        apply=True,
    )
    if changes.ok:
        _record(run, changes, ImportStatus.APPLIED)
        run.applied_by = acting_user
        run.applied_at = timezone.now()
    else:
        _record(run, changes, ImportStatus.REJECTED)
    run.save()
    return ImportResult(run, changes)
