"""Administration of scrutiny reviews and their recommendations, for the performance team:
every save goes through `scrutiny.services` (its rules shown against the field, its history
with the reason given). Updates, questions and reminders are written on the pages and by
`send_reminders`: here they are read only."""

from __future__ import annotations

from django.contrib import admin
from django.forms.models import construct_instance

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
from yardstick.scrutiny import services
from yardstick.scrutiny.models import (
    FollowUpReminder,
    Question,
    Recommendation,
    RecommendationUpdate,
    Review,
)


class CheckedForm(ReasonForm):
    """A model form whose values are judged by the service's check before saving."""

    def check(self, instance) -> None:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        instance = construct_instance(self, self.instance)
        try:
            self.check(instance)
        except services.Refused as refused:
            field = refused.field if refused.field in self.fields else None
            self.add_error(field, refused.message)
        return cleaned


class ReviewForm(CheckedForm):
    def check(self, instance) -> None:
        if instance.organisation_id is not None and instance.body_id is not None:
            services.check_review(instance)


class RecommendationForm(CheckedForm):
    def check(self, instance) -> None:
        if instance.review_id is not None:
            concerns = {name: self.cleaned_data.get(name) or () for name in services.CONCERNS}
            services.check_recommendation(instance, concerns)


@admin.register(Review)
class ReviewAdmin(OrganisationScopedAdmin, HistoryAdmin):
    form = ReviewForm
    list_display = ["title", "body", "status", "started_on", "ended_on"]
    list_filter = ["status", used("organisation")]
    list_select_related = ["body"]
    search_fields = ["title"]
    filter_horizontal = ["members"]

    def save_model(self, request, obj, form, change):
        services.save_review(
            obj,
            request.user,
            reason=reason_from(form, CHANGED if change else ADDED),
            members=list(form.cleaned_data.get("members") or []),
        )

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change)


@admin.register(Recommendation)
class RecommendationAdmin(OrganisationScopedAdmin, HistoryAdmin):
    organisation_path = "review__organisation"
    form = RecommendationForm
    list_display = ["__str__", "review", "unit", "level", "response", "status", "officer"]
    list_filter = ["status", "response", "level", used("review")]
    list_select_related = ["review", "unit", "officer"]
    search_fields = ["text", "response_text"]
    autocomplete_fields = ["officer"]
    filter_horizontal = ["measures", "plans", "themes", "key_actions"]
    readonly_fields = ["closed_on"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is None or not self.scoped(request):
            return field
        mine = request.user.organisation_id
        if db_field.name == "review":
            field.queryset = field.queryset.filter(organisation_id=mine)
        elif db_field.name == "source_meeting":
            field.queryset = field.queryset.filter(body__organisation_id=mine)
        elif db_field.name == "agenda_item":
            field.queryset = field.queryset.filter(meeting__body__organisation_id=mine)
        return field

    def save_model(self, request, obj, form, change):
        services.save_recommendation(
            obj,
            request.user,
            reason=reason_from(form, CHANGED if change else ADDED),
            concerns={name: list(form.cleaned_data.get(name) or []) for name in services.CONCERNS},
        )

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change)


@admin.register(RecommendationUpdate)
class RecommendationUpdateAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    organisation_path = "recommendation__review__organisation"
    list_display = ["__str__", "dated", "written_by"]
    list_select_related = ["recommendation", "written_by"]


@admin.register(Question)
class QuestionAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    organisation_path = "recommendation__review__organisation"
    list_display = ["__str__", "asked_by", "asked_at", "meeting"]
    list_select_related = ["asked_by", "meeting"]


@admin.register(FollowUpReminder)
class FollowUpReminderAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    organisation_path = "recommendation__review__organisation"
    list_display = ["__str__", "due", "recipient", "sent_at"]
    list_select_related = ["recommendation", "recipient"]
