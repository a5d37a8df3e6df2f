"""The risk pages: the registers; a register with its heat map and its risks, above appetite
first (and as Word, PDF and Excel); a risk with its scores, controls, further actions,
escalations both ways and the history of its reviews, with the forms to review, escalate and
close it. Everyone with a role in the council reads them; who may write is `risks.services`'."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from yardstick.accounts.access import internal_reader_required
from yardstick.core import risk as core
from yardstick.risks import queries, services
from yardstick.risks.forms import (
    ActionUpdateForm,
    CloseForm,
    ControlForm,
    EscalateForm,
    FurtherActionForm,
    ReviewForm,
    RiskForm,
    ScaleForm,
    initial_of,
)
from yardstick.risks.models import ActionStatus, Register, Risk, RiskScale, RiskStatus

SCALE_FIELDS = ("size", "likelihood_labels", "impact_labels", "bands", "appetite")


@internal_reader_required
@require_http_methods(["GET", "POST"])
def scale_page(request: HttpRequest) -> HttpResponse:
    """The council's scale: everyone reads it; the performance team changes it (audited,
    refused with the reason where existing scores would fall off it)."""
    organisation_id = request.access.organisation_id
    scale = services.scale_of(organisation_id)  # creates the default row when there is none
    row = RiskScale.objects.get(organisation_id=organisation_id)
    is_team = request.access.is_performance_team
    form = ScaleForm(initial={name: getattr(row, name) for name in SCALE_FIELDS})
    if request.method == "POST":
        if not is_team:
            raise PermissionDenied("Only the performance team may change the scale.")
        form = ScaleForm(request.POST)
        if form.is_valid():
            for name in SCALE_FIELDS:
                setattr(row, name, form.cleaned_data[name])
            try:
                services.save_scale(row, request.user, reason=form.cleaned_data["reason"])
            except services.RiskRefused as refused:
                form.show(refused)
            else:
                messages.success(request, "Risk scale saved.")
                return redirect("risks:scale")
    changes = list(
        row.history.select_related("history_user").order_by("-history_date", "-history_id")[:20]
    )
    return render(
        request,
        "risks/scale.html",
        {
            "scale": scale,
            "form": form if is_team else None,
            "is_team": is_team,
            "changes": changes,
            "heat_map": queries.heat_map([], scale),
        },
        status=400 if form.errors else 200,
    )


def _register(request: HttpRequest, code: str) -> Register:
    if len(code) > 40:
        raise Http404("There is no such register.")
    return get_object_or_404(
        Register.objects.of(request.access.organisation_id).select_related(
            "unit__parent", "body", "partnership"
        ),
        code=code,
    )


@internal_reader_required
def index(request: HttpRequest) -> HttpResponse:
    organisation_id = request.access.organisation_id
    scale = services.scale_of(organisation_id)
    return render(
        request,
        "risks/index.html",
        {
            "registers": queries.registers_of(organisation_id, scale, timezone.localdate()),
            "scale": scale,
            "is_team": request.access.is_performance_team,
        },
    )


@internal_reader_required
def register_page(request: HttpRequest, code: str) -> HttpResponse:
    register = _register(request, code)
    scale = services.scale_of(register.organisation_id)
    show_closed = request.GET.get("closed") == "1"
    rows = queries.register_rows(register, scale, timezone.localdate(), closed=show_closed)
    return render(
        request,
        "risks/register.html",
        {
            "register": register,
            "rows": rows,
            "above": sum(row.above_appetite for row in rows),
            "heat_map": queries.heat_map(rows, scale),
            "scale": scale,
            "show_closed": show_closed,
            "may_manage": services.may_manage(request.user, register),
        },
    )


@internal_reader_required
@require_http_methods(["GET", "POST"])
def new_risk(request: HttpRequest, code: str) -> HttpResponse:
    register = _register(request, code)
    if not services.may_manage(request.user, register):
        raise PermissionDenied(
            "Only the performance team, or the register's director, may add a risk."
        )
    scale = services.scale_of(register.organisation_id)
    kwargs = {"scale": scale, "organisation_id": register.organisation_id}
    form = RiskForm(**kwargs)
    if request.method == "POST":
        form = RiskForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                risk = services.create_risk(register, form.given(), request.user)
            except services.RiskRefused as refused:
                form.show(refused)
            else:
                messages.success(request, f"Risk added: {risk}.")
                return redirect("risks:risk", risk_id=risk.pk)
    return render(
        request,
        "risks/risk_form.html",
        {"register": register, "form": form, "risk": None, "scale": scale},
        status=400 if form.errors else 200,
    )


def _risk(request: HttpRequest, risk_id: int) -> Risk:
    return get_object_or_404(
        queries.with_reviews(Risk.objects.of(request.access.organisation_id)).select_related(
            "register__unit__parent", "register__body", "register__partnership"
        ),
        pk=risk_id,
    )


@internal_reader_required
@require_http_methods(["GET", "POST"])
def edit_risk(request: HttpRequest, risk_id: int) -> HttpResponse:
    risk = _risk(request, risk_id)
    register = risk.register
    if risk.status != RiskStatus.OPEN or not services.may_manage(request.user, register):
        raise PermissionDenied(
            "Only the performance team, or the register's director, may change an open risk."
        )
    scale = services.scale_of(register.organisation_id)
    kwargs = {"scale": scale, "organisation_id": register.organisation_id}
    form = RiskForm(initial=initial_of(risk), **kwargs)
    if request.method == "POST":
        form = RiskForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.edit_risk(risk, form.given(), request.user)
            except services.RiskRefused as refused:
                form.show(refused)
            else:
                messages.success(request, "Risk changed.")
                return redirect("risks:risk", risk_id=risk.pk)
    return render(
        request,
        "risks/risk_form.html",
        {"register": register, "form": form, "risk": risk, "scale": scale},
        status=400 if form.errors else 200,
    )


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 12 else None


@internal_reader_required
@require_http_methods(["GET", "POST"])
def risk_page(request: HttpRequest, risk_id: int) -> HttpResponse:
    risk = _risk(request, risk_id)
    organisation_id = risk.register.organisation_id
    scale = services.scale_of(organisation_id)
    is_open = risk.status == RiskStatus.OPEN
    may_review = is_open and services.may_review(request.user, risk)
    may_manage = is_open and services.may_manage(request.user, risk.register)
    targets = services.escalation_targets(risk) if may_manage else []
    people = {"organisation_id": organisation_id}
    review_form = ReviewForm(
        prefix="review",
        scale=scale,
        initial={"likelihood": risk.current_likelihood, "impact": risk.current_impact},
        **people,
    )
    escalate_form = EscalateForm(prefix="escalate", targets=targets)
    close_form = CloseForm(prefix="close")
    control_form = ControlForm(prefix="control", **people)
    action_form = FurtherActionForm(prefix="action", **people)
    actions = list(risk.further_actions.select_related("owner"))
    update_forms = {
        action.pk: ActionUpdateForm(prefix=f"update-{action.pk}")
        for action in actions
        if action.status == ActionStatus.OPEN and services.may_update_action(request.user, action)
    }
    posted = request.POST.get("form", "")
    bound = None
    if request.method == "POST":
        if posted in ("review", "control", "action") and not may_review:
            raise PermissionDenied("You may not review this risk.")
        if posted in ("escalate", "close") and not may_manage:
            raise PermissionDenied("You may not escalate or close this risk.")
        try:
            if posted == "review":
                bound = review_form = ReviewForm(
                    request.POST, prefix="review", scale=scale, **people
                )
                if review_form.is_valid():
                    data = review_form.cleaned_data
                    services.review_risk(
                        risk,
                        data["likelihood"],
                        data["impact"],
                        data["notes"],
                        data["next_review"],
                        request.user,
                        control=data["control"],
                        control_owner=data["control_owner"],
                    )
                    messages.success(request, "Review recorded.")
                    return redirect("risks:risk", risk_id=risk.pk)
            elif posted == "escalate":
                bound = escalate_form = EscalateForm(
                    request.POST, prefix="escalate", targets=targets
                )
                if escalate_form.is_valid():
                    data = escalate_form.cleaned_data
                    higher = services.escalate_risk(
                        risk, data["register"], request.user, reason=data["reason"]
                    )
                    messages.success(request, f"Escalated to {higher.register}: {higher}.")
                    return redirect("risks:risk", risk_id=higher.pk)
            elif posted == "close":
                bound = close_form = CloseForm(request.POST, prefix="close")
                if close_form.is_valid():
                    services.close_risk(risk, close_form.cleaned_data["reason"], request.user)
                    messages.success(request, "Risk closed.")
                    return redirect("risks:risk", risk_id=risk.pk)
            elif posted == "control":
                bound = control_form = ControlForm(request.POST, prefix="control", **people)
                if control_form.is_valid():
                    data = control_form.cleaned_data
                    services.add_control(risk, data["text"], data["owner"], request.user)
                    messages.success(request, "Control added.")
                    return redirect("risks:risk", risk_id=risk.pk)
            elif posted == "action":
                bound = action_form = FurtherActionForm(request.POST, prefix="action", **people)
                if action_form.is_valid():
                    data = action_form.cleaned_data
                    services.add_further_action(
                        risk, data["text"], data["owner"], data["due"], request.user
                    )
                    messages.success(request, "Further action added.")
                    return redirect("risks:risk", risk_id=risk.pk)
            elif posted == "update":
                action_id = _number(request.POST.get("action"))
                if action_id not in update_forms:
                    raise PermissionDenied("You may not update that action.")
                bound = ActionUpdateForm(request.POST, prefix=f"update-{action_id}")
                update_forms[action_id] = bound
                if bound.is_valid():
                    data = bound.cleaned_data
                    action = next(a for a in actions if a.pk == action_id)
                    services.update_further_action(
                        action, data["progress"], data["status"], request.user
                    )
                    messages.success(request, "Action updated.")
                    return redirect("risks:risk", risk_id=risk.pk)
        except services.RiskRefused as refused:
            if bound is not None:
                bound.show(refused)
    row = queries.row_of(risk, scale, timezone.localdate())
    history, previous = [], None
    for review in risk.reviews.all():
        trend = core.direction(previous, review.score)
        history.append(
            (
                review,
                queries.scored(review.likelihood, review.impact, scale),
                core.DIRECTION_SYMBOLS[trend],
                core.DIRECTION_TEXTS[trend],
            )
        )
        previous = review.score
    history.reverse()
    return render(
        request,
        "risks/risk.html",
        {
            "risk": risk,
            "row": row,
            "row_scores": [
                ("Inherent", row.inherent),
                ("Current", row.current),
                ("Target", row.target),
            ],
            "today": timezone.localdate(),
            "scale": scale,
            "controls": list(risk.controls.select_related("owner")),
            "actions": [(action, update_forms.get(action.pk)) for action in actions],
            "history": history,
            "review_form": review_form if may_review else None,
            "control_form": control_form if may_review else None,
            "action_form": action_form if may_review else None,
            "escalate_form": escalate_form if may_manage and targets else None,
            "close_form": close_form if may_manage else None,
            "may_manage": may_manage,
            "error_form": bound if bound is not None and bound.errors else None,
        },
        status=400 if bound is not None and bound.errors else 200,
    )
