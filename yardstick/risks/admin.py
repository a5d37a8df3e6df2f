"""Administration of the risk scale and the registers (the performance team). Risks, their
controls, further actions and reviews are written on the risk pages, through
`risks.services` and its rules: here they are read only."""

from __future__ import annotations

from django.contrib import admin

from yardstick.admin_base import (
    ADDED,
    CHANGED,
    HistoryAdmin,
    OrganisationScopedAdmin,
    ReadOnlyAdmin,
    ReasonForm,
    reason_from,
    used,
)
from yardstick.risks import services
from yardstick.risks.models import (
    Control,
    FurtherAction,
    Register,
    Risk,
    RiskReview,
    RiskScale,
)


class RefusalsForm(ReasonForm):
    """A change form that also asks the service's rules, and shows their words."""

    check = staticmethod(lambda instance: None)

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            type(self).check(self.instance)
        except services.RiskRefused as refused:
            field = refused.field if refused.field in self.fields else None
            self.add_error(field, refused.message)


class RegisterForm(RefusalsForm):
    check = staticmethod(services.check_register)


class ScaleForm(RefusalsForm):
    check = staticmethod(services.check_scale)


@admin.register(RiskScale)
class RiskScaleAdmin(OrganisationScopedAdmin, HistoryAdmin):
    form = ScaleForm
    list_display = ["__str__", "size", "appetite"]

    def save_model(self, request, obj, form, change):
        services.save_scale(
            obj, request.user, reason=reason_from(form, CHANGED if change else ADDED)
        )


@admin.register(Register)
class RegisterAdmin(OrganisationScopedAdmin, HistoryAdmin):
    form = RegisterForm
    list_display = ["title", "code", "kind", "unit", "body", "partnership"]
    list_filter = ["kind", used("organisation")]
    list_select_related = ["unit", "body", "partnership"]
    search_fields = ["title", "code"]

    def save_model(self, request, obj, form, change):
        services.save_register(
            obj, request.user, reason=reason_from(form, CHANGED if change else ADDED)
        )


@admin.register(Risk)
class RiskAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    organisation_path = "register__organisation"
    list_display = ["reference", "title", "register", "owner", "status", "review_date"]
    list_filter = ["status", "category", used("register")]
    list_select_related = ["register", "owner"]
    search_fields = ["reference", "title"]


@admin.register(Control)
class ControlAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    organisation_path = "risk__register__organisation"
    list_display = ["__str__", "risk", "owner", "added_on"]
    list_select_related = ["risk", "owner"]


@admin.register(FurtherAction)
class FurtherActionAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    organisation_path = "risk__register__organisation"
    list_display = ["__str__", "risk", "owner", "due", "status"]
    list_filter = ["status"]
    list_select_related = ["risk", "owner"]


@admin.register(RiskReview)
class RiskReviewAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    organisation_path = "risk__register__organisation"
    list_display = ["__str__", "reviewer", "likelihood", "impact", "next_review"]
    list_select_related = ["risk", "reviewer"]
