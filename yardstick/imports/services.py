"""Importing and exporting files: the verbs the upload page and the command line call.

An import is all or nothing. The file is read and compared with what exists (a few queries,
whatever its length); if any row has a problem nothing is written and the report says which
rows and columns and why. Otherwise every change is written in bulk in one transaction, with
history rows carrying the acting user and "Imported from FILE", and the run is recorded.
Importing the same file again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.db import DatabaseError, transaction
from django.utils import timezone

from yardstick.core.periods import year_label
from yardstick.imports.changes import ChangeSet, Writer
from yardstick.imports.kinds import KINDS, ImportContext
from yardstick.imports.kinds.figures import IMPORT_STATUSES
from yardstick.imports.models import ImportRun, ImportStatus
from yardstick.imports.tables import FileFormat, TableError, read_table, write_table
from yardstick.logs import log_event
from yardstick.measures.models import FigureStatus
from yardstick.measures.services import FigureLocked, FigureRefused, StaleFigure
from yardstick.organisations.models import Organisation


class ImportRefused(Exception):
    """An import that cannot go ahead at all (unknown kind, already applied), for a person."""


@dataclass(frozen=True)
class ImportResult:
    run: ImportRun
    changes: ChangeSet

    @property
    def applied(self) -> bool:
        return self.run.status == ImportStatus.APPLIED


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ImportRefused(f"'{kind}' is not a kind of file; the kinds are {', '.join(KINDS)}")


def check_status(status: str) -> None:
    if status not in IMPORT_STATUSES:
        raise ImportRefused(
            f"'{status}' is not a status an import gives figures; use one of "
            f"{', '.join(IMPORT_STATUSES)} (publishing the period publishes them)"
        )


def read_changes(
    organisation: Organisation,
    kind: str,
    content: bytes,
    filename: str,
    *,
    figure_status: str = FigureStatus.SUBMITTED,
    correction_reason: str = "",
) -> ChangeSet:
    """What importing the file would do, without writing anything."""
    check_kind(kind)
    try:
        table = read_table(content, filename)
    except TableError as error:
        changes = ChangeSet(kind)
        changes.problem(None, "", str(error))
        return changes
    context = ImportContext(
        organisation=organisation,
        figure_status=figure_status,
        correction_reason=correction_reason.strip(),
    )
    return KINDS[kind].plan(context, table)


def reason_for(filename: str) -> str:
    """The change reason history rows carry, within the history's 100 characters."""
    return f"Imported from {PurePath(filename).name}"[:100]


def _record(run: ImportRun, changes: ChangeSet, status: str) -> None:
    run.status = status
    run.summary = changes.summary()
    run.problems = [problem.as_dict() for problem in changes.sorted_problems()]


def _apply(changes: ChangeSet, acting_user, filename: str) -> None:
    """Write a clean change set. A refusal by the database (another import raced this one)
    rolls all of it back and becomes a problem, never a half-import."""
    writer = Writer(acting_user, reason_for(filename), timezone.now())
    try:
        with transaction.atomic():
            for step in changes.steps:
                step(writer)
    except DatabaseError as error:
        changes.problem(None, "", f"the database refused the import, so nothing changed: {error}")
    except (FigureRefused, FigureLocked, StaleFigure) as error:
        # the data moved on between the check and the write (another person, another import)
        changes.problem(None, "", f"nothing was imported: {error}")
    else:
        log_event(
            "file_imported",
            kind=changes.kind,
            file=PurePath(filename).name,
            rows=changes.rows,
            changes=changes.summary(),
            by=getattr(acting_user, "username", None),
        )


@transaction.atomic
def import_file(
    organisation: Organisation,
    kind: str,
    content: bytes,
    filename: str,
    acting_user,
    *,
    dry_run: bool = False,
    figure_status: str = FigureStatus.SUBMITTED,
    correction_reason: str = "",
) -> ImportResult:
    """Import a file in one go (the command line): read, compare and, unless it is a dry run
    or a row has a problem, apply. The run is recorded either way."""
    check_kind(kind)
    check_status(figure_status)
    Organisation.objects.select_for_update().get(pk=organisation.pk)  # one import at a time
    changes = read_changes(
        organisation,
        kind,
        content,
        filename,
        figure_status=figure_status,
        correction_reason=correction_reason,
    )
    run = ImportRun(
        organisation=organisation,
        kind=kind,
        filename=PurePath(filename).name[:255],
        content=content,
        figure_status=figure_status,
        correction_reason=correction_reason.strip(),
        created_by=acting_user,
    )
    if changes.ok and not dry_run:
        _apply(changes, acting_user, filename)
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
def upload_import(
    organisation: Organisation,
    kind: str,
    content: bytes,
    filename: str,
    acting_user,
    *,
    figure_status: str = FigureStatus.SUBMITTED,
    correction_reason: str = "",
) -> ImportResult:
    """Keep an uploaded file and work out what it would do, for the preview; nothing else
    is written until `confirm_import`."""
    check_kind(kind)
    check_status(figure_status)
    changes = read_changes(
        organisation,
        kind,
        content,
        filename,
        figure_status=figure_status,
        correction_reason=correction_reason,
    )
    run = ImportRun(
        organisation=organisation,
        kind=kind,
        filename=PurePath(filename).name[:255],
        content=content,
        figure_status=figure_status,
        correction_reason=correction_reason.strip(),
        created_by=acting_user,
    )
    _record(run, changes, ImportStatus.PREVIEWED if changes.ok else ImportStatus.REJECTED)
    run.save()
    return ImportResult(run, changes)


def preview_changes(run: ImportRun) -> ChangeSet:
    """What the kept file would do now (the data may have moved on since it was uploaded)."""
    return read_changes(
        run.organisation,
        run.kind,
        bytes(run.content),
        run.filename,
        figure_status=run.figure_status,
        correction_reason=run.correction_reason,
    )


@transaction.atomic
def confirm_import(run: ImportRun, acting_user) -> ImportResult:
    """Apply a previewed upload. It is compared again with the data as it is now, so the
    import is still all or nothing if someone changed something since the preview."""
    Organisation.objects.select_for_update().get(pk=run.organisation_id)
    run = ImportRun.objects.select_for_update().select_related("organisation").get(pk=run.pk)
    if not run.can_be_applied:
        status = run.get_status_display().lower()
        raise ImportRefused(f"This import is {status}: it cannot be applied again.")
    changes = preview_changes(run)
    if changes.ok:
        _apply(changes, acting_user, run.filename)
    if changes.ok:
        _record(run, changes, ImportStatus.APPLIED)
        run.applied_by = acting_user
        run.applied_at = timezone.now()
    else:
        _record(run, changes, ImportStatus.REJECTED)
    run.save()
    return ImportResult(run, changes)


def export_rows(
    organisation: Organisation, kind: str, year: int | None = None
) -> tuple[list[str], list[dict[str, str]]]:
    """The columns and rows of an export: the same columns the import reads."""
    check_kind(kind)
    found = KINDS[kind]
    return found.column_names, found.export(organisation, year)


def export_file(
    organisation: Organisation,
    kind: str,
    file_format: str = FileFormat.CSV,
    year: int | None = None,
) -> bytes:
    """An export as the bytes of a CSV file or an Excel workbook; it imports back unchanged."""
    columns, rows = export_rows(organisation, kind, year)
    return write_table(columns, rows, FileFormat(file_format), KINDS[kind].label)


def export_filename(organisation: Organisation, kind: str, file_format: str, year=None) -> str:
    start_month = organisation.financial_year_start_month
    suffix = f"-{year_label(year, start_month, separator='-')}" if year else ""
    return f"{organisation.slug}-{kind}{suffix}.{FileFormat(file_format)}"
