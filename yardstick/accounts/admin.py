"""Admin for people: Django's user admin with the organisation, job title and roles.

Roles (memberships) decide what someone may do (accounts.access); Django's staff flag
decides nothing, so it is not shown. Only a superuser may make someone a superuser."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from yardstick.accounts.access import runs_the_deployment
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
    ]
    list_filter = [
        used("organisation"),
        "memberships__role",
        "is_superuser",
        "is_active",
    ]
    list_select_related = ["organisation"]
    search_fields = ["username", "first_name", "last_name", "email", "job_title"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:2],
        ("Organisation", {"fields": ["organisation", "job_title"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_superuser", "groups", "user_permissions"]},
        ),
        *DjangoUserAdmin.fieldsets[3:],
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (
            "Organisation",
            {"fields": ["first_name", "last_name", "email", "organisation", "job_title"]},
        ),
    ]
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not runs_the_deployment(request.user):
            fields.append("is_superuser")  # a superuser sees every organisation
        return fields


@admin.register(Membership)
class MembershipAdmin(OrganisationScopedAdmin, HistoryAdmin):
    list_display = ["user", "role", "unit", "partnership", "organisation"]
    list_filter = ["role", used("organisation")]
    list_select_related = ["user", "unit", "partnership", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "unit", "partnership"]
