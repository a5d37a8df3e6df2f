"""Asking for a published period's documents to be rendered: once per version of them,
whoever asks (publishing, a correction, a download that found them missing or out of date)
and however often (every poll of the "being prepared" page); and choosing the risk registers
the Strategic Performance Report includes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from yardstick.accounts.access import access_for
from yardstick.bounds import Refused
from yardstick.core import challenge_list
from yardstick.framework.models import Period
from yardstick.measures.services import periods_using
from yardstick.reports import tasks
from yardstick.reports.kept import document_version
from yardstick.reports.models import ChallengeListSettings, DocumentRequest

# A request whose job was never queued this long after it was made (its process stopped
# between committing and queueing) is queued again.
NEVER_QUEUED_AFTER = timedelta(minutes=2)


def request_documents_after_correction(period: Period) -> None:
    """A published figure of `period` was corrected (on the correction page or by an
    import): the documents of the period, and of the later ones that compare with it, are
    rendered again once this commits (the restatement gave each a new version)."""
    for restated in [period, *periods_using(period)]:
        request_documents(restated)


def request_documents(
    period: Period, *, version: str | None = None, retry: bool = True
) -> DocumentRequest | None:
    """Make sure a render of `period`'s documents at its current `version` is queued: the
    first ask records a DocumentRequest and queues the job once the transaction commits;
    later asks queue nothing, unless the request was settled and the documents are asked for
    again (their files are missing: a database restored without its MEDIA_ROOT) or (with
    `retry`) its job failed or was lost: then it is queued again, once. None for a period
    that is not published (its reports are rendered when read)."""
    if not period.is_published:
        return None
    version = version or document_version(period)
    try:
        with transaction.atomic():
            asked, created = DocumentRequest.objects.get_or_create(
                period=period,
                version=version,
                defaults={
                    "organisation_id": period.organisation_id,
                    "requested_at": timezone.now(),
                },
            )
    except IntegrityError:  # asked at the same moment by another request: theirs stands
        asked, created = DocumentRequest.objects.get(period=period, version=version), False
    again = asked.done_at is not None
    if created or again or (retry and job_state(asked) in (TaskResultStatus.FAILED, "lost")):
        # Only the one who changes the row queues the job, however many ask at once.
        now = timezone.now()
        claimed = DocumentRequest.objects.filter(
            pk=asked.pk, job_id=asked.job_id, done_at=asked.done_at
        ).update(job_id="queued", done_at=None, requested_at=now)
        if claimed:
            asked.job_id, asked.done_at, asked.requested_at = "queued", None, now
            transaction.on_commit(partial(_enqueue, asked.pk, period.pk))
    return asked


def _enqueue(request_id: int, period_id: int) -> None:
    job = tasks.render_documents.enqueue(period_id)
    DocumentRequest.objects.filter(pk=request_id).update(job_id=str(job.id))


def job_state(asked: DocumentRequest) -> str:
    """The state of the request's job: a TaskResultStatus, "done" when the request is
    settled, "queueing" while it is being queued, "lost" when its job is gone (or was never
    queued)."""
    if asked.done_at is not None:
        return "done"
    if asked.job_id in ("", "queued"):
        waited = timezone.now() - asked.requested_at
        return "queueing" if waited < NEVER_QUEUED_AFTER else "lost"
    try:
        return tasks.render_documents.get_result(asked.job_id).status
    except (TaskResultDoesNotExist, ValueError):
        return "lost"


def challenge_list_settings(organisation_id: int) -> ChallengeListSettings:
    """The organisation's challenge list settings: its own, or the defaults (N = 4, X = 10%)
    unsaved. One query."""
    found = ChallengeListSettings.objects.filter(organisation_id=organisation_id).first()
    return found or ChallengeListSettings(organisation_id=organisation_id)


@transaction.atomic
def set_challenge_list_settings(
    organisation_id: int, runs: int, margin: Decimal, acting_user
) -> ChallengeListSettings:
    """Set N and X of the organisation's challenge list (the performance team's), with history;
    `bounds.Refused` naming the field for a value out of bounds (`core.challenge_list`)."""
    if not access_for(acting_user, organisation_id).is_performance_team:
        raise PermissionDenied("Only the performance team sets the challenge list.")
    try:
        challenge_list.check_settings(runs, margin)
    except ValueError as error:
        field = "runs" if "periods running" in str(error) else "margin"
        raise Refused(str(error), field) from error
    if margin != margin.quantize(Decimal("0.1")):
        raise Refused("Give the margin to one decimal place at most (such as 7.5).", "margin")
    settings = (
        ChallengeListSettings.objects.select_for_update()
        .filter(organisation_id=organisation_id)
        .first()
    ) or ChallengeListSettings(organisation_id=organisation_id)
    settings.runs = runs
    settings.margin = margin
    settings._history_user = acting_user
    settings._change_reason = (
        f"Challenge list: {runs} periods running, more than {challenge_list.percent(margin)}"
    )
    settings.save()
    return settings
