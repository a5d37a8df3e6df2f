"""Forms of the pack builder. Each reads what a person typed and leaves the rules to
`packs.services`, whose words it shows against the field they are about."""

from __future__ import annotations

from django import forms

from yardstick.meetings.forms import RefusalsShown
from yardstick.meetings.models import NAME_LIMIT, TEXT_LIMIT


class PeriodForm(RefusalsShown):
    period = forms.TypedChoiceField(
        label="The quarter the meeting reviews",
        coerce=int,
        error_messages={"invalid_choice": "Choose a quarter that began before the meeting."},
    )

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [
            (p.pk, f"{p.label} ({p.get_status_display().lower()})") for p in periods
        ]


class SectionForm(RefusalsShown):
    heading = forms.CharField(
        label="Heading",
        max_length=NAME_LIMIT,
        error_messages={"required": "Enter the section's heading."},
    )
    text = forms.CharField(
        label="Text",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Paragraphs separated by a blank line; lines starting with '- ' make a list.",
        error_messages={"required": "Enter the section's text."},
    )


class PublishForm(RefusalsShown):
    confirm = forms.BooleanField(
        label="I have checked the pack: publish it to the meeting's members",
        error_messages={"required": "Tick the box to confirm you have checked the pack."},
    )


def arrangement(data, sections) -> tuple[list[tuple[int, int, bool]], dict[int, str]]:
    """The sections' places and inclusion as posted (`position-<id>`, `included-<id>`), and
    {section id: problem} for places that are not whole numbers."""
    rows, problems = [], {}
    for section in sections:
        text = (data.get(f"position-{section.pk}") or "").strip()
        if not text.isdigit() or len(text) > 3:
            problems[section.pk] = f"Enter a whole number for the place of {section.title}."
            continue
        rows.append((section.pk, int(text), data.get(f"included-{section.pk}") == "on"))
    return rows, problems
