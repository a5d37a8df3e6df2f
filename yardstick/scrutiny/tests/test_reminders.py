"""Follow-ups due are chased by `send_reminders`, against a real SMTP server (aiosmtpd on a
free localhost port, as collection's reminder tests do): to the responsible officer, once per
recommendation and follow-up, not when an update has answered it, again for a new follow-up."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from yardstick.collection.tests.test_reminders import Inbox, free_port, smtp_settings
from yardstick.scrutiny.models import FollowUpReminder
from yardstick.scrutiny.reminders import follow_ups_owed
from yardstick.scrutiny.services import add_update

pytestmark = pytest.mark.django_db

SUBJECT = "Follow-up due: 1 scrutiny recommendation"


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


def send(as_of: str) -> str:
    out = StringIO()
    call_command("send_reminders", "--as-of", as_of, stdout=out)
    return out.getvalue()


def test_the_officer_is_chased_once_when_the_follow_up_period_has_ended(
    inbox, recommendations, officer
):
    assert "Sent 0 e-mails" in send("2011-12-31")  # Q3 2011/12 has not ended
    assert inbox.received() == []
    assert "Sent 1 e-mail (1 reminder)" in send("2012-01-02")
    assert inbox.received() == [("olu@example.org", SUBJECT)]
    (_, message) = inbox.messages[0]
    body = message.get_content()
    assert "Dear Olu Adeyemi" in body
    assert "Use of Performance Information, Phase 1, recommendation 1" in body
    assert "(report back at Q3 2011/12)" in body
    first = recommendations[0]
    assert f"https://yardstick.harrow.example/scrutiny/recommendations/{first.pk}/update/" in body

    inbox.clear()
    assert "Sent 0 e-mails" in send("2012-01-02")
    assert "Sent 0 e-mails" in send("2012-02-15")
    assert inbox.received() == []
    assert FollowUpReminder.objects.get().due == date(2012, 1, 1)


def test_an_update_within_the_follow_up_answers_it(recommendations, officer):
    first = recommendations[0]
    add_update(first, "Reported at Q3.", officer, dated=date(2011, 12, 20))
    assert follow_ups_owed(date(2012, 1, 2)) == []


def test_an_update_before_the_follow_up_does_not_answer_it(recommendations, officer):
    first = recommendations[0]
    add_update(first, "Started.", officer, dated=date(2011, 9, 1))  # before Q3 began
    assert [r.pk for r, _ in follow_ups_owed(date(2012, 1, 2))] == [first.pk]


def test_a_follow_up_on_a_day_is_chased_from_that_day_and_a_new_one_afresh(
    inbox, recommendations, officer, performance_officer
):
    second = recommendations[1]
    second.follow_up_on = date(2012, 2, 27)  # "Meeting arranged for 27 February 2012"
    second.save()
    assert [r.pk for r, _ in follow_ups_owed(date(2012, 2, 26))] == [recommendations[0].pk]
    send("2012-02-27")
    assert inbox.received() == [("olu@example.org", "Follow-up due: 2 scrutiny recommendations")]
    inbox.clear()
    second.follow_up_on = date(2012, 6, 1)  # a new follow-up is promised
    second.save()
    send("2012-06-01")
    assert inbox.received() == [("olu@example.org", SUBJECT)]
    assert FollowUpReminder.objects.filter(recommendation=second).count() == 2


def test_closed_recommendations_and_those_without_an_officer_are_not_chased(
    recommendations, performance_officer
):
    first = recommendations[0]
    first.status = "completed"
    first.evidence = "Done."
    first.save()
    assert follow_ups_owed(date(2012, 1, 2)) == []
    first.status = "open"
    first.officer = None
    first.save()
    assert follow_ups_owed(date(2012, 1, 2)) == []


def test_a_dry_run_sends_nothing(inbox, recommendations):
    out = StringIO()
    call_command("send_reminders", "--as-of", "2012-01-02", "--dry-run", stdout=out)
    assert "Would send 1 e-mail (1 reminder)" in out.getvalue()
    assert inbox.received() == [] and not FollowUpReminder.objects.exists()
