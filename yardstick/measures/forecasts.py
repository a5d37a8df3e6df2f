"""Year-end forecasts of cumulative measures, as a page shows them: the calculated forecast
(`core.forecast`: the run rate, and last year's profile where it can be made), each rated
against the year's target, and the owner's own forecast with its reason, side by side.

One function (`year_end_forecasts`) answers for many measures in a fixed number of queries,
for the measure page, the entry page and the scorecard's Forecast column alike, from the
figures the reader may see (`shown.shown_ratings`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from yardstick.accounts.access import Access
from yardstick.core import periods as core_periods
from yardstick.core.forecast import Forecast, forecast_rating, last_year_profile, run_rate
from yardstick.core.periods import Frequency, period_type_for
from yardstick.core.ratings import Band, Polarity, Rating
from yardstick.core.targets import TargetKind, format_target
from yardstick.core.values import Value, ValueType, format_value
from yardstick.framework.models import Period
from yardstick.measures.assessment import (
    Keys,
    core_forecast,
    core_target,
    core_value,
    keys_for,
    rated_by,
)
from yardstick.measures.models import Measure, Target
from yardstick.measures.rules import forecasts_for
from yardstick.measures.shown import BandedCell, shown_ratings


@dataclass(frozen=True)
class ForecastRow(BandedCell):
    """One forecast as a page's table shows it, read by `partials/_band.html` like a cell."""

    label: str  # the method, or 'Owner's forecast'
    value: str  # '' when it cannot be made
    explanation: str  # how it was made, why not, or the owner's reason
    band: Band | None
    reason: str  # the rating's reason


@dataclass(frozen=True)
class YearEnd:
    """A cumulative measure's year-end forecasts for one period, as shown."""

    period_label: str  # the measure's own period the forecast is made from
    year_label: str
    year_target: str  # the year's target as printed; '' for none
    run_rate: Forecast
    run_rate_rating: Rating
    profile: Forecast
    profile_rating: Rating
    owner: Value | None = None  # the owner's own forecast
    owner_reason: str = ""
    owner_rating: Rating | None = None

    @property
    def owner_text(self) -> str:
        return format_value(self.owner) if self.owner is not None else ""

    @property
    def forecasts(self) -> tuple[tuple[str, Forecast, Rating], ...]:
        """The calculated forecasts to show, with their method's label: the run rate, and
        last year's profile where it could be made."""
        shown = [(self.run_rate.method.label, self.run_rate, self.run_rate_rating)]
        if self.profile.value is not None:
            shown.append((self.profile.method.label, self.profile, self.profile_rating))
        return tuple(shown)

    @property
    def rows(self) -> tuple[ForecastRow, ...]:
        """The calculated forecasts (both methods, each saying how it was made or why it
        could not be) and the owner's, side by side."""
        rows = [
            ForecastRow(
                forecast.method.label,
                format_value(forecast.value) if forecast.value is not None else "",
                forecast.explanation,
                rating.band if forecast.value is not None else None,
                rating.reason if forecast.value is not None else "",
            )
            for forecast, rating in (
                (self.run_rate, self.run_rate_rating),
                (self.profile, self.profile_rating),
            )
        ]
        if self.owner is not None and self.owner_rating is not None:
            rows.append(
                ForecastRow(
                    "Owner's forecast",
                    self.owner_text,
                    f"The owner's reason: {self.owner_reason}",
                    self.owner_rating.band,
                    self.owner_rating.reason,
                )
            )
        return tuple(rows)

    @property
    def summary(self) -> str:
        """One line for a scorecard's Forecast column, in every format: 'Run rate: £1,200
        (HG High Green); owner: £1,100 (LG Low Green)'."""
        parts = [
            f"{label}: {format_value(forecast.value)}{_band(rating)}"
            for label, forecast, rating in self.forecasts
            if forecast.value is not None
        ]
        if not parts:  # why neither method could make one
            parts.append(self.profile.explanation)
        if self.owner is not None:
            parts.append(f"Owner's forecast: {self.owner_text}{_band(self.owner_rating)}")
        return "; ".join(parts)


def _band(rating: Rating | None) -> str:
    if rating is None or rating.band is None:
        return " (not rated)"
    return f" ({rating.band.shape} {rating.band.code_and_label})"


def year_end_forecasts(
    measures,
    period: Period,
    viewer: Access,
    *,
    instead: dict | None = None,
    per_measure: bool = False,
) -> dict[int, YearEnd | None]:
    """{measure id: its year-end forecasts at the end of `period`} for the cumulative measures
    among `measures` (None for the others): each from its own period ending with `period`
    (a monthly measure's last month of a quarter), last year's same period and outturn, and
    the year's target, as `viewer` sees the figures. A fixed number of queries whatever the
    number of measures (a few per kind of period among them). `instead` gives a measure's
    figure for `period` itself, as the entry page has it (saved or being typed), in place of
    the one shown. `per_measure`: a page about one measure, where those who enter or sign it
    off see its drafts too (`shown_ratings`)."""
    instead = instead or {}
    found: dict[int, YearEnd | None] = {measure.id: None for measure in measures}
    wanted = [measure for measure in measures if forecasts_for(measure)]
    if not wanted:
        return found
    # The keys the figures are rated by rate their forecasts too (`assessment.rated_by`).
    council_keys = keys_for({m.organisation_id for m in wanted}, [m.id for m in wanted])
    end = period.as_core()
    fy_start = end.fy_start_month
    year = end.financial_year
    by_type = defaultdict(list)
    for measure in wanted:
        by_type[period_type_for(Frequency(measure.frequency))].append(measure)
    keys = {year.key}
    points = {}
    for period_type in by_type:
        own = core_periods.period_containing(end.end, period_type, fy_start)
        last_year = core_periods.same_period_last_year(own)
        outturn = core_periods.periods_in(last_year.financial_year, period_type)[-1]
        points[period_type] = (own, last_year, outturn)
        keys |= {own.key, last_year.key, outturn.key}
    stored = {
        row.key: row
        for row in Period.objects.filter(
            organisation_id=period.organisation_id, key__in=keys
        ).select_related("organisation")
    }
    year_row = stored.get(year.key)
    targets = (
        {
            row.measure_id: row
            for row in Target.objects.filter(
                period=year_row, measure_id__in=[measure.id for measure in wanted]
            ).order_by()
        }
        if year_row is not None
        else {}
    )
    for period_type, group in by_type.items():
        own, last_year, outturn = points[period_type]
        rows = [stored.get(core.key) for core in (own, last_year, outturn)]
        shown = shown_ratings(
            group,
            [row for row in rows if row is not None],
            viewer,
            per_measure=per_measure,
            keys=council_keys,
        )
        for measure in group:
            figures = [
                shown[(measure.id, row.id)].figure if row is not None else None for row in rows
            ]
            if measure.id in instead and rows[0] is not None and rows[0].id == period.id:
                figures[0] = instead[measure.id]
            found[measure.id] = _year_end(
                measure, own, year.label, figures, targets.get(measure.id), council_keys
            )
    return found


def _year_end(
    measure: Measure, own, year_label: str, figures, target_row, council_keys: Keys
) -> YearEnd:
    to_date, then, outturn = (core_value(measure, figure) for figure in figures)
    target = core_target(target_row)
    polarity = Polarity(measure.polarity)
    scheme = rated_by(measure, target_row, council_keys)
    agreed = target_row.agreed if target_row is not None else True

    def rated(forecast) -> Rating:
        if target.kind is TargetKind.NONE:
            return Rating(None, f"No target for {year_label}: not rated")
        return forecast_rating(forecast, target, polarity, scheme, agreed=agreed)

    calculated = run_rate(to_date, own)
    profile = last_year_profile(to_date, own, then, outturn)
    owner = core_forecast(measure, figures[0])
    return YearEnd(
        period_label=own.label,
        year_label=year_label,
        year_target=format_target(target, ValueType(measure.value_type)),
        run_rate=calculated,
        run_rate_rating=rated(calculated),
        profile=profile,
        profile_rating=rated(profile),
        owner=owner,
        owner_reason=figures[0].forecast_reason if owner is not None else "",
        owner_rating=rated(owner) if owner is not None else None,
    )


def latest_year_end(measure: Measure, own, viewer: Access) -> YearEnd | None:
    """The measure page's forecast: at its latest own period with a figure (`own`, what the
    page shows of its own periods, oldest first); None for a measure without forecasts or
    without a figure yet."""
    if not forecasts_for(measure):
        return None
    latest = [item for item in own if item.amount is not None]
    if not latest:
        return None
    found = year_end_forecasts([measure], latest[-1].period, viewer, per_measure=True)
    return found[measure.id]
