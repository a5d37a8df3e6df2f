from django.contrib import admin

from yardstick.admin_base import OrganisationScopedAdmin, ReadOnlyAdmin
from yardstick.reports.models import DocumentRequest, KeptDocument


@admin.register(KeptDocument)
class KeptDocumentAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    """The documents kept for published periods, read-only: the worker writes them, and
    renders them again when a period's figures are corrected."""

    list_display = ["period", "format", "filename", "size", "rendered_at", "version", "file"]
    list_filter = ["format"]
    readonly_fields = list_display
    date_hierarchy = "rendered_at"

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
