"""Forms for risks. Each reads what a person typed, says plainly what it cannot read, and
leaves the rules to `risks.services`, whose words it shows against the field they are about;
nothing typed is lost when the form is shown again."""

from __future__ import annotations

from django import forms

from yardstick.accounts.models import User
from yardstick.actions.models import KeyAction
from yardstick.core import risk as core
from yardstick.framework.models import Theme
from yardstick.measures.models import Measure
from yardstick.meetings.models import Partner
from yardstick.risks.models import NAME_LIMIT, TEXT_LIMIT, ActionStatus, Category, Register
from yardstick.risks.services import RiskInput, RiskRefused
from yardstick.widgets import DayInput

DAY = "Enter a date such as 19 June 2018 (2018-06-19)."


class RefusalsShown(forms.Form):
    def show(self, refused: RiskRefused) -> None:
        """Show a service's refusal against its field (or the whole form)."""
        field = refused.field if refused.field in self.fields else None
        self.add_error(field, refused.message)


def _people(organisation_id: int):
    return User.objects.filter(organisation_id=organisation_id, is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def _name(user) -> str:
    return user.get_full_name() or user.username


def _level_choices(labels: tuple[str, ...]) -> list[tuple[str, str]]:
    return [("", "Choose")] + [(str(n), f"{n} {label}") for n, label in enumerate(labels, 1)]


def _level(label: str, labels, what: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=_level_choices(labels),
        error_messages={
            "required": f"Choose the {what}.",
            "invalid_choice": f"Choose the {what} from the list.",
        },
    )


def _day(label: str, required: bool = True, what: str = "the date") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DayInput(),
        error_messages={"required": f"Enter {what}.", "invalid": DAY},
    )


class ReviewForm(RefusalsShown):
    """A review: the current likelihood and impact now, notes, the next review date and,
    optionally, a new control in place."""

    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What has changed since the last review, and why the scores are as they are.",
    )
    next_review = _day("Next review by", what="the next review date")
    control = forms.CharField(
        label="A new control in place (optional)",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    control_owner = forms.ModelChoiceField(
        label="The control's owner (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="No one named",
    )

    def __init__(self, *args, scale: core.RiskScale, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "likelihood": _level("Likelihood now", scale.likelihood_labels, "likelihood"),
            "impact": _level("Impact now", scale.impact_labels, "impact"),
            **self.fields,
        }
        self.fields["control_owner"].queryset = _people(organisation_id)
        self.fields["control_owner"].label_from_instance = _name


class EscalateForm(RefusalsShown):
    register = forms.ModelChoiceField(
        label="Escalate to",
        queryset=Register.objects.none(),
        empty_label="Choose a register",
        error_messages={"required": "Choose the register to escalate the risk to."},
    )
    reason = forms.CharField(
        label="Why (optional)",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, targets: list[Register], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = Register.objects.filter(
            pk__in=[target.pk for target in targets]
        )


class CloseForm(RefusalsShown):
    reason = forms.CharField(
        label="Why is the risk closed?",
        max_length=NAME_LIMIT,
        error_messages={"required": "Say why the risk is closed."},
    )


class ControlForm(RefusalsShown):
    text = forms.CharField(
        label="Control in place",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the control."},
    )
    owner = forms.ModelChoiceField(
        label="Owner (optional)", queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people(organisation_id)
        self.fields["owner"].label_from_instance = _name


class FurtherActionForm(RefusalsShown):
    text = forms.CharField(
        label="Further action",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the action."},
    )
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=User.objects.none(),
        error_messages={"required": "Choose the action's owner."},
    )
    due = _day("Due by", what="the due date")

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people(organisation_id)
        self.fields["owner"].label_from_instance = _name


class ActionUpdateForm(RefusalsShown):
    progress = forms.CharField(
        label="Progress",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the progress."},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        initial=ActionStatus.OPEN,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose open, done or dropped."},
    )


class RiskForm(RefusalsShown):
    """A new risk, or a change to one: what it is, whose, its scores and review date."""

    title = forms.CharField(label="Title", max_length=NAME_LIMIT)
    category = forms.ChoiceField(label="Category", choices=[("", "Choose"), *Category.choices])
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=User.objects.none(),
        error_messages={"required": "Choose the risk's owner."},
    )
    cause = forms.CharField(
        label="Cause", required=False, max_length=TEXT_LIMIT, widget=forms.Textarea({"rows": 2})
    )
    event = forms.CharField(
        label="Event", required=False, max_length=TEXT_LIMIT, widget=forms.Textarea({"rows": 2})
    )
    effect = forms.CharField(
        label="Effect", required=False, max_length=TEXT_LIMIT, widget=forms.Textarea({"rows": 2})
    )
    appetite = forms.IntegerField(
        label="Appetite (optional)",
        required=False,
        min_value=1,
        max_value=25,
        help_text="The highest score tolerated for this risk; blank for the council's.",
    )
    review_date = _day("Review by", what="the review date")
    themes = forms.ModelMultipleChoiceField(
        label="Themes it threatens", queryset=Theme.objects.none(), required=False
    )
    measures = forms.ModelMultipleChoiceField(
        label="Measures it threatens", queryset=Measure.objects.none(), required=False
    )
    key_actions = forms.ModelMultipleChoiceField(
        label="Key projects it threatens", queryset=KeyAction.objects.none(), required=False
    )
    partners = forms.ModelMultipleChoiceField(
        label="Partners who hold it (a shared risk)",
        queryset=Partner.objects.none(),
        required=False,
    )

    def __init__(self, *args, scale: core.RiskScale, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        levels = {}
        for level in ("inherent", "current", "target"):
            levels[f"{level}_likelihood"] = _level(
                f"{level.capitalize()} likelihood", scale.likelihood_labels, f"{level} likelihood"
            )
            levels[f"{level}_impact"] = _level(
                f"{level.capitalize()} impact", scale.impact_labels, f"{level} impact"
            )
        names = list(self.fields)
        at = names.index("appetite")
        self.fields = {
            **{name: self.fields[name] for name in names[:at]},
            **levels,
            **{name: self.fields[name] for name in names[at:]},
        }
        self.fields["owner"].queryset = _people(organisation_id)
        self.fields["owner"].label_from_instance = _name
        self.fields["themes"].queryset = Theme.objects.filter(
            plan__organisation_id=organisation_id
        ).order_by("plan", "position", "title")
        self.fields["measures"].queryset = Measure.objects.filter(
            organisation_id=organisation_id
        ).order_by("code")
        self.fields["measures"].label_from_instance = lambda m: f"{m.code} {m.title}"
        self.fields["key_actions"].queryset = KeyAction.objects.filter(
            organisation_id=organisation_id
        ).order_by("code")
        self.fields["key_actions"].label_from_instance = lambda a: f"{a.code} {a.title[:80]}"
        self.fields["partners"].queryset = Partner.objects.filter(organisation_id=organisation_id)

    def given(self) -> RiskInput:
        data = self.cleaned_data
        return RiskInput(
            title=data["title"],
            category=data["category"],
            owner=data["owner"],
            inherent_likelihood=data["inherent_likelihood"],
            inherent_impact=data["inherent_impact"],
            current_likelihood=data["current_likelihood"],
            current_impact=data["current_impact"],
            target_likelihood=data["target_likelihood"],
            target_impact=data["target_impact"],
            review_date=data["review_date"],
            cause=data["cause"],
            event=data["event"],
            effect=data["effect"],
            appetite=data["appetite"],
            themes=list(data["themes"]),
            measures=list(data["measures"]),
            key_actions=list(data["key_actions"]),
            partners=list(data["partners"]),
        )


def initial_of(risk) -> dict:
    """A risk's fields as the form starts with them, for a change."""
    names = [
        "title",
        "category",
        "cause",
        "event",
        "effect",
        "appetite",
        "review_date",
        *(
            f"{lv}_{part}"
            for lv in ("inherent", "current", "target")
            for part in ("likelihood", "impact")
        ),
    ]
    initial = {name: getattr(risk, name) for name in names}
    initial["owner"] = risk.owner_id
    for name in ("themes", "measures", "key_actions", "partners"):
        initial[name] = list(getattr(risk, name).values_list("pk", flat=True))
    return initial


class ScaleForm(RefusalsShown):
    """The council's scale as the performance team types it; the rules (the core's, and no
    risk left scored off the scale) are `services.check_scale`'s."""

    size = forms.TypedChoiceField(
        label="Size",
        coerce=int,
        choices=[(4, "4×4"), (5, "5×5")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose 4×4 or 5×5.", "invalid_choice": "Choose 4×4 or 5×5."},
    )
    likelihood_labels = forms.CharField(
        label="Likelihood labels",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One a line, the least likely first: as many lines as the size.",
        error_messages={"required": "Enter the likelihood labels, one a line."},
    )
    impact_labels = forms.CharField(
        label="Impact labels",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One a line, the least harm first: as many lines as the size.",
        error_messages={"required": "Enter the impact labels, one a line."},
    )
    bands = forms.CharField(
        label="Score bands",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line, the band's lowest score then its name: '1 Low', '5 Medium', "
        "'10 High', '16 Very high'. The first starts at 1.",
        error_messages={"required": "Enter the score bands, one a line."},
    )
    appetite = forms.IntegerField(
        label="Appetite",
        min_value=1,
        max_value=25,
        help_text="The highest score the council tolerates (a risk may set its own).",
        error_messages={
            "required": "Enter the appetite: a score.",
            "invalid": "Enter the appetite as a whole number.",
            "min_value": "The appetite must be a score of at least 1.",
            "max_value": "The appetite must be a score of at most 25.",
        },
    )
    reason = forms.CharField(
        label="Why it changes",
        max_length=NAME_LIMIT,
        help_text="Kept in the scale's history.",
        error_messages={"required": "Say why the scale changes: it is kept in its history."},
    )
