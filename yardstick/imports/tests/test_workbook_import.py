"""Importing a workbook of several kinds at once: the starter workbook kept as it is, with
its examples deleted, or filled in; all or nothing across every sheet, problems by sheet."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from yardstick.actions.models import ActionUpdate, KeyAction, Milestone
from yardstick.framework.models import Plan, Theme
from yardstick.imports.kinds import FRAMEWORK_ORDER as ORDER
from yardstick.imports.models import ImportRun, ImportStatus
from yardstick.imports.starter import starter_workbook
from yardstick.imports.workbook import import_workbook
from yardstick.measures.models import Figure, Measure, Target
from yardstick.measures.statements import DataQualityStatement
from yardstick.meetings.models import AgreedAction
from yardstick.organisations.models import OrganisationUnit
from yardstick.scorecards.models import Scorecard

from .conftest import row_counts

pytestmark = pytest.mark.django_db

TODAY = date.today()  # the import knows the examples of the starter made this year


def starter() -> bytes:
    return starter_workbook(TODAY)


def edited(content: bytes, change) -> bytes:
    """The workbook with `change(workbook)` applied."""
    workbook = load_workbook(io.BytesIO(content))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def made_our_own(workbook) -> None:
    """Every example row turned into the council's own, as a person filling it in would."""
    for sheet in workbook.worksheets[1:]:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = cell.value.replace("EX-", "HW-").replace("Example: ", "")


def without_examples(workbook) -> None:
    for sheet in workbook.worksheets[1:]:
        sheet.delete_rows(2, sheet.max_row)


def imported(council, user, content: bytes, name: str = "framework.xlsx", **options):
    return import_workbook(council, content, name, user, **options)


def test_the_starter_workbook_as_it_is_imports_cleanly_and_changes_nothing(
    council, performance_officer
):
    before = row_counts()
    result = imported(council, performance_officer, starter())
    assert result.applied, result.changes.problems
    assert row_counts() == before
    assert result.run.summary == {"example row": {"create": 0, "change": 0, "unchanged": 20}}


def test_the_starter_workbook_with_its_examples_deleted_imports_cleanly(
    council, performance_officer
):
    before = row_counts()
    result = imported(council, performance_officer, edited(starter(), without_examples))
    assert result.applied, result.changes.problems
    assert row_counts() == before


def test_a_filled_in_workbook_brings_in_every_sheet_at_once(council, performance_officer):
    result = imported(council, performance_officer, edited(starter(), made_our_own))
    assert result.applied, result.changes.problems
    assert set(OrganisationUnit.objects.values_list("code", flat=True)) == {
        "HW-ASC",
        "HW-ASC-REABLE",
    }
    assert OrganisationUnit.objects.get(code="HW-ASC-REABLE").parent.code == "HW-ASC"
    plan = Plan.objects.get(code="HW-CORP")
    assert Theme.objects.get(plan=plan, code="HW-HOME").parent.code == "HW-HEALTH"
    measure = Measure.objects.get(code="HW-01")
    assert measure.unit.code == "HW-ASC-REABLE"
    assert [theme.code for theme in measure.themes.all()] == ["HW-HEALTH"]
    assert str(Target.objects.get(measure=measure).value) == "85.000000"
    figure = Figure.objects.get(measure=measure)
    assert (figure.numerator, figure.denominator) == (112, 130)
    assert ActionUpdate.objects.get(action=KeyAction.objects.get(code="HW-KA-01")).status
    assert Milestone.objects.get(action__code="HW-KA-01").title == "Site agreed"
    action = AgreedAction.objects.get(organisation=council)
    assert action.meeting.body.name == "Adult Social Care Improvement Board"
    assert action.meeting.body.unit.code == "HW-ASC"
    assert (action.measure.code, action.key_action.code) == ("HW-01", "HW-KA-01")
    assert Scorecard.objects.get(organisation=council).entries.count() == 1
    statement = DataQualityStatement.objects.get(measure=measure)
    assert (statement.status, statement.risk) == ("draft", "low")
    history = Measure.history.filter(code="HW-01").get()
    assert history.history_change_reason == "Imported from framework.xlsx"
    assert history.history_user == performance_officer


def test_the_sheets_are_imported_in_import_order_whatever_their_order_in_the_workbook(
    council, performance_officer
):
    def reversed_sheets(workbook):
        made_our_own(workbook)
        workbook._sheets.reverse()

    result = imported(council, performance_officer, edited(starter(), reversed_sheets))
    assert result.applied, result.changes.problems
    assert Figure.objects.filter(measure__code="HW-01").exists()


def test_an_example_row_changed_in_any_cell_is_imported_as_your_own(council, performance_officer):
    def one_changed(workbook):
        workbook["units"]["B2"] = "Adult Social Care"

    result = imported(council, performance_officer, edited(starter(), one_changed))
    assert result.applied, result.changes.problems
    assert list(OrganisationUnit.objects.values_list("code", "name")) == [
        ("EX-ASC", "Adult Social Care")
    ]


def test_a_problem_on_any_sheet_imports_nothing_and_names_its_sheet_and_row(
    council, performance_officer
):
    def bad_polarity(workbook):
        made_our_own(workbook)
        workbook["measures"]["C3"] = "sideways"

    before = row_counts()
    result = imported(council, performance_officer, edited(starter(), bad_polarity))
    assert not result.applied
    assert result.run.status == ImportStatus.REJECTED
    assert row_counts() == before  # the units, plans and themes before it were rolled back
    problems = [str(problem) for problem in result.changes.sorted_problems()]
    assert problems[0] == (
        "sheet measures, row 3, column polarity: 'sideways' is not one of: higher, lower, "
        "in_range, contextual"
    )
    assert problems[-1].startswith("file: the sheets after measures (targets, figures,")
    assert result.run.problems[0]["sheet"] == "measures"


def test_a_sheet_not_named_after_a_kind_is_a_problem_and_an_empty_one_is_left_out(
    council, performance_officer
):
    def extra_sheets(workbook):
        made_our_own(workbook)
        workbook.create_sheet("Sheet1")
        workbook.create_sheet("mesures").append(["code", "title", "polarity"])

    result = imported(council, performance_officer, edited(starter(), extra_sheets))
    assert [str(problem) for problem in result.changes.problems] == [
        "sheet mesures: 'mesures' is not the name of a kind of record, so the sheet would be "
        "left out: name it after its kind (units, plans, themes, measures, targets, figures, "
        "statements, actions, action-updates, milestones, bodies, meetings, meeting-actions, "
        "risk-registers, risks, risk-controls, risk-actions, risk-reviews, scorecard) or delete it"
    ]
    assert not OrganisationUnit.objects.exists()


def test_a_workbook_with_no_sheet_of_a_kind_is_a_problem(council, performance_officer):
    workbook = Workbook()
    workbook.active.title = "Read me"
    workbook.active.append(["anything"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = imported(council, performance_officer, buffer.getvalue())
    assert "the workbook has no sheet named after a kind" in str(result.changes.problems[-1])


def test_a_csv_file_is_not_a_workbook(council, performance_officer):
    result = imported(council, performance_officer, b"code,name,kind\n", "units.csv")
    assert str(result.changes.problems[0]) == (
        "file: 'units.csv' is not an Excel workbook (.xlsx): a workbook holds a sheet per kind"
    )


def test_importing_the_same_workbook_twice_changes_nothing_the_second_time(
    council, performance_officer
):
    content = edited(starter(), made_our_own)
    assert imported(council, performance_officer, content).applied
    before = row_counts()
    again = imported(council, performance_officer, content)
    assert again.applied
    assert not again.changes.changes_anything
    assert row_counts() == before


def test_a_dry_run_changes_nothing(council, performance_officer):
    before = row_counts()
    result = imported(council, performance_officer, edited(starter(), made_our_own), dry_run=True)
    assert result.run.status == ImportStatus.DRY_RUN
    assert result.run.summary["measure"]["create"] == 3
    assert row_counts() == before


def test_the_command_imports_a_workbook(council, performance_officer, tmp_path):
    path = tmp_path / "framework.xlsx"
    path.write_bytes(edited(starter(), made_our_own))
    out = io.StringIO()
    call_command("import_data", "workbook", str(path), "--user=priya", stdout=out)
    assert "Workbook (a sheet per kind) from framework.xlsx" in out.getvalue()
    assert "measure: 3 created, 0 changed, 0 left alone" in out.getvalue()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(edited(starter(), lambda workbook: workbook["units"].__setitem__("C2", "x")))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", "workbook", str(bad), stdout=io.StringIO(), stderr=err)
    assert "sheet units, row 2, column kind: 'x' is not one of" in err.getvalue()


def upload(client, content: bytes, name: str = "framework.xlsx"):
    return client.post(
        reverse("imports:index"),
        {
            "kind": "workbook",
            "file": SimpleUploadedFile(name, content),
            "figure_status": "submitted",
        },
    )


def test_the_upload_page_previews_a_workbook_and_imports_it_on_confirming(
    client, council, performance_officer
):
    client.force_login(performance_officer)
    response = upload(client, edited(starter(), made_our_own))
    run = ImportRun.objects.get(organisation=council)
    assert response["Location"] == reverse("imports:preview", args=[run.pk])
    assert not Measure.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Workbook (a sheet per kind) from framework.xlsx" in page
    assert '<tr><th scope="row">Measure</th><td>3</td><td>0</td><td>0</td></tr>' in page
    assert "<td>units, row 2</td>" in page
    client.post(reverse("imports:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED
    assert Measure.objects.filter(organisation=council).count() == 3


def test_the_upload_page_lists_a_workbooks_problems_by_sheet(client, council, performance_officer):
    client.force_login(performance_officer)
    bad = edited(starter(), lambda workbook: workbook["units"].__setitem__("C2", "x"))
    page = client.get(upload(client, bad)["Location"]).content.decode()
    assert "Sheet units, row 2, column kind: &#x27;x&#x27; is not one of" in page
    assert '<th scope="col">Sheet</th>' in page
    assert "Import these changes" not in page


def test_the_upload_page_refuses_a_csv_file_as_a_workbook(client, council, performance_officer):
    client.force_login(performance_officer)
    response = upload(client, b"code,name,kind\n", "units.csv")
    assert response.status_code == 400
    assert "A workbook must be an Excel workbook (.xlsx)" in response.content.decode()


def test_every_kind_is_a_sheet_of_the_starter_workbook():
    assert load_workbook(io.BytesIO(starter())).sheetnames[1:] == [kind.name for kind in ORDER]
