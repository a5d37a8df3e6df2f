"""Changes to scorecards, and the annual refresh that carries the framework and its scorecards
into next year. One state change per function, in a transaction, audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from yardstick.core.periods import year_label
from yardstick.framework.models import Period, Plan, Theme
from yardstick.framework.services import FrameworkError
from yardstick.measures.models import Lifecycle
from yardstick.organisations.models import Organisation
from yardstick.scorecards.models import (
    ChallengeChoice,
    ExceptionNote,
    KeyChallenge,
    Scorecard,
    ScorecardEntry,
    ScorecardSection,
)


@transaction.atomic
def note_exception(
    scorecard: Scorecard, measure_id: int, period: Period, reason: str, acting_user
) -> ExceptionNote:
    """Mark an exception "noted, no discussion needed" with the reason."""
    note = ExceptionNote.objects.filter(
        scorecard=scorecard, measure_id=measure_id, period=period
    ).first() or ExceptionNote(scorecard=scorecard, measure_id=measure_id, period=period)
    note.reason = reason
    note.noted_by = acting_user
    note._history_user = acting_user
    note._change_reason = "Exception noted: no discussion needed"
    note.save()
    return note


@transaction.atomic
def create_next_year(organisation: Organisation, from_year: int, acting_user) -> list[Plan]:
    """Build next year's framework from this year's in one action: plans and themes copied,
    active measures carried forward onto the new themes, scorecards copied with their
    entries, and targets left to set. Every copy is in the history with the acting user."""
    to_year = from_year + 1
    start_month = organisation.financial_year_start_month
    if Plan.objects.filter(organisation=organisation, financial_year=to_year).exists():
        raise FrameworkError(f"The {year_label(to_year, start_month)} framework already exists.")
    plans = list(
        Plan.objects.filter(organisation=organisation, financial_year=from_year).order_by("id")
    )
    if not plans:
        raise FrameworkError(f"There is no {year_label(from_year, start_month)} framework.")
    reason = f"Carried forward from {year_label(from_year, start_month)}"

    def create(row):
        row._history_user = acting_user
        row._change_reason = reason
        row.save()
        return row

    new_plans: dict[int, Plan] = {}
    for plan in _parents_first(plans):
        new_plans[plan.id] = create(
            Plan(
                organisation=organisation,
                financial_year=to_year,
                kind=plan.kind,
                code=plan.code,
                title=plan.title,
                description=plan.description,
                parent=new_plans.get(plan.parent_id),
                unit=plan.unit,
            )
        )
    new_themes: dict[int, Theme] = {}
    carried: dict = {}  # measure -> its new themes
    themes = Theme.objects.filter(plan__in=plans).order_by("id").prefetch_related("measures")
    for theme in _parents_first(list(themes)):
        new_themes[theme.id] = create(
            Theme(
                plan=new_plans[theme.plan_id],
                parent=new_themes.get(theme.parent_id),
                kind=theme.kind,
                code=theme.code,
                title=theme.title,
                description=theme.description,
                position=theme.position,
                portfolio_holder=theme.portfolio_holder,
            )
        )
        for measure in theme.measures.all():
            if measure.lifecycle == Lifecycle.ACTIVE:
                carried.setdefault(measure, []).append(new_themes[theme.id])
    for measure, measure_themes in carried.items():  # from the measure's side: in its history
        measure._history_user = acting_user
        measure._change_reason = reason
        measure.themes.add(*measure_themes)
    for scorecard in Scorecard.objects.filter(organisation=organisation, financial_year=from_year):
        sections = list(scorecard.sections.all())
        entries = list(scorecard.entries.select_related("measure"))
        scorecard.pk = None
        scorecard.id = None
        scorecard._state.adding = True
        scorecard.financial_year = to_year
        scorecard.theme = new_themes.get(scorecard.theme_id) if scorecard.theme_id else None
        create(scorecard)
        new_sections = {}
        for section in sections:
            new_sections[section.id] = create(
                ScorecardSection(
                    scorecard=scorecard, title=section.title, position=section.position
                )
            )
        for entry in entries:
            if entry.measure.lifecycle != Lifecycle.ACTIVE:
                continue
            create(
                ScorecardEntry(
                    scorecard=scorecard,
                    section=new_sections.get(entry.section_id),
                    measure=entry.measure,
                    number=entry.number,
                    position=entry.position,
                )
            )
    return list(new_plans.values())


def _parents_first(rows: list) -> list:
    """`rows` ordered so that a row's parent, when it is among them, comes before it (a row
    may have been re-parented onto one created after it, so ids alone do not say)."""
    ids = {row.id for row in rows}
    placed: set[int] = set()
    ordered = []
    pending = list(rows)
    while pending:
        ready = [row for row in pending if row.parent_id not in ids or row.parent_id in placed]
        if not ready:  # a cycle cannot be saved through the models; copy the rest as they are
            ready = pending
        ordered.extend(ready)
        placed.update(row.id for row in ready)
        pending = [row for row in pending if row.id not in placed]
    return ordered


class ChallengeChoiceError(ValueError):
    """A key challenge choice that cannot be made: the message says why."""


CHALLENGE_ACTIONS = ("include", "leave_out", "rule")
REASON_LENGTH = 500  # KeyChallenge.reason's max_length


def _check_challenge_choice(scorecard: Scorecard, period: Period, measure, access) -> None:
    if period.organisation_id != scorecard.organisation_id:
        raise ChallengeChoiceError("The period is not the scorecard's council's.")
    if scorecard.theme_id is None:
        raise ChallengeChoiceError("Only a theme's scorecard has key challenges.")
    if not ScorecardEntry.objects.filter(scorecard=scorecard, measure=measure).exists():
        raise ChallengeChoiceError(f"{measure} is not on the scorecard {scorecard.title}.")
    if access.organisation_id != scorecard.organisation_id:
        raise PermissionDenied("You can choose key challenges only in your own council.")


@transaction.atomic
def choose_challenge(
    scorecard: Scorecard,
    period: Period,
    measure,
    action: str,
    access,
    acting_user,
    *,
    reason: str = "",
) -> KeyChallenge:
    """Include `measure` among the scorecard's key challenges in `period` ("include"), leave
    it out ("leave_out"), or list it as the rule says ("rule"). The performance team makes
    any choice; a measure's owner may include their own measure, and undo that. Leaving a
    measure out takes a reason (at most REASON_LENGTH characters), which the choices page
    shows. Audited."""
    if action not in CHALLENGE_ACTIONS:
        raise ChallengeChoiceError(f"Unknown choice {action!r}.")
    reason = reason.strip()
    if len(reason) > REASON_LENGTH:
        raise ChallengeChoiceError(
            f"Say why in {REASON_LENGTH} characters or fewer; it has {len(reason):,}."
        )
    _check_challenge_choice(scorecard, period, measure, access)
    choice = KeyChallenge.objects.select_for_update().filter(
        scorecard=scorecard, period=period, measure=measure
    ).first() or KeyChallenge(scorecard=scorecard, period=period, measure=measure)
    if not access.is_performance_team:
        own = access.can_enter(measure)
        undoing_own = action == "rule" and choice.choice == ChallengeChoice.INCLUDE
        if not own or not (action == "include" or undoing_own):
            raise PermissionDenied(
                "Only the performance team leaves key challenges out; an owner may add their "
                "own measure."
            )
    if action == "leave_out" and not reason:
        raise ChallengeChoiceError(f"Say why {measure.title} is left out of the key challenges.")
    choice.choice = {
        "include": ChallengeChoice.INCLUDE,
        "leave_out": ChallengeChoice.LEAVE_OUT,
    }.get(action, "")
    choice.reason = reason
    choice.changed_by = acting_user
    choice._history_user = acting_user
    choice._change_reason = {
        "include": "Key challenge included",
        "leave_out": "Key challenge left out",
        "rule": "Key challenge listed as the rule says",
    }[action]
    choice.save()
    return choice


@transaction.atomic
def order_challenges(
    scorecard: Scorecard, period: Period, measure_ids: list[int], access, acting_user
) -> int:
    """Put the scorecard's key challenges in `period` in the order of `measure_ids` (each
    measure on the scorecard): the performance team only. Audited; returns how many moved."""
    if not access.is_performance_team:
        raise PermissionDenied("Only the performance team orders the key challenges.")
    if len(measure_ids) != len(set(measure_ids)) or len(measure_ids) > 500:
        raise ChallengeChoiceError("List each measure once.")
    on_card = set(
        ScorecardEntry.objects.filter(scorecard=scorecard, measure_id__in=measure_ids).values_list(
            "measure_id", flat=True
        )
    )
    if on_card != set(measure_ids):
        raise ChallengeChoiceError("Every measure ordered must be on the scorecard.")
    if period.organisation_id != scorecard.organisation_id:
        raise ChallengeChoiceError("The period is not the scorecard's council's.")
    existing = {
        choice.measure_id: choice
        for choice in KeyChallenge.objects.select_for_update().filter(
            scorecard=scorecard, period=period, measure_id__in=measure_ids
        )
    }
    moved = 0
    for position, measure_id in enumerate(measure_ids):
        choice = existing.get(measure_id) or KeyChallenge(
            scorecard=scorecard, period=period, measure_id=measure_id
        )
        if choice.pk is not None and choice.position == position:
            continue
        choice.position = position
        choice.changed_by = acting_user
        choice._history_user = acting_user
        choice._change_reason = "Key challenges ordered"
        choice.save()
        moved += 1
    return moved
