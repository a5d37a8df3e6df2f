"""Packs are built and published on the pack builder, through `packs.services`: here they are
read only."""

from __future__ import annotations

from django.contrib import admin

from yardstick.admin_base import OrganisationScopedAdmin, ReadOnlyAdmin
from yardstick.packs.models import Pack, PackDocument


@admin.register(Pack)
class PackAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    organisation_path = "meeting__body__organisation"
    list_display = ["__str__", "period", "published_at"]
    list_select_related = ["meeting__body", "period"]
    exclude = ["snapshot"]


@admin.register(PackDocument)
class PackDocumentAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    organisation_path = "pack__meeting__body__organisation"
    list_display = ["filename", "format", "size", "rendered_at"]
    list_select_related = ["pack"]
    exclude = ["file"]  # served by the pack's download page, never straight from storage
