"""The meetings pages: the bodies that meet, a body with its meetings and its whole action
log, a meeting with the actions from previous meetings and those it agreed, and an action with
its updates. Everyone with a role in the council reads them; the performance team schedules
meetings and records actions; an action's owner (or the team) updates it."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Max, Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from yardstick.accounts.access import internal_reader_required
from yardstick.meetings import queries, services
from yardstick.meetings.forms import ActionForm, MeetingForm, StatusForm, UpdateForm
from yardstick.meetings.models import ActionStatus, AgreedAction, Meeting


@internal_reader_required
def index(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    bodies = queries.bodies_of(request.access.organisation_id).annotate(
        next_meeting=Min("meetings__starts_at", filter=Q(meetings__starts_at__gte=now)),
        last_meeting=Max("meetings__starts_at", filter=Q(meetings__starts_at__lt=now)),
    )
    open_actions = dict(
        AgreedAction.objects.filter(
            organisation_id=request.access.organisation_id, status=ActionStatus.OPEN
        )
        .values_list("meeting__body")
        .annotate(count=Count("id"))
    )
    return render(
        request,
        "meetings/index.html",
        {
            "bodies": [(body, open_actions.get(body.pk, 0)) for body in bodies],
            "is_team": request.access.is_performance_team,
        },
    )


@internal_reader_required
@require_http_methods(["GET", "POST"])
def body_page(request: HttpRequest, body_id: int) -> HttpResponse:
    access = request.access
    body = get_object_or_404(
        queries.bodies_of(access.organisation_id).prefetch_related("members"), pk=body_id
    )
    form = MeetingForm()
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = services.schedule_meeting(
                    body, form.starts_at(), form.cleaned_data["place"], request.user
                )
            except services.MeetingRefused as refused:
                form.show(refused)
            else:
                messages.success(request, f"Meeting scheduled: {meeting}.")
                return redirect("meetings:meeting", meeting_id=meeting.pk)
    today = timezone.localdate()
    log = queries.log_rows(
        queries.open_first(AgreedAction.objects.filter(meeting__body=body)),
        today,
    )
    return render(
        request,
        "meetings/body.html",
        {
            "body": body,
            "meetings": list(body.meetings.order_by("-starts_at")),
            "log": log,
            "form": form if access.is_performance_team else None,
            "now": timezone.now(),
        },
        status=400 if form.errors else 200,
    )


@internal_reader_required
@require_http_methods(["GET", "POST"])
def meeting_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    access = request.access
    meeting = get_object_or_404(
        Meeting.objects.select_related("body"),
        pk=meeting_id,
        body__organisation_id=access.organisation_id,
    )
    form = ActionForm(organisation_id=access.organisation_id)
    status_form = StatusForm(initial={"status": meeting.status})
    if request.method == "POST" and "status" in request.POST:
        status_form = StatusForm(request.POST)
        if status_form.is_valid():
            try:
                meeting = services.set_meeting_status(
                    meeting, status_form.cleaned_data["status"], request.user
                )
            except services.MeetingRefused as refused:
                status_form.show(refused)
            else:
                messages.success(
                    request, f"The meeting is now {meeting.get_status_display().lower()}."
                )
                return redirect("meetings:meeting", meeting_id=meeting.pk)
    elif request.method == "POST":
        form = ActionForm(request.POST, organisation_id=access.organisation_id)
        if form.is_valid():
            try:
                services.agree_action(meeting, form.given(), request.user)
            except services.MeetingRefused as refused:
                form.show(refused)
            else:
                messages.success(request, "Action recorded.")
                return redirect("meetings:meeting", meeting_id=meeting.pk)
    today = timezone.localdate()
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": meeting,
            "carried": queries.log_rows(queries.carried_forward(meeting), today),
            "agreed": queries.log_rows(queries.agreed_at(meeting), today),
            "form": form if access.is_performance_team else None,
            "status_form": status_form if access.is_performance_team else None,
        },
        status=400 if form.errors or status_form.errors else 200,
    )


@internal_reader_required
@require_http_methods(["GET", "POST"])
def action_page(request: HttpRequest, action_id: int) -> HttpResponse:
    access = request.access
    action = get_object_or_404(
        queries.with_outcomes(AgreedAction.objects.filter(organisation_id=access.organisation_id)),
        pk=action_id,
    )
    may_update = action.status == ActionStatus.OPEN and services.may_update(request.user, action)
    form = UpdateForm()
    if request.method == "POST":
        form = UpdateForm(request.POST)
        if form.is_valid():
            try:
                services.update_action(
                    action, form.cleaned_data["text"], form.cleaned_data["status"], request.user
                )
            except services.MeetingRefused as refused:
                form.show(refused)
            else:
                messages.success(request, "Update saved.")
                return redirect("meetings:action", action_id=action.pk)
    [row] = queries.log_rows([action], timezone.localdate())
    return render(
        request,
        "meetings/action.html",
        {
            "action": action,
            "row": row,
            "updates": list(action.updates.all())[::-1],
            "form": form if may_update or (request.method == "POST") else None,
        },
        status=400 if form.errors else 200,
    )
