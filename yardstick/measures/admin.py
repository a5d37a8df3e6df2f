"""Admin for measures, with their targets and figures inline, each one's history, a measure's
full history, and the ratings as reported (view only)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.validators import DecimalValidator
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from yardstick.admin_base import (
    ADDED,
    CHANGED,
    DELETED,
    ChoicesOncePerPage,
    HistoryAdmin,
    OrganisationScopedAdmin,
    ReadOnlyAdmin,
    ReasonForm,
    reason_from,
    used,
)
from yardstick.core.targets import ChangeDirection, TargetKind
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.values import Missing, MissingState, Value, ValueType
from yardstick.framework.admin import ThemeChoicesMixin, theme_filter
from yardstick.framework.models import Period
from yardstick.measures.models import (
    TARGET_FIELDS,
    ComparatorGroup,
    ComparatorMember,
    ComparatorValue,
    Figure,
    FigureStatus,
    Measure,
    RatingKey,
    ReportedRating,
    SpcBaseline,
    SpcExclusion,
    SpcRecalculation,
    Target,
    TargetProfile,
)
from yardstick.measures.queries import measure_history
from yardstick.measures.rules import (
    TARGET_AMOUNTS,
    Agreement,
    FigureInput,
    agreement_problems,
    figure_problems,
    scheme_problems,
    target_problems,
)
from yardstick.measures.services import (
    TargetRow,
    delete_figure,
    delete_target,
    record_figure,
    set_target,
)
from yardstick.measures.statements import DataQualityStatement
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


def _locked_message(period) -> str:
    return (
        f"{period.label} is published and locked: what the board was told is kept. A figure "
        "is corrected by the performance team on the correction page, with a reason, and its "
        "rating restated."
    )


def sizes_judged_by_the_rules(form: forms.ModelForm, names) -> None:
    """How large and how precise an amount may be is the rules' to say, in every door's words
    ('The figure is too large to keep: ...'), not Django's column check ('Ensure that there
    are no more than 14 digits before the decimal point.')."""
    for name in names:
        if name not in form.fields:  # an inline that does not show it
            continue
        field = form.fields[name]
        field.validators = [v for v in field.validators if not isinstance(v, DecimalValidator)]


class TargetForm(ReasonForm):
    """A target in the admin, checked by the rules every door applies
    (`measures.rules.target_problems`, `scheme_problems`) and saved through
    `measures.services.set_target`; a published period's targets are locked."""

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sizes_judged_by_the_rules(
            self, [name for name in (*TARGET_AMOUNTS, *SCHEME_FIELDS) if name in self.fields]
        )

    def clean(self):
        cleaned = super().clean()
        if not self.has_changed() or self.errors:
            return cleaned
        measure = cleaned.get("measure") or getattr(self.instance, "measure", None)
        period = cleaned.get("period")
        for locked in {period, self.instance.period if self.instance.pk else None} - {None}:
            if locked.is_published:
                raise forms.ValidationError(_locked_message(locked))
        if measure is None or period is None:
            return cleaned
        problems = target_problems(measure, period, core_target_of(cleaned), timezone.localdate())
        problems += agreement_problems(agreement_of(cleaned), timezone.localdate())
        problems += scheme_problems(
            cleaned.get("scheme") or measure.scheme,
            *(
                cleaned.get(name) if cleaned.get(name) is not None else getattr(measure, name)
                for name in SCHEME_FIELDS
            ),
        )
        if problems:
            raise forms.ValidationError([problem.message for problem in problems])
        return cleaned

    def _post_clean(self):
        # A target the rules refused is not checked again by the model: its column check and
        # Target.clean would only say the same again in other words ('Ensure that there are
        # no more than 14 digits before the decimal point.'). Nothing is saved either way.
        if self.errors:
            return
        super()._post_clean()

    def target_row(self) -> TargetRow:
        cleaned = self.cleaned_data
        measure = cleaned.get("measure") or self.instance.measure
        scheme = {"scheme": cleaned.get("scheme") or ""}
        scheme |= {name: cleaned.get(name) for name in SCHEME_FIELDS}
        return TargetRow(
            measure, cleaned["period"], core_target_of(cleaned), scheme, agreement_of(cleaned)
        )


def agreement_of(cleaned: dict) -> Agreement:
    return Agreement(
        agreed=bool(cleaned.get("agreed")),
        agreed_by=cleaned.get("agreed_by") or "",
        agreed_on=cleaned.get("agreed_on"),
    )


SCHEME_FIELDS = (
    "high_green_threshold",
    "amber_threshold",
    "low_red_threshold",
    "absolute_tolerance",
)


def core_target_of(cleaned: dict) -> CoreTarget:
    direction = cleaned.get("change_direction")
    return CoreTarget(
        kind=TargetKind(cleaned.get("kind") or TargetKind.NONE),
        value=cleaned.get("value"),
        low=cleaned.get("low"),
        high=cleaned.get("high"),
        change_amount=cleaned.get("change_amount"),
        change_percent=cleaned.get("change_percent"),
        change_direction=ChangeDirection(direction) if direction else None,
    )


FIGURE_FIELDS = [
    "period",
    "value",
    "numerator",
    "denominator",
    "decimals",
    "missing_state",
    "note",
    "data_covers_start",
    "data_covers_end",
    "commentary",
    "proposed_action",
    "forecast",
    "forecast_reason",
    "status",
]
ADMIN_STATUSES = [
    (status.value, status.label)
    for status in (FigureStatus.DRAFT, FigureStatus.SUBMITTED, FigureStatus.APPROVED)
]


class FigureForm(ReasonForm):
    """A figure in the admin: checked by the rules every door applies
    (`measures.rules.figure_problems`, the same words as the entry form), saved through
    `measures.services.record_figure`; refused for a published period (a correction goes
    through the correction service, which restates the rating), and refused if someone else
    saved the figure since this page was opened. Publishing makes a figure published; here a
    figure can be a draft, submitted or approved."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(choices=ADMIN_STATUSES, initial=FigureStatus.DRAFT)

    class Meta:
        model = Figure
        fields = ["measure", *FIGURE_FIELDS]
        labels = {
            "value": "Figure",
            "decimals": "Decimal places as reported",
            "missing_state": "No figure because",
            "data_covers_start": "Data covers from",
            "data_covers_end": "Data covers to",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sizes_judged_by_the_rules(self, ("value", "numerator", "denominator", "forecast"))
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version
            if self.instance.status == FigureStatus.PUBLISHED:
                self.fields["status"].choices = [*ADMIN_STATUSES, ("published", "Published")]

    def clean(self):
        cleaned = super().clean()
        if not self.has_changed() or self.errors:
            return cleaned
        periods = {cleaned.get("period")}
        if self.instance.pk:
            periods.add(self.instance.period)
        for period in periods - {None}:
            if period.is_published:
                raise forms.ValidationError(_locked_message(period))
        opened = cleaned.get("opened_version")
        if self.instance.pk and opened is not None and opened != self.instance.version:
            raise forms.ValidationError(
                f"{self.instance.entered_by or 'Someone'} changed this figure since you opened "
                f"it (it now reads {self.instance.value}); reload the page to see their figure."
            )
        measure = cleaned.get("measure") or getattr(self.instance, "measure", None)
        if measure is not None and cleaned.get("period") is not None:
            entry = self.entry(measure)
            for problem in figure_problems(measure, cleaned["period"], entry, timezone.localdate()):
                field = problem.field if problem.field in self.fields else None
                if field is None and problem.field == "data_covers":
                    field = "data_covers_end"
                self.add_error(field, problem.message)
        return cleaned

    def entry(self, measure: Measure) -> FigureInput:
        cleaned = self.cleaned_data
        value = None
        if cleaned.get("value") is not None:
            value = Value(
                amount=cleaned["value"],
                value_type=ValueType(measure.value_type),
                numerator=cleaned.get("numerator"),
                denominator=cleaned.get("denominator"),
                decimals=cleaned.get("decimals"),
            )
        elif cleaned.get("missing_state"):
            value = Missing(MissingState(cleaned["missing_state"]), cleaned.get("note") or "")
        return FigureInput(
            value=value,
            note=cleaned.get("note") or "",
            commentary=cleaned.get("commentary") or "",
            proposed_action=cleaned.get("proposed_action") or "",
            data_covers_start=cleaned.get("data_covers_start"),
            data_covers_end=cleaned.get("data_covers_end"),
            outlier_confirmed=self.instance.outlier_confirmed if self.instance.pk else False,
            outlier_note=self.instance.outlier_note if self.instance.pk else "",
            forecast=(
                Value(cleaned["forecast"], ValueType(measure.value_type))
                if cleaned.get("forecast") is not None
                else None
            ),
            forecast_reason=(cleaned.get("forecast_reason") or "").strip(),
        )

    def save_through_services(self, user, reason: str) -> Figure:
        """Record the figure as the entry form would, with the admin's reason."""
        measure = self.cleaned_data.get("measure") or self.instance.measure
        return record_figure(
            measure,
            self.cleaned_data["period"],
            self.entry(measure),
            user,
            expected_version=self.instance.version if self.instance.pk else None,
            status=self.cleaned_data["status"],
            reason=reason,
        )


class LockedRowsFormSet(forms.BaseInlineFormSet):
    """Inline figures and targets: a published period's rows cannot be deleted here."""

    def clean(self):
        super().clean()
        for form in self.forms:
            deleted = self.can_delete and self._should_delete_form(form)
            if deleted and form.instance.pk and form.instance.period.is_published:
                raise forms.ValidationError(_locked_message(form.instance.period))


def save_row(form, user, reason: str):
    """Save a figure's or a target's form through the services; the saved row."""
    if isinstance(form, FigureForm):
        return form.save_through_services(user, reason)
    row = form.target_row()
    return set_target(
        row.measure,
        row.period,
        row.target,
        user,
        reason,
        scheme=row.scheme,
        agreement=row.agreement,
    )


def delete_row(obj, user, reason: str) -> None:
    if isinstance(obj, Figure):
        delete_figure(obj, user, reason)
    else:
        delete_target(obj, user, reason)


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
    formset = LockedRowsFormSet
    fields = ["period", *TARGET_FIELDS]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("measure", "period")


class FigureInline(OrganisationPeriods, admin.TabularInline):
    model = Figure
    form = FigureForm
    formset = LockedRowsFormSet
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
    readonly_fields = ["source", "entered_by", "entered_at", "version"]
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
                    "combine",
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
        ("Publication", {"fields": ["not_for_publication"]}),
    ]

    def get_urls(self):
        full_history = path(
            "<path:object_id>/full-history/",
            self.admin_site.admin_view(self.full_history_view),
            name="measures_measure_full_history",
        )
        return [full_history, *super().get_urls()]

    def full_history_view(self, request, object_id):
        """Every change to the measure, its targets, its figures and its statement, in one list."""
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

    def save_formset(self, request, form, formset, change):
        """Targets and figures are written through the services (their lock, version check,
        rules and history); the measure's other inlines as usual."""
        if formset.model not in (Figure, Target):
            return super().save_formset(request, form, formset, change)
        reason = reason_from(form, CHANGED if change else ADDED)
        # what the admin's change message reads, as formset.save() would leave it
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row_form in formset.forms:
            if formset.can_delete and formset._should_delete_form(row_form):
                if row_form.instance.pk:
                    delete_row(row_form.instance, request.user, reason)
                    formset.deleted_objects.append(row_form.instance)
            elif row_form.has_changed():
                new = row_form.instance.pk is None
                row_form.cleaned_data.setdefault("measure", form.instance)
                row_form.instance.measure = form.instance
                saved = save_row(row_form, request.user, reason)
                if new:
                    formset.new_objects.append(saved)
                else:
                    formset.changed_objects.append((saved, row_form.changed_data))
        return None


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

    def revert_disabled(self, request, obj=None):
        return True  # a target goes back through a form, with its lock

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.period.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        saved = save_row(form, request.user, reason_from(form, CHANGED if change else ADDED))
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        delete_row(obj, request.user, DELETED)


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
    readonly_fields = ["source", "entered_by", "entered_at", "version"]

    def revert_disabled(self, request, obj=None):
        return True  # a figure goes back through a form, with its lock and version checks

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.period.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        saved = save_row(form, request.user, reason_from(form, CHANGED if change else ADDED))
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        delete_row(obj, request.user, DELETED)

    def delete_queryset(self, request, queryset):
        locked = queryset.filter(period__status="published")
        if locked.exists():
            raise PermissionDenied("A published period's figures cannot be deleted.")
        super().delete_queryset(request, queryset)


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


@admin.register(SpcRecalculation)
class SpcRecalculationAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    """Set and removed on the measure's page (`measures.services.set_recalculation`, with its
    rules and the reason); read here."""

    organisation_path = "measure__organisation"
    list_display = ["measure", "period", "reason"]
    list_select_related = ["measure", "period"]
    search_fields = ["measure__code", "measure__title", "reason"]


@admin.register(SpcExclusion)
class SpcExclusionAdmin(SpcRecalculationAdmin):
    """Set and removed on the measure's page (`measures.services.set_exclusion`, with its
    rules and the reason); read here."""


@admin.register(SpcBaseline)
class SpcBaselineAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    """Set, changed and cleared on the measure's page (`measures.services.set_baseline`, with
    its bounds and the reason); read here."""

    organisation_path = "measure__organisation"
    list_display = ["measure", "points", "until", "reason"]
    list_select_related = ["measure", "until"]
    search_fields = ["measure__code", "measure__title", "reason"]


@admin.register(RatingKey)
class RatingKeyAdmin(OrganisationScopedAdmin, ReadOnlyAdmin):
    """Set and removed on the keys page (`measures.key_services.set_rating_key`, which refuses
    a bad key file with its line and reason); read here, with its history."""

    organisation_path = "organisation"
    list_display = ["name", "measure", "organisation"]
    list_select_related = ["measure", "organisation"]
    search_fields = ["name", "measure__code", "measure__title"]


@admin.register(TargetProfile)
class TargetProfileAdmin(ReadOnlyAdmin, OrganisationScopedAdmin, HistoryAdmin):
    """Read only, with its history: a measure's profile and trajectory are set on its target
    profile page (`measures:target_profile`) or by the `target-profiles` import, both through
    `measures.profiles.set_profile`, where the rules are (`settings_problems`)."""

    organisation_path = "measure__organisation"
    list_display = ["measure", "method", "by_hand", "baseline_year", "baseline", "end_year", "end"]
    list_filter = ["method", directorate_filter("measure__unit")]
    list_select_related = ["measure"]
    search_fields = ["measure__code", "measure__title"]


@admin.register(DataQualityStatement)
class DataQualityStatementAdmin(ReadOnlyAdmin, OrganisationScopedAdmin, HistoryAdmin):
    """Read only, with every version's history: a statement is written, signed off and its
    draft discarded on the measure's statement page (`measures:statement`), through
    `measures.statement_services`, where who may and the sign-off rules are; a file of them
    is loaded by the `statements` import, through the same services."""

    organisation_path = "measure__organisation"
    list_display = ["measure", "version", "status", "risk", "review_date", "signed_off_at"]
    list_filter = ["status", "risk", directorate_filter("measure__unit")]
    list_select_related = ["measure"]
    search_fields = ["measure__code", "measure__title"]


class ComparatorMemberInline(admin.TabularInline):
    model = ComparatorMember
    extra = 3
    fields = ["area_code", "area_name"]


@admin.register(ComparatorGroup)
class ComparatorGroupAdmin(OrganisationScopedAdmin, HistoryAdmin):
    """A council's comparator groups and their areas, audited like every framework row (the
    members are also importable: the `comparator-groups` file)."""

    list_display = ["name", "code", "organisation"]
    search_fields = ["name", "code"]
    inlines = [ComparatorMemberInline]


@admin.register(ComparatorValue)
class ComparatorValueAdmin(OrganisationScopedAdmin, HistoryAdmin):
    """Other areas' figures, as imported (the `comparators` file), correctable here."""

    organisation_path = "measure__organisation"
    list_display = [
        "measure",
        "period_key",
        "area_code",
        "area_name",
        "value",
        "source",
        "taken_on",
    ]
    list_filter = ["period_key", "source"]
    list_select_related = ["measure"]
    search_fields = ["measure__code", "area_code", "area_name"]
    autocomplete_fields = ["measure"]
