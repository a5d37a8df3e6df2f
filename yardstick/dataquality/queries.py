"""Reads for the data quality page: completeness and timeliness of returns by directorate,
missing data for the coming board, outliers, figures failing a validation rule, and each
measure's data quality statement (none, overdue for review, high risk).

Six queries whatever the number of measures (periods, units, deadline rules, measures,
figures). Every rule is the core's (`yardstick.core.quality`), applied to rows translated by
`yardstick.measures.assessment.core_value`; which measures owe a figure for a period and when
it is due are the collection's (`expected_in`, `due_date`), so this page and the returns
pages agree; when a statement's review is overdue is the core's (`core.statements`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from yardstick.collection.checks import (
    RECEIVED,
    history_periods,
    outlier,
    received_amounts,
)
from yardstick.collection.queries import due_date, expected_in, rules_by_type
from yardstick.core.quality import (
    Outlier,
    Problem,
    Timeliness,
    percent_of,
    timeliness,
)
from yardstick.core.statements import DataQualityRisk, review_overdue
from yardstick.core.values import Missing, Value, format_amount, format_value
from yardstick.framework.models import Period, PeriodStatus
from yardstick.measures.assessment import core_value
from yardstick.measures.models import Figure, FigureStatus, Lifecycle, Measure
from yardstick.measures.queries import NEWEST_FIRST, reporting_first, with_reporting_frequency
from yardstick.measures.rules import value_problems
from yardstick.measures.statements import DataQualityStatement, StatementStatus
from yardstick.organisations.models import OrganisationUnit, UnitKind

COMPLETENESS_PERIODS = 4  # the chosen period and the three before it of the same type
NO_DIRECTORATE = "No directorate"


def choosable_periods(organisation_id: int) -> list[Period]:
    """Every period of the organisation, newest first (a quarter before the months it ends
    with), each with the council's reporting frequency (one query)."""
    periods = with_reporting_frequency(
        Period.objects.in_organisation(organisation_id), organisation_id
    )
    return list(periods.order_by(*NEWEST_FIRST))


def default_period(periods: list[Period], today: date) -> Period | None:
    """The coming board's period: the latest open period that has ended, else the latest open
    period, else the latest period. On 28 January 2019 that is Q3 2018/19, not Q4, which has
    begun but not ended."""
    periods = reporting_first(periods)  # the quarter, not the month it ends with
    open_periods = [p for p in periods if p.status == PeriodStatus.OPEN]
    ended = [p for p in open_periods if p.end < today]
    return next(iter(ended or open_periods or periods), None)


@dataclass(frozen=True)
class Returns:
    """Returns expected from a group of measures in one period, and how they came in."""

    label: str
    on_time: int = 0
    late: int = 0
    not_judged: int = 0
    missing: int = 0

    @property
    def received(self) -> int:
        return self.on_time + self.late + self.not_judged

    @property
    def expected(self) -> int:
        return self.received + self.missing

    def percent(self, count: int) -> Decimal | None:
        return percent_of(count, self.expected)

    @property
    def received_percent(self) -> Decimal | None:
        return self.percent(self.received)

    @property
    def on_time_percent(self) -> Decimal | None:
        return self.percent(self.on_time)

    @property
    def late_percent(self) -> Decimal | None:
        return self.percent(self.late)

    @property
    def missing_percent(self) -> Decimal | None:
        return self.percent(self.missing)


@dataclass(frozen=True)
class PeriodReturns:
    period: Period
    deadline: date | None  # the period's own, else its deadline rule's
    rows: tuple[Returns, ...]
    total: Returns

    @property
    def has_not_judged(self) -> bool:
        return bool(self.total.not_judged)


@dataclass(frozen=True)
class MissingFigure:
    """A measure with no figure for the coming board: why, whose, and by when."""

    measure: Measure
    directorate: str
    owner: str
    why: str
    deadline: date | None
    overdue: bool


@dataclass(frozen=True)
class FlaggedFigure:
    """A figure of the period that `outlier_check` flags against the measure's history."""

    measure: Measure
    directorate: str
    owner: str
    printed: str
    status: str
    outlier: Outlier
    median: str  # the median of the earlier figures, printed as the measure prints figures
    confirmed: bool
    note: str


@dataclass(frozen=True)
class InvalidFigure:
    measure: Measure
    directorate: str
    owner: str
    printed: str
    status: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Statement:
    """A measure's data quality statement as the page lists it: the version signed off (None
    when there is none), whether a draft awaits sign-off, and whether its review is overdue."""

    measure: Measure
    directorate: str
    owner: str
    signed_off: DataQualityStatement | None
    has_draft: bool
    overdue: bool

    @property
    def is_high_risk(self) -> bool:
        return self.signed_off is not None and self.signed_off.risk == DataQualityRisk.HIGH


@dataclass(frozen=True)
class DataQuality:
    period: Period
    returns: tuple[PeriodReturns, ...]  # newest first
    missing: tuple[MissingFigure, ...]
    outliers: tuple[FlaggedFigure, ...]
    outliers_checked: int
    outliers_not_judged: int
    invalid: tuple[InvalidFigure, ...]
    statements: tuple[Statement, ...]
    today: date

    @property
    def current(self) -> PeriodReturns:
        return self.returns[0]

    @property
    def without_statement(self) -> list[Statement]:
        """Active measures with no signed-off statement (a draft alone is not one)."""
        return [row for row in self.statements if row.signed_off is None]

    @property
    def reviews_overdue(self) -> list[Statement]:
        return [row for row in self.statements if row.overdue]

    @property
    def high_risk(self) -> list[Statement]:
        return [row for row in self.statements if row.is_high_risk]

    @property
    def outliers_unconfirmed(self) -> int:
        return sum(1 for flagged in self.outliers if not flagged.confirmed)


def directorates_by_unit(organisation_id: int) -> dict[int, str]:
    """Each unit's directorate name: the unit itself or the nearest directorate above it
    (the top of its branch when there is none). One query."""
    units = {
        unit_id: (parent_id, kind, name)
        for unit_id, parent_id, kind, name in OrganisationUnit.objects.filter(
            organisation_id=organisation_id
        ).values_list("id", "parent_id", "kind", "name")
    }
    found = {}
    for unit_id in units:
        current, seen = unit_id, set()
        while True:
            parent_id, kind, name = units[current]
            seen.add(current)
            if kind == UnitKind.DIRECTORATE or parent_id not in units or parent_id in seen:
                found[unit_id] = name
                break
            current = parent_id
    return found


def _directorate(measure: Measure, directorates: dict[int, str]) -> str:
    if measure.unit_id is not None:
        return directorates.get(measure.unit_id, NO_DIRECTORATE)
    if measure.partnership_id is not None:
        return f"{measure.partnership.name} (partnership)"
    return NO_DIRECTORATE


def _owner(measure: Measure) -> str:
    if measure.owner is None:
        return "No owner"
    return measure.owner.get_full_name() or measure.owner.get_username()


def _local_day(moment) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _timeliness(figure: Figure | None, deadline: date | None) -> Timeliness:
    return timeliness(
        received=figure is not None and figure.status in RECEIVED,
        deadline=deadline,
        submitted_on=_local_day(figure.submitted_at) if figure else None,
        entered_on=_local_day(figure.entered_at) if figure else None,
    )


def _returns(
    period: Period,
    deadline: date | None,
    measures: list[Measure],
    figures: dict[tuple[int, int], Figure],
    directorate_of: dict[int, str],
) -> PeriodReturns:
    counts: dict[str, dict[Timeliness, int]] = defaultdict(lambda: defaultdict(int))
    for measure in measures:
        if expected_in(measure, period):
            judged = _timeliness(figures.get((measure.id, period.id)), deadline)
            counts[directorate_of[measure.id]][judged] += 1

    def returns(label: str, by_state: dict[Timeliness, int]) -> Returns:
        return Returns(
            label,
            on_time=by_state[Timeliness.ON_TIME],
            late=by_state[Timeliness.LATE],
            not_judged=by_state[Timeliness.NOT_JUDGED],
            missing=by_state[Timeliness.MISSING],
        )

    total: dict[Timeliness, int] = defaultdict(int)
    for by_state in counts.values():
        for state, count in by_state.items():
            total[state] += count
    rows = tuple(returns(label, counts[label]) for label in sorted(counts))
    return PeriodReturns(period, deadline, rows, returns("All directorates", total))


def _missing_why(figure: Figure | None, value, period: Period) -> str | None:
    """Why a measure has no figure for the board, or None when it has one. In a published
    period only a published figure counts: one left unsigned-off was reported as no figure
    (see `measures.shown`), and this says so."""
    if figure is None or (value is None and figure.status in RECEIVED):
        return "No figure"
    if period.is_published and figure.status != FigureStatus.PUBLISHED:
        return (
            f"Not signed off when {period.label} was published (left "
            f"{figure.get_status_display().lower()}): reported as no figure"
        )
    if figure.status not in RECEIVED:
        return "Draft only, not submitted"
    if isinstance(value, Missing):
        return format_value(value)
    return None


def _statements(
    measures: list[Measure], directorate_of: dict[int, str], today: date
) -> tuple[Statement, ...]:
    """Each active measure's statement, in the page's order (one query): those without a
    signed-off statement first, then those overdue for review, then the rest."""
    active = [m for m in measures if m.lifecycle == Lifecycle.ACTIVE]
    signed, drafts = {}, set()
    for version in (
        DataQualityStatement.objects.filter(measure__in=active)
        .exclude(status=StatementStatus.REPLACED)
        .select_related("signed_off_by")
    ):
        if version.status == StatementStatus.SIGNED_OFF:
            signed[version.measure_id] = version
        else:
            drafts.add(version.measure_id)
    rows = [
        Statement(
            measure,
            directorate_of[measure.id],
            _owner(measure),
            signed.get(measure.id),
            measure.id in drafts,
            measure.id in signed and review_overdue(signed[measure.id].review_date, today),
        )
        for measure in active
    ]
    return tuple(sorted(rows, key=lambda row: (row.signed_off is not None, not row.overdue)))


def data_quality(
    organisation_id: int, period: Period, periods: list[Period], today: date
) -> DataQuality:
    """The data quality of `period` (and, for returns, up to three periods of its type before
    it). `periods` is every period of the organisation (see `choosable_periods`); five more
    queries whatever the number of measures: units, deadline rules, measures with their
    owners, figures, statements."""
    directorates = directorates_by_unit(organisation_id)
    rules = rules_by_type(organisation_id)
    measures = list(
        Measure.objects.in_organisation(organisation_id)
        .exclude(lifecycle=Lifecycle.ARCHIVED)
        .select_related("owner", "partnership")
    )
    directorate_of = {m.id: _directorate(m, directorates) for m in measures}
    measures.sort(key=lambda m: (directorate_of[m.id], m.code))
    recent = sorted(
        (p for p in periods if p.type == period.type and p.start <= period.start),
        key=lambda p: p.start,
        reverse=True,
    )[:COMPLETENESS_PERIODS]
    earlier = history_periods(period, periods)
    figures = {
        (figure.measure_id, figure.period_id): figure
        for figure in Figure.objects.filter(
            measure__organisation_id=organisation_id,
            period_id__in={p.id for p in recent} | {p.id for p in earlier},
        ).exclude(measure__lifecycle=Lifecycle.ARCHIVED)
    }
    deadline = due_date(period, rules)

    missing, outliers, invalid = [], [], []
    checked = not_judged = 0
    for measure in measures:
        directorate, owner = directorate_of[measure.id], _owner(measure)
        figure = figures.get((measure.id, period.id))
        value = core_value(measure, figure)
        why = _missing_why(figure, value, period) if expected_in(measure, period) else None
        if why is not None:
            overdue = deadline is not None and today > deadline
            missing.append(MissingFigure(measure, directorate, owner, why, deadline, overdue))
        unvetted = (
            figure is not None and period.is_published and figure.status != FigureStatus.PUBLISHED
        )
        if not isinstance(value, Value) or unvetted:
            continue
        status, printed = figure.get_status_display(), format_value(value)
        problems = value_problems(measure, value)
        if problems:
            invalid.append(
                InvalidFigure(measure, directorate, owner, printed, status, tuple(problems))
            )
        history = received_amounts([figures.get((measure.id, p.id)) for p in earlier])
        judged = outlier(measure, period, value, history)
        checked += 1
        not_judged += judged.score is None
        if judged.is_outlier:
            median = format_amount(judged.median.normalize(), measure.value_type)
            outliers.append(
                FlaggedFigure(
                    measure,
                    directorate,
                    owner,
                    printed,
                    status,
                    judged,
                    median,
                    figure.outlier_confirmed,
                    figure.outlier_note,
                )
            )

    return DataQuality(
        period=period,
        returns=tuple(
            _returns(p, due_date(p, rules), measures, figures, directorate_of) for p in recent
        ),
        missing=tuple(missing),
        outliers=tuple(outliers),
        outliers_checked=checked,
        outliers_not_judged=not_judged,
        invalid=tuple(invalid),
        statements=_statements(measures, directorate_of, today),
        today=today,
    )
