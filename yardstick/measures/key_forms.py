"""The form on the keys page: a key file written in the form, or uploaded. The same rule as
`yardstick rate --key` and the admin (`key_services.key_problems`): 'line N: reason'."""

from __future__ import annotations

from django import forms

from yardstick.core.keys import MAX_TEXT
from yardstick.measures.key_services import KeyRefused, key_problems, read_uploaded_key

ORGANISATION = ""  # the choice of "whose key" that means the organisation's


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
        self.measures = {measure.code: measure for measure in measures}
        self.fields["whose"].choices = [
            (ORGANISATION, "The organisation's key (every measure without its own)"),
            *((code, f"{code} {measure.title}") for code, measure in self.measures.items()),
        ]
        self.fields["whose"].error_messages["invalid_choice"] = (
            "Choose the organisation or one of its measures."
        )

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
