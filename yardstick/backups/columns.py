"""How each column's value is written in a backup and read back, exactly.

A backup holds every value as JSON, chosen so that nothing is rounded or cut and the same
file loads into SQLite or PostgreSQL:

| column | in the file |
|---|---|
| date and time | ISO 8601 in UTC with microseconds: `2018-10-01T09:30:00.123456+00:00` |
| date, time | ISO 8601: `2019-03-31`, `09:30:00.000000` |
| decimal | a string, as stored: `"38.700000"` |
| duration | whole microseconds: `5400000000` |
| binary (the file an import kept) | base64 |
| UUID | its text |
| JSON | the JSON value itself |
| text, whole numbers, true/false, floats | themselves |
| empty (SQL NULL) | `null` |
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.db.models.expressions import Value

WORDS = {
    "DateTimeField": "a date and time",
    "DateField": "a date",
    "TimeField": "a time",
    "DecimalField": "a decimal number",
    "DurationField": "a duration",
    "BinaryField": "base64",
    "UUIDField": "a UUID",
}


class ColumnError(ValueError):
    """A value that cannot be written to, or read from, a backup; says which and why."""


def storage_field(field: models.Field) -> models.Field:
    """The field whose type a column stores: a foreign key stores its target's."""
    while field.is_relation:
        field = field.target_field
    return field


def encode(field: models.Field, value: Any) -> Any:
    """A column's value (as the ORM reads it) as JSON."""
    if value is None:
        return None
    kind = storage_field(field).get_internal_type()
    if kind == "DateTimeField":
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat(timespec="microseconds")
    if kind == "DateField":
        return value.isoformat()
    if kind == "TimeField":
        return value.isoformat(timespec="microseconds")
    if kind == "DecimalField":
        return str(value)
    if kind == "DurationField":
        return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    if kind == "BinaryField":
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == "UUIDField":
        return str(value)
    if kind == "JSONField":
        return value
    if isinstance(value, bool | int | float | str):
        return value
    raise ColumnError(
        f"{field.model._meta.db_table}.{field.column}: cannot write a {type(value).__name__}"
    )


def decode(field: models.Field, value: Any) -> Any:
    """A value from a backup as the ORM gives it, ready for `field.get_db_prep_save`.
    ColumnError when the file holds something the column cannot take."""
    target = storage_field(field)
    kind = target.get_internal_type()
    if value is None:
        # A JSON column that cannot be SQL NULL held JSON null.
        return Value(None, models.JSONField()) if kind == "JSONField" and not field.null else None
    try:
        if kind == "DateTimeField":
            return dt.datetime.fromisoformat(_text(value))
        if kind == "DateField":
            return dt.date.fromisoformat(_text(value))
        if kind == "TimeField":
            return dt.time.fromisoformat(_text(value))
        if kind == "DecimalField":
            return Decimal(_text(value))
        if kind == "DurationField":
            return dt.timedelta(microseconds=_whole(value))
        if kind == "BinaryField":
            return base64.b64decode(_text(value), validate=True)
        if kind == "UUIDField":
            return uuid.UUID(_text(value))
        if kind == "JSONField":
            return value
        if kind == "BooleanField":
            if not isinstance(value, bool):
                raise ColumnError(f"{value!r} is not true or false")
            return value
        if kind.endswith("IntegerField") or kind.endswith("AutoField"):
            return _whole(value)
        if kind == "FloatField":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ColumnError(f"{value!r} is not a number")
            return float(value)
        return _text(value)
    except (ValueError, InvalidOperation, TypeError) as error:
        if isinstance(error, ColumnError):
            raise
        raise ColumnError(f"{value!r} is not {WORDS.get(kind, 'a ' + kind)}") from None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ColumnError(f"{value!r} is not text")
    return value


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ColumnError(f"{value!r} is not a whole number")
    return value
