"""A figure read from an import file is checked by the rules once, and nothing is written that
the rules have not passed.

The importer asks `rules.check_figure` of each row as it reads the file, for the report by row;
`record_figures` takes its proof (`rules.Checked`) and does not ask again. A proof covers one
measure object, one period, one entry object and one day: anything else is asked again."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import MeasureFactory, UserFactory, period
from yardstick.core.values import Value, ValueType
from yardstick.imports.services import import_path
from yardstick.measures import rules, services
from yardstick.measures.models import Figure
from yardstick.measures.rules import Checked, FigureInput, check_figure
from yardstick.measures.services import FigureRefused, FigureRow, record_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(monkeypatch):
    """Every question put to the rules, as (measure code, period key)."""
    questions: list[tuple[str, str]] = []
    real = rules.figure_problems

    def counted(measure, period, entry, as_of):
        questions.append((measure.code, period.key))
        return real(measure, period, entry, as_of)

    monkeypatch.setattr(rules, "figure_problems", counted)
    monkeypatch.setattr(services, "figure_problems", counted)
    return questions


def percentage(text: str) -> FigureInput:
    return FigureInput(Value(Decimal(text), ValueType.PERCENTAGE, decimals=1))


def test_an_import_asks_the_rules_once_for_each_figure(council, tmp_path, asked):
    for number in range(3):
        MeasureFactory(organisation=council, code=f"M{number}", value_type="percentage")
    path = tmp_path / "figures.csv"
    rows = [
        f"M{number},2018-19 Q{quarter},{number}{quarter}.5%"
        for number in range(3)
        for quarter in (1, 2)
    ]
    path.write_text("measure,period,actual\n" + "\n".join(rows) + "\n", encoding="utf-8")
    officer = UserFactory(organisation=council)

    result = import_path(council, "figures", path, "figures.csv", officer)

    assert result.applied, result.changes.problems
    assert Figure.objects.count() == 6
    assert sorted(asked) == sorted(
        (f"M{number}", f"2018-19 Q{quarter}") for number in range(3) for quarter in (1, 2)
    )


def test_a_bad_row_in_an_import_is_still_refused_with_its_row(council, tmp_path):
    MeasureFactory(organisation=council, code="M0", value_type="percentage")
    path = tmp_path / "figures.csv"
    path.write_text("measure,period,actual\nM0,2018-19 Q1,40%\nM0,2018-19 Q2,140%\n")

    result = import_path(council, "figures", path, "figures.csv", UserFactory(organisation=council))

    assert not result.applied
    assert [problem.row for problem in result.changes.problems] == [3]
    assert not Figure.objects.exists()


def test_a_proof_of_another_entry_lets_nothing_past_the_rules(council, asked):
    measure = MeasureFactory(organisation=council, code="M0", value_type="percentage")
    q2 = period(council, "2018-19 Q2")
    problems, proof = check_figure(measure, q2, percentage("40"), timezone.localdate())
    assert problems == [] and proof is not None

    rows = [FigureRow(measure, q2, percentage("140"), checked=proof)]
    with pytest.raises(FigureRefused) as refused:
        record_figures(rows, UserFactory(organisation=council), reason="test")

    assert [problem.field for problem in refused.value.problems] == ["value"]
    assert not Figure.objects.exists()


def test_a_proof_covers_one_measure_one_period_one_entry_and_one_day(council, asked):
    measure = MeasureFactory(organisation=council, code="M0", value_type="percentage")
    other = MeasureFactory(organisation=council, code="M1", value_type="percentage")
    q1, q2 = period(council, "2018-19 Q1"), period(council, "2018-19 Q2")
    entry, today = percentage("40"), timezone.localdate()
    _, proof = check_figure(measure, q2, entry, today)

    assert proof.covers(measure, q2, entry, today)
    assert not proof.covers(other, q2, entry, today)
    assert not proof.covers(measure, q1, entry, today)
    assert not proof.covers(measure, q2, percentage("40"), today)  # equal, not the same
    assert not proof.covers(measure, q2, entry, today + timedelta(days=1))
    # Nothing wrong, no proof: a refused figure has none to hand on.
    assert check_figure(measure, q2, percentage("140"), today)[1] is None


def test_a_proof_from_another_day_is_asked_again(council, asked):
    measure = MeasureFactory(organisation=council, code="M0", value_type="percentage")
    q2 = period(council, "2018-19 Q2")
    entry = percentage("40")
    yesterday = Checked(measure, q2.key, entry, timezone.localdate() - timedelta(days=1))
    asked.clear()

    record_figures(
        [
            FigureRow(measure, q2, entry, checked=yesterday),
            FigureRow(
                MeasureFactory(organisation=council, code="M1", value_type="percentage"),
                q2,
                entry,
            ),
        ],
        UserFactory(organisation=council),
        reason="test",
    )

    assert asked == [("M0", "2018-19 Q2"), ("M1", "2018-19 Q2")]
    assert Figure.objects.count() == 2
