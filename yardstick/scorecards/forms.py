from __future__ import annotations

from django import forms

from yardstick.core.ratings import BAND_LABELS, POLARITY_LABELS, Band

SORTS = [
    ("", "Scorecard order"),
    ("band", "Rating, worst first"),
    ("title", "Measure name"),
    ("trend", "Direction of travel"),
]


class ScorecardFilterForm(forms.Form):
    """Filters and sort for a scorecard. Every field is optional; bad values re-show the
    form with a message instead of failing."""

    period = forms.ChoiceField(label="Period", required=False)
    band = forms.ChoiceField(label="Rating", required=False)
    directorate = forms.ChoiceField(label="Directorate", required=False)
    polarity = forms.ChoiceField(label="Good is", required=False)
    sort = forms.ChoiceField(label="Sort by", choices=SORTS, required=False)

    def __init__(self, *args, periods=(), directorates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.key, p.label) for p in periods]
        self.fields["band"].choices = (
            [("", "All ratings")]
            + [(band.value, f"{band.value} {BAND_LABELS[band]}") for band in Band]
            + [("none", "Not rated")]
        )
        self.fields["directorate"].choices = [("", "All directorates")] + [
            (name, name) for name in directorates
        ]
        self.fields["polarity"].choices = [("", "Any")] + [
            (polarity.value, label) for polarity, label in POLARITY_LABELS.items()
        ]


class ExceptionNoteForm(forms.Form):
    measure = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why no discussion is needed",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
