"""Deadlines and the reminder schedule: pure rules, no database."""

from __future__ import annotations

from datetime import date

import pytest

from yardstick.collection.deadlines import (
    BankHolidays,
    Stage,
    add_working_days,
    deadline_after,
    stages_due,
    working_days_before,
)
from yardstick.collection.models import ReminderKind


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2018, 9, 28), 0, date(2018, 9, 28)),  # Friday, no days: itself
        (date(2018, 9, 28), 1, date(2018, 10, 1)),  # Friday + 1: Monday
        (date(2018, 9, 29), 1, date(2018, 10, 1)),  # Saturday + 1: Monday
        (date(2018, 9, 30), 5, date(2018, 10, 5)),  # Sunday + 5: Friday
        (date(2018, 10, 1), 5, date(2018, 10, 8)),  # Monday + 5: next Monday
        (date(2018, 12, 31), 15, date(2019, 1, 21)),  # no calendar: New Year's Day counted
    ],
)
def test_working_days_count_monday_to_friday(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(
    ("period_end", "working_days", "deadline"),
    [
        (date(2018, 9, 30), 15, date(2018, 10, 19)),  # Q2 2018/19
        (date(2018, 6, 30), 15, date(2018, 7, 20)),  # Q1 2018/19
        (date(2019, 3, 31), 20, date(2019, 4, 26)),  # no calendar: Good Friday counted
        (date(2018, 8, 31), 10, date(2018, 9, 14)),  # a month
    ],
)
def test_a_deadline_is_so_many_working_days_after_the_period_ends(
    period_end, working_days, deadline
):
    assert deadline_after(period_end, working_days) == deadline


ENGLAND, SCOTLAND, NORTHERN_IRELAND = BankHolidays("ENG"), BankHolidays("SCT"), BankHolidays("NIR")


@pytest.mark.parametrize(
    ("period_end", "working_days", "calendar", "deadline"),
    [
        (date(2018, 9, 30), 15, ENGLAND, date(2018, 10, 19)),  # Q2 2018/19: none in October
        (date(2018, 6, 30), 15, ENGLAND, date(2018, 7, 20)),  # Q1 2018/19
        # Q4 2018/19: Good Friday 19 April and Easter Monday 22 April 2019 are not counted ...
        (date(2019, 3, 31), 15, ENGLAND, date(2019, 4, 23)),
        # ... in Scotland only Good Friday is a bank holiday ...
        (date(2019, 3, 31), 15, SCOTLAND, date(2019, 4, 22)),
        # ... and with no calendar the 15th working day is Good Friday itself.
        (date(2019, 3, 31), 15, BankHolidays(""), date(2019, 4, 19)),
        # Q3 2018/19: New Year's Day; Scotland takes 2 January as well.
        (date(2018, 12, 31), 15, ENGLAND, date(2019, 1, 22)),
        (date(2018, 12, 31), 15, SCOTLAND, date(2019, 1, 23)),
        # April 2023: the early May bank holiday and the coronation, 1 and 8 May.
        (date(2023, 4, 30), 10, ENGLAND, date(2023, 5, 16)),
        # Q1 2019/20: the Twelfth (Friday 12 July 2019) in Northern Ireland only.
        (date(2019, 6, 30), 15, NORTHERN_IRELAND, date(2019, 7, 22)),
        (date(2019, 6, 30), 15, ENGLAND, date(2019, 7, 19)),
    ],
)
def test_bank_holidays_are_not_working_days(period_end, working_days, calendar, deadline):
    assert deadline_after(period_end, working_days, calendar) == deadline


def test_a_calendar_holds_dates_only():
    assert date(2019, 4, 19) in ENGLAND  # Good Friday
    assert date(2019, 4, 18) not in ENGLAND
    assert "2019-04-19" not in ENGLAND  # text is not a day


def test_an_unknown_bank_holiday_calendar_is_refused():
    with pytest.raises(ValueError, match="no bank-holiday calendar 'WAL'"):
        BankHolidays("WAL")


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
    assert stages_due(date(2018, 10, 20), DEADLINE, 0, 0) == (
        Stage.OVERDUE,
        Stage.ESCALATED_TO_APPROVER,
        Stage.ESCALATED_TO_TEAM,
    )


def test_the_stages_are_the_reminder_kinds_recorded():
    assert [stage.value for stage in Stage] == list(ReminderKind.values)


def test_a_pack_deadline_counts_working_days_back_from_the_meeting():
    assert working_days_before(date(2018, 12, 11), 5) == date(2018, 12, 4)
    assert working_days_before(date(2018, 12, 11), 0) == date(2018, 12, 11)
    # Three working days before Tuesday 23 April 2019 in England: Easter Monday and Good
    # Friday are not counted, so Thursday 18, Wednesday 17 and Tuesday 16.
    assert working_days_before(date(2019, 4, 23), 3, ENGLAND) == date(2019, 4, 16)
    with pytest.raises(ValueError):
        working_days_before(date(2018, 12, 11), -1)
