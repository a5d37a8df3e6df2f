"""The bulk door and the single door store the same figures and the same history.

`record_figure` saves one figure through the ORM (django-simple-history's signal writes its
history row); `record_figures` writes many with multi-row INSERTs and copies their history
rows in the database (`insert_with_history`), and changes many with `bulk_update` and the
same copy (`update_with_history`). Given the same figures, at the same moment, by the same
person, both leave the same rows: every column of every figure and every history row, bar
the ids the database hands out. Run on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import transaction

from tests.factories import MeasureFactory, UserFactory, period
from yardstick.core.values import Missing, MissingState, Value, ValueType
from yardstick.measures import services
from yardstick.measures.models import Figure, FigureStatus
from yardstick.measures.services import FigureInput, FigureRow, record_figure, record_figures

pytestmark = pytest.mark.django_db

WHEN = datetime(2018, 10, 12, 9, 30, 15, 123456, tzinfo=UTC)
LATER = datetime(2018, 10, 19, 16, 5, 0, 654321, tzinfo=UTC)


def entries() -> list[tuple[str, FigureInput, str]]:
    """(measure code, figure, status): values in every shape a door is given."""
    return [
        ("P1", FigureInput(Value(Decimal("38.7"), ValueType.PERCENTAGE, decimals=1)), "submitted"),
        (
            "P2",
            FigureInput(
                Value(
                    Decimal("38.686131"),
                    ValueType.PERCENTAGE,
                    numerator=Decimal(53),
                    denominator=Decimal(137),
                ),
                note="Note 6",
                commentary="Explained to the board.",
                proposed_action="A review in Q3.",
            ),
            "approved",
        ),
        (
            "N1",
            FigureInput(
                Value(Decimal("628269"), ValueType.NUMBER),
                data_covers_start=date(2018, 7, 1),
                data_covers_end=date(2018, 9, 30),
            ),
            "draft",
        ),
        (
            "N2",
            FigureInput(Missing(MissingState.NOT_AVAILABLE, "Data not currently available")),
            "submitted",
        ),
        ("N3", FigureInput(Value(Decimal("0.000001"), ValueType.NUMBER, decimals=6)), "approved"),
        ("N4", FigureInput(Value(Decimal("-99999999999999.9"), ValueType.NUMBER)), "submitted"),
        (
            "P3",
            FigureInput(
                Value(Decimal("99.5"), ValueType.PERCENTAGE, decimals=1),
                outlier_confirmed=True,
                outlier_note="A one-off: two schools merged.",
            ),
            "submitted",
        ),
    ]


def changed_entries() -> list[tuple[str, FigureInput, str]]:
    return [
        ("P1", FigureInput(Value(Decimal("40.25"), ValueType.PERCENTAGE)), "approved"),
        ("N1", FigureInput(Missing(MissingState.BASELINE, "")), "submitted"),
        ("N2", FigureInput(Value(Decimal("12"), ValueType.NUMBER), note="Note 2"), "draft"),
    ]


@pytest.fixture
def world(council):
    officer = UserFactory(username="olu", organisation=council)
    measures = {
        code: MeasureFactory(
            organisation=council,
            code=code,
            value_type="percentage" if code.startswith("P") else "number",
            polarity="higher",
        )
        for code in ("P1", "P2", "P3", "N1", "N2", "N3", "N4")
    }
    return officer, measures, period(council, "2018-19 Q2")


def stored() -> tuple[list[dict], list[dict]]:
    """Every figure and history row, without the ids the database hands out (a history row
    names its figure by the figure's measure instead)."""
    figures = {figure.pk: figure.measure_id for figure in Figure.objects.all()}
    rows = [
        {k: v for k, v in row.items() if k != "id"}
        for row in Figure.objects.order_by("measure_id").values()
    ]
    history = []
    for row in Figure.history.order_by("measure_id", "history_date").values():
        assert figures.get(row["id"], row["measure_id"]) == row["measure_id"]
        history.append({k: v for k, v in row.items() if k not in ("id", "history_id")})
    return rows, history


def one_by_one(officer, measures, q2, given, monkeypatch, when) -> None:
    monkeypatch.setattr(services.timezone, "now", lambda: when)
    for code, entry, status in given:
        record_figure(
            measures[code],
            q2,
            entry,
            officer,
            status=status,
            reason="Imported from figures.csv",
            source="imported",
        )


def all_at_once(officer, measures, q2, given, when) -> None:
    rows = [FigureRow(measures[code], q2, entry, status) for code, entry, status in given]
    record_figures(rows, officer, reason="Imported from figures.csv", when=when)


class Undo(Exception):
    pass


def test_new_and_changed_figures_are_stored_alike_one_by_one_and_in_bulk(world, monkeypatch):
    officer, measures, q2 = world
    try:
        with transaction.atomic():
            one_by_one(officer, measures, q2, entries(), monkeypatch, WHEN)
            singly_created = stored()
            one_by_one(officer, measures, q2, changed_entries(), monkeypatch, LATER)
            singly_changed = stored()
            raise Undo
    except Undo:
        pass
    monkeypatch.undo()
    assert not Figure.objects.exists() and not Figure.history.exists()

    all_at_once(officer, measures, q2, entries(), WHEN)
    assert stored() == singly_created
    all_at_once(officer, measures, q2, changed_entries(), LATER)
    assert stored() == singly_changed

    figures, history = singly_changed
    assert len(figures) == 7 and len(history) == 10
    assert {row["history_type"] for row in history} == {"+", "~"}
    assert {row["history_user_id"] for row in history} == {officer.pk}
    assert {row["status"] for row in figures} == {
        FigureStatus.SUBMITTED,
        FigureStatus.APPROVED,
        FigureStatus.DRAFT,
    }


def test_the_bulk_door_gives_each_figure_its_own_id_and_history(world):
    officer, measures, q2 = world
    rows = [FigureRow(measures[code], q2, entry, status) for code, entry, status in entries()]
    saved = record_figures(rows, officer, reason="Imported from figures.csv", when=WHEN)
    assert [figure.pk for figure in saved] == [
        Figure.objects.get(measure=measures[code]).pk for code, _, _ in entries()
    ]
    history = dict(Figure.history.values_list("id", "value"))
    assert history == dict(Figure.objects.values_list("id", "value"))
    assert Figure.objects.get(measure=measures["P2"]).value == Decimal("38.686131")
    assert Figure.objects.get(measure=measures["N4"]).value == Decimal("-99999999999999.9")
