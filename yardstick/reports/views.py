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

from collections import defaultdict
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from yardstick.accounts.access import access_for, runs_the_deployment
from yardstick.accounts.models import Role
from yardstick.framework.models import Period
from yardstick.measures.queries import NEWEST_FIRST, with_reporting_frequency
from yardstick.organisations.models import Organisation
from yardstick.reports import risk_registers
from yardstick.reports.forms import PAGE, ChallengeChoiceForm, ReportForm, RiskChoiceForm
from yardstick.reports.kept import current_document, document_version
from yardstick.reports.lookup import (
    ReportNotFound,
    find_organisation,
    find_period,
    find_themes,
    period_slug,
)
from yardstick.reports.renderers import (
    FORMATS,
    SCORECARD_FORMATS,
    Format,
    UnknownFormat,
    common,
    get_format,
    html,
)
from yardstick.reports.services import job_state, request_documents
from yardstick.reports.strategic import (
    StrategicReport,
    build_strategic_report,
    financial_year_of,
    themes_for,
)
from yardstick.risks import services as risk_services
from yardstick.risks.models import Register
from yardstick.scorecards import services as scorecard_services
from yardstick.scorecards.challenges import scorecard_challenges
from yardstick.scorecards.models import Scorecard, ScorecardEntry
from yardstick.scorecards.queries import default_period
from yardstick.scorecards.rows import build_scorecard

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
    return build_strategic_report(period, themes, viewer, include_reasons=wants_reasons(request))


def wants_reasons(request: HttpRequest) -> bool:
    """Whether the PDF and Word include how each rating was worked out: yes unless the
    download says `reasons=0` (the download page's tick box, unticked)."""
    return request.GET.get("reasons") != "0"


def report_query(themes: list[str], reasons: bool) -> str:
    """The download's query: the themes chosen, and `reasons=0` to leave the appendix out."""
    pairs = [("theme", code) for code in themes] + ([] if reasons else [("reasons", "0")])
    return f"?{urlencode(pairs)}" if pairs else ""


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
            + report_query(form.cleaned_data["theme"], form.cleaned_data["reasons"])
        )
    viewer = access_for(request.user, organisation.pk)
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
            "is_team": viewer.is_performance_team,
            "reads_internally": viewer.reads_internally(organisation.pk),
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
    viewer = access_for(request.user, organisation.pk)
    context["chooses_challenges"] = _chooses_challenges(viewer)
    context["period_slug"] = period_slug(period)
    context["text_url"] = text_url(request, period)
    return render(request, "reports/strategic.html", context)


def _chooses_challenges(viewer) -> bool:
    """The performance team, and measure owners (who may add their own measures)."""
    return bool(viewer.is_performance_team or Role.OWNER in viewer.roles or viewer.entered_measures)


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
    if period.is_published and not request.GET.getlist("theme") and wants_reasons(request):
        return kept_or_preparing(request, period, format)
    try:
        report = build(request, period, request.GET.getlist("theme"))
    except ReportNotFound as error:
        return not_found(request, error, status=400)
    return file_response(report, format)


def file_response(
    report: StrategicReport, format: Format, content: bytes | None = None
) -> HttpResponse:
    """The report (or a scorecard's document) rendered in `format` (or already rendered, as
    `content`), as a named file."""
    if content is None:
        content = format.render(report)
    response = HttpResponse(content, content_type=format.media_type)
    response["Content-Disposition"] = f'attachment; filename="{format.filename(report)}"'
    return response


def scorecard_format(request: HttpRequest) -> Format | None:
    """A scorecard download's format (`format`, PDF when none): None when it is not one of
    SCORECARD_FORMATS."""
    name = request.GET.get("format", "pdf")
    return FORMATS[name] if name in SCORECARD_FORMATS else None


def refused_format() -> HttpResponse:
    return HttpResponseBadRequest(
        f"A scorecard downloads as {', '.join(SCORECARD_FORMATS)}: choose one of them.",
        content_type="text/plain; charset=utf-8",
    )


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


def _challenge_lists(period: Period, viewer) -> list[dict]:
    """Each theme of the period's report with its scorecard, its key challenges (those left
    out too, marked) and the scorecard's other measures, for the choices page. A fixed number
    of queries, whatever the number of measures."""
    themes = themes_for(period)
    cards = {
        card.theme_id: card
        for card in Scorecard.objects.filter(
            theme__in=themes, financial_year=financial_year_of(period)
        ).order_by("position")
    }
    built = {theme_id: build_scorecard(card, period, viewer) for theme_id, card in cards.items()}
    found = scorecard_challenges(built.values(), viewer, with_left_out=True)
    entries = defaultdict(list)
    for entry in (
        ScorecardEntry.objects.filter(scorecard__in=cards.values())
        .select_related("measure")
        .order_by("section__position", "position")
    ):
        entries[entry.scorecard_id].append(entry)
    lists = []
    for theme in themes:
        card = cards.get(theme.pk)
        if card is None:
            continue
        challenges = found.get(card.pk, ())
        listed = {challenge.measure_id for challenge in challenges}
        lists.append(
            {
                "theme": theme,
                "scorecard": card,
                "challenges": challenges,
                "order": [c.measure_id for c in challenges if not c.left_out],
                # The measures this person may add (and take off again): an owner's own.
                "mine": {
                    entry.measure_id
                    for entry in entries[card.pk]
                    if viewer.is_performance_team or viewer.can_enter(entry.measure)
                },
                "others": [
                    entry
                    for entry in entries[card.pk]
                    if entry.measure_id not in listed
                    and (viewer.is_performance_team or viewer.can_enter(entry.measure))
                ],
            }
        )
    return lists


@login_required
@require_http_methods(["GET", "POST"])
def challenges(request: HttpRequest, period_key: str) -> HttpResponse:
    """The key challenges of the period's report, theme by theme, as the rule lists them and
    as the performance team chose: include a measure, leave one out, put it back, move it up
    or down. A measure's owner may add their own measure (and take it off again)."""
    try:
        organisation = organisation_for(request)
        period = find_period(organisation, period_key, published_only=False)
    except ReportNotFound as error:
        return not_found(request, error)
    viewer = access_for(request.user, organisation.pk)
    if not _chooses_challenges(viewer):
        raise PermissionDenied(
            "Only the performance team and measure owners choose key challenges."
        )
    if period_key != period_slug(period):
        return redirect("reports:challenges", period_slug(period))
    status = 200
    if request.method == "POST":
        form = ChallengeChoiceForm(request.POST, period=period)
        if form.is_valid():
            try:
                message = _apply_challenge_choice(form, period, viewer, request.user)
            except scorecard_services.ChallengeChoiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, message)
                return redirect("reports:challenges", period_slug(period))
        status = 400
        messages.error(
            request, " ".join(error for errors in form.errors.values() for error in errors)
        )
    return render(
        request,
        "reports/challenges.html",
        {
            "period": period,
            "period_slug": period_slug(period),
            "organisation": organisation,
            "lists": _challenge_lists(period, viewer),
            "is_team": viewer.is_performance_team,
            "challenges_are": common.CHALLENGES_ARE,
        },
        status=status,
    )


def _apply_challenge_choice(form, period: Period, viewer, user) -> str:
    scorecard, measure, action = (
        form.cleaned_data["scorecard"],
        form.cleaned_data["measure"],
        form.cleaned_data["action"],
    )
    if action in ("up", "down"):
        order = [int(pk) for pk in form.cleaned_data["order"].split(",") if pk.strip().isdigit()]
        if measure.pk not in order:
            raise scorecard_services.ChallengeChoiceError(
                f"{measure.title} is not in the list of key challenges."
            )
        index = order.index(measure.pk)
        other = index - 1 if action == "up" else index + 1
        if 0 <= other < len(order):
            order[index], order[other] = order[other], order[index]
        scorecard_services.order_challenges(scorecard, period, order, viewer, user)
        return f"Moved {measure.title} {action}."
    scorecard_services.choose_challenge(
        scorecard, period, measure, action, viewer, user, reason=form.cleaned_data["reason"]
    )
    return {
        "include": f"Included {measure.title} among the key challenges.",
        "leave_out": f"Left {measure.title} out of the key challenges.",
        "rule": f"{measure.title} is listed as the rule says.",
    }[action]
