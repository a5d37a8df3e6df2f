"""The content token: what the pages show can change only when something is written, and
every write renews the token, so a page part kept in the cache under it is never read after
a write that could change it (`yardstick.scorecards.kept`).

Every statement that writes a table through Django's connection (the ORM's saves, deletes and
bulk writes, the bulk importers' INSERTs and UPDATEs, raw SQL, a restore) passes through
`_watch`, an execute wrapper put on each connection as it opens. PostgreSQL's COPY does not
pass through it: the one writer that uses COPY (`measures.bulk`) calls `written()` itself.
Writes of what no page shows (sessions, sign-in attempts, the task queue, the worker's
heartbeat, import progress, a sign-in's `last_login`) leave the token alone (`NOT_SHOWN`).

A write renews two things:
- at once, this process's generation (`_generation`): this process's next page is made
  afresh, even inside the transaction (a test's, or the writer's own request);
- when the transaction commits, the token row (`ContentVersion`): every worker's next page is
  made afresh. Renewed after the commit (one UPDATE per transaction, not per statement), so a
  long import does not hold a lock every other writer waits on. A reader reads the token
  before what it shows: between a commit and its renewal a reader may keep what it read under
  the old token, which no one asks for once the token is renewed. If a process died between
  the two, the old token would stand until the next write: a kept part lives at most
  the "parts" cache's TIMEOUT (settings.CACHES)."""

from __future__ import annotations

import functools
import logging
import re
import threading
import uuid

from django.apps import apps
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.backends.signals import connection_created

log = logging.getLogger(__name__)

TABLE = "yardstick_content_version"

# Models no page shows (by label): writing them leaves the token alone.
NOT_SHOWN = frozenset(
    {
        "sessions.Session",
        "axes.AccessAttempt",
        "axes.AccessAttemptExpiration",
        "axes.AccessFailureLog",
        "axes.AccessLog",
        "django_tasks_database.DBTaskResult",
        "health.WorkerHeartbeat",
        "imports.ImportRun",
        "reports.DocumentRequest",
        "api.ApiToken",
        "organisations.ContentVersion",
    }
)
# Tables with no model.
NOT_SHOWN_TABLES = frozenset({"django_migrations", "yardstick_cache"})

_WRITE = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+\"?(\w+)\"?",
    re.IGNORECASE,
)
# A sign-in: Django's update_last_login saves that one column.
_LAST_LOGIN = re.compile(r'\s*UPDATE\s+"?\w+"?\s+SET\s+"?last_login"?\s*=\s*%s\s+WHERE', re.I)

_lock = threading.Lock()
# This process's generation starts where no other process's does, so a token is this
# process's alone: a cache shared by several processes (or by two releases, one after the
# other) never hands one process what another made.
_generation = uuid.uuid4().int >> 64


def content_token(using: str = "default") -> str:
    """The token as this process sees it now: the token row and this process's generation.
    Read it before reading what a page shows. One query."""
    generation = _generation
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT token FROM {TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return f"{row[0] if row else '-'}.{generation}"


def written(using: str = "default") -> None:
    """Something a page may show was written on `using`: renew this process's generation now
    and the token row when the transaction commits (once per transaction)."""
    global _generation
    with _lock:
        _generation += 1
    connection = connections[using]
    if connection.in_atomic_block and any(
        getattr(entry[1], "func", None) is _renew for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(functools.partial(_renew, using), using=using, robust=True)


def _renew(using: str) -> None:
    token = uuid.uuid4().hex
    try:
        with connections[using].cursor() as cursor:
            cursor.execute(f"UPDATE {TABLE} SET token = %s WHERE id = 1", [token])
            if cursor.rowcount == 0:
                cursor.execute(f"INSERT INTO {TABLE} (id, token) VALUES (1, %s)", [token])
    except IntegrityError:
        pass  # another worker made the row at the same moment, with a token of its own
    except DatabaseError:
        # Before the table's migration has run (a data migration writing): nothing is kept.
        log.debug("The content token's table is not there yet.", exc_info=True)


@functools.cache
def _not_shown_tables() -> frozenset[str]:
    tables = set(NOT_SHOWN_TABLES)
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label in NOT_SHOWN:
            tables.add(model._meta.db_table)
    return frozenset(tables)


def shows(sql: str) -> bool:
    """Whether `sql` writes a table a page may show."""
    found = _WRITE.match(sql)
    if found is None:
        return False
    return found.group(1) not in _not_shown_tables() and not _LAST_LOGIN.match(sql)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and shows(sql):
        written(context["connection"].alias)
    return result


def watch_connection(sender, connection, **kwargs) -> None:
    """`connection_created`: put `_watch` on the new connection."""
    if _watch not in connection.execute_wrappers:
        # First: `connection.execute_wrapper()` pops the last wrapper when it ends, which
        # would be this one had the connection opened inside it.
        connection.execute_wrappers.insert(0, _watch)


def start_watching() -> None:
    """Watch every connection: those opened from now on, and any already open."""
    connection_created.connect(watch_connection, dispatch_uid="yardstick-content-token")
    for connection in connections.all(initialized_only=True):
        watch_connection(None, connection)
