"""The in-year changes to the scorecards: added, removed, target changed since 1 April, read
from the history tables; the page and its CSV say the same."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import MeasureFactory, period
from yardstick.core.targets import Target, TargetKind
from yardstick.measures.models import Target as TargetModel
from yardstick.measures.services import TargetRow, delete_target, set_targets
from yardstick.scorecards.changes import (
    ADDED,
    REMOVED,
    TARGET_CHANGED,
    TARGET_REMOVED,
    in_year_changes,
)
from yardstick.scorecards.models import ScorecardEntry

BEFORE_THE_YEAR = datetime(2018, 3, 20, 10, tzinfo=UTC)
IN_THE_YEAR = datetime(2018, 10, 15, 10, tzinfo=UTC)
NOVEMBER = datetime(2018, 11, 20, 10, tzinfo=UTC)


def save_at(row, when, user, reason):
    row._history_date, row._history_user, row._change_reason = when, user, reason
    row.save()


@pytest.fixture
def changed(council, scorecard, team_member):
    """Set up before 1 April 2018 (two measures, a Q3 target); then, in the year: a measure
    added, one removed, the Q3 target changed and another measure's Q4 target removed."""
    first, second = (MeasureFactory(organisation=council) for _ in range(2))
    kept = ScorecardEntry(scorecard=scorecard, measure=first, number="1")
    save_at(kept, BEFORE_THE_YEAR, team_member, "Set up")
    dropped = ScorecardEntry(scorecard=scorecard, measure=second, number="2")
    save_at(dropped, BEFORE_THE_YEAR, team_member, "Set up")
    q3, q4 = period(council, "2018-19 Q3"), period(council, "2018-19 Q4")
    fifty = Target(TargetKind.VALUE, value=Decimal(50))
    set_targets(
        [TargetRow(first, q3, fifty, {}), TargetRow(second, q4, fifty, {})],
        team_member,
        when=BEFORE_THE_YEAR,
    )
    set_targets(
        [TargetRow(first, q3, Target(TargetKind.VALUE, value=Decimal(55)), {})],
        team_member,
        reason="Stretch agreed at the board",
        when=IN_THE_YEAR,
    )
    delete_target(second.targets.get(period=q4), team_member, "No longer collected")
    # The service writes its history now; this removal was made in November 2018.
    TargetModel.history.filter(history_type="-").update(history_date=NOVEMBER)
    added = MeasureFactory(organisation=council, title="Newly added")
    save_at(
        ScorecardEntry(scorecard=scorecard, measure=added, number="3"),
        IN_THE_YEAR,
        team_member,
        "Asked for by scrutiny",
    )
    dropped._history_date = IN_THE_YEAR
    dropped._history_user, dropped._change_reason = team_member, "Moved to a directorate card"
    dropped.delete()
    return first, second, added


@pytest.mark.django_db
def test_lists_added_removed_and_changed_targets_since_1_april(
    council, scorecard, changed, team_member
):
    first, second, added = changed
    found = in_year_changes(council, 2018)
    by_kind = {(change.change, change.code): change for change in found.changes}
    assert set(by_kind) == {
        (ADDED, added.code),
        (REMOVED, second.code),
        (TARGET_CHANGED, first.code),
        (TARGET_REMOVED, second.code),
    }
    stretch = by_kind[(TARGET_CHANGED, first.code)]
    assert (stretch.before, stretch.after) == ("Q3 2018/19: 50%", "Q3 2018/19: 55%")
    assert stretch.reason == "Stretch agreed at the board"
    assert stretch.scorecard == scorecard.title
    assert by_kind[(ADDED, added.code)].reason == "Asked for by scrutiny"
    assert by_kind[(REMOVED, second.code)].by == team_member.get_full_name() or "perf"
    assert by_kind[(TARGET_REMOVED, second.code)].before == "Q4 2018/19: 50%"


@pytest.mark.django_db
def test_a_later_since_leaves_out_what_changed_before_it(council, changed):
    later = in_year_changes(council, 2018, since=datetime(2018, 11, 1).date())
    assert [change.change for change in later.changes] == [TARGET_REMOVED]


@pytest.mark.django_db
def test_changes_after_the_year_are_not_in_year_changes(council, scorecard, team_member):
    save_at(
        ScorecardEntry(scorecard=scorecard, measure=MeasureFactory(organisation=council)),
        datetime(2019, 4, 2, tzinfo=UTC),
        team_member,
        "Next year's refresh",
    )
    assert in_year_changes(council, 2018).changes == ()


@pytest.mark.django_db
def test_the_page_and_the_csv_list_the_same_changes(client, council, changed, councillor):
    client.force_login(councillor)
    url = reverse("scorecards:changes")
    page = client.get(url, {"year": 2018})
    assert page.status_code == 200
    shown = page.context["found"].changes
    assert len(shown) == 4
    download = client.get(url, {"year": 2018, "format": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0][:5] == ["When", "Scorecard", "Code", "Measure", "Change"]
    assert [(row[2], row[4]) for row in rows[1:]] == [(c.code, c.change) for c in shown]


@pytest.mark.django_db
def test_a_day_outside_the_year_or_a_bad_year_reshows_the_form(
    client, council, changed, councillor
):
    client.force_login(councillor)
    url = reverse("scorecards:changes")
    for params in ({"year": 2018, "since": "2017-01-01"}, {"year": 1900}, {"since": "soon"}):
        response = client.get(url, params)
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
        assert response.context["found"] is None


@pytest.mark.django_db
def test_the_changes_page_queries_do_not_grow_with_the_number_of_changes(
    client, council, scorecard, councillor, team_member
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(count: int) -> None:
        for _ in range(count):
            entry = ScorecardEntry(
                scorecard=scorecard, measure=MeasureFactory(organisation=council)
            )
            save_at(entry, IN_THE_YEAR, team_member, "Added")

    client.force_login(councillor)
    add(2)
    client.get(reverse("scorecards:changes"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("scorecards:changes"))
    add(10)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("scorecards:changes"))
    assert len(response.context["found"].changes) == 12
    assert len(many) == len(few)
