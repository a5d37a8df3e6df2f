"""send_reminders against a real SMTP server: aiosmtpd listening on a free localhost port,
Django's SMTP e-mail backend pointed at it. What arrives is read back from the server."""

from __future__ import annotations

import email
import socket
from datetime import date, datetime
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from yardstick.accounts.models import Membership, Role
from yardstick.actions.models import BenefitsReview, KeyAction
from yardstick.actions.services import ReturnInput, save_return, sign_off_return
from yardstick.collection import services
from yardstick.collection.models import Reminder
from yardstick.collection.reminders import reminders_owed
from yardstick.collection.tests.conftest import add_measure, percent
from yardstick.framework.models import PeriodStatus
from yardstick.measures.models import Figure
from yardstick.meetings.models import Body, BodyKind
from yardstick.meetings.services import ActionInput, agree_action, schedule_meeting

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """An aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def received(self) -> list[tuple[str, str]]:
        return sorted((", ".join(to), str(message["Subject"])) for to, message in self.messages)

    def clear(self) -> None:
        self.messages.clear()


def smtp_settings(port: int):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_TIMEOUT=10,
        DEFAULT_FROM_EMAIL="performance@harrow.example",
        YARDSTICK_BASE_URL="https://yardstick.harrow.example",
    )


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
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", "--as-of", as_of, stdout=out)
    return out.getvalue()


DUE_SOON = "Returns due by Friday 19 October 2018: Q2 2018/19"
OVERDUE = "Overdue returns: Q2 2018/19 (due Friday 19 October 2018)"
TO_APPROVER = "Escalated: overdue returns in your area for Q2 2018/19"
TO_TEAM = "Escalated to the performance team: overdue returns for Q2 2018/19"
SIGN_OFF = "Awaiting your sign-off: Q2 2018/19 (returns were due Friday 19 October 2018)"


def test_owners_are_reminded_before_the_deadline_and_only_once(inbox, officer, measure, q2):
    assert "Sent 0 e-mails" in send("2018-10-13")  # six days before: too early
    assert "Sent 1 e-mail (1 reminder)" in send("2018-10-15")
    assert inbox.received() == [("olive@example.org", DUE_SOON)]
    (_, message), *_ = inbox.messages
    body = message.get_content()
    assert "Dear Olive Owen" in body
    assert "RES 1 Invoices paid in 30 days (not started)" in body
    assert "https://yardstick.harrow.example/collection/returns/" in body
    assert str(message["From"]) == "performance@harrow.example"

    inbox.clear()
    assert "Sent 0 e-mails" in send("2018-10-15")
    assert "Sent 0 e-mails" in send("2018-10-18")  # the same stage on a later day
    assert inbox.received() == []
    assert Reminder.objects.count() == 1


def test_overdue_returns_escalate_to_the_approver_then_the_performance_team(
    inbox, officer, approver, other_approver, team, measure, people_measure, q2
):
    services.submit_figure(
        people_measure, q2, percent("90"), people_measure.owner, expected_version=None
    )
    send("2018-10-22")
    assert inbox.received() == [("olive@example.org", OVERDUE), ("pat@example.org", SIGN_OFF)]
    inbox.clear()

    send("2018-10-24")  # five days late: the Resources approver, not People's
    assert inbox.received() == [("alice@example.org", TO_APPROVER)]
    (_, message) = inbox.messages[0]
    body = message.get_content()
    assert "RES 1 Invoices paid in 30 days (not started; owner Olive Owen)" in body
    assert "https://yardstick.harrow.example/collection/sign-off/" in body
    inbox.clear()

    send("2018-10-29")  # ten days late: the performance team
    assert inbox.received() == [("priya@example.org", TO_TEAM)]
    (_, message) = inbox.messages[0]
    assert "https://yardstick.harrow.example/collection/publish/" in message.get_content()
    inbox.clear()

    assert "Sent 0 e-mails" in send("2018-10-29")
    assert inbox.received() == []


def test_a_first_run_long_after_the_deadline_sends_every_stage_once(
    inbox, officer, approver, team, measure, q2
):
    send("2018-11-30")
    assert inbox.received() == [
        ("alice@example.org", TO_APPROVER),
        ("olive@example.org", OVERDUE),
        ("priya@example.org", TO_TEAM),
    ]
    inbox.clear()
    send("2018-11-30")
    assert inbox.received() == []


def test_one_email_per_person_lists_all_their_returns(
    inbox, council, resources, officer, measure, q1, q2
):
    add_measure(council, resources, officer, q1, q2, code="RES 2", title="Sickness absence")
    assert "Sent 1 e-mail (2 reminders)" in send("2018-10-15")
    (_, message) = inbox.messages[0]
    body = message.get_content()
    assert "RES 1 Invoices paid in 30 days" in body and "RES 2 Sickness absence" in body


def test_submitted_figures_and_published_periods_are_not_chased(inbox, officer, measure, q2):
    services.submit_figure(measure, q2, percent("80"), officer, expected_version=None)
    send("2018-10-22")
    assert inbox.received() == []
    q2.status = PeriodStatus.PUBLISHED
    q2.save()
    assert reminders_owed(q2.end.replace(year=2019)) == []


def test_drafts_and_returned_figures_are_chased(inbox, officer, approver, measure, q2):
    figure = services.submit_figure(measure, q2, percent("80"), officer, expected_version=None)
    services.return_figure(figure, approver, "Check it", expected_version=figure.version)
    send("2018-10-22")
    (_, message) = inbox.messages[0]
    assert "returned by the approver, not resubmitted" in message.get_content()


def test_people_without_an_email_address_are_skipped_and_named(inbox, officer, measure, q2):
    officer.email = ""
    officer.save()
    output = send("2018-10-15")
    assert "No e-mail address, not reminded: olive." in output
    assert inbox.received() == [] and not Reminder.objects.exists()


def test_an_email_the_server_refuses_is_not_recorded_and_is_tried_again(officer, measure, q2):
    closed = free_port()  # nothing listens here
    with smtp_settings(closed), pytest.raises(CommandError, match="Not sent"):
        send("2018-10-15")
    assert not Reminder.objects.exists()

    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with smtp_settings(port):
            send("2018-10-15")
    finally:
        controller.stop()
    assert handler.received() == [("olive@example.org", DUE_SOON)]
    assert Reminder.objects.count() == 1


def test_a_dry_run_sends_and_records_nothing(inbox, officer, measure, q2):
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", "--as-of", "2018-10-15", "--dry-run", stdout=out)
    assert "Would send 1 e-mail" in out.getvalue()
    assert inbox.received() == [] and not Reminder.objects.exists()


def test_an_unknown_organisation_is_an_error(inbox):
    with pytest.raises(CommandError, match="no organisation 'nowhere'"):
        call_command("send_reminders", "--organisation", "nowhere")


def test_the_base_url_for_links_can_be_given_to_the_command(inbox, officer, measure, q2):
    call_command(
        "send_reminders", "--as-of", "2018-10-15", "--base-url", "https://perf.example.gov.uk/"
    )
    (_, message) = inbox.messages[0]
    assert "Enter them at https://perf.example.gov.uk/collection/returns/" in message.get_content()


def test_approvers_hear_of_figures_awaiting_sign_off_once_the_deadline_has_passed(
    inbox, officer, approver, other_approver, measure, q2
):
    services.submit_figure(measure, q2, percent("80"), officer, expected_version=None)
    assert "Sent 0 e-mails" in send("2018-10-19")  # on time: nothing to chase yet
    send("2018-10-22")
    assert inbox.received() == [("alice@example.org", SIGN_OFF)]  # Resources, not People
    body = inbox.messages[0][1].get_content()
    assert "waiting for you to approve them or send them back" in body
    assert "RES 1 Invoices paid in 30 days (submitted; owner Olive Owen)" in body
    assert "https://yardstick.harrow.example/collection/sign-off/" in body
    inbox.clear()
    assert "Sent 0 e-mails" in send("2018-10-29")  # once only
    figure = Figure.objects.get(measure=measure, period=q2)
    services.approve_figure(figure, approver, expected_version=figure.version)
    assert reminders_owed(date(2018, 10, 30)) == []  # signed off: nothing owed


PROJECT_OVERDUE = "Overdue: 2 key project returns or reviews"


def test_overdue_key_project_returns_and_reviews_are_chased_once(
    inbox, officer, resources, measure, q2, approver
):
    late = KeyAction.objects.create(
        organisation=q2.organisation, code="KP-1", title="Pay suppliers online", owner=officer,
        unit=resources,
    )  # fmt: skip
    done = KeyAction.objects.create(
        organisation=q2.organisation, code="KP-2", title="New finance system", owner=officer,
        unit=resources, closed_on=date(2018, 3, 31),
    )  # fmt: skip
    BenefitsReview.objects.create(action=done, due=date(2018, 9, 30))
    sent = KeyAction.objects.create(
        organisation=q2.organisation, code="KP-3", title="Fewer invoices", owner=officer,
        unit=resources,
    )  # fmt: skip
    update = save_return(sent, q2, ReturnInput("On track.", "green"), officer, submit=True)
    sign_off_return(update, approver)

    assert "Sent 0 e-mails" not in send("2018-10-22")  # the deadline was 19 October
    project_mail = [m for _, m in inbox.messages if str(m["Subject"]) == PROJECT_OVERDUE]
    assert len(project_mail) == 1 and str(project_mail[0]["To"]) == "olive@example.org"
    body = project_mail[0].get_content()
    assert "KP-1 Pay suppliers online: return for Q2 2018/19 (due 19 October 2018)" in body
    assert f"https://yardstick.harrow.example/collection/projects/{late.pk}/{q2.pk}/" in body
    assert "KP-2 New finance system: benefits review (due 30 September 2018)" in body
    assert "KP-3" not in body  # its return is signed off
    inbox.clear()
    send("2018-10-23")
    assert [m for _, m in inbox.messages if str(m["Subject"]) == PROJECT_OVERDUE] == []


def test_an_overdue_action_from_a_meeting_is_chased_once_through_the_mail_server(
    inbox, officer, q2
):
    team = officer.__class__.objects.create(
        username="pat", organisation=q2.organisation, email="pat@example.org"
    )
    Membership.objects.create(user=team, organisation=q2.organisation, role=Role.PERFORMANCE_TEAM)
    board = Body.objects.create(
        organisation=q2.organisation, name="Resources Board", kind=BodyKind.IMPROVEMENT_BOARD
    )
    meeting = schedule_meeting(
        board, timezone.make_aware(datetime(2018, 9, 18, 10)), "Room 2", team
    )
    agree_action(meeting, ActionInput("Bring a plan", owner=officer, due=date(2018, 10, 1)), team)
    send("2018-10-02")
    subjects = [(to, subject) for to, subject in inbox.received() if "action" in subject]
    assert subjects == [("olive@example.org", "Overdue: 1 action from meetings")]
    (message,) = [m for _, m in inbox.messages if "action" in str(m["Subject"])]
    assert "Bring a plan (Resources Board, 18 September 2018; due 1 October 2018)" in (
        message.get_content()
    )
    inbox.clear()
    send("2018-10-03")
    assert [s for _, s in inbox.received() if "action" in s] == []
