"""The reminders as a background job: enqueued, run by the worker (`manage.py run_worker`)
on this test database, and idempotent. tests in yardstick/health/ kill a worker mid-job."""

from __future__ import annotations

import logging
from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.factories import period
from yardstick.collection import services, tasks

# The worker commits as it goes (and closes its connection between jobs), as in production:
# so no test transaction around it.
pytestmark = pytest.mark.django_db(transaction=True)

DUE_SOON = "Returns due by Friday 19 October 2018: Q2 2018/19"


def run_worker() -> None:
    call_command("run_worker", "--batch", stdout=StringIO())


def test_the_reminders_job_runs_through_the_worker_and_sends_each_reminder_once(
    officer, measure, q2, caplog
):
    first = tasks.send_reminders.enqueue("2018-10-15")
    assert DBTaskResult.objects.get(id=first.id).status == TaskResultStatus.READY
    with caplog.at_level(logging.INFO, logger="yardstick.events"):
        run_worker()
    job = DBTaskResult.objects.get(id=first.id)
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert job.return_value == {"emails": 1, "reminders": 1, "failures": 0}
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["olive@example.org"], DUE_SOON)
    ]
    [event] = [record for record in caplog.records if record.name == "yardstick.events"]
    assert event.event == "reminders_sent"
    assert event.event_fields == {
        "as_of": "2018-10-15",
        "emails": 1,
        "reminders": 1,
        "failures": 0,
    }

    again = tasks.send_reminders.enqueue("2018-10-15")  # run twice: nothing sent twice
    run_worker()
    assert DBTaskResult.objects.get(id=again.id).return_value == {
        "emails": 0,
        "reminders": 0,
        "failures": 0,
    }
    assert len(mail.outbox) == 1


def test_send_reminders_enqueue_queues_the_job_for_the_worker_and_sends_nothing_itself(
    officer, measure, q2
):
    out = StringIO()
    call_command("send_reminders", "--enqueue", "--as-of", "2018-10-15", stdout=out)
    job = DBTaskResult.objects.get()
    assert f"Queued job {job.id}" in out.getvalue()
    assert job.status == TaskResultStatus.READY
    assert job.task_path == "yardstick.collection.tasks.send_reminders"
    assert job.args_kwargs == {"args": ["2018-10-15"], "kwargs": {}}
    assert mail.outbox == []


def test_send_reminders_enqueue_takes_no_other_option(council):
    with pytest.raises(CommandError, match="--enqueue takes --as-of only"):
        call_command("send_reminders", "--enqueue", "--dry-run", stdout=StringIO())


def test_the_open_periods_job_opens_a_period_due_once_however_often_it_runs(council, team):
    services.set_opening_rule(council, False, team)
    q3 = period(council, "2018-19 Q3")
    services.set_period_opening(q3, date(2018, 10, 1), team, today=date(2018, 9, 25))

    early = tasks.open_periods.enqueue("2018-09-30")
    first = tasks.open_periods.enqueue("2018-10-01")
    again = tasks.open_periods.enqueue("2018-10-02")
    run_worker()

    results = [DBTaskResult.objects.get(id=job.id) for job in (early, first, again)]
    assert [job.status for job in results] == [TaskResultStatus.SUCCESSFUL] * 3
    assert [job.return_value["opened"] for job in results] == [
        [],
        ["Harrow Test Council: Q3 2018/19"],
        [],
    ]
    q3.refresh_from_db()
    assert q3.opened_at is not None


def test_open_periods_enqueue_queues_the_job_for_the_worker_and_opens_nothing_itself(council, team):
    services.set_opening_rule(council, False, team)
    q3 = period(council, "2018-19 Q3")
    services.set_period_opening(q3, date(2018, 10, 1), team, today=date(2018, 9, 25))
    out = StringIO()

    call_command("open_periods", "--enqueue", "--as-of", "2018-10-01", stdout=out)

    job = DBTaskResult.objects.get()
    assert f"Queued job {job.id}" in out.getvalue()
    assert job.task_path == "yardstick.collection.tasks.open_periods"
    assert job.args_kwargs == {"args": ["2018-10-01"], "kwargs": {}}
    q3.refresh_from_db()
    assert q3.opened_at is None
