"""The target-profiles kind: a measure's profile and trajectory checked by the rules of its
target profile page (the same words), the year profiled and the trajectory's years set through
`set_targets` when a row asks, targets set by hand replaced only when asked, all or nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import MeasureFactory, period
from yardstick.core.profiles import ProfileMethod
from yardstick.core.targets import Target, TargetKind
from yardstick.imports.services import export_file, import_file
from yardstick.measures.models import Target as TargetRow
from yardstick.measures.models import TargetProfile
from yardstick.measures.profiles import ProfileSettings, settings_problems
from yardstick.measures.services import set_target

from .conftest import row_counts

pytestmark = pytest.mark.django_db

HEADER = (
    "measure,method,by_hand,baseline_year,baseline,end_year,end,year,set_trajectory_targets,"
    "replace_by_hand\n"
)


def value(amount: str) -> Target:
    return Target(TargetKind.VALUE, value=Decimal(amount))


@pytest.fixture
def visits(council, performance_officer):
    """Quarterly, in period: 10 visits in 2019/20."""
    made = MeasureFactory(
        organisation=council,
        code="VIS 1",
        frequency="quarterly",
        value_type="number",
        collection_type="period",
    )
    set_target(made, period(council, "FY 2019-20"), value("10"), performance_officer)
    return made


@pytest.fixture
def recycling(council):
    return MeasureFactory(
        organisation=council, code="REC 1", frequency="quarterly", value_type="percentage"
    )


def run(council, text: str, user, header: str = HEADER):
    return import_file(council, "target-profiles", (header + text).encode(), "p.csv", user)


def quarters(made) -> dict[str, tuple[Decimal, str]]:
    return {
        t.period.key: (t.value.normalize(), t.source)
        for t in TargetRow.objects.filter(measure=made, period__type="quarter")
    }


def test_a_profile_is_kept_and_its_year_profiled_into_the_quarters(
    council, visits, performance_officer
):
    result = run(council, 'VIS 1,by_hand,"10%, 20%, 30%, 40%",,,,,2019/20,,\n', performance_officer)
    assert result.applied, [str(p) for p in result.changes.problems]
    kept = TargetProfile.objects.get(measure=visits)
    assert (kept.method, kept.by_hand) == (ProfileMethod.BY_HAND, "10%, 20%, 30%, 40%")
    assert kept.history.first().history_user == performance_officer
    source = "Profiled by hand from 2019/20's 10"
    assert quarters(visits) == {
        "2019-20 Q1": (1, source),
        "2019-20 Q2": (2, source),
        "2019-20 Q3": (3, source),
        "2019-20 Q4": (4, source),
    }
    shown = {(c.model, c.key, c.action) for c in result.changes.changes}
    assert ("target profile", "VIS 1", "create") in shown
    assert ("target", "VIS 1 2019-20 Q4", "create") in shown
    again = run(council, 'VIS 1,by_hand,"10%, 20%, 30%, 40%",,,,,2019/20,,\n', performance_officer)
    assert [c.action for c in again.changes.changes] == ["unchanged"]


def test_a_trajectory_sets_its_years_when_asked(council, recycling, performance_officer):
    row = "REC 1,evenly,,2016/17,42%,2020/21,50%,,{},\n"
    assert run(council, row.format("no"), performance_officer).applied
    assert not TargetRow.objects.filter(measure=recycling).exists()  # kept only
    assert run(council, row.format("yes"), performance_officer).applied
    years = {t.period.key: int(t.value) for t in TargetRow.objects.filter(measure=recycling)}
    assert years == {"FY 2017-18": 44, "FY 2018-19": 46, "FY 2019-20": 48, "FY 2020-21": 50}
    source = TargetRow.objects.filter(measure=recycling).first().source
    assert source == "On the trajectory to 50% by 2020/21"


def test_a_target_set_by_hand_is_replaced_only_when_asked(council, visits, performance_officer):
    set_target(visits, period(council, "2019-20 Q2"), value("4"), performance_officer)
    refused = run(council, "VIS 1,evenly,,,,,,2019/20,,no\n", performance_officer)
    assert not refused.applied
    [problem] = refused.changes.problems
    assert (problem.row, problem.column) == (2, "replace_by_hand")
    assert "Targets set by hand would change (Q2 2019/20 4)" in problem.message
    assert not TargetProfile.objects.exists()
    assert run(council, "VIS 1,evenly,,,,,,2019/20,,yes\n", performance_officer).applied
    assert quarters(visits)["2019-20 Q2"] == (2, "Profiled evenly from 2019/20's 10")


@pytest.mark.parametrize(
    ("row", "column", "wanted"),
    [
        (
            'VIS 1,by_hand,"25%, 75%",,,,,,,\n',
            "by_hand",
            ProfileSettings(ProfileMethod.BY_HAND, "25%, 75%"),
        ),
        (
            "VIS 1,evenly,,2019/20,42,,,,,\n",
            "end",
            ProfileSettings(baseline_year=2019, baseline=Decimal(42)),
        ),
        (
            "VIS 1,evenly,,2020/21,42,2020/21,50,,,\n",
            "end_year",
            ProfileSettings(ProfileMethod.EVENLY, "", 2020, Decimal(42), 2020, Decimal(50)),
        ),
    ],
)
def test_a_bad_profile_is_refused_in_the_pages_words(
    council, visits, performance_officer, row, column, wanted
):
    before = row_counts()
    result = run(council, row, performance_officer)
    assert not result.applied
    [problem] = result.changes.problems
    expected = settings_problems(visits, wanted)[column].rstrip(".")
    assert (problem.row, problem.column, problem.message) == (2, column, expected)
    assert row_counts() == before


def test_one_bad_row_keeps_the_whole_file_out(council, visits, recycling, performance_officer):
    result = run(
        council,
        "REC 1,evenly,,,,,,,,\n"
        "VIS 1,sideways,,,,,,,,\n"
        "NOPE,evenly,,,,,,,,\n"
        "REC 1,last_year,,,,,,,,\n"
        "VIS 1,evenly,,,,,,1066,,\n",
        performance_officer,
    )
    assert not result.applied
    problems = {(p.row, p.column): p.message for p in result.changes.problems}
    assert "'sideways' is not one of: evenly, last_year, by_hand" in problems[(3, "method")]
    assert problems[(4, "measure")] == "there is no measure 'NOPE'"
    assert "REC 1 is also on row 2" in problems[(5, "measure")]
    assert (6, "year") in problems
    assert not TargetProfile.objects.exists()


def test_a_year_without_its_target_is_refused_saying_so(council, recycling, performance_officer):
    result = run(council, "REC 1,evenly,,,,,,2019/20,,\n", performance_officer)
    assert not result.applied
    assert "There is no target for 2019/20 to profile" in result.changes.problems[0].message


def test_the_export_reads_back_unchanged(council, visits, recycling, performance_officer):
    run(council, 'VIS 1,by_hand,"1, 2, 3, 4",,,,,,,\n', performance_officer)
    run(council, "REC 1,last_year,,2016/17,42.5%,2020/21,50%,,,\n", performance_officer)
    exported = export_file(council, "target-profiles", "csv").decode()
    assert exported.splitlines()[1:] == [
        "REC 1,last_year,,2016/17,42.5%,2020/21,50%,,no,no",
        'VIS 1,by_hand,"1, 2, 3, 4",,,,,,no,no',
    ]
    again = import_file(council, "target-profiles", exported.encode(), "p.csv", None)
    assert again.applied
    assert [c.action for c in again.changes.changes] == ["unchanged", "unchanged"]


def test_a_year_the_trajectory_sets_is_profiled_in_a_second_file(
    council, recycling, performance_officer
):
    row = "REC 1,evenly,,2016/17,42%,2020/21,50%,{},yes,\n"
    refused = run(council, row.format("2019/20"), performance_officer)
    assert not refused.applied
    assert "profile the year in a second file" in refused.changes.problems[0].message
    assert run(council, row.format(""), performance_officer).applied
    profiled = run(council, "REC 1,2019/20\n", performance_officer, header="measure,year\n")
    assert profiled.applied
    assert len(quarters(recycling)) == 4
    kept = TargetProfile.objects.get(measure=recycling)  # the columns left out are kept
    assert (kept.baseline_year, kept.end_year, kept.end) == (2016, 2020, Decimal(50))
