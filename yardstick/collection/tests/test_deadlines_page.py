"""The deadlines page: the performance team sets a rule per frequency, applied to every open
period's deadline, and may set one period's deadline by hand."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import period
from yardstick.collection.models import DeadlineRule
from yardstick.framework.models import PeriodStatus

pytestmark = pytest.mark.django_db

URL = reverse("collection:deadlines")


def rule(frequency: str = "quarterly", days: int = 15, before: int = 5, after: int = 5) -> dict:
    return {
        "frequency": frequency,
        f"{frequency}-working_days_after": str(days),
        f"{frequency}-remind_days_before": str(before),
        f"{frequency}-escalate_days_after": str(after),
    }


def test_setting_a_rule_gives_every_open_period_of_that_kind_its_deadline(
    client, council, team, q1, q2
):
    q1.status = PeriodStatus.PUBLISHED
    q1.deadline = date(2018, 7, 27)  # as it was
    q1.save()
    september = period(council, "2018-09")
    client.force_login(team)
    response = client.post(URL, rule(days=15))
    assert response.status_code == 302
    saved = DeadlineRule.objects.get(organisation=council, frequency="quarterly")
    assert saved.working_days_after == 15
    assert saved.history.first().history_user == team
    for row in (q1, q2, september):
        row.refresh_from_db()
    assert q2.deadline == date(2018, 10, 19)  # 15 working days after 30 September
    assert q1.deadline == date(2018, 7, 27)  # published: kept
    assert september.deadline is None  # monthly periods follow the monthly rule
    assert q2.history.first().history_change_reason == (
        "Deadline: 15 working days after the period ends"
        " (England and Wales bank holidays not counted)"
    )
    page = client.get(URL).content.decode()
    assert "Friday 19 October 2018" in page


def test_choosing_scotlands_bank_holidays_recounts_the_open_deadlines(client, council, team):
    q3 = period(council, "2018-19 Q3")  # ends Monday 31 December 2018
    client.force_login(team)
    client.post(URL, rule(days=15))
    q3.refresh_from_db()
    assert q3.deadline == date(2019, 1, 22)  # New Year's Day not counted
    response = client.post(URL, {"bank_holidays": "SCT"}, follow=True)
    assert "leave out the bank holidays of Scotland; 1 open period given a new deadline" in (
        response.content.decode()
    )
    q3.refresh_from_db()
    council.refresh_from_db()
    assert council.bank_holidays == "SCT"
    assert q3.deadline == date(2019, 1, 23)  # 2 January too
    assert council.history.first().history_user == team
    assert "Scotland bank holidays" in q3.history.first().history_change_reason
    client.post(URL, {"bank_holidays": ""})
    q3.refresh_from_db()
    assert q3.deadline == date(2019, 1, 21)  # every Monday to Friday


def test_an_unknown_bank_holiday_calendar_is_reshown_with_a_message(client, council, team):
    client.force_login(team)
    response = client.post(URL, {"bank_holidays": "XYZ"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    council.refresh_from_db()
    assert council.bank_holidays == "ENG"


def test_a_bad_rule_is_reshown_with_a_message(client, team, q2):
    client.force_login(team)
    response = client.post(URL, rule(days=-3))
    assert response.status_code == 200
    assert "Check the numbers below" in response.content.decode()
    assert not DeadlineRule.objects.exists()


def test_one_periods_deadline_can_be_set_by_hand(client, team, q2):
    client.force_login(team)
    url = reverse("collection:period_deadline", args=[q2.pk])
    client.post(url, {f"p{q2.pk}-deadline": "2018-10-26"})
    q2.refresh_from_db()
    assert q2.deadline == date(2018, 10, 26)
    client.post(url, {f"p{q2.pk}-deadline": "2018-09-01"})  # before the period ends
    q2.refresh_from_db()
    assert q2.deadline == date(2018, 10, 26)


def test_only_the_performance_team_sets_deadlines(client, officer, approver, q2):
    for person in (officer, approver):
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert client.post(URL, rule()).status_code == 403
        assert client.post(URL, {"bank_holidays": "SCT"}).status_code == 403
        url = reverse("collection:period_deadline", args=[q2.pk])
        assert client.post(url, {f"p{q2.pk}-deadline": "2018-10-26"}).status_code == 403
    assert not DeadlineRule.objects.exists()
    q2.refresh_from_db()
    assert q2.deadline is None
