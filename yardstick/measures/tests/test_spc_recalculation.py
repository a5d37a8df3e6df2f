"""The performance team sets where a measure's SPC limits are calculated again, with the
reason, on the measure's page: the chart starts new limits there and prints why, the history
keeps who and why, and bad input is re-shown with a message, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory, period
from yardstick.accounts.models import Membership, Role
from yardstick.measures.models import SpcRecalculation
from yardstick.measures.services import RecalculationRefused, set_recalculation
from yardstick.measures.tests.test_rollup import count, enter, monthly

pytestmark = pytest.mark.django_db

MONTHS = [f"2017-{m:02d}" for m in range(4, 13)] + [f"2018-{m:02d}" for m in range(1, 10)]


def person(council, username: str, role: str):
    user = UserFactory(username=username, organisation=council)
    Membership.objects.create(user=user, organisation=council, role=role)
    return user


@pytest.fixture
def team(council):
    return person(council, "perf", Role.PERFORMANCE_TEAM)


@pytest.fixture
def measure(council, team):
    """Eighteen months of a count that steps down by a third in January 2018."""
    made = monthly(council, title="Missed collections")
    for index, key in enumerate(MONTHS):
        level = 90 if index < 9 else 60
        enter(made, key, count(str(level + (index % 3))), team)
    return made


def page(client, measure, **post):
    url = reverse("measures:detail", args=[measure.code])
    if post:
        return client.post(reverse("measures:recalculate", args=[measure.code]), post)
    return client.get(url)


def test_the_team_starts_new_limits_with_a_reason_the_chart_prints(client, council, team, measure):
    client.force_login(team)
    before = page(client, measure).context["spc"]
    assert before.recalculated == ()
    january = period(council, "2018-01")
    response = page(client, measure, period=str(january.pk), reason="New round from January")
    assert response.status_code == 302
    after = page(client, measure)
    spc = after.context["spc"]
    assert len(spc.recalculated) == 1
    assert spc.recalculations == (("January 2018", "New round from January", True),)
    assert {point.mean for point in spc.points[:9]} != {point.mean for point in spc.points[9:]}
    html = after.content.decode()
    assert "From January 2018: New round from January" in html
    point = SpcRecalculation.objects.get(measure=measure)
    record = point.history.get()
    assert record.history_user == team
    assert "January 2018" in record.history_change_reason


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"reason": "Changed"}, "This field is required"),
        ({"period": "999999", "reason": "Changed"}, "Choose one of the periods on the chart"),
        ({"period": "first", "reason": "Changed"}, "Choose one of the periods on the chart"),
        ({"period": "jan", "reason": ""}, "Say why the limits are calculated again."),
        ({"period": "jan", "reason": "x" * 301}, "at most 300 characters"),
    ],
)
def test_bad_input_is_shown_again_with_a_message(client, council, team, measure, post, message):
    client.force_login(team)
    months = {"jan": period(council, "2018-01"), "first": period(council, "2017-04")}
    post = {k: str(months[v].pk) if v in months else v for k, v in post.items()}
    response = page(client, measure, **post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SpcRecalculation.objects.exists()


def test_the_rules_are_the_services_at_every_door(council, team, measure):
    january = period(council, "2018-01")
    quarter = period(council, "2018-19 Q1")
    set_recalculation(measure, january, "Changed", team)
    with pytest.raises(RecalculationRefused, match="already calculated again from January"):
        set_recalculation(measure, january, "Again", team)
    with pytest.raises(RecalculationRefused, match="reports monthly"):
        set_recalculation(measure, quarter, "A quarter", team)
    with pytest.raises(RecalculationRefused, match="Say why"):
        set_recalculation(measure, period(council, "2018-02"), "   ", team)


def test_only_the_team_may_and_it_may_remove_a_point(client, council, team, measure):
    councillor = person(council, "cllr", Role.COUNCILLOR)
    january = period(council, "2018-01")
    client.force_login(councillor)
    assert page(client, measure, period=str(january.pk), reason="x").status_code == 403
    assert "Calculate the limits again" not in page(client, measure).content.decode()
    point = set_recalculation(measure, january, "Changed", team)
    assert "From January 2018: Changed" in page(client, measure).content.decode()
    client.force_login(team)
    assert page(client, measure, remove=str(point.pk)).status_code == 302
    assert not SpcRecalculation.objects.exists()
    assert page(client, measure, remove="nonsense").status_code == 302


# --- figures left out of the calculations ("ghosted") ---------------------------------------


def exclude(client, measure, **post):
    """Post the exclusion form, whose fields are prefixed `exclude-` (`remove` is not)."""
    post = {k if k == "remove" else f"exclude-{k}": v for k, v in post.items()}
    return client.post(reverse("measures:exclude", args=[measure.code]), post)


def test_the_team_leaves_a_one_off_out_and_the_chart_keeps_it_hollow(
    client, council, team, measure
):
    """A one-off of 300 in February 2018, left out: it stays on the chart and in the table,
    hollow and classed as left out, and the limits are those of the other seventeen months."""
    from yardstick.measures.models import Figure

    february = period(council, "2018-02")
    Figure.objects.filter(measure=measure, period=february).update(value="300")
    client.force_login(team)
    before = page(client, measure).context["spc"]
    flagged = next(point for point in before.points if point.label == "February 2018")
    assert flagged.rule_label  # a signal while it is in the calculations
    response = exclude(client, measure, period=str(february.pk), reason="Double-counted once")
    assert response.status_code == 302
    after = page(client, measure)
    spc = after.context["spc"]
    ghost = next(point for point in spc.points if point.label == "February 2018")
    assert ghost.excluded and ghost.value == "300" and ghost.fill == "#ffffff"
    assert ghost.type_label == "Left out of the calculations" and not ghost.rule_label
    assert spc.exclusions == (("February 2018", "Double-counted once", True),)
    assert len(spc.points) == len(before.points)
    assert {p.mean for p in spc.points} != {p.mean for p in before.points}
    assert ("Left out of the calculations", "#ffffff") in {(i.label, i.fill) for i in spc.legend}
    html = after.content.decode()
    assert "February 2018: Double-counted once" in html
    mark = measure.spc_exclusions.get()
    assert mark.history.get().history_user == team
    assert exclude(client, measure, remove=str(mark.pk)).status_code == 302
    assert not measure.spc_exclusions.exists()
    assert exclude(client, measure, remove="nonsense").status_code == 302


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"reason": "Once"}, "This field is required"),
        ({"period": "999999", "reason": "Once"}, "Choose one of the periods on the chart."),
        ({"period": "jan", "reason": ""}, "Say why the figure is left out."),
        ({"period": "jan", "reason": "x" * 301}, "at most 300 characters"),
    ],
)
def test_a_bad_exclusion_is_shown_again_with_a_message(
    client, council, team, measure, post, message
):
    client.force_login(team)
    post = {k: str(period(council, "2018-01").pk) if v == "jan" else v for k, v in post.items()}
    response = exclude(client, measure, **post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not measure.spc_exclusions.exists()


def test_the_exclusion_rules_are_the_services_and_only_the_team_may(client, council, team, measure):
    from yardstick.measures.services import set_exclusion

    first = period(council, "2017-04")
    set_exclusion(measure, first, "Counted by hand", team)  # the first point may be left out
    with pytest.raises(RecalculationRefused, match="already left out"):
        set_exclusion(measure, first, "Again", team)
    with pytest.raises(RecalculationRefused, match="reports monthly"):
        set_exclusion(measure, period(council, "2018-19 Q1"), "A quarter", team)
    client.force_login(person(council, "cllr", Role.COUNCILLOR))
    assert exclude(client, measure, period=str(first.pk), reason="x").status_code == 403
    html = page(client, measure).content.decode()
    assert "Leave the figure out" not in html
    assert "April 2017: Counted by hand" in html  # readers see why the chart leaves it out
