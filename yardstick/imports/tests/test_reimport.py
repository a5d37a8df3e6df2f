"""Importing the same file again changes nothing; a changed row changes just that record."""

from decimal import Decimal

import pytest

from yardstick.imports.changes import Action
from yardstick.imports.services import import_file
from yardstick.measures.models import Figure

from .conftest import SEED, row_counts, seed_text, with_lines

pytestmark = pytest.mark.django_db

BAD_ROW = seed_text().splitlines()[10].replace(",1.3%,", ",one point three,")


def test_importing_the_seed_again_changes_nothing(seeded, seed_bytes):
    before = row_counts()
    result = import_file(seeded, "scorecard", seed_bytes, SEED.name, None)
    assert result.applied
    assert not result.changes.changes_anything
    assert row_counts() == before  # no new rows, no new history rows


def test_importing_the_seed_again_leaves_all_of_it_alone(seeded, seed_bytes):
    result = import_file(seeded, "scorecard", seed_bytes, SEED.name, None)
    assert result.changes.summary()["figure"] == {"create": 0, "change": 0, "unchanged": 240}
    assert result.changes.summary()["measure"] == {"create": 0, "change": 0, "unchanged": 85}


def test_a_corrected_figure_changes_that_figure_alone_with_a_history_row(
    seeded, performance_officer
):
    line = seed_text().splitlines()[1].replace(",6,6,,", ",6,7,,")  # BBH-01 2017-18 Q2 actual
    before = row_counts()
    result = import_file(
        seeded, "scorecard", with_lines(seed_text(), {2: line}), "fixed.csv", performance_officer
    )
    changed = result.changes.of(Action.CHANGE)
    assert [(change.model, change.key) for change in changed] == [("figure", "BBH-01 2017-18 Q2")]
    assert [(f.field, f.before, f.after) for f in changed[0].fields] == [("figure", "6", "7")]
    figure = Figure.objects.get(measure__code="BBH-01", period__key="2017-18 Q2")
    assert (figure.value, figure.version) == (Decimal(7), 2)
    latest = figure.history.first()
    assert (latest.history_type, latest.history_change_reason, latest.history_user) == (
        "~",
        "Imported from fixed.csv",
        performance_officer,
    )
    after = row_counts()
    assert after.pop("history of Figure") == before.pop("history of Figure") + 1
    assert after == before


def test_a_bad_row_stops_the_good_changes_in_the_same_file_too(seeded):
    corrected = seed_text().splitlines()[1].replace(",6,6,,", ",6,7,,")
    before = row_counts()
    result = import_file(
        seeded, "scorecard", with_lines(seed_text(), {2: corrected, 11: BAD_ROW}), "x.csv", None
    )
    assert not result.applied
    assert row_counts() == before
