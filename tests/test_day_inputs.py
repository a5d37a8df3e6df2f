"""A saved day shows in the browser's date picker, so saving a form again keeps it.

Django writes a date input's value as the locale formats it (07/05/2018 in en-GB), which
`<input type="date">` cannot read: the field showed blank, and saving the form again cleared
the day (a figure's "data covers" dates, a period's deadline, a milestone's day done). Every
form's date input is `yardstick.widgets.DayInput`, which writes ISO 8601."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from yardstick.collection.forms import PeriodDeadlineForm
from yardstick.widgets import DayInput

ROOT = Path(__file__).resolve().parent.parent / "yardstick"


def test_a_day_input_writes_the_day_as_the_browser_reads_it():
    html = DayInput().render("day", date(2018, 5, 7))
    assert 'type="date"' in html
    assert 'value="2018-05-07"' in html


def test_a_form_shows_its_saved_day():
    form = PeriodDeadlineForm(initial={"deadline": date(2019, 1, 25)})
    assert 'value="2019-01-25"' in str(form["deadline"])


def test_no_form_builds_a_date_input_of_its_own():
    own = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if path.name != "widgets.py"
        and "migrations" not in path.parts
        and re.search(r"DateInput\(|\"type\": \"date\"", path.read_text())
    ]
    assert own == []
