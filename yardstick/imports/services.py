"""Importing and exporting files: the verbs the upload page, the command line and the
background worker call.

An import is all or nothing. The file is read and compared with what exists (a few queries
per 5,000 rows, whatever its length); if any row has a problem nothing is written and the
report says which rows and columns and why. Otherwise every change is written in bulk in one
transaction, with history rows carrying the acting user and "Imported from FILE", and the run
is recorded. Importing the same file again changes nothing.

A figures file is read as a stream, once (`check_and_apply`): in one transaction each chunk
of rows is checked and, while no row has had a problem, written; if any row has one, the
rows after it are only checked, for the report, and the transaction is rolled back whole.
It never holds the file, so memory does not grow with it. A long upload (more than
YARDSTICK_BACKGROUND_IMPORT_ROWS rows) is kept in storage and checked, then once confirmed
written, by the background worker (`yardstick.imports.tasks.run_import`), which records its
progress on the run.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, transaction
from django.utils import timezone

from yardstick.core.periods import year_label
from yardstick.imports.changes import ChangeSet, DataMoved, Writer
from yardstick.imports.kinds import KINDS, ImportContext
from yardstick.imports.kinds.figures import IMPORT_STATUSES
from yardstick.imports.models import ImportRun, ImportStatus
from yardstick.imports.tables import (
    ENCODING_NAMES,
    WINDOWS,
    FileFormat,
    Table,
    TableError,
    open_table,
    write_table,
)
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
    context = ImportContext(
        organisation=organisation,
        figure_status=figure_status,
        correction_reason=correction_reason.strip(),
    )
    return _plan(context, kind, lambda: io.BytesIO(content), filename, streamed=False)


# The kinds read as a stream: a file of them may be long. The others (a council's framework)
# are read whole, as their rows name each other.
STREAMED_KINDS = frozenset({"figures"})


def _plan(
    context: ImportContext,
    kind: str,
    opener: Callable[[], BinaryIO],
    filename: str,
    *,
    streamed: bool,
) -> ChangeSet:
    """The change set of the file `opener` opens: read as a stream (counted, not listed) when
    `streamed` and the kind allows it, whole otherwise."""
    check_kind(kind)
    try:
        table = open_table(opener, filename)
        read_as = ENCODING_NAMES[table.encoding] if table.encoding == WINDOWS else ""
        if not (streamed and kind in STREAMED_KINDS):
            table = Table(table.columns, tuple(table.rows()))
        changes = KINDS[kind].plan(context, table)
        changes.read_as = read_as
        return changes
    except TableError as error:  # the file itself, or a row deep in a streamed one
        changes = ChangeSet(kind, keep_changes=not streamed)
        changes.problem(None, "", str(error))
        return changes


def reason_for(filename: str) -> str:
    """The change reason history rows carry, within the history's 100 characters."""
    return f"Imported from {PurePath(filename).name}"[:100]


def _record(run: ImportRun, changes: ChangeSet, status: str) -> None:
    run.status = status
    run.stage = ""
    run.rows_done = changes.rows
    run.summary = changes.summary()
    run.read_as = changes.read_as
    run.problems = [problem.as_dict() for problem in changes.sorted_problems()]


class _RolledBack(Exception):
    """A row had a problem after some were written: everything written is undone."""


def _written(
    write: Callable[[Writer], ChangeSet], fallback: ChangeSet, acting_user, filename: str
) -> ChangeSet:
    """Write in a transaction of its own (a savepoint in the import's) and return the change
    set `write` gives; everything is rolled back if it has a problem. A refusal by the
    database (another import raced this one) or by the rules (the data moved on since the
    file was checked) rolls all of it back too and becomes a problem, noted on `fallback`
    when `write` gave nothing: never a half-import."""
    writer = Writer(acting_user, reason_for(filename), timezone.now())
    changes = fallback
    try:
        with transaction.atomic():
            changes = write(writer)
            if not changes.ok:
                raise _RolledBack
    except _RolledBack:
        pass
    except DatabaseError as error:
        changes.problem(None, "", f"the database refused the import, so nothing changed: {error}")
    except (FigureRefused, FigureLocked, StaleFigure, DataMoved) as error:
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
    return changes


def _apply(changes: ChangeSet, acting_user, filename: str) -> None:
    """Write a clean change set by its steps; a refusal becomes a problem on it."""

    def write(writer: Writer) -> ChangeSet:
        for step in changes.steps:
            step(writer)
        return changes

    _written(write, changes, acting_user, filename)


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


def background_rows() -> int:
    """An upload of more rows than this is imported by the background worker."""
    return settings.YARDSTICK_BACKGROUND_IMPORT_ROWS


def kept_file(run: ImportRun) -> Callable[[], BinaryIO]:
    """Opens the run's file from its start, wherever it is kept."""
    if run.file:
        return lambda: run.file.storage.open(run.file.name, "rb")
    return lambda: io.BytesIO(bytes(run.content))


def count_rows(opener: Callable[[], BinaryIO], filename: str) -> int | None:
    """How many records a file holds (one reading), or None when it is not a table: its
    check says why."""
    try:
        return open_table(opener, filename).count()
    except TableError:
        return None


def upload_long_import(
    organisation: Organisation,
    kind: str,
    upload: File,
    acting_user,
    *,
    figure_status: str = FigureStatus.SUBMITTED,
    correction_reason: str = "",
) -> ImportRun | None:
    """Keep an upload of more than `background_rows()` rows in storage, as a run queued for
    the background worker to check (`tasks.queue_import` queues it); None for a shorter
    file, or one that is not a table, which the page checks at once (`upload_import`)."""
    if kind not in STREAMED_KINDS:
        return None
    check_kind(kind)
    check_status(figure_status)
    run = ImportRun(
        organisation=organisation,
        kind=kind,
        filename=PurePath(upload.name).name[:255],
        figure_status=figure_status,
        correction_reason=correction_reason.strip(),
        created_by=acting_user,
        status=ImportStatus.QUEUED,
        in_background=True,
    )
    upload.seek(0)
    run.file.save(run.filename, upload, save=False)
    rows = count_rows(kept_file(run), run.filename)
    if rows is None or rows <= background_rows():
        run.file.delete(save=False)
        upload.seek(0)
        return None
    run.rows_total = rows
    run.save()
    return run


@transaction.atomic
def confirm_in_background(run: ImportRun, acting_user) -> ImportRun:
    """Queue the writing of a long upload the worker has checked: the worker checks it again
    against the data as it is then and writes it all or nothing, recording `acting_user`
    as the person who made the changes."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if not run.can_be_applied:
        status = run.get_status_display().lower()
        raise ImportRefused(f"This import is {status}: it cannot be applied again.")
    run.status = ImportStatus.QUEUED
    run.apply_when_checked = True
    run.applied_by = acting_user
    run.stage = ""
    run.rows_done = 0
    run.save()
    return run


def import_path(
    organisation: Organisation,
    kind: str,
    path: str | Path,
    filename: str,
    acting_user,
    *,
    dry_run: bool = False,
    figure_status: str = FigureStatus.SUBMITTED,
    correction_reason: str = "",
    progress: Callable[[str, int], None] | None = None,
) -> ImportResult:
    """Import a file on disk (the command line). A figures file is kept in storage as the
    run's record, read as a stream, checked, then written (`check_and_apply`); the other
    kinds are read whole (`import_file`)."""
    if kind not in STREAMED_KINDS:
        content = Path(path).read_bytes()
        return import_file(
            organisation,
            kind,
            content,
            filename,
            acting_user,
            dry_run=dry_run,
            figure_status=figure_status,
            correction_reason=correction_reason,
        )
    check_kind(kind)
    check_status(figure_status)
    run = ImportRun(
        organisation=organisation,
        kind=kind,
        filename=PurePath(filename).name[:255],
        figure_status=figure_status,
        correction_reason=correction_reason.strip(),
        created_by=acting_user,
        status=ImportStatus.RUNNING,
    )
    with open(path, "rb") as handle:
        run.file.save(run.filename, File(handle), save=False)
    run.save()
    return check_and_apply(
        run,
        acting_user,
        apply=not dry_run,
        checked=ImportStatus.DRY_RUN,
        progress=progress,
    )


def check_and_apply(
    run: ImportRun,
    acting_user,
    *,
    apply: bool,
    checked: str = ImportStatus.PREVIEWED,
    progress: Callable[[str, int], None] | None = None,
) -> ImportResult:
    """Check the run's file (every row, read as a stream, the report gathered) and, when
    `apply`, write it as it is read, a chunk at a time, in one transaction that is rolled
    back whole if any row has a problem (the report still covers every row); without
    `apply`, record it as `checked` (previewed, or a dry run). Idempotent: a run already
    applied (by an earlier attempt whose worker died after committing, or by a second
    worker) is left as it is, under the organisation's lock that lets one import write at
    a time."""
    context = ImportContext(
        organisation=run.organisation,
        figure_status=run.figure_status,
        correction_reason=run.correction_reason,
        progress=progress,
    )
    if not apply:
        changes = _plan(context, run.kind, kept_file(run), run.filename, streamed=True)
        _record(run, changes, checked if changes.ok else ImportStatus.REJECTED)
        run.save()
        return ImportResult(run, changes)
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=run.organisation_id)
        current = ImportRun.objects.get(pk=run.pk)
        if current.status == ImportStatus.APPLIED:
            done = ChangeSet(run.kind, keep_changes=False)
            done.rows = current.rows_done
            return ImportResult(current, done)

        def write(writer: Writer) -> ChangeSet:
            context.writer = writer
            return _plan(context, run.kind, kept_file(run), run.filename, streamed=True)

        changes = _written(
            write, ChangeSet(run.kind, keep_changes=False), acting_user, run.filename
        )
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
