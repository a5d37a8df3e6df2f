"""Keep the administration within one organisation.

Mix `OrganisationScopedAdmin` into a ModelAdmin (before the admin class) and name the path
from the model to its organisation:

    class MeasureAdmin(OrganisationScopedAdmin, HistoryAdmin):
        organisation_path = "organisation"          # Figure: "measure__organisation"

A superuser sees everything. Other staff see, open and change only rows of their own
organisation (a row of another is "not found"), and the selects of foreign keys offer only
their own organisation's rows where those models have an organisation.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist


def organisation_path_of(model) -> str | None:
    """'organisation' when the model has that field; None otherwise."""
    try:
        model._meta.get_field("organisation")
    except FieldDoesNotExist:
        return None
    return "organisation"


class OrganisationScopedAdmin:
    organisation_path: str = "organisation"

    def scoped(self, request) -> bool:
        return not request.user.is_superuser

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
