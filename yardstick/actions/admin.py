"""Admin for key actions (the plan's key projects and initiatives) and their progress."""

from __future__ import annotations

from django.contrib import admin

from yardstick.actions.models import ActionUpdate, KeyAction, Milestone, Programme
from yardstick.admin_base import ChoicesOncePerPage, HistoryAdmin, OrganisationScopedAdmin, used
from yardstick.framework.admin import ThemeChoicesMixin, theme_filter
from yardstick.framework.models import Period


class UpdateInline(ChoicesOncePerPage, admin.TabularInline):
    model = ActionUpdate
    fields = ["period", "status", "progress", "entered_by"]
    readonly_fields = ["entered_by"]
    extra = 0

    def limit_choices(self, name, queryset, parent):
        if name == "period":
            if parent is None:
                return queryset.none()
            return Period.objects.filter(organisation_id=parent.organisation_id)
        return queryset

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("action", "period", "entered_by")


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ["position", "title", "planned", "actual"]
    extra = 0


@admin.register(KeyAction)
class KeyActionAdmin(OrganisationScopedAdmin, ThemeChoicesMixin, HistoryAdmin):
    list_display = ["code", "__str__", "theme", "programme", "owner", "due_date", "status"]
    list_display_links = ["code", "__str__"]
    list_filter = ["status", theme_filter("theme"), used("organisation")]
    list_select_related = ["theme", "owner"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["owner", "programme", "unit"]
    readonly_fields = ["percent_complete", "closed_on"]
    inlines = [MilestoneInline, UpdateInline]

    def before_inline_save(self, request, obj):
        if isinstance(obj, ActionUpdate) and obj.entered_by_id is None:
            obj.entered_by = request.user


@admin.register(ActionUpdate)
class ActionUpdateAdmin(OrganisationScopedAdmin, HistoryAdmin):
    organisation_path = "action__organisation"
    list_display = ["__str__", "period", "status", "state", "entered_by"]
    list_filter = ["status", "state", theme_filter("action__theme"), used("period")]
    list_select_related = ["action", "period", "entered_by"]
    search_fields = ["action__code", "action__title", "progress"]
    autocomplete_fields = ["action", "period"]
    readonly_fields = ["entered_by"]

    def save_model(self, request, obj, form, change):
        if obj.entered_by_id is None:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Programme)
class ProgrammeAdmin(OrganisationScopedAdmin, HistoryAdmin):
    list_display = ["__str__", "lead", "position"]
    list_select_related = ["parent", "lead"]
    search_fields = ["name"]
    autocomplete_fields = ["lead", "parent"]
