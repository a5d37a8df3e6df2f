"""Forms for meetings and their actions. Each reads what a person typed, says plainly what
it cannot read, and leaves the rules to `meetings.services`, whose words it shows against the
field they are about; nothing typed is lost when the form is shown again."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone

from yardstick.accounts.models import User
from yardstick.actions.models import KeyAction
from yardstick.measures.models import Measure
from yardstick.meetings.models import (
    NAME_LIMIT,
    TEXT_LIMIT,
    ActionStatus,
    Body,
    MeetingStatus,
    Presence,
)
from yardstick.meetings.services import ActionInput, MeetingRefused, Present
from yardstick.widgets import DayInput

DAY = "Enter a date such as 19 June 2018 (2018-06-19)."


class RefusalsShown(forms.Form):
    def show(self, refused: MeetingRefused) -> None:
        """Show a service's refusal against its field (or the whole form)."""
        field = refused.field if refused.field in self.fields else None
        self.add_error(field, refused.message)


class MeetingForm(RefusalsShown):
    day = forms.DateField(
        label="Date",
        widget=DayInput(),
        error_messages={"required": "Enter the date of the meeting.", "invalid": DAY},
    )
    time = forms.TimeField(
        label="Time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": "Enter the time the meeting starts.",
            "invalid": "Enter a time such as 10:00 or 14:30.",
        },
    )
    place = forms.CharField(label="Place", required=False, max_length=NAME_LIMIT)

    def starts_at(self) -> datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["day"], data["time"]))

    def show(self, refused: MeetingRefused) -> None:
        if refused.field == "starts_at":
            refused = MeetingRefused(refused.message, "day")
        super().show(refused)


class ActionForm(RefusalsShown):
    text = forms.CharField(
        label="Action agreed",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text='As the minutes put it: "That the next meeting receive ...".',
        error_messages={"required": "Enter the action agreed."},
    )
    owner = forms.ModelChoiceField(
        label="Owner (a person)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not a person",
    )
    owner_body = forms.ModelChoiceField(
        label="Or a body (a board or group)",
        queryset=Body.objects.none(),
        required=False,
        empty_label="Not a body",
    )
    owner_name = forms.CharField(
        label="Or a name (someone without an account, a partner, 'All')",
        required=False,
        max_length=NAME_LIMIT,
    )
    due = forms.DateField(
        label="Due by",
        required=False,
        widget=DayInput(),
        error_messages={"invalid": DAY},
    )

    measure = forms.CharField(
        label="About a measure (its code, if any)",
        required=False,
        max_length=40,
        help_text="For example BBH-16: the action shows on the measure's portfolio.",
    )
    key_action = forms.CharField(
        label="About a key project (its code, if any)",
        required=False,
        max_length=40,
    )

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id = organisation_id
        self.fields["owner"].queryset = User.objects.filter(
            organisation_id=organisation_id, is_active=True
        ).order_by("first_name", "last_name", "username")
        self.fields["owner"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )
        self.fields["owner_body"].queryset = Body.objects.filter(
            organisation_id=organisation_id
        ).order_by("name")

    def given(self) -> ActionInput:
        data = self.cleaned_data
        return ActionInput(
            text=data["text"],
            owner=data["owner"],
            owner_body=data["owner_body"],
            owner_name=data["owner_name"],
            due=data["due"],
            measure=data.get("measure"),
            key_action=data.get("key_action"),
        )

    def clean_measure(self):
        code = self.cleaned_data.get("measure", "").strip()
        if not code:
            return None
        found = Measure.objects.filter(organisation_id=self.organisation_id, code=code).first()
        if found is None:
            raise forms.ValidationError(f"There is no measure {code} in this council.")
        return found

    def clean_key_action(self):
        code = self.cleaned_data.get("key_action", "").strip()
        if not code:
            return None
        found = KeyAction.objects.filter(organisation_id=self.organisation_id, code=code).first()
        if found is None:
            raise forms.ValidationError(f"There is no key project {code} in this council.")
        return found


class UpdateForm(RefusalsShown):
    text = forms.CharField(
        label="What has been done",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The outcome the next meeting reads in its log of actions.",
        error_messages={"required": "Enter what has been done."},
    )
    status = forms.ChoiceField(
        label="The action is now",
        choices=[
            (ActionStatus.OPEN, "Still open"),
            (ActionStatus.DONE, "Done: close it"),
            (ActionStatus.DROPPED, "Dropped: close it"),
        ],
        initial=ActionStatus.OPEN,
        widget=forms.RadioSelect,
    )


class StatusForm(RefusalsShown):
    status = forms.ChoiceField(label="Where the meeting has got to", choices=MeetingStatus.choices)


class AgendaItemForm(RefusalsShown):
    title = forms.CharField(
        label="Agenda item",
        max_length=NAME_LIMIT,
        error_messages={"required": "Enter the agenda item's title."},
    )
    summary = forms.CharField(
        label="What it is about (optional)",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    presenter = forms.CharField(
        label="Presented by (optional)", required=False, max_length=NAME_LIMIT
    )


class IssueForm(RefusalsShown):
    title = forms.CharField(
        label="Issue",
        max_length=NAME_LIMIT,
        error_messages={"required": "Enter the issue's title."},
    )
    question = forms.CharField(
        label="What the meeting is asked to decide",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what the meeting is asked to decide."},
    )


class DecisionForm(RefusalsShown):
    decision = forms.CharField(
        label="Decision",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the decision."},
    )
    outcome = forms.CharField(
        label="Outcome (optional)",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    decided_on = forms.DateField(
        label="Decided on (optional: the meeting's date)",
        required=False,
        widget=DayInput(),
        error_messages={"invalid": DAY},
    )


PRESENCE_CHOICES = [("", "Not recorded"), *Presence.choices]


class MinutesForm(RefusalsShown):
    """Attendance and minutes of a meeting: each member's presence (with an account or from
    a partner), others by name (one a line), the general minutes and each agenda item's."""

    others_attended = forms.CharField(
        label="Others who attended",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One name a line: guests, officers presenting.",
    )
    others_apologies = forms.CharField(
        label="Others who sent apologies",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One name a line.",
    )
    minutes = forms.CharField(
        label="General minutes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Anything not under an agenda item.",
    )

    def __init__(self, *args, members=(), partner_members=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members, self.partner_members, self.items = members, partner_members, items
        for user in members:
            self.fields[f"who-u{user.pk}"] = forms.ChoiceField(
                label=user.get_full_name() or user.username,
                choices=PRESENCE_CHOICES,
                required=False,
            )
        for person in partner_members:
            self.fields[f"who-p{person.pk}"] = forms.ChoiceField(
                label=f"{person.name} ({person.partner.name})",
                choices=PRESENCE_CHOICES,
                required=False,
            )
        for item in items:
            self.fields[f"item-{item.pk}"] = forms.CharField(
                label=f"{item.position}. {item.title}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def presence_fields(self):
        return [self[name] for name in self.fields if name.startswith("who-")]

    def item_fields(self):
        return [self[name] for name in self.fields if name.startswith("item-")]

    def people(self) -> list[Present]:
        data = self.cleaned_data
        found = [
            Present(data[f"who-u{user.pk}"], user=user)
            for user in self.members
            if data.get(f"who-u{user.pk}")
        ]
        found += [
            Present(data[f"who-p{person.pk}"], partner_person=person)
            for person in self.partner_members
            if data.get(f"who-p{person.pk}")
        ]
        for field, presence in (
            ("others_attended", Presence.ATTENDED),
            ("others_apologies", Presence.APOLOGIES),
        ):
            found += [
                Present(presence, name=line.strip())
                for line in data.get(field, "").splitlines()
                if line.strip()
            ]
        return found

    def by_item(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"item-{item.pk}", "") for item in self.items}
