"""The challenge list's pages: the list (internal readers: the performance team, directors,
councillors), as CSV too; its settings (the performance team); putting it on a meeting's
agenda (the performance team). What is listed is `reports.challenge_list`'s answer."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from yardstick.accounts.access import internal_reader_required, performance_team_required
from yardstick.bounds import Refused
from yardstick.core.cells import neutralise
from yardstick.reports import challenge_list, services
from yardstick.reports.forms import (
    AgendaChoiceForm,
    ChallengeListFilterForm,
    ChallengeListSettingsForm,
)

CSV_COLUMNS = ("Reason", "Code", "Measure", "Why", "Latest period", "Rating", "Figure", "Target")


def _build(request: HttpRequest, theme=None):
    organisation_id = request.access.organisation_id
    settings = services.challenge_list_settings(organisation_id)
    return challenge_list.build_challenge_list(
        organisation_id, request.access, settings.runs, settings.margin, theme=theme
    )


@internal_reader_required
def challenge_list_page(request: HttpRequest) -> HttpResponse:
    """The list, grouped by reason, with the rule stated and a theme filter; `?format=csv`
    downloads it."""
    organisation_id = request.access.organisation_id
    form = ChallengeListFilterForm(
        request.GET or None, themes=challenge_list.themes_of(organisation_id)
    )
    theme = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            theme = form.themes.get(form.cleaned_data["theme"])
        else:
            status = 400
    listed = _build(request, theme)
    if request.GET.get("format") == "csv" and status == 200:
        return _csv(listed)
    is_team = request.access.is_performance_team
    meetings = challenge_list.upcoming_meetings(organisation_id) if is_team else []
    return render(
        request,
        "reports/challenge_list.html",
        {
            "listed": listed,
            "form": form,
            "theme": theme,
            "is_team": is_team,
            "agenda_form": AgendaChoiceForm(meetings=meetings) if meetings else None,
            "csv_query": _csv_query(theme),
        },
        status=status,
    )


def _csv_query(theme) -> str:
    pairs = [("theme", theme.pk)] if theme else []
    return f"?{urlencode([*pairs, ('format', 'csv')])}"


def _csv(listed: challenge_list.ChallengeList) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for group in listed.groups:
        for entry in group.entries:
            latest = entry.latest
            writer.writerow(
                [
                    neutralise(text)
                    for text in (
                        group.heading,
                        entry.measure.code,
                        entry.measure.title,
                        entry.words,
                        latest.period.label,
                        latest.band.code_and_label if latest.band else "Not rated",
                        latest.actual,
                        latest.target,
                    )
                ]
            )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="challenge-list.csv"'
    return response


@performance_team_required
@require_http_methods(["GET", "POST"])
def challenge_list_settings(request: HttpRequest) -> HttpResponse:
    organisation_id = request.access.organisation_id
    current = services.challenge_list_settings(organisation_id)
    status = 200
    if request.method == "POST":
        form = ChallengeListSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.set_challenge_list_settings(
                    organisation_id,
                    form.cleaned_data["runs"],
                    form.cleaned_data["margin"],
                    request.user,
                )
            except Refused as error:
                form.add_error(error.field or None, error.message)
            else:
                messages.success(request, "The challenge list's settings are saved.")
                return redirect("reports:challenge_list")
        status = 400
    else:
        form = ChallengeListSettingsForm(initial={"runs": current.runs, "margin": current.margin})
    history = list(current.history.select_related("history_user")[:10]) if current.pk else []
    return render(
        request,
        "reports/challenge_list_settings.html",
        {"form": form, "history": history},
        status=status,
    )


@performance_team_required
@require_POST
def challenge_list_agenda(request: HttpRequest) -> HttpResponse:
    """Put the whole list (every theme), as it stands, on an upcoming meeting's agenda."""
    organisation_id = request.access.organisation_id
    form = AgendaChoiceForm(
        request.POST, meetings=challenge_list.upcoming_meetings(organisation_id)
    )
    if not form.is_valid():
        messages.error(
            request,
            "Choose one of the planned meetings (not yet held, their packs not yet published).",
        )
        return redirect("reports:challenge_list")
    meeting = form.meetings[form.cleaned_data["meeting"]]
    try:
        challenge_list.put_on_agenda(meeting, _build(request), request.user, timezone.localdate())
    except Refused as error:
        messages.error(request, error.message)
        return redirect("reports:challenge_list")
    messages.success(request, f"The challenge list is on the agenda of {meeting}.")
    return redirect(reverse("meetings:meeting", args=[meeting.pk]))
