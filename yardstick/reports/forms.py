"""The download page's form: a period, the themes and a format; and the choice of the risk
registers the report includes; a change to a theme's key challenges."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from yardstick.core import challenge_list
from yardstick.framework.models import (
    MEANING_LENGTH,
    NARRATIVE_LENGTH,
    TERM_LENGTH,
    Period,
    Theme,
)
from yardstick.measures.models import Measure
from yardstick.reports.lookup import period_slug
from yardstick.reports.renderers import FORMATS
from yardstick.risks.models import InReport
from yardstick.scorecards.models import Scorecard

PAGE = "page"  # read the report here, as a web page


def format_choices() -> list[tuple[str, str]]:
    return [(PAGE, "Read it here as a web page")] + [
        (format.name, f"{format.label}: {format.description}") for format in FORMATS.values()
    ]


class ReportForm(forms.Form):
    period = forms.ChoiceField(label="Period")
    theme = forms.MultipleChoiceField(
        label="Themes",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave them all unticked for every theme.",
    )
    format = forms.ChoiceField(label="Format", widget=forms.RadioSelect, choices=format_choices)
    reasons = forms.BooleanField(
        label="Include how each rating was worked out (an appendix to the PDF and Word)",
        required=False,
        initial=True,
    )

    def __init__(self, data, *, periods: list[Period], themes: list[Theme], **kwargs):
        super().__init__(data, **kwargs)
        self.fields["period"].choices = [(period_slug(p), p.label) for p in periods]
        self.fields["theme"].choices = [(theme.code, theme.title) for theme in themes]
        self.fields["theme"].error_messages["invalid_choice"] = (
            "%(value)s is not a theme of the period you chose: tick the themes again."
        )


class RiskChoiceForm(forms.Form):
    """For each of the council's risk registers: whether the Strategic Performance Report
    includes it, all its open risks or only those above appetite."""

    def __init__(self, data=None, *, registers, **kwargs):
        super().__init__(data, **kwargs)
        self.registers = registers
        for register in registers:
            self.fields[f"register-{register.pk}"] = forms.ChoiceField(
                label=register.title,
                choices=InReport.choices,
                required=False,
                initial=register.in_report,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose one of the three."},
            )

    def chosen(self) -> dict[int, str]:
        return {
            register.pk: self.cleaned_data.get(f"register-{register.pk}") or InReport.NO
            for register in self.registers
        }


class ChallengeChoiceForm(forms.Form):
    """One change to a theme's key challenges in a period: include a measure, leave it out,
    list it as the rule says, or move it up or down the list (`order`: the measures' ids in
    their present order)."""

    scorecard = forms.ModelChoiceField(
        queryset=Scorecard.objects.none(),
        error_messages={"invalid_choice": "That scorecard is not one of this report's."},
    )
    measure = forms.ModelChoiceField(
        queryset=Measure.objects.none(),
        label="Measure",
        error_messages={
            "required": "Choose a measure.",
            "invalid_choice": "That measure is not one of the council's.",
        },
    )
    action = forms.ChoiceField(
        choices=[
            ("include", "Include"),
            ("leave_out", "Leave out"),
            ("rule", "As the rule says"),
            ("up", "Move up"),
            ("down", "Move down"),
        ]
    )
    # Optional to include; leaving a measure out takes one (`choose_challenge` says so).
    reason = forms.CharField(
        required=False,
        max_length=500,
        label="Why",
        error_messages={"max_length": "Say why in 500 characters or fewer."},
    )
    order = forms.CharField(required=False, max_length=5000, widget=forms.HiddenInput)

    def __init__(self, data=None, *, period: Period, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["scorecard"].queryset = Scorecard.objects.filter(
            organisation_id=period.organisation_id, theme__isnull=False
        )
        self.fields["measure"].queryset = Measure.objects.filter(
            organisation_id=period.organisation_id
        )


# --- the report's written text and the glossary ----------------------------------------------

SAVE, SUBMIT, SIGN_OFF, RETURN = "save", "submit", "sign_off", "return"
NARRATIVE_STEPS = (SAVE, SUBMIT, SIGN_OFF, RETURN)


def _text_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=NARRATIVE_LENGTH,
        strip=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 10, "class": "textarea"}),
    )


LIST_HINT = (
    "Start a line with '- ' for a bullet point; leave a blank line between paragraphs. "
    f"At most {NARRATIVE_LENGTH:,} characters. Abbreviations in the glossary get a footnote "
    "where the report first uses them (a numbered note)."
)


class IntroductionForm(forms.Form):
    introduction = _text_field(
        "Introduction", "The plan and its themes, as the report opens. " + LIST_HINT
    )
    summary = _text_field(
        "Summary of achievements across the themes",
        "Printed before each theme's achievements. " + LIST_HINT,
    )


class AchievementsForm(forms.Form):
    achievements = _text_field("Achievements this period", LIST_HINT)


class AbbreviationForm(forms.Form):
    term = forms.CharField(
        label="Abbreviation",
        max_length=TERM_LENGTH,
        help_text="As the text writes it, e.g. MASH.",
        widget=forms.TextInput(attrs={"class": "input-short", "autocomplete": "off"}),
    )
    meaning = forms.CharField(
        label="What it stands for",
        max_length=MEANING_LENGTH,
        help_text="e.g. Multi-Agency Safeguarding Hub.",
    )


class ChallengeListSettingsForm(forms.Form):
    """N and X of the challenge list; the bounds are the core's, checked again by the service."""

    runs = forms.IntegerField(
        label="Periods running (N)",
        min_value=challenge_list.RUNS_LOW,
        max_value=challenge_list.RUNS_HIGH,
        help_text=(
            f"A target missed, or beaten by more than the margin, in each of this many periods "
            f"running puts a measure on the list: {challenge_list.RUNS_LOW} to "
            f"{challenge_list.RUNS_HIGH}."
        ),
    )
    margin = forms.DecimalField(
        label="Margin, percent of the target (X)",
        min_value=challenge_list.MARGIN_LOW,
        max_value=challenge_list.MARGIN_HIGH,
        max_digits=4,
        decimal_places=1,
        help_text="How far a figure must beat its target, every period, to be on the list: "
        "0 to 100, to one decimal place.",
    )


class ChallengeListFilterForm(forms.Form):
    """The challenge list's filters (GET): a strategic theme, a directorate or service (its
    measures and those of the units under it), and the format of a download."""

    theme = forms.TypedChoiceField(label="Theme", required=False, coerce=int, empty_value=None)
    unit = forms.ChoiceField(label="Directorate or service", required=False)
    format = forms.ChoiceField(
        required=False, choices=[("", "Page"), ("csv", "CSV"), ("xlsx", "Excel")]
    )

    def __init__(self, *args, themes=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = {theme.pk: theme for theme in themes}
        self.units = {unit.code: unit for unit in units}
        self.fields["theme"].choices = [("", "Every theme")] + [
            (theme.pk, f"{theme.title} ({theme.plan.title})") for theme in themes
        ]
        self.fields["unit"].choices = [("", "Every directorate and service")] + [
            (unit.code, f"{unit.name} ({unit.get_kind_display().lower()})") for unit in units
        ]


class AgendaChoiceForm(forms.Form):
    meeting = forms.TypedChoiceField(label="Meeting", coerce=int)

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {meeting.pk: meeting for meeting in meetings}
        self.fields["meeting"].choices = [
            (
                meeting.pk,
                f"{meeting.body.name}, {timezone.localtime(meeting.starts_at):%-d %B %Y %H:%M}",
            )
            for meeting in meetings
        ]
