"""Collecting the figures: save a draft, submit it, approve or return it, correct it after
publishing, and set the deadlines.

Each function is one state change in one transaction, takes the acting user, checks that
person may make it (through `yardstick.accounts.access`, so the API can call these too) and
leaves its audit trail (django-simple-history rows with the reason) in the same transaction.
Figures are written by `yardstick.measures.services.record_figure`, which refuses a stale
version (StaleFigure) and a published period (FigureLocked); a move between statuses here
does the same checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from yardstick.accounts.access import access_for
from yardstick.collection.checks import (
    Problem,
    outlier,
    quality_problems,
    submission_problems,
)
from yardstick.collection.deadlines import BankHolidays, deadline_after
from yardstick.collection.models import DeadlineRule
from yardstick.core.periods import Frequency, period_type_for
from yardstick.framework.models import Period, PeriodStatus
from yardstick.framework.services import publish_period
from yardstick.logs import log_event
from yardstick.measures.assessment import assess, core_value
from yardstick.measures.models import Figure, FigureStatus, Measure
from yardstick.measures.services import (
    FigureInput,
    FigureLocked,
    StaleFigure,
    change_reason,
    correct_published_figure,
    record_figure,
)
from yardstick.organisations.models import Organisation

__all__ = [
    "FigureLocked",
    "FigureRefused",
    "StaleFigure",
    "WrongStatus",
    "approve_figure",
    "correct_figure",
    "publish",
    "return_figure",
    "save_draft",
    "set_deadline_rule",
    "set_period_deadline",
    "submit_figure",
]


class FigureRefused(Exception):
    """The figure cannot be saved or submitted as it is; `problems` say what to put right."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__(" ".join(problem.message for problem in self.problems))


class WrongStatus(Exception):
    """The figure is not at the step this change needs (say, approving a draft)."""


def _may_enter(acting_user, measure: Measure) -> None:
    if not access_for(acting_user).can_enter(measure):
        raise PermissionDenied("You may not enter figures for this measure.")


def _may_approve(acting_user, measure: Measure) -> None:
    if not access_for(acting_user).can_approve(measure):
        raise PermissionDenied("You may not sign off figures for this measure.")


def _performance_team(acting_user, organisation_id: int) -> None:
    access = access_for(acting_user)
    if not (access.is_performance_team and access.organisation_id == organisation_id):
        raise PermissionDenied("Only the performance team may do this.")


@transaction.atomic
def save_draft(
    measure: Measure,
    period: Period,
    entry: FigureInput,
    acting_user,
    *,
    expected_version: int | None,
) -> Figure:
    """Save the owner's figure as a draft. A figure awaiting sign-off (or signed off) goes
    back to draft when changed: it needs submitting again."""
    _may_enter(acting_user, measure)
    problems = quality_problems(measure, entry.value)
    if problems:
        raise FigureRefused(problems)
    return record_figure(
        measure,
        period,
        entry,
        acting_user,
        expected_version=expected_version,
        reason="Draft saved",
    )


@transaction.atomic
def submit_figure(
    measure: Measure,
    period: Period,
    entry: FigureInput,
    acting_user,
    *,
    expected_version: int | None,
) -> Figure:
    """Save the figure and submit it for sign-off, or refuse with FigureRefused (nothing
    saved) when it is invalid, has no figure and no reason, needs commentary (rated A, LR,
    HR or R, or deteriorated) or is unusual and not confirmed."""
    _may_enter(acting_user, measure)
    problems = quality_problems(measure, entry.value)
    if problems:
        raise FigureRefused(problems)
    figure = record_figure(
        measure,
        period,
        entry,
        acting_user,
        expected_version=expected_version,
        reason="Figure recorded",
    )
    assessment = assess([measure], period)[measure.id]
    value = core_value(measure, figure)
    problems = submission_problems(figure, assessment, outlier(measure, period, value))
    if problems:
        raise FigureRefused(problems)  # the transaction is rolled back: nothing is saved
    return _move(
        figure,
        acting_user,
        expected_version=figure.version,
        allowed=(FigureStatus.DRAFT,),
        to=FigureStatus.SUBMITTED,
        verb="submitted",
        reason="Submitted for sign-off",
        submitted_by=acting_user,
        submitted_at=timezone.now(),
        returned_reason="",
    )


@transaction.atomic
def approve_figure(figure: Figure, acting_user, *, expected_version: int | None) -> Figure:
    """Sign off a submitted figure: it will be published with its period."""
    _may_approve(acting_user, figure.measure)
    return _move(
        figure,
        acting_user,
        expected_version=expected_version,
        allowed=(FigureStatus.SUBMITTED,),
        to=FigureStatus.APPROVED,
        verb="approved",
        reason="Approved",
        approved_by=acting_user,
        approved_at=timezone.now(),
    )


@transaction.atomic
def return_figure(
    figure: Figure, acting_user, reason: str, *, expected_version: int | None
) -> Figure:
    """Send a submitted (or approved, not yet published) figure back to its owner as a
    draft, saying why; the owner sees the reason until they submit again."""
    _may_approve(acting_user, figure.measure)
    reason = reason.strip()
    if not reason:
        raise FigureRefused([Problem("reason", "Say why the figure is being returned.")])
    return _move(
        figure,
        acting_user,
        expected_version=expected_version,
        allowed=(FigureStatus.SUBMITTED, FigureStatus.APPROVED),
        to=FigureStatus.DRAFT,
        verb="returned",
        reason=f"Returned to its owner: {reason}",
        returned_reason=reason,
        approved_by=None,
        approved_at=None,
    )


def _move(
    figure: Figure,
    acting_user,
    *,
    expected_version: int | None,
    allowed: tuple[str, ...],
    to: str,
    verb: str,
    reason: str,
    **fields,
) -> Figure:
    """Move a figure between statuses (inside the caller's transaction), refusing a locked
    period, a stale version and a figure not at an `allowed` status."""
    period = Period.objects.select_for_update().get(pk=figure.period_id)
    if period.is_published:
        raise FigureLocked(
            f"{period.label} is published and locked; a correction needs the performance team."
        )
    current = Figure.objects.select_for_update().select_related("measure").get(pk=figure.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleFigure(current)
    if current.status not in allowed:
        raise WrongStatus(
            f"The figure for {current.measure.code} in {period.label} is "
            f"{current.get_status_display().lower()}, so it cannot be {verb}."
        )
    current.status = to
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current._history_user = acting_user
    current._change_reason = change_reason(reason)
    current.save()
    return current


@transaction.atomic
def correct_figure(
    measure: Measure, period: Period, entry: FigureInput, acting_user, reason: str
) -> Figure:
    """Correct a figure after its period is published: performance team only, with a
    reason; the rating is restated and the original kept (see correct_published_figure)."""
    _performance_team(acting_user, measure.organisation_id)
    problems = quality_problems(measure, entry.value)
    if not reason.strip():
        problems.append(Problem("reason", "Say why the published figure is being corrected."))
    if problems:
        raise FigureRefused(problems)
    return correct_published_figure(measure, period, entry, acting_user, reason.strip())


def publish(period: Period, acting_user) -> int:
    """Publish and lock a period (performance team only): approved figures are published and
    every rating is kept as reported. Returns the number of ratings kept."""
    _performance_team(acting_user, period.organisation_id)
    kept = publish_period(period, acting_user)
    log_event(
        "period_published",
        organisation_id=period.organisation_id,
        period=period.label,
        ratings_kept=kept,
        by=acting_user.username,
    )
    return kept


@dataclass(frozen=True)
class DeadlineChange:
    rule: DeadlineRule
    periods_changed: int


@transaction.atomic
def set_deadline_rule(
    organisation: Organisation,
    frequency: Frequency | str,
    acting_user,
    *,
    working_days_after: int,
    remind_days_before: int,
    escalate_days_after: int,
) -> DeadlineChange:
    """Set when returns of one frequency are due, and apply it: every open period of that
    frequency's kind gets its deadline from the rule (published periods keep theirs)."""
    _performance_team(acting_user, organisation.id)
    frequency = Frequency(frequency)
    rule = DeadlineRule.objects.filter(organisation=organisation, frequency=frequency).first()
    created = rule is None
    rule = rule or DeadlineRule(organisation=organisation, frequency=frequency)
    rule.working_days_after = working_days_after
    rule.remind_days_before = remind_days_before
    rule.escalate_days_after = escalate_days_after
    rule._history_user = acting_user
    rule._change_reason = "Deadline rule set" if created else "Deadline rule changed"
    rule.save()
    return DeadlineChange(rule=rule, periods_changed=_apply_rule(organisation, rule, acting_user))


def _apply_rule(organisation: Organisation, rule: DeadlineRule, acting_user) -> int:
    """Give every open period of the rule's kind the deadline the rule sets, counted in the
    organisation's working days; the number of periods whose deadline changed."""
    periods = Period.objects.filter(
        organisation=organisation,
        type=period_type_for(Frequency(rule.frequency)),
        status=PeriodStatus.OPEN,
    )
    calendar = BankHolidays(organisation.bank_holidays)
    reason = f"Deadline: {rule.working_days_after} working days after the period ends"
    if organisation.bank_holidays:
        reason += f" ({organisation.get_bank_holidays_display()} bank holidays not counted)"
    changed = []
    for period in periods:
        deadline = deadline_after(period.end, rule.working_days_after, calendar)
        if period.deadline != deadline:
            period.deadline = deadline
            changed.append(period)
    bulk_update_with_history(
        changed,
        Period,
        ["deadline"],
        default_user=acting_user,
        default_change_reason=change_reason(reason),
    )
    return len(changed)


@transaction.atomic
def set_bank_holidays(organisation: Organisation, region: str, acting_user) -> int:
    """Choose whose bank holidays the organisation's working days leave out, and re-count the
    deadline of every open period that has a rule; the number of periods whose deadline moved."""
    _performance_team(acting_user, organisation.id)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.bank_holidays == region:
        return 0
    organisation.bank_holidays = region
    organisation.full_clean(validate_unique=False, validate_constraints=False)
    organisation._history_user = acting_user
    organisation._change_reason = "Bank holidays for deadlines changed"
    organisation.save(update_fields=["bank_holidays"])
    return sum(
        _apply_rule(organisation, rule, acting_user)
        for rule in DeadlineRule.objects.filter(organisation=organisation)
    )


@transaction.atomic
def set_period_deadline(period: Period, deadline: date, acting_user, reason: str = "") -> Period:
    """Set one open period's deadline by hand (a bank holiday, a board date moved)."""
    _performance_team(acting_user, period.organisation_id)
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.is_published:
        raise FigureLocked(f"{period.label} is published: its deadline has passed into history.")
    if deadline < period.end:
        raise ValueError("A deadline cannot be before the period ends.")
    period.deadline = deadline
    period._history_user = acting_user
    period._change_reason = change_reason(reason or "Deadline set for this period")
    period.save()
    return period
