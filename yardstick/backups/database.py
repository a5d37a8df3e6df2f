"""The database side of a backup: which tables it holds and in what order, reading their
rows, writing them back with plain INSERTs (no model code, no signals), the migration state,
and the ids the database has given out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder

from yardstick.backups.columns import decode, encode

# Filled by `migrate` itself (post_migrate), so a freshly migrated database is still empty;
# a restore replaces them with the backup's, whose ids the other tables refer to.
MADE_BY_MIGRATE = ("django_content_type", "auth_permission")
BATCH = 1000
AUTO_IDS = {"AutoField", "BigAutoField", "SmallAutoField"}


@dataclass(frozen=True)
class Table:
    """One table of the database, as a backup holds it."""

    model: type[models.Model]

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def fields(self) -> list[models.Field]:
        return list(self.model._meta.concrete_fields)

    @property
    def columns(self) -> list[str]:
        return [field.column for field in self.fields]

    @property
    def has_auto_id(self) -> bool:
        return self.model._meta.pk.get_internal_type() in AUTO_IDS


def tables() -> list[Table]:
    """Every table of every installed app (many-to-many tables and history tables too) but
    those a model says are not data (`kept_in_backups = False`: the content token),
    each table a row refers to before it, ties by name: the order a backup is written in
    and a restore loads."""
    found: dict[str, Table] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        if not getattr(model, "kept_in_backups", True):  # a cache key, not data
            continue
        found.setdefault(meta.db_table, Table(model))
    refers_to: dict[str, set[str]] = {}
    for name, table in found.items():
        targets = {
            field.related_model._meta.db_table
            for field in table.fields
            if field.is_relation and field.related_model is not None
        }
        refers_to[name] = {target for target in targets if target in found and target != name}
    ordered: list[Table] = []
    done: set[str] = set()
    waiting = sorted(found)
    while waiting:
        ready = [name for name in waiting if refers_to[name] <= done] or waiting[:1]  # a loop
        for name in ready:
            ordered.append(found[name])
            done.add(name)
        waiting = [name for name in waiting if name not in done]
    return ordered


def read_rows(connection: BaseDatabaseWrapper, table: Table) -> Iterator[list[Any]]:
    """Every row of a table in primary-key order, each as a list of JSON values in the order
    of `table.columns`."""
    fields = table.fields
    rows = (
        table.model._base_manager.using(connection.alias)
        .order_by("pk")
        .values_list(*[field.attname for field in fields])
        .iterator(chunk_size=BATCH)
    )
    for row in rows:
        yield [encode(field, value) for field, value in zip(fields, row, strict=True)]


def prepare(fields: list[models.Field], row: list[Any]) -> list[Any]:
    """A row from a backup as Python values (ColumnError when one cannot be read)."""
    return [decode(field, value) for field, value in zip(fields, row, strict=True)]


def insert_rows(
    connection: BaseDatabaseWrapper,
    table: Table,
    fields: list[models.Field],
    rows: Iterable[list[Any]],
) -> int:
    """INSERT prepared rows as they are: no save(), so no signal fires, no history row is
    written and no auto_now field is touched."""
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(table.name),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    count = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(
                [
                    field.get_db_prep_save(value, connection)
                    for field, value in zip(fields, row, strict=True)
                ]
            )
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def count_rows(connection: BaseDatabaseWrapper, names: Iterable[str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def rows_in_the_way(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """The tables of the database that hold rows a restore would collide with: every table
    but those `migrate` fills itself, with its row count."""
    present = set(connection.introspection.table_names())
    names = [t.name for t in tables() if t.name in present and t.name not in MADE_BY_MIGRATE]
    return {name: count for name, count in count_rows(connection, names).items() if count}


def clear_made_by_migrate(connection: BaseDatabaseWrapper) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for name in ("auth_permission", "django_content_type"):
            cursor.execute(f"DELETE FROM {quote(name)}")


def applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    """{app label: [migration names]} of the migrations recorded as applied, sorted."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return {}
    state: dict[str, list[str]] = {}
    for app_label, name in sorted(recorder.applied_migrations()):
        state.setdefault(app_label, []).append(name)
    return state


def issued_ids(connection: BaseDatabaseWrapper, table_list: list[Table]) -> dict[str, int]:
    """The largest id the database has given out for each table with an automatic id, which
    may be above the largest id still there (rows deleted since). A restore carries it on,
    so an id is never given twice and no new record inherits a deleted one's history."""
    auto = [table for table in table_list if table.has_auto_id]
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
            if cursor.fetchone() is None:
                return {}
            cursor.execute("SELECT name, seq FROM sqlite_sequence")
            given = dict(cursor.fetchall())
            return {t.name: int(given[t.name]) for t in auto if given.get(t.name)}
        if connection.vendor != "postgresql":
            return {}
        for table in auto:
            cursor.execute(
                "SELECT pg_get_serial_sequence(%s, %s)", [table.name, table.model._meta.pk.column]
            )
            sequence = cursor.fetchone()[0]
            if sequence is None:
                continue
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
            last_value, is_called = cursor.fetchone()
            issued = last_value if is_called else last_value - 1
            if issued > 0:
                found[table.name] = issued
    return found


def carry_on_ids(
    connection: BaseDatabaseWrapper, table_list: list[Table], issued: dict[str, int]
) -> None:
    """After loading: each table's next id is above every id there and above every id the
    backed-up database had given out (PostgreSQL's sequences are reset with Django's
    sequence_reset_sql first; SQLite keeps its own count in sqlite_sequence)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            models_ = [table.model for table in table_list]
            for statement in connection.ops.sequence_reset_sql(no_style(), models_):
                cursor.execute(statement)
            for table in table_list:
                if table.name not in issued or not table.has_auto_id:
                    continue
                column = table.model._meta.pk.column
                quote = connection.ops.quote_name
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                    f"GREATEST(%s, (SELECT COALESCE(MAX({quote(column)}), 0) "
                    f"FROM {quote(table.name)})))",
                    [table.name, column, issued[table.name]],
                )
        elif connection.vendor == "sqlite":
            for table in table_list:
                if table.name not in issued or not table.has_auto_id:
                    continue
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table.name])
                row = cursor.fetchone()
                if row is None:
                    cursor.execute(
                        "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)",
                        [table.name, issued[table.name]],
                    )
                elif row[0] < issued[table.name]:
                    cursor.execute(
                        "UPDATE sqlite_sequence SET seq = %s WHERE name = %s",
                        [issued[table.name], table.name],
                    )
