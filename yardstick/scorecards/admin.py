"""Admin for scorecards, their sections and the measures on them."""

from __future__ import annotations

from django.contrib import admin

from yardstick.accounts.admin_scope import OrganisationScopedAdmin
from yardstick.admin_base import ChoicesOncePerPage, HistoryAdmin, used
from yardstick.framework.admin import ThemeChoicesMixin, theme_filter
from yardstick.measures.models import Measure
from yardstick.organisations.admin import directorate_filter
from yardstick.scorecards.models import Scorecard, ScorecardEntry, ScorecardSection


class SectionInline(admin.TabularInline):
    model = ScorecardSection
    fields = ["position", "title"]
    extra = 0


class EntryInline(ChoicesOncePerPage, admin.TabularInline):
    model = ScorecardEntry
    fields = ["position", "number", "measure", "section"]
    extra = 0

    def limit_choices(self, name, queryset, parent):
        if parent is None:
            return queryset.none()
        if name == "section":
            return queryset.filter(scorecard=parent)
        if name == "measure":
            return Measure.objects.in_organisation(parent.organisation_id)
        return queryset

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("scorecard", "measure")


@admin.register(Scorecard)
class ScorecardAdmin(OrganisationScopedAdmin, ThemeChoicesMixin, HistoryAdmin):
    list_display = ["title", "kind", "financial_year", "theme", "unit", "partnership"]
    list_filter = [
        "financial_year",
        "kind",
        theme_filter("theme"),
        directorate_filter("unit"),
        used("organisation"),
    ]
    list_select_related = ["theme", "unit", "partnership"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["unit", "partnership"]
    inlines = [SectionInline, EntryInline]


@admin.register(ScorecardSection)
class ScorecardSectionAdmin(OrganisationScopedAdmin, HistoryAdmin):
    organisation_path = "scorecard__organisation"
    list_display = ["title", "scorecard", "position"]
    list_filter = ["scorecard__financial_year", used("scorecard")]
    list_select_related = ["scorecard"]
    search_fields = ["title", "scorecard__title"]
    autocomplete_fields = ["scorecard"]


@admin.register(ScorecardEntry)
class ScorecardEntryAdmin(OrganisationScopedAdmin, HistoryAdmin):
    organisation_path = "scorecard__organisation"
    list_display = ["measure", "scorecard", "number", "section", "position"]
    list_filter = [
        "scorecard__financial_year",
        theme_filter("measure__themes"),
        directorate_filter("measure__unit"),
        used("scorecard"),
    ]
    list_select_related = ["measure", "scorecard", "section"]
    search_fields = ["measure__code", "measure__title", "scorecard__title", "number"]
    autocomplete_fields = ["scorecard", "measure", "section"]
