"""/healthz: is this server fit to take requests? For the load balancer and the council's
monitoring; no sign-in, cheap (a `SELECT 1`, one indexed query, and the migration check only
until it has passed once), and left out of the access log.

JSON, 200 when every check passes, 503 naming the check that failed otherwise:
- database: the database answers `SELECT 1`;
- migrations: every migration is applied (an upgrade that forgot `migrate` fails here);
- worker: a background worker (`manage.py run_worker`) has written its heartbeat within
  YARDSTICK_WORKER_STALE seconds. Skipped when TASKS_BACKEND is not the database backend,
  whose workers that backend's own tools watch.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from yardstick.accounts.access import runs_the_deployment
from yardstick.health.models import WorkerHeartbeat

OK, FAILING, SKIPPED = "ok", "failing", "skipped"
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"

# Migrations, once all applied, stay applied for the life of the process (a new release
# means a restart), so the check stops costing anything after it first passes.
_migrations_applied = False


def database_check() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": OK}


def migrations_check() -> dict[str, str]:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if unapplied:
            return {"status": FAILING, "detail": f"{len(unapplied)} migrations not applied"}
        _migrations_applied = True
    return {"status": OK}


def worker_check() -> dict[str, str]:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != DATABASE_BACKEND:
        return {"status": SKIPPED, "detail": f"jobs go to {backend}"}
    if WorkerHeartbeat.objects.alive(timezone.now()).exists():
        return {"status": OK}
    return {
        "status": FAILING,
        "detail": f"no worker heard from in {settings.YARDSTICK_WORKER_STALE:g} seconds",
    }


CHECKS = (("database", database_check), ("migrations", migrations_check), ("worker", worker_check))


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, dict[str, str]] = {}
    for name, check in CHECKS:
        if checks.get("database", {}).get("status") == FAILING:
            checks[name] = {"status": SKIPPED, "detail": "the database did not answer"}
            continue
        try:
            checks[name] = check()
        except DatabaseError as error:
            checks[name] = {"status": FAILING, "detail": f"database error ({type(error).__name__})"}
    failing = [name for name, check in checks.items() if check["status"] == FAILING]
    response = JsonResponse(
        {"status": FAILING if failing else OK, "failing": failing, "checks": checks},
        status=503 if failing else 200,
    )
    # A failing check is for the monitor to report, not an error line on every probe.
    response._has_been_logged = True
    return response


class DeliberateError(Exception):
    """Raised on purpose by /healthz/error, to see an error reach the logs (and Sentry)."""


@never_cache
def deliberate_error(request: HttpRequest) -> HttpResponse:
    """/healthz/error, for a superuser after a deployment: fails on purpose, so the 500 page,
    the log line with its traceback and request id, and Sentry's report (when SENTRY_DSN is
    set) can be seen. Anyone else gets Page not found."""
    if not runs_the_deployment(request.user):
        raise Http404
    raise DeliberateError(f"A deliberate error, asked for by {request.user.username}")
