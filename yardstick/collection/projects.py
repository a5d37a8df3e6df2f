"""Pages for key projects' returns: the owner writes a period's return (progress, status,
percentage complete, milestones done) and submits it; an approver signs it off or sends it
back, on the same page; the owner of a completed project records its benefits review. The
rules and the writes are `yardstick.actions.services`'."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from yardstick.accounts.access import internal_reader_required
from yardstick.actions import services
from yardstick.actions.models import ActionUpdate, BenefitsReview, KeyAction, ReviewStatus
from yardstick.collection.forms import (
    BenefitsReviewForm,
    ProjectReturnBackForm,
    ProjectReturnForm,
    show_problems,
)
from yardstick.collection.queries import STATE_LABELS, project_state
from yardstick.core.periods import Frequency, period_type_for
from yardstick.framework.models import Period


def _project(access, action_id: int) -> KeyAction:
    return get_object_or_404(
        KeyAction.objects.select_related("owner", "unit", "programme__parent", "theme"),
        pk=action_id,
        organisation_id=access.organisation_id,
    )


@internal_reader_required
@require_http_methods(["GET", "POST"])
def project_return_page(request: HttpRequest, action_id: int, period_id: int) -> HttpResponse:
    access = request.access
    action = _project(access, action_id)
    period = get_object_or_404(Period, pk=period_id, organisation_id=access.organisation_id)
    if period.type != period_type_for(Frequency.QUARTERLY):
        raise Http404("Key projects report each quarter.")
    may_write = services.can_update(access, action)
    may_sign = services.can_sign_off(access, action)
    if not (may_write or may_sign):
        raise PermissionDenied("You may not write or sign off returns for this key project.")
    update = ActionUpdate.objects.filter(action=action, period=period).first()
    milestones = list(action.milestones.all())
    if update is not None:
        initial = {
            "progress": update.progress,
            "status": update.status,
            "percent_complete": update.percent_complete,
        }
    else:
        initial = {"status": action.status, "percent_complete": action.percent_complete}
    initial |= {f"milestone_{m.pk}": m.actual for m in milestones}
    form = ProjectReturnForm(initial=initial, milestones=milestones)
    back = ProjectReturnBackForm()
    version = update.version if update is not None else None
    if request.method == "POST" and not period.is_published:
        step = request.POST.get("step", "")
        expected = _version(request.POST.get("version"))
        try:
            if step in ("save", "submit") and may_write:
                form = ProjectReturnForm(request.POST, milestones=milestones)
                if form.is_valid():
                    try:
                        services.save_return(
                            action,
                            period,
                            form.entry(),
                            request.user,
                            submit=step == "submit",
                            expected_version=expected,
                        )
                    except services.ProjectRefused as refused:
                        show_problems(form, refused.problems)
                    else:
                        messages.success(
                            request,
                            f"{action.code} for {period.label} "
                            + ("submitted for sign-off." if step == "submit" else "saved."),
                        )
                        return redirect("collection:project_return", action.pk, period.pk)
            elif step in ("sign_off", "return") and may_sign and update is not None:
                if step == "sign_off":
                    services.sign_off_return(update, request.user, expected_version=expected)
                    messages.success(request, f"{action.code} for {period.label} signed off.")
                    return redirect("collection:sign_off")
                back = ProjectReturnBackForm(request.POST)
                if back.is_valid():
                    try:
                        services.return_return(
                            update,
                            back.cleaned_data["reason"],
                            request.user,
                            expected_version=expected,
                        )
                    except services.ProjectRefused as refused:
                        show_problems(back, refused.problems)
                    else:
                        messages.success(
                            request, f"{action.code} for {period.label} returned to its owner."
                        )
                        return redirect("collection:sign_off")
            else:
                raise PermissionDenied("You may not do that with this return.")
        except services.StaleReturn as stale:
            messages.error(
                request,
                "Someone changed this return since you opened it. Here it is as it is now.",
            )
            update, version = stale.update, stale.update.version
        except services.ProjectRefused as refused:
            messages.error(request, str(refused))
        except services.ProjectLocked as locked:
            messages.error(request, str(locked))
    state = project_state(update)
    return render(
        request,
        "collection/project_return.html",
        {
            "action": action,
            "period": period,
            "update": update,
            "version": version,
            "state": state,
            "state_label": STATE_LABELS[state],
            "milestones": milestones,
            "form": form,
            "back": back,
            "may_write": may_write and not period.is_published,
            "may_sign": may_sign and not period.is_published and update is not None,
            "locked": period.is_published,
        },
    )


def _version(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


@internal_reader_required
@require_http_methods(["GET", "POST"])
def benefits_review_page(request: HttpRequest, action_id: int) -> HttpResponse:
    access = request.access
    action = _project(access, action_id)
    review = get_object_or_404(BenefitsReview, action=action)
    if not services.can_update(access, action):
        raise PermissionDenied("You may not record this project's benefits review.")
    form = BenefitsReviewForm(
        initial={
            "outcome": review.outcome,
            "status": ReviewStatus.DONE if review.status == ReviewStatus.OPEN else review.status,
        }
    )
    if request.method == "POST":
        form = BenefitsReviewForm(request.POST)
        if form.is_valid():
            try:
                services.record_benefits_review(
                    review, form.cleaned_data["outcome"], form.cleaned_data["status"], request.user
                )
            except services.ProjectRefused as refused:
                show_problems(form, refused.problems)
            else:
                messages.success(request, f"Benefits review of {action.code} recorded.")
                return redirect("collection:returns")
    return render(
        request,
        "collection/benefits_review.html",
        {"action": action, "review": review, "form": form, "today": timezone.localdate()},
    )
