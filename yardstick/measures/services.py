"""Changes to measures, targets and figures: the only code that writes a Figure or a Target.

The entry form, sign-off, corrections, the admin, the importer, the demo and the API all write
through these functions, so the period lock, the version check, the rules
(`yardstick.measures.rules`), the decimal places kept, the stamps and the history are decided
once. Each function is one state change in one transaction, takes the acting user, and leaves
its audit trail (django-simple-history rows with the reason) in the same transaction. The
bulk variants (`record_figures`, `set_targets`, `load_published_history`) do the same for many
rows in a few statements per thousand rows: `insert_with_history` and `update_with_history`
(`yardstick.measures.bulk`: COPY on PostgreSQL, multi-row INSERTs and `executemany` on SQLite).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from yardstick.accounts.access import board
from yardstick.core import periods as core_periods
from yardstick.core import spc as core_spc
from yardstick.core.keys import write_key
from yardstick.core.quality import Problem
from yardstick.core.ratings import Band, Key
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.targets import same_target
from yardstick.core.values import Missing, Value, kept_decimals
from yardstick.framework.models import Period, PeriodStatus
from yardstick.measures import rollup
from yardstick.measures.bulk import insert_with_history, update_with_history
from yardstick.measures.models import (
    Figure,
    FigureSource,
    FigureStatus,
    Measure,
    RatingOrigin,
    ReportedRating,
    SpcBaseline,
    SpcExclusion,
    SpcRecalculation,
    Target,
)
from yardstick.measures.rules import (
    TARGET_SOURCE_LENGTH,
    Agreement,
    Checked,
    FigureInput,
    agreeing_problems,
    agreement_problems,
    figure_problems,
    period_problems,
    target_problems,
)
from yardstick.measures.shown import Shown, live_ratings, shown_ratings
from yardstick.measures.spc import SETTINGS as SPC_SETTINGS
from yardstick.measures.spc import baseline_words

__all__ = [
    "Agreement",
    "FigureInput",
    "FigureLocked",
    "FigureRefused",
    "FigureRow",
    "HistoryRow",
    "StaleFigure",
    "TargetRow",
    "WrongStatus",
    "change_reason",
    "correct_published_figure",
    "delete_figure",
    "delete_target",
    "insert_with_history",
    "keep_ratings",
    "load_published_history",
    "move_figure",
    "record_figure",
    "record_figures",
    "set_target",
    "set_targets",
    "update_with_history",
]

REPORTED_STATUSES = (FigureStatus.APPROVED, FigureStatus.PUBLISHED)
# A figure in an open period is one of these; only publishing makes it published.
OPEN_STATUSES = (FigureStatus.DRAFT, FigureStatus.SUBMITTED, FigureStatus.APPROVED)
CHANGE_REASON_LENGTH = 100  # simple-history keeps a change reason in 100 characters


def change_reason(text: str) -> str:
    """A reason as the history keeps it: cut to fit with an ellipsis (PostgreSQL refuses a
    longer one); the full text stays where the change keeps it (a restatement's reason)."""
    text = " ".join(text.split())
    if len(text) <= CHANGE_REASON_LENGTH:
        return text
    return text[: CHANGE_REASON_LENGTH - 1].rstrip() + "…"


class FigureRefused(Exception):
    """The figure (or target) cannot be kept as it is; `problems` say what to put right, each
    naming its field. For many rows, `by_row` gives each row's problems by its index."""

    def __init__(self, problems: Iterable[Problem], by_row: dict[int, list[Problem]] | None = None):
        self.problems = list(problems)
        self.by_row = by_row or {}
        super().__init__(" ".join(problem.message for problem in self.problems))


class FigureLocked(Exception):
    """The period is published: only the performance team may correct it, with a reason."""


class StaleFigure(Exception):
    """Someone else saved this figure since it was opened; carries their figure."""

    def __init__(self, current: Figure):
        super().__init__("This figure was changed by someone else since you opened it.")
        self.current = current


def _today():
    return timezone.localdate()


def _locked(period: Period) -> FigureLocked:
    return FigureLocked(
        f"{period.label} is published and locked; a correction needs the performance team."
    )


def _lock_periods(periods: Iterable[Period]) -> dict[int, Period]:
    """The periods, locked for the transaction, as they are now."""
    ids = sorted({period.pk for period in periods})
    return {
        period.pk: period
        for period in Period.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }


# Targets.


@dataclass(frozen=True)
class TargetRow:
    """A target to set: the measure, the period, the target, and (optional) this period's own
    tolerance scheme, {field: value} of the Target's scheme fields."""

    measure: Measure
    period: Period
    target: CoreTarget
    scheme: dict = field(default_factory=dict)
    # Who agreed it and when; None leaves a target's agreement as it is (a new one agreed).
    agreement: Agreement | None = None
    # Where it came from when worked out ("Profiled evenly from the year's 120"); blank is a
    # target set by hand (a form, an import), which the profile page will not overwrite unasked.
    source: str = ""


def _apply_target(row: Target, target: CoreTarget, scheme: dict) -> None:
    row.kind = target.kind
    row.value = target.value
    row.low = target.low
    row.high = target.high
    row.change_amount = target.change_amount
    row.change_percent = target.change_percent
    row.change_direction = target.change_direction or ""
    for name, value in scheme.items():
        setattr(row, name, value)


@transaction.atomic
def set_target(
    measure: Measure,
    period: Period,
    target: CoreTarget,
    acting_user,
    reason: str = "",
    *,
    scheme: dict | None = None,
    agreement: Agreement | None = None,
) -> Target:
    """Set (or change) a measure's target for an open period. The previous version stays in
    the history with who changed it, when and why. A published period's targets are locked:
    what a board was told is kept. A proposed target (`Agreement(agreed=False)`) rates
    nothing until it is agreed."""
    (saved,) = set_targets(
        [TargetRow(measure, period, target, scheme or {}, agreement)], acting_user, reason=reason
    )
    return saved


@transaction.atomic
def set_targets(
    rows: Sequence[TargetRow], acting_user, *, reason: str = "", when: datetime | None = None
) -> list[Target]:
    """Set many targets at once (an import, the demo): all or nothing, in three queries and
    the history's, whatever the number of rows. Refuses a published period (FigureLocked)
    and targets the rules refuse (FigureRefused, with each row's problems)."""
    if not rows:
        return []
    when = when or timezone.now()
    periods = _lock_periods(row.period for row in rows)
    today = timezone.localdate(when)
    by_row = {}
    for index, row in enumerate(rows):
        period = periods[row.period.pk]
        if period.is_published:
            raise _locked(period)
        problems = target_problems(row.measure, period, row.target, today)
        if row.agreement is not None:
            problems += agreement_problems(row.agreement, today)
        if problems:
            by_row[index] = problems
    if by_row:
        raise FigureRefused([p for problems in by_row.values() for p in problems], by_row)
    existing = {
        (target.measure_id, target.period_id): target
        for target in Target.objects.select_for_update()
        .filter(
            measure_id__in={row.measure.pk for row in rows},
            period_id__in=list(periods),
        )
        .order_by()  # the models' ordering would join (and lock) measures and periods
    }
    new, changed, saved = [], [], []
    for row in rows:
        target = existing.get((row.measure.pk, row.period.pk))
        if target is None:
            target = Target(measure=row.measure, period=periods[row.period.pk])
            new.append(target)
        else:
            changed.append(target)
        _apply_target(target, row.target, row.scheme)
        target.source = row.source[:TARGET_SOURCE_LENGTH]
        if row.agreement is not None:
            target.agreed = row.agreement.agreed
            target.agreed_by = row.agreement.agreed_by
            target.agreed_on = row.agreement.agreed_on
        saved.append(target)
    _write(Target, new, changed, acting_user, reason or "Target set", when)
    return saved


@transaction.atomic
def agree_targets(
    targets: Sequence[Target],
    agreement: Agreement,
    acting_user,
    *,
    reason: str = "",
    when: datetime | None = None,
) -> list[Target]:
    """Agree proposed targets (the target agreement page): each is marked agreed, by whom and
    on what day (`rules.agreeing_problems`), and its history keeps who recorded it and when.
    The target itself is unchanged. A published period's targets are locked (FigureLocked);
    a target agreed meanwhile is left as it is. Returns the targets agreed, in a fixed number
    of queries whatever their number."""
    when = when or timezone.now()
    problems = agreeing_problems(agreement, timezone.localdate(when))
    if problems:
        raise FigureRefused(problems)
    periods = _lock_periods(Period(pk=target.period_id) for target in targets)
    for period in periods.values():
        if period.is_published:
            raise _locked(period)
    rows = list(
        Target.objects.select_for_update()
        .filter(pk__in=[target.pk for target in targets], agreed=False)
        .select_related("measure")
        .order_by()
    )
    for row in rows:
        row.agreed = True
        row.agreed_by = agreement.agreed_by.strip()
        row.agreed_on = agreement.agreed_on
    day = agreement.agreed_on
    said = f"Target agreed by {agreement.agreed_by.strip()} on {day.day} {day:%B %Y}"
    _write(Target, [], rows, acting_user, reason or said, when)
    return rows


@transaction.atomic
def delete_target(target: Target, acting_user, reason: str = "") -> None:
    """Remove a target of an open period; a published period's targets are kept."""
    period = Period.objects.select_for_update().get(pk=target.period_id)
    if period.is_published:
        raise _locked(period)
    target._history_user = acting_user
    target._change_reason = change_reason(reason or "Target removed")
    target.delete()


# Figures.


@transaction.atomic
def delete_figure(figure: Figure, acting_user, reason: str = "") -> None:
    """Remove a figure of an open period; a published period's figures are kept (a
    correction, with a reason, changes one)."""
    period = Period.objects.select_for_update().get(pk=figure.period_id)
    if period.is_published:
        raise _locked(period)
    figure._history_user = acting_user
    figure._change_reason = change_reason(reason or "Figure removed")
    figure.delete()


def apply_input(figure: Figure, entry: FigureInput) -> None:
    """The figure's fields from what was typed, with the places it was typed with."""
    value = entry.value
    figure.value = value.amount if isinstance(value, Value) else None
    figure.numerator = value.numerator if isinstance(value, Value) else None
    figure.denominator = value.denominator if isinstance(value, Value) else None
    figure.decimals = kept_decimals(value) if isinstance(value, Value) else None
    figure.missing_state = value.state if isinstance(value, Missing) else ""
    figure.note = entry.note or (value.note if isinstance(value, Missing) else "")
    figure.commentary = entry.commentary
    figure.commentary_published = entry.commentary_published and bool(entry.commentary)
    figure.proposed_action = entry.proposed_action
    figure.data_covers_start = entry.data_covers_start
    figure.data_covers_end = entry.data_covers_end
    figure.outlier_confirmed = entry.outlier_confirmed
    figure.outlier_note = entry.outlier_note if entry.outlier_confirmed else ""
    figure.forecast = entry.forecast.amount if entry.forecast is not None else None
    figure.forecast_reason = entry.forecast_reason if entry.forecast is not None else ""


def _stamp(figure: Figure, acting_user, when: datetime, source: str) -> None:
    figure.entered_by = acting_user
    figure.entered_at = when
    figure.source = source
    figure.version = (figure.version or 0) + 1


@dataclass(frozen=True)
class FigureRow:
    """A figure to record in an open period, and the status it is given."""

    measure: Measure
    period: Period
    entry: FigureInput
    status: str = FigureStatus.SUBMITTED
    expected_version: int | None = None
    # The rules' proof that they found nothing wrong with this entry (`rules.check_figure`,
    # asked by the importer as it reads the file): the figure is not checked twice.
    checked: Checked | None = None


@transaction.atomic
def record_figure(
    measure: Measure,
    period: Period,
    entry: FigureInput,
    acting_user,
    *,
    expected_version: int | None = None,
    status: str = FigureStatus.DRAFT,
    reason: str = "",
    source: str = FigureSource.ENTERED,
) -> Figure:
    """Record a figure (new or changed) for an open period.

    `expected_version` is the version the person opened; if someone saved since, the save is
    refused with StaleFigure carrying their figure, so nobody is overwritten silently. A
    figure the rules refuse is refused with FigureRefused, saying why."""
    (figure,) = record_figures(
        [FigureRow(measure, period, entry, status, expected_version)],
        acting_user,
        reason=reason or "Figure recorded",
        source=source,
    )
    return figure


@transaction.atomic
def record_figures(
    rows: Sequence[FigureRow],
    acting_user,
    *,
    reason: str,
    source: str = FigureSource.IMPORTED,
    when: datetime | None = None,
) -> list[Figure]:
    """Record many figures in open periods at once (an import, the demo): all or nothing, in
    three queries and the history's, whatever the number of rows. Each figure is checked as
    one typed into the form is; a published period is refused (FigureLocked), and so is a
    figure someone else saved since it was opened (StaleFigure). A figure is never published
    here: publishing the period does that."""
    if not rows:
        return []
    when = when or timezone.now()
    periods = _lock_periods(row.period for row in rows)
    today = timezone.localdate(when)
    by_row = {}
    for index, row in enumerate(rows):
        period = periods[row.period.pk]
        if period.is_published:
            raise _locked(period)
        if row.status not in OPEN_STATUSES:
            raise ValueError(f"A figure in an open period cannot be {row.status}.")
        if row.checked is not None and row.checked.covers(row.measure, period, row.entry, today):
            continue
        problems = figure_problems(row.measure, period, row.entry, today)
        if problems:
            by_row[index] = problems
    if by_row:
        raise FigureRefused([p for problems in by_row.values() for p in problems], by_row)
    existing = {
        (figure.measure_id, figure.period_id): figure
        for figure in Figure.objects.select_for_update()
        .filter(
            measure_id__in={row.measure.pk for row in rows},
            period_id__in=list(periods),
        )
        .order_by()  # the models' ordering would join (and lock) measures and periods
    }
    new, changed, saved = [], [], []
    blank = _blank(Figure, version=0)
    for row in rows:
        figure = existing.get((row.measure.pk, row.period.pk))
        if figure is None:
            figure = blank(row.measure, periods[row.period.pk])
            new.append(figure)
        else:
            if row.expected_version is not None and figure.version != row.expected_version:
                raise StaleFigure(figure)
            changed.append(figure)
        apply_input(figure, row.entry)
        if row.status == FigureStatus.SUBMITTED and figure.status != FigureStatus.SUBMITTED:
            figure.submitted_by, figure.submitted_at = acting_user, when
            figure.returned_reason = ""
        if row.status == FigureStatus.APPROVED and figure.status != FigureStatus.APPROVED:
            figure.approved_by, figure.approved_at = acting_user, when
        figure.status = row.status
        _stamp(figure, acting_user, when, source)
        saved.append(figure)
    _write(Figure, new, changed, acting_user, reason, when)
    return saved


class WrongStatus(Exception):
    """The figure is not at the step this change needs (say, approving a draft)."""


@transaction.atomic
def move_figure(
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
    """Move a figure between statuses in an open period (submitted, approved, returned),
    refusing a locked period, a stale version and a figure not at an `allowed` status. The
    caller (`collection.services`) checks who may make the move and its rules."""
    if to == FigureStatus.PUBLISHED:
        raise ValueError("Publishing the period publishes its figures.")
    period = Period.objects.select_for_update().get(pk=figure.period_id)
    if period.is_published:
        raise _locked(period)
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


def _blank(model, **values):
    """A maker of new, unsaved rows of `model` for a measure and a period, every other field
    at its default (or as `values` say): Django's positional construction, several times
    quicker than keywords, for the bulk writers that make one per figure."""
    fields = model._meta.concrete_fields
    template = [values.get(f.name, f.get_default()) for f in fields]
    names = [f.attname for f in fields]
    measure_at, period_at = names.index("measure_id"), names.index("period_id")
    measure_field, period_field = model._meta.get_field("measure"), model._meta.get_field("period")

    def make(measure: Measure, period: Period):
        row = template.copy()
        row[measure_at], row[period_at] = measure.pk, period.pk
        instance = model(*row)
        measure_field.set_cached_value(instance, measure)
        period_field.set_cached_value(instance, period)
        return instance

    return make


def _write(model, new: list, changed: list, acting_user, reason: str, when: datetime) -> None:
    """Create and update rows with one history row each: who, when and why.

    One row is saved by the ORM, whose signal writes its history row (django-simple-history's
    own path); many are written by `insert_with_history` and `update_with_history`, in a few
    statements per thousand rows. measures/tests/test_doors_agree.py checks that both store
    the same rows and the same history."""
    reason = change_reason(reason)
    if len(new) + len(changed) == 1:
        (instance,) = new or changed
        instance._history_user = acting_user
        instance._change_reason = reason
        instance._history_date = when
        instance.save()
        return
    insert_with_history(model, new, acting_user, reason, when)
    update_with_history(model, changed, acting_user, reason, when)


@transaction.atomic
def correct_published_figure(
    measure: Measure,
    period: Period,
    entry: FigureInput,
    acting_user,
    reason: str,
    *,
    expected_version: int | None = None,
) -> Figure:
    """Correct a figure after its period is published (performance team only: the caller
    checks the role). The correction is in the history with its reason, and the rating is
    restated: a new ReportedRating row marked as a restatement, the original kept. Later
    published periods whose rating or direction of travel used this figure (the next period,
    the same period next year) are restated too where what they show changes. A second
    correction made at the same time is refused as a second entry is (StaleFigure)."""
    if not reason.strip():
        raise ValueError("A correction after publishing needs a reason.")
    period = Period.objects.select_for_update().get(pk=period.pk)
    if not period.is_published:
        raise ValueError(f"{period.label} is not published: record the figure instead.")
    problems = figure_problems(measure, period, entry, _today())
    if problems:
        raise FigureRefused(problems)
    figure = Figure.objects.select_for_update().filter(measure=measure, period=period).first()
    if figure is not None and expected_version is not None and figure.version != expected_version:
        raise StaleFigure(figure)
    if figure is None:  # no figure when the period was published: the correction supplies it
        if expected_version not in (None, 0):
            raise StaleFigure(Figure(measure=measure, period=period, version=0))
        figure = Figure(measure=measure, period=period, version=0)
    when = timezone.now()
    apply_input(figure, entry)
    figure.status = FigureStatus.PUBLISHED
    _stamp(figure, acting_user, when, FigureSource.ENTERED)
    figure._history_user = acting_user
    figure._change_reason = change_reason(f"Correction after publishing: {reason}")
    figure.save()
    keep_ratings(period, acting_user, when, measures=[measure], restatement_reason=reason)
    for later in periods_using(period):
        keep_ratings(
            later,
            acting_user,
            when,
            measures=[measure],
            restatement_reason=f"{period.label} was corrected: {reason}",
            only_if_changed=True,
        )
    return figure


# A council's history before Yardstick.

NOT_GIVEN = object()  # no printed rating given: the key's is kept


@dataclass(frozen=True)
class HistoryRow:
    """A figure from a report the council published before Yardstick: the figure (None when
    the report printed none), the rating it printed (a Band, None for 'not rated', NOT_GIVEN
    when the file does not say) and the day the report was published (None: today)."""

    measure: Measure
    period: Period
    entry: FigureInput | None
    printed: object = NOT_GIVEN
    published_on: date | None = None


@transaction.atomic
def load_published_history(
    rows: Sequence[HistoryRow], acting_user, *, reason: str, when: datetime | None = None
) -> int:
    """Load periods a council published before Yardstick: their figures, published, and the
    ratings the council printed, kept as reported (or the key's where the file gives none),
    each period locked as published in date order, so each period's direction of travel is
    kept against the one before. The periods must not be published yet; targets are set
    first (`set_targets`). Returns the number of ratings kept."""
    if not rows:
        return 0
    when = when or timezone.now()
    periods = _lock_periods(row.period for row in rows)
    today = timezone.localdate(when)
    by_row = {}
    for index, row in enumerate(rows):
        period = periods[row.period.pk]
        if period.is_published:
            raise FigureLocked(
                f"{period.label} is already published: correct its figures one by one, "
                "with a reason, instead of loading it again."
            )
        if row.entry is not None:
            problems = figure_problems(row.measure, period, row.entry, today)
            if problems:
                by_row[index] = problems
    if by_row:
        raise FigureRefused([p for problems in by_row.values() for p in problems], by_row)
    existing = {
        (figure.measure_id, figure.period_id): figure
        for figure in Figure.objects.select_for_update()
        .filter(measure_id__in={row.measure.pk for row in rows}, period_id__in=list(periods))
        .order_by()  # the models' ordering would join (and lock) measures and periods
    }
    new, changed = [], []
    for row in rows:
        if row.entry is None:
            continue
        figure = existing.get((row.measure.pk, row.period.pk))
        if figure is None:
            figure = Figure(measure=row.measure, period=periods[row.period.pk], version=0)
            new.append(figure)
        else:
            changed.append(figure)
        apply_input(figure, row.entry)
        figure.status = FigureStatus.PUBLISHED
        _stamp(figure, acting_user, when, FigureSource.IMPORTED)
    _write(Figure, new, changed, acting_user, reason, when)
    kept = 0
    for period in sorted(periods.values(), key=lambda p: (p.start, p.end)):
        in_period = [row for row in rows if row.period.pk == period.pk]
        published_on = next((r.published_on for r in in_period if r.published_on), None)
        published_at = (
            timezone.make_aware(datetime.combine(published_on, time(12))) if published_on else when
        )
        printed = {row.measure.pk: row.printed for row in in_period}
        kept += keep_ratings(period, acting_user, published_at, printed=printed)
        period.status = PeriodStatus.PUBLISHED
        period.published_at = published_at
        period.published_by = acting_user
        period._history_user = acting_user
        period._change_reason = change_reason(f"Published before Yardstick: {reason}")
        period.save()
    return kept


# Ratings as reported.


def periods_using(period: Period) -> list[Period]:
    """The published periods whose rating or direction of travel uses `period`'s figures:
    the next period of its kind and the same period next year."""
    core = period.as_core()
    keys = {core_periods.following(core).key, core_periods.same_period_next_year(core).key}
    return list(
        Period.objects.filter(
            organisation_id=period.organisation_id, key__in=keys, status=PeriodStatus.PUBLISHED
        ).select_related("organisation")
    )


def renew_kept_version(period: Period) -> None:
    """Give `period` a new `kept_version`: what is cached of what it shows (the scorecards and
    the overview, `shown.shown_summaries`) is keyed by it, so nothing cached before this
    change is read after it. `keep_ratings` calls it for every period whose ratings are kept,
    restated or corrected (publishing, a correction and the periods it restates, loading
    history), inside their transaction: the one place a published period's shown figures
    change."""
    period.kept_version = uuid.uuid4()  # the caller may save `period` after: keep it new
    Period.objects.filter(pk=period.pk).update(kept_version=period.kept_version)


def keep_ratings(
    period: Period,
    acting_user,
    when: datetime,
    *,
    measures: list[Measure] | None = None,
    restatement_reason: str = "",
    only_if_changed: bool = False,
    printed: dict[int, object] | None = None,
) -> int:
    """Keep the ratings of `period` as reported now: what a board is shown (figures signed
    off). Called inside the publishing, correcting or loading transaction. With
    `only_if_changed`, a measure gets a new row only where what it shows would change.
    `printed` ({measure id: the band a report printed, or NOT_GIVEN}) keeps the ratings of a
    report published before Yardstick."""
    renew_kept_version(period)
    if measures is None:
        measure_ids = set(
            Figure.objects.filter(period=period).values_list("measure_id", flat=True)
        ) | set(Target.objects.filter(period=period).values_list("measure_id", flat=True))
        measures = list(Measure.objects.filter(id__in=measure_ids)) + combined_in(period)
        approved = list(Figure.objects.filter(period=period, status=FigureStatus.APPROVED))
        for figure in approved:
            figure.status = FigureStatus.PUBLISHED
        bulk_update_with_history(
            approved,
            Figure,
            ["status"],
            default_user=acting_user,
            default_change_reason="Period published",
            default_date=when,
        )
    # Only signed-off figures are reported: a draft or a figure still awaiting sign-off when
    # the period is published is reported as no figure (its owner's work stays, unpublished).
    ratings = live_ratings(measures, period, board(period.organisation_id))
    before = (
        shown_ratings(measures, [period], board(period.organisation_id)) if only_if_changed else {}
    )
    rows = []
    for measure in measures:
        shown = ratings[measure.id]
        if only_if_changed and _same(before[(measure.id, period.id)], shown):
            continue
        if printed is not None:
            rows.append(loaded_row(shown, printed.get(measure.id, NOT_GIVEN), acting_user, when))
        else:
            rows.append(kept_row(shown, acting_user, when, restatement_reason=restatement_reason))
    ReportedRating.objects.bulk_create(rows)
    return len(rows)


def combined_in(period: Period) -> list[Measure]:
    """The measures collected for shorter periods than `period` (monthly measures in a
    quarter) with a figure in one of its parts, and none of their own in it: what publishing
    `period` keeps their combined rating for (`measures.rollup`)."""
    inside = Figure.objects.filter(
        period__organisation_id=period.organisation_id,
        period__start__gte=period.start,
        period__end__lte=period.end,
    ).exclude(period=period)
    candidates = Measure.objects.filter(id__in=inside.values("measure_id")).exclude(
        Q(figures__period=period) | Q(targets__period=period)
    )
    return [
        measure
        for measure in candidates.distinct()
        if rollup.parts_of(measure.frequency, period) is not None
    ]


def _same(kept: Shown, now: Shown) -> bool:
    """Whether what `now` shows is what was kept: a target printed differently but the same
    ('76.00%' kept, '76%' now) is no change, so it restates nothing."""
    return (kept.band, kept.reason, kept.actual, kept.trend, kept.trend_reason) == (
        now.band,
        now.reason,
        now.actual,
        now.trend,
        now.trend_reason,
    ) and same_target(kept.target, now.target, kept.measure.value_type)


def kept_row(
    shown: Shown, acting_user, when: datetime, *, restatement_reason: str = ""
) -> ReportedRating:
    """The ReportedRating that keeps `shown` as reported, with the tolerance scheme it used."""
    scheme = shown.scheme
    if isinstance(scheme, Key):  # a council's key: kept as its key file, so it prints as it was
        kind, thresholds, key_text = "", (None, None, None, None), write_key(scheme)
    else:
        kind, key_text = scheme.kind, ""
        thresholds = (scheme.high_green, scheme.amber, scheme.low_red, scheme.absolute_tolerance)
    return ReportedRating(
        measure=shown.measure,
        period=shown.period,
        band=shown.band.value if shown.band else "",
        reason=shown.reason,
        distance=shown.distance,  # the kept band's (`shown.distance_of`); None when not rated
        target_text=shown.target,
        actual_text=shown.actual,
        trend=shown.trend or "",
        trend_reason=shown.trend_reason,
        reported_at=when,
        reported_by=acting_user,
        is_restatement=bool(restatement_reason),
        restatement_reason=restatement_reason,
        scheme=kind,
        high_green_threshold=thresholds[0],
        amber_threshold=thresholds[1],
        low_red_threshold=thresholds[2],
        absolute_tolerance=thresholds[3],
        key_text=key_text,
    )


def loaded_row(shown: Shown, printed: object, acting_user, when: datetime) -> ReportedRating:
    """The rating of a report published before Yardstick, as it printed it: the printed band
    is kept; where the key gives another (or none), the key's band is kept beside it and the
    reason says both. With no printed rating given, the key's is kept."""
    row = kept_row(shown, acting_user, when)
    row.origin = RatingOrigin.LOADED
    if printed is NOT_GIVEN or printed == shown.band:
        return row
    printed_band = Band(printed) if printed else None
    row.band = printed_band.value if printed_band else ""
    row.distance = None  # the key's distance is not the printed band's
    row.key_differs = True
    row.key_band = shown.band.value if shown.band else ""
    printed_text = printed_band.code_and_label if printed_band else "no rating"
    row.reason = f"The council's report printed {printed_text}. By the key: {shown.reason}"
    return row


# SPC recalculation points and excluded figures: the performance team's marks on a
# measure's chart, each on one of its periods with a reason the chart prints.

RECALCULATION_REASON_LENGTH = 300


class RecalculationRefused(Exception):
    """The recalculation point or exclusion cannot be set as asked; the message says why."""


def _mark_problems(model, measure: Measure, period: Period, reason: str, why: str, taken: str):
    problems = []
    if period.organisation_id != measure.organisation_id:
        problems.append("Choose one of the council's own periods.")
    else:
        problems += [problem.message for problem in period_problems(measure, period, _today())]
    problems += _reason_problems(reason, why)
    if model.objects.filter(measure=measure, period_id=period.pk).exists():
        problems.append(taken.format(period=period.label))
    return problems


def _set_mark(model, problems, measure, period, reason, acting_user, change: str):
    if problems:
        raise RecalculationRefused(" ".join(problems))
    mark = model(measure=measure, period=period, reason=" ".join(reason.split()))
    mark._history_user = acting_user
    mark._change_reason = change_reason(change)
    mark.save()
    return mark


def _remove_mark(mark, acting_user, change: str) -> None:
    mark._history_user = acting_user
    mark._change_reason = change_reason(change)
    mark.delete()


def recalculation_problems(measure: Measure, period: Period, reason: str) -> list[str]:
    """Why `period` cannot start new SPC limits for `measure` with `reason`; [] when it can:
    a period of the measure's own kind and council, a reason of 1 to 300 characters, and
    not one it already has."""
    return _mark_problems(
        SpcRecalculation,
        measure,
        period,
        reason,
        "Say why the limits are calculated again: what changed in the process.",
        "The limits are already calculated again from {period}.",
    )


@transaction.atomic
def set_recalculation(measure: Measure, period: Period, reason: str, acting_user):
    """Start new SPC limits for `measure` from `period` (the performance team), with the
    reason the chart prints. Refused with RecalculationRefused, saying why."""
    problems = recalculation_problems(measure, period, reason)
    change = f"SPC limits recalculated from {period.label}"
    return _set_mark(SpcRecalculation, problems, measure, period, reason, acting_user, change)


@transaction.atomic
def remove_recalculation(point, acting_user, reason: str = "") -> None:
    """Calculate the limits across `point` again, as if it had never been set."""
    _remove_mark(point, acting_user, reason or "SPC recalculation point removed")


def exclusion_problems(measure: Measure, period: Period, reason: str) -> list[str]:
    """Why `period`'s figure cannot be left out of `measure`'s SPC calculations with
    `reason`; [] when it can: the same rules as a recalculation point."""
    return _mark_problems(
        SpcExclusion,
        measure,
        period,
        reason,
        "Say why the figure is left out: what happened that is not part of the process.",
        "The figure of {period} is already left out of the calculations.",
    )


@transaction.atomic
def set_exclusion(measure: Measure, period: Period, reason: str, acting_user):
    """Leave `period`'s figure out of `measure`'s SPC calculations (the performance team): it
    stays on the chart, marked, with the reason. Refused with RecalculationRefused."""
    problems = exclusion_problems(measure, period, reason)
    change = f"{period.label} left out of the SPC calculations"
    return _set_mark(SpcExclusion, problems, measure, period, reason, acting_user, change)


@transaction.atomic
def remove_exclusion(mark, acting_user, reason: str = "") -> None:
    """Put an excluded figure back into the SPC calculations."""
    _remove_mark(mark, acting_user, reason or "SPC excluded figure put back")


# A measure's SPC baseline: its limits fixed on its first so many figures, or on its figures up
# to a period; one or the other, with a reason.


def _reason_problems(reason: str, why: str) -> list[str]:
    reason = " ".join(reason.split())
    if not reason:
        return [why]
    if len(reason) > RECALCULATION_REASON_LENGTH:
        return [
            f"Give the reason in {RECALCULATION_REASON_LENGTH} characters or fewer "
            f"(it has {len(reason)})."
        ]
    return []


def baseline_problems(
    measure: Measure, points: int | None, until: Period | None, reason: str
) -> list[str]:
    """Why `measure`'s SPC limits cannot be fixed as asked; [] when they can: a number of
    figures within the core's bounds (`core.spc.baseline_problem`: at least the profile's
    minimum), or a period of the measure's own kind and council that has a figure, with at
    least the profile's minimum of figures up to it; one or the other; a reason of 1 to 300
    characters. The same rules at every door (the measure page's form, the service)."""
    problems = []
    if (points is None) == (until is None):
        problems.append(
            "Give the baseline as a number of figures or as a period it runs to, not both."
            if points is not None
            else "Give the baseline as a number of figures or as a period it runs to."
        )
    if points is not None and (problem := core_spc.baseline_problem(points, SPC_SETTINGS)):
        problems.append(problem.replace("points", "figures"))
    if until is not None:
        problems += _baseline_until_problems(measure, until)
    problems += _reason_problems(reason, "Say why the limits are fixed there.")
    return problems


def _baseline_until_problems(measure: Measure, until: Period) -> list[str]:
    if until.organisation_id != measure.organisation_id:
        return ["Choose one of the council's own periods."]
    wrong = [problem.message for problem in period_problems(measure, until, _today())]
    if wrong:
        return wrong
    figures = Figure.objects.filter(
        measure=measure,
        value__isnull=False,
        period__type=until.type,
        period__start__lte=until.start,
    )
    if not figures.filter(period=until).exists():
        return [
            f"{measure.code} has no figure for {until.label}: "
            "end the baseline at a period with one."
        ]
    count = figures.count()
    if count < SPC_SETTINGS.minimum_baseline:
        return [
            f"A baseline needs at least {SPC_SETTINGS.minimum_baseline} figures: up to "
            f"{until.label} there is {count}."
        ]
    return []


@transaction.atomic
def set_baseline(
    measure: Measure, points: int | None, until: Period | None, reason: str, acting_user
) -> SpcBaseline:
    """Fix `measure`'s SPC limits on its first `points` figures or on its figures up to and
    including `until` (the performance team), replacing any baseline it had, with the reason
    the chart prints. Refused with RecalculationRefused, saying why."""
    problems = baseline_problems(measure, points, until, reason)
    if problems:
        raise RecalculationRefused(" ".join(problems))
    baseline = SpcBaseline.objects.filter(measure=measure).first() or SpcBaseline(measure=measure)
    baseline.points, baseline.until, baseline.reason = points, until, " ".join(reason.split())
    baseline._history_user = acting_user
    baseline._change_reason = change_reason(f"SPC limits fixed on {baseline_words(baseline)}")
    baseline.save()
    return baseline


@transaction.atomic
def clear_baseline(baseline: SpcBaseline, acting_user, reason: str = "") -> None:
    """Calculate the measure's SPC limits from all its figures again."""
    _remove_mark(baseline, acting_user, reason or "SPC baseline cleared")
