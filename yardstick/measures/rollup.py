"""A measure shown in a longer period than it is collected for: a monthly measure's quarter.

The quarter's figure is made from the figures of its months that the reader may see, by the
measure's method (`core.combine`), as an unsaved `Figure` of the quarter: its value (or
missing state), the months it is made from ('data covers'), a note saying which months are
missing (none when none is), and the latest month's commentary. Its target is the quarter's own, if
the measure has one there; otherwise a sum's is the sum of the months' targets (when every
month has one), and any other method's is the latest month's. A figure to date in a period not
yet over (a year-to-date measure's year with Q3 and Q4 to come) is rated against the target to
the end of its latest part, never the whole period's (`rated_against`). `measures.shown` calls this
for every page and document; ratings and directions of travel are the core's, of the
combined figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from yardstick.core import combine as core_combine
from yardstick.core import periods as core_periods
from yardstick.core.combine import Combine, Combined, SoFar
from yardstick.core.periods import Frequency, PeriodType
from yardstick.core.targets import TargetKind
from yardstick.core.values import CollectionType, Missing, Value, ValueType
from yardstick.framework.models import Period
from yardstick.measures.assessment import core_value
from yardstick.measures.models import Figure, Measure, Target


def parts_of(frequency: str, period: Period) -> list[core_periods.Period] | None:
    """The periods a measure of `frequency` is collected for that make up `period` (the
    three months of a quarter), or None when it is collected for `period`'s own kind, or its
    periods do not divide `period` exactly (an annual measure's quarter, terms in a quarter)."""
    wanted = core_periods.period_type_for(Frequency(frequency))
    if wanted == PeriodType(period.type):
        return None
    try:
        parts = core_periods.periods_in(period.as_core(), wanted)
    except ValueError:
        return None
    return parts if len(parts) > 1 else None


def method_of(measure: Measure) -> Combine:
    return core_combine.method_for(
        measure.combine, CollectionType(measure.collection_type), ValueType(measure.value_type)
    )


def part_rows(spans: Iterable[tuple[Period, list[core_periods.Period]]]) -> dict:
    """{(organisation id, key): Period} of the parts named, as stored: one query."""
    spans = list(spans)
    if not spans:
        return {}
    organisations = {period.organisation_id for period, _ in spans}
    keys = {part.key for _, parts in spans for part in parts}
    rows = Period.objects.filter(organisation_id__in=organisations, key__in=keys).select_related(
        "organisation"
    )
    return {(row.organisation_id, row.key): row for row in rows}


def combined_figure(
    measure: Measure,
    period: Period,
    parts: list[Period | None],
    core_parts: list[core_periods.Period],
    visible: Mapping[tuple[int, int], Figure],
) -> Figure | None:
    """`period`'s figure made from the visible figures of its `parts` (the stored periods,
    None where a part has never been created), or None when there is nothing to show."""
    figures = [visible.get((measure.id, row.id)) if row is not None else None for row in parts]
    values = [core_value(measure, figure) for figure in figures]
    combined = core_combine.combine(
        list(zip(core_parts, values, strict=True)),
        method_of(measure),
        value_type=ValueType(measure.value_type),
        decimals=measure.decimals,
        rate_per=measure.rate_per,
    )
    if combined.value is None:
        return None
    latest = next((figure for figure in reversed(figures) if _has_words(figure)), None)
    return _as_figure(measure, period, combined, latest)


def _has_words(figure: Figure | None) -> bool:
    return figure is not None and bool(figure.commentary.strip())


def _as_figure(
    measure: Measure, period: Period, combined: Combined, latest: Figure | None
) -> Figure:
    value = combined.value
    covers = combined.covers
    figure = Figure(
        measure=measure,
        period=period,
        # The months it is made from are its 'data covers'; the note says only what is
        # missing, so a complete quarter prints no note.
        note=combined.note if combined.missing else "",
        data_covers_start=covers.start if covers else None,
        data_covers_end=covers.end if covers else None,
        commentary=latest.commentary if latest else "",
        proposed_action=latest.proposed_action if latest else "",
    )
    if isinstance(value, Value):
        figure.value = value.amount
        figure.numerator = value.numerator
        figure.denominator = value.denominator
        figure.decimals = value.decimals
    elif isinstance(value, Missing):
        figure.missing_state = value.state
        if value.note:
            figure.note = value.note
    figure.combined = combined  # what it was made from, for a page that says more
    return figure


def rated_against(
    measure: Measure,
    period: Period,
    figure: Figure | None,
    core_parts: list[core_periods.Period],
    own: Target | None,
    part_targets: list[Target | None],
) -> tuple[SoFar | None, Target | None]:
    """What `period`'s figure made from its parts (`figure`, from `combined_figure`) is rated
    against: (how it is rated before the period is over, or None; the target). A figure to
    date in a period not yet over (a year-to-date measure's year with Q3 and Q4 to come,
    `core.combine.so_far`) is rated against its latest part's target (the profiled target
    to the end of Q2), or none; any other against the period's own target, or one made from
    its parts' (`combined_target`)."""
    combined = getattr(figure, "combined", None)
    so_far = core_combine.so_far(combined, PeriodType(period.type)) if combined else None
    if so_far is not None:
        return so_far, part_targets[core_parts.index(so_far.part)]
    if own is not None:
        return None, own
    return None, combined_target(measure, period, part_targets)


def combined_target(
    measure: Measure, period: Period, part_targets: list[Target | None]
) -> Target | None:
    """A target for `period` from its parts' targets, when it has none of its own: a sum's
    is the sum of value targets (every part needs one); any other's is the latest part's."""
    if method_of(measure) != Combine.SUM:
        return next((target for target in reversed(part_targets) if target is not None), None)
    if not part_targets or any(
        target is None or target.kind != TargetKind.VALUE or target.value is None
        for target in part_targets
    ):
        return None
    total = sum(target.value for target in part_targets)
    return Target(measure=measure, period=period, kind=TargetKind.VALUE, value=total)


def within(period: Period) -> tuple[int, date, date]:
    """(organisation, start, end): the periods inside `period`, for `shown.written_in`."""
    return (period.organisation_id, period.start, period.end)
