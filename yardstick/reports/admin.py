from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from yardstick.admin_base import OrganisationScopedAdmin, ReadOnlyAdmin
from yardstick.reports.lookup import period_slug
from yardstick.reports.models import DocumentRequest, KeptDocument


@admin.register(KeptDocument)
class KeptDocumentAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    """The documents kept for published periods, read-only: the worker writes them, and
    renders them again when a period's figures are corrected."""

    list_display = ["period", "format", "filename", "size", "rendered_at", "version", "download"]
    list_filter = ["format"]
    readonly_fields = fields = ["organisation", *list_display, "stored_as"]
    date_hierarchy = "rendered_at"

    @admin.display(description="Download")
    def download(self, kept: KeptDocument) -> str:
        """The report's download page, which serves this file to whoever may read it: the
        files under MEDIA_ROOT are never served directly."""
        url = reverse("reports:download", args=[period_slug(kept.period), kept.format])
        return format_html('<a href="{}">{}</a>', url, kept.filename)

    @admin.display(description="Stored as (under MEDIA_ROOT)")
    def stored_as(self, kept: KeptDocument) -> str:
        return kept.file.name

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("period", "period__organisation")


@admin.register(DocumentRequest)
class DocumentRequestAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    """Renders of a period's documents asked for (by publishing, a correction or a download),
    read-only: one per period and version, with its background job."""

    list_display = ["period", "version", "requested_at", "job_id", "done_at"]
    readonly_fields = list_display

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("period", "period__organisation")
