"""What every Yardstick admin page shares: history with a reason, and inline selects that
read their choices once per page rather than once per row.

Each app's admin.py builds on these. The admin is for the performance team: its site
(yardstick/accounts/admin_site.py) asks accounts.access who gets in and who sees every
organisation; changes made in it land in the same simple-history tables as changes
made through the services, with the person, the time and the reason.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateformat import format as format_date
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

ADDED = "Added in the administration"
CHANGED = "Changed in the administration"
DELETED = "Deleted in the administration"


class ReasonForm(forms.ModelForm):
    """A model form with a 'reason for the change', kept in the history."""

    change_reason = forms.CharField(
        label="Reason for the change",
        required=False,
        max_length=100,
        help_text="Kept in the history with your name and the time.",
    )


def reason_from(form: forms.Form | None, default: str) -> str:
    cleaned = getattr(form, "cleaned_data", None) or {}
    return (cleaned.get("change_reason") or "").strip() or default


class ReadableChanges(HistoricalRecordContextHelper):
    """The History page's "changes" column as a person reads it: '70 -> 80', not
    '70.000000 -> 80.000000'; a choice's label, not its code."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.is_relation:
            return super().prepare_delta_change_value(change, value)
        return printed_value(field, value) or "(blank)"


class HistoryAdmin(SimpleHistoryAdmin):
    """A model admin whose History page shows who changed what, when, from what to what and
    why, and whose change form asks for the reason."""

    form = ReasonForm

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = {name for _, options in fieldsets for name in _flatten(options["fields"])}
        if not self.has_change_permission(request, obj) and obj is not None:
            # Read-only: there is nothing to give a reason for.
            return [
                (title, {**options, "fields": _without(options["fields"], "change_reason")})
                for title, options in fieldsets
            ]
        if "change_reason" not in names:
            fieldsets = [*fieldsets, ("History", {"fields": ["change_reason"]})]
        return fieldsets

    def save_model(self, request, obj, form, change):
        obj._change_reason = reason_from(form, CHANGED if change else ADDED)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        obj._change_reason = DELETED
        obj._history_user = request.user
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:  # one at a time, so each deletion is in the history
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        """Inline rows are saved with the parent's reason for the change."""
        reason = reason_from(form, CHANGED if change else ADDED)
        for obj in formset.save(commit=False):
            obj._change_reason = reason
            obj._history_user = request.user
            self.before_inline_save(request, obj)
            obj.save()
        for obj in formset.deleted_objects:
            obj._change_reason = reason
            obj._history_user = request.user
            obj.delete()
        formset.save_m2m()

    def before_inline_save(self, request, obj) -> None:
        """A hook for an admin to stamp an inline row before it is saved."""


class ChoicesOncePerPage:
    """For inlines: every select reads its choices once for the page, not once per row.

    `limit_choices(name, queryset, parent)` narrows a select to what fits the parent
    object (a measure's own organisation's periods, a scorecard's own sections).
    """

    def limit_choices(self, name: str, queryset, parent):
        return queryset

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        for name, field in formset.form.base_fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if not isinstance(field, forms.ModelChoiceField) or not isinstance(
                widget, forms.Select
            ):
                continue
            if isinstance(widget, AutocompleteMixin):
                continue
            field.queryset = self.limit_choices(name, field.queryset, obj)
            choices = [(row.pk, field.label_from_instance(row)) for row in field.queryset]
            if not isinstance(field, forms.ModelMultipleChoiceField) and field.empty_label:
                choices.insert(0, ("", field.empty_label))
            field.choices = choices
        return formset


def used(field_path: str) -> tuple:
    """A list filter on a foreign key offering only the rows the list uses (so another
    organisation's periods or scorecards are never offered, and the list is short)."""
    return (field_path, admin.RelatedOnlyFieldListFilter)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that are kept, never edited (a rating as reported): view only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _flatten(fields) -> list[str]:
    flat = []
    for name in fields:
        flat.extend(name if isinstance(name, list | tuple) else [name])
    return flat


def _without(fields, unwanted: str) -> list:
    return [name for name in fields if name != unwanted]


def printed_value(field, value) -> str:
    """A field's value as a person reads it: a choice's label, '75' not '75.000000', 'Yes',
    '1 Apr 2018'; blank is ''. Related rows are named by the caller."""
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text if "." not in text else text.rstrip("0").rstrip(".")
    if isinstance(value, datetime):
        return format_date(timezone.localtime(value), "j M Y H:i")
    if isinstance(value, date):
        return format_date(value, "j M Y")
    return str(value)


# Keeping the administration within one organisation.
#
# Mix `OrganisationScopedAdmin` into a ModelAdmin (before the admin class) and name the path
# from the model to its organisation:
#
#     class MeasureAdmin(OrganisationScopedAdmin, HistoryAdmin):
#         organisation_path = "organisation"          # Figure: "measure__organisation"
#
# A superuser sees everything. The performance team sees, opens and changes only rows of its
# own organisation (a row of another is "not found"), and the selects of foreign keys offer
# only its own organisation's rows where those models have an organisation. Who sees every
# organisation is the admin site's answer (`every_organisation`), which asks accounts.access.


def organisation_path_of(model) -> str | None:
    """'organisation' when the model has that field; None otherwise."""
    try:
        model._meta.get_field("organisation")
    except FieldDoesNotExist:
        return None
    return "organisation"


def every_organisation(admin_site, request) -> bool:
    """Whether the admin shows this person every organisation's rows: the site decides
    (YardstickAdminSite.sees_every_organisation, from accounts.access)."""
    return admin_site.sees_every_organisation(request)


class OrganisationScopedAdmin:
    organisation_path: str = "organisation"

    def scoped(self, request) -> bool:
        return not every_organisation(self.admin_site, request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not self.scoped(request):
            return queryset
        if request.user.organisation_id is None:
            return queryset.none()
        return queryset.filter(**{f"{self.organisation_path}_id": request.user.organisation_id})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        self._limit(field, db_field, request)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        self._limit(field, db_field, request)
        return field

    def _limit(self, field, db_field, request) -> None:
        if field is None or not self.scoped(request):
            return
        related = db_field.related_model
        if related._meta.label_lower == "organisations.organisation":
            field.queryset = field.queryset.filter(pk=request.user.organisation_id)
        elif related._meta.label_lower == "accounts.user" or organisation_path_of(related):
            field.queryset = field.queryset.filter(organisation_id=request.user.organisation_id)
