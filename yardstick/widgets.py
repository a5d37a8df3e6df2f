"""Form widgets every app's forms share.

`DayInput` is the browser's date picker (`<input type="date">`). Its value must be written
as ISO 8601 (2018-05-07) whatever the site's locale: Django would write the day as en-GB
formats it (07/05/2018), which the browser cannot read, so a form showing a saved day came
back blank and saving it again cleared the day. tests/test_day_inputs.py fails if a form
builds a date input of its own."""

from __future__ import annotations

from django import forms


class DayInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
