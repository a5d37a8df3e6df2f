"""The collection pages on the demo council (`manage.py load_demo`): Q3 2018/19 is open with a
few returns started and submitted. Loaded once for the module and rolled back after it."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape

from yardstick.accounts.access import access_for
from yardstick.accounts.models import User
from yardstick.collection.queries import ReturnState, awaiting_sign_off, returns_for
from yardstick.collection.reminders import reminders_owed
from yardstick.dataquality.queries import choosable_periods, data_quality
from yardstick.demo.loader import load_demo
from yardstick.framework.models import Period, PeriodStatus

AS_OF = date(2019, 2, 10)  # Q3 2018/19 ended 31 December 2018, due 25 January 2019


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        summary = load_demo()
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def council(demo, db):
    return demo.organisation


def person(username: str) -> User:
    return User.objects.get(username=username)


def test_each_owner_has_q3_returns_to_do_and_the_drafts_the_demo_started(council):
    q3 = Period.objects.get(organisation=council, status=PeriodStatus.OPEN, type="quarter")
    # Mark owns the monthly measures too: their months of Q3 are open as well.
    months = set(Period.objects.filter(organisation=council, type="month", start__gte=q3.start))
    for username in ("tom", "lucy", "mark", "rosa", "grace", "alan"):
        items = returns_for(access_for(person(username)), AS_OF)
        assert items, username
        assert q3 in {item.period for item in items} <= {q3} | months
        assert all(item.overdue for item in items if item.outstanding and item.period == q3)
    tom = returns_for(access_for(person("tom")), AS_OF)
    assert any(item.state == ReturnState.DRAFT for item in tom)


def test_the_owner_pages_work_on_the_demo(client, council):
    tom = person("tom")
    client.force_login(tom)
    response = client.get(reverse("collection:returns"))
    assert response.status_code == 200
    for item in response.context["to_do"][:5] + response.context["waiting"]:
        entry = client.get(reverse("collection:entry", args=[item.measure.pk, item.period.pk]))
        assert entry.status_code == 200, item.measure.code
        assert escape(item.measure.title) in entry.content.decode()


def test_approvers_see_the_submitted_figures_of_their_own_directorate(client, council):
    seen = {}
    for username in ("daniel", "helen", "samira"):
        items = awaiting_sign_off(access_for(person(username)), AS_OF)
        seen[username] = {item.measure.pk for item in items}
        client.force_login(person(username))
        assert client.get(reverse("collection:sign_off")).status_code == 200
        for item in items:
            assert client.get(reverse("collection:review", args=[item.figure.pk])).status_code == (
                200
            )
    assert any(seen.values())
    assert not seen["daniel"] & seen["helen"] and not seen["daniel"] & seen["samira"]


def test_the_performance_team_pages_work_on_the_demo(client, council):
    q3 = Period.objects.get(organisation=council, status=PeriodStatus.OPEN, type="quarter")
    client.force_login(person("priya"))
    for url in (
        reverse("collection:publish"),
        reverse("collection:publish_period", args=[q3.pk]),
        reverse("collection:deadlines"),
    ):
        assert client.get(url).status_code == 200, url
    html = client.get(reverse("collection:publish_period", args=[q3.pk])).content.decode()
    assert "Not started" in html and "Awaiting sign-off" in html


def test_overdue_demo_returns_escalate_to_each_directorate_and_the_team(council):
    owed = reminders_owed(AS_OF, [council])
    by_stage = {}
    for item in owed:
        by_stage.setdefault(item.stage.value, set()).add(item.recipient.username)
    assert by_stage["escalated_to_approver"] == {"daniel", "helen", "samira"}
    assert by_stage["escalated_to_team"] == {"priya"}
    assert {"tom", "lucy"} <= by_stage["overdue"]
    # The figures submitted for sign-off wait on each directorate's approver.
    assert by_stage["awaiting_sign_off"] == {"daniel", "helen", "samira"}


def test_the_demo_returns_submitted_for_q3_were_on_time(council):
    q3 = Period.objects.get(organisation=council, key="2018-19 Q3")
    page = data_quality(council.id, q3, choosable_periods(council.id), AS_OF)
    current = page.returns[0]
    assert current.total.on_time == 6 and current.total.late == 0
