"""A figures file read as a stream, a chunk at a time, once: each chunk checked and written in
one transaction, rolled back whole when any row has a problem. The chunks are made small
here so that a file of a few rows spans several; all or nothing and the report by row hold
across them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import MeasureFactory
from yardstick.framework.models import Period
from yardstick.imports.kinds import figures as figures_kind
from yardstick.imports.models import ImportRun, ImportStatus
from yardstick.imports.services import import_path
from yardstick.measures.models import Figure

pytestmark = pytest.mark.django_db

QUARTERS = ["2018-19 Q1", "2018-19 Q2", "2018-19 Q3", "2018-19 Q4"]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(figures_kind, "CHUNK", 3)


@pytest.fixture
def measures(council):
    return [
        MeasureFactory(organisation=council, code=f"M{number}", value_type="percentage")
        for number in range(5)
    ]


def figures_file(tmp_path, rows: list[tuple[str, str, str]]):
    lines = ["measure,period,actual,commentary", *(",".join((*row, "")) for row in rows)]
    path = tmp_path / "figures.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def every_figure() -> list[tuple[str, str, str]]:
    return [
        (f"M{number}", quarter, f"{number * 10 + index}.5%")
        for number in range(5)
        for index, quarter in enumerate(QUARTERS)
    ]


def test_a_file_of_many_chunks_is_imported_whole_with_a_history_row_each(
    council, measures, performance_officer, tmp_path
):
    result = import_path(
        council,
        "figures",
        figures_file(tmp_path, every_figure()),
        "figures.csv",
        performance_officer,
    )
    assert result.applied, result.changes.problems
    assert Figure.objects.count() == 20
    assert Figure.history.filter(history_type="+", history_user=performance_officer).count() == 20
    assert Figure.objects.get(measure__code="M3", period__key="2018-19 Q3").value == Decimal("32.5")
    assert result.changes.summary() == {
        "figure": {"create": 20, "change": 0, "unchanged": 0},
        "period": {"create": 4, "change": 0, "unchanged": 0},
    }
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.APPLIED
    assert run.file.read() == (tmp_path / "figures.csv").read_bytes()  # kept as it came


def test_a_bad_row_in_the_last_chunk_stops_the_whole_file(
    council, measures, performance_officer, tmp_path
):
    rows = every_figure()
    rows[18] = ("M4", "2018-19 Q3", "twelve")
    result = import_path(
        council, "figures", figures_file(tmp_path, rows), "figures.csv", performance_officer
    )
    assert not result.applied
    assert [str(problem) for problem in result.changes.sorted_problems()] == [
        "row 20, column actual: 'twelve' is not a percentage"
    ]
    assert not Figure.objects.exists() and not Figure.history.exists()
    assert ImportRun.objects.get().status == ImportStatus.REJECTED


def test_rows_after_a_problem_are_still_checked_and_what_was_written_is_undone(
    council, measures, performance_officer, tmp_path
):
    """The first chunks are written (a period new to the council among them) before row 7
    is read; its problem stops the writing, the later rows are still checked, and nothing
    the import wrote is kept."""
    rows = [("M0", "2030-31 Q1", "5%"), *every_figure()]
    rows[5] = ("M1", "2018-19 Q1", "lots")
    rows[19] = ("M4", "2018-19 Q3", "twelve")
    result = import_path(
        council, "figures", figures_file(tmp_path, rows), "figures.csv", performance_officer
    )
    assert [str(problem) for problem in result.changes.sorted_problems()] == [
        "row 7, column actual: 'lots' is not a percentage",
        "row 21, column actual: 'twelve' is not a percentage",
    ]
    assert result.changes.rows == 21
    assert not Figure.objects.exists() and not Figure.history.exists()
    assert not Period.objects.filter(key="2030-31 Q1").exists()
    assert ImportRun.objects.get().status == ImportStatus.REJECTED


def test_a_figure_given_twice_in_different_chunks_is_reported_on_both_rows(
    council, measures, performance_officer, tmp_path
):
    rows = every_figure()
    rows[15] = ("M0", "2018-19 Q2", "1%")  # row 17 repeats row 3, five chunks later
    result = import_path(
        council, "figures", figures_file(tmp_path, rows), "figures.csv", performance_officer
    )
    assert [str(problem) for problem in result.changes.sorted_problems()] == [
        "row 17, column period: M0 2018-19 Q2 is also on row 3; give each figure once"
    ]
    assert not Figure.objects.exists()


def test_importing_the_same_file_again_changes_nothing(
    council, measures, performance_officer, tmp_path
):
    path = figures_file(tmp_path, every_figure())
    import_path(council, "figures", path, "figures.csv", performance_officer)
    again = import_path(council, "figures", path, "figures.csv", performance_officer)
    assert again.applied
    assert again.changes.summary() == {"figure": {"create": 0, "change": 0, "unchanged": 20}}
    assert Figure.history.count() == 20


def test_changed_figures_are_updated_in_bulk_with_history(
    council, measures, performance_officer, tmp_path
):
    import_path(
        council,
        "figures",
        figures_file(tmp_path, every_figure()),
        "figures.csv",
        performance_officer,
    )
    rows = every_figure()
    rows[0] = ("M0", "2018-19 Q1", "99%")
    rows[7] = ("M1", "2018-19 Q4", "1%")
    again = import_path(
        council, "figures", figures_file(tmp_path, rows), "figures.csv", performance_officer
    )
    assert again.changes.summary() == {"figure": {"create": 0, "change": 2, "unchanged": 18}}
    changed = Figure.history.filter(history_type="~")
    assert sorted(changed.values_list("value", flat=True)) == [Decimal(1), Decimal(99)]
    assert Figure.objects.get(measure__code="M0", period__key="2018-19 Q1").version == 2


def test_a_streamed_file_counts_its_records_and_lists_none(
    council, measures, performance_officer, tmp_path
):
    result = import_path(
        council,
        "figures",
        figures_file(tmp_path, every_figure()),
        "figures.csv",
        performance_officer,
        dry_run=True,
    )
    assert result.changes.changes == []
    assert result.changes.summary()["figure"]["create"] == 20
    assert not Figure.objects.exists()
    assert ImportRun.objects.get().status == ImportStatus.DRY_RUN


def test_a_long_report_lists_a_thousand_problems_and_counts_the_rest(
    council, measures, performance_officer, tmp_path
):
    rows = [("NOPE", "2018-19 Q1", "1%")] * 1200
    result = import_path(
        council, "figures", figures_file(tmp_path, rows), "figures.csv", performance_officer
    )
    problems = result.changes.sorted_problems()
    assert len(problems) == 1001
    assert problems[-1].message.startswith("and 200 more problems, not listed")
    assert len(ImportRun.objects.get().problems) == 1001
