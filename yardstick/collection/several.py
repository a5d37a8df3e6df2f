"""Several figures on one page: an owner's returns for one period, each row read and checked
by the same form as the single entry page (`FigureForm`) and written by the same services
(`services.enter_figures` calls `save_draft` or `submit_figure` for each), all or nothing.

A row left as it was opened is not saved; when submitting, a row with no figure, no reason
and no draft is left alone. When any row is refused every row is shown again as typed, with
its own problems beside it, and nothing is saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from yardstick.accounts.access import internal_reader_required
from yardstick.collection import services
from yardstick.collection.checks import earlier_amounts_of, outlier
from yardstick.collection.forms import FigureForm, show_problems
from yardstick.collection.queries import Return, returns_in, value_text
from yardstick.core.quality import Outlier
from yardstick.framework.models import Period
from yardstick.measures.assessment import core_value

# Shown on every row; the rest of the entry form's fields travel hidden (so nothing a draft
# holds is lost) unless they have a problem to show.
ROW_FIELDS = ("value", "numerator", "denominator", "missing_state", "note", "commentary")
OUTLIER_FIELDS = ("outlier_confirmed", "outlier_note")


@dataclass
class Row:
    item: Return
    form: FigureForm
    unusual: Outlier | None = None
    stale_value: str = ""

    @property
    def measure(self):
        return self.item.measure

    @property
    def anchor(self) -> str:
        return f"row-{self.measure.pk}"

    @property
    def shown(self) -> list:
        return [self.form[name] for name in ROW_FIELDS if name in self.form.fields]

    @property
    def shows_outlier(self) -> bool:
        return bool(
            (self.unusual is not None and self.unusual.is_outlier)
            or any(self.form[name].errors for name in OUTLIER_FIELDS)
            or self.form["outlier_confirmed"].value()
        )

    @property
    def hidden(self) -> list:
        visible = set(ROW_FIELDS) | (set(OUTLIER_FIELDS) if self.shows_outlier else set())
        return [field for field in self.form if field.name not in visible and not field.errors]

    @property
    def problem_fields(self) -> list:
        """Fields normally hidden that have a problem: shown so it can be put right."""
        return [
            field
            for field in self.form
            if field.name not in ROW_FIELDS and field.name not in OUTLIER_FIELDS and field.errors
        ]

    @property
    def outlier_fields(self) -> list:
        return [self.form[name] for name in OUTLIER_FIELDS] if self.shows_outlier else []

    def wanted(self, submit: bool) -> bool:
        """Whether to write this row: changed, or (submitting) a figure or draft to submit."""
        if self.form.has_changed():
            return True
        return submit and self.item.figure is not None


def _form(item: Return, data=None) -> FigureForm:
    return FigureForm(
        data,
        initial=FigureForm.initial_for(item.measure, item.figure),
        measure=item.measure,
        period=item.period,
        prefix=f"m{item.measure.pk}",
    )


@internal_reader_required
@require_http_methods(["GET", "POST"])
def several_page(request: HttpRequest, period_id: int) -> HttpResponse:
    access = request.access
    period = get_object_or_404(
        Period.objects.select_related("organisation"),
        pk=period_id,
        organisation_id=access.organisation_id,
    )
    if period.is_published:
        messages.info(request, f"{period.label} is published: its figures can no longer change.")
        return redirect("collection:returns")
    today = timezone.localdate()
    every = returns_in(access, period, today)
    items = [item for item in every if item.outstanding]
    if request.method == "GET":
        rows = [Row(item, _form(item)) for item in items]
        return _render(request, period, rows)

    submit = request.POST.get("action") == "submit"
    rows = [Row(item, _form(item, request.POST)) for item in items]
    history = earlier_amounts_of([row.measure for row in rows], period)
    wanted = []
    for row in rows:
        valid = row.form.is_valid()
        row.unusual = outlier(row.measure, period, row.form.parsed_value, history[row.measure.pk])
        if row.wanted(submit) and valid:
            wanted.append(row)
    gone = _gone(request.POST, every)
    refused = bool(gone) or any(row.form.errors for row in rows)
    if not refused and not wanted:
        messages.info(request, "Nothing to save: no figure was entered or changed.")
        return redirect("collection:several", period.pk)
    if not refused:
        try:
            services.enter_figures(
                period,
                [
                    services.FigureRow(
                        row.measure, row.form.entry, row.form.cleaned_data["version"]
                    )
                    for row in wanted
                ],
                request.user,
                submit=submit,
            )
        except services.FiguresRefused as error:
            _show_refusals(request, rows, error)
        except services.FigureLocked as locked:
            messages.error(request, str(locked))
            return redirect("collection:returns")
        else:
            count = len(wanted)
            figures = f"{count} figure{'s' if count != 1 else ''}"
            if submit:
                messages.success(request, f"{figures} for {period.label} submitted for sign-off.")
                return redirect("collection:returns")
            messages.success(request, f"{figures} saved as drafts. Submit them when ready.")
            return redirect("collection:several", period.pk)
    return _render(request, period, rows, refused=True, gone=gone)


def _gone(data, every: list[Return]) -> list[str]:
    """The codes of the person's measures posted from the page that are no longer to do
    (submitted or signed off by someone else since it opened): their figures would be lost,
    so nothing is saved and the person is told."""
    return [
        item.measure.code
        for item in every
        if not item.outstanding and f"m{item.measure.pk}-version" in data
    ]


def _show_refusals(request, rows: list[Row], error: services.FiguresRefused) -> None:
    for row in rows:
        show_problems(row.form, error.problems.get(row.measure.pk, []))
        current = error.stale.get(row.measure.pk)
        if current is not None:
            row.stale_value = value_text(core_value(row.measure, current)) or "no figure"
            row.form.add_error(
                None,
                f"Someone else saved this figure since you opened the page: it now reads "
                f"{row.stale_value}. Save again to replace it with yours.",
            )
            data = row.form.data.copy()
            data[row.form.add_prefix("version")] = str(current.version)
            row.form.data = data


def _render(
    request, period: Period, rows: list[Row], refused: bool = False, gone: list[str] = ()
) -> HttpResponse:
    problems = [row for row in rows if row.form.errors]
    return render(
        request,
        "collection/several.html",
        {
            "period": period,
            "rows": rows,
            "problems": problems,
            "refused": refused,
            "gone": list(gone),
        },
        status=200,
    )
