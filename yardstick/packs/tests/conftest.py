"""A council whose Resources Improvement Board meets on 20 November 2018 to review Q2
2018/19, with what its pack should show and what it should leave out.

Resources (with its Revenues service under it) and Adult Care each have measures on one
theme scorecard. In the open Q2 2018/19, with figures approved (what a board is shown):
- R-LOW, Revenues (under Resources): 30% against 50%, High Red: an exception to discuss;
- R-NOTED, Resources: 35% against 50%, High Red, marked "noted, no discussion needed";
- R-OK, Resources: 61.5% against 50%, High Green: not an exception;
- R-MISS, Resources: a target, no figure: missing data;
- A-LOW, Adult Care: 20% against 50%, High Red: an exception of another directorate;
- A-MISS, Adult Care: no figure: missing data of another directorate.
The board met on 18 September and agreed an action, still open, that the November pack
carries forward.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import (
    MeasureFactory,
    PlanFactory,
    ScorecardEntryFactory,
    ScorecardFactory,
    ThemeFactory,
    UnitFactory,
    UserFactory,
    period,
)
from yardstick.accounts.models import Membership, Role
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.framework.models import NarrativeState, ThemeSummary
from yardstick.measures.models import FigureStatus
from yardstick.measures.services import FigureInput, record_figure, set_target
from yardstick.meetings.models import Body, BodyKind, Meeting
from yardstick.meetings.services import (
    ActionInput,
    add_agenda_item,
    agree_action,
    raise_issue,
    schedule_meeting,
)
from yardstick.scorecards.services import note_exception

CARRIED_TEXT = "That a recovery plan for resident satisfaction be brought to November."


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@dataclass
class World:
    board: Body
    september: Meeting
    november: Meeting
    measures: dict
    scorecard: object
    owner: object
    member: object


def figure(measure, amount: str | None, user, key: str = "2018-19 Q2") -> None:
    quarter = period(measure.organisation, key)
    set_target(measure, quarter, Target(TargetKind.VALUE, value=Decimal(50)), user)
    if amount is not None:
        record_figure(
            measure,
            quarter,
            FigureInput(Value(Decimal(amount), ValueType.PERCENTAGE), commentary=f"About {amount}"),
            user,
            status=FigureStatus.APPROVED,
        )


@pytest.fixture
def world(council, performance_officer) -> World:
    return build_world(council, performance_officer)


def build_world(council, team) -> World:
    resources = UnitFactory(organisation=council, name="Resources", code="RES")
    revenues = UnitFactory(
        organisation=council, name="Revenues", code="REV", parent=resources, kind="service"
    )
    adults = UnitFactory(organisation=council, name="Adult Care", code="ADU")
    plan = PlanFactory(organisation=council, financial_year=2018)
    theme = ThemeFactory(plan=plan, title="A Better Borough")
    scorecard = ScorecardFactory(
        organisation=council, title="Build a Better Borough", slug="better", theme=theme
    )
    measures = {}
    for code, title, unit, amount in (
        ("R-LOW", "Residents satisfied with the council", revenues, "30"),
        ("R-NOTED", "Council tax collected", resources, "35"),
        ("R-OK", "Invoices paid on time", resources, "61.5"),
        ("R-MISS", "Staff sickness absence", resources, None),
        ("A-LOW", "Care packages reviewed", adults, "20"),
        ("A-MISS", "Carers assessed", adults, None),
    ):
        measure = MeasureFactory(organisation=council, code=code, title=title, unit=unit)
        ScorecardEntryFactory(scorecard=scorecard, measure=measure, number=code)
        figure(measure, amount, team)
        measures[code] = measure
    q2 = period(council, "2018-19 Q2")
    period(council, "2018-19 Q3")
    note_exception(scorecard, measures["R-NOTED"].pk, q2, "Collection catches up by March.", team)
    ThemeSummary.objects.create(  # signed off: a pack prints signed-off text only
        theme=theme,
        period=q2,
        achievements="- Opened the new customer service centre",
        state=NarrativeState.SIGNED_OFF,
    )
    owner = UserFactory(username="tom", first_name="Tom", last_name="Reilly", organisation=council)
    Membership.objects.create(user=owner, organisation=council, role=Role.OWNER, unit=resources)
    member = UserFactory(username="mary", first_name="Mary", organisation=council)
    Membership.objects.create(user=member, organisation=council, role=Role.APPROVER)
    board = Body.objects.create(
        organisation=council,
        name="Resources Improvement Board",
        kind=BodyKind.IMPROVEMENT_BOARD,
        unit=resources,
    )
    board.members.add(member)
    september = schedule_meeting(board, at(date(2018, 9, 18)), "Room 2", team)
    november = schedule_meeting(board, at(date(2018, 11, 20)), "Room 2", team)
    agree_action(september, ActionInput(CARRIED_TEXT, owner=owner), team)
    add_agenda_item(november, "Q2 performance", "The quarter's exceptions", "Priya Shah", team)
    raise_issue(november, "Sickness absence target", "Whether to lower the target to 8 days.", team)
    return World(board, september, november, measures, scorecard, owner, member)
