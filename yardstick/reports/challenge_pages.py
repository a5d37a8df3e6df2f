"""The challenge list's pages: the list (internal readers: the performance team, directors,
councillors), as CSV and Excel too (`reports.challenge_files`); its settings (the performance
team); putting it on a meeting's agenda (the performance team). What is listed is
`reports.challenge_list`'s answer."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from yardstick.accounts.access import internal_reader_required, performance_team_required
from yardstick.bounds import Refused
from yardstick.reports import challenge_files, challenge_list, services
from yardstick.reports.forms import (
    AgendaChoiceForm,
    ChallengeListFilterForm,
    ChallengeListSettingsForm,
)


def _build(request: HttpRequest, theme=None, unit=None):
    organisation_id = request.access.organisation_id
    settings = services.challenge_list_settings(organisation_id)
    return challenge_list.build_challenge_list(
        organisation_id, request.access, settings.runs, settings.margin, theme=theme, unit=unit
    )


@internal_reader_required
def challenge_list_page(request: HttpRequest) -> HttpResponse:
    """The list, grouped by reason, with the rule stated, filtered to a theme or a directorate
    or service (and the units under it) or both; `?format=csv` or `?format=xlsx` downloads
    the list as filtered."""
    organisation_id = request.access.organisation_id
    form = ChallengeListFilterForm(
        request.GET or None,
        themes=challenge_list.themes_of(organisation_id),
        units=challenge_list.units_of(organisation_id),
    )
    theme = unit = None
    chosen_format = ""
    status = 200
    if form.is_bound:
        if form.is_valid():
            theme = form.themes.get(form.cleaned_data["theme"])
            unit = form.units.get(form.cleaned_data["unit"])
            chosen_format = form.cleaned_data["format"]
        else:
            status = 400
    listed = _build(request, theme, unit)
    scope = _scope(theme, unit)
    if chosen_format:
        body = challenge_files.RENDERERS[chosen_format](listed, scope, timezone.localdate())
        response = HttpResponse(body, content_type=challenge_files.CONTENT_TYPES[chosen_format])
        filename = f"challenge-list.{chosen_format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    is_team = request.access.is_performance_team
    meetings = challenge_list.upcoming_meetings(organisation_id) if is_team else []
    return render(
        request,
        "reports/challenge_list.html",
        {
            "listed": listed,
            "form": form,
            "theme": theme,
            "unit": unit,
            "filtered_to": _filtered_to(theme, unit),
            "is_team": is_team,
            "agenda_form": AgendaChoiceForm(meetings=meetings) if meetings else None,
            "csv_query": _download_query(theme, unit, "csv"),
            "xlsx_query": _download_query(theme, unit, "xlsx"),
        },
        status=status,
    )


def _scope(theme, unit) -> str:
    """What the list covers, in words, for the page and the files."""
    parts = []
    if theme is not None:
        parts.append(f"the theme {theme.title}")
    if unit is not None:
        parts.append(f"{unit.name} ({unit.get_kind_display().lower()}) and the units under it")
    return "Measures of " + " in ".join(parts) if parts else "Every active measure"


def _filtered_to(theme, unit) -> str:
    """The filter in words for the page's count line: 'of the theme Place', '' for none."""
    scope = _scope(theme, unit)
    return scope.removeprefix("Measures ") if theme or unit else ""


def _download_query(theme, unit, chosen_format: str) -> str:
    pairs = [("theme", theme.pk)] if theme else []
    if unit:
        pairs.append(("unit", unit.code))
    return f"?{urlencode([*pairs, ('format', chosen_format)])}"


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
            "Choose one of the planned meetings still to come (today or later, not yet held, "
            "their packs not yet published).",
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
