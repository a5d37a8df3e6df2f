"""Forms for the tracker and its recommendations. Each reads what a person typed, says
plainly what it cannot read, and leaves the rules to `scrutiny.services`, whose words it
shows against the field they are about."""

from __future__ import annotations

from django import forms

from yardstick.accounts.models import User
from yardstick.actions.models import KeyAction
from yardstick.framework.models import Period, Plan, Theme
from yardstick.measures.models import Measure
from yardstick.meetings.forms import DAY, RefusalsShown
from yardstick.meetings.models import Body, Meeting
from yardstick.organisations.models import OrganisationUnit
from yardstick.scrutiny.models import (
    NAME_LIMIT,
    TEXT_LIMIT,
    Level,
    Recommendation,
    RecommendationStatus,
    RecommendationUpdate,
    Response,
    Review,
)
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
    update = forms.ModelChoiceField(
        label="What goes on the agenda",
        queryset=RecommendationUpdate.objects.none(),
        required=False,
        empty_label="The whole recommendation",
        help_text="Or one update on action by itself: a report back.",
        error_messages={"invalid_choice": "Choose the recommendation or one of its updates."},
    )

    def __init__(self, *args, meetings, updates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["update"].queryset = updates
        self.fields["update"].label_from_instance = lambda update: (
            f"The update of {update.dated:%-d %B %Y}: {update.text[:60]}"
        )


def person_name(user) -> str:
    return user.get_full_name() or user.username


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_name(obj)


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_name(obj)


def _people(organisation_id: int):
    return User.objects.filter(organisation_id=organisation_id, is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def _day_messages(what: str) -> dict:
    return {"invalid": DAY, "required": f"Enter {what}."}


REASON = forms.CharField(
    label="Why it changes",
    max_length=NAME_LIMIT,
    help_text="Kept in its history.",
    error_messages={"required": "Say why: it is kept in the history."},
)


class ReviewForm(RefusalsShown, forms.ModelForm):
    """A review and its cover report's sections; the rules are `services.check_review`'s."""

    members = PeopleChoice(
        label="Members",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The councillors on the review group.",
    )
    reason = REASON

    class Meta:
        model = Review
        fields = [
            "title", "body", "members", "scope", "started_on", "ended_on", "status",
            "summary", "decisions_sought", "reasons", "financial", "legal", "equalities",
            "risk", "contact",
        ]  # fmt: skip
        widgets = {
            "started_on": DayInput(),
            "ended_on": DayInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "scope",
                    "summary",
                    "decisions_sought",
                    "reasons",
                    "financial",
                    "legal",
                    "equalities",
                    "risk",
                    "contact",
                )
            },
        }
        error_messages = {
            "title": {"required": "Enter the review's title."},
            "body": {
                "required": "Choose the committee or panel.",
                "invalid_choice": "Choose one of the committees or panels listed.",
            },
            "started_on": _day_messages("the start"),
            "ended_on": _day_messages("the end"),
            "status": {"invalid_choice": "Choose the review's status from the list."},
        }

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(organisation_id=organisation_id)
        self.fields["members"].queryset = _people(organisation_id)


class RecommendationForm(RefusalsShown, forms.ModelForm):
    """A recommendation: its number, text and group, where it came from, what it concerns,
    who answers for it, the follow-up and its status; the rules are
    `services.check_recommendation`'s."""

    officer = PersonChoice(
        label="Responsible officer",
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose one of the people listed."},
    )
    reason = REASON

    class Meta:
        model = Recommendation
        fields = [
            "number", "lead_in", "text", "unit", "level", "source_meeting", "officer",
            "follow_up_period", "follow_up_on", "status", "evidence", "measures", "plans",
            "themes", "key_actions",
        ]  # fmt: skip
        labels = {
            "text": "Recommendation",
            "lead_in": "Lead-in",
            "unit": "Directorate",
            "level": "Or general, at",
            "source_meeting": "The meeting it came from",
            "follow_up_period": "Report back at (period)",
            "follow_up_on": "Or follow up on (day)",
            "key_actions": "Key projects",
        }
        help_texts = {
            "unit": "The directorate it is for; leave blank for a general recommendation.",
            "level": "A general recommendation's level; leave blank for a directorate's.",
            **{
                name: f"The {what} it concerns: hold Ctrl (Cmd on a Mac) to choose several."
                for name, what in (
                    ("measures", "measures"),
                    ("plans", "plans"),
                    ("themes", "themes"),
                    ("key_actions", "key projects"),
                )
            },
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "follow_up_on": DayInput(),
        }
        error_messages = {
            "number": {
                "required": "Enter the recommendation's number.",
                "invalid": "Enter the number as a whole number.",
                "min_value": "The number must be a whole number from 1 to 999.",
                "max_value": "The number must be a whole number from 1 to 999.",
            },
            "text": {"required": "Enter the recommendation."},
            "follow_up_on": _day_messages("the follow-up date"),
            **{
                name: {
                    "invalid_choice": "Choose from the list.",
                    "invalid_pk_value": "Choose from the list.",
                }
                for name in (
                    "unit",
                    "level",
                    "source_meeting",
                    "follow_up_period",
                    "status",
                    "measures",
                    "plans",
                    "themes",
                    "key_actions",
                )
            },
        }

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["number"].min_value = 1
        fields["number"].max_value = 999
        fields["number"].widget.attrs.update(min=1, max=999)
        fields["unit"].queryset = OrganisationUnit.objects.filter(
            organisation_id=organisation_id
        ).order_by("name")
        fields["level"].choices = [("", "Not general"), *Level.choices]
        fields["source_meeting"].queryset = (
            Meeting.objects.filter(body__organisation_id=organisation_id)
            .select_related("body")
            .order_by("-starts_at")
        )
        fields["officer"].queryset = _people(organisation_id)
        fields["follow_up_period"].queryset = Period.objects.filter(
            organisation_id=organisation_id
        ).order_by("-start")
        fields["measures"].queryset = Measure.objects.filter(
            organisation_id=organisation_id
        ).order_by("code")
        fields["plans"].queryset = Plan.objects.filter(organisation_id=organisation_id)
        fields["themes"].queryset = Theme.objects.filter(
            plan__organisation_id=organisation_id
        ).select_related("plan")
        fields["key_actions"].queryset = KeyAction.objects.filter(
            organisation_id=organisation_id
        ).order_by("code")

    def concerns(self) -> dict:
        return {name: list(self.cleaned_data.get(name) or ()) for name in CONCERN_FIELDS}


CONCERN_FIELDS = ("measures", "plans", "themes", "key_actions")


class AnswerForm(RefusalsShown):
    answer = forms.CharField(
        label="The answer",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown with the question on the recommendation and the tracker, with your "
        "name and today's date.",
        error_messages={"required": "Enter the answer."},
    )
