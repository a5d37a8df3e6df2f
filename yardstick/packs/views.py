"""The pack pages: the builder (the performance team chooses the period, orders, includes and
leaves out sections, adds its own, and publishes), the reading page, and the downloads.

Who: the builder is the performance team's. A published pack is read and downloaded by the
team, councillors and the body's members and chair (`services.may_read`), who read it as it
was published (the kept page and files); before it is published only the team reads it, as a
draft built from the figures now."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from yardstick.accounts.access import internal_reader_required, performance_team_required
from yardstick.meetings.models import Meeting
from yardstick.packs import services
from yardstick.packs.builder import build_pack, periods_for
from yardstick.packs.forms import PeriodForm, PublishForm, SectionForm, arrangement
from yardstick.packs.models import Pack, PackFormat, SectionKind
from yardstick.packs.renderers import MEDIA_TYPES, RENDERERS, html


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("body__organisation"),
        pk=meeting_id,
        body__organisation_id=request.access.organisation_id,
    )


def _pack(meeting: Meeting) -> Pack | None:
    return (
        Pack.objects.select_related("period__organisation", "meeting__body__organisation")
        .filter(meeting=meeting)
        .first()
    )


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 12 else None


@performance_team_required
@require_http_methods(["GET", "POST"])
def builder(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    pack = _pack(meeting)
    periods = periods_for(meeting)
    period_form = PeriodForm(periods=periods, initial={"period": pack.period_id if pack else None})
    section_form = SectionForm(prefix="new")
    publish_form = PublishForm()
    problems: list[str] = []
    position_errors: dict[int, str] = {}
    action = request.POST.get("action", "")
    if request.method == "POST":
        try:
            if action == "start":
                services.start_pack(meeting, request.user)
                messages.success(request, "Pack started: choose its sections, then publish it.")
                return redirect("packs:builder", meeting_id=meeting.pk)
            if pack is None:
                raise services.PackRefused("Start the pack first.")
            if action == "period":
                period_form = PeriodForm(request.POST, periods=periods)
                if period_form.is_valid():
                    chosen = next(p for p in periods if p.pk == period_form.cleaned_data["period"])
                    services.choose_period(pack, chosen, request.user)
                    messages.success(request, f"The pack reviews {chosen.label}.")
                    return redirect("packs:builder", meeting_id=meeting.pk)
            elif action == "arrange":
                rows, position_errors = arrangement(request.POST, pack.sections.all())
                if not position_errors:
                    services.arrange_sections(pack, rows, request.user)
                    messages.success(request, "Sections saved.")
                    return redirect("packs:builder", meeting_id=meeting.pk)
            elif action in ("up", "down"):
                section_id = _number(request.POST.get("section"))
                services.move_section(
                    pack, section_id or 0, -1 if action == "up" else 1, request.user
                )
                if not request.htmx:
                    messages.success(request, "Section moved.")
                return redirect("packs:builder", meeting_id=meeting.pk)
            elif action == "add":
                section_form = SectionForm(request.POST, prefix="new")
                if section_form.is_valid():
                    data = section_form.cleaned_data
                    try:
                        services.add_section(pack, data["heading"], data["text"], request.user)
                    except services.PackRefused as refused:
                        section_form.show(refused)
                    else:
                        messages.success(request, f"Section added: {data['heading']}.")
                        return redirect("packs:builder", meeting_id=meeting.pk)
            elif action == "remove":
                section = pack.sections.filter(
                    pk=_number(request.POST.get("section")), kind=SectionKind.TEXT
                ).first()
                if section is None:
                    raise services.PackRefused("There is no such section of the team's own.")
                services.remove_section(section, request.user)
                messages.success(request, f"Section removed: {section.heading}.")
                return redirect("packs:builder", meeting_id=meeting.pk)
            elif action == "publish":
                publish_form = PublishForm(request.POST)
                if publish_form.is_valid():
                    services.publish_pack(pack, request.user)
                    messages.success(request, "Pack published: the meeting's members can read it.")
                    return redirect("packs:read", meeting_id=meeting.pk)
            else:
                problems.append("Choose what to do with the pack.")
        except services.PackRefused as refused:
            problems.append(refused.message)
    forms_shown = (period_form, section_form, publish_form)
    failed = bool(problems or position_errors or any(form.errors for form in forms_shown))
    pack = _pack(meeting) if request.method == "POST" else pack
    sections = list(pack.sections.all()) if pack else []
    return render(
        request,
        "packs/builder.html",
        {
            "meeting": meeting,
            "pack": pack,
            "periods": periods,
            "sections": [(section, position_errors.get(section.pk, "")) for section in sections],
            "period_form": period_form,
            "section_form": section_form,
            "publish_form": publish_form,
            "problems": problems + list(position_errors.values()),
        },
        status=400 if failed else 200,
    )


def _readable(request: HttpRequest, meeting_id: int) -> tuple[Meeting, Pack]:
    """The meeting and its pack, for someone who may read it: 403 for those who may not,
    404 when there is no pack they may see (none started, or not published and they are
    not the team)."""
    meeting = _meeting(request, meeting_id)
    if not services.may_read(request.user, request.access, meeting):
        raise PermissionDenied("Only the body's members, councillors and the team read its packs.")
    pack = _pack(meeting)
    if pack is None or not (pack.is_published or request.access.is_performance_team):
        raise Http404("This meeting's pack has not been published.")
    return meeting, pack


@internal_reader_required
def read(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, pack = _readable(request, meeting_id)
    if pack.is_published:
        body, title = mark_safe(pack.snapshot), pack.title  # rendered by us when published
    else:
        content = build_pack(pack, today=timezone.localdate())
        body, title = html.render_body(content), content.title
    return render(
        request,
        "packs/read.html",
        {
            "meeting": meeting,
            "pack": pack,
            "title": title,
            "body": mark_safe(body),
            "formats": [(f.value, f.label) for f in PackFormat],
        },
    )


@internal_reader_required
def download(request: HttpRequest, meeting_id: int, format_name: str) -> HttpResponse:
    if format_name not in PackFormat.values:
        raise Http404("There is no such format of a pack: choose pdf or docx.")
    _, pack = _readable(request, meeting_id)
    if pack.is_published:
        kept = services.document(pack, format_name)
        if kept is None:
            raise Http404("This pack's file is missing from storage.")
        try:
            opened = kept.file.open("rb")
        except FileNotFoundError:
            raise Http404("This pack's file is missing from storage.") from None
        return FileResponse(
            opened,
            as_attachment=True,
            filename=kept.filename,
            content_type=MEDIA_TYPES[format_name],
        )
    content = build_pack(pack, today=timezone.localdate())
    response = HttpResponse(RENDERERS[format_name](content), content_type=MEDIA_TYPES[format_name])
    name = services.filename(pack, format_name).replace("-pack.", "-pack-draft.")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
