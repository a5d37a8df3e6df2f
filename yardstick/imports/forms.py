"""The upload form: what the file holds, the file, and the status its figures are given."""

from __future__ import annotations

from django import forms
from django.conf import settings

from yardstick.imports.models import ImportKind
from yardstick.imports.tables import TableError, format_of
from yardstick.measures.models import FigureStatus
from yardstick.measures.rules import REASON_LENGTH

MEGABYTE = 1024 * 1024


def largest_upload() -> int:
    """The most bytes an upload may have (YARDSTICK_IMPORT_MAX_MB)."""
    return settings.YARDSTICK_IMPORT_MAX_MB * MEGABYTE


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=[("", "Choose a kind of file"), *ImportKind.choices],
        help_text="Each kind has its own columns: see the formats below.",
    )
    file = forms.FileField(
        label="File",
        help_text="A CSV file (.csv, saved as CSV UTF-8) or an Excel workbook (.xlsx): the "
        "first sheet, with a header row naming the columns.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    figure_status = forms.ChoiceField(
        label="Status of imported figures",
        choices=[
            (FigureStatus.SUBMITTED, "Submitted for sign-off"),
            (FigureStatus.APPROVED, "Approved (signed off as they come)"),
            (FigureStatus.DRAFT, "Draft, for their owners to submit"),
        ],
        initial=FigureStatus.SUBMITTED,
        help_text="For figures and scorecards in open periods. Publishing the period "
        "publishes the approved ones.",
    )
    correction_reason = forms.CharField(
        label="Why published figures are corrected (only if the file corrects them)",
        required=False,
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Figures of a published period are refused unless you say why they change; "
        "each is then restated, and the rating first reported is kept.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text += (
            f" Up to {settings.YARDSTICK_IMPORT_MAX_MB} MB; a file of more than "
            f"{settings.YARDSTICK_BACKGROUND_IMPORT_ROWS:,} rows is checked and imported in the "
            "background, with its progress on the page."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            format_of(upload.name)
        except TableError:
            raise forms.ValidationError(
                "The file must be a CSV file (.csv) or an Excel workbook (.xlsx)."
            ) from None
        if upload.size > largest_upload():
            raise forms.ValidationError(
                f"The file is {upload.size / MEGABYTE:,.1f} MB; an upload can be at most "
                f"{settings.YARDSTICK_IMPORT_MAX_MB} MB: split it into parts, or import it with "
                "the command line (manage.py import_data), which takes a file of any length."
            )
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
