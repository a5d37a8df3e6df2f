"""The measure page: definition, chart, figures by period, and the history of changes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from yardstick.accounts.access import Sight, internal_reader_required
from yardstick.measures.charts import build_chart
from yardstick.measures.models import Measure
from yardstick.measures.queries import measure_history, periods_of
from yardstick.measures.shown import shown_ratings
from yardstick.measures.spc import build_spc_chart, unsuited


def visible_changes(measure: Measure, access) -> list:
    """The measure's history, newest first. Figure versions include drafts and submitted
    figures, so only people who may see those (access.sight) see figure changes."""
    changes = reversed(measure_history(measure))
    if access.sight(measure) == Sight.EVERYTHING:
        return list(changes)
    return [change for change in changes if change.kind != "figure"]


@internal_reader_required
def measure_page(request: HttpRequest, code: str) -> HttpResponse:
    access = request.access
    measure = get_object_or_404(
        Measure.objects.with_people().prefetch_related("themes"),
        organisation_id=access.organisation_id,
        code=code,
    )
    periods = periods_of(measure)
    shown = shown_ratings([measure], periods, access, per_measure=True)
    history = [shown[(measure.id, period.id)] for period in periods]
    history = [item for item in history if item.reports]
    own = [item for item in history if item.combined is None]
    return render(
        request,
        "measures/detail.html",
        {
            "measure": measure,
            "rows": list(reversed(history)),
            # The charts are of its own periods: a quarter made from its months is a row of
            # the table, not a point among the months.
            "chart": build_chart(own),
            "spc": build_spc_chart(own),
            "spc_unsuited": unsuited(measure),
            "changes": visible_changes(measure, access),
            "sees_drafts": access.sight(measure) == Sight.EVERYTHING,
        },
    )
