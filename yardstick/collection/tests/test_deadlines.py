"""Deadlines and the reminder schedule: pure rules, no database."""

from __future__ import annotations

from datetime import date

import pytest

from yardstick.collection.deadlines import Stage, add_working_days, deadline_after, stages_due
from yardstick.collection.models import ReminderKind


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2018, 9, 28), 0, date(2018, 9, 28)),  # Friday, no days: itself
        (date(2018, 9, 28), 1, date(2018, 10, 1)),  # Friday + 1: Monday
        (date(2018, 9, 29), 1, date(2018, 10, 1)),  # Saturday + 1: Monday
        (date(2018, 9, 30), 5, date(2018, 10, 5)),  # Sunday + 5: Friday
        (date(2018, 10, 1), 5, date(2018, 10, 8)),  # Monday + 5: next Monday
        (date(2018, 12, 31), 15, date(2019, 1, 21)),  # bank holidays are not taken out
    ],
)
def test_working_days_count_monday_to_friday(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(
    ("period_end", "working_days", "deadline"),
    [
        (date(2018, 9, 30), 15, date(2018, 10, 19)),  # Q2 2018/19
        (date(2018, 6, 30), 15, date(2018, 7, 20)),  # Q1 2018/19
        (date(2019, 3, 31), 20, date(2019, 4, 26)),  # year end, Good Friday counted
        (date(2018, 8, 31), 10, date(2018, 9, 14)),  # a month
    ],
)
def test_a_deadline_is_so_many_working_days_after_the_period_ends(
    period_end, working_days, deadline
):
    assert deadline_after(period_end, working_days) == deadline


def test_a_negative_number_of_working_days_is_refused():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2018, 9, 30), -1)


DEADLINE = date(2018, 10, 19)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2018, 10, 13), ()),  # six days before: nothing yet
        (date(2018, 10, 14), (Stage.BEFORE_DEADLINE,)),  # five days before
        (date(2018, 10, 19), (Stage.BEFORE_DEADLINE,)),  # the deadline itself
        (date(2018, 10, 20), (Stage.OVERDUE,)),
        (date(2018, 10, 23), (Stage.OVERDUE,)),
        (date(2018, 10, 24), (Stage.OVERDUE, Stage.ESCALATED_TO_APPROVER)),
        (date(2018, 10, 28), (Stage.OVERDUE, Stage.ESCALATED_TO_APPROVER)),
        (
            date(2018, 10, 29),
            (Stage.OVERDUE, Stage.ESCALATED_TO_APPROVER, Stage.ESCALATED_TO_TEAM),
        ),
        (
            date(2019, 3, 1),  # noticed very late: every stage at once, never 'due soon'
            (Stage.OVERDUE, Stage.ESCALATED_TO_APPROVER, Stage.ESCALATED_TO_TEAM),
        ),
    ],
)
def test_reminders_owed_escalate_by_calendar_days(as_of, expected):
    assert stages_due(as_of, DEADLINE, remind_days_before=5, escalate_days_after=5) == expected


def test_escalating_after_zero_days_escalates_the_day_after_the_deadline():
    assert stages_due(date(2018, 10, 19), DEADLINE, 0, 0) == (Stage.BEFORE_DEADLINE,)
    assert stages_due(date(2018, 10, 20), DEADLINE, 0, 0) == tuple(Stage)[1:]


def test_the_stages_are_the_reminder_kinds_recorded():
    assert [stage.value for stage in Stage] == list(ReminderKind.values)
