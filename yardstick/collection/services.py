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

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from yardstick.accounts.access import access_for, board
from yardstick.collection.checks import (
    outlier,
    submission_problems,
    why_commentary_is_needed,
)
from yardstick.collection.deadlines import BankHolidays, deadline_after
from yardstick.collection.models import DeadlineRule
from yardstick.collection.queries import expected_in
from yardstick.core import periods as core_periods
from yardstick.core.periods import Frequency, period_type_for
from yardstick.core.profiles import ProfileMethod
from yardstick.core.quality import Problem
from yardstick.core.values import CollectionType
from yardstick.framework.models import Period, PeriodStatus
from yardstick.framework.services import ensure_period
from yardstick.logs import log_event
from yardstick.measures.assessment import core_target, core_value
from yardstick.measures.models import Figure, FigureStatus, Lifecycle, Measure, Target
from yardstick.measures.profiles import (
    ProfileSettings,
    last_year_keys,
    opening_target,
    outturn_by_measure,
    settings_by_measure,
)
from yardstick.measures.rules import target_problems
from yardstick.measures.services import (
    FigureInput,
    FigureLocked,
    FigureRefused,
    StaleFigure,
    TargetRow,
    WrongStatus,
    change_reason,
    correct_published_figure,
    keep_ratings,
    move_figure,
    record_figure,
    set_targets,
)
from yardstick.measures.shown import live_ratings, shown_rating
from yardstick.organisations.models import Organisation
from yardstick.reports.services import request_documents, request_documents_after_correction

__all__ = [
    "FigureLocked",
    "FigureRefused",
    "FiguresRefused",
    "PublishRefused",
    "StaleFigure",
    "WrongStatus",
    "approve_figure",
    "correct_figure",
    "enter_figures",
    "open_due_periods",
    "open_next_period",
    "open_period",
    "publish",
    "publish_period",
    "return_figure",
    "save_draft",
    "set_deadline_rule",
    "set_opening_rule",
    "set_period_deadline",
    "set_period_opening",
    "submit_figure",
]


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
    figure = record_figure(
        measure,
        period,
        entry,
        acting_user,
        expected_version=expected_version,
        reason="Figure recorded",
    )
    shown = shown_rating(measure, period, access_for(acting_user))
    value = core_value(measure, figure)
    problems = submission_problems(figure, shown, outlier(measure, period, value))
    if problems:
        raise FigureRefused(problems)  # the transaction is rolled back: nothing is saved
    return move_figure(
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


@dataclass(frozen=True)
class FigureRow:
    """One measure's figure on the several-figures page, as its form read it."""

    measure: Measure
    entry: FigureInput
    expected_version: int | None


class FiguresRefused(Exception):
    """Some of several figures were refused: nothing of any of them is saved. `problems` is
    {measure id: the problems}, `stale` {measure id: the figure someone else saved since}."""

    def __init__(self, problems: dict[int, list[Problem]], stale: dict[int, Figure]):
        super().__init__("Some figures were refused; none is saved.")
        self.problems = problems
        self.stale = stale


@transaction.atomic
def enter_figures(
    period: Period, rows: list[FigureRow], acting_user, *, submit: bool
) -> list[Figure]:
    """Save several figures for `period` as drafts, or submit them for sign-off, each by the
    same rules as one (`save_draft`, `submit_figure`); all or nothing: when any is refused
    (FiguresRefused, with every row's problems) none is saved."""
    write = submit_figure if submit else save_draft
    saved: list[Figure] = []
    problems: dict[int, list[Problem]] = {}
    stale: dict[int, Figure] = {}
    for row in rows:
        try:
            with transaction.atomic():
                saved.append(
                    write(
                        row.measure,
                        period,
                        row.entry,
                        acting_user,
                        expected_version=row.expected_version,
                    )
                )
        except FigureRefused as refused:
            problems[row.measure.pk] = list(refused.problems)
        except StaleFigure as changed:
            stale[row.measure.pk] = changed.current
    if problems or stale:
        raise FiguresRefused(problems, stale)  # rolls the whole transaction back
    return saved


@transaction.atomic
def approve_figure(figure: Figure, acting_user, *, expected_version: int | None) -> Figure:
    """Sign off a submitted figure: it will be published with its period. A figure whose
    rating or trend needs commentary (see `why_commentary_is_needed`) and has none is refused,
    as its owner's submission would be: return it to the owner to add it."""
    _may_approve(acting_user, figure.measure)
    shown = shown_rating(figure.measure, figure.period, access_for(acting_user))
    if shown.figure is not None and shown.figure.pk == figure.pk:
        needed = why_commentary_is_needed(shown, tense="is")
        if needed and not shown.figure.commentary.strip():
            raise FigureRefused(
                [
                    Problem(
                        "commentary",
                        f"It cannot be approved without commentary: {needed}. Return it to "
                        "its owner to say why, and what is being done.",
                    )
                ]
            )
    return move_figure(
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
    return move_figure(
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


@transaction.atomic
def correct_figure(
    measure: Measure,
    period: Period,
    entry: FigureInput,
    acting_user,
    reason: str,
    *,
    expected_version: int | None = None,
) -> Figure:
    """Correct a figure after its period is published: performance team only, with a
    reason; the rating is restated and the original kept (see correct_published_figure)."""
    _performance_team(acting_user, measure.organisation_id)
    if not reason.strip():
        raise FigureRefused([Problem("reason", "Say why the published figure is being corrected.")])
    figure = correct_published_figure(
        measure, period, entry, acting_user, reason.strip(), expected_version=expected_version
    )
    request_documents_after_correction(period)
    return figure


class PublishRefused(Exception):
    """The period cannot be published (it already is); the message says why."""


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


@transaction.atomic
def publish_period(period: Period, acting_user, *, as_of=None) -> int:
    """Publish and lock a period: every approved figure becomes published and the ratings of
    every measure with a target or figure in the period are kept as reported; its documents
    are queued for the worker to render and keep. The caller
    has checked the role (`publish` does). Returns the number of ratings kept."""
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.is_published:
        raise PublishRefused(f"{period.label} is already published.")
    lacking = lacking_commentary(period)
    if lacking:
        raise PublishRefused(
            f"{period.label} cannot be published: "
            + "; ".join(f"{code} {why}" for code, why in lacking)
            + ". Each needs commentary: return it to its owner to add it."
        )
    when = as_of or timezone.now()
    kept = keep_ratings(period, acting_user, when)
    period.status = PeriodStatus.PUBLISHED
    period.published_at = when
    period.published_by = acting_user
    period._change_reason = "Period published"
    period.save()
    request_documents(period)  # the worker renders and keeps its documents once this commits
    if period.organisation.open_next_on_publish:
        open_next_period(period, acting_user, when=when)
    return kept


# Opening periods for returns.


@dataclass(frozen=True)
class Opened:
    """A period opened for returns, and the targets it was given."""

    period: Period
    carried: int  # targets carried forward from the period before
    profiled: int  # targets profiled from the year's


def open_next_period(published: Period, acting_user, *, when=None) -> Opened | None:
    """Open the period after `published` (of its kind) for returns, creating it if need be;
    None when it is open already (opened before, or published)."""
    core = core_periods.following(published.as_core())
    following = ensure_period(published.organisation, core)
    if following.opened_at is not None or following.is_published:
        return None
    return open_period(following, acting_user, when=when)


@transaction.atomic
def open_period(period: Period, acting_user, *, when=None) -> Opened:
    """Open `period` for returns: each measure that reports in it and has no target yet gets
    one, profiled from its target for the financial year when it has one (a cumulative
    measure's part of the year; otherwise the year's own), else carried forward from the
    period of its kind before; the period is marked opened, and `send_reminders` tells the
    owners. Opening twice does nothing the second time."""
    period = Period.objects.select_for_update().select_related("organisation").get(pk=period.pk)
    if period.opened_at is not None:
        return Opened(period, 0, 0)
    when = when or timezone.now()
    rows, carried, profiled = opening_targets(period)
    set_targets(rows, acting_user, reason=f"Targets for {period.label} as it opened", when=when)
    period.opened_at = when
    period._history_user = acting_user
    period._change_reason = "Opened for returns"
    period.save(update_fields=["opened_at"])
    log_event(
        "period_opened",
        organisation_id=period.organisation_id,
        period=period.label,
        targets_carried=carried,
        targets_profiled=profiled,
        by=getattr(acting_user, "username", None),
    )
    return Opened(period, carried, profiled)


EVENLY = ProfileSettings()
LAST_YEAR = ProfileMethod.LAST_YEAR


def opening_targets(period: Period) -> tuple[list[TargetRow], int, int]:
    """The targets `period` opens with, for the measures that report in it and have none:
    (rows, how many carried forward, how many profiled). A cumulative measure's is its share
    of the year's target by the measure's profile method (`measures.profiles`), with where it
    came from. Seven queries at most, whatever the number of measures."""
    core = period.as_core()
    measures = [
        measure
        for measure in Measure.objects.filter(organisation_id=period.organisation_id).exclude(
            lifecycle=Lifecycle.ARCHIVED
        )
        if expected_in(measure, period)
    ]
    year = core.financial_year
    before = core_periods.previous(core)
    sources = {
        p.key: p
        for p in Period.objects.filter(
            organisation_id=period.organisation_id, key__in=[year.key, before.key]
        )
    }
    ids = [measure.id for measure in measures]
    having = set(
        Target.objects.filter(period=period, measure_id__in=ids).values_list(
            "measure_id", flat=True
        )
    )
    found = {
        (target.measure_id, target.period_id): target
        for target in Target.objects.filter(
            measure_id__in=ids, period_id__in=[p.id for p in sources.values()]
        )
    }
    rows, carried, profiled = [], 0, 0
    profiles = settings_by_measure(ids)
    shaped = [m.id for m in measures if profiles.get(m.id, EVENLY).method == LAST_YEAR]
    last_year = outturn_by_measure(shaped, last_year_keys(core)) if shaped else {}
    today = timezone.localdate()
    for measure in measures:
        if measure.id in having:
            continue
        year_row = found.get((measure.id, getattr(sources.get(year.key), "id", None)))
        before_row = found.get((measure.id, getattr(sources.get(before.key), "id", None)))
        source = ""
        if year_row is not None and period.type != core_periods.PeriodType.YEAR:
            target = core_target(year_row)
            if measure.collection_type == CollectionType.CUMULATIVE:
                target, source = opening_target(
                    measure,
                    profiles.get(measure.id, EVENLY),
                    core,
                    target,
                    last_year.get(measure.id, {}),
                )
            kind = "profiled"
        elif before_row is not None:
            target, kind = core_target(before_row), "carried"
            source = f"Carried forward from {before.label}"
        else:
            continue
        # A target the rules refuse (an old row, a bug) is not passed on: publishing would
        # fail on it. The period opens without it, for the team to set.
        if target_problems(measure, period, target, today):
            continue
        rows.append(TargetRow(measure, period, target, source=source))
        carried += kind == "carried"
        profiled += kind == "profiled"
    return rows, carried, profiled


@transaction.atomic
def set_opening_rule(organisation: Organisation, open_next_on_publish: bool, acting_user) -> None:
    """Whether publishing a period opens the next one for returns straight away."""
    _performance_team(acting_user, organisation.id)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.open_next_on_publish == open_next_on_publish:
        return
    organisation.open_next_on_publish = open_next_on_publish
    organisation._history_user = acting_user
    organisation._change_reason = (
        "Periods open when the one before is published"
        if open_next_on_publish
        else "Periods open on the day set for each"
    )
    organisation.save(update_fields=["open_next_on_publish"])


@transaction.atomic
def set_period_opening(period: Period, opens_on, acting_user, *, today=None) -> Opened | None:
    """Set the day `period` opens for returns; a day that has come opens it now. A period
    opened already, or published, keeps what it has."""
    _performance_team(acting_user, period.organisation_id)
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.is_published or period.opened_at is not None:
        raise PublishRefused(f"{period.label} is open for returns already.")
    today = today or timezone.localdate()
    if opens_on > period.end + timedelta(days=366):
        raise PublishRefused(f"{period.label} cannot open more than a year after it ends.")
    period.opens_on = opens_on
    period._history_user = acting_user
    period._change_reason = f"Opens for returns on {opens_on:%d %B %Y}"
    period.save(update_fields=["opens_on"])
    if opens_on <= today:
        return open_period(period, acting_user)
    return None


def open_due_periods(as_of, acting_user=None) -> list[Opened]:
    """Open every period whose opening day (`Period.opens_on`, set by the performance team)
    has come and that is not open yet: what the scheduled `open_periods` command runs."""
    due = Period.objects.filter(
        opens_on__lte=as_of, opened_at__isnull=True, status=PeriodStatus.OPEN
    ).order_by("start")
    return [open_period(period, acting_user) for period in due]


def lacking_commentary(period: Period) -> list[tuple[str, str]]:
    """The signed-off figures of `period` whose rating or trend needs commentary and that have
    none: [(measure code, why)], as a board would be shown them. Five queries."""
    figures = Figure.objects.filter(
        period=period, status__in=[FigureStatus.APPROVED, FigureStatus.PUBLISHED]
    ).select_related("measure")
    measures = [figure.measure for figure in figures if not figure.commentary.strip()]
    ratings = live_ratings(measures, period, board(period.organisation_id))
    lacking = []
    for measure in sorted(measures, key=lambda m: m.code):
        needed = why_commentary_is_needed(ratings[measure.id], tense="is")
        if needed:
            lacking.append((measure.code, needed))
    return lacking


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
    sign_off_working_days: int = 5,
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
    rule.sign_off_working_days = sign_off_working_days
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
