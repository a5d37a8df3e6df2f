"""Data quality statements past their review date are chased by send_reminders, to their
measure's owner, once per version and review date: against a real SMTP server (aiosmtpd), as
the figures' reminders are tested."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from tests.factories import MeasureFactory, UserFactory
from yardstick.collection.tests.test_reminders import Inbox, free_port, send, smtp_settings
from yardstick.core.statements import Dimension
from yardstick.measures.statement_services import (
    StatementInput,
    save_statement,
    sign_off_statement,
)
from yardstick.measures.statements import StatementReminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox():
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with smtp_settings(port):
            yield handler
    finally:
        controller.stop()


def sign(measure, owner, review: date, day: date):
    when = timezone.make_aware(datetime(day.year, day.month, day.day, 10))
    texts = {d.value: "Checked." for d in Dimension}
    save_statement(measure, StatementInput(texts, {}, "medium", review), owner, when=when)
    return sign_off_statement(measure, owner, when=when)


def test_a_statement_past_its_review_date_is_chased_to_its_owner_once_per_review(inbox, council):
    owner = UserFactory(username="olu", first_name="Olu", last_name="Owens", organisation=council)
    measure = MeasureFactory(organisation=council, code="RES-1", title="Sickness", owner=owner)
    MeasureFactory(organisation=council, code="RES-2", title="No owner", owner=None)
    first = sign(measure, owner, date(2027, 1, 15), date(2026, 1, 15))
    assert "Sent 0 e-mails" in send("2027-01-15")  # due that day: not yet past
    assert "Sent 1 e-mail (1 reminder)" in send("2027-01-16")
    assert inbox.received() == [("olu@example.org", "Review due: 1 data quality statement")]
    [(_, message)] = inbox.messages
    body = message.get_content()
    assert "Dear Olu Owens" in body
    assert "RES-1 Sickness (review was due 15 January 2027)" in body
    assert "https://yardstick.harrow.example/measures/RES-1/data-quality-statement/" in body
    assert StatementReminder.objects.get().statement == first

    inbox.clear()
    assert "Sent 0 e-mails" in send("2027-01-20")  # once per review
    second = sign(measure, owner, date(2027, 4, 1), date(2027, 1, 21))  # reviewed: version 2
    assert second.version == 2
    assert "Sent 0 e-mails" in send("2027-03-30")
    assert "Sent 1 e-mail (1 reminder)" in send("2027-04-02")  # the new date, once more
    assert StatementReminder.objects.count() == 2
