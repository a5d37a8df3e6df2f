"""Writing many figures or targets at once, each with its django-simple-history row.

The services (`record_figures`, `set_targets`, `load_published_history`) call these inside
their transaction, after their checks; nothing else writes in bulk. Each row and each
history row holds what the ORM path (`save()` and simple-history's signal) would store: the
same columns, values prepared by the fields' own `get_db_prep_value`, and the history's
`history_type`, `history_user`, `history_change_reason` and `history_date`.
measures/tests/test_doors_agree.py compares the two paths, on SQLite and on PostgreSQL.

- PostgreSQL: new rows take their ids from the table's sequence (`nextval` over
  `generate_series`), then the rows and their history rows go in with `COPY` (psycopg's
  `cursor.copy`), the driver's C code adapting the values. Changed rows are copied into a
  temporary table and written by one `UPDATE ... FROM`; their history rows are copied by the
  database from the rows as saved.
- SQLite: new rows in multi-row INSERTs as large as SQLite takes, `RETURNING` their ids;
  changed rows with `executemany` of one UPDATE. Their history rows are copied by the
  database from the rows as stored (INSERT ... SELECT).
"""

from __future__ import annotations

import json
import operator
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime

from django.db import connection

from yardstick.organisations.content import written

__all__ = ["insert_with_history", "update_with_history"]

# Field types whose values the drivers take as the ORM gives them: their get_db_prep_value
# hands the value back unchanged (a test holds each of them to that). Dates and times are
# prepared by the field itself (the backend's own rules, a naive time made aware).
PASSED_AS_THEY_ARE = frozenset(
    {
        "CharField",
        "TextField",
        "DecimalField",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "BigIntegerField",
        "BooleanField",
        "ForeignKey",
    }
)
PREPARED_BY_THE_FIELD = frozenset({"DateTimeField", "DateField", "TimeField"})
# Columns a changed row keeps: it stays the same measure's figure for the same period.
KEPT_ON_CHANGE = ("measure_id", "period_id")
HISTORY_STAMPS = ("history_date", "history_change_reason", "history_type", "history_user_id")


def _columns(model, *, leave_out: tuple[str, ...] = ()) -> list:
    """The concrete fields of `model` a write gives a value, bar its id and `leave_out`."""
    found = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column in leave_out:
            continue
        kind = field.get_internal_type()
        if kind not in PASSED_AS_THEY_ARE and kind not in PREPARED_BY_THE_FIELD:
            raise TypeError(f"the bulk writers cannot write a {kind}")
        found.append(field)
    return found


def _reader(fields: list) -> Callable[[object], list]:
    """A function giving an instance's values for `fields` as the driver takes them: read
    in C, then the dates and times prepared by their fields (a bulk write stamps every row
    with the same moment, so the last value prepared is remembered)."""
    read = operator.attrgetter(*(field.attname for field in fields))
    prepared = [
        (position, _remembered(field))
        for position, field in enumerate(fields)
        if field.get_internal_type() in PREPARED_BY_THE_FIELD
    ]
    single = len(fields) == 1

    def values(instance) -> list:
        row = [read(instance)] if single else list(read(instance))
        for position, prepare in prepared:
            row[position] = prepare(row[position])
        return row

    return values


def _remembered(field) -> Callable[[object], object]:
    last: list = [object(), None]

    def prepare(value):
        if value is not last[0]:
            last[0], last[1] = value, field.get_db_prep_value(value, connection, prepared=False)
        return last[1]

    return prepare


def _stamps(acting_user, reason: str, when: datetime, history_type: str) -> list:
    """A history row's own values, in HISTORY_STAMPS' order, as the driver takes them."""
    return [
        connection.ops.adapt_datetimefield_value(when),
        reason,
        history_type,
        acting_user.pk if acting_user is not None else None,
    ]


def _quoted(names) -> str:
    return ", ".join(connection.ops.quote_name(name) for name in names)


def _history_copy(model, history_type: str, ids: str) -> str:
    """The statement that writes the history rows of the rows of `model` whose ids `ids`
    (SQL) gives, copied from them as stored: parameters when, reason, user id, then any
    that `ids` takes."""
    history = model.history.model
    columns = {field.column for field in model._meta.concrete_fields}
    copied = _quoted(f.column for f in history._meta.concrete_fields if f.column in columns)
    return (
        f"INSERT INTO {_quoted([history._meta.db_table])} ({copied}, {_quoted(HISTORY_STAMPS)}) "
        f"SELECT {copied}, %s, %s, '{history_type}', %s "
        f"FROM {_quoted([model._meta.db_table])} "
        f"WHERE {_quoted([model._meta.pk.column])} IN {ids}"
    )


def insert_with_history(model, objects: Sequence, acting_user, reason: str, when: datetime) -> None:
    """Insert new rows of `model` (a Figure or a Target: one per measure and period) with one
    history row each (history_type '+', who, when, why); each object gets its id."""
    if not objects:
        return
    if connection.vendor == "postgresql":
        _copy_new(model, objects, acting_user, reason, when)
    else:
        _insert_new(model, objects, acting_user, reason, when)
    for instance in objects:
        instance._state.adding = False
        instance._state.db = connection.alias


def _copy_new(model, objects: Sequence, acting_user, reason: str, when: datetime) -> None:
    """PostgreSQL: ids from the sequence, then the rows and the history rows by COPY."""
    fields = _columns(model)
    values = _reader(fields)
    table, pk = model._meta.db_table, model._meta.pk.column
    stamps = _stamps(acting_user, reason, when, "+")
    columns = [pk, *(field.column for field in fields)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
        (sequence,) = cursor.fetchone()
        cursor.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, len(objects)]
        )
        ids = [found for (found,) in cursor.fetchall()]
        rows = []
        for instance, new_id in zip(objects, ids, strict=True):
            instance.pk = new_id
            rows.append([new_id, *values(instance)])
        with cursor.copy(f"COPY {_quoted([table])} ({_quoted(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        # COPY does not pass through Django's execute wrappers, which renew the content
        # token for every other write.
        written(connection.alias)
        history = model.history.model._meta.db_table
        with cursor.copy(
            f"COPY {_quoted([history])} ({_quoted(columns)}, {_quoted(HISTORY_STAMPS)}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row + stamps)


def _insert_new(model, objects: Sequence, acting_user, reason: str, when: datetime) -> None:
    """SQLite: multi-row INSERTs as large as it takes (some 1,300 figures a statement),
    RETURNING the ids, and the history rows copied by the database."""
    fields = _columns(model)
    values = _reader(fields)
    table = _quoted([model._meta.db_table])
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = max(1, _most_parameters() // len(fields))
    returning = f" RETURNING {_quoted([model._meta.pk.column])}, measure_id, period_id"
    copy_history = _history_copy(model, "+", "(SELECT value FROM json_each(%s))")
    stamp, _, _, user_id = _stamps(acting_user, reason, when, "+")
    with connection.cursor() as cursor:
        for start in range(0, len(objects), per_statement):
            batch = objects[start : start + per_statement]
            params: list = []
            for instance in batch:
                params.extend(values(instance))
            cursor.execute(
                f"INSERT INTO {table} ({_quoted(f.column for f in fields)}) VALUES "
                + ", ".join([row_marks] * len(batch))
                + returning,
                params,
            )
            # Matched by measure and period: RETURNING's order is not promised.
            ids = {(measure_id, period_id): pk for pk, measure_id, period_id in cursor}
            for instance in batch:
                instance.pk = ids[instance.measure_id, instance.period_id]
            cursor.execute(copy_history, [stamp, reason, user_id, json.dumps(list(ids.values()))])


def _most_parameters() -> int:
    """How many parameters one SQLite statement may carry."""
    connection.ensure_connection()
    return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def update_with_history(model, objects: Sequence, acting_user, reason: str, when: datetime) -> None:
    """Save changed rows of `model` (every column but its id, the measure and the period)
    with one history row each (history_type '~'), copied by the database from the rows as
    saved."""
    if not objects:
        return
    fields = _columns(model, leave_out=KEPT_ON_CHANGE)
    values = _reader(fields)
    table, pk = _quoted([model._meta.db_table]), _quoted([model._meta.pk.column])
    stamp, _, _, user_id = _stamps(acting_user, reason, when, "~")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            changed = _quoted(["yardstick_changed_rows"])
            names = _quoted(field.column for field in fields)
            cursor.execute(
                f"CREATE TEMPORARY TABLE {changed} ON COMMIT DROP AS "
                f"SELECT {pk}, {names} FROM {table} WITH NO DATA"
            )
            with cursor.copy(f"COPY {changed} ({pk}, {names}) FROM STDIN") as copy:
                for instance in objects:
                    copy.write_row([instance.pk, *values(instance)])
            assigned = ", ".join(
                f"{column} = {changed}.{column}"
                for column in (_quoted([field.column]) for field in fields)
            )
            cursor.execute(
                f"UPDATE {table} SET {assigned} FROM {changed} WHERE {table}.{pk} = {changed}.{pk}"
            )
            cursor.execute(
                _history_copy(model, "~", f"(SELECT {pk} FROM {changed})"),
                [stamp, reason, user_id],
            )
            cursor.execute(f"DROP TABLE {changed}")
            return
        assigned = ", ".join(f"{_quoted([field.column])} = %s" for field in fields)
        cursor.executemany(
            f"UPDATE {table} SET {assigned} WHERE {pk} = %s",
            [[*values(instance), instance.pk] for instance in objects],
        )
        copy_history = _history_copy(model, "~", "(SELECT value FROM json_each(%s))")
        for start in range(0, len(objects), 10_000):
            ids = [instance.pk for instance in objects[start : start + 10_000]]
            cursor.execute(copy_history, [stamp, reason, user_id, json.dumps(ids)])
