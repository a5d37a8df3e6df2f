"""Report pages: the download page, the Strategic Performance Report as a web page, and the
report in each file format. Every one builds the same report object and hands it to a
renderer; none computes a rating.

Who reads what is accounts.access's answer: internal readers (any role) read every period,
with the figures their role lets them see; someone signed in with no role reads what the
public reads, published periods with their published figures only.

A published period's whole report (every theme) is the same for everyone who may read it,
published figures only, so its files are rendered by the background worker and kept
(`kept`): the download serves the kept file, or, while it is being prepared, a page that
says so and offers the file once it is there. A choice of themes, and an open period, are
rendered when asked for."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from yardstick.accounts.access import access_for, runs_the_deployment
from yardstick.framework.models import Period
from yardstick.measures.queries import NEWEST_FIRST, with_reporting_frequency
from yardstick.organisations.models import Organisation
from yardstick.reports import risk_registers
from yardstick.reports.forms import PAGE, ReportForm, RiskChoiceForm
from yardstick.reports.kept import current_document, document_version
from yardstick.reports.lookup import (
    ReportNotFound,
    find_organisation,
    find_period,
    find_themes,
    period_slug,
)
from yardstick.reports.renderers import FORMATS, Format, UnknownFormat, get_format, html
from yardstick.reports.services import job_state, request_documents
from yardstick.reports.strategic import StrategicReport, build_strategic_report, themes_for
from yardstick.risks import services as risk_services
from yardstick.risks.models import Register
from yardstick.scorecards.models import Scorecard
from yardstick.scorecards.queries import default_period

RECENT = 8  # periods listed with a link per format


def organisation_for(request: HttpRequest) -> Organisation:
    """The signed-in person's organisation; someone with none (a superuser set up before
    any council) may name one with ?organisation=slug when there are several."""
    user = request.user
    if user.organisation_id:
        return user.organisation
    if runs_the_deployment(user):
        return find_organisation(request.GET.get("organisation"))
    raise PermissionDenied("Your account is not attached to an organisation.")


def published_only(request: HttpRequest, organisation: Organisation) -> bool:
    """Whether this person reads only published periods: signed in with no role in the
    organisation, they read what the public reads."""
    return not access_for(request.user, organisation.pk).is_internal_reader


def not_found(request: HttpRequest, error: Exception, status: int = 404) -> HttpResponse:
    return render(request, "reports/not_found.html", {"message": str(error)}, status=status)


def theme_query(themes: list[str]) -> str:
    return f"?{urlencode([('theme', code) for code in themes])}" if themes else ""


def build(request: HttpRequest, period: Period, theme_names: list[str]) -> StrategicReport:
    """The report for this reader: the figures their access lets them see (published figures
    only for someone without a role)."""
    themes = find_themes(period, theme_names)
    viewer = access_for(request.user, period.organisation_id)
    return build_strategic_report(period, themes, viewer)


def format_links(period: Period, query: str) -> list[tuple[object, str]]:
    return [
        (format, reverse("reports:download", args=[period_slug(period), format.name]) + query)
        for format in FORMATS.values()
    ]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    try:
        organisation = organisation_for(request)
    except ReportNotFound as error:
        return not_found(request, error, status=400)
    periods = Period.objects.in_organisation(organisation)
    if published_only(request, organisation):
        periods = periods.published()
    periods = with_reporting_frequency(periods, organisation.id)
    periods = list(periods.select_related("organisation").order_by(*NEWEST_FIRST))
    reported_years = set(
        Scorecard.objects.in_organisation(organisation)
        .filter(theme__isnull=False)
        .values_list("financial_year", flat=True)
    )
    periods = [p for p in periods if p.as_core().financial_year.start.year in reported_years]
    chosen = None
    if request.GET.get("period"):
        chosen = next((p for p in periods if period_slug(p) == request.GET["period"]), None)
    if chosen is None and periods:
        chosen = default_period(periods)
    themes = themes_for(chosen) if chosen else []
    submitted = "format" in request.GET
    form = ReportForm(request.GET if submitted else None, periods=periods, themes=themes)
    if not submitted and chosen:
        form.initial = {"period": period_slug(chosen), "format": PAGE}
    if submitted and form.is_valid():
        query = theme_query(form.cleaned_data["theme"])
        if form.cleaned_data["format"] == PAGE:
            return redirect(
                reverse("reports:strategic", args=[form.cleaned_data["period"]]) + query
            )
        return redirect(
            reverse(
                "reports:download", args=[form.cleaned_data["period"], form.cleaned_data["format"]]
            )
            + query
        )
    recent = [
        {
            "period": period,
            "page": reverse("reports:strategic", args=[period_slug(period)]),
            "files": format_links(period, ""),
        }
        for period in periods[:RECENT]
    ]
    return render(
        request,
        "reports/index.html",
        {
            "form": form,
            "organisation": organisation,
            "chosen": chosen,
            "recent": recent,
            "formats": FORMATS.values(),
            "is_team": access_for(request.user, organisation.pk).is_performance_team,
        },
        status=400 if submitted else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def risks(request: HttpRequest) -> HttpResponse:
    """The performance team chooses the risk registers the Strategic Performance Report
    includes (all their open risks, or only those above appetite): every format, and the
    kept documents of published periods, which are rendered again."""
    try:
        organisation = organisation_for(request)
    except ReportNotFound as error:
        return not_found(request, error, status=400)
    if not access_for(request.user, organisation.pk).is_performance_team:
        raise PermissionDenied("Only the performance team chooses the report's risks.")
    registers = list(Register.objects.of(organisation.pk).order_by("title"))
    form = RiskChoiceForm(registers=registers)
    if request.method == "POST":
        form = RiskChoiceForm(request.POST, registers=registers)
        if form.is_valid():
            changed = risk_services.choose_for_report(organisation.pk, form.chosen(), request.user)
            messages.success(
                request,
                f"The report's risks saved ({changed} change{'s' if changed != 1 else ''}).",
            )
            return redirect("reports:risks")
    return render(
        request,
        "reports/risks.html",
        {"form": form, "organisation": organisation},
        status=400 if form.errors else 200,
    )


@login_required
def strategic(request: HttpRequest, period_key: str) -> HttpResponse:
    try:
        organisation = organisation_for(request)
        period = find_period(
            organisation, period_key, published_only=published_only(request, organisation)
        )
    except ReportNotFound as error:
        return not_found(request, error)
    if period_key != period_slug(period):
        return redirect(
            reverse("reports:strategic", args=[period_slug(period)])
            + theme_query(request.GET.getlist("theme"))
        )
    try:
        report = build(request, period, request.GET.getlist("theme"))
    except ReportNotFound as error:
        return not_found(request, error, status=400)
    query = theme_query([section.theme.code for section in report.sections])
    chosen = bool(request.GET.getlist("theme"))
    context = html.context(report)
    context["downloads"] = format_links(period, query if chosen else "")
    context["chosen_themes"] = chosen
    context["text_url"] = text_url(request, period)
    return render(request, "reports/strategic.html", context)


def text_url(request: HttpRequest, period: Period) -> str:
    """The page where the report's text is written, for who may write some of it."""
    access = access_for(request.user, period.organisation_id)
    if access.is_performance_team or (
        access.user_id is not None
        and any(theme.lead_officer_id == access.user_id for theme in themes_for(period))
    ):
        return reverse("reports:narrative", args=[period_slug(period)])
    return ""


@login_required
def download(request: HttpRequest, period_key: str, format_name: str) -> HttpResponse:
    try:
        organisation = organisation_for(request)
        format = get_format(format_name)
        period = find_period(
            organisation, period_key, published_only=published_only(request, organisation)
        )
    except (ReportNotFound, UnknownFormat) as error:
        return not_found(request, error)
    if period.is_published and not request.GET.getlist("theme"):
        return kept_or_preparing(request, period, format)
    try:
        report = build(request, period, request.GET.getlist("theme"))
    except ReportNotFound as error:
        return not_found(request, error, status=400)
    response = HttpResponse(format.render(report), content_type=format.media_type)
    response["Content-Disposition"] = f'attachment; filename="{format.filename(report)}"'
    return response


def kept_or_preparing(
    request: HttpRequest,
    period: Period,
    format: Format,
    *,
    url: str | None = None,
    page_url: str | None = None,
    more_url: str | None = None,
) -> HttpResponse:
    """The kept file of a published period's report, or (202) a page saying it is being
    prepared, which asks again every few seconds with htmx (and has a link to ask again
    without JavaScript) and offers the file once it is kept. Asking queues the render if it
    is not queued (once per version, however often asked); a render that failed is queued
    again by a person's request, never by the page's own polls, so it is not retried every
    few seconds. The public site passes its own addresses: this download's (`url`), the
    report page's and where to choose another report (`more_url`)."""
    version = document_version(period)
    kept = current_document(period, format.name, version)
    polling = bool(request.htmx)
    if kept is not None and not polling:
        try:
            opened = kept.file.open("rb")
        except FileNotFoundError:  # replaced by a newer version since it was looked up
            kept = None
        else:
            response = FileResponse(
                opened, as_attachment=True, filename=kept.filename, content_type=format.media_type
            )
            patch_vary_headers(response, ["HX-Request"])  # the poll gets a fragment instead
            return response
    asked = None if kept else request_documents(period, version=version, retry=not polling)
    state = "ready" if kept else job_state(asked)
    context = {
        "period": period,
        "format": format,
        "kept": kept,
        "failed": state in ("FAILED", "lost"),
        "url": url or reverse("reports:download", args=[period_slug(period), format.name]),
        "page_url": page_url or reverse("reports:strategic", args=[period_slug(period)]),
        "more_url": more_url or reverse("reports:index"),
    }
    if polling:
        response = render(request, "reports/_preparing.html", context)
    else:
        response = render(request, "reports/preparing.html", context, status=202)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def risk_register(request: HttpRequest, code: str, format_name: str) -> HttpResponse:
    """A risk register as Word, PDF or Excel (`risk_registers`): for everyone with a role in
    the council, as its page is."""
    access = access_for(request.user)
    if not access.is_internal_reader:
        raise PermissionDenied("You need a role in this organisation to read its risks.")
    if format_name not in risk_registers.FORMATS or len(code) > 40:
        raise Http404("There is no such register or format.")
    register = get_object_or_404(
        Register.objects.of(access.organisation_id).select_related(
            "organisation", "unit", "body", "partnership"
        ),
        code=code,
    )
    document = risk_registers.build(register, timezone.localdate())
    response = HttpResponse(
        risk_registers.RENDERERS[format_name](document),
        content_type=risk_registers.FORMATS[format_name],
    )
    response["Content-Disposition"] = f'attachment; filename="{document.filename}.{format_name}"'
    return response
