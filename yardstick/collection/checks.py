"""What a figure needs before it can be submitted, approved or published, and the rating it
would get.

The rating is never worked out here: `preview` asks `yardstick.measures.shown.preview`, which
rates the unsaved figure with its neighbours as the person sees them. The data quality rules
are the core's (`yardstick.core.quality`).
"""

from __future__ import annotations

from decimal import Decimal

from yardstick.accounts.access import Access
from yardstick.core.periods import PERIOD_NOUNS, PeriodType
from yardstick.core.quality import Outlier, Problem, outlier_check
from yardstick.core.trend import Trend
from yardstick.core.values import Missing, Value, ValueType
from yardstick.framework.models import Period
from yardstick.measures.models import Figure, FigureStatus, Measure
from yardstick.measures.shown import Shown
from yardstick.measures.shown import preview as shown_preview


def preview(measure: Measure, period: Period, figure: Figure | None, viewer: Access) -> Shown:
    """What `measure` would show in open `period` if `figure` (unsaved, or None) were its
    figure, with its neighbours as `viewer` sees them. Four queries."""
    shown, _ = shown_preview(measure, period, figure, viewer)
    return shown


def why_commentary_is_needed(shown: Shown, *, tense: str = "would be") -> str:
    """Why this figure needs commentary ('' when it does not): its band or its trend."""
    band = shown.band
    # Off target at all (a key challenge's band), or deteriorated: why, and what is being
    # done about it.
    if band is not None and band.challenge:
        return f"it {tense} rated {band.value} {band.label}"
    if shown.trend == Trend.DETERIORATED:
        since = shown.comparison_label
        return f"it has deteriorated since {since}" if since else "it has deteriorated"
    return ""


# What an outlier is judged against: the measure's figures in the HISTORY_PERIODS periods of
# the same kind before this one (three years of quarters), as received: submitted, approved or
# published (a draft is not yet its owner's figure). The entry form and the data quality page
# both judge by this rule, so they never disagree about a figure.
HISTORY_PERIODS = 12
RECEIVED = frozenset({FigureStatus.SUBMITTED, FigureStatus.APPROVED, FigureStatus.PUBLISHED})


def history_periods(period: Period, periods: list[Period]) -> list[Period]:
    """Of `periods`, the last HISTORY_PERIODS of `period`'s type before it, oldest first."""
    earlier = [p for p in periods if p.type == period.type and p.end < period.start]
    return sorted(earlier, key=lambda p: p.start)[-HISTORY_PERIODS:]


def received_amounts(figures: list[Figure | None]) -> list[Decimal]:
    """The values of the received figures among `figures`, in the order given."""
    return [f.value for f in figures if f and f.value is not None and f.status in RECEIVED]


def earlier_amounts(measure: Measure, period: Period) -> list[Decimal]:
    """The figures `measure`'s figure for `period` is judged against, oldest first. Two
    queries."""
    return earlier_amounts_of([measure], period)[measure.pk]


def earlier_amounts_of(measures: list[Measure], period: Period) -> dict[int, list[Decimal]]:
    """{measure id: the figures its figure for `period` is judged against, oldest first}.
    Two queries whatever the number of measures."""
    earlier = history_periods(
        period,
        list(
            Period.objects.filter(
                organisation_id=period.organisation_id, type=period.type, end__lt=period.start
            ).order_by("-start")[:HISTORY_PERIODS]
        ),
    )
    by_key = {
        (figure.measure_id, figure.period_id): figure
        for figure in Figure.objects.filter(measure__in=measures, period__in=earlier)
    }
    return {
        measure.pk: received_amounts([by_key.get((measure.pk, p.id)) for p in earlier])
        for measure in measures
    }


def outlier(
    measure: Measure,
    period: Period,
    value: Value | Missing | None,
    history: list[Decimal] | None = None,
) -> Outlier | None:
    """The core's outlier check against the measure's own history (`history` when it is
    already read by `earlier_amounts_of`); None with no figure."""
    if not isinstance(value, Value):
        return None
    if history is None:
        history = earlier_amounts(measure, period)
    return outlier_check(
        value.amount,
        history,
        value_type=ValueType(measure.value_type),
        noun=PERIOD_NOUNS[PeriodType(period.type)],
    )


def submission_problems(
    figure: Figure,
    shown: Shown,
    unusual: Outlier | None,
) -> list[Problem]:
    """What stops `figure` being submitted: no figure and no reason for it, a figure and a
    reason both, commentary missing where the rating or trend needs it, an unusual figure
    not confirmed."""
    problems = []
    if figure.value is None and not figure.missing_state:
        problems.append(
            Problem("value", "Enter the figure, or choose why there is none and add a note.")
        )
    if figure.value is not None and figure.missing_state:
        problems.append(
            Problem(
                "missing_state",
                "Enter a figure or choose why there is none, not both: clear one of them.",
            )
        )
    needed = why_commentary_is_needed(shown)
    if needed and not figure.commentary.strip():
        problems.append(
            Problem("commentary", f"Add commentary: {needed}. Say why, and what is being done.")
        )
    if unusual is not None and unusual.is_outlier:
        if not figure.outlier_confirmed:
            problems.append(
                Problem(
                    "outlier_confirmed",
                    f"Check this figure: it is {unusual.reason}. If it is right, tick "
                    "'I have checked this figure' and say why.",
                )
            )
        elif not figure.outlier_note.strip():
            problems.append(Problem("outlier_note", "Say why this unusual figure is right."))
    return problems
