"""Collecting the figures: my returns, the entry form with its live rating preview, sign-off,
publishing a period, corrections after publishing, and deadlines.

Every view finds rows within the person's own organisation (another organisation's row is
"not found") and asks `yardstick.accounts.access` whether they may act (otherwise 403);
every change goes through `yardstick.collection.services`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_http_methods, require_POST

from yardstick.accounts.access import (
    Access,
    internal_reader_required,
    performance_team_required,
)
from yardstick.collection import calendar, services
from yardstick.collection.checks import outlier, preview, why_commentary_is_needed
from yardstick.collection.forms import (
    BankHolidaysForm,
    CalendarForm,
    CorrectionForm,
    DeadlineRuleForm,
    DecisionForm,
    FigureForm,
    OpeningRuleForm,
    PeriodDeadlineForm,
    PeriodOpeningForm,
    PublishForm,
    show_problems,
)
from yardstick.collection.models import CalendarLink, DeadlineRule
from yardstick.collection.queries import (
    STATE_LABELS,
    Return,
    ReturnState,
    awaiting_sign_off,
    benefits_reviews_for,
    due_date,
    missed_in_published,
    open_periods,
    project_returns_awaiting,
    project_returns_for,
    readiness,
    returns_for,
    returns_of,
    rules_by_type,
    state_of,
    value_text,
)
from yardstick.core.periods import Frequency, months_after, period_type_for
from yardstick.framework.models import Period
from yardstick.measures.assessment import core_value, periods_like
from yardstick.measures.forecasts import year_end_forecasts
from yardstick.measures.models import Figure, Measure
from yardstick.measures.services import FigureInput, apply_input
from yardstick.measures.shown import shown_rating, shown_ratings
from yardstick.meetings.queries import log_rows, owned_by
from yardstick.organisations.models import BankHolidayRegion


def _today():
    return timezone.localdate()


# --- finding rows -------------------------------------------------------------------------


def _measure_and_period(access: Access, measure_id: int, period_id: int) -> tuple:
    """The measure and period named in the URL, in the person's organisation, where the
    measure reports for that kind of period; otherwise not found."""
    measure = get_object_or_404(
        Measure.objects.select_related("unit", "owner"),
        pk=measure_id,
        organisation_id=access.organisation_id,
    )
    period = get_object_or_404(
        Period.objects.select_related("organisation"),
        pk=period_id,
        organisation_id=access.organisation_id,
    )
    if period_type_for(Frequency(measure.frequency)) != period.type:
        raise Http404("This measure does not report for that period.")
    return measure, period


def _may_enter(access: Access, measure: Measure) -> None:
    if not access.can_enter(measure):
        raise PermissionDenied("You may not enter figures for this measure.")


def _figure(measure: Measure, period: Period) -> Figure | None:
    return (
        Figure.objects.filter(measure=measure, period=period)
        .select_related("entered_by", "submitted_by", "approved_by")
        .first()
    )


def _unsaved(measure: Measure, period: Period, entry: FigureInput) -> Figure:
    figure = Figure(measure=measure, period=period)
    apply_input(figure, entry)
    return figure


# --- my returns ---------------------------------------------------------------------------


@internal_reader_required
def returns_page(request: HttpRequest) -> HttpResponse:
    returns = returns_for(request.access, _today())
    to_do = [item for item in returns if item.outstanding]
    by_period: dict[Period, int] = {}
    for item in to_do:
        by_period[item.period] = by_period.get(item.period, 0) + 1
    actions = owned_by(request.user, request.access.organisation_id)
    projects = project_returns_for(request.access, _today())
    return render(
        request,
        "collection/returns.html",
        {
            "actions": log_rows(actions, _today()),
            "projects_to_do": [item for item in projects if item.outstanding],
            "projects_sent": [item for item in projects if not item.outstanding],
            "reviews": benefits_reviews_for(request.access),
            "missed": missed_in_published(request.access),
            "to_do": to_do,
            "several": [(period, count) for period, count in by_period.items() if count > 1],
            "waiting": [item for item in returns if item.state == ReturnState.SUBMITTED],
            "done": [item for item in returns if item.state == ReturnState.APPROVED],
            "today": _today(),
        },
    )


# --- entering a figure --------------------------------------------------------------------


HISTORY_SHOWN = 4  # earlier periods of the kind shown on the entry page


def _entry_context(
    access: Access, measure: Measure, period: Period, figure: Figure | None, form, shown, **extra
) -> dict:
    known = periods_like(period)
    earlier = sorted((p for p in known if p.end < period.start), key=lambda p: (p.start, p.end))[
        -HISTORY_SHOWN:
    ]
    history = shown_ratings([measure], earlier, access, known=known, per_measure=True)
    history = [history[(measure.id, p.id)] for p in reversed(earlier)]
    value = form.parsed_value if form.is_bound else core_value(measure, figure)
    due = due_date(period, rules_by_type(measure.organisation_id))
    before = history[0] if history and history[0].period.end < period.start else None
    return {
        "year_end": _year_end(access, measure, period, figure, form),
        "measure": measure,
        "period": period,
        "figure": figure,
        "state_label": STATE_LABELS[state_of(figure)],
        "due": due,
        "overdue": due is not None and _today() > due,
        "form": form,
        "preview": Return(measure, period, due, shown, _today(), before),
        "commentary_needed": why_commentary_is_needed(shown),
        "unusual": outlier(measure, period, value),
        "value_error": " ".join(form.figure_errors) if form.is_bound else "",
        "history": [item for item in history if item.reports],
        **extra,
    }


def _year_end(access: Access, measure: Measure, period: Period, figure, form):
    """The year-end forecasts of a cumulative measure from the figure on the page: the one
    being typed (valid, or at least its figure), else the one saved."""
    if not form.has_forecast:
        return None
    if form.is_bound:
        entry = form.entry or FigureInput(value=form.parsed_value)
        figure = _unsaved(measure, period, entry)
    found = year_end_forecasts(
        [measure], period, access, instead={measure.id: figure}, per_measure=True
    )
    return found[measure.id]


@internal_reader_required
@require_http_methods(["GET", "POST"])
def entry_page(request: HttpRequest, measure_id: int, period_id: int) -> HttpResponse:
    access = request.access
    measure, period = _measure_and_period(access, measure_id, period_id)
    _may_enter(access, measure)
    if period.is_published:
        if access.is_performance_team:
            return redirect("collection:correct", measure.pk, period.pk)
        figure = _figure(measure, period)
        return render(
            request,
            "collection/locked.html",
            {"measure": measure, "period": period, "figure": figure},
        )
    figure = _figure(measure, period)
    if request.method == "GET":
        initial = FigureForm.initial_for(measure, figure)
        form = FigureForm(initial=initial, measure=measure, period=period)
        return render(
            request,
            "collection/entry.html",
            _entry_context(
                access, measure, period, figure, form, preview(measure, period, figure, access)
            ),
        )

    action = request.POST.get("action", "save")
    form = FigureForm(request.POST, measure=measure, period=period)
    conflict = None
    if form.is_valid():
        try:
            if action == "submit":
                services.submit_figure(
                    measure,
                    period,
                    form.entry,
                    request.user,
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(
                    request, f"{measure.code} for {period.label} submitted for sign-off."
                )
                return redirect("collection:returns")
            if action == "save":
                services.save_draft(
                    measure,
                    period,
                    form.entry,
                    request.user,
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, "Draft saved. Submit it when it is ready for sign-off.")
                return redirect("collection:entry", measure.pk, period.pk)
        except services.FigureRefused as refused:
            show_problems(form, refused.problems)
        except services.StaleFigure as stale:
            conflict = stale.current
            data = request.POST.copy()
            data["version"] = str(conflict.version)  # saving again now overwrites, knowingly
            form = FigureForm(data, measure=measure, period=period)
            form.is_valid()
            figure = _figure(measure, period)
        except services.FigureLocked as locked:
            messages.error(request, str(locked))
            return redirect("collection:entry", measure.pk, period.pk)
    shown = _unsaved(measure, period, form.entry) if form.entry else None
    if shown is None and form.parsed_value is not None:
        shown = _unsaved(measure, period, FigureInput(value=form.parsed_value))
    context = _entry_context(
        access,
        measure,
        period,
        figure,
        form,
        preview(measure, period, shown, access),
        conflict=conflict,
        conflict_value=value_text(core_value(measure, conflict)) if conflict else "",
        checked=action == "check" and not form.errors,
    )
    return render(request, "collection/entry.html", context)


@internal_reader_required
@require_POST
def preview_fragment(request: HttpRequest, measure_id: int, period_id: int) -> HttpResponse:
    """The rating the figure being typed would get (htmx): the core's band and reason, and
    whether commentary will be required."""
    access = request.access
    measure, period = _measure_and_period(access, measure_id, period_id)
    _may_enter(access, measure)
    if period.is_published and not access.is_performance_team:
        raise PermissionDenied("Only the performance team corrects a published figure.")
    form = FigureForm(request.POST, measure=measure, period=period)
    form.is_valid()
    value = form.parsed_value
    entry = form.entry or FigureInput(value=value)
    unsaved = _unsaved(measure, period, entry) if value is not None else None
    shown = preview(measure, period, unsaved, access)
    due = due_date(period, rules_by_type(measure.organisation_id))
    return render(
        request,
        "collection/_preview.html",
        {
            "measure": measure,
            "period": period,
            "preview": Return(measure, period, due, shown, _today()),
            "preview_heading": CORRECTED_HEADING if period.is_published else "",
            "value_error": " ".join(form.figure_errors),
            "commentary_needed": why_commentary_is_needed(shown),
            "unusual": outlier(measure, period, value),
            "oob": True,
            "year_end": _year_end(access, measure, period, None, form),
        },
    )


# --- sign-off -----------------------------------------------------------------------------


@internal_reader_required
def sign_off_page(request: HttpRequest) -> HttpResponse:
    items = awaiting_sign_off(request.access, _today())
    return render(
        request,
        "collection/sign_off.html",
        {
            "projects": project_returns_awaiting(request.access, _today()),
            "submitted": [item for item in items if item.state == ReturnState.SUBMITTED],
            "approved": [item for item in items if item.state == ReturnState.APPROVED],
        },
    )


@internal_reader_required
@require_http_methods(["GET", "POST"])
def review_page(request: HttpRequest, figure_id: int) -> HttpResponse:
    access = request.access
    figure = get_object_or_404(
        Figure.objects.select_related(
            "measure__unit", "measure__owner", "period__organisation", "submitted_by"
        ),
        pk=figure_id,
        measure__organisation_id=access.organisation_id,
    )
    if not access.can_approve(figure.measure):
        raise PermissionDenied("You may not sign off figures for this measure.")
    form = DecisionForm(initial={"version": figure.version})
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == "approve":
                    services.approve_figure(figure, request.user, expected_version=data["version"])
                    messages.success(
                        request, f"{figure.measure.code} for {figure.period.label} approved."
                    )
                else:
                    services.return_figure(
                        figure, request.user, data["reason"], expected_version=data["version"]
                    )
                    messages.success(
                        request,
                        f"{figure.measure.code} for {figure.period.label} returned to its owner.",
                    )
                return redirect("collection:sign_off")
            except services.StaleFigure as stale:
                figure = stale.current
                messages.error(
                    request,
                    f"{_person(figure.entered_by)} changed this figure since you opened it. "
                    "Here it is as it is now: review it again.",
                )
                form = DecisionForm(initial={"version": figure.version})
            except (services.WrongStatus, services.FigureLocked) as refused:
                messages.error(request, str(refused))
                return redirect("collection:sign_off")
    item = returns_of([figure.measure], figure.period, access, None, _today())[0]
    return render(
        request,
        "collection/review.html",
        {
            "figure": figure,
            "measure": figure.measure,
            "period": figure.period,
            "item": item,
            "form": form,
            "state_label": STATE_LABELS[state_of(figure)],
        },
    )


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else "Someone"


# --- publishing ---------------------------------------------------------------------------


@performance_team_required
def publish_index(request: HttpRequest) -> HttpResponse:
    periods = open_periods(request.access.organisation_id)
    return render(
        request,
        "collection/publish_index.html",
        {"rows": readiness(request.access.organisation_id, periods), "today": _today()},
    )


@performance_team_required
@require_http_methods(["GET", "POST"])
def publish_page(request: HttpRequest, period_id: int) -> HttpResponse:
    access = request.access
    period = get_object_or_404(
        Period.objects.select_related("organisation"),
        pk=period_id,
        organisation_id=access.organisation_id,
    )
    if period.is_published:
        messages.info(request, f"{period.label} is already published.")
        return redirect("collection:publish")
    ready = readiness(access.organisation_id, [period], with_challenges=True)[0]
    form = PublishForm(outstanding=ready.outstanding)
    if request.method == "POST":
        form = PublishForm(request.POST, outstanding=ready.outstanding)
        if form.is_valid():
            try:
                kept = services.publish(period, request.user)
            except services.PublishRefused as error:
                messages.error(request, str(error))
                return redirect("collection:publish")
            messages.success(
                request,
                f"{period.label} is published and locked: {kept} rating"
                f"{'s' if kept != 1 else ''} kept as reported.",
            )
            return redirect("collection:publish")
    return render(
        request, "collection/publish.html", {"period": period, "ready": ready, "form": form}
    )


# --- corrections after publishing ---------------------------------------------------------

CORRECTED_HEADING = "Rating once corrected"  # the correction page's preview, live or not


@performance_team_required
@require_http_methods(["GET", "POST"])
def correction_page(request: HttpRequest, measure_id: int, period_id: int) -> HttpResponse:
    measure, period = _measure_and_period(request.access, measure_id, period_id)
    if not period.is_published:
        return redirect("collection:entry", measure.pk, period.pk)
    figure = _figure(measure, period)
    form = CorrectionForm(
        initial=FigureForm.initial_for(measure, figure), measure=measure, period=period
    )
    if request.method == "POST":
        form = CorrectionForm(request.POST, measure=measure, period=period)
        if form.is_valid():
            try:
                services.correct_figure(
                    measure,
                    period,
                    form.entry,
                    request.user,
                    form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
            except services.FigureRefused as refused:
                show_problems(form, refused.problems)
            except services.StaleFigure as stale:
                who = _person(stale.current.entered_by)
                form.add_error(
                    None,
                    f"{who} corrected this figure since you opened it: it now reads "
                    f"{value_text(core_value(measure, stale.current)) or 'no figure'}. "
                    "Reload the page to see their correction before you make another.",
                )
            else:
                messages.success(
                    request,
                    f"{measure.code} for {period.label} corrected; its rating is restated and "
                    "the rating first reported is kept.",
                )
                return redirect(reverse("measures:detail", args=[measure.code]))
    corrected = figure
    if form.is_bound:
        value = form.parsed_value
        entry = form.entry or FigureInput(value=value)
        corrected = _unsaved(measure, period, entry) if value is not None else None
    access = request.access
    return render(
        request,
        "collection/correct.html",
        {
            "measure": measure,
            "period": period,
            "figure": figure,
            "form": form,
            "reported": shown_rating(measure, period, access),
            "preview": Return(
                measure, period, None, preview(measure, period, corrected, access), _today()
            ),
            "preview_heading": CORRECTED_HEADING,
            "value_error": " ".join(form.figure_errors) if form.is_bound else "",
        },
    )


# --- deadlines ----------------------------------------------------------------------------


@performance_team_required
@require_http_methods(["GET", "POST"])
def deadlines_page(request: HttpRequest) -> HttpResponse:
    access = request.access
    organisation = access.organisation_id
    rules = {
        rule.frequency: rule for rule in DeadlineRule.objects.filter(organisation_id=organisation)
    }

    def form_for(frequency: Frequency, data=None) -> DeadlineRuleForm:
        rule = rules.get(frequency)
        initial = {
            "working_days_after": rule.working_days_after if rule else 15,
            "remind_days_before": rule.remind_days_before if rule else 5,
            "escalate_days_after": rule.escalate_days_after if rule else 5,
            "sign_off_working_days": rule.sign_off_working_days if rule else 5,
        }
        return DeadlineRuleForm(data, initial=initial, frequency=frequency)

    forms = {frequency: form_for(frequency) for frequency in Frequency}
    calendar_form = BankHolidaysForm(
        initial={"bank_holidays": request.user.organisation.bank_holidays}
    )
    opening_form = OpeningRuleForm(
        initial={"open_next_on_publish": request.user.organisation.open_next_on_publish}
    )
    if request.method == "POST" and request.POST.get("form") == "opening":
        opening_form = OpeningRuleForm(request.POST)
        if opening_form.is_valid():
            on_publish = opening_form.cleaned_data["open_next_on_publish"]
            services.set_opening_rule(request.user.organisation, on_publish, request.user)
            messages.success(
                request,
                "Each period opens for returns when the one before is published."
                if on_publish
                else "Each period opens for returns on the day set for it.",
            )
            return redirect("collection:deadlines")
    elif request.method == "POST" and "bank_holidays" in request.POST:
        calendar_form = BankHolidaysForm(request.POST)
        if calendar_form.is_valid():
            region = calendar_form.cleaned_data["bank_holidays"]
            moved = services.set_bank_holidays(request.user.organisation, region, request.user)
            left_out = (
                f"the bank holidays of {BankHolidayRegion(region).label}"
                if region
                else "no bank holidays"
            )
            periods = f"{moved} open period{'s' if moved != 1 else ''}"
            messages.success(
                request, f"Working days now leave out {left_out}; {periods} given a new deadline."
            )
            return redirect("collection:deadlines")
    elif request.method == "POST":
        try:
            frequency = Frequency(request.POST.get("frequency", ""))
        except ValueError:
            raise Http404("There is no such frequency.") from None
        form = form_for(frequency, request.POST)
        forms[frequency] = form
        if form.is_valid():
            change = services.set_deadline_rule(
                request.user.organisation, frequency, request.user, **form.cleaned_data
            )
            messages.success(
                request,
                f"{frequency.replace('_', ' ').capitalize()} returns are due "
                f"{change.rule.working_days_after} working days after the period ends; "
                f"{change.periods_changed} open period"
                f"{'s' if change.periods_changed != 1 else ''} given the new deadline.",
            )
            return redirect("collection:deadlines")
    periods = open_periods(organisation)
    by_type = rules_by_type(organisation)
    return render(
        request,
        "collection/deadlines.html",
        {
            "calendar_form": calendar_form,
            "opening_form": opening_form,
            "forms": [
                (frequency, frequency.replace("_", " ").capitalize(), form, frequency in rules)
                for frequency, form in forms.items()
            ],
            "periods": [
                (
                    period,
                    due_date(period, by_type),
                    PeriodDeadlineForm(prefix=f"p{period.pk}"),
                    PeriodOpeningForm(prefix=f"o{period.pk}"),
                )
                for period in periods
            ],
        },
    )


@performance_team_required
@require_POST
def period_deadline(request: HttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(Period, pk=period_id, organisation_id=request.access.organisation_id)
    form = PeriodDeadlineForm(request.POST, prefix=f"p{period.pk}")
    if not form.is_valid():
        messages.error(request, f"Enter {period.label}'s deadline as a date.")
        return redirect("collection:deadlines")
    try:
        services.set_period_deadline(period, form.cleaned_data["deadline"], request.user)
    except (ValueError, services.FigureLocked) as refused:
        messages.error(request, str(refused))
    else:
        due = format_date(form.cleaned_data["deadline"], "j F Y")
        messages.success(request, f"{period.label} is due by {due}.")
    return redirect("collection:deadlines")


@performance_team_required
@require_POST
def period_opening(request: HttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(Period, pk=period_id, organisation_id=request.access.organisation_id)
    form = PeriodOpeningForm(request.POST, prefix=f"o{period.pk}")
    if not form.is_valid():
        messages.error(request, f"Enter the day {period.label} opens for returns as a date.")
        return redirect("collection:deadlines")
    try:
        opened = services.set_period_opening(period, form.cleaned_data["opens_on"], request.user)
    except services.PublishRefused as refused:
        messages.error(request, str(refused))
    else:
        day = format_date(form.cleaned_data["opens_on"], "j F Y")
        if opened is not None:
            messages.success(
                request,
                f"{period.label} is open for returns: {opened.carried} target"
                f"{'s' if opened.carried != 1 else ''} carried forward, {opened.profiled} "
                "profiled from the year's; its owners will be told.",
            )
        else:
            messages.success(request, f"{period.label} opens for returns on {day}.")
    return redirect("collection:deadlines")


# --- the calendar feed ---------------------------------------------------------------------


@internal_reader_required
@require_http_methods(["GET", "POST"])
def calendar_page(request: HttpRequest) -> HttpResponse:
    """My calendar: a month as a grid, or three months as a list, of one board or every one;
    and the secret link to the same calendar as a feed (shown once when made)."""
    link = None
    if request.method == "POST":
        if request.POST.get("action") == "stop":
            calendar.stop_link(request.user)
            messages.success(
                request, "Your calendar link is stopped: calendars using it stop updating."
            )
            return redirect("collection:calendar")
        token = calendar.make_link(request.user)
        link = request.build_absolute_uri(reverse("collection:calendar_feed", args=[token]))
    bodies = calendar.visible_bodies(request.user, request.access)
    form = CalendarForm(request.GET or None, bodies=bodies)
    data = form.cleaned_data if form.is_valid() else {}
    view = data.get("view") or "month"
    everything = calendar.entries(request.user, body_id=data.get("body"))
    month = data.get("month") or _month_of_next(everything, _today())
    months = 1 if view == "month" else 3
    end = months_after(month, months) - timedelta(days=1)
    shown = [entry for entry in everything if month <= entry.day <= end]
    existing = CalendarLink.objects.filter(user=request.user).first()
    return render(
        request,
        "collection/calendar.html",
        {
            "link": link,
            "existing": existing,
            "form": form,
            "view": view,
            "month": month,
            "end": end,
            "entries": shown,
            "weeks": _weeks(month, shown) if view == "month" else [],
            "previous": months_after(month, -months),
            "following": months_after(month, months),
            "body": data.get("body"),
            "today": _today(),
        },
    )


def _month_of_next(entries, today: date) -> date:
    """The month of the next thing on the calendar from today, else of the last one."""
    upcoming = [entry.day for entry in entries if entry.day >= today]
    if upcoming:
        return upcoming[0].replace(day=1)
    return (entries[-1].day if entries else today).replace(day=1)


def _weeks(month: date, entries) -> list[list[tuple[date, list]]]:
    """The weeks (Monday to Sunday) of `month`, each day with its entries."""
    by_day = defaultdict(list)
    for entry in entries:
        by_day[entry.day].append(entry)
    day = month - timedelta(days=month.weekday())
    weeks = []
    while day < months_after(month, 1):
        weeks.append([(day + timedelta(days=n), by_day[day + timedelta(days=n)]) for n in range(7)])
        day += timedelta(days=7)
    return weeks


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself, read by a calendar program without signing in (the token is the key)."""
    user = calendar.user_of(token)
    if user is None:
        raise Http404("There is no calendar at this link: it may have been stopped.")
    response = HttpResponse(
        calendar.feed(user, request.build_absolute_uri("/")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="yardstick.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
