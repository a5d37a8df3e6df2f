"""The demo's year-end forecasts: each cumulative (year-to-date) measure is given a target for
the financial year of the open quarter (its owners' forecasts are rated against it), the
first two whose open-quarter figure is a running total get their owner's own forecast with a
reason, and the scorecard that holds the most of them shows the Forecast column. Everything
goes through the services (`set_targets`, `record_figure`), so it is audited as a person's
change would be. The targets and forecasts are synthetic, and say so."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from yardstick.core import periods as core_periods
from yardstick.core.forecast import RUNNING_TOTALS, elapsed, run_rate
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.targets import TargetKind
from yardstick.core.values import Value, ValueType, round_half_up
from yardstick.demo.backfill import OPEN_PERIOD
from yardstick.framework.models import Period
from yardstick.framework.services import ensure_period
from yardstick.measures.assessment import core_target, core_value
from yardstick.measures.models import Figure, FigureSource, Measure, Target
from yardstick.measures.rules import forecasts_for
from yardstick.measures.services import FigureInput, TargetRow, record_figure, set_targets
from yardstick.organisations.models import Organisation
from yardstick.scorecards.models import Scorecard, ScorecardEntry

REASON = "Synthetic demo: the year's target"
# The owners' reasons, for the first two measures given a forecast of their own: what they
# know that the figures so far do not show.
OWNER_REASONS = (
    (Fraction(9, 10), "Two schemes due in March have slipped into April: the year ends short."),
    (Fraction(11, 10), "A large site completes in February, after this quarter's figure."),
)


def create_forecasts(organisation: Organisation, performance) -> int:
    """Targets for the year, owners' forecasts and the Forecast column; returns how many
    measures have forecasts."""
    open_period = Period.objects.filter(organisation=organisation, key=OPEN_PERIOD).first()
    if open_period is None:
        return 0
    core = open_period.as_core()
    measures = [
        measure
        for measure in Measure.objects.filter(organisation=organisation).select_related("owner")
        if forecasts_for(measure)
    ]
    if not measures:
        return 0
    year = ensure_period(organisation, core.financial_year)
    _year_targets(measures, open_period, year, core, performance)
    _owners_forecasts(measures, open_period)
    _show_the_column(organisation, measures)
    return len(measures)


def _year_targets(measures, open_period: Period, year: Period, core, performance) -> None:
    """The year's target of each measure without one. A running total (a count, an amount):
    the open quarter's target scaled up to the year, so the year asks what this year's quarters
    ask (BBH-01's Q3 target of 45 homes makes 60 for the year, where last year's year-end
    target was 12). Otherwise (a percentage collected, say): last year's year-end (Q4) target."""
    having = set(Target.objects.filter(period=year).values_list("measure_id", flat=True))
    last_q4 = core_periods.periods_in(
        core_periods.same_period_last_year(core.financial_year), core.type
    )[-1]
    keys = {open_period.key: "open", last_q4.key: "last"}
    found = {
        (row.measure_id, keys[row.period.key]): core_target(row)
        for row in Target.objects.filter(
            measure__in=measures, period__key__in=list(keys), period__organisation=year.organisation
        ).select_related("period")
    }
    done, total = elapsed(core)
    rows = []
    for measure in measures:
        if measure.id in having:
            continue
        quarter = found.get((measure.id, "open"))
        last = found.get((measure.id, "last"))
        if ValueType(measure.value_type) in RUNNING_TOTALS and _a_value(quarter):
            places = max(-quarter.value.as_tuple().exponent, 0)
            year_value = round_half_up(quarter.value * total / done, places)
        elif _a_value(last):
            year_value = last.value
        else:
            continue
        rows.append(TargetRow(measure, year, CoreTarget(TargetKind.VALUE, value=year_value)))
    if rows:
        set_targets(rows, performance, reason=REASON)


def _a_value(target: CoreTarget | None) -> bool:
    return target is not None and target.kind is TargetKind.VALUE


def _owners_forecasts(measures, open_period: Period) -> None:
    """The owner's own forecast, with a reason, on the first two measures whose open-quarter
    figure is a running total: their calculated run rate moved by what they know."""
    figures = {
        figure.measure_id: figure
        for figure in Figure.objects.filter(measure__in=measures, period=open_period)
    }
    given = 0
    for measure in measures:
        figure = figures.get(measure.id)
        value = core_value(measure, figure)
        if given == len(OWNER_REASONS) or not isinstance(value, Value):
            continue
        if value.value_type not in RUNNING_TOTALS or measure.owner is None:
            continue
        forecast = run_rate(value, open_period.as_core()).value
        scale, reason = OWNER_REASONS[given]
        amount = round_half_up(forecast.amount * scale.numerator / scale.denominator, 0)
        record_figure(
            measure,
            open_period,
            FigureInput(
                value=value,
                note=figure.note,
                commentary=figure.commentary,
                commentary_published=figure.commentary_published,
                proposed_action=figure.proposed_action,
                data_covers_start=figure.data_covers_start,
                data_covers_end=figure.data_covers_end,
                outlier_confirmed=figure.outlier_confirmed,
                outlier_note=figure.outlier_note,
                forecast=Value(Decimal(amount), value.value_type),
                forecast_reason=reason,
            ),
            measure.owner,
            expected_version=figure.version,
            status=figure.status,
            reason="Owner's year-end forecast",
            source=FigureSource.DEMO,
        )
        given += 1


def _show_the_column(organisation: Organisation, measures) -> None:
    """The Forecast column on the scorecard with the most cumulative measures."""
    counts: dict[int, int] = {}
    for scorecard_id in ScorecardEntry.objects.filter(
        measure__in=measures, scorecard__organisation=organisation
    ).values_list("scorecard_id", flat=True):
        counts[scorecard_id] = counts.get(scorecard_id, 0) + 1
    if not counts:
        return
    chosen = Scorecard.objects.get(pk=max(counts, key=lambda pk: (counts[pk], -pk)))
    chosen.show_forecast = True
    chosen.save(update_fields=["show_forecast"])
