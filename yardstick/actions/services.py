"""Every write to a key project's returns, milestones and benefits review, and the rules each
applies: the pages call these (the admin, for the performance team, records signed-off
returns), so a value is judged the same way at every door. Each write records who made it
and why in the models' history.

A key project's return is kept like a figure: its owner (or an owner of its unit, or the
performance team) saves a draft and submits it; an approver of its unit (or the performance
team) signs it off or returns it with a reason; a published period's returns are locked.
Reports print signed-off returns only (`ActionUpdate.objects.signed_off()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from yardstick.accounts.access import Access, access_for
from yardstick.accounts.models import Role
from yardstick.actions.models import (
    ActionStatus,
    ActionUpdate,
    BenefitsReview,
    KeyAction,
    Milestone,
    ReviewStatus,
    UpdateState,
)
from yardstick.core.periods import months_after
from yardstick.core.quality import Problem
from yardstick.framework.models import Period
from yardstick.logs import log_event
from yardstick.measures.rules import COMMENTARY_LENGTH, REASON_LENGTH, length_problems
from yardstick.measures.services import change_reason

EARLIEST = date(2000, 1, 1)  # no milestone a council tracks today was met before this
BENEFITS_REVIEW_MONTHS = 6  # a completed project's benefits are reviewed within this


class ProjectRefused(Exception):
    """A write the rules refuse, with each problem and the field it is about."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


class ProjectLocked(Exception):
    """The period is published: its returns are as the board read them."""


class StaleReturn(Exception):
    """Someone saved the return since it was opened."""

    def __init__(self, update: ActionUpdate) -> None:
        super().__init__("Someone else changed this return since you opened it.")
        self.update = update


# --- who may -------------------------------------------------------------------------------


def can_update(access: Access, action: KeyAction) -> bool:
    """Write a project's returns: the performance team, its owner, owners of its unit."""
    if not access.same_organisation(action):
        return False
    if access.is_performance_team:
        return True
    if access.user_id is not None and action.owner_id == access.user_id:
        return True
    return Role.OWNER in access.roles and access.within(action.unit_id, access.owner_units)


def can_sign_off(access: Access, action: KeyAction) -> bool:
    """Sign off a project's returns: the performance team and approvers of its unit (or a
    unit above it), as for the unit's figures."""
    return access.can_approve(action)


def _may(check, acting_user, action: KeyAction, what: str) -> None:
    if not check(access_for(acting_user, action.organisation_id), action):
        raise PermissionDenied(f"You may not {what} for this key project.")


# --- the rules -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnInput:
    """What a person gave for a period's return: progress, status, percentage complete, and
    the day each milestone was done ({milestone id: day or None})."""

    progress: str
    status: str
    percent_complete: int | None = None
    milestones_done: dict[int, date | None] | None = None


def return_problems(action: KeyAction, entry: ReturnInput, today: date) -> list[Problem]:
    """Everything wrong with `entry` as a return on `action`, for a person; [] if nothing."""
    problems = []
    if not entry.progress.strip():
        problems.append(Problem("progress", "Enter the progress made this period."))
    problems += length_problems("progress", entry.progress, COMMENTARY_LENGTH, "The progress")
    if entry.status not in ActionStatus.values:
        problems.append(Problem("status", "Choose Green, Amber, Red or Completed."))
    percent = entry.percent_complete
    if percent is not None and not 0 <= percent <= 100:
        problems.append(Problem("percent_complete", "The percentage must be from 0 to 100."))
    elif entry.status == ActionStatus.COMPLETED and percent not in (None, 100):
        problems.append(
            Problem("percent_complete", "A completed project is 100% complete: say 100, or blank.")
        )
    known = {milestone.pk: milestone for milestone in action.milestones.all()}
    for milestone_id, day in (entry.milestones_done or {}).items():
        if milestone_id not in known:
            problems.append(Problem("milestones", "That milestone is not this project's."))
        elif day is not None and not EARLIEST <= day <= today:
            problems.append(
                Problem(
                    f"milestone_{milestone_id}",
                    f"{known[milestone_id].title}: the day it was done must be between "
                    f"1 January 2000 and today.",
                )
            )
    return problems


# --- returns --------------------------------------------------------------------------------


def _open(period: Period) -> Period:
    locked = Period.objects.select_for_update().get(pk=period.pk)
    if locked.is_published:
        raise ProjectLocked(
            f"{locked.label} is published: its key project returns are as the board read them."
        )
    return locked


@transaction.atomic
def save_return(
    action: KeyAction,
    period: Period,
    entry: ReturnInput,
    acting_user,
    *,
    submit: bool,
    expected_version: int | None = None,
    when: datetime | None = None,
) -> ActionUpdate:
    """Save the owner's return on `action` for `period` as a draft, or submit it for sign-off
    (`submit`). Milestones' days done are written with it."""
    _may(can_update, acting_user, action, "write returns")
    when = when or timezone.now()
    problems = return_problems(action, entry, timezone.localdate(when))
    if problems:
        raise ProjectRefused(problems)
    period = _open(period)
    update = (
        ActionUpdate.objects.select_for_update()
        .filter(action=action, period=period)
        .order_by()  # the models' ordering would join (and lock) the project's theme
        .first()
    )
    if update is None:
        update = ActionUpdate(action=action, period=period, version=0)
    elif expected_version is not None and update.version != expected_version:
        raise StaleReturn(update)
    if (
        update.pk
        and update.state == UpdateState.APPROVED
        and not can_sign_off(access_for(acting_user, action.organisation_id), action)
    ):
        raise ProjectRefused(
            [Problem("", "This return is signed off; ask an approver to return it first.")]
        )
    update.progress = entry.progress.strip()
    update.status = entry.status
    update.percent_complete = (
        100 if entry.status == ActionStatus.COMPLETED else entry.percent_complete
    )
    update.entered_by = acting_user
    if submit:
        update.state = UpdateState.SUBMITTED
        update.submitted_by, update.submitted_at = acting_user, when
        update.returned_reason = ""
    elif update.state != UpdateState.RETURNED:
        update.state = UpdateState.DRAFT
    update.version += 1
    update._history_user = acting_user
    update._change_reason = "Return submitted" if submit else "Return saved as a draft"
    update.save()
    _write_milestones(action, entry.milestones_done or {}, acting_user)
    log_event(
        "key_project_return_saved",
        action=action.code,
        period=period.key,
        state=update.state,
        user=acting_user.pk,
    )
    return update


def _write_milestones(action: KeyAction, done: dict[int, date | None], acting_user) -> None:
    for milestone in action.milestones.filter(pk__in=list(done)):
        if milestone.actual != done[milestone.pk]:
            milestone.actual = done[milestone.pk]
            milestone._history_user = acting_user
            milestone._change_reason = "Day done recorded with a return"
            milestone.save()


def _current(update: ActionUpdate, expected_version: int | None) -> ActionUpdate:
    current = ActionUpdate.objects.select_for_update().select_related("action").get(pk=update.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleReturn(current)
    return current


@transaction.atomic
def sign_off_return(
    update: ActionUpdate, acting_user, *, expected_version: int | None = None, when=None
) -> ActionUpdate:
    """Sign off a submitted return: the project takes its status and percentage, and a
    return saying Completed closes the project and makes its benefits review due."""
    _may(can_sign_off, acting_user, update.action, "sign off returns")
    when = when or timezone.now()
    period = _open(update.period)
    update = _current(update, expected_version)
    if update.state != UpdateState.SUBMITTED:
        raise ProjectRefused([Problem("", "Only a submitted return can be signed off.")])
    update.state = UpdateState.APPROVED
    update.approved_by, update.approved_at = acting_user, when
    update.version += 1
    update._history_user = acting_user
    update._change_reason = "Return signed off"
    update.save()
    action = KeyAction.objects.select_for_update().get(pk=update.action_id)
    action.status = update.status
    action.percent_complete = update.percent_complete
    if update.status == ActionStatus.COMPLETED and action.closed_on is None:
        action.closed_on = min(timezone.localdate(when), period.end)
    action._history_user = acting_user
    action._change_reason = f"Return for {period.label} signed off"
    action.save()
    if action.closed_on is not None:
        benefits_review_due(action, acting_user)
    log_event("key_project_return_signed_off", action=action.code, period=period.key)
    return update


def benefits_review_due(action: KeyAction, acting_user) -> BenefitsReview:
    """The benefits review of a project closed on `action.closed_on`: due six months later
    (the one there is, if it is due already)."""
    review = BenefitsReview.objects.filter(action=action).first()
    if review is not None:
        return review
    review = BenefitsReview(
        action=action, due=months_after(action.closed_on, BENEFITS_REVIEW_MONTHS)
    )
    review._history_user = acting_user
    review._change_reason = "Project completed: benefits review due"
    review.save()
    return review


@transaction.atomic
def return_return(
    update: ActionUpdate, reason: str, acting_user, *, expected_version: int | None = None
) -> ActionUpdate:
    """Send a submitted (or signed-off, in an open period) return back to its owner."""
    _may(can_sign_off, acting_user, update.action, "return returns")
    reason = reason.strip()
    problems = length_problems("reason", reason, REASON_LENGTH, "The reason")
    if not reason:
        problems.insert(0, Problem("reason", "Say what needs changing."))
    if problems:
        raise ProjectRefused(problems)
    _open(update.period)
    update = _current(update, expected_version)
    if update.state not in (UpdateState.SUBMITTED, UpdateState.APPROVED):
        raise ProjectRefused([Problem("", "Only a submitted or signed-off return can go back.")])
    update.state = UpdateState.RETURNED
    update.returned_reason = reason
    update.version += 1
    update._history_user = acting_user
    update._change_reason = change_reason(f"Returned: {reason}")
    update.save()
    return update


@transaction.atomic
def record_benefits_review(
    review: BenefitsReview, outcome: str, status: str, acting_user, *, today: date | None = None
) -> BenefitsReview:
    """Record what a completed project delivered (done) or why the review was dropped."""
    _may(can_update, acting_user, review.action, "record the benefits review")
    outcome = outcome.strip()
    problems = length_problems("outcome", outcome, COMMENTARY_LENGTH, "The outcome")
    if not outcome:
        problems.insert(0, Problem("outcome", "Say what the project delivered, or why not."))
    if status not in (ReviewStatus.DONE, ReviewStatus.DROPPED):
        problems.append(Problem("status", "Choose done or dropped."))
    if problems:
        raise ProjectRefused(problems)
    review = BenefitsReview.objects.select_for_update().get(pk=review.pk)
    review.outcome, review.status = outcome, status
    review.done_on = today or timezone.localdate()
    review._history_user = acting_user
    review._change_reason = f"Benefits review {status}"
    review.save()
    return review


# --- milestones -----------------------------------------------------------------------------

MILESTONE_TITLE_LENGTH = Milestone._meta.get_field("title").max_length


def milestone_problems(
    title: str, planned: date | None, actual: date | None, today: date
) -> list[Problem]:
    """Everything wrong with a milestone as a file (or, later, a page) gives it: a title
    within its length, a planned day from 1 January 2000, and a day done (if any) between
    then and today, as a return records it."""
    problems = []
    if not title.strip():
        problems.append(Problem("title", "Enter the milestone's title."))
    problems += length_problems("title", title, MILESTONE_TITLE_LENGTH, "The title")
    if planned is None:
        problems.append(Problem("planned", "Enter the day the milestone is planned for."))
    elif planned < EARLIEST:
        problems.append(Problem("planned", "The planned day must be on or after 1 January 2000."))
    if actual is not None and not EARLIEST <= actual <= today:
        problems.append(
            Problem(
                "actual",
                f"{title}: the day it was done must be between 1 January 2000 and today.",
            )
        )
    return problems
