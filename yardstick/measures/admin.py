"""Admin for measures, with their targets and figures inline, each one's history, a measure's
full history, and the ratings as reported (view only)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from yardstick.admin_base import (
    ChoicesOncePerPage,
    HistoryAdmin,
    OrganisationScopedAdmin,
    ReadOnlyAdmin,
    ReasonForm,
    used,
)
from yardstick.framework.admin import ThemeChoicesMixin, theme_filter
from yardstick.framework.models import Period
from yardstick.measures.models import TARGET_FIELDS, Figure, Measure, ReportedRating, Target
from yardstick.measures.queries import measure_history
from yardstick.organisations.admin import directorate_filter

TOLERANCE_LABELS = {
    "high_green_threshold": "High green from (% better than target)",
    "amber_threshold": "Amber within (% off target)",
    "low_red_threshold": "Low red within (% off target)",
    "absolute_tolerance": "Tolerance for a zero target (in the measure's units)",
}


class MeasureForm(ReasonForm):
    class Meta:
        model = Measure
        fields = "__all__"
        labels = {
            **TOLERANCE_LABELS,
            "code": "Reference",
            "decimals": "Decimal places",
            "rate_per": "Rate per",
            "scheme": "Tolerance scheme",
            "minimum": "Lowest valid figure",
            "maximum": "Highest valid figure",
            "reporting_lag_months": "Reporting lag (months)",
            "indicator_type": "National, local or proxy",
        }


class TargetForm(ReasonForm):
    class Meta:
        model = Target
        fields = "__all__"
        labels = {
            **TOLERANCE_LABELS,
            "value": "Target",
            "low": "Range from",
            "high": "Range to",
            "change_amount": "Change on last year (amount)",
            "change_percent": "Change on last year (%)",
            "change_direction": "Change on last year worded as",
            "scheme": "Tolerance scheme (blank: the measure's)",
        }


class FigureForm(ReasonForm):
    """A figure in the admin: refused for a published period (a correction goes through
    the correction service, which restates the rating), and refused if someone else saved
    the figure since this page was opened."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Figure
        fields = "__all__"
        labels = {
            "value": "Figure",
            "decimals": "Decimal places as reported",
            "missing_state": "No figure because",
            "data_covers_start": "Data covers from",
            "data_covers_end": "Data covers to",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if not self.has_changed():
            return cleaned
        periods = {cleaned.get("period")}
        if self.instance.pk:
            periods.add(self.instance.period)
        for period in periods - {None}:
            if period.is_published:
                raise forms.ValidationError(
                    f"{period.label} is published and locked: a correction after publishing "
                    "is made by the performance team with a reason, and restates the rating."
                )
        opened = cleaned.get("opened_version")
        if self.instance.pk and opened is not None and opened != self.instance.version:
            raise forms.ValidationError(
                f"{self.instance.entered_by or 'Someone'} changed this figure since you opened "
                f"it (it now reads {self.instance.value}); reload the page to see their figure."
            )
        return cleaned


def stamp_figure(figure: Figure, user) -> None:
    """A figure saved in the admin raises its version, so other editors are told, and says
    who entered it."""
    if figure.pk:
        figure.version += 1
    figure.entered_by = user
    figure.entered_at = timezone.now()


class OrganisationPeriods(ChoicesOncePerPage):
    """Inline rows of a measure choose among its own organisation's periods."""

    def limit_choices(self, name, queryset, parent):
        if name == "period":
            if parent is None:
                return queryset.none()
            return Period.objects.filter(organisation_id=parent.organisation_id)
        return queryset


class TargetInline(OrganisationPeriods, admin.TabularInline):
    model = Target
    form = TargetForm
    fields = ["period", *TARGET_FIELDS]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("measure", "period")


class FigureInline(OrganisationPeriods, admin.TabularInline):
    model = Figure
    form = FigureForm
    fields = [
        "period",
        "value",
        "numerator",
        "denominator",
        "missing_state",
        "note",
        "status",
        "source",
        "entered_by",
        "entered_at",
        "version",
        "opened_version",
    ]
    readonly_fields = ["entered_by", "entered_at", "version"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("measure", "period", "entered_by")


@admin.register(Measure)
class MeasureAdmin(OrganisationScopedAdmin, ThemeChoicesMixin, HistoryAdmin):
    form = MeasureForm
    list_display = ["code", "title", "unit", "owner", "polarity", "frequency", "lifecycle"]
    list_display_links = ["code", "title"]
    list_filter = [
        theme_filter("themes"),
        directorate_filter("unit"),
        "polarity",
        "frequency",
        "lifecycle",
        "indicator_type",
        "value_type",
        "collection_type",
        used("organisation"),
    ]
    list_select_related = ["unit", "owner"]
    search_fields = ["code", "title", "definition", "data_source"]
    autocomplete_fields = ["unit", "partnership", "owner", "portfolio_holder", "delegates"]
    filter_horizontal = ["themes"]
    inlines = [TargetInline, FigureInline]
    fieldsets = [
        (None, {"fields": ["organisation", "code", "title", "definition", "guidance"]}),
        (
            "How it is measured",
            {
                "fields": [
                    "polarity",
                    "value_type",
                    "decimals",
                    "rate_per",
                    "numerator_label",
                    "denominator_label",
                    "frequency",
                    "collection_type",
                    "comparison_basis",
                    "no_change_tolerance",
                    "reporting_lag_months",
                ]
            },
        ),
        (
            "Who and where",
            {
                "fields": [
                    "unit",
                    "partnership",
                    "themes",
                    "owner",
                    "delegates",
                    "portfolio_holder",
                ]
            },
        ),
        (
            "Tolerances",
            {
                "fields": [
                    "scheme",
                    "high_green_threshold",
                    "amber_threshold",
                    "low_red_threshold",
                    "absolute_tolerance",
                    "minimum",
                    "maximum",
                ]
            },
        ),
        ("Data quality", {"fields": ["data_source", "collection_method", "known_issues"]}),
        ("Lifecycle", {"fields": ["indicator_type", "lifecycle", "introduced", "retired"]}),
    ]

    def get_urls(self):
        full_history = path(
            "<path:object_id>/full-history/",
            self.admin_site.admin_view(self.full_history_view),
            name="measures_measure_full_history",
        )
        return [full_history, *super().get_urls()]

    def full_history_view(self, request, object_id):
        """Every change to the measure, its targets and its figures, in one list."""
        measure = self.get_object(request, unquote(object_id))
        if measure is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, measure):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"Full history: {measure}",
            "opts": self.opts,
            "object": measure,
            "changes": measure_history(measure),
        }
        return TemplateResponse(request, "admin/measures/measure/full_history.html", context)

    def before_inline_save(self, request, obj):
        if isinstance(obj, Figure):
            stamp_figure(obj, request.user)


@admin.register(Target)
class TargetAdmin(OrganisationScopedAdmin, HistoryAdmin):
    organisation_path = "measure__organisation"
    form = TargetForm
    list_display = ["measure", "period", "kind", "value", "low", "high", "change_percent"]
    list_filter = [
        "period__status",
        "kind",
        theme_filter("measure__themes"),
        directorate_filter("measure__unit"),
        used("period"),
    ]
    list_select_related = ["measure", "period"]
    search_fields = ["measure__code", "measure__title"]
    autocomplete_fields = ["measure", "period"]


@admin.register(Figure)
class FigureAdmin(OrganisationScopedAdmin, HistoryAdmin):
    organisation_path = "measure__organisation"
    form = FigureForm
    list_display = ["measure", "period", "value", "missing_state", "status", "entered_by"]
    list_filter = [
        "status",
        "period__status",
        "source",
        theme_filter("measure__themes"),
        directorate_filter("measure__unit"),
        used("period"),
    ]
    list_select_related = ["measure", "period", "entered_by"]
    search_fields = ["measure__code", "measure__title", "commentary", "note"]
    autocomplete_fields = ["measure", "period"]
    readonly_fields = ["entered_by", "entered_at", "version"]

    def revert_disabled(self, request, obj=None):
        return True  # a figure goes back through a form, with its lock and version checks

    def save_model(self, request, obj, form, change):
        stamp_figure(obj, request.user)
        super().save_model(request, obj, form, change)


@admin.register(ReportedRating)
class ReportedRatingAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    organisation_path = "measure__organisation"
    """Ratings as reported when a period was published, and restatements: kept, never
    edited, so what a board was told can always be shown."""

    list_display = [
        "measure",
        "period",
        "band",
        "actual_text",
        "target_text",
        "trend",
        "is_restatement",
        "reported_at",
        "reported_by",
    ]
    list_filter = [
        "band",
        "is_restatement",
        "trend",
        theme_filter("measure__themes"),
        directorate_filter("measure__unit"),
        used("period"),
    ]
    list_select_related = ["measure", "period", "reported_by"]
    search_fields = ["measure__code", "measure__title", "reason"]
