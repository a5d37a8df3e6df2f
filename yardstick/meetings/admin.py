"""Administration of the bodies that meet. Meetings, the actions they agree and their updates
are written on the meetings pages, through `meetings.services` and its rules: here they are
read only."""

from __future__ import annotations

from django.contrib import admin

from yardstick.admin_base import HistoryAdmin, OrganisationScopedAdmin, ReadOnlyAdmin, used
from yardstick.meetings.models import (
    AgendaItem,
    AgreedAction,
    AgreedActionUpdate,
    Body,
    IssueForDecision,
    Meeting,
    Partner,
    PartnerPerson,
)


@admin.register(Body)
class BodyAdmin(OrganisationScopedAdmin, HistoryAdmin):
    list_display = ["name", "short_name", "kind", "unit", "partnership", "parent", "chair"]
    list_filter = ["kind", used("organisation")]
    list_select_related = ["unit", "partnership", "parent", "chair"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["chair"]
    filter_horizontal = ["members", "partners", "partner_members"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "partner_members" and self.scoped(request):
            # A partner's people have no organisation of their own: their partner's.
            field.queryset = field.queryset.filter(
                partner__organisation_id=request.user.organisation_id
            )
        return field


class PartnerPersonInline(admin.TabularInline):
    model = PartnerPerson
    fields = ["name", "job_title", "email"]
    extra = 0


@admin.register(Partner)
class PartnerAdmin(OrganisationScopedAdmin, HistoryAdmin):
    """Partner organisations and their people (who may have no Yardstick account)."""

    list_display = ["name", "sector"]
    list_filter = ["sector", used("organisation")]
    search_fields = ["name", "people__name"]
    inlines = [PartnerPersonInline]


@admin.register(Meeting)
class MeetingAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    organisation_path = "body__organisation"
    list_display = ["__str__", "starts_at", "place", "status"]
    list_filter = ["status", used("body")]
    list_select_related = ["body"]
    date_hierarchy = "starts_at"


@admin.register(AgreedAction)
class AgreedActionAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    list_display = ["__str__", "meeting", "owner", "owner_body", "owner_name", "due", "status"]
    list_filter = ["status", used("meeting__body")]
    list_select_related = ["meeting__body", "owner", "owner_body"]
    search_fields = ["text", "owner_name"]


@admin.register(AgreedActionUpdate)
class AgreedActionUpdateAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    organisation_path = "action__organisation"
    list_display = ["__str__", "status", "written_at", "written_by"]
    list_select_related = ["action", "written_by"]


@admin.register(AgendaItem)
class AgendaItemAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    organisation_path = "meeting__body__organisation"
    list_display = ["__str__", "meeting", "position", "presenter"]
    list_select_related = ["meeting__body"]


@admin.register(IssueForDecision)
class IssueForDecisionAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    organisation_path = "meeting__body__organisation"
    list_display = ["__str__", "meeting", "decided_on"]
    list_select_related = ["meeting__body"]
    search_fields = ["title", "question", "decision"]
