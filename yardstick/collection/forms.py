"""Forms for collecting the figures. Each reads what a person typed into the core's values
(`parse_value`, `parse_date_range`), says plainly what it cannot read, and checks the figure by
the rules every door applies (`yardstick.measures.rules.figure_problems`), in the same words;
nothing typed is lost when the form is shown again."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone

from yardstick.actions.models import ActionStatus, ReviewStatus
from yardstick.actions.services import ReturnInput
from yardstick.collection.queries import value_text
from yardstick.core.periods import DateRange, Frequency, PeriodParseError, parse_date_range
from yardstick.core.values import Missing, MissingState, Value, ValueParseError, ValueType
from yardstick.core.values import parse_value as core_parse_value
from yardstick.measures.assessment import core_value
from yardstick.measures.models import MISSING_LABELS, Figure, Measure
from yardstick.measures.rules import (
    AGREED_BY_LENGTH,
    COMMENTARY_LENGTH,
    NOTE_LENGTH,
    OUTLIER_NOTE_LENGTH,
    REASON_LENGTH,
    FigureInput,
    figure_problems,
    forecasts_for,
    read_forecast,
)
from yardstick.organisations.models import BankHolidayRegion
from yardstick.widgets import DayInput

EXAMPLES = {
    ValueType.NUMBER: "A number, for example 1,234 or 12.5.",
    ValueType.PERCENTAGE: "A percentage, for example 45.2%.",
    ValueType.CURRENCY: "An amount in pounds, for example £1,234.56.",
    ValueType.RATE: "A rate, for example 12.3.",
    ValueType.RATIO: "A ratio, for example 1:4 or 0.25.",
    ValueType.DURATION: "A time in minutes and seconds, for example 01:36 (or h:mm:ss).",
    ValueType.YES_NO: "Yes or No.",
    ValueType.DATE: "A date, for example 12/03/2019 or 12 Mar 2019.",
}
# A rule's field, where this form shows it.
FIELD_FOR = {"data_covers": "data_covers", "period": None, "outlier_note": "outlier_note"}
MISSING_CHOICES = [("", "There is a figure")] + [
    (state.value, label) for state, label in MISSING_LABELS.items()
]


def show_problems(form, problems) -> None:
    """Show the rules' problems on `form`: each against its field, or the whole form."""
    for problem in problems:
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)


def textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "cols": 60})


class RuledText(forms.CharField):
    """Text whose length the rules judge (`rules.text_problems`, the same words at every
    door, not Django's 'Ensure this value has at most ...'); the browser is told the limit."""

    def __init__(self, *, limit: int, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = str(limit)


class FigureForm(forms.Form):
    """A figure for one measure and period: the value (with its numerator and denominator
    where the measure counts them) or why there is none, what the data covers, the commentary
    and the proposed action. `version` is the figure's version when the form was opened."""

    value = forms.CharField(label="Figure", required=False, max_length=100)
    # Read here; how large and how precise a count may be is the rules' (the same words at
    # every door), not the form field's.
    numerator = forms.DecimalField(required=False)
    denominator = forms.DecimalField(required=False)
    missing_state = forms.ChoiceField(
        label="If there is no figure, why not", choices=MISSING_CHOICES, required=False
    )
    note = RuledText(
        label="Note",
        required=False,
        limit=NOTE_LENGTH,
        help_text="Printed with the figure: for example 'Data not currently available' or "
        "'Reported at least 3 months in arrears'.",
    )
    data_covers_start = forms.DateField(label="From", required=False, widget=DayInput())
    data_covers_end = forms.DateField(label="To", required=False, widget=DayInput())
    data_covers = forms.CharField(
        label="Or type the range",
        required=False,
        max_length=60,
        help_text="For example Jul 16 - Sep 16.",
    )
    commentary = RuledText(
        label="Commentary",
        required=False,
        limit=COMMENTARY_LENGTH,
        widget=textarea(5),
        help_text="Required when the figure would be rated Amber, Low Red or High Red, or "
        "has deteriorated: say why, and what is being done.",
    )
    commentary_published = forms.BooleanField(
        label="Publish this commentary on the public site with the figure",
        required=False,
        help_text="Residents read it on the measure's public page once the period is "
        "published. Leave it unticked for commentary meant for the council only.",
    )
    proposed_action = RuledText(
        label="Proposed action",
        required=False,
        limit=COMMENTARY_LENGTH,
        widget=textarea(3),
    )
    outlier_confirmed = forms.BooleanField(
        label="I have checked this figure and it is right", required=False
    )
    outlier_note = RuledText(
        label="Why the unusual figure is right",
        required=False,
        limit=OUTLIER_NOTE_LENGTH,
        widget=textarea(2),
    )
    forecast = forms.CharField(
        label="Your year-end forecast",
        required=False,
        max_length=100,
        help_text="Only where you know better than the calculated forecast: the figure you "
        "expect the year to end on, in the measure's units.",
    )
    forecast_reason = RuledText(
        label="Why you forecast a different year end",
        required=False,
        limit=REASON_LENGTH,
        widget=textarea(2),
        help_text="Required with your forecast: what you know that the figures so far do not show.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, measure: Measure, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.period = period
        self.value_type = ValueType(measure.value_type)
        self.fields["value"].help_text = EXAMPLES[self.value_type]
        if measure.numerator_label or measure.denominator_label:
            self.fields["numerator"].label = measure.numerator_label or "Numerator"
            self.fields["denominator"].label = measure.denominator_label or "Denominator"
        else:
            del self.fields["numerator"]
            del self.fields["denominator"]
        if not forecasts_for(measure):
            del self.fields["forecast"]
            del self.fields["forecast_reason"]
        self.entry: FigureInput | None = None
        self.parsed_value: Value | Missing | None = None

    @property
    def has_forecast(self) -> bool:
        """Whether the owner may give their own year-end forecast (a cumulative measure)."""
        return "forecast" in self.fields

    @property
    def has_counts(self) -> bool:
        return "numerator" in self.fields

    @property
    def figure_errors(self) -> list[str]:
        """What is wrong with the figure itself, for the live preview to say why it is not
        rated rather than rate what the form will refuse: its value, its counts, a value given
        with a reason for none, the dates it covers and its period (not the texts beside it)."""
        names = (
            "value",
            "numerator",
            "denominator",
            "missing_state",
            "data_covers_start",
            "data_covers_end",
            "data_covers",
            NON_FIELD_ERRORS,
        )
        return [message for name in names for message in self.errors.get(name, [])]

    @staticmethod
    def initial_for(measure: Measure, figure: Figure | None) -> dict:
        """What the form shows for a stored figure (or none): it reads back to the same."""
        if figure is None:
            return {"version": 0}
        value = core_value(measure, figure)
        initial = {
            "version": figure.version,
            "note": figure.note,
            "data_covers_start": figure.data_covers_start,
            "data_covers_end": figure.data_covers_end,
            "commentary": figure.commentary,
            "commentary_published": figure.commentary_published,
            "proposed_action": figure.proposed_action,
            "outlier_confirmed": figure.outlier_confirmed,
            "outlier_note": figure.outlier_note,
            "missing_state": figure.missing_state,
            "forecast_reason": figure.forecast_reason,
        }
        if figure.forecast is not None:
            initial["forecast"] = value_text(Value(figure.forecast, ValueType(measure.value_type)))
        if isinstance(value, Value):
            shown = replace(value, numerator=None, denominator=None)
            if value.value_type is ValueType.RATIO and value.numerator is not None:
                shown = value  # a ratio is typed as its terms, '1:4'
            initial["value"] = value_text(shown)
            initial["numerator"] = _plain(figure.numerator)
            initial["denominator"] = _plain(figure.denominator)
        if isinstance(value, Missing) and figure.note == "":
            initial["note"] = value.note
        return initial

    def clean(self) -> dict:
        data = super().clean()
        value = self._value(data)
        start, end = self._covers(data)
        forecast = self._forecast(data)
        entry = FigureInput(
            value=value,
            note=(data.get("note") or "").strip(),
            commentary=(data.get("commentary") or "").strip(),
            commentary_published=bool(data.get("commentary_published")),
            proposed_action=(data.get("proposed_action") or "").strip(),
            data_covers_start=start,
            data_covers_end=end,
            outlier_confirmed=bool(data.get("outlier_confirmed")),
            outlier_note=(data.get("outlier_note") or "").strip(),
            forecast=forecast,
            forecast_reason=self._typed(data, "forecast_reason").strip(),
        )
        problems = figure_problems(self.measure, self.period, entry, timezone.localdate())
        for problem in problems:
            field = FIELD_FOR.get(problem.field, problem.field)
            self.add_error(field if field in self.fields else None, problem.message)
        # The preview rates the figure even when another field is wrong, never one refused.
        value_refused = any(p.field in ("value", "numerator", "denominator") for p in problems)
        self.parsed_value = None if value_refused else value
        if self.errors:
            return data
        self.entry = entry
        return data

    def _typed(self, data: dict, name: str) -> str:
        """What was given for `name`: the field's, or, where the form has no such box (a
        measure without forecasts), what was sent anyway, for the rules to refuse."""
        if name in self.fields:
            return data.get(name) or ""
        return str(self.data.get(self.add_prefix(name), "") or "")

    def _forecast(self, data: dict) -> Value | None:
        """The owner's forecast as typed (`rules.read_forecast`); a measure without forecasts
        has no box, and a forecast sent anyway (the API) is refused by the rules."""
        try:
            return read_forecast(self._typed(data, "forecast")[:100], self.value_type)
        except ValueParseError as error:
            field = "forecast" if "forecast" in self.fields else None
            self.add_error(field, f"{_sentence(str(error))} {EXAMPLES[self.value_type]}")
            return None

    def _value(self, data: dict) -> Value | Missing | None:
        text = (data.get("value") or "").strip()
        state = data.get("missing_state") or ""
        try:
            parsed = core_parse_value(text, self.value_type)
        except ValueParseError as error:
            self.add_error("value", f"{_sentence(str(error))} {EXAMPLES[self.value_type]}")
            return None
        if isinstance(parsed, Missing):  # typed 'Data not available', 'BL', '-' ...
            if not state:
                state = parsed.state
                data["note"] = data.get("note") or parsed.note
            parsed = None
        numerator = data.get("numerator")
        denominator = data.get("denominator")
        if parsed is not None and state:
            self.add_error(
                "missing_state",
                "Enter a figure or choose why there is none, not both: clear one of them.",
            )
            return None
        if parsed is None and (numerator is not None or denominator is not None):
            self.add_error("value", "Enter the figure as well as its numerator and denominator.")
            return None
        if parsed is not None:
            if self.has_counts and (numerator is not None or denominator is not None):
                parsed = replace(parsed, numerator=numerator, denominator=denominator)
            return parsed
        if state:
            return Missing(MissingState(state), (data.get("note") or "").strip())
        return None

    def _covers(self, data: dict) -> tuple[date | None, date | None]:
        start, end = data.get("data_covers_start"), data.get("data_covers_end")
        typed = (data.get("data_covers") or "").strip()
        if (start is None) != (end is None):
            missing = "data_covers_end" if end is None else "data_covers_start"
            self.add_error(missing, "Enter both dates the data covers, or neither.")
            return None, None
        if start is not None and end < start:
            self.add_error("data_covers_end", "The data cannot end before it starts.")
            return None, None
        if typed:
            try:
                read = parse_date_range(typed)
            except PeriodParseError as error:
                self.add_error("data_covers", _sentence(str(error)))
                return None, None
            if start is not None and (start, end) != (read.start, read.end):
                self.add_error(
                    "data_covers",
                    f"The dates ({DateRange(start, end).label}) and the typed range "
                    f"({read.label}) disagree: keep one of them.",
                )
                return None, None
            return read.start, read.end
        return start, end


class CorrectionForm(FigureForm):
    """A correction after publishing (performance team): the figure, and why it changes."""

    reason = forms.CharField(
        label="Why the published figure is being corrected",
        max_length=REASON_LENGTH,
        widget=textarea(2),
        help_text="Kept in the history and printed with the restated rating.",
    )


class DecisionForm(forms.Form):
    """Approve or return a submitted figure; returning needs a reason."""

    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("return", "Return to owner")],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label="Why you are returning it",
        required=False,
        max_length=REASON_LENGTH,
        widget=textarea(3),
        help_text="The owner sees this with the figure.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why you are returning the figure.")
        return data


class DeadlineRuleForm(forms.Form):
    """When returns of one frequency are due, and when reminders go."""

    working_days_after = forms.IntegerField(
        label="Working days after the period ends", min_value=0, max_value=120
    )
    remind_days_before = forms.IntegerField(
        label="First reminder, days before the deadline", min_value=0, max_value=60
    )
    escalate_days_after = forms.IntegerField(
        label="Escalate to the approver, days after the deadline",
        min_value=0,
        max_value=120,
        help_text="And to the performance team after twice as many days.",
    )
    sign_off_working_days = forms.IntegerField(
        label="Sign-off, working days after the deadline",
        min_value=0,
        max_value=60,
        required=False,
        help_text="When approvers are to have signed the figures off (5 if left blank).",
    )

    def clean_sign_off_working_days(self) -> int:
        days = self.cleaned_data.get("sign_off_working_days")
        return 5 if days is None else days

    def __init__(self, *args, frequency: Frequency, **kwargs):
        super().__init__(*args, prefix=str(frequency), **kwargs)
        self.frequency = frequency


class BankHolidaysForm(forms.Form):
    """Whose bank holidays are left out when counting working days to a deadline."""

    bank_holidays = forms.ChoiceField(
        label="Bank holidays not counted as working days",
        choices=BankHolidayRegion.choices,
        required=False,
    )


class PeriodDeadlineForm(forms.Form):
    deadline = forms.DateField(label="Deadline", widget=DayInput())


class OpeningRuleForm(forms.Form):
    """Whether the next period opens for returns as soon as one is published."""

    open_next_on_publish = forms.BooleanField(
        label="Open the next period for returns as soon as one is published",
        required=False,
        help_text="Its targets are carried forward (or profiled from the year's) and its "
        "owners told. Otherwise each period opens on the day you set below.",
    )


class PeriodOpeningForm(forms.Form):
    opens_on = forms.DateField(label="Opens for returns on", widget=DayInput())


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label="Publish anyway: the figures listed above will be reported as no figure",
        required=False,
    )

    def __init__(self, *args, outstanding: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.outstanding = outstanding
        if not outstanding:
            del self.fields["confirm"]

    def clean(self) -> dict:
        data = super().clean()
        if self.outstanding and not data.get("confirm"):
            self.add_error(
                "confirm",
                f"{self.outstanding} figure{'s are' if self.outstanding != 1 else ' is'} not "
                "signed off: tick to publish anyway, or wait for them.",
            )
        return data


def _plain(amount) -> str:
    if amount is None:
        return ""
    text = format(amount.normalize(), "f")
    return text


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


class ProjectReturnForm(forms.Form):
    """A key project's return: progress, status, percentage complete, and the day each of
    its milestones was done. The rules (`actions.services.return_problems`) judge it, in the
    same words at every door; the form only reads what was typed."""

    progress = RuledText(
        limit=COMMENTARY_LENGTH,
        required=False,
        widget=textarea(6),
        help_text="What was done this period, what is next, and anything the board should know.",
    )
    status = forms.ChoiceField(choices=ActionStatus.choices, label="Status")
    percent_complete = forms.IntegerField(
        required=False,
        label="Percentage complete",
        help_text="From 0 to 100. A completed project is 100.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
    )

    def __init__(self, *args, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.milestones = list(milestones)
        for milestone in self.milestones:
            self.fields[f"milestone_{milestone.pk}"] = forms.DateField(
                required=False,
                label=f"{milestone.title}: day done",
                help_text=f"Planned for {milestone.planned:%-d %B %Y}. Blank if not yet done.",
                widget=DayInput(),
            )

    def entry(self) -> ReturnInput:
        data = self.cleaned_data
        return ReturnInput(
            progress=data.get("progress") or "",
            status=data.get("status") or "",
            percent_complete=data.get("percent_complete"),
            milestones_done={
                milestone.pk: data.get(f"milestone_{milestone.pk}") for milestone in self.milestones
            },
        )


class ProjectReturnBackForm(forms.Form):
    reason = RuledText(
        limit=REASON_LENGTH,
        required=False,
        widget=textarea(3),
        label="What needs changing",
        help_text="The owner reads this with the return.",
    )


class BenefitsReviewForm(forms.Form):
    outcome = RuledText(
        limit=COMMENTARY_LENGTH,
        required=False,
        widget=textarea(6),
        label="What the project delivered",
        help_text="The benefits it promised, which it delivered, and the evidence; or why "
        "the review was dropped.",
    )
    status = forms.ChoiceField(
        choices=[(ReviewStatus.DONE, "Done"), (ReviewStatus.DROPPED, "Dropped")],
        widget=forms.RadioSelect,
        label="The review is",
        error_messages={"required": "Say whether the review is done or dropped."},
    )


class CalendarForm(forms.Form):
    """What My calendar shows: a month as a grid or as a list (three months), of every body
    or one. A month is written 2018-12; one outside the years Yardstick keeps is refused."""

    view = forms.ChoiceField(
        choices=[("month", "Month"), ("list", "List")], required=False, label="Show as"
    )
    month = forms.RegexField(
        regex=r"^\d{4}-\d{2}$",
        required=False,
        label="Month",
        error_messages={"invalid": "Give the month as year and month, for example 2018-12."},
        widget=forms.TextInput(attrs={"type": "month", "class": "input-short"}),
    )
    body = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Board")

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", "Every board")] + [(b.pk, b.name) for b in bodies]

    def clean_month(self) -> date | None:
        text = self.cleaned_data.get("month")
        if not text:
            return None
        year, month = int(text[:4]), int(text[5:])
        if not 1 <= month <= 12:
            raise forms.ValidationError("Give the month as year and month, for example 2018-12.")
        latest = timezone.localdate().year + 10
        if not 2000 <= year <= latest:
            raise forms.ValidationError(f"Choose a month from 2000 to {latest}.")
        return date(year, month, 1)


class AgreeTargetsForm(forms.Form):
    """Agree some of a period's proposed targets: which, who agreed them and when. The rules
    (`measures.rules.agreeing_problems`, through `services.agree_targets`) judge who and when,
    as at every other door."""

    targets = forms.MultipleChoiceField(
        label="Targets to agree",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one target to agree."},
    )
    agreed_by = RuledText(
        label="Agreed by",
        limit=AGREED_BY_LENGTH,
        required=False,
        help_text="A person or a body, such as 'Cabinet' or 'Safer Demo Partnership Board'.",
    )
    agreed_on = forms.DateField(
        label="Agreed on",
        required=False,
        widget=DayInput(),
        error_messages={"invalid": "Enter the date it was agreed as a date, such as 12/7/2018."},
    )

    def __init__(self, *args, proposed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.proposed = {str(target.pk): target for target in proposed}
        self.fields["targets"].choices = [(key, key) for key in self.proposed]

    @property
    def chosen(self) -> list:
        return [self.proposed[key] for key in self.cleaned_data["targets"]]
