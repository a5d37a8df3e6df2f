"""The statements kind: all or nothing, a changed signed-off statement is a new version, and
a draft is changed in place."""

from __future__ import annotations

import pytest

from tests.factories import MeasureFactory, UserFactory
from yardstick.imports.services import import_file
from yardstick.measures.statements import DataQualityStatement, StatementStatus

from .conftest import row_counts

pytestmark = pytest.mark.django_db

HEADER = (
    "measure,status,accuracy,validity,reliability,timeliness,relevance,completeness,"
    "accuracy_assessment,risk,review_date,signed_off_by,signed_off_on\n"
)


def signed(code: str, accuracy: str = "Sampled", on: str = "2019-04-02") -> str:
    return f"{code},signed_off,{accuracy},V,R,T,R,C,met,low,2019-09-30,olu,{on}\n"


@pytest.fixture
def measures(council):
    owner = UserFactory(username="olu", organisation=council)
    return [MeasureFactory(organisation=council, code=code, owner=owner) for code in ("A1", "B1")]


def run(council, text: str, user):
    return import_file(council, "statements", (HEADER + text).encode(), "s.csv", user)


def test_one_bad_row_keeps_the_whole_file_out(council, measures, performance_officer):
    before = row_counts()
    result = run(
        council,
        signed("A1")
        + "B1,signed_off,,V,R,T,R,C,met,low,2019-09-30,olu,2019-04-02\n"  # no accuracy
        + signed("ZZ")
        + "A1,draft,x,,,,,,maybe,,,,\n",
        performance_officer,
    )
    assert not result.applied
    problems = {(p.row, p.column): p.message for p in result.changes.problems}
    assert problems[(3, "accuracy")] == "Say how the data meets accuracy."
    assert problems[(4, "measure")] == "there is no measure 'ZZ'"
    assert "'maybe' is not one of" in problems[(5, "accuracy_assessment")]
    assert row_counts() == before
    assert not DataQualityStatement.objects.exists()


def test_a_changed_signed_off_statement_is_a_new_version_and_a_draft_changes_in_place(
    council, measures, performance_officer
):
    assert run(council, signed("A1") + "A1,draft,First,,,,,,,,,,\n", performance_officer).applied
    again = run(
        council,
        signed("A1", "Sampled weekly", "2019-05-01") + "A1,draft,Second,,,,,,,,,,\n",
        performance_officer,
    )
    assert again.applied
    versions = list(
        DataQualityStatement.objects.order_by("version").values_list(
            "version", "status", "accuracy"
        )
    )
    assert versions == [
        (1, StatementStatus.REPLACED, "Sampled"),
        (2, StatementStatus.DRAFT, "Second"),
        (3, StatementStatus.SIGNED_OFF, "Sampled weekly"),
    ]
    unchanged = run(
        council,
        signed("A1", "Sampled weekly", "2019-05-01") + "A1,draft,Second,,,,,,,,,,\n",
        performance_officer,
    )
    assert [c.action for c in unchanged.changes.changes] == ["unchanged", "unchanged"]
