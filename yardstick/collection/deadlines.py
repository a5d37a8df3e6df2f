"""When figures are due and which reminders are owed on a given day. Pure: no Django, no clock.

A period's collection deadline is so many working days after the period ends (15 working days
after quarter end, say). Working days are Monday to Friday less the bank holidays of the
council's part of the UK (England and Wales, Scotland or Northern Ireland), which come from the
`holidays` package: it carries the substitute days and the one-off bank holidays (the 2022
state funeral, the 2023 coronation) that a hand-kept list would miss. The reminder schedule
counts calendar days. The rules are in docs/collection.md.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays

SATURDAY = 5


@lru_cache(maxsize=128)
def _bank_holidays_in(region: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv=region, years=year))


@dataclass(frozen=True)
class BankHolidays(Container[date]):
    """The bank holidays of one part of the UK, any year: `date in BankHolidays("ENG")`. The
    region is the `holidays` package's code ("ENG", "SCT", "NIR", "WLS"); '' means none.
    `yardstick.organisations.models.BankHolidayRegion` names the ones a council can choose."""

    region: str = "ENG"

    def __post_init__(self) -> None:
        if self.region and self.region not in holidays.GB.subdivisions:
            raise ValueError(f"There is no bank-holiday calendar {self.region!r}.")

    def __contains__(self, day: object) -> bool:
        if not self.region or not isinstance(day, date):
            return False
        return day in _bank_holidays_in(self.region, day.year)


class Stage(StrEnum):
    """The reminders owed for a return not yet submitted, in the order they escalate. The
    values are those of `yardstick.collection.models.ReminderKind`."""

    OPENED = "opened"  # the period is open for returns: sent once, when it opens
    BEFORE_DEADLINE = "before_deadline"
    OVERDUE = "overdue"
    ESCALATED_TO_APPROVER = "escalated_to_approver"
    ESCALATED_TO_TEAM = "escalated_to_team"
    # Not a stage of an outstanding return: a submitted figure still awaiting its approver
    # once the deadline has passed (`yardstick.collection.reminders`).
    AWAITING_SIGN_OFF = "awaiting_sign_off"


NO_HOLIDAYS = BankHolidays("")


def is_working_day(day: date, bank_holidays: Container[date] = NO_HOLIDAYS) -> bool:
    return day.weekday() < SATURDAY and day not in bank_holidays


def add_working_days(start: date, days: int, bank_holidays: Container[date] = NO_HOLIDAYS) -> date:
    """The day `days` working days after `start` (Monday to Friday, less `bank_holidays`;
    `start` itself not counted).

    Zero gives `start` itself. Friday 28 September 2018 plus 1 is Monday 1 October.
    """
    if days < 0:
        raise ValueError("A deadline cannot be a negative number of working days after.")
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, bank_holidays):
            counted += 1
    return day


def working_days_before(day: date, days: int, bank_holidays: Container[date] = NO_HOLIDAYS) -> date:
    """The day `days` working days before `day` (`day` itself not counted): a meeting's pack
    deadline. Five working days before Tuesday 11 December 2018 is Tuesday 4 December."""
    if days < 0:
        raise ValueError("A deadline cannot be a negative number of working days before.")
    counted = 0
    while counted < days:
        day -= timedelta(days=1)
        if is_working_day(day, bank_holidays):
            counted += 1
    return day


def deadline_after(
    period_end: date, working_days_after: int, bank_holidays: Container[date] = NO_HOLIDAYS
) -> date:
    """The collection deadline of a period ending on `period_end`: 15 working days after
    Sunday 30 September 2018 is Friday 19 October 2018; 15 working days after Sunday 31 March
    2019 is Tuesday 23 April 2019 in England (Good Friday and Easter Monday not counted)."""
    return add_working_days(period_end, working_days_after, bank_holidays)


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
