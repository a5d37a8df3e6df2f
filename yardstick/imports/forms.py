"""The upload form: what the file holds, the file, and the status its figures are given."""

from __future__ import annotations

from django import forms

from yardstick.imports.models import ImportKind
from yardstick.imports.tables import TableError, format_of
from yardstick.measures.models import FigureStatus

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=[("", "Choose a kind of file"), *ImportKind.choices],
        help_text="Each kind has its own columns: see the formats below.",
    )
    file = forms.FileField(
        label="File",
        help_text="A CSV file (.csv, saved as CSV UTF-8) or an Excel workbook (.xlsx): the "
        "first sheet, with a header row naming the columns. Up to 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    figure_status = forms.ChoiceField(
        label="Status of imported figures",
        choices=FigureStatus.choices,
        initial=FigureStatus.PUBLISHED,
        help_text="For figures and scorecards: the status the imported figures are given.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            format_of(upload.name)
        except TableError:
            raise forms.ValidationError(
                "The file must be a CSV file (.csv) or an Excel workbook (.xlsx)."
            ) from None
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 10 MB: split it into parts.")
        if upload.size == 0:
            raise forms.ValidationError("The file is empty.")
        return upload

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if data.get("kind") == ImportKind.WORKBOOK and upload and format_of(upload.name) != "xlsx":
            self.add_error(
                "file", "A workbook must be an Excel workbook (.xlsx), with a sheet per kind."
            )
        return data
