"""Admin for the framework: periods, plans, themes and priorities, and theme summaries.

Publishing a period is done on the publishing page (collection), where the rules for it live;
the annual refresh is an action of the scorecards' admin (it copies scorecards too)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from yardstick.admin_base import (
    ChoicesOncePerPage,
    HistoryAdmin,
    OrganisationScopedAdmin,
    ReadOnlyAdmin,
    every_organisation,
    used,
)
from yardstick.framework.models import Period, Plan, Theme, ThemeSummary
from yardstick.organisations.admin import directorate_filter


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def theme_label(theme: Theme) -> str:
    """A theme with its year, since each year's framework repeats last year's titles."""
    return f"{theme.title} ({theme.plan.year_label})"


def theme_choices(field: forms.ModelChoiceField | None) -> forms.ModelChoiceField | None:
    """A theme select (or multi-select) that names each theme with its year."""
    if field is not None:
        field.queryset = field.queryset.select_related("plan__organisation").order_by(
            "-plan__financial_year", "plan__title", "position", "title"
        )
        field.label_from_instance = theme_label
    return field


class ThemeChoicesMixin:
    """Every theme select on this admin's pages names the theme's year, and offers only the
    person's own organisation's themes (every organisation's to a superuser)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self._themes(field, request) if db_field.related_model is Theme else field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._themes(field, request) if db_field.related_model is Theme else field

    def _themes(self, field, request):
        field = theme_choices(field)
        if field is not None and not every_organisation(self.admin_site, request):
            organisation = request.user.organisation_id
            field.queryset = field.queryset.filter(plan__organisation_id=organisation)
        return field


def theme_filter(theme_path: str) -> type[admin.SimpleListFilter]:
    """A list filter by theme for rows whose theme is at `theme_path` ("themes", "theme"):
    the theme itself and the priorities under it."""

    class ThemeFilter(admin.SimpleListFilter):
        title = "theme"
        parameter_name = "theme"

        def lookups(self, request, model_admin):
            themes = Theme.objects.select_related("plan__organisation").order_by(
                "-plan__financial_year", "plan__title", "position", "title"
            )
            if not every_organisation(model_admin.admin_site, request):
                themes = themes.filter(plan__organisation_id=request.user.organisation_id)
            return [(theme.pk, theme_label(theme)) for theme in themes]

        def queryset(self, request, queryset):
            chosen = self.value()
            if chosen is None:
                return queryset
            matching = queryset.model._default_manager.filter(**{theme_path: chosen}).values(
                "pk"
            ) | queryset.model._default_manager.filter(**{f"{theme_path}__parent": chosen}).values(
                "pk"
            )
            return queryset.filter(pk__in=matching)  # no duplicate rows through the M2M

    return ThemeFilter


def confirm(request, model_admin, queryset, *, action: str, title: str, question: str, items):
    """The page asking to confirm an action on the selected rows; posting it runs the action."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "question": question,
        "items": items,
        "action": action,
        "selected": [str(pk) for pk in queryset.values_list("pk", flat=True)],
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "opts": model_admin.model._meta,
        "select_across": request.POST.get("select_across", "0"),
    }
    return TemplateResponse(request, "admin/framework/confirm_action.html", context)


@admin.register(Period)
class PeriodAdmin(OrganisationScopedAdmin, HistoryAdmin):
    list_display = [
        "label",
        "type",
        "start",
        "end",
        "deadline",
        "status",
        "published_at",
        "publishing",
    ]
    list_filter = ["status", "type", used("organisation")]
    list_select_related = ["organisation"]
    search_fields = ["label", "key"]
    readonly_fields = ["status", "published_at", "published_by"]
    date_hierarchy = "start"

    def revert_disabled(self, request, obj=None):
        return True  # publishing is a service with its ratings; never undone from history

    @admin.display(description="publish")
    def publishing(self, period: Period) -> str:
        """Publishing has one door, the publishing page, where its rules are checked."""
        if period.is_published:
            return ""
        url = reverse("collection:publish_period", args=[period.pk])
        return format_html('<a href="{}">Check and publish</a>', url)


class ThemeInline(ChoicesOncePerPage, ThemeChoicesMixin, admin.TabularInline):
    model = Theme
    fields = ["position", "code", "title", "kind", "parent"]
    extra = 0
    show_change_link = True

    def limit_choices(self, name, queryset, parent):
        if name == "parent":
            return queryset.filter(plan=parent) if parent is not None else queryset.none()
        return queryset

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan__organisation")


@admin.register(Plan)
class PlanAdmin(OrganisationScopedAdmin, HistoryAdmin):
    list_display = ["title", "year", "horizon", "kind", "code", "unit", "parent", "organisation"]
    list_filter = ["financial_year", "kind", directorate_filter("unit"), used("organisation")]
    list_select_related = ["unit", "parent", "organisation"]
    search_fields = ["title", "code", "description"]
    autocomplete_fields = ["parent", "unit"]
    inlines = [ThemeInline]

    @admin.display(description="year", ordering="financial_year")
    def year(self, plan: Plan) -> str:
        return plan.year_label

    @admin.display(description="horizon")
    def horizon(self, plan: Plan) -> str:
        return plan.horizon_label


@admin.register(Theme)
class ThemeAdmin(OrganisationScopedAdmin, ThemeChoicesMixin, HistoryAdmin):
    organisation_path = "plan__organisation"
    list_display = ["title", "code", "kind", "plan", "parent", "position", "portfolio_holder"]
    list_filter = ["plan__financial_year", "kind", "plan__kind", used("plan__organisation")]
    list_select_related = ["plan__organisation", "parent", "portfolio_holder"]
    search_fields = ["title", "code", "description", "plan__title"]
    autocomplete_fields = ["plan", "portfolio_holder", "lead_officer"]


@admin.register(ThemeSummary)
class ThemeSummaryAdmin(ReadOnlyAdmin, OrganisationScopedAdmin, ThemeChoicesMixin, HistoryAdmin):
    """Read only: achievements are written, submitted and signed off in the app (the report's
    text page, reports:narrative), where the rules are."""

    organisation_path = "theme__plan__organisation"
    list_display = ["__str__", "theme", "period", "state"]
    list_filter = [theme_filter("theme"), used("period")]
    list_select_related = ["theme", "period"]
    search_fields = ["theme__title", "achievements"]
    autocomplete_fields = ["period"]
