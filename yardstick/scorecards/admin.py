"""Admin for scorecards, their sections and the measures on them, and the annual refresh
(next year's framework, with its scorecards, from this year's)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import admin, messages

from yardstick.admin_base import ChoicesOncePerPage, HistoryAdmin, OrganisationScopedAdmin, used
from yardstick.core.periods import year_label
from yardstick.framework.admin import ThemeChoicesMixin, confirm, counted, theme_filter
from yardstick.framework.models import Theme
from yardstick.framework.services import FrameworkError
from yardstick.measures.models import Measure
from yardstick.organisations.admin import directorate_filter
from yardstick.scorecards.models import Scorecard, ScorecardEntry, ScorecardSection
from yardstick.scorecards.services import create_next_year


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
    actions = ["next_year"]

    @admin.action(
        description="Create next year's framework from these scorecards' year",
        permissions=["add"],
    )
    def next_year(self, request, queryset):
        years: dict[tuple, list[Scorecard]] = defaultdict(list)
        for scorecard in queryset.select_related("organisation"):
            years[(scorecard.organisation, scorecard.financial_year)].append(scorecard)
        if request.POST.get("confirmed") != "yes":
            return confirm(
                request,
                self,
                queryset,
                action="next_year",
                title="Create next year's framework",
                question="Create next year's framework from these scorecards' year? Every plan and "
                "theme of the year is copied, its scorecards too, and its active measures are "
                "carried forward with no targets yet.",
                items=[
                    f"{organisation}: {year_label(year, organisation.financial_year_start_month)}"
                    f" to {year_label(year + 1, organisation.financial_year_start_month)}"
                    for organisation, year in sorted(years, key=lambda k: (str(k[0]), k[1]))
                ],
            )
        for organisation, year in sorted(years, key=lambda k: (str(k[0]), k[1])):
            start_month = organisation.financial_year_start_month
            try:
                plans = create_next_year(organisation, year, request.user)
            except FrameworkError as error:
                self.message_user(request, f"{organisation}: {error}", messages.ERROR)
                continue
            themes = Theme.objects.filter(plan__in=plans)
            measures = (
                Theme.measures.through.objects.filter(theme__in=themes)
                .values("measure_id")
                .distinct()
                .count()
            )
            scorecards = organisation.scorecards.filter(financial_year=year + 1).count()
            self.message_user(
                request,
                f"{organisation}: the {year_label(year + 1, start_month)} framework is created "
                f"from {year_label(year, start_month)}: {counted(len(plans), 'plan')}, "
                f"{counted(themes.count(), 'theme')} and {counted(scorecards, 'scorecard')}; "
                f"{counted(measures, 'active measure')} carried forward, with targets to set.",
                messages.SUCCESS,
            )
        return None


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
