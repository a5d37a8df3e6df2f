"""The performance team fixes a measure's SPC limits on a baseline (its first so many figures,
or its figures up to a period), with the reason, on the measure's page: the chart's limits are
the core's `chart(baseline=...)`, the chart marks where the baseline ends, the table says which
figures are in it, the scorecards' SPC column follows it, the history keeps who and why, and bad
input is re-shown with a message, never a 500."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ScorecardFactory, period
from yardstick.accounts.access import board
from yardstick.accounts.models import Role
from yardstick.core import spc as core_spc
from yardstick.core.ratings import Polarity
from yardstick.measures.models import SpcBaseline
from yardstick.measures.services import (
    RecalculationRefused,
    clear_baseline,
    set_baseline,
    set_exclusion,
    set_recalculation,
)
from yardstick.measures.tests.test_rollup import count, enter, monthly
from yardstick.measures.tests.test_spc_recalculation import MONTHS, person
from yardstick.scorecards.rows import build_scorecard
from yardstick.scorecards.tests.test_spc_column import QUARTERS, with_history

pytestmark = pytest.mark.django_db

# The fixture `measure` (test_spc_recalculation): 90, 91, 92 three times, then 60, 61, 62.
VALUES = [Decimal((90 if index < 9 else 60) + index % 3) for index in range(len(MONTHS))]


@pytest.fixture
def team(council):
    return person(council, "perf", Role.PERFORMANCE_TEAM)


@pytest.fixture
def measure(council, team):
    made = monthly(council, title="Missed collections")
    for key, value in zip(MONTHS, VALUES, strict=True):
        enter(made, key, count(str(value)), team)
    return made


def page(client, measure):
    return client.get(reverse("measures:detail", args=[measure.code]))


def post(client, measure, **fields):
    """Post the baseline form, whose fields are prefixed `baseline-` (`clear` is not)."""
    data = {k if k == "clear" else f"baseline-{k}": v for k, v in fields.items()}
    return client.post(reverse("measures:spc_baseline", args=[measure.code]), data)


def printed_equals(text: str, exact: Decimal) -> bool:
    """Whether the page's printed limit is the core's, to the places printed."""
    shown = Decimal(text.replace(",", ""))
    return shown == exact.quantize(shown)


def assert_limits_are_the_cores(spc, **baseline):
    core = core_spc.chart(VALUES, Polarity.LOWER, settings=core_spc.MDC, **baseline)
    for point, core_point in zip(spc.points, core.points, strict=True):
        limits = core.limits_of(core_point)
        assert printed_equals(point.mean, limits.mean)
        assert printed_equals(point.lpl, limits.lpl)
        assert printed_equals(point.upl, limits.upl)
    return core


def test_the_page_limits_are_the_cores_with_the_first_figures(client, council, team, measure):
    client.force_login(team)
    before = page(client, measure).context["spc"]
    assert before.baseline == "" and before.baseline_ends == ()
    response = post(client, measure, kind="points", points="9", reason="The old round")
    assert response.status_code == 302
    after = page(client, measure)
    spc = after.context["spc"]
    core = assert_limits_are_the_cores(spc, baseline=9)
    assert core.periods[0].points_used == 9
    assert spc.points[0].mean == "91.0" and spc.points[0].mean != before.points[0].mean
    assert [point.in_baseline for point in spc.points] == [True] * 9 + [False] * 9
    assert spc.baseline == "the first 9 figures"
    assert len(spc.baseline_ends) == 1
    assert spc.points[8].x < spc.baseline_ends[0] < spc.points[9].x
    html = after.content.decode()
    assert "Baseline ends" in html
    assert "the mean and limits are fixed on the first 9 figures" in html
    assert "Why: The old round" in html
    assert html.count("<td>Yes</td>") == 9  # the table: which figures are in the baseline
    baseline = SpcBaseline.objects.get(measure=measure)
    record = baseline.history.get()
    assert record.history_user == team
    assert record.history_change_reason == "SPC limits fixed on the first 9 figures"
    assert "set by" in html  # who and when, for the team


def test_the_page_limits_are_the_cores_up_to_a_period(client, council, team, measure):
    client.force_login(team)
    december = period(council, "2017-12")
    response = post(client, measure, kind="until", until=str(december.pk), reason="Old round")
    assert response.status_code == 302
    spc = page(client, measure).context["spc"]
    assert_limits_are_the_cores(spc, baseline_until=8)
    assert spc.baseline == "the figures up to and including December 2017"
    assert sum(point.in_baseline for point in spc.points) == 9
    # Changing it replaces it, and the history keeps both.
    assert post(client, measure, kind="points", points="3", reason="Shorter").status_code == 302
    spc = page(client, measure).context["spc"]
    assert_limits_are_the_cores(spc, baseline=3)
    assert SpcBaseline.objects.get(measure=measure).history.count() == 2


def test_a_baseline_up_to_a_period_marks_only_its_limits_period(client, council, team, measure):
    set_recalculation(measure, period(council, "2018-01"), "New round", team)
    set_baseline(measure, None, period(council, "2017-06"), "The first quarter", team)
    client.force_login(team)
    spc = page(client, measure).context["spc"]
    assert [p.in_baseline for p in spc.points] == [True] * 3 + [False] * 15
    assert len(spc.baseline_ends) == 1
    # The first figures: each limits period's own first so many.
    set_baseline(measure, 3, None, "Each period's first quarter", team)
    spc = page(client, measure).context["spc"]
    assert [p.in_baseline for p in spc.points] == ([True] * 3 + [False] * 6) * 2
    assert len(spc.baseline_ends) == 2


def test_an_excluded_figure_is_not_in_the_baseline(client, council, team, measure):
    set_exclusion(measure, period(council, "2017-05"), "Counted twice", team)
    set_baseline(measure, 3, None, "The first three", team)
    client.force_login(team)
    spc = page(client, measure).context["spc"]
    assert [p.in_baseline for p in spc.points][:5] == [True, False, True, True, False]


def test_a_baseline_the_figures_shown_cannot_hold_is_said_not_applied(
    client, council, team, measure
):
    """The team sets it on figures a reader may not see: for the reader it ends too early
    and is left out, saying why (never a 500)."""
    set_baseline(measure, None, period(council, "2017-05"), "Two months", team)
    set_exclusion(measure, period(council, "2017-04"), "Counted twice", team)
    client.force_login(team)
    response = page(client, measure)
    assert response.status_code == 200
    spc = response.context["spc"]
    assert spc.baseline_unused.startswith("The baseline is not applied to the figures charted")
    assert not any(point.in_baseline for point in spc.points) and spc.baseline_ends == ()
    assert_limits_are_the_cores(spc, exclude=[0])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"points": "12", "reason": "Why"}, "Choose how the baseline is given."),
        ({"kind": "points", "reason": "Why"}, "Give how many of the first figures fix the limits."),
        ({"kind": "points", "points": "twelve", "reason": "Why"}, "as a whole number, like 12"),
        ({"kind": "points", "points": "1", "reason": "Why"}, "at least 2 figures under the MDC"),
        ({"kind": "points", "points": "1001", "reason": "Why"}, "at most 1000 figures"),
        ({"kind": "points", "points": "-3", "reason": "Why"}, "at least 2 figures"),
        ({"kind": "until", "reason": "Why"}, "Choose the period the baseline runs to."),
        ({"kind": "until", "until": "999999", "reason": "Why"}, "one of the periods on the chart"),
        ({"kind": "points", "points": "12", "reason": "  "}, "Say why the limits are fixed there."),
        ({"kind": "points", "points": "12", "reason": "x" * 301}, "at most 300 characters"),
        ({"kind": "sideways", "points": "12", "reason": "Why"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_shown_again_with_a_message(client, team, measure, fields, message):
    client.force_login(team)
    response = post(client, measure, **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert not SpcBaseline.objects.exists()
    if fields.get("points"):  # what was typed is kept
        assert f'value="{fields["points"]}"' in html


def test_the_rules_are_the_services_at_every_door(council, team, measure):
    with pytest.raises(RecalculationRefused, match="reports monthly"):
        set_baseline(measure, None, period(council, "2018-19 Q1"), "A quarter", team)
    with pytest.raises(RecalculationRefused, match="has no figure for October 2018"):
        set_baseline(measure, None, period(council, "2018-10"), "No figure", team)
    with pytest.raises(RecalculationRefused, match="up to April 2017 there is 1"):
        set_baseline(measure, None, period(council, "2017-04"), "One figure", team)
    with pytest.raises(RecalculationRefused, match="not both"):
        set_baseline(measure, 12, period(council, "2017-12"), "Both", team)
    with pytest.raises(RecalculationRefused, match="as a number of figures or as a period"):
        set_baseline(measure, None, None, "Neither", team)
    with pytest.raises(RecalculationRefused, match="at least 2 figures"):
        set_baseline(measure, 1, None, "One", team)
    other = ScorecardFactory().organisation
    with pytest.raises(RecalculationRefused, match="council's own periods"):
        set_baseline(measure, None, period(other, "2017-12"), "Theirs", team)
    assert not SpcBaseline.objects.exists()


def test_only_the_team_may_and_it_may_clear_the_baseline(client, council, team, measure):
    councillor = person(council, "cllr", Role.COUNCILLOR)
    client.force_login(councillor)
    assert post(client, measure, kind="points", points="9", reason="x").status_code == 403
    assert "Fix the limits on a baseline" not in page(client, measure).content.decode()
    baseline = set_baseline(measure, 9, None, "The old round", team)
    html = page(client, measure).content.decode()
    assert "fixed on the first 9 figures" in html  # readers see the baseline and why
    assert "Why: The old round" in html and "Clear the baseline" not in html
    assert post(client, measure, clear="1").status_code == 403
    client.force_login(team)
    assert "Clear the baseline" in page(client, measure).content.decode()
    assert post(client, measure, clear="1").status_code == 302
    assert not SpcBaseline.objects.exists()
    assert baseline.history.latest().history_type == "-"
    assert post(client, measure, clear="1").status_code == 302  # nothing to clear: a message
    assert page(client, measure).context["spc"].baseline == ""


def test_changing_the_baseline_changes_the_scorecards_spc_column(council, team):
    scorecard = ScorecardFactory(organisation=council, slug="spc", show_spc=True)
    values = [50, 52] * 6 + [54, 55, 54, 55]
    with_history(council, scorecard, team, 1, values)
    last = period(council, QUARTERS[len(values) - 1])
    (row,) = build_scorecard(scorecard, last, board(council.id)).rows
    assert row.spc.startswith("Common cause variation")
    measure = scorecard.entries.get().measure
    set_baseline(measure, 12, None, "Before the new service", team)
    (row,) = build_scorecard(scorecard, last, board(council.id)).rows
    assert row.spc.startswith("Special cause variation: improving, with higher figures")
    clear_baseline(SpcBaseline.objects.get(), team)
    (row,) = build_scorecard(scorecard, last, board(council.id)).rows
    assert row.spc.startswith("Common cause variation")


def test_the_column_with_baselines_does_not_query_per_measure(council, team):
    counts = []
    for size in (1, 6):
        scorecard = ScorecardFactory(organisation=council, slug=f"spc-{size}", show_spc=True)
        for number in range(size):
            with_history(council, scorecard, team, number, [10, 12, 11, 13, 12])
        for entry in scorecard.entries.select_related("measure"):
            set_baseline(entry.measure, 3, None, "The first three", team)
        with CaptureQueriesContext(connection) as captured:
            build_scorecard(scorecard, period(council, QUARTERS[4]), board(council.id))
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_measure_page_queries_the_same_with_a_baseline(client, council, team, measure):
    client.force_login(team)
    page(client, measure)
    with CaptureQueriesContext(connection) as plain:
        page(client, measure)
    set_baseline(measure, None, period(council, "2017-12"), "Old round", team)
    page(client, measure)
    with CaptureQueriesContext(connection) as fixed:
        page(client, measure)
    assert len(fixed) == len(plain) + 1  # who set it and when (its history)
