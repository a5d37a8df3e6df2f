"""Changes to measures, targets and figures.

Each function is one state change in one transaction, takes the acting user, and leaves
its audit trail (django-simple-history rows with the reason) in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from yardstick.accounts.access import board
from yardstick.core import periods as core_periods
from yardstick.core.ratings import Band
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.values import Missing, Value
from yardstick.framework.models import Period, PeriodStatus
from yardstick.measures.models import (
    Figure,
    FigureStatus,
    Measure,
    RatingOrigin,
    ReportedRating,
    Target,
)
from yardstick.measures.shown import Shown, live_ratings, shown_ratings

REPORTED_STATUSES = (FigureStatus.APPROVED, FigureStatus.PUBLISHED)
CHANGE_REASON_LENGTH = 100  # simple-history keeps a change reason in 100 characters


def change_reason(text: str) -> str:
    """A reason as the history keeps it: cut to fit with an ellipsis (PostgreSQL refuses a
    longer one); the full text stays where the change keeps it (a restatement's reason)."""
    text = " ".join(text.split())
    if len(text) <= CHANGE_REASON_LENGTH:
        return text
    return text[: CHANGE_REASON_LENGTH - 1].rstrip() + "…"


class FigureLocked(Exception):
    """The period is published: only the performance team may correct it, with a reason."""


class StaleFigure(Exception):
    """Someone else saved this figure since it was opened; carries their figure."""

    def __init__(self, current: Figure):
        super().__init__("This figure was changed by someone else since you opened it.")
        self.current = current


@transaction.atomic
def set_target(
    measure: Measure, period: Period, target: CoreTarget, acting_user, reason: str = ""
) -> Target:
    """Set (or change) a measure's target for a period. The previous version stays in the
    history with who changed it, when and why; ratings already reported are unaffected."""
    row = Target.objects.filter(measure=measure, period=period).first() or Target(
        measure=measure, period=period
    )
    row.kind = target.kind
    row.value = target.value
    row.low = target.low
    row.high = target.high
    row.change_amount = target.change_amount
    row.change_percent = target.change_percent
    row.change_direction = target.change_direction or ""
    row._change_reason = change_reason(
        reason or ("Target set" if row.pk is None else "Target changed")
    )
    row._history_user = acting_user
    row.save()
    return row


@dataclass(frozen=True)
class FigureInput:
    value: Value | Missing | None
    note: str = ""
    commentary: str = ""
    proposed_action: str = ""
    data_covers_start: date | None = None
    data_covers_end: date | None = None
    # The owner checked a figure the data quality rules flag as unusual, and said why.
    outlier_confirmed: bool = False
    outlier_note: str = ""


def apply_input(figure: Figure, entry: FigureInput) -> None:
    value = entry.value
    figure.value = value.amount if isinstance(value, Value) else None
    figure.numerator = value.numerator if isinstance(value, Value) else None
    figure.denominator = value.denominator if isinstance(value, Value) else None
    figure.decimals = value.decimals if isinstance(value, Value) else None
    figure.missing_state = value.state if isinstance(value, Missing) else ""
    figure.note = entry.note or (value.note if isinstance(value, Missing) else "")
    figure.commentary = entry.commentary
    figure.proposed_action = entry.proposed_action
    figure.data_covers_start = entry.data_covers_start
    figure.data_covers_end = entry.data_covers_end
    figure.outlier_confirmed = entry.outlier_confirmed
    figure.outlier_note = entry.outlier_note if entry.outlier_confirmed else ""


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
) -> Figure:
    """Record a figure (new or changed) for an open period.

    `expected_version` is the version the person opened; if someone saved since, the save is
    refused with StaleFigure carrying their figure, so nobody is overwritten silently.
    """
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.is_published:
        raise FigureLocked(
            f"{period.label} is published and locked; a correction needs the performance team."
        )
    figure = Figure.objects.select_for_update().filter(measure=measure, period=period).first()
    if figure is not None and expected_version is not None and figure.version != expected_version:
        raise StaleFigure(figure)
    if figure is None:
        figure = Figure(measure=measure, period=period, version=0)
    apply_input(figure, entry)
    figure.status = status
    figure.entered_by = acting_user
    figure.entered_at = timezone.now()
    figure.version += 1
    figure._history_user = acting_user
    figure._change_reason = change_reason(reason or "Figure recorded")
    figure.save()
    return figure


@transaction.atomic
def correct_published_figure(
    measure: Measure, period: Period, entry: FigureInput, acting_user, reason: str
) -> Figure:
    """Correct a figure after its period is published (performance team only: the caller
    checks the role). The correction is in the history with its reason, and the rating is
    restated: a new ReportedRating row marked as a restatement, the original kept. Later
    published periods whose rating or direction of travel used this figure (the next period,
    the same period next year) are restated too where what they show changes."""
    if not reason.strip():
        raise ValueError("A correction after publishing needs a reason.")
    period = Period.objects.select_for_update().get(pk=period.pk)
    if not period.is_published:
        raise ValueError(f"{period.label} is not published: record the figure instead.")
    figure = Figure.objects.select_for_update().filter(measure=measure, period=period).first()
    if figure is None:  # no figure when the period was published: the correction supplies it
        figure = Figure(measure=measure, period=period, version=0)
    apply_input(figure, entry)
    figure.status = FigureStatus.PUBLISHED
    figure.entered_by = acting_user
    figure.entered_at = timezone.now()
    figure.version += 1
    figure._history_user = acting_user
    figure._change_reason = change_reason(f"Correction after publishing: {reason}")
    figure.save()
    when = timezone.now()
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


def keep_ratings(
    period: Period,
    acting_user,
    when: datetime,
    *,
    measures: list[Measure] | None = None,
    restatement_reason: str = "",
    only_if_changed: bool = False,
) -> int:
    """Keep the ratings of `period` as reported now: what a board is shown (figures signed
    off). Called inside the publishing or correcting transaction. With `only_if_changed`, a
    measure gets a new row only where what it shows would change."""
    if measures is None:
        measure_ids = set(
            Figure.objects.filter(period=period).values_list("measure_id", flat=True)
        ) | set(Target.objects.filter(period=period).values_list("measure_id", flat=True))
        measures = list(Measure.objects.filter(id__in=measure_ids))
        approved = list(Figure.objects.filter(period=period, status=FigureStatus.APPROVED))
        for figure in approved:
            figure.status = FigureStatus.PUBLISHED
        bulk_update_with_history(
            approved,
            Figure,
            ["status"],
            default_user=acting_user,
            default_change_reason="Period published",
        )
    # Only signed-off figures are reported: a draft or a figure still awaiting sign-off when
    # the period is published is reported as no figure (its owner's work stays, unpublished).
    ratings = live_ratings(measures, period, board(period.organisation_id))
    before = (
        shown_ratings(measures, [period], board(period.organisation_id))
        if (only_if_changed)
        else {}
    )
    rows = []
    for measure in measures:
        shown = ratings[measure.id]
        if only_if_changed and _same(before[(measure.id, period.id)], shown):
            continue
        rows.append(kept_row(shown, acting_user, when, restatement_reason=restatement_reason))
    ReportedRating.objects.bulk_create(rows)
    return len(rows)


def _same(kept: Shown, now: Shown) -> bool:
    return (kept.band, kept.reason, kept.target, kept.actual, kept.trend, kept.trend_reason) == (
        now.band,
        now.reason,
        now.target,
        now.actual,
        now.trend,
        now.trend_reason,
    )


def kept_row(
    shown: Shown,
    acting_user,
    when: datetime,
    *,
    restatement_reason: str = "",
    origin: str = RatingOrigin.KEPT,
    printed: Band | object | None = None,
) -> ReportedRating:
    """The ReportedRating that keeps `shown` as reported. `printed`, for a rating loaded from
    a report published before Yardstick, is the band the report printed: kept as the band,
    with the key's band beside it where they differ."""
    band = shown.band
    key_band = ""
    if origin == RatingOrigin.LOADED and printed is not None:
        key_band = band.value if band and band != printed else ""
        if printed != band and band is None:
            key_band = ""
        band = printed or None
    scheme = shown.scheme
    return ReportedRating(
        measure=shown.measure,
        period=shown.period,
        band=band.value if band else "",
        reason=shown.reason,
        target_text=shown.target,
        actual_text=shown.actual,
        trend=shown.trend or "",
        trend_reason=shown.trend_reason,
        reported_at=when,
        reported_by=acting_user,
        is_restatement=bool(restatement_reason),
        restatement_reason=restatement_reason,
        origin=origin,
        key_band=key_band,
        scheme=scheme.kind,
        high_green_threshold=scheme.high_green,
        amber_threshold=scheme.amber,
        low_red_threshold=scheme.low_red,
        absolute_tolerance=scheme.absolute_tolerance,
    )
