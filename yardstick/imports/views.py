"""The import page: upload a file, preview what it would do, confirm; download exports.

The performance team's pages (accounts.access.administration_required): a superuser acts as
the performance team of the organisation chosen on the page; a staff flag gives nothing."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yardstick.accounts.access import administration_required, may_administer
from yardstick.imports.changes import Action
from yardstick.imports.forms import UploadForm
from yardstick.imports.kinds import KINDS
from yardstick.imports.models import ImportRun
from yardstick.imports.services import (
    ImportRefused,
    confirm_import,
    confirm_in_background,
    export_file,
    export_filename,
    preview_changes,
    upload_import,
    upload_long_import,
)
from yardstick.imports.starter import starter_filename, starter_workbook
from yardstick.imports.tables import MEDIA_TYPES, FileFormat
from yardstick.imports.tasks import queue_import
from yardstick.imports.workbook import (
    WORKBOOK,
    confirm_workbook,
    preview_workbook,
    upload_workbook,
)
from yardstick.organisations.models import Organisation


def chosen_organisation(request: HttpRequest) -> Organisation | None:
    """The user's own organisation; for a superuser in none, the one chosen on the page, or
    the only one there is. None unless the user is its performance team (accounts.access)."""
    if request.user.organisation_id:
        chosen = request.user.organisation
    else:
        slug = request.POST.get("organisation") or request.GET.get("organisation")
        organisations = Organisation.objects.all()
        if slug:
            chosen = organisations.filter(slug=slug).first()
        else:
            only = list(organisations[:2])
            chosen = only[0] if len(only) == 1 else None
    if chosen is None or not may_administer(request.user, chosen.pk):
        return None
    return chosen


def _run_for(request: HttpRequest, pk: int) -> ImportRun:
    run = get_object_or_404(
        ImportRun.objects.select_related("organisation", "created_by", "applied_by"), pk=pk
    )
    if not may_administer(request.user, run.organisation_id):
        raise Http404("No such import.")
    return run


@administration_required
def index(request: HttpRequest) -> HttpResponse:
    organisation = chosen_organisation(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if organisation is None:
            messages.error(request, "Choose the organisation to import into.")
        else:
            upload = form.cleaned_data["file"]
            kind, status = form.cleaned_data["kind"], form.cleaned_data["figure_status"]
            long_run = (
                None
                if kind == WORKBOOK
                else upload_long_import(
                    organisation,
                    kind,
                    upload,
                    request.user,
                    figure_status=status,
                    correction_reason=form.cleaned_data["correction_reason"],
                )
            )
            if long_run is not None:
                queue_import(long_run)
                return redirect("imports:preview", pk=long_run.pk)
            if kind == WORKBOOK:
                result = upload_workbook(
                    organisation, upload.read(), upload.name, request.user, figure_status=status
                )
            else:
                result = upload_import(
                    organisation,
                    kind,
                    upload.read(),
                    upload.name,
                    request.user,
                    figure_status=status,
                    correction_reason=form.cleaned_data["correction_reason"],
                )
            return redirect("imports:preview", pk=result.run.pk)
    context = {
        "form": form,
        "organisation": organisation,
        "organisations": Organisation.objects.all() if not request.user.organisation_id else None,
        "kinds": list(KINDS.values()),
        "runs": ImportRun.objects.in_organisation(organisation).recent() if organisation else [],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "imports/index.html", context, status=status)


@administration_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run_for(request, pk)
    compare = preview_workbook if run.kind == WORKBOOK else preview_changes
    # A long file's preview is what the worker found; it is not read again here.
    changes = compare(run) if run.can_be_applied and not run.in_background else None
    context = {"run": run, "changes": changes}
    if changes is not None:
        context |= {
            "problems": changes.sorted_problems(),
            "summary": changes.summary(),
            "created": changes.of(Action.CREATE),
            "changed": changes.of(Action.CHANGE),
            "unchanged": changes.of(Action.UNCHANGED),
        }
    else:
        context |= {
            "problems": run.problems,
            "summary": run.summary,
            "background_changes_anything": any(
                counts.get("create") or counts.get("change") for counts in run.summary.values()
            ),
        }
    return render(request, "imports/preview.html", context)


@administration_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run_for(request, pk)
    if run.in_background:
        try:
            queue_import(confirm_in_background(run, request.user))
        except ImportRefused as error:
            messages.error(request, str(error))
        return redirect("imports:preview", pk=run.pk)
    try:
        confirm_run = confirm_workbook if run.kind == WORKBOOK else confirm_import
        result = confirm_run(run, request.user)
    except ImportRefused as error:
        messages.error(request, str(error))
        return redirect("imports:preview", pk=run.pk)
    if result.applied:
        messages.success(request, f"Imported {run.filename}.")
    else:
        messages.error(
            request,
            f"Nothing was imported: {run.filename} has problems with the data as it is now.",
        )
    return redirect("imports:preview", pk=run.pk)


@administration_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """How far a background import has gone: the part of its page that htmx asks for every
    few seconds. Once the worker is done, htmx reloads the page, which shows the outcome."""
    run = _run_for(request, pk)
    response = render(request, "imports/_progress.html", {"run": run})
    if not run.is_waiting and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@administration_required
def export(request: HttpRequest, kind: str, file_format: str) -> HttpResponse:
    if kind not in KINDS or file_format not in list(FileFormat):
        raise Http404("No such export.")
    organisation = chosen_organisation(request)
    if organisation is None:
        raise Http404("Choose an organisation.")
    content = export_file(organisation, kind, file_format)
    response = HttpResponse(content, content_type=MEDIA_TYPES[FileFormat(file_format)])
    filename = export_filename(organisation, kind, file_format)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@administration_required
def starter(request: HttpRequest) -> HttpResponse:
    """The starter workbook: a sheet per kind, with its columns and example rows."""
    organisation = chosen_organisation(request)
    start_month = organisation.financial_year_start_month if organisation else 4
    today = timezone.localdate()
    response = HttpResponse(
        starter_workbook(today, start_month), content_type=MEDIA_TYPES[FileFormat.XLSX]
    )
    filename = starter_filename(today, start_month)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
