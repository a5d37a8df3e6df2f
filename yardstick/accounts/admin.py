"""Admin for people: Django's user admin with the organisation, job title and roles."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from yardstick.accounts.models import Membership, User
from yardstick.admin_base import ChoicesOncePerPage, HistoryAdmin, OrganisationScopedAdmin, used


class MembershipInline(OrganisationScopedAdmin, ChoicesOncePerPage, admin.TabularInline):
    model = Membership
    fk_name = "user"
    fields = ["organisation", "role", "unit", "partnership"]
    extra = 0

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user", "organisation", "unit", "partnership")
        )


@admin.register(User)
class UserAdmin(OrganisationScopedAdmin, DjangoUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "job_title",
        "organisation",
        "email",
        "is_staff",
    ]
    list_filter = [
        used("organisation"),
        "memberships__role",
        "is_staff",
        "is_superuser",
        "is_active",
    ]
    list_select_related = ["organisation"]
    search_fields = ["username", "first_name", "last_name", "email", "job_title"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:2],
        ("Organisation", {"fields": ["organisation", "job_title"]}),
        *DjangoUserAdmin.fieldsets[2:],
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (
            "Organisation",
            {"fields": ["first_name", "last_name", "email", "organisation", "job_title"]},
        ),
    ]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(OrganisationScopedAdmin, HistoryAdmin):
    list_display = ["user", "role", "unit", "partnership", "organisation"]
    list_filter = ["role", used("organisation")]
    list_select_related = ["user", "unit", "partnership", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "unit", "partnership"]
