"""The report's written text, written in the app: a page per period listing the introduction
and each theme's achievements with where each is (draft, submitted, signed off); a page to
write the introduction (the performance team) and one per theme (its lead officer or the
team); and the organisation's glossary of abbreviations (the performance team). Every write is
a `framework.services` call; a published report prints signed-off text only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from yardstick.accounts.access import access_for
from yardstick.framework import services
from yardstick.framework.models import Abbreviation, Introduction, Period, Theme, ThemeSummary
from yardstick.reports.forms import (
    RETURN,
    SIGN_OFF,
    SUBMIT,
    AbbreviationForm,
    AchievementsForm,
    IntroductionForm,
)
from yardstick.reports.lookup import ReportNotFound, find_period, period_slug
from yardstick.reports.strategic import themes_for
from yardstick.reports.views import not_found, organisation_for

DONE = {
    "save": "Saved as a draft.",
    SUBMIT: "Saved and submitted for sign-off.",
    SIGN_OFF: "Saved and signed off: the report prints it.",
    RETURN: "Returned to draft.",
}


def _period(request: HttpRequest, period_key: str) -> Period:
    organisation = organisation_for(request)
    if not access_for(request.user, organisation.pk).is_internal_reader:
        raise PermissionDenied("The report's text is written by the council's officers.")
    return find_period(organisation, period_key)


def _led(request: HttpRequest, themes: list[Theme]) -> list[Theme]:
    access = access_for(request.user, themes[0].plan.organisation_id) if themes else None
    return [theme for theme in themes if services.can_write_achievements(access, theme)]


@login_required
def narrative(request: HttpRequest, period_key: str) -> HttpResponse:
    """The period's written text, for the performance team and the themes' lead officers."""
    try:
        period = _period(request, period_key)
    except ReportNotFound as error:
        return not_found(request, error)
    access = access_for(request.user, period.organisation_id)
    themes = themes_for(period)
    prefetch_related_objects(themes, "lead_officer")  # one query, not one per theme
    is_team = services.can_write_introduction(access, period)
    writable = {theme.pk for theme in _led(request, themes)}
    if not is_team and not writable:
        raise PermissionDenied("Only the performance team and the themes' lead officers may.")
    summaries = {
        summary.theme_id: summary
        for summary in ThemeSummary.objects.filter(period=period, theme__in=themes)
    }
    return render(
        request,
        "reports/narrative.html",
        {
            "period": period,
            "slug": period_slug(period),
            "is_team": is_team,
            "introduction": Introduction.objects.filter(period=period).first(),
            "themes": [
                {"theme": theme, "summary": summaries.get(theme.pk), "may": theme.pk in writable}
                for theme in themes
            ],
        },
    )


def _step(request: HttpRequest, item, step: str) -> str | None:
    """The state change the button asked for, after saving; a refusal's message or None."""
    try:
        if step == SUBMIT:
            services.submit_narrative(item, request.user)
        elif step == SIGN_OFF:
            services.sign_off_narrative(item, request.user)
        elif step == RETURN:
            services.return_narrative(item, request.user)
    except services.NarrativeRefused as refused:
        return " ".join(refused.problems.values())
    except PermissionDenied as refused:
        return str(refused)
    return None


def _write(request: HttpRequest, period: Period, form, save, template: str, context: dict):
    """Save the form's text with `save`, then take the step its button asked for."""
    step = request.POST.get("step", "save")
    if step not in DONE:
        step = "save"
    if request.method == "POST" and form.is_valid():
        try:
            item = save(form.cleaned_data)
        except services.NarrativeRefused as refused:
            for field, message in refused.problems.items():
                form.add_error(None if field == "__all__" else field, message)
        else:
            refused = _step(request, item, step)
            if refused:
                messages.error(
                    request, f"Saved as a draft, but not {step.replace('_', ' ')}: {refused}"
                )
            else:
                messages.success(request, DONE[step])
            return redirect("reports:narrative", period_slug(period))
    return render(
        request,
        template,
        {**context, "form": form, "period": period, "slug": period_slug(period)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def introduction(request: HttpRequest, period_key: str) -> HttpResponse:
    try:
        period = _period(request, period_key)
    except ReportNotFound as error:
        return not_found(request, error)
    if not services.can_write_introduction(
        access_for(request.user, period.organisation_id), period
    ):
        raise PermissionDenied("Only the performance team writes the report's introduction.")
    item = Introduction.objects.filter(period=period).first()
    initial = {"introduction": item.introduction, "summary": item.summary} if item else {}
    form = IntroductionForm(request.POST if request.method == "POST" else None, initial=initial)
    return _write(
        request,
        period,
        form,
        lambda data: services.save_introduction(
            period, data["introduction"], data["summary"], request.user
        ),
        "reports/introduction.html",
        {"item": item, "is_team": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def achievements(request: HttpRequest, period_key: str, theme_code: str) -> HttpResponse:
    try:
        period = _period(request, period_key)
    except ReportNotFound as error:
        return not_found(request, error)
    theme = next((theme for theme in themes_for(period) if theme.code == theme_code), None)
    if theme is None:
        raise Http404(f"{period.label}'s report has no theme {theme_code[:40]!r}.")
    access = access_for(request.user, period.organisation_id)
    if not services.can_write_achievements(access, theme):
        raise PermissionDenied("Only the theme's lead officer or the performance team may.")
    item = ThemeSummary.objects.filter(period=period, theme=theme).first()
    form = AchievementsForm(
        request.POST if request.method == "POST" else None,
        initial={"achievements": item.achievements} if item else {},
    )
    return _write(
        request,
        period,
        form,
        lambda data: services.save_achievements(theme, period, data["achievements"], request.user),
        "reports/achievements.html",
        {"item": item, "theme": theme, "is_team": services.can_sign_off(access, period)},
    )


def _team_organisation(request: HttpRequest):
    organisation = organisation_for(request)
    if not access_for(request.user, organisation.pk).is_performance_team:
        raise PermissionDenied("Only the performance team keeps the glossary.")
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def glossary(request: HttpRequest) -> HttpResponse:
    """The glossary: its terms, and a form to add one."""
    try:
        organisation = _team_organisation(request)
    except ReportNotFound as error:
        return not_found(request, error, status=400)
    form = AbbreviationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.save_abbreviation(
                organisation.pk,
                form.cleaned_data["term"],
                form.cleaned_data["meaning"],
                request.user,
            )
        except services.NarrativeRefused as refused:
            for field, message in refused.problems.items():
                form.add_error(field, message)
        else:
            messages.success(request, f"{added.term} added to the glossary.")
            return redirect("reports:glossary")
    return render(
        request,
        "reports/glossary.html",
        {
            "form": form,
            "organisation": organisation,
            "terms": Abbreviation.objects.filter(organisation=organisation),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def abbreviation(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a term of the glossary, or remove it."""
    try:
        organisation = _team_organisation(request)
    except ReportNotFound as error:
        return not_found(request, error, status=400)
    item = get_object_or_404(Abbreviation, pk=pk, organisation=organisation)
    if request.method == "POST" and request.POST.get("step") == "remove":
        services.remove_abbreviation(item, request.user)
        messages.success(request, f"{item.term} removed from the glossary.")
        return redirect("reports:glossary")
    form = AbbreviationForm(
        request.POST if request.method == "POST" else None,
        initial={"term": item.term, "meaning": item.meaning},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_abbreviation(
                organisation.pk,
                form.cleaned_data["term"],
                form.cleaned_data["meaning"],
                request.user,
                abbreviation=item,
            )
        except services.NarrativeRefused as refused:
            for field, message in refused.problems.items():
                form.add_error(field, message)
        else:
            messages.success(request, "The glossary is changed.")
            return redirect("reports:glossary")
    return render(
        request,
        "reports/abbreviation.html",
        {"form": form, "item": item, "back": reverse("reports:glossary")},
        status=400 if form.errors else 200,
    )
