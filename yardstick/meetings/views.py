"""The meetings pages: the bodies that meet, a body with its meetings and its whole action
log, a meeting with the actions from previous meetings and those it agreed, and an action with
its updates. Everyone with a role in the council reads them; the performance team schedules
meetings and records actions; an action's owner (or the team) updates it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from yardstick.accounts.access import internal_reader_required
from yardstick.meetings import queries, services
from yardstick.meetings.forms import (
    ActionForm,
    AgendaItemForm,
    DecisionForm,
    IssueForm,
    MeetingForm,
    MinutesForm,
    StatusForm,
    UpdateForm,
)
from yardstick.meetings.models import ActionStatus, AgreedAction, Meeting, Presence


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
    agenda_form = AgendaItemForm(prefix="agenda")
    issue_form = IssueForm(prefix="issue")
    issues = list(meeting.issues.all())
    decision_forms = {issue.pk: DecisionForm(prefix=f"decision-{issue.pk}") for issue in issues}
    posted = request.POST.get("form", "")
    if request.method == "POST" and not access.is_performance_team:
        raise PermissionDenied("Only the performance team may change a meeting.")
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
    elif request.method == "POST" and posted == "agenda":
        agenda_form = AgendaItemForm(request.POST, prefix="agenda")
        if agenda_form.is_valid():
            data = agenda_form.cleaned_data
            try:
                services.add_agenda_item(
                    meeting, data["title"], data["summary"], data["presenter"], request.user
                )
            except services.MeetingRefused as refused:
                agenda_form.show(refused)
            else:
                messages.success(request, "Added to the agenda.")
                return redirect("meetings:meeting", meeting_id=meeting.pk)
    elif request.method == "POST" and posted == "remove_item":
        item = meeting.agenda_items.filter(pk=_number(request.POST.get("item"))).first()
        if item is not None:
            services.remove_agenda_item(item, request.user)
            messages.success(request, f"Taken off the agenda: {item.title}.")
        return redirect("meetings:meeting", meeting_id=meeting.pk)
    elif request.method == "POST" and posted == "issue":
        issue_form = IssueForm(request.POST, prefix="issue")
        if issue_form.is_valid():
            data = issue_form.cleaned_data
            try:
                services.raise_issue(meeting, data["title"], data["question"], request.user)
            except services.MeetingRefused as refused:
                issue_form.show(refused)
            else:
                messages.success(request, "Issue put to the meeting for decision.")
                return redirect("meetings:meeting", meeting_id=meeting.pk)
    elif request.method == "POST" and posted == "decision":
        issue = next((i for i in issues if i.pk == _number(request.POST.get("issue"))), None)
        if issue is None:
            return redirect("meetings:meeting", meeting_id=meeting.pk)
        decision_form = DecisionForm(request.POST, prefix=f"decision-{issue.pk}")
        decision_forms[issue.pk] = decision_form
        if decision_form.is_valid():
            data = decision_form.cleaned_data
            try:
                services.record_decision(
                    issue, data["decision"], data["outcome"], data["decided_on"], request.user
                )
            except services.MeetingRefused as refused:
                decision_form.show(refused)
            else:
                messages.success(request, f"Decision recorded: {issue.title}.")
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
    team = access.is_performance_team
    forms_shown = [form, status_form, agenda_form, issue_form, *decision_forms.values()]
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": meeting,
            "carried": queries.log_rows(queries.carried_forward(meeting), today),
            "agreed": queries.log_rows(queries.agreed_at(meeting), today),
            "agenda": list(meeting.agenda_items.all()),
            "issues": [(issue, decision_forms[issue.pk] if team else None) for issue in issues],
            "form": form if team else None,
            "status_form": status_form if team else None,
            "agenda_form": agenda_form if team else None,
            "issue_form": issue_form if team else None,
        },
        status=400 if any(shown.errors for shown in forms_shown) else 200,
    )


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 12 else None


@internal_reader_required
@require_http_methods(["GET", "POST"])
def action_page(request: HttpRequest, action_id: int) -> HttpResponse:
    access = request.access
    action = get_object_or_404(
        queries.with_outcomes(
            AgreedAction.objects.filter(organisation_id=access.organisation_id)
        ).select_related("measure", "key_action"),
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


@internal_reader_required
@require_http_methods(["GET", "POST"])
def minutes_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Who attended a meeting and who sent apologies, and its minutes, general and per agenda
    item: recorded by the performance team, read by everyone who reads the meeting."""
    access = request.access
    meeting = get_object_or_404(
        Meeting.objects.select_related("body"),
        pk=meeting_id,
        body__organisation_id=access.organisation_id,
    )
    members = list(meeting.body.members.order_by("first_name", "last_name", "username"))
    partner_members = list(
        meeting.body.partner_members.select_related("partner").order_by("partner__name", "name")
    )
    items = list(meeting.agenda_items.all())
    attendance = list(
        meeting.attendance.select_related("user", "partner_person__partner").order_by("id")
    )
    if request.method == "POST":
        if not access.is_performance_team:
            raise PermissionDenied("Only the performance team records attendance and minutes.")
        form = MinutesForm(
            request.POST, members=members, partner_members=partner_members, items=items
        )
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.record_attendance(meeting, form.people(), request.user)
                    services.record_minutes(
                        meeting, form.cleaned_data["minutes"], form.by_item(), request.user
                    )
            except services.MeetingRefused as refused:
                form.show(refused)
            else:
                messages.success(request, "Attendance and minutes recorded.")
                return redirect("meetings:minutes", meeting_id=meeting.pk)
    else:
        initial = {"minutes": meeting.minutes}
        initial |= {f"item-{item.pk}": item.minutes for item in items}
        others = {Presence.ATTENDED: [], Presence.APOLOGIES: []}
        for row in attendance:
            if row.user_id:
                initial[f"who-u{row.user_id}"] = row.presence
            elif row.partner_person_id:
                initial[f"who-p{row.partner_person_id}"] = row.presence
            else:
                others[row.presence].append(row.name)
        initial["others_attended"] = "\n".join(others[Presence.ATTENDED])
        initial["others_apologies"] = "\n".join(others[Presence.APOLOGIES])
        form = MinutesForm(
            initial=initial, members=members, partner_members=partner_members, items=items
        )
    return render(
        request,
        "meetings/minutes.html",
        {
            "meeting": meeting,
            "form": form,
            "items": items,
            "attended": [row for row in attendance if row.presence == Presence.ATTENDED],
            "apologies": [row for row in attendance if row.presence == Presence.APOLOGIES],
            "team": access.is_performance_team,
        },
    )
