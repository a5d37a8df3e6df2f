"""Admin for the council, its organisation tree and its partnerships."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q

from yardstick.admin_base import (
    HistoryAdmin,
    OrganisationScopedAdmin,
    every_organisation,
    used,
)
from yardstick.organisations.models import Organisation, OrganisationUnit, Partnership


def directorate_filter(unit_path: str) -> type[admin.SimpleListFilter]:
    """A list filter by directorate for rows whose unit is at `unit_path` ("unit",
    "measure__unit", or "" for units themselves): the directorate itself and the services
    and teams under it."""
    prefix = f"{unit_path}__" if unit_path else ""

    class DirectorateFilter(admin.SimpleListFilter):
        title = "directorate"
        parameter_name = "directorate"

        def lookups(self, request, model_admin):
            directorates = OrganisationUnit.objects.directorates().select_related("organisation")
            if not every_organisation(model_admin.admin_site, request):
                directorates = directorates.filter(organisation_id=request.user.organisation_id)
            directorates = list(directorates)
            several = len({unit.organisation_id for unit in directorates}) > 1
            return [
                (unit.pk, f"{unit.name} ({unit.organisation})" if several else unit.name)
                for unit in directorates
            ]

        def queryset(self, request, queryset):
            chosen = self.value()
            if chosen is None:
                return queryset
            # The tree is directorate > service > team, so three steps reach any unit.
            under = (
                Q(**{unit_path or "pk": chosen})
                | Q(**{f"{prefix}parent": chosen})
                | Q(**{f"{prefix}parent__parent": chosen})
            )
            return queryset.filter(under)

    return DirectorateFilter


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = [
        "name",
        "slug",
        "financial_year_start_month",
        "bank_holidays",
        "area_code",
        "share_for_benchmarking",
    ]
    search_fields = ["name", "slug"]
    # Chosen on the collection deadlines page, which re-counts the open periods' deadlines.
    readonly_fields = ["bank_holidays"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        """The team sees its own organisation; a superuser sees every one."""
        queryset = super().get_queryset(request)
        if every_organisation(self.admin_site, request):
            return queryset
        return queryset.filter(pk=request.user.organisation_id)


@admin.register(OrganisationUnit)
class OrganisationUnitAdmin(OrganisationScopedAdmin, HistoryAdmin):
    list_display = ["name", "code", "kind", "parent", "head", "organisation"]
    list_filter = ["kind", directorate_filter(""), used("organisation")]
    list_select_related = ["parent", "head", "organisation"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "head"]


@admin.register(Partnership)
class PartnershipAdmin(OrganisationScopedAdmin, HistoryAdmin):
    list_display = ["name", "code", "organisation"]
    list_filter = [used("organisation")]
    list_select_related = ["organisation"]
    search_fields = ["name", "code", "description"]
    autocomplete_fields = ["members"]
