"""In-year changes to the scorecards: the measures added to or removed from a year's
scorecards and the targets of the year's periods changed or removed, since a day (1 April,
the start of the financial year, unless another is chosen), read from the history tables
django-simple-history keeps for every scorecard entry and target. The scrutiny review asked
for this to go to the corporate board each quarter; the page and its CSV both read
`in_year_changes`. A fixed number of queries whatever the number of changes."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from yardstick.core import periods as core_periods
from yardstick.core.cells import neutralise
from yardstick.framework.models import Period
from yardstick.measures.models import Measure, Target
from yardstick.measures.shown import target_text
from yardstick.scorecards.models import Scorecard, ScorecardEntry

ADDED = "Added"
REMOVED = "Removed"
TARGET_CHANGED = "Target changed"
TARGET_REMOVED = "Target removed"

CSV_COLUMNS = ("When", "Scorecard", "Code", "Measure", "Change", "From", "To", "By", "Reason")


@dataclass(frozen=True)
class Change:
    when: datetime
    scorecard: str  # the scorecards the measure is on, '; ' between them
    code: str
    title: str
    change: str  # ADDED, REMOVED, TARGET_CHANGED or TARGET_REMOVED
    before: str  # a target's, and the period it is for: 'Q3 2018/19: 50%'
    after: str
    by: str
    reason: str

    def as_csv_row(self) -> list[str]:
        local = timezone.localtime(self.when)
        values = (
            f"{local:%Y-%m-%d %H:%M}",
            self.scorecard,
            self.code,
            self.title,
            self.change,
            self.before,
            self.after,
            self.by,
            self.reason,
        )
        return [neutralise(value) for value in values]


@dataclass(frozen=True)
class Changes:
    financial_year: int
    year_label: str
    since: date
    until: date  # the year's last day
    changes: tuple[Change, ...]

    @property
    def file_name(self) -> str:
        return f"scorecard-changes-{self.year_label.replace('/', '-')}-since-{self.since}.csv"


def year_bounds(financial_year: int, start_month: int) -> tuple[date, date]:
    """The first and last day of the financial year."""
    year = core_periods.financial_year(financial_year, start_month)
    return year.start, year.end


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def in_year_changes(organisation, financial_year: int, since: date | None = None) -> Changes:
    """The changes to `organisation`'s scorecards of `financial_year` from `since` (the
    year's first day when None) to the year's end, oldest first."""
    first, last = year_bounds(financial_year, organisation.financial_year_start_month)
    since = since or first
    start = timezone.make_aware(datetime.combine(since, time.min))
    end = timezone.make_aware(datetime.combine(last, time.max))
    scorecards = {
        card.id: card.title
        for card in Scorecard.objects.filter(
            organisation=organisation, financial_year=financial_year
        )
    }
    entry_rows = list(
        ScorecardEntry.history.filter(
            scorecard_id__in=list(scorecards),
            history_type__in=("+", "-"),
            history_date__range=(start, end),
        )
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    # The scorecards each measure is on ...
    on: dict[int, set[str]] = defaultdict(set)
    for scorecard_id, measure_id in ScorecardEntry.objects.filter(
        scorecard_id__in=list(scorecards)
    ).values_list("scorecard_id", "measure_id"):
        on[measure_id].add(scorecards[scorecard_id])
    # ... and each measure that was on one at any time (a target of a measure since removed).
    for scorecard_id, measure_id in (
        ScorecardEntry.history.filter(scorecard_id__in=list(scorecards))
        .order_by()
        .values_list("scorecard_id", "measure_id")
        .distinct()
    ):
        on[measure_id].add(scorecards[scorecard_id])
    periods = {
        period.id: period
        for period in Period.objects.filter(
            organisation=organisation, start__gte=first, end__lte=last
        )
    }
    target_rows = list(
        Target.history.filter(
            period_id__in=list(periods),
            measure_id__in=list(on),
            history_type__in=("~", "-"),
            history_date__range=(start, end),
        )
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    # Each changed target's versions, in the order they were written: the one before each
    # change.
    versions: dict[int, list] = defaultdict(list)
    for version in Target.history.filter(id__in={row.id for row in target_rows}).order_by(
        "history_id"
    ):
        versions[version.id].append(version)
    measures = {
        measure.id: measure
        for measure in Measure.objects.filter(
            id__in={row.measure_id for row in entry_rows} | {row.measure_id for row in target_rows}
        )
    }

    def scorecards_of(measure_id: int) -> str:
        return "; ".join(sorted(on[measure_id]))

    changes = []
    for row in entry_rows:
        measure = measures[row.measure_id]
        changes.append(
            Change(
                when=row.history_date,
                scorecard=scorecards[row.scorecard_id],
                code=measure.code,
                title=measure.title,
                change=ADDED if row.history_type == "+" else REMOVED,
                before="",
                after=row.number and f"Numbered {row.number}",
                by=_name(row.history_user),
                reason=row.history_change_reason or "",
            )
        )
    for row in target_rows:
        measure = measures[row.measure_id]
        label = periods[row.period_id].label
        earlier = [v for v in versions[row.id] if v.history_id < row.history_id]
        before = earlier[-1] if earlier else None
        deleted = row.history_type == "-"
        changes.append(
            Change(
                when=row.history_date,
                scorecard=scorecards_of(row.measure_id),
                code=measure.code,
                title=measure.title,
                change=TARGET_REMOVED if deleted else TARGET_CHANGED,
                before=f"{label}: "
                + ((target_text(measure, before) or "none") if before else "not recorded"),
                after="" if deleted else f"{label}: {target_text(measure, row) or 'none'}",
                by=_name(row.history_user),
                reason=row.history_change_reason or "",
            )
        )
    changes.sort(key=lambda change: (change.when, change.scorecard, change.code))
    return Changes(
        financial_year=financial_year,
        year_label=core_periods.year_label(financial_year, organisation.financial_year_start_month),
        since=since,
        until=last,
        changes=tuple(changes),
    )


def write_csv(changes: Changes, stream) -> None:
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    for change in changes.changes:
        writer.writerow(change.as_csv_row())
