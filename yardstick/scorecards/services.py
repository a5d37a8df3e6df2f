"""Changes to scorecards. One state change per function, in a transaction, audited."""

from __future__ import annotations

from django.db import transaction

from yardstick.framework.models import Period
from yardstick.scorecards.models import ExceptionNote, Scorecard


@transaction.atomic
def note_exception(
    scorecard: Scorecard, measure_id: int, period: Period, reason: str, acting_user
) -> ExceptionNote:
    """Mark an exception "noted, no discussion needed" with the reason."""
    note = ExceptionNote.objects.filter(
        scorecard=scorecard, measure_id=measure_id, period=period
    ).first() or ExceptionNote(scorecard=scorecard, measure_id=measure_id, period=period)
    note.reason = reason
    note.noted_by = acting_user
    note._history_user = acting_user
    note._change_reason = "Exception noted: no discussion needed"
    note.save()
    return note
