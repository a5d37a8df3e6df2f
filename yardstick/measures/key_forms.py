"""The forms of the keys pages: a key file written in a text box or uploaded (`RatingKeyForm`),
or a key written field by field (`KeyFieldsForm` and its `BandFormSet`). Both are judged by the
rule of `yardstick rate --key` and the admin (`core.keys.read_key`): the file form says
'line N: reason', the field form puts the same reason at the field at fault."""

from __future__ import annotations

from django import forms

from yardstick.core.keys import (
    FORM_BAND_FIELDS,
    KEY_FIELDS,
    MAX_TEXT,
    KeyFileError,
    read_key,
    write_key_fields,
)
from yardstick.core.ratings import Band, Distance, TrendAgainst
from yardstick.measures.key_services import KeyRefused, key_problems, read_uploaded_key

ORGANISATION = ""  # the choice of "whose key" that means the organisation's


def _whose_choices(form: forms.Form, measures) -> dict:
    """Offer ``form``'s "whose key" the organisation and each measure; the measures by code."""
    by_code = {measure.code: measure for measure in measures}
    form.fields["whose"].choices = [
        (ORGANISATION, "The organisation's key (every measure without its own)"),
        *((code, f"{code} {measure.title}") for code, measure in by_code.items()),
    ]
    form.fields["whose"].error_messages["invalid_choice"] = (
        "Choose the organisation or one of its measures."
    )
    return by_code


class RatingKeyForm(forms.Form):
    whose = forms.ChoiceField(label="Whose key", required=False)
    text = forms.CharField(
        label="The key file",
        required=False,
        max_length=MAX_TEXT,
        strip=False,
        help_text="TOML, as docs/keys.md describes it: a name, then each band best first.",
        widget=forms.Textarea(attrs={"rows": 24, "cols": 80, "spellcheck": "false"}),
    )
    upload = forms.FileField(
        label="Or upload a key file (.toml)",
        required=False,
        help_text="An uploaded file is used in place of the text above.",
    )

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = _whose_choices(self, measures)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        field = "upload" if upload else "text"
        text = cleaned.get("text") or ""
        if upload:
            try:
                text = read_uploaded_key(upload.read())
            except KeyRefused as refused:
                self.add_error("upload", str(refused))
                return cleaned
        if not text.strip():
            self.add_error("text", "Write the key file, or upload one.")
            return cleaned
        for problem in key_problems(text):
            self.add_error(field, problem)
        cleaned["key_text"] = text
        cleaned["measure"] = self.measures.get(cleaned.get("whose") or ORGANISATION)
        return cleaned


# The key written in a form, field by field (docs/keys.md "In the app"). Each field is text as
# typed: the form writes the key file of it (`core.keys.write_key_fields`) and `read_key`, the
# rule every key file is judged by, refuses it with the file's reason, put at the field at fault.
TYPED = 5_000  # characters in one field (a key file is at most MAX_TEXT)
TREND_AGAINST_WORDS = {
    TrendAgainst.PREVIOUS: "the previous period, for every measure",
    TrendAgainst.LAST_YEAR: "the same period last year, for every measure",
    TrendAgainst.BY_MEASURE: "each measure's own rule (last year for a cumulative measure)",
}
DISTANCE_WORDS = {
    Distance.PERCENT: "percent of the target",
    Distance.POINTS: "percentage points (for measures whose figures are percentages)",
}
BOUND_WORDS = {"at_least": "at least", "above": "more than"}


def _typed(label: str, help_text: str = "", **attrs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TYPED,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs),
    )


def _chosen(label: str, choices, help_text: str = "") -> forms.CharField:
    """A choice whose value the key file's rule judges, not the form (a CharField shown as a
    select): a value not offered is refused with the file's reason."""
    return forms.CharField(
        label=label, required=False, help_text=help_text, widget=forms.Select(choices=choices)
    )


class KeyFieldsForm(forms.Form):
    """A key's own fields; its bands are `BandFormSet`. `key_file_of` writes the key file."""

    whose = forms.ChoiceField(widget=forms.HiddenInput, required=False)
    name = _typed("Name", "As the key is printed, up to 200 characters.", size=70)
    distance = _chosen(
        "Distance from the target, measured in",
        [(choice.value, words) for choice, words in DISTANCE_WORDS.items()],
    )
    trend_against = _chosen(
        "The direction of travel compares a figure with",
        [(choice.value, words) for choice, words in TREND_AGAINST_WORDS.items()],
    )
    zero_target_tolerance = _typed(
        "Tolerance for zero targets",
        "In the measure's own units (days for a date): how far off a zero target is Amber, "
        "not Red. 0 to 1,000,000.",
        inputmode="decimal",
        size=12,
    )
    no_change_tolerance = _typed(
        "No-change tolerance (optional)",
        "A change this small or smaller, in the measure's own units, is \u201cno change\u201d. "
        "Leave it blank to keep each measure's own.",
        inputmode="decimal",
        size=12,
    )

    def __init__(self, *args, measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = _whose_choices(self, measures)

    def clean(self):
        cleaned = super().clean()
        cleaned["measure"] = self.measures.get(cleaned.get("whose") or ORGANISATION)
        return cleaned


class BandForm(forms.Form):
    """One band of a key, best first: its code (from the core's bands), the label the council
    prints, its bound (a figure whose distance is at least, or more than, the bound takes it)
    and the sentence printed in the key."""

    code = _chosen(
        "Band",
        [("", "Choose a band"), *((band.value, band.code_and_label) for band in Band)],
    )
    label = _typed("Label (optional)")
    bound_kind = _chosen("Takes a figure whose distance is", list(BOUND_WORDS.items()))
    bound = _typed("Bound", inputmode="decimal", size=8)
    meaning = _typed("Meaning (optional)", size=60)

    def typed(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in FORM_BAND_FIELDS}

    def is_blank(self) -> bool:
        return not any(
            value.strip() for name, value in self.typed().items() if name != "bound_kind"
        )


class BaseBandFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["DELETE"].label = "Remove this band"


BandFormSet = forms.formset_factory(
    BandForm,
    formset=BaseBandFormSet,
    extra=0,
    can_delete=True,
    max_num=len(Band),  # each of the core's bands once
    absolute_max=len(Band),
    validate_max=True,
)


def rearranged(data, prefix: str = "bands"):
    """The posted bands with one more (``add_band``), or (``move_up``) with band
    ``move_band`` swapped with the one above it: what the buttons of the form do without
    JavaScript (they follow "Set the key", which stays the button Enter presses). None when
    the post asks for neither (it sets the key)."""
    total = data.get(f"{prefix}-TOTAL_FORMS", "")
    count = int(total) if total.isdigit() else 0
    if "add_band" in data:
        data = data.copy()
        data[f"{prefix}-TOTAL_FORMS"] = str(min(count + 1, len(Band)))
        return data
    if "move_up" not in data:
        return None
    data = data.copy()
    moving = data.get("move_band", "")
    index = int(moving) if moving.isdigit() else 0
    if 0 < index < min(count, len(Band)):
        for name in (*FORM_BAND_FIELDS, "DELETE"):
            above, below = f"{prefix}-{index - 1}-{name}", f"{prefix}-{index}-{name}"
            values = data.getlist(above), data.getlist(below)
            data.setlist(below, values[0])
            data.setlist(above, values[1])
    return data


def key_file_of(form: KeyFieldsForm, bands) -> str | None:
    """The key file the form and its bands describe, best first (a band marked for removal, or
    left blank, is no band); None, with each refusal put at its field, when `read_key` refuses
    it: the same reason as the file gives, without a line the person never wrote."""
    if not (form.is_valid() and bands.is_valid()):
        return None
    kept = [band for band in bands.forms if band not in bands.deleted_forms]
    kept = [band for band in kept if not band.is_blank()]
    fields = {name: form.cleaned_data.get(name, "") for name in KEY_FIELDS}
    text, where = write_key_fields(fields, [band.typed() for band in kept])
    try:
        read_key(text)
    except KeyFileError as refused:
        index, name = where.get(refused.line, (None, ""))
        if index is None:
            form.add_error(name if name in form.fields else None, refused.reason)
        elif name:
            kept[index].add_error(name, refused.reason)
        elif index < len(kept) - 1:  # a band's own line: its bound is missing
            kept[index].add_error("bound", refused.reason)
        else:  # the only band: a key needs two
            form.add_error(None, refused.reason)
        return None
    return text
