"""The measure page's forms: the performance team's SPC recalculation points and excluded
figures."""

from __future__ import annotations

from django import forms

from yardstick.measures.services import RECALCULATION_REASON_LENGTH


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
