"""Forms for the tracker and its recommendations. Each reads what a person typed, says
plainly what it cannot read, and leaves the rules to `scrutiny.services`, whose words it
shows against the field they are about."""

from __future__ import annotations

from django import forms

from yardstick.meetings.forms import DAY, RefusalsShown
from yardstick.meetings.models import Meeting
from yardstick.scrutiny.models import TEXT_LIMIT, RecommendationStatus, Response
from yardstick.scrutiny.tracker import STATUS_FILTERS, Filters
from yardstick.widgets import DayInput


class FilterForm(forms.Form):
    """The tracker's filters (a GET form, so it works without JavaScript). A value it does
    not know is shown as 'all', never an error."""

    review = forms.TypedChoiceField(label="Review", coerce=int, required=False)
    status = forms.ChoiceField(label="Status", required=False)
    group = forms.ChoiceField(label="Directorate or level", required=False)

    def __init__(self, data, *, reviews, groups, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["review"].choices = [(review.pk, review.title) for review in reviews]
        self.fields["status"].choices = [("", "All"), *STATUS_FILTERS.items()]
        self.fields["group"].choices = [("", "All"), *groups]

    def filters(self) -> Filters:
        if self.is_valid():
            data = self.cleaned_data
            return Filters(status=data["status"] or "", group=data["group"] or "")
        known = {name: self.fields[name].choices for name in ("status", "group")}
        values = {}
        for name, choices in known.items():
            value = (self.data.get(name) or "")[:40]
            values[name] = value if value in {str(c) for c, _ in choices} else ""
        return Filters(**values)


class UpdateForm(RefusalsShown):
    text = forms.CharField(
        label="Update on action",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What has been done since the last update, as the tracker will print it.",
        error_messages={"required": "Enter the update on action."},
    )
    dated = forms.DateField(
        label="Date of the update",
        required=False,
        widget=DayInput(),
        help_text="Leave blank for today.",
        error_messages={"invalid": DAY},
    )
    completed = forms.BooleanField(label="The recommendation is now completed", required=False)


class QuestionForm(RefusalsShown):
    text = forms.CharField(
        label="Your question",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="It goes to the next meeting of the review's committee or panel.",
        error_messages={"required": "Enter your question."},
    )


class ResponseForm(RefusalsShown):
    response = forms.ChoiceField(
        label="The executive's response",
        choices=Response.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose accepted, partly accepted or not accepted."},
    )
    response_text = forms.CharField(
        label="The response in words",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    decided_on = forms.DateField(
        label="Date of the Cabinet decision",
        required=False,
        widget=DayInput(),
        error_messages={"invalid": DAY},
    )


class CloseForm(RefusalsShown):
    status = forms.ChoiceField(
        label="Close it as",
        choices=[
            (RecommendationStatus.COMPLETED, "Completed"),
            (RecommendationStatus.CLOSED, "Closed"),
        ],
        initial=RecommendationStatus.COMPLETED,
        widget=forms.RadioSelect,
    )
    evidence = forms.CharField(
        label="Evidence",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What shows it is done.",
        error_messages={"required": "Say what shows it is done."},
    )


class AgendaForm(RefusalsShown):
    meeting = forms.ModelChoiceField(
        label="Meeting",
        queryset=Meeting.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of the meetings listed."},
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
