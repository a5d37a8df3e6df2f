"""The data quality page: returns, missing data for the coming board, outliers, validation
problems and data quality statements, for the performance team."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from yardstick.accounts.access import performance_team_required
from yardstick.collection.checks import HISTORY_PERIODS
from yardstick.dataquality.queries import (
    COMPLETENESS_PERIODS,
    choosable_periods,
    data_quality,
    default_period,
)
from yardstick.framework.models import Period, PeriodStatus


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label="Period")

    def __init__(self, *args, periods: list[Period] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [
            (
                p.key,
                f"{p.label} ({'open' if p.status == PeriodStatus.OPEN else 'published'})",
            )
            for p in periods
        ]


@performance_team_required
def data_quality_page(request: HttpRequest) -> HttpResponse:
    access = request.access
    today = timezone.localdate()
    periods = choosable_periods(access.organisation_id)
    by_key = {p.key: p for p in periods}
    key = request.GET.get("period")
    if key:
        period = by_key.get(key)
        if period is None:
            raise Http404("There is no such period.")
    else:
        period = default_period(periods, today)
    report = data_quality(access.organisation_id, period, periods, today) if period else None
    form = PeriodForm(initial={"period": period.key if period else None}, periods=periods)
    return render(
        request,
        "dataquality/page.html",
        {
            "form": form,
            "period": period,
            "report": report,
            "completeness_periods": COMPLETENESS_PERIODS,
            "history_periods": HISTORY_PERIODS,
        },
    )
