"""The measure page: definition, chart, figures by period, and the history of changes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from yardstick.accounts.access import ALL_STATUSES, internal_reader_required
from yardstick.core.values import format_value
from yardstick.measures.assessment import assess_history, core_value
from yardstick.measures.charts import build_chart
from yardstick.measures.models import Measure
from yardstick.measures.queries import measure_history
from yardstick.reports.scorecard import latest_reported, make_cell


def visible_changes(measure: Measure, access) -> list:
    """The measure's history, newest first. Figure versions include drafts and submitted
    figures, so only people who may see those (access.statuses_for) see figure changes."""
    changes = reversed(measure_history(measure))
    if access.statuses_for(measure) == ALL_STATUSES:
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
    history = assess_history(measure, access.statuses_for(measure))
    reported = latest_reported([measure.id], [a.period for a in history])
    rows = []
    for assessment in reversed(history):
        cell = make_cell(
            measure,
            assessment.period,
            assessment.figure,
            assessment.target,
            assessment.rating.band,
            assessment.rating.reason,
            reported.get((measure.id, assessment.period.id)),
        )
        rows.append({"assessment": assessment, "cell": cell})
    chart = build_chart(history, lambda a: format_value(core_value(measure, a.figure)))
    return render(
        request,
        "measures/detail.html",
        {
            "measure": measure,
            "rows": rows,
            "chart": chart,
            "changes": visible_changes(measure, access),
            "sees_drafts": access.statuses_for(measure) == ALL_STATUSES,
        },
    )
