"""The measure page's forms: the performance team's SPC recalculation points and excluded
figures, the data quality statement, and the target profile."""

from __future__ import annotations

from django import forms

from yardstick.choices import choices
from yardstick.core.profiles import PROFILE_LABELS, ProfileMethod
from yardstick.core.statements import (
    ASSESSMENT_LABELS,
    DIMENSION_QUESTIONS,
    TEXT_LIMIT,
    Assessment,
    DataQualityRisk,
    Dimension,
)
from yardstick.core.values import ValueParseError, ValueType, read_amount
from yardstick.measures.profiles import ProfileSettings
from yardstick.measures.rules import BY_HAND_LENGTH
from yardstick.measures.services import RECALCULATION_REASON_LENGTH
from yardstick.measures.statement_services import StatementInput
from yardstick.widgets import DayInput


class RecalculationForm(forms.Form):
    """Start new SPC limits from one of the measure's charted periods, saying why. The rules
    (`services.recalculation_problems`) are the same at every door: this form, the admin."""

    period = forms.ChoiceField(label="Calculate the limits again from")
    reason = forms.CharField(
        label="Why: what changed in the process",
        max_length=RECALCULATION_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        error_messages={"required": "Say why the limits are calculated again."},
    )

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {str(period.pk): period for period in periods}
        self.fields["period"].choices = [(key, p.label) for key, p in self.periods.items()]
        self.fields["period"].error_messages["invalid_choice"] = (
            "Choose one of the periods on the chart, after the first."
        )

    def clean_period(self):
        return self.periods[self.cleaned_data["period"]]


class ExclusionForm(RecalculationForm):
    """Leave one charted figure out of the SPC calculations, saying why (the rules:
    `services.exclusion_problems`). Its fields are prefixed ("exclude-period", ...): it shares
    the page with the recalculation form, and ids must be unique."""

    prefix = "exclude"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].label = "Leave out the figure of"
        self.fields["period"].error_messages["invalid_choice"] = (
            "Choose one of the periods on the chart."
        )
        self.fields["reason"].label = "Why: what happened that is not part of the process"
        self.fields["reason"].error_messages["required"] = "Say why the figure is left out."


class BaselineForm(forms.Form):
    """Fix the SPC limits on the first so many figures, or on the figures up to and including
    a charted period, saying why. The bounds (`services.baseline_problems`) are the service's,
    the same at every door; this form only reads what was typed. Its fields are prefixed
    ("baseline-points", ...): it shares the page with the other SPC forms."""

    prefix = "baseline"

    kind = forms.ChoiceField(
        label="Fix the limits on",
        choices=[
            ("points", "The first figures: as many as you say"),
            ("until", "The figures up to and including a period"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the baseline is given."},
    )
    points = forms.IntegerField(
        label="How many of the first figures",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
        error_messages={"invalid": "Give the number of figures as a whole number, like 12."},
    )
    until = forms.ChoiceField(label="Up to and including", required=False)
    reason = forms.CharField(
        label="Why the limits are fixed there",
        max_length=RECALCULATION_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        error_messages={"required": "Say why the limits are fixed there."},
    )

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {str(period.pk): period for period in periods}
        self.fields["until"].choices = [("", "Choose a period")] + [
            (key, p.label) for key, p in self.periods.items()
        ]
        self.fields["until"].error_messages["invalid_choice"] = (
            "Choose one of the periods on the chart."
        )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == "points":
            cleaned["until"] = None
            if cleaned.get("points") is None and "points" not in self.errors:
                self.add_error("points", "Give how many of the first figures fix the limits.")
        elif kind == "until":
            cleaned["points"] = None
            if not cleaned.get("until"):
                if "until" not in self.errors:
                    self.add_error("until", "Choose the period the baseline runs to.")
            else:
                cleaned["until"] = self.periods[cleaned["until"]]
        return cleaned


DAY_FORMAT = "Enter the date as a day, month and year, like 31/03/2020."


class StatementForm(forms.Form):
    """A data quality statement: each of the six dimensions' text and assessment, the risk
    and the next review date. The bounds (`statement_services.input_problems`) and the
    sign-off rules (`core.statements.sign_off_problems`) are the services'; this form only
    reads what was typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for dimension in Dimension:
            self.fields[dimension.value] = forms.CharField(
                label=f"{dimension.value.capitalize()}: how the data meets it",
                required=False,
                max_length=TEXT_LIMIT,
                help_text=DIMENSION_QUESTIONS[dimension],
                widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
            )
            self.fields[f"{dimension.value}_assessment"] = forms.ChoiceField(
                label=f"{dimension.value.capitalize()}: assessment",
                required=False,
                choices=[("", "Not assessed"), *choices(Assessment, ASSESSMENT_LABELS)],
            )
        self.fields["risk"] = forms.ChoiceField(
            label="Data quality risk",
            required=False,
            choices=[("", "Not rated"), *choices(DataQualityRisk)],
            help_text="How likely the figures are to mislead a reader, and how much that "
            "would matter.",
        )
        self.fields["review_date"] = forms.DateField(
            label="Next review by",
            required=False,
            widget=DayInput(),
            error_messages={"invalid": DAY_FORMAT},
        )

    def entry(self) -> StatementInput:
        data = self.cleaned_data
        return StatementInput(
            texts={d.value: data[d.value] for d in Dimension},
            assessments={d.value: data[f"{d.value}_assessment"] for d in Dimension},
            risk=data["risk"],
            review_date=data["review_date"],
        )

    @staticmethod
    def initial_of(statement) -> dict:
        return StatementInput.of(statement).fields() if statement else {}

    def dimensions(self):
        """(dimension name, text field, assessment field) per dimension, for the template."""
        return [
            (d.value.capitalize(), self[d.value], self[f"{d.value}_assessment"]) for d in Dimension
        ]


class TargetProfileForm(forms.Form):
    """A measure's target profile and trajectory (the rules: `profiles.settings_problems`,
    the same at every door), the year to profile, and whether targets set by hand may be
    replaced."""

    method = forms.ChoiceField(
        label="Share each year's target into its periods",
        choices=[(method.value, label) for method, label in PROFILE_LABELS.items()],
        widget=forms.RadioSelect,
    )
    by_hand = forms.CharField(
        label="Shares by hand",
        required=False,
        max_length=BY_HAND_LENGTH,
        help_text="One for each period of the year, in order, separated by commas: percentages "
        "adding up to 100% ('10%, 20%, 30%, 40%') or amounts adding up to the year's target "
        "('20, 30, 30, 40').",
    )
    year = forms.ChoiceField(label="Profile the target of")
    baseline_year = forms.ChoiceField(label="Baseline year", required=False)
    baseline = forms.CharField(label="Baseline value", required=False, max_length=40)
    end_year = forms.ChoiceField(label="End year", required=False)
    end = forms.CharField(
        label="End value",
        required=False,
        max_length=40,
        help_text="The target to reach by the end year ('50%'); the years between are on a "
        "straight line.",
    )
    replace_by_hand = forms.BooleanField(
        label="Replace the targets set by hand listed above", required=False
    )

    def __init__(self, *args, measure, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["year"].choices = years
        blank = [("", "None")]
        self.fields["baseline_year"].choices = blank + years
        self.fields["end_year"].choices = blank + years

    def _amount(self, name: str):
        text = self.cleaned_data.get(name, "").strip()
        if not text:
            return None
        try:
            return read_amount(text, ValueType(self.measure.value_type)).amount
        except ValueParseError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_baseline(self):
        return self._amount("baseline")

    def clean_end(self):
        return self._amount("end")

    def settings(self) -> ProfileSettings:
        data = self.cleaned_data

        def year(name):
            return int(data[name]) if data.get(name) else None

        return ProfileSettings(
            ProfileMethod(data["method"]),
            data.get("by_hand", ""),
            year("baseline_year"),
            data.get("baseline"),
            year("end_year"),
            data.get("end"),
        )
