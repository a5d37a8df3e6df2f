from __future__ import annotations

from django import forms

from yardstick.core.ratings import BAND_LABELS, BAND_ORDER, POLARITY_LABELS
from yardstick.widgets import DayInput

# The scorecard's columns: the three periods side by side, or (on a phone) the period alone.
PERIOD_ONLY = "period"
COLUMNS = [("", "Three periods"), (PERIOD_ONLY, "This period only")]
SORTS = [
    ("", "Scorecard order"),
    ("band", "Rating, worst first"),
    ("title", "Measure name"),
    ("trend", "Direction of travel"),
]


SEARCH_LENGTH = 200  # the longest search a person can type
LETTERS = [*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "#"]  # the A-Z; '#': titles starting otherwise


def band_choices() -> list[tuple[str, str]]:
    """Every band, best first, and 'Not rated': the choices of every band filter (several
    may be ticked: all reds is LR, HR and R)."""
    return [(band.value, f"{band.value} {BAND_LABELS[band]}") for band in BAND_ORDER] + [
        ("none", "Not rated")
    ]


class BandsField(forms.MultipleChoiceField):
    """Several bands, as repeated GET parameters (?band=LR&band=HR), as ticked boxes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(label="Rating", required=False, choices=band_choices, **kwargs)


class ScorecardFilterForm(forms.Form):
    """Filters and sort for a scorecard. Every field is optional; bad values re-show the
    form with a message instead of failing."""

    period = forms.ChoiceField(label="Period", required=False)
    band = BandsField()
    directorate = forms.ChoiceField(label="Directorate", required=False)
    polarity = forms.ChoiceField(label="Good is", required=False)
    sort = forms.ChoiceField(label="Sort by", choices=SORTS, required=False)
    columns = forms.ChoiceField(label="Columns", choices=COLUMNS, required=False)

    def __init__(self, *args, periods=(), directorates=(), tracker=False, **kwargs):
        super().__init__(*args, **kwargs)
        if tracker:  # a monthly tracker shows its months and one period: no choice
            del self.fields["columns"]
        self.fields["period"].choices = [(p.key, p.label) for p in periods]
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


class MeasureListForm(forms.Form):
    """The measures list: a search, the A-Z, and the overview's filters (a scorecard or a
    directorate; bands or a direction of travel). Every field is optional; bad values re-show
    the form with a message instead of failing."""

    q = forms.CharField(label="Search measures", required=False, max_length=SEARCH_LENGTH)
    letter = forms.ChoiceField(
        label="Starting with", required=False, choices=[("", "Any")] + [(x, x) for x in LETTERS]
    )
    period = forms.ChoiceField(label="Period", required=False)
    scorecard = forms.ChoiceField(label="Scorecard", required=False)
    directorate = forms.ChoiceField(label="Directorate", required=False)
    band = BandsField()
    trend = forms.ChoiceField(
        label="Direction of travel",
        required=False,
        choices=[("", "Any"), ("improved", "Improved"), ("deteriorated", "Deteriorated")],
    )

    def __init__(self, *args, periods=(), scorecards=(), directorates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.key, p.label) for p in periods]
        self.fields["scorecard"].choices = [("", "Any")] + [(s.slug, s.title) for s in scorecards]
        self.fields["directorate"].choices = [("", "Any")] + [(name, name) for name in directorates]


class ChangesForm(forms.Form):
    """Which year's scorecard changes, since which day (within that year)."""

    year = forms.TypedChoiceField(label="Year", coerce=int)
    since = forms.DateField(label="Changes since", required=False, widget=DayInput())

    def __init__(self, *args, years=(), bounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = list(years)
        self.bounds = bounds  # year -> (first day, last day)

    def clean(self):
        data = super().clean()
        year, since = data.get("year"), data.get("since")
        if year is not None and since is not None and self.bounds:
            first, last = self.bounds(year)
            if not first <= since <= last:
                self.add_error(
                    "since",
                    f"Choose a day in the year, from {first:%-d %B %Y} to {last:%-d %B %Y}.",
                )
        return data
