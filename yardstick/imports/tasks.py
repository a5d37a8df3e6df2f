"""Background jobs of imports, run by the worker (`manage.py run_worker`): a long upload is
checked, and once confirmed written, here rather than in the request."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django_tasks import task

from yardstick.imports.models import ImportRun, ImportStage, ImportStatus
from yardstick.imports.services import check_and_apply

STAGES = {"checked": ImportStage.CHECKING, "written": ImportStage.WRITING}


def queue_import(run: ImportRun) -> None:
    """Queue the run's job once the transaction that queued it commits (the worker must
    find the run and its file)."""

    def enqueue() -> None:
        job = run_import.enqueue(run.pk)
        ImportRun.objects.filter(pk=run.pk).update(job_id=str(job.id))

    transaction.on_commit(enqueue)


def note_progress(run_id: int, stage: str, rows: int) -> None:
    """Record how far the run has gone, for its page to show. Outside a transaction the
    run is updated as usual. Inside the import's transaction (the writing pass) the update
    goes through a connection of its own, committed at once, so the page sees it while the
    import is still uncommitted; SQLite lets one connection write at a time and the import
    holds it, so there the page shows the writing pass without a count until it ends."""
    values = {"stage": STAGES[stage], "rows_done": rows}
    if not connection.in_atomic_block:
        ImportRun.objects.filter(pk=run_id).update(**values)
        return
    if connection.vendor == "sqlite":
        return
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with side.cursor() as cursor:
            cursor.execute(
                "UPDATE imports_importrun SET stage = %s, rows_done = %s WHERE id = %s",
                [values["stage"], rows, run_id],
            )
    finally:
        side.close()


@task()
def run_import(run_id: int) -> dict:
    """Check a long upload and, if it was confirmed, write it (`check_and_apply`).
    Idempotent: a run that is no longer queued or running (previewed, applied, rejected) is
    left alone, and an apply whose worker died is rolled back whole by its transaction and
    run again from the start; one that committed is never applied twice."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().select_related("organisation").get(pk=run_id)
        if not run.is_waiting:
            return {"status": run.status, "rows": run.rows_done}
        run.status = ImportStatus.RUNNING
        run.stage = ImportStage.CHECKING
        run.rows_done = 0
        run.save(update_fields=["status", "stage", "rows_done"])
    acting_user = run.applied_by if run.apply_when_checked else run.created_by
    result = check_and_apply(
        run,
        acting_user,
        apply=run.apply_when_checked,
        progress=lambda stage, rows: note_progress(run.pk, stage, rows),
    )
    return {"status": result.run.status, "rows": result.changes.rows}
