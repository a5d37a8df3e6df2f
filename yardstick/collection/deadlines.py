"""When figures are due and which reminders are owed on a given day. Pure: no Django, no clock.

A period's collection deadline is so many working days after the period ends (15 working days
after quarter end, say). Working days are Monday to Friday: bank holidays in England and Wales
are not taken out, so across Christmas or Easter a deadline lands a day or two earlier than a
bank-holiday calendar would put it (the performance team sets a period's own deadline where
that matters). The reminder schedule counts calendar days. The rules are in docs/collection.md.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

SATURDAY = 5


class Stage(StrEnum):
    """The reminders owed for a return not yet submitted, in the order they escalate. The
    values are those of `yardstick.collection.models.ReminderKind`."""

    BEFORE_DEADLINE = "before_deadline"
    OVERDUE = "overdue"
    ESCALATED_TO_APPROVER = "escalated_to_approver"
    ESCALATED_TO_TEAM = "escalated_to_team"


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY


def add_working_days(start: date, days: int) -> date:
    """The day `days` working days after `start` (Monday to Friday; `start` itself not counted).

    Zero gives `start` itself. Friday 28 September 2018 plus 1 is Monday 1 October.
    """
    if days < 0:
        raise ValueError("A deadline cannot be a negative number of working days after.")
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def deadline_after(period_end: date, working_days_after: int) -> date:
    """The collection deadline of a period ending on `period_end`: 15 working days after
    Sunday 30 September 2018 is Friday 19 October 2018."""
    return add_working_days(period_end, working_days_after)


def stages_due(
    as_of: date, deadline: date, remind_days_before: int, escalate_days_after: int
) -> tuple[Stage, ...]:
    """The reminders owed on `as_of` for a return still outstanding, by calendar days:

    - from `remind_days_before` days before the deadline to the deadline itself: due soon;
    - after the deadline: overdue, to the owner;
    - `escalate_days_after` days after the deadline or later: escalated to the approver too;
    - twice that or later: escalated to the performance team too.

    Before the reminder window nothing is owed. A return first noticed late gets every stage
    it has reached at once (never 'due soon' once the deadline has passed).
    """
    if as_of <= deadline:
        starts = deadline - timedelta(days=remind_days_before)
        return (Stage.BEFORE_DEADLINE,) if as_of >= starts else ()
    stages = [Stage.OVERDUE]
    late = (as_of - deadline).days
    if late >= max(escalate_days_after, 1):
        stages.append(Stage.ESCALATED_TO_APPROVER)
    if late >= max(2 * escalate_days_after, 1):
        stages.append(Stage.ESCALATED_TO_TEAM)
    return tuple(stages)
