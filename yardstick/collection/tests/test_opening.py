"""Periods open for returns on schedule: the next when one is published (or on the day the
performance team sets), each measure's target carried forward or profiled from the year's, and
its owners told once by send_reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tests.factories import MeasureFactory, period
from yardstick.collection import services
from yardstick.collection.models import Reminder
from yardstick.collection.reminders import send_reminders
from yardstick.collection.tests.conftest import percent
from yardstick.core.targets import Target, TargetKind
from yardstick.framework.models import Period
from yardstick.measures.models import FigureStatus
from yardstick.measures.models import Target as TargetRow
from yardstick.measures.services import record_figure, set_target

pytestmark = pytest.mark.django_db


def value(amount: str) -> Target:
    return Target(TargetKind.VALUE, value=Decimal(amount))


@pytest.fixture
def homes(council, resources, officer):
    """A cumulative count with a target for the whole of 2018/19: 30 homes."""
    measure = MeasureFactory(
        organisation=council,
        code="HOM 1",
        title="New homes built (cumulative)",
        unit=resources,
        owner=officer,
        frequency="quarterly",
        polarity="higher",
        value_type="number",
        collection_type="cumulative",
    )
    set_target(measure, period(council, "FY 2018-19"), value("30"), officer)
    return measure


def publish_q1(council, team, officer, measure):
    q1 = period(council, "2018-19 Q1")
    record_figure(
        measure, q1, percent("80", commentary="On track"), officer, status=FigureStatus.APPROVED
    )
    return services.publish_period(q1, team)


def test_publishing_a_quarter_opens_the_next_with_targets_carried_forward_or_profiled(
    council, team, officer, resources, homes
):
    invoices = MeasureFactory(
        organisation=council,
        code="RES 1",
        unit=resources,
        owner=officer,
        frequency="quarterly",
        value_type="percentage",
    )
    set_target(invoices, period(council, "2018-19 Q1"), value("75"), officer)

    publish_q1(council, team, officer, invoices)

    q2 = Period.objects.get(organisation=council, key="2018-19 Q2")
    assert q2.opened_at is not None and not q2.is_published
    assert TargetRow.objects.get(measure=invoices, period=q2).value == 75  # carried forward
    assert TargetRow.objects.get(measure=homes, period=q2).value == 15  # half the year's 30
    reasons = TargetRow.objects.get(measure=homes, period=q2).history.first()
    assert reasons.history_change_reason == "Targets for Q2 2018/19 as it opened"
    assert reasons.history_user == team


def test_a_target_the_rules_refuse_is_not_carried_forward_and_publishing_goes_ahead(
    council, team, officer, resources
):
    """An old row (or a bug) left Q1 a range upside down; carrying it into Q2 was refused, so
    publishing Q1 failed with a server error."""
    invoices = MeasureFactory(
        organisation=council, unit=resources, owner=officer, frequency="quarterly"
    )
    q1 = period(council, "2018-19 Q1")
    TargetRow.objects.create(
        measure=invoices, period=q1, kind=TargetKind.RANGE, low=Decimal(90), high=Decimal(10)
    )

    publish_q1(council, team, officer, invoices)

    q2 = Period.objects.get(organisation=council, key="2018-19 Q2")
    assert q2.opened_at is not None
    assert not TargetRow.objects.filter(measure=invoices, period=q2).exists()


def test_opening_twice_changes_nothing_and_keeps_targets_already_set(council, team, homes):
    q3 = period(council, "2018-19 Q3")
    set_target(homes, q3, value("20"), team, reason="Agreed at the board")
    first = services.open_period(q3, team)
    second = services.open_period(q3, team)
    assert (first.carried, first.profiled) == (0, 0)
    assert (second.carried, second.profiled) == (0, 0)
    assert TargetRow.objects.get(measure=homes, period=q3).value == 20


def test_owners_are_told_once_that_their_returns_are_open(council, team, officer, homes):
    q3 = period(council, "2018-19 Q3")
    services.open_period(q3, team, when=datetime(2018, 10, 1, 9, tzinfo=UTC))

    outcome = send_reminders(date(2018, 10, 2))
    again = send_reminders(date(2018, 10, 3))

    assert outcome.emails == 1 and again.emails == 0
    (message,) = mail.outbox
    assert message.subject == "Returns open: Q3 2018/19"
    assert "HOM 1 New homes built (cumulative) (not started)" in message.body
    assert Reminder.objects.filter(kind="opened", recipient=officer).count() == 1


def test_a_council_that_opens_periods_on_a_set_day_opens_them_on_that_day(
    client, council, team, officer, homes
):
    services.set_opening_rule(council, False, team)
    q1 = period(council, "2018-19 Q1")
    services.publish_period(q1, team)
    assert not Period.objects.filter(organisation=council, key="2018-19 Q2").exists()
    q2 = period(council, "2018-19 Q2")
    services.set_period_opening(q2, date(2018, 7, 1), team, today=date(2018, 6, 25))
    q2.refresh_from_db()
    assert q2.opens_on == date(2018, 7, 1) and q2.opened_at is None

    out = StringIO()
    call_command("open_periods", "--as-of", "2018-06-30", stdout=out)
    call_command("open_periods", "--as-of", "2018-07-01", stdout=out)
    call_command("open_periods", "--as-of", "2018-07-02", stdout=out)

    q2.refresh_from_db()
    assert q2.opened_at is not None
    assert out.getvalue().count("Q2 2018/19 is open for returns") == 1
    assert "No period is due to open on 02 July 2018." in out.getvalue()
    assert TargetRow.objects.get(measure=homes, period=q2).value == 15


def test_setting_a_day_that_has_come_on_the_deadlines_page_opens_the_period_now(
    client, council, team, homes
):
    services.set_opening_rule(council, False, team)
    q2 = period(council, "2018-19 Q2")
    client.force_login(team)
    response = client.post(
        reverse("collection:period_opening", args=[q2.pk]), {f"o{q2.pk}-opens_on": "2018-07-01"}
    )
    assert response.status_code == 302
    q2.refresh_from_db()
    assert q2.opened_at is not None
    page = client.get(reverse("collection:deadlines")).content.decode()
    assert "Q2 2018/19 is open for returns: 0 targets carried forward, 1 profiled" in page


def test_the_deadlines_page_sets_how_periods_open(client, council, team):
    client.force_login(team)
    page = client.get(reverse("collection:deadlines")).content.decode()
    assert "Open the next period for returns as soon as one is published" in page
    client.post(reverse("collection:deadlines"), {"form": "opening"})
    council.refresh_from_db()
    assert council.open_next_on_publish is False
