"""What an open period shows is read from the cache, and never after a write changed it.

An open period's summaries are cached under `measures.shown.open_token`: the reader's sight,
the status of the periods shown and the figures and targets written in them. Each test here
reads the scorecard until it comes from the cache (the second read reads no figure, target or
kept rating), makes one kind of write through the service a person would use, and reads
again: the page shows the write. If the token missed the write, the page would show what
was cached before it, and the test would fail."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.caching import clear_caches
from tests.factories import OrganisationFactory, ScorecardFactory, period
from yardstick.collection.services import (
    approve_figure,
    publish_period,
    return_figure,
    submit_figure,
)
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.targets import TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.imports.services import import_file
from yardstick.measures.models import Figure, FigureStatus, Target
from yardstick.measures.services import (
    FigureInput,
    correct_published_figure,
    delete_figure,
    delete_target,
    record_figure,
    set_target,
)
from yardstick.scorecards.tests.conftest import add_measures
from yardstick.scorecards.tests.test_cache import read, reading_shown, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(council, scorecard, team_member):
    """One measure: target 50, figures 60 (Q2 2017/18), 51 (Q1) and 49 (Q2 2018/19), all
    approved; the first two quarters published, Q2 2018/19 open."""
    (measure,) = add_measures(council, scorecard, 1, officer=team_member)
    Figure.objects.filter(measure=measure).update(commentary="Explained to the board.")
    for key in ("2017-18 Q2", "2018-19 Q1"):
        publish_period(period(council, key), team_member)
    clear_caches()
    return measure


@pytest.fixture
def q2(council):
    return period(council, "2018-19 Q2")


def cached(client, scorecard) -> str:
    """The scorecard's table, once it is read from the cache."""
    read(client, scorecard)
    html, queries = read(client, scorecard)
    assert reading_shown(queries) == [], "the second read should come from the cache"
    return table(html)


def now(client, scorecard) -> str:
    return table(read(client, scorecard)[0])


def percent(amount: str, **fields) -> FigureInput:
    return FigureInput(Value(Decimal(amount), ValueType.PERCENTAGE), **fields)


def figure_of(measure, quarter) -> Figure:
    return Figure.objects.get(measure=measure, period=quarter)


def test_recording_a_figure_shows_at_once(client, scorecard, team_member, measure, q2):
    client.force_login(team_member)
    assert "52.5%" not in cached(client, scorecard)
    record_figure(measure, q2, percent("52.5"), team_member)
    assert "52.5%" in now(client, scorecard)


def test_submitting_a_changed_figure_shows_at_once(client, scorecard, team_member, measure, q2):
    client.force_login(team_member)
    assert "52.5%" not in cached(client, scorecard)
    submit_figure(
        measure, q2, percent("52.5"), team_member, expected_version=figure_of(measure, q2).version
    )
    assert figure_of(measure, q2).status == FigureStatus.SUBMITTED
    assert "52.5%" in now(client, scorecard)


def test_approving_shows_the_figure_to_councillors_at_once(
    client, scorecard, councillor, team_member, measure, q2
):
    record_figure(measure, q2, percent("52.5"), team_member, status=FigureStatus.SUBMITTED)
    client.force_login(councillor)
    assert "52.5%" not in cached(client, scorecard)  # awaiting sign-off: not theirs to see
    figure = figure_of(measure, q2)
    approve_figure(figure, team_member, expected_version=figure.version)
    assert "52.5%" in now(client, scorecard)


def test_returning_a_figure_takes_it_from_councillors_at_once(
    client, scorecard, councillor, team_member, measure, q2
):
    record_figure(measure, q2, percent("52.5"), team_member, status=FigureStatus.APPROVED)
    client.force_login(councillor)
    assert "52.5%" in cached(client, scorecard)
    figure = figure_of(measure, q2)
    return_figure(figure, team_member, "Check the count", expected_version=figure.version)
    assert "52.5%" not in now(client, scorecard)


def test_setting_a_target_shows_at_once(client, scorecard, councillor, team_member, measure, q2):
    client.force_login(councillor)
    assert "45.5%" not in cached(client, scorecard)
    set_target(measure, q2, CoreTarget(TargetKind.VALUE, value=Decimal("45.5")), team_member)
    assert "45.5%" in now(client, scorecard)


def test_deleting_a_target_shows_at_once(client, scorecard, councillor, team_member, measure, q2):
    set_target(measure, q2, CoreTarget(TargetKind.VALUE, value=Decimal("45.5")), team_member)
    client.force_login(councillor)
    assert "45.5%" in cached(client, scorecard)
    delete_target(Target.objects.get(measure=measure, period=q2), team_member, "Set in error")
    assert "45.5%" not in now(client, scorecard)


def test_deleting_a_figure_shows_at_once(client, council, scorecard, councillor, team_member, q2):
    # Two measures, every quarter open: Q2 keeps a figure (and stays on the page).
    measure, _ = add_measures(council, scorecard, 2, officer=team_member)
    record_figure(measure, q2, percent("52.5"), team_member, status=FigureStatus.APPROVED)
    client.force_login(councillor)
    assert "52.5%" in cached(client, scorecard)
    delete_figure(figure_of(measure, q2), team_member, "Entered in error")
    assert "52.5%" not in now(client, scorecard)


def test_importing_figures_shows_at_once(
    client, council, scorecard, councillor, team_member, measure
):
    client.force_login(councillor)
    assert "52.5%" not in cached(client, scorecard)
    result = import_file(
        council,
        "figures",
        f"measure,period,actual,status\n{measure.code},2018-19 Q2,52.5%,approved\n".encode(),
        "figures.csv",
        team_member,
    )
    assert result.applied
    assert "52.5%" in now(client, scorecard)


def test_correcting_the_previous_published_figure_changes_the_open_trend_at_once(
    client, council, scorecard, councillor, team_member, measure
):
    # Q2's 49 against Q1's 51 deteriorated; against a corrected 40.5 it improved.
    client.force_login(councillor)
    before = cached(client, scorecard)
    assert "trend-deteriorated" in before and "trend-improved" not in before
    q1 = period(council, "2018-19 Q1")
    correct_published_figure(measure, q1, percent("40.5"), team_member, "A late return")
    after = now(client, scorecard)
    assert "trend-improved" in after and "trend-deteriorated" not in after


def test_publishing_the_previous_period_changes_the_open_trend_at_once(
    client, council, scorecard, team_member
):
    # Q1 left open with a draft (40.5): the team sees Q2's 49 improve on it. Published with
    # the draft not signed off, Q1 shows no figure, and Q2 has nothing to compare with.
    (measure,) = add_measures(council, scorecard, 1, officer=team_member)
    Figure.objects.filter(measure=measure).update(commentary="Explained to the board.")
    publish_period(period(council, "2017-18 Q2"), team_member)
    q1 = period(council, "2018-19 Q1")
    record_figure(measure, q1, percent("40.5", commentary="Short-staffed"), team_member)
    clear_caches()
    client.force_login(team_member)
    assert "trend-improved" in cached(client, scorecard)
    publish_period(q1, team_member)
    after = now(client, scorecard)
    assert "trend-improved" not in after
    assert "No figure (not signed off)" in after


def test_a_councillor_never_sees_the_draft_the_teams_cached_page_shows(
    client, scorecard, councillor, team_member, measure, q2
):
    record_figure(measure, q2, percent("52.5"), team_member)  # a draft
    client.force_login(team_member)
    assert "52.5%" in cached(client, scorecard)
    client.force_login(councillor)
    assert "52.5%" not in now(client, scorecard)
    assert "52.5%" not in cached(client, scorecard)


def test_another_councils_writes_leave_the_cached_page_alone(
    client, scorecard, councillor, team_member, measure
):
    """The token is of the periods shown: writes elsewhere do not empty the cache."""
    other = OrganisationFactory(name="Elsewhere", slug="elsewhere")
    theirs = ScorecardFactory(organisation=other, slug="theirs")
    (elsewhere,) = add_measures(other, theirs, 1, officer=team_member)
    client.force_login(councillor)
    cached(client, scorecard)
    record_figure(elsewhere, period(other, "2018-19 Q2"), percent("52.5"), team_member)
    _, queries = read(client, scorecard)
    assert reading_shown(queries) == []
