"""Risks past their review date are chased by send_reminders, to their owner, once per review
date: against a real SMTP server (aiosmtpd), as the figures' reminders are tested."""

from __future__ import annotations

from datetime import date

import pytest
from aiosmtpd.controller import Controller

from yardstick.collection.tests.test_reminders import Inbox, free_port, send, smtp_settings
from yardstick.risks import services
from yardstick.risks.models import RiskReminder
from yardstick.risks.tests.conftest import given

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


def test_a_risk_past_its_review_date_is_chased_once_per_review_date(
    inbox, risk, registers, risk_owner, performance_officer
):
    closed = services.create_risk(registers["place"], given(risk_owner), performance_officer)
    services.close_risk(closed, "Passed", performance_officer)
    assert "Sent 0 e-mails" in send("2027-01-15")  # due that day: not yet past
    assert "Sent 1 e-mail (1 reminder)" in send("2027-01-16")
    assert inbox.received() == [("rosa@example.org", "Review due: 1 risk")]
    [(_, message)] = inbox.messages
    body = message.get_content()
    assert "Dear Rosa Field" in body
    assert (
        "PEO-01 Care market fails to meet demand (People; review was due 15 January 2027)" in body
    )
    assert f"https://yardstick.harrow.example/risks/risk/{risk.pk}/" in body
    assert RiskReminder.objects.get().review_date == date(2027, 1, 15)

    inbox.clear()
    assert "Sent 0 e-mails" in send("2027-01-20")  # once per review date
    assert inbox.received() == []

    services.review_risk(risk, 3, 3, "Reviewed late.", date(2027, 4, 1), risk_owner)
    assert "Sent 0 e-mails" in send("2027-03-30")
    assert "Sent 1 e-mail (1 reminder)" in send("2027-04-02")  # the new date, once more
    assert RiskReminder.objects.count() == 2
