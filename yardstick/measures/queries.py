"""Reads about measures that several pages share.

`measure_history` puts every change to a measure, its targets, its figures and its data
quality statement's versions in one chronological list, read from the historical tables in
a fixed number of queries. `periods_of` lists the periods a measure has anything in.
`last_kept_in` marks the latest rating kept in some periods, for what is made from them (the
kept report documents).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.db import models
from django.utils.text import capfirst

from yardstick.admin_base import printed_value
from yardstick.core.periods import Frequency, period_type_for
from yardstick.framework.models import Period
from yardstick.measures.models import Figure, Measure, ReportedRating, SpcBaseline, Target
from yardstick.measures.statements import DataQualityStatement

# Fields that say nothing a reader needs: the row's own id, the measure a target or figure
# belongs to, the period (named in the subject), and the figure's bookkeeping.
IGNORED_FIELDS = {"id", "measure", "period", "version", "entered_at"}
HISTORY_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class FieldChange:
    """One field of one change, as printed: 'Value: 75 -> 80'. Blank is ''."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Change:
    """One saved version of the measure, one of its targets, one of its figures or one of
    its data quality statement's versions."""

    when: datetime
    who: object | None  # the user who made the change, or None (a script, an import)
    kind: str  # "measure", "target", "figure" or "dataqualitystatement"
    # "Measure", "Target for Q2 2018/19", "Figure for Q2 2018/19",
    # "Data quality statement, version 2"
    subject: str
    action: str  # "Created", "Changed" or "Deleted"
    fields: tuple[FieldChange, ...]
    reason: str
    history_id: int


def measure_history(measure: Measure) -> list[Change]:
    """Every change to `measure`, to each of its targets, each of its figures and each
    version of its data quality statement, oldest first: who, when, each field from -> to,
    and why.

    A fixed number of queries whatever the number of versions: one per historical table,
    one for the measure's themes at each version, then one per kind of related row named in
    the history (periods, people, units, partnerships, organisations, themes).
    """
    measure_rows = list(
        Measure.history.filter(id=measure.id)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    target_rows = list(
        Target.history.filter(measure_id=measure.id)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    figure_rows = list(
        Figure.history.filter(measure_id=measure.id)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    statement_rows = list(
        DataQualityStatement.history.filter(measure_id=measure.id)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    themes_then = _themes_by_version(measure_rows)
    tables = (
        (Measure, measure_rows),
        (Target, target_rows),
        (Figure, figure_rows),
        (DataQualityStatement, statement_rows),
    )

    names = _Names()
    for model, rows in tables:
        for field in _tracked_fields(model, include_period=True):
            if field.is_relation:
                names.want(field.related_model, (getattr(row, field.attname) for row in rows))
    names.want(apps.get_model("framework", "Theme"), (t for ts in themes_then.values() for t in ts))
    names.fetch()

    changes: list[tuple[tuple, Change]] = []
    for order, (model, rows) in enumerate(tables):
        previous: dict[int, object] = {}
        for row in rows:
            before = previous.get(row.id)
            fields = _field_changes(model, before, row, names)
            if model is Measure:
                fields += _theme_changes(before, row, themes_then, names)
            subject = "Measure"
            if model is DataQualityStatement:
                subject = f"Data quality statement, version {row.version}"
            elif model is not Measure:
                period = names.label(Period, row.period_id)
                subject = f"{model._meta.verbose_name.capitalize()} for {period}"
            change = Change(
                when=row.history_date,
                who=row.history_user,
                kind=model._meta.model_name,
                subject=subject,
                action=HISTORY_TYPES.get(row.history_type, row.history_type),
                fields=tuple(fields),
                reason=row.history_change_reason or "",
                history_id=row.history_id,
            )
            changes.append(((row.history_date, order, row.history_id), change))
            previous[row.id] = row
    changes.sort(key=lambda pair: pair[0])
    return [change for _, change in changes]


def periods_of(measure: Measure) -> list[Period]:
    """The periods in which `measure` has a figure, a target or a kept rating, oldest first;
    a longer period (a monthly measure's quarter, kept when published) after the last of the
    shorter ones it is made of. One query."""
    return list(
        Period.objects.filter(
            models.Q(id__in=Figure.objects.filter(measure=measure).values("period_id"))
            | models.Q(id__in=Target.objects.filter(measure=measure).values("period_id"))
            | models.Q(id__in=ReportedRating.objects.filter(measure=measure).values("period_id"))
        )
        .select_related("organisation")
        .order_by("end", "-start")
    )


def last_kept_in(periods: Iterable[Period]) -> int:
    """A mark that changes whenever a rating is kept in one of `periods`: published,
    restated after a correction (of the period or of one it is compared with) or loaded. It
    is the id of the latest kept row (ids only grow), 0 when there is none; no rating is
    read. One query."""
    ids = [period.pk for period in periods if period is not None]
    latest = ReportedRating.objects.filter(period_id__in=ids).aggregate(latest=models.Max("id"))
    return latest["latest"] or 0


# Reading the historical tables.


def _tracked_fields(model: type[models.Model], include_period: bool = False) -> list:
    ignored = IGNORED_FIELDS - ({"period"} if include_period else set())
    return [field for field in model._meta.concrete_fields if field.name not in ignored]


def _themes_by_version(measure_rows: list) -> dict[int, frozenset[int]]:
    """{history_id: the measure's theme ids at that version}, in one query."""
    through = apps.get_model("measures", "HistoricalMeasure_themes")
    themes: dict[int, set[int]] = defaultdict(set)
    rows = through.objects.filter(history_id__in=[row.history_id for row in measure_rows])
    for history_id, theme_id in rows.values_list("history_id", "theme_id"):
        themes[history_id].add(theme_id)
    return {row.history_id: frozenset(themes.get(row.history_id, ())) for row in measure_rows}


def _field_changes(model, before, after, names: _Names) -> list[FieldChange]:
    if after.history_type == "-":
        return []
    changes = []
    for field in _tracked_fields(model):
        new = getattr(after, field.attname)
        old = getattr(before, field.attname) if before is not None else None
        if before is None and (_blank(new) or new is False):
            continue
        if before is not None and old == new:
            continue
        changes.append(
            FieldChange(
                field=capfirst(str(field.verbose_name)),
                old="" if before is None else _printed(field, old, names),
                new=_printed(field, new, names),
            )
        )
    return changes


def _theme_changes(before, after, themes_then, names: _Names) -> list[FieldChange]:
    if after.history_type == "-":
        return []
    Theme = apps.get_model("framework", "Theme")
    new = themes_then[after.history_id]
    old = themes_then[before.history_id] if before is not None else frozenset()
    if new == old:
        return []

    def printed(ids: frozenset[int]) -> str:
        return ", ".join(sorted(names.label(Theme, theme_id) for theme_id in ids))

    return [FieldChange(field="Themes", old=printed(old), new=printed(new))]


def _blank(value) -> bool:
    return value is None or value == ""


def _printed(field, value, names: _Names) -> str:
    if field.is_relation and not _blank(value):
        return names.label(field.related_model, value)
    return printed_value(field, value)


class _Names:
    """Names of the rows a history mentions by id, fetched in one query per model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.found: dict[type[models.Model], dict] = {}

    def want(self, model: type[models.Model], ids: Iterable) -> None:
        self.wanted[model].update(i for i in ids if i is not None)

    def fetch(self) -> None:
        for model, ids in self.wanted.items():
            self.found[model] = model._default_manager.in_bulk(ids) if ids else {}

    def label(self, model: type[models.Model], pk) -> str:
        row = self.found.get(model, {}).get(pk)
        if row is None:
            return f"{model._meta.verbose_name} #{pk} (deleted)"
        return str(row)


# Which period a page opens on. A council that collects some measures monthly and reports
# quarterly has published months and quarters ending on the same days; its boards review
# the quarters. Pages list periods newest first, a quarter before the months it ends with,
# and open on the kind of period most of its measures report for.

NEWEST_FIRST = ("-end", "start")


def with_reporting_frequency(periods: models.QuerySet, organisation_id: int) -> models.QuerySet:
    """`periods`, each annotated with `reporting_frequency`: the frequency most of the
    organisation's measures have (quarterly for most councils), read in the same query."""
    most = (
        Measure.objects.filter(organisation_id=organisation_id)
        .order_by()
        .values("frequency")
        .annotate(measures=models.Count("id"))
        .order_by("-measures", "frequency")
        .values("frequency")[:1]
    )
    return periods.annotate(reporting_frequency=models.Subquery(most))


def reporting_first(periods: list[Period]) -> list[Period]:
    """`periods` (newest first, from `with_reporting_frequency`) with those of the kind the
    council reports in first, each part still newest first."""
    frequency = getattr(periods[0], "reporting_frequency", None) if periods else None
    if not frequency:
        return list(periods)
    wanted = period_type_for(Frequency(frequency))
    return [p for p in periods if p.type == wanted] + [p for p in periods if p.type != wanted]


def scorecard_of(measure: Measure, wanted: str | None = None):
    """The scorecard a reader of `measure`'s page came through, for its breadcrumb: the one
    named by id in `wanted` when the measure is on it, else the latest year's (corporate before
    directorate, partnership and theme ones, then by title); None when it is on none. One
    query."""
    entries = list(
        measure.scorecard_entries.select_related("scorecard").order_by(
            "-scorecard__financial_year", "scorecard__kind", "scorecard__title"
        )
    )
    for entry in entries:
        if wanted is not None and str(entry.scorecard_id) == wanted:
            return entry.scorecard
    return entries[0].scorecard if entries else None


def spc_baselines(measures: Iterable[Measure]) -> dict[int, SpcBaseline]:
    """{measure id: its SPC baseline} for those of `measures` that have one, in one query:
    every chart of many measures (the scorecards' SPC column, the challenge list) reads its
    baselines here."""
    return {
        baseline.measure_id: baseline
        for baseline in SpcBaseline.objects.filter(measure__in=list(measures))
        .select_related("until")
        .order_by()
    }


def baseline_set(measure: Measure):
    """The latest change to `measure`'s SPC baseline (its history row: who, when and why), or
    None when it never had one."""
    return (
        SpcBaseline.history.filter(measure_id=measure.id)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
