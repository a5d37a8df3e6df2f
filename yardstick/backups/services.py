"""Backing up a whole Yardstick database to one file, and restoring it into an empty one.

`back_up` reads every table in one read-only transaction (a consistent snapshot on
PostgreSQL) and writes the file `archive` describes. `restore` checks the whole file before
touching the database, refuses a database that holds data or is at another migration state,
creates the backup's tables itself in a database that has none, and then loads every table in
one transaction with plain INSERTs: no model code runs, so no signal fires, no history row is
added and no auto_now field changes. Every value comes back exactly (see `columns`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from yardstick.backups.archive import (
    BackupReader,
    BackupUnreadable,
    BackupWriter,
    Manifest,
    TableEntry,
)
from yardstick.backups.columns import ColumnError
from yardstick.backups.database import (
    Table,
    applied_migrations,
    carry_on_ids,
    clear_made_by_migrate,
    insert_rows,
    issued_ids,
    prepare,
    read_rows,
    rows_in_the_way,
    tables,
)

__all__ = ["BackupRefused", "BackupUnreadable", "RestoreRefused", "back_up", "restore"]


class BackupRefused(Exception):
    """A backup that cannot be made (the file exists, the database is not migrated)."""


class RestoreRefused(Exception):
    """A restore that cannot go ahead; nothing was changed. Says why, for a person."""


def yardstick_version() -> str:
    try:
        return metadata.version("yardstick")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare checkout
        return "unknown"


def _pairs(state: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {(app, name) for app, names in state.items() for name in names}


def _labels(pairs) -> str:
    return ", ".join(f"{app}.{name}" for app, name in sorted(pairs))


def _pending(connection) -> list[tuple[str, str]]:
    """The migrations this Yardstick has that the database has not applied."""
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    return [
        (migration.app_label, migration.name) for migration, _ in executor.migration_plan(targets)
    ]


def back_up(
    path: Path | str,
    *,
    using: str = DEFAULT_DB_ALIAS,
    overwrite: bool = False,
    now: datetime | None = None,
) -> Manifest:
    """Write every table of the database to `path`. Refuses to overwrite a file unless told
    to, and a database with migrations not yet applied (its tables are not what the code
    reads)."""
    path = Path(path)
    connection = connections[using]
    if path.exists() and not overwrite:
        raise BackupRefused(f"{path} is there already: give another name, or --overwrite")
    if path.is_dir():
        raise BackupRefused(f"{path} is a folder: give a file name")
    pending = _pending(connection)
    if pending:
        raise BackupRefused(
            f"The database is not up to date ({len(pending)} migrations not applied, such as "
            f"{_labels(pending[:3])}): run `manage.py migrate` first."
        )
    table_list = tables()
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # one snapshot of every table, changing none
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        issued = issued_ids(connection, table_list)
        with BackupWriter(path) as writer:
            for table in table_list:
                writer.add_table(
                    table.name,
                    table.label,
                    table.columns,
                    read_rows(connection, table),
                    issued.get(table.name),
                )
            manifest = Manifest(
                yardstick_version=yardstick_version(),
                created_at=(now or datetime.now(UTC)).isoformat(timespec="microseconds"),
                database=connection.vendor,
                migrations=applied_migrations(connection),
                tables=list(writer.entries),
            )
            writer.finish(manifest)
    return manifest


@dataclass(frozen=True)
class Step:
    """One table to load: where it is in the database, and its entry in the backup with the
    fields in the backup's column order."""

    table: Table
    entry: TableEntry
    fields: list[models.Field]


@dataclass
class Restored:
    manifest: Manifest
    made_tables: bool = False
    pending: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.manifest.row_count

    @property
    def tables(self) -> int:
        return len(self.manifest.tables)


def restore(path: Path | str, *, using: str = DEFAULT_DB_ALIAS) -> Restored:
    """Load a backup into an empty database. Everything is checked first (the file whole,
    its migrations known here, the database empty and at the backup's migration state, or
    with no tables at all, in which case the backup's tables are made first); then every
    table is loaded in one transaction. Refusals change nothing."""
    path = Path(path)
    connection = connections[using]
    try:
        with BackupReader(path) as backup:
            manifest = backup.manifest
            steps = _steps(manifest)
            _check_every_row(backup, steps)
            made_tables = False
            if not connection.introspection.table_names():
                _make_tables(connection, manifest)
                made_tables = True
            _check_database(connection, manifest)
            with transaction.atomic(using=using):
                clear_made_by_migrate(connection)
                for step in steps:
                    rows = (prepare(step.fields, row) for row in backup.rows(step.entry))
                    insert_rows(connection, step.table, step.fields, rows)
                carry_on_ids(
                    connection,
                    [step.table for step in steps],
                    {e.name: e.last_id for e in manifest.tables if e.last_id is not None},
                )
    except BackupUnreadable as error:
        raise BackupUnreadable(f"{path.name}: {error}") from None
    ContentType.objects.clear_cache()
    pending = [f"{app}.{name}" for app, name in _pending(connection)]
    return Restored(manifest, made_tables, pending)


def _steps(manifest: Manifest) -> list[Step]:
    """Match the backup's tables with this Yardstick's; refuse a backup from a newer one."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces or ())
    unknown = _pairs(manifest.migrations) - known
    if unknown:
        raise RestoreRefused(
            f"The backup was made by a newer Yardstick ({manifest.yardstick_version}): its "
            f"database had migrations this Yardstick ({yardstick_version()}) does not have: "
            f"{_labels(unknown)}. Restore it with Yardstick {manifest.yardstick_version} "
            "or later. Nothing was changed."
        )
    here = {table.name: table for table in tables()}
    steps = []
    for entry in manifest.tables:
        table = here.get(entry.name)
        if table is None:
            raise RestoreRefused(
                f"The backup holds a table this Yardstick does not have ({entry.name}, "
                f"{entry.model}). Nothing was changed."
            )
        by_column = {f.column: f for f in table.fields}
        if sorted(entry.columns) != sorted(by_column):
            raise RestoreRefused(
                f"The backup's table {entry.name} has the columns {', '.join(entry.columns)}; "
                f"this Yardstick's has {', '.join(table.columns)}. Nothing was changed."
            )
        steps.append(Step(table, entry, [by_column[column] for column in entry.columns]))
    return steps


def _check_every_row(backup: BackupReader, steps: list[Step]) -> None:
    """Read the whole file once, checking counts, checksums and every value, before the
    database is touched."""
    for step in steps:
        for line, row in enumerate(backup.rows(step.entry), start=1):
            try:
                prepare(step.fields, row)
            except ColumnError as error:
                raise BackupUnreadable(f"{step.entry.file}, line {line}: {error}") from None


def _make_tables(connection, manifest: Manifest) -> None:
    """In a database with no tables: apply exactly the backup's migrations, so its tables
    are the backup's. (Newer migrations are left for `migrate` after the restore.)"""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    targets = []
    for app, names in sorted(manifest.migrations.items()):
        nodes = {(app, name) for name in names if (app, name) in graph.nodes}
        if not nodes:
            continue
        last = next(
            (node for node in sorted(nodes) if nodes <= set(graph.forwards_plan(node))), None
        )
        if last is None:
            raise RestoreRefused(
                f"The backup's migrations of {app} ({', '.join(names)}) are not a state this "
                "Yardstick can make. Nothing was restored."
            )
        targets.append(last)
    connection.prepare_database()
    executor.migrate(targets, plan=executor.migration_plan(targets))


def _check_database(connection, manifest: Manifest) -> None:
    here = applied_migrations(connection)
    if here != manifest.migrations:
        only_backup = _pairs(manifest.migrations) - _pairs(here)
        only_here = _pairs(here) - _pairs(manifest.migrations)
        detail = []
        if only_here:
            detail.append(f"only the database has {_labels(only_here)}")
        if only_backup:
            detail.append(f"only the backup has {_labels(only_backup)}")
        raise RestoreRefused(
            "The database is not at the backup's migration state ("
            + "; ".join(detail)
            + "). Restore into a new, empty database with no tables: the restore makes the "
            "backup's tables itself. Nothing was changed."
        )
    in_the_way = rows_in_the_way(connection)
    if in_the_way:
        shown = sorted(in_the_way.items(), key=lambda item: (-item[1], item[0]))[:5]
        listed = ", ".join(f"{name} {count:,}" for name, count in shown)
        more = len(in_the_way) - len(shown)
        raise RestoreRefused(
            f"The database already holds data, so nothing was restored: "
            f"{sum(in_the_way.values()):,} rows in {len(in_the_way)} tables ({listed}"
            f"{f' and {more} more tables' if more else ''}). Restore into a new, empty "
            "database (one with no tables, or just made by `manage.py migrate`)."
        )
