"""Benchmarking's files: comparator groups and other areas' figures import all or nothing,
with a problem per row, and importing the same file again changes nothing."""

from decimal import Decimal

import pytest

from tests.factories import MeasureFactory
from yardstick.imports.services import import_file
from yardstick.measures.models import ComparatorGroup, ComparatorMember, ComparatorValue

pytestmark = pytest.mark.django_db

GROUPS = (
    "group,group_name,area_code,area_name\n"
    "london,London boroughs,E09000015,Harrow\n"
    "london,London boroughs,E09000003,Barnet\n"
    "cipfa,CIPFA nearest neighbours,E09000003,Barnet\n"
    "cipfa,CIPFA nearest neighbours,E06000055,Bedford\n"
)
FIGURES = (
    "measure,period,area_code,area_name,value,source,taken_on\n"
    "NI 155,Q2 2018/19,E09000003,Barnet,45.2,LG Inform metric 1234,2019-01-15\n"
    "NI 155,2018-19 Q2,E06000055,Bedford,38,LG Inform metric 1234,15/01/2019\n"
    "NI 155,2018-19 Q1,E06000055,Bedford,37.5,LG Inform metric 1234,2019-01-15\n"
)


@pytest.fixture
def measure(council):
    return MeasureFactory(organisation=council, code="NI 155")


def test_groups_and_their_areas_import(council, performance_officer):
    result = import_file(
        council, "comparator-groups", GROUPS.encode(), "g.csv", performance_officer
    )
    assert result.applied, result.changes.problems
    london = ComparatorGroup.objects.get(organisation=council, code="london")
    assert london.name == "London boroughs"
    assert sorted(london.members.values_list("area_code", flat=True)) == ["E09000003", "E09000015"]
    assert ComparatorMember.history.filter(history_user=performance_officer).count() == 4


def test_figures_import_with_their_source_and_day(council, performance_officer, measure):
    result = import_file(council, "comparators", FIGURES.encode(), "lg.csv", performance_officer)
    assert result.applied, result.changes.problems
    barnet = ComparatorValue.objects.get(measure=measure, area_code="E09000003")
    assert (barnet.period_key, barnet.value, barnet.source) == (
        "2018-19 Q2",
        Decimal("45.2"),
        "LG Inform metric 1234",
    )
    assert barnet.taken_on.isoformat() == "2019-01-15"
    assert barnet.history.get().history_user == performance_officer


def test_the_same_file_again_changes_nothing(council, performance_officer, measure):
    for kind, text in (("comparator-groups", GROUPS), ("comparators", FIGURES)):
        assert import_file(council, kind, text.encode(), "f.csv", performance_officer).applied
    counts = (ComparatorValue.history.count(), ComparatorMember.history.count())
    for kind, text in (("comparator-groups", GROUPS), ("comparators", FIGURES)):
        again = import_file(council, kind, text.encode(), "f.csv", performance_officer)
        assert again.applied
        assert not again.changes.changes_anything, kind
    assert (ComparatorValue.history.count(), ComparatorMember.history.count()) == counts


def test_a_revised_figure_is_changed_not_duplicated(council, performance_officer, measure):
    import_file(council, "comparators", FIGURES.encode(), "lg.csv", performance_officer)
    revised = FIGURES.replace("45.2", "46.0")
    result = import_file(council, "comparators", revised.encode(), "lg.csv", performance_officer)
    assert result.applied
    assert ComparatorValue.objects.filter(area_code="E09000003").get().value == Decimal("46")
    assert ComparatorValue.objects.count() == 3


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("NI 155,2018-19 Q2,E9000003,Barnet,45,LG,2019-01-15", "area_code", "not an area code"),
        ("NI 155,2018-19 Q2,X09000003,Barnet,45,LG,2019-01-15", "area_code", "not an area code"),
        ("NI 999,2018-19 Q2,E09000003,Barnet,45,LG,2019-01-15", "measure", "no measure"),
        ("NI 155,Q9 2018/19,E09000003,Barnet,45,LG,2019-01-15", "period", ""),
        ("NI 155,2018-19 Q2,E09000003,Barnet,lots,LG,2019-01-15", "value", "not a number"),
        ("NI 155,2018-19 Q2,E09000003,Barnet,,LG,2019-01-15", "value", "blank"),
        ("NI 155,2018-19 Q2,E09000003,Barnet,1e30,LG,2019-01-15", "value", "does not fit"),
        ("NI 155,2018-19 Q2,E09000003,Barnet,45,LG,someday", "taken_on", "not a date"),
        ("NI 155,2018-19 Q2,E09000003,Barnet,45,LG,", "taken_on", "blank"),
        ("NI 155,2018-19 Q2,E09000003,Barnet,45,LG,1999-12-31", "taken_on", "before 1 January"),
        ("NI 155,2018-19 Q2,E09000003,Barnet,45,LG,2999-01-01", "taken_on", "after today"),
        ("NI 155,2018-19 Q2,E09000003,Barnet,45,,2019-01-15", "source", "blank"),
        ("NI 155,2018-19 Q2,E09000003,Barnet,45,LG,2019-01-15", "area_code", "also on row 2"),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_written(
    council, performance_officer, measure, row, column, words
):
    good = "NI 155,2018-19 Q2,E09000003,Barnet,45,LG,2019-01-15"
    text = f"measure,period,area_code,area_name,value,source,taken_on\n{good}\n{row}\n"
    result = import_file(council, "comparators", text.encode(), "bad.csv", performance_officer)
    assert not result.applied
    assert ComparatorValue.objects.count() == 0
    problems = [(p.row, p.column) for p in result.changes.problems]
    assert (3, column) in problems
    assert words in " ".join(p.message for p in result.changes.problems)


def test_a_group_has_one_name(council, performance_officer):
    text = GROUPS + "london,Greater London,E09000001,City of London\n"
    result = import_file(council, "comparator-groups", text.encode(), "g.csv", performance_officer)
    assert not result.applied
    assert [(p.row, p.column) for p in result.changes.problems] == [(6, "group_name")]
    assert ComparatorGroup.objects.count() == 0


def test_another_councils_measure_cannot_be_named(council, other_council, performance_officer):
    MeasureFactory(organisation=other_council, code="NI 155")
    result = import_file(council, "comparators", FIGURES.encode(), "lg.csv", performance_officer)
    assert not result.applied
    assert ComparatorValue.objects.count() == 0
