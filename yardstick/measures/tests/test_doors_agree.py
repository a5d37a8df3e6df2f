"""The bulk door and the single door store the same figures and the same history.

`record_figure` saves one figure through the ORM (django-simple-history's signal writes its
history row); `record_figures` writes many through `yardstick.measures.bulk`: on PostgreSQL
the rows and their history rows by COPY, changes through a temporary table and one
UPDATE ... FROM; on SQLite multi-row INSERTs and `executemany`, the history rows copied by
the database. Given the same figures (or targets), at the same moment, by the same person,
both leave the same rows: every column of every row and every history row, bar the ids the
database hands out. Run on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction

from tests.factories import MeasureFactory, UserFactory, period
from yardstick.core.ratings import SchemeKind
from yardstick.core.targets import ChangeDirection, TargetKind
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.values import Missing, MissingState, Value, ValueType
from yardstick.measures import bulk, services
from yardstick.measures.models import Figure, FigureStatus, Target
from yardstick.measures.services import (
    FigureInput,
    FigureRow,
    TargetRow,
    record_figure,
    record_figures,
    set_target,
    set_targets,
)

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
                forecast=Value(Decimal("1300000"), ValueType.NUMBER),
                forecast_reason="Two large schemes complete in March.",
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
            collection_type="cumulative" if code == "N1" else "discrete",
        )
        for code in ("P1", "P2", "P3", "N1", "N2", "N3", "N4")
    }
    return officer, measures, period(council, "2018-19 Q2")


def stored(model=Figure) -> tuple[list[dict], list[dict]]:
    """Every row of `model` and its history, without the ids the database hands out (a
    history row names its row by the row's measure instead)."""
    figures = {figure.pk: figure.measure_id for figure in model.objects.all()}
    rows = [
        {k: v for k, v in row.items() if k != "id"}
        for row in model.objects.order_by("measure_id").values()
    ]
    history = []
    for row in model.history.order_by("measure_id", "history_date").values():
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


def targets() -> list[tuple[str, CoreTarget, dict]]:
    """(measure code, target, scheme): every kind of target a door is given."""
    return [
        ("P1", CoreTarget(TargetKind.VALUE, value=Decimal("38.7")), {}),
        ("P2", CoreTarget(TargetKind.RANGE, low=Decimal("10"), high=Decimal("20.125")), {}),
        (
            "N1",
            CoreTarget(
                TargetKind.CHANGE_ON_LAST_YEAR,
                change_percent=Decimal("5"),
                change_direction=ChangeDirection.REDUCTION,
            ),
            {"scheme": SchemeKind.THREE_BAND, "amber_threshold": Decimal("7.5")},
        ),
        ("N2", CoreTarget(TargetKind.BASELINE), {}),
        ("N3", CoreTarget(TargetKind.CHANGE_ON_LAST_YEAR, change_amount=Decimal("-3")), {}),
    ]


def changed_targets() -> list[tuple[str, CoreTarget, dict]]:
    return [
        ("P1", CoreTarget(TargetKind.VALUE, value=Decimal("40")), {}),
        ("N1", CoreTarget(TargetKind.NONE), {}),
    ]


def test_new_and_changed_targets_are_stored_alike_one_by_one_and_in_bulk(world, monkeypatch):
    officer, measures, q2 = world

    def one_by_one(given, when):
        monkeypatch.setattr(services.timezone, "now", lambda: when)
        for code, target, scheme in given:
            set_target(measures[code], q2, target, officer, "Imported", scheme=scheme)

    def all_at_once(given, when):
        rows = [TargetRow(measures[code], q2, target, scheme) for code, target, scheme in given]
        set_targets(rows, officer, reason="Imported", when=when)

    try:
        with transaction.atomic():
            one_by_one(targets(), WHEN)
            singly_created = stored(Target)
            one_by_one(changed_targets(), LATER)
            singly_changed = stored(Target)
            raise Undo
    except Undo:
        pass
    monkeypatch.undo()
    assert not Target.objects.exists() and not Target.history.exists()

    all_at_once(targets(), WHEN)
    assert stored(Target) == singly_created
    all_at_once(changed_targets(), LATER)
    assert stored(Target) == singly_changed
    assert len(singly_changed[1]) == 7


def test_the_values_the_bulk_door_passes_as_they_are_are_what_the_fields_would_store(world):
    """The bulk writers hand most values to the driver unprepared (PASSED_AS_THEY_ARE): each
    such field's own preparation gives them back unchanged."""
    officer, measures, q2 = world
    saved = record_figures(
        [FigureRow(measures[code], q2, entry, status) for code, entry, status in entries()],
        officer,
        reason="Imported from figures.csv",
        when=WHEN,
    )
    (target,) = set_targets(
        [TargetRow(measures[code], q2, target, scheme) for code, target, scheme in targets()][:1],
        officer,
    )
    checked = 0
    for instance in [*saved, target]:
        for field in type(instance)._meta.concrete_fields:
            if field.get_internal_type() not in bulk.PASSED_AS_THEY_ARE:
                continue
            value = getattr(instance, field.attname)
            prepared = field.get_db_prep_value(value, connection, prepared=False)
            # the same value, written the same way (a decimal not padded to its places);
            # PostgreSQL's integers come back typed for the driver (Int2), as text the same
            assert (str(prepared), prepared) == (str(value), value), field
            checked += 1
    assert checked > 100
