"""Writes to data quality statements: the only code that writes a `DataQualityStatement`.

The statement page, the import and the demo write through these functions, so who may write
and sign off, the bounds and the versions are decided once. Each is one transaction, takes the
acting user and leaves a history row with the reason.

- `save_statement`: the owner (anyone who may enter the measure's figures: its owner and
  delegates, owners of its area, the performance team) writes the draft. With no draft, a new
  version starts from what is given; the signed-off version stays shown until it is replaced.
- `sign_off_statement`: the measure's owner, or whoever signs off its figures (an approver of
  its area, the performance team: `Access.can_approve`), signs the draft off once it says
  something for every dimension, has a risk rating and a review date after today.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from yardstick.accounts.access import access_for
from yardstick.bounds import EARLIEST, latest_allowed
from yardstick.core.statements import (
    TEXT_LIMIT,
    Assessment,
    DataQualityRisk,
    Dimension,
    Problem,
    sign_off_problems,
)
from yardstick.measures.models import Measure
from yardstick.measures.services import change_reason
from yardstick.measures.statements import DataQualityStatement, StatementStatus


class StatementRefused(Exception):
    """The statement cannot be written or signed off as asked; `problems` name their fields."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(" ".join(problem.message for problem in self.problems))


class NotAllowed(StatementRefused):
    def __init__(self, message: str):
        super().__init__([Problem("", message)])


@dataclass(frozen=True)
class StatementInput:
    """What a statement says: each dimension's text and assessment (by dimension value), the
    risk rating and the next review date."""

    texts: dict[str, str] = field(default_factory=dict)
    assessments: dict[str, str] = field(default_factory=dict)
    risk: str = ""
    review_date: date | None = None

    @classmethod
    def of(cls, statement: DataQualityStatement) -> StatementInput:
        return cls(
            texts={d.value: getattr(statement, d.value) for d in Dimension},
            assessments={d.value: getattr(statement, f"{d.value}_assessment") for d in Dimension},
            risk=statement.risk,
            review_date=statement.review_date,
        )

    def fields(self) -> dict[str, object]:
        """The model fields this input sets."""
        values: dict[str, object] = {}
        for dimension in Dimension:
            values[dimension.value] = (self.texts.get(dimension.value) or "").strip()
            values[f"{dimension.value}_assessment"] = self.assessments.get(dimension.value) or ""
        values["risk"] = self.risk or ""
        values["review_date"] = self.review_date
        return values


def input_problems(entry: StatementInput, today: date | None = None) -> list[Problem]:
    """What is wrong with `entry` whatever its status ([] when nothing): each text within
    TEXT_LIMIT characters, assessments and risk among their choices, and a review date from 1
    January 2000 to ten years ahead."""
    today = today or timezone.localdate()
    problems = []
    for dimension in Dimension:
        text = (entry.texts.get(dimension.value) or "").strip()
        if len(text) > TEXT_LIMIT:
            problems.append(
                Problem(
                    dimension.value,
                    f"{dimension.value.capitalize()} must be {TEXT_LIMIT:,} characters or "
                    f"fewer; it has {len(text):,}.",
                )
            )
        assessed = entry.assessments.get(dimension.value) or ""
        if assessed and assessed not in Assessment.__members__.values():
            problems.append(
                Problem(f"{dimension.value}_assessment", "Choose met, partly met or not met.")
            )
    if entry.risk and entry.risk not in DataQualityRisk.__members__.values():
        problems.append(Problem("risk", "Choose low, medium or high."))
    if entry.review_date is not None:
        latest = latest_allowed(today)
        if entry.review_date < EARLIEST:
            problems.append(Problem("review_date", "The review date must be in 2000 or later."))
        elif entry.review_date > latest:
            problems.append(
                Problem("review_date", f"The review date must be by {latest:%-d %B %Y}.")
            )
    return problems


def may_write(user, measure: Measure) -> bool:
    """The measure's owner and delegates, owners of its area, and the performance team."""
    return access_for(user, measure.organisation_id).can_enter(measure)


def may_sign_off(user, measure: Measure) -> bool:
    """The measure's owner, or whoever signs off its figures (`Access.can_approve`)."""
    access = access_for(user, measure.organisation_id)
    is_owner = access.same_organisation(measure) and measure.owner_id == getattr(user, "pk", -1)
    return is_owner or access.can_approve(measure)


def _locked_versions(measure: Measure) -> list[DataQualityStatement]:
    """The measure's statement versions, newest first, locked for the transaction (two people
    saving at once make one draft, not two)."""
    Measure.objects.select_for_update().filter(pk=measure.pk).first()
    return list(DataQualityStatement.objects.filter(measure=measure).order_by("-version"))


def _save(statement: DataQualityStatement, acting_user, reason: str) -> None:
    statement._history_user = acting_user
    statement._change_reason = change_reason(reason)
    statement.save()


@transaction.atomic
def save_statement(
    measure: Measure, entry: StatementInput, acting_user, *, when: datetime | None = None
) -> DataQualityStatement:
    """Write `entry` as the measure's draft statement (a new version when there is no draft).
    Refused (StatementRefused) when the person may not, or `entry` breaks a bound. `when`
    (the moment written; now by default) is for the demo's statements of earlier years."""
    when = when or timezone.now()
    if not may_write(acting_user, measure):
        raise NotAllowed("Only the measure's owner or the performance team may write it.")
    problems = input_problems(entry, timezone.localdate(when))
    if problems:
        raise StatementRefused(problems)
    versions = _locked_versions(measure)
    draft = next((v for v in versions if v.status == StatementStatus.DRAFT), None)
    if draft is None:
        number = (versions[0].version + 1) if versions else 1
        draft = DataQualityStatement(measure=measure, version=number)
        reason = f"Version {number} drafted"
    else:
        reason = f"Version {draft.version} changed"
    for name, value in entry.fields().items():
        setattr(draft, name, value)
    draft.written_by = acting_user
    draft.written_at = when
    _save(draft, acting_user, reason)
    return draft


@transaction.atomic
def sign_off_statement(
    measure: Measure, acting_user, *, when: datetime | None = None
) -> DataQualityStatement:
    """Sign off the measure's draft: it becomes the statement shown, and the version signed
    off before it is marked replaced. `when`: the moment signed off (now by default)."""
    when = when or timezone.now()
    today = timezone.localdate(when)
    if not may_sign_off(acting_user, measure):
        raise NotAllowed(
            "Only the measure's owner, an approver of its area or the performance team may "
            "sign off its statement."
        )
    versions = _locked_versions(measure)
    draft = next((v for v in versions if v.status == StatementStatus.DRAFT), None)
    if draft is None:
        raise StatementRefused([Problem("", "There is no draft to sign off.")])
    entry = StatementInput.of(draft)
    problems = sign_off_problems(entry.texts, entry.risk, entry.review_date, today)
    if problems:
        raise StatementRefused(problems)
    for old in versions:
        if old.status == StatementStatus.SIGNED_OFF:
            old.status = StatementStatus.REPLACED
            _save(old, acting_user, f"Replaced by version {draft.version}")
    draft.status = StatementStatus.SIGNED_OFF
    draft.signed_off_by = acting_user
    draft.signed_off_at = when
    _save(draft, acting_user, f"Version {draft.version} signed off")
    return draft


@transaction.atomic
def discard_draft(measure: Measure, acting_user) -> None:
    """Throw the draft away; the signed-off version (if any) stays shown."""
    if not may_write(acting_user, measure):
        raise NotAllowed("Only the measure's owner or the performance team may discard it.")
    for version in _locked_versions(measure):
        if version.status == StatementStatus.DRAFT:
            version._history_user = acting_user
            version._change_reason = f"Version {version.version} discarded"
            version.delete()


def load_problems(
    measure: Measure, entry: StatementInput, signed_off_by, signed_off_at: datetime | None
) -> list[Problem]:
    """What stops a statement given by a file ([] when nothing): the bounds, and for one
    signed off, who signed it (a person of this council: a file records a sign-off made
    before Yardstick, by someone who may hold no role in it now), when (from 2000, not in the
    future) and what a sign-off needs on that day (`sign_off_problems`)."""
    problems = input_problems(entry)
    if signed_off_at is None:
        return problems
    day = timezone.localdate(signed_off_at)
    if signed_off_by is None:
        problems.append(Problem("signed_off_by", "Give who signed it off (a username)."))
    elif signed_off_by.organisation_id not in (None, measure.organisation_id):
        problems.append(Problem("signed_off_by", "Who signed it off must be of this council."))
    if day < EARLIEST or day > timezone.localdate():
        problems.append(
            Problem("signed_off_on", "The day it was signed off must be from 2000 to today.")
        )
    problems += sign_off_problems(entry.texts, entry.risk, entry.review_date, day)
    return problems


@transaction.atomic
def load_statement(
    measure: Measure,
    entry: StatementInput,
    acting_user,
    *,
    reason: str,
    signed_off_by=None,
    signed_off_at: datetime | None = None,
) -> DataQualityStatement:
    """Keep a statement a file gives (the import: the performance team's door, which decides
    who may use it): as the measure's draft when `signed_off_at` is None, else as a new
    signed-off version, signed by `signed_off_by` then, replacing the one signed off before."""
    problems = load_problems(measure, entry, signed_off_by, signed_off_at)
    if problems:
        raise StatementRefused(problems)
    versions = _locked_versions(measure)
    number = (versions[0].version + 1) if versions else 1
    if signed_off_at is None:
        draft = next((v for v in versions if v.status == StatementStatus.DRAFT), None)
        statement = draft or DataQualityStatement(measure=measure, version=number)
        statement.written_by, statement.written_at = acting_user, timezone.now()
    else:
        for old in versions:
            if old.status == StatementStatus.SIGNED_OFF:
                old.status = StatementStatus.REPLACED
                _save(old, acting_user, reason)
        statement = DataQualityStatement(
            measure=measure,
            version=number,
            status=StatementStatus.SIGNED_OFF,
            written_by=signed_off_by,
            written_at=signed_off_at,
            signed_off_by=signed_off_by,
            signed_off_at=signed_off_at,
        )
    for name, value in entry.fields().items():
        setattr(statement, name, value)
    _save(statement, acting_user, reason)
    return statement
