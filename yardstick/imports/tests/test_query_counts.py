"""An import issues no query per row: it reads the rows it could touch in a few queries, diffs
in Python and writes in bulk. Twice the rows, the same reads; the writes only grow where a
bulk statement is split into batches (500 rows, or SQLite's 999 parameters a statement)."""

import csv
import io
import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yardstick.imports.services import import_file

from .conftest import SEED, seed_text

pytestmark = pytest.mark.django_db

WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)


def doubled_seed() -> bytes:
    """The seed and a copy of it on scorecards of other names: 510 rows, 170 measures."""
    rows = list(csv.reader(io.StringIO(seed_text())))
    header, body = rows[0], rows[1:]
    copy = [[f"{row[0]} again", *row[1:]] for row in body]
    out = io.StringIO()
    csv.writer(out).writerows([header, *body, *copy])
    return out.getvalue().encode("utf-8")


def captured(organisation, content: bytes) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        result = import_file(organisation, "scorecard", content, "scorecards.csv", None)
    assert result.applied, result.changes.problems
    return [query["sql"] for query in queries.captured_queries]


def reads(queries: list[str]) -> list[str]:
    return [sql for sql in queries if sql.lstrip().upper().startswith("SELECT")]


def writes(queries: list[str]) -> Counter:
    """Write statements by verb and table."""
    found = (WRITE.match(sql) for sql in queries)
    return Counter((match[1].upper(), match[2]) for match in found if match)


def test_twice_the_rows_are_read_with_the_same_queries(council, other_council, seed_bytes):
    single = captured(council, seed_bytes)
    double = captured(other_council, doubled_seed())
    assert len(reads(double)) == len(reads(single))


def test_twice_the_rows_are_written_by_the_same_bulk_statements(council, other_council, seed_bytes):
    single = captured(council, seed_bytes)
    double = captured(other_council, doubled_seed())
    assert writes(double).keys() == writes(single).keys()
    # Bulk writes go in batches (measures.services writes 500 rows a statement, and SQLite
    # takes 999 parameters a statement): more rows, more batches, never a statement per row.
    for statement, count in writes(double).items():
        assert count <= 2 * writes(single)[statement], statement


def test_the_seed_takes_far_fewer_queries_than_it_has_rows(council, seed_bytes):
    queries = captured(council, seed_bytes)
    assert len(queries) < 255 // 2  # 47 on PostgreSQL, 71 on SQLite (batches)


def test_importing_again_reads_with_the_same_queries_however_long_the_file(
    council, other_council, seed_bytes
):
    doubled = doubled_seed()
    import_file(council, "scorecard", seed_bytes, SEED.name, None)
    import_file(other_council, "scorecard", doubled, "double.csv", None)
    again_single = captured(council, seed_bytes)
    again_double = captured(other_council, doubled)
    assert len(again_double) == len(again_single)
    assert writes(again_double) == Counter({("INSERT INTO", "imports_importrun"): 1})
