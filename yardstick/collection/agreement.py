"""Agreeing targets outside the administration (issue 13 §4): the performance team's page of a
period's proposed targets, where they record who agreed them (a person or a body, such as
"Cabinet") and on what day, one at a time or several at once. Only agreed targets rate a
published period, so the publish page links here from its list of targets not yet agreed.

The rules are the ones every door applies (`measures.rules.agreeing_problems`), and the write
is `measures.services.agree_targets`, whose history keeps who recorded each agreement and when.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from yardstick.accounts.access import performance_team_required
from yardstick.collection.forms import AgreeTargetsForm, show_problems
from yardstick.collection.queries import proposed_targets
from yardstick.framework.models import Period
from yardstick.measures.rules import Agreement
from yardstick.measures.services import FigureLocked, FigureRefused, agree_targets
from yardstick.measures.shown import target_text


@performance_team_required
@require_http_methods(["GET", "POST"])
def agree_targets_page(request: HttpRequest, period_id: int) -> HttpResponse:
    organisation_id = request.access.organisation_id
    period = get_object_or_404(Period, pk=period_id, organisation_id=organisation_id)
    proposed = proposed_targets(organisation_id, [period])
    form = AgreeTargetsForm(proposed=proposed, initial={"agreed_on": timezone.localdate()})
    if request.method == "POST" and not period.is_published:
        data = request.POST.copy()
        if data.get("only"):  # a row's own button agrees that target alone
            data.setlist("targets", [data["only"]])
        form = AgreeTargetsForm(data, proposed=proposed)
        if form.is_valid():
            agreement = Agreement(
                agreed_by=form.cleaned_data["agreed_by"],
                agreed_on=form.cleaned_data["agreed_on"],
            )
            try:
                agreed = agree_targets(form.chosen, agreement, request.user)
            except FigureRefused as refused:
                show_problems(form, refused.problems)
            except FigureLocked as locked:
                messages.error(request, str(locked))
                return redirect("collection:agree_targets", period.pk)
            else:
                names = ", ".join(target.measure.code for target in agreed)
                count = len(agreed)
                messages.success(
                    request,
                    f"{count} target{'s' if count != 1 else ''} agreed by "
                    f"{agreement.agreed_by.strip()}: {names or 'none still proposed'}.",
                )
                return redirect("collection:agree_targets", period.pk)
    rows = list(zip(proposed, form["targets"], strict=True))
    return render(
        request,
        "collection/agree_targets.html",
        {
            "period": period,
            "form": form,
            "rows": [(target, box, target_text(target.measure, target)) for target, box in rows],
        },
    )
