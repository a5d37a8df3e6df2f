"""The test databases are made from the models, with every migration recorded as applied
(`django_db_setup` in the root conftest.py): the tables must be the ones `migrate` makes,
column for column and index for index, or the suite would test another schema than a
council's."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection, connections

from yardstick.backups.tests.conftest import database

pytestmark = pytest.mark.django_db

# The names SQLite gives what has none, numbered in the order the table was given them.
NUMBERED = re.compile(r"fk_\d+|__unnamed_constraint_\d+__")


def schema(alias: str) -> dict[str, tuple]:
    """Each table: its columns (name, type, null allowed, primary key) and its constraints
    and indexes (name, columns, unique, primary key, foreign key, check, index)."""
    introspection = connections[alias].introspection
    tables = {}
    with connections[alias].cursor() as cursor:
        for table in introspection.table_names(cursor):
            columns = sorted(
                (c.name, c.type_code, c.null_ok, c.pk)
                for c in introspection.get_table_description(cursor, table)
            )
            constraints = sorted(
                (
                    # SQLite numbers a table's foreign keys and unnamed constraints in the
                    # order it was given them (fk_0, __unnamed_constraint_1__ ...): the
                    # order of the model's fields, or of the migrations that added them.
                    # What each one is, is compared.
                    "(numbered)" if NUMBERED.fullmatch(name) else name,
                    tuple(found["columns"]),
                    found["unique"],
                    found["primary_key"],
                    found["foreign_key"],
                    found["check"],
                    found["index"],
                )
                for name, found in introspection.get_constraints(cursor, table).items()
            )
            tables[table] = (columns, constraints)
    return tables


@pytest.mark.skipif(connection.vendor != "sqlite", reason="compared with a migrated SQLite file")
def test_the_test_database_has_the_tables_migrate_makes(migrated_sqlite):
    with database("migrated", f"sqlite:///{migrated_sqlite}") as alias:
        migrated = schema(alias)
    made = schema("default")
    # Besides migrate's tables, the cache's, which `createcachetable` makes (as the test
    # databases' creation does, and docs/deploy.md).
    assert set(made) - set(migrated) == {settings.CACHES["database"]["LOCATION"]}
    assert set(migrated) <= set(made)
    made = {table: made[table] for table in migrated}
    assert [table for table in made if made[table] != migrated[table]] == []
    assert len(made) > 100
