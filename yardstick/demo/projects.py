"""The demo council's key projects as returns: a programme with three workstreams (named after
the seed's "Better Deal for Residents"), milestones for each project, and the open quarter's
returns, one submitted for sign-off. All synthetic, written through `actions.services` where
a person would write it, dated the week before the open quarter's deadline."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from yardstick.accounts.models import Membership, User
from yardstick.actions import services
from yardstick.actions.models import ActionStatus, KeyAction, Milestone, Programme
from yardstick.framework.models import Period
from yardstick.organisations.models import Organisation

SETUP = "Demo: programme set up"
PROGRAMME = "Better Deal for Residents"
WORKSTREAMS = ("Better Together", "Property Review", "Future Operating Model")
# Each project's milestones, as fractions of the way from the start of 2018/19 to its due
# date: the first two were met (one late), the third is still to come.
STEPS = (("Business case agreed", 0.1), ("Delivery partner appointed", 0.35), ("Go live", 0.8))
START = date(2018, 4, 1)
COMPLETED_ON = date(2018, 9, 30)


def create_projects(
    organisation_: Organisation, open_period: Period, performance: User, when: datetime
) -> int:
    """Group the key projects into the programme's workstreams, give each its owner's unit
    and three milestones, and write one return for the open quarter per owner who has any:
    the first submitted, the rest left to do. Returns the number of milestones."""
    programme = _programme(organisation_, PROGRAMME, None, performance, 1)
    workstreams = [
        _programme(organisation_, name, programme, performance, position)
        for position, name in enumerate(WORKSTREAMS, start=1)
    ]
    actions = list(
        KeyAction.objects.filter(organisation=organisation_)
        .select_related("owner")
        .order_by("code")
    )
    units = dict(
        Membership.objects.filter(organisation=organisation_, unit__isnull=False).values_list(
            "user_id", "unit_id"
        )
    )
    milestones = 0
    for index, action in enumerate(actions):
        action.programme = workstreams[index % len(workstreams)] if index % 2 == 0 else None
        action.unit_id = units.get(action.owner_id)
        action._history_user = performance
        action._change_reason = SETUP
        action.save()
        end = action.due_date or date(2019, 3, 31)
        for position, (title, share) in enumerate(STEPS, start=1):
            planned = START + timedelta(days=int((end - START).days * share))
            done = None
            if planned < open_period.start:
                done = planned + timedelta(days=21 if position == 2 else 0)
            milestone = Milestone(
                action=action, title=title, planned=planned, actual=done, position=position
            )
            milestone._history_user = performance
            milestone._change_reason = SETUP
            milestone.save()
            milestones += 1
    # A project the plan reports completed was closed at the end of the quarter that said
    # so (Q2 2018/19): its benefits review fell due six months later, and is overdue.
    for action in actions:
        if action.status == ActionStatus.COMPLETED and action.closed_on is None:
            action.closed_on = COMPLETED_ON
            action.percent_complete = 100
            action._history_user = performance
            action._change_reason = "Demo: completed in Q2 2018/19"
            action.save()
            services.benefits_review_due(action, performance)
    submitted = set()
    for action in actions:
        if action.owner is None or action.owner_id in submitted or action.closed_on:
            continue
        submitted.add(action.owner_id)
        services.save_return(
            action,
            open_period,
            services.ReturnInput(
                progress=(
                    "Synthetic demo return: work continued to plan this quarter; the next "
                    "milestone is on track and no decision is needed from the board."
                ),
                status=action.status,
                percent_complete=60,
            ),
            action.owner,
            submit=True,
            when=when,
        )
    return milestones


def _programme(organisation_, name, parent, performance, position) -> Programme:
    programme = Programme(organisation=organisation_, name=name, parent=parent, position=position)
    programme._history_user = performance
    programme._change_reason = SETUP
    programme.save()
    return programme
