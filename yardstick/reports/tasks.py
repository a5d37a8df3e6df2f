"""Background jobs of reports, run by the worker (`manage.py run_worker`)."""

from __future__ import annotations

from django_tasks import task

from yardstick.framework.models import Period
from yardstick.logs import log_event
from yardstick.reports import kept


@task()
def render_documents(period_id: int, again: bool = False) -> dict[str, object]:
    """Render and keep the documents of a published period (its Strategic Performance Report
    in every format, published figures only), replacing older versions; with `again`, even
    those kept at the current version (`manage.py keep_documents`). Idempotent: run twice,
    or again after its worker died mid-job, it leaves one current document per format
    (`kept.keep_documents`). A period that is not published (or no longer exists) has
    nothing to keep."""
    period = Period.objects.select_related("organisation").filter(pk=period_id).first()
    if period is None or not period.is_published:
        return {"rendered": [], "already": [], "superseded": []}
    outcome = kept.keep_documents(period, again=again)
    log_event(
        "documents_kept",
        organisation_id=period.organisation_id,
        period=period.label,
        version=outcome.version,
        rendered=",".join(outcome.rendered),
        superseded=",".join(outcome.superseded),
    )
    return {
        "version": outcome.version,
        "rendered": list(outcome.rendered),
        "already": list(outcome.already),
        "superseded": list(outcome.superseded),
    }
