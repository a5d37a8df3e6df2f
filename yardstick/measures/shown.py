"""What every page and document shows for a measure in a period: one answer, from here.

`shown_ratings(measures, periods, viewer)` returns, for each measure and period, the band and
its reason, the direction of travel and its reason, the target and the figure as printed, the
period the data covers, the note, the commentary, and whether the rating was restated and why.
The overview, the scorecards and the exception report, the measure page and its chart, the
entry page's history, corrections, the Strategic Performance Report in every format, the
public pages and the open data all read it; nothing else reads `ReportedRating` or asks the
assessment for something to display (a test in measures/tests/test_one_answer.py fails if
another module starts to).

The rule (docs/calculations.md, "What a page shows"):

- A **published** period shows what was kept when it was published: the rating, the figures as
  printed and the direction of travel, or the latest restatement of them. Nothing computed
  later replaces it; a correction after publishing restates it, and says so.
- Only figures that were signed off and published are shown for a published period. A draft
  or a figure still awaiting sign-off when the period was published shows as "No figure (not
  signed off)": no value, no rating, no point on a chart, no commentary.
- An **open** period is rated now, by the core, from the figures the viewer may see: on
  pages of many measures (scorecards, the overview, reports) the performance team sees drafts,
  other internal readers figures signed off, the public nothing; on a page about one measure
  (`per_measure=True`: the measure page, entry, returns) those who enter or sign off that
  measure see its drafts too. Its neighbours (the previous period, the same period last
  year) count only with the figures shown for them: a published neighbour's published figure.
"""

from __future__ import annotations

import hashlib
from collections import ChainMap, defaultdict, namedtuple
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from django.core.cache import cache
from django.db import connection

from yardstick.accounts.access import Access
from yardstick.core.keys import write_key
from yardstick.core.periods import DateRange
from yardstick.core.ratings import Band, Key, Rating, SchemeKind, ToleranceScheme
from yardstick.core.targets import format_target, same_target
from yardstick.core.trend import Direction, Trend
from yardstick.core.values import format_value, round_half_up
from yardstick.framework.models import Period
from yardstick.measures import rollup
from yardstick.measures.assessment import (
    NO_KEYS,
    Keys,
    assess_one,
    comparison_period,
    core_target,
    core_value,
    key_from_text,
    keys_for,
    periods_like,
    related_periods,
    tolerance_scheme,
)
from yardstick.measures.models import (
    Figure,
    FigureStatus,
    Measure,
    RatingOrigin,
    ReportedRating,
    Target,
    statuses_seen,
)

NOT_SIGNED_OFF = "No figure (not signed off)"
NOT_SIGNED_OFF_REASON = (
    "The figure was not signed off when the period was published, so it is not reported: not rated"
)


class BandedCell:
    """What `partials/_band.html` reads of a cell with a `band` (a rating, or None when not
    rated): its code, its label and its shape, each '' when not rated."""

    band: Band | None

    @property
    def band_code(self) -> str:
        return self.band.value if self.band else ""

    @property
    def band_label(self) -> str:
        return self.band.label if self.band else ""

    @property
    def shape(self) -> str:
        return self.band.shape if self.band else ""


@dataclass(frozen=True)
class Shown(BandedCell):
    """A measure in a period as every page and document shows it."""

    measure: Measure
    period: Period
    band: Band | None
    reason: str
    direction: Direction
    target: str  # as printed: '16%', '7-15%', 'Year on year reduction', '' for none
    actual: str  # as printed: '13.1%', 'Not available (Note 1)', '' for none
    figure: Figure | None  # the figure shown; None when there is none or it is not signed off
    target_row: Target | None
    # The tolerance scheme or the council's key the band was given by (`assessment.rated_by`);
    # a published period's, the one kept with its rating.
    scheme: ToleranceScheme | Key
    kept: ReportedRating | None = None  # what was kept, for a published period
    not_signed_off: bool = False  # a figure was left unsigned-off when the period was published
    comparison_label: str = ""  # the period the direction of travel compares with
    # The live rating's signed distance, percent of |target| (positive better); None when not
    # rated, judged in units (a zero target, a date) or kept (see `distance`).
    rated_distance: Decimal | None = None

    @property
    def is_published(self) -> bool:
        return self.period.is_published

    @property
    def polarity(self) -> str:
        return self.measure.polarity

    @property
    def period_label(self) -> str:
        return self.period.label

    @property
    def trend(self) -> Trend | None:
        return self.direction.trend

    @property
    def trend_reason(self) -> str:
        return self.direction.reason

    @property
    def amount(self) -> Decimal | None:
        """The figure's amount, for charts and sums; None when no figure is shown."""
        value = core_value(self.measure, self.figure)
        return getattr(value, "amount", None)

    @property
    def has_figure(self) -> bool:
        return self.figure is not None

    @property
    def distance(self) -> Decimal | None:
        """How far the figure shown is from the target shown, percent of |target|, positive
        better (`distance_of`), for the band shown; None when it is not rated or the distance
        is in units (a zero target, a date). An open period's is its rating's; a published
        period's is the one kept with its band (`ReportedRating.distance`, written when it was
        kept), never worked out again."""
        if self.kept is None:
            return self.rated_distance
        return self.kept.distance

    @property
    def combined(self):
        """What the figure was made from, when it was made from the measure's shorter periods
        (a monthly measure's quarter: `rollup`); None for a figure of its own."""
        return getattr(self.figure, "combined", None)

    @property
    def reports(self) -> bool:
        """Whether the measure reports in the period: a figure (shown or not signed off), a
        target, or a kept rating. Annual measures appear only in the periods they report."""
        return (
            self.figure is not None
            or self.not_signed_off
            or self.target_row is not None
            or self.kept is not None
        )

    @property
    def data_covers(self) -> str:
        figure = self.figure
        if figure is None or not (figure.data_covers_start and figure.data_covers_end):
            return ""
        return DateRange(figure.data_covers_start, figure.data_covers_end).label

    @property
    def note(self) -> str:
        return self.figure.note if self.figure is not None else ""

    @property
    def commentary(self) -> str:
        return self.figure.commentary if self.figure is not None else ""

    @property
    def public_commentary(self) -> str:
        """The commentary the public may read (`Figure.public_commentary`)."""
        return self.figure.public_commentary if self.figure is not None else ""

    @property
    def proposed_action(self) -> str:
        return self.figure.proposed_action if self.figure is not None else ""

    @property
    def restated(self) -> bool:
        return self.kept is not None and self.kept.is_restatement

    @property
    def restatement_reason(self) -> str:
        return self.kept.restatement_reason if self.restated else ""

    @property
    def loaded(self) -> bool:
        """Loaded from a report the council published before Yardstick, as printed."""
        return self.kept is not None and self.kept.origin == RatingOrigin.LOADED

    @property
    def disagreement(self) -> str:
        """'Printed Low Green; by the key High Green' where a rating loaded as a report
        printed it and the key differ."""
        if self.kept is None or not self.kept.key_differs:
            return ""
        printed = self.band.label if self.band else "no rating"
        key = Band(self.kept.key_band).label if self.kept.key_band else "not rated"
        return f"Printed {printed}; by the key {key}"


def shown_ratings(
    measures: Iterable[Measure],
    periods: Iterable[Period],
    viewer: Access,
    *,
    known: list[Period] | None = None,
    per_measure: bool = False,
    keys: Keys | None = None,
) -> dict[tuple[int, int], Shown]:
    """{(measure id, period id): Shown} for every measure in every period, as `viewer` sees
    it. Four queries whatever the number of measures and periods (three when `known`, the
    organisation's periods of the periods' type, is given): the periods of each type, the
    figures, the targets and the kept ratings. Periods may be of several types (a measure's
    whole history); each is compared with its own kind. One more reads the council keys
    (`assessment.keys_for`) unless `keys` is given."""
    measures = list(measures)
    periods = list(dict.fromkeys(periods))
    if not measures or not periods:
        return {}
    loaded = _Loaded.load(measures, periods, viewer, known, per_measure, keys)
    return {
        (measure.id, period.id): loaded.shown(measure, period)
        for period in periods
        for measure in measures
    }


@dataclass(frozen=True)
class Summary:
    """What a page of many measures (a scorecard, the overview) shows for a measure in a
    period: the plain fields of its `Shown`, without the rows behind them, so what a published
    period shows can be cached (`shown_summaries`)."""

    measure_id: int
    period_label: str
    polarity: str
    band: Band | None
    reason: str
    direction: Direction
    target: str
    actual: str
    data_covers: str
    note: str
    commentary: str
    public_commentary: str  # `Figure.public_commentary`: what a reader outside the council sees
    proposed_action: str
    restated: bool
    restatement_reason: str
    not_signed_off: bool
    disagreement: str
    scheme: ToleranceScheme | Key
    reports: bool

    @property
    def trend(self) -> Trend | None:
        return self.direction.trend

    @property
    def trend_reason(self) -> str:
        return self.direction.reason

    @classmethod
    def of(cls, shown: Shown) -> Summary:
        return cls(
            measure_id=shown.measure.id,
            period_label=shown.period.label,
            polarity=shown.measure.polarity,
            band=shown.band,
            reason=shown.reason,
            direction=shown.direction,
            target=shown.target,
            actual=shown.actual,
            data_covers=shown.data_covers,
            note=shown.note,
            commentary=shown.commentary,
            public_commentary=shown.public_commentary,
            proposed_action=shown.proposed_action,
            restated=shown.restated,
            restatement_reason=shown.restatement_reason,
            not_signed_off=shown.not_signed_off,
            disagreement=shown.disagreement,
            scheme=shown.scheme,
            reports=shown.reports,
        )


# The measure's fields what it shows in a period can depend on (besides the period's own
# rows): a cached summary is used only while they are unchanged.
RATED_BY = (
    "polarity",
    "value_type",
    "decimals",
    "rate_per",
    "collection_type",
    "combine",
    "comparison_basis",
    "no_change_tolerance",
    "frequency",
    "scheme",
    "high_green_threshold",
    "amber_threshold",
    "low_red_threshold",
    "absolute_tolerance",
)


# A measure as a page of many measures reads it: its id and the fields it is rated by, as
# plain values (a `.values_list("id", *RATED_BY)` row), so thousands of them cost no ORM
# objects. `shown_summaries` loads the Measure itself only when it has to rate it.
PlainMeasure = namedtuple("PlainMeasure", ("id", *RATED_BY))


def shown_summaries(
    measures: Iterable[Measure | PlainMeasure],
    periods: Iterable[Period],
    viewer: Access,
    *,
    known: list[Period] | None = None,
) -> dict[tuple[int, int], Summary]:
    """{(measure id, period id): Summary}: `shown_ratings` for pages of many measures, read
    from Django's cache when it is there.

    Each period's summaries are one cache entry, as plain strings and numbers, each with the
    measure's fields it was rated by (`RATED_BY`, checked on every read), under a key that
    changes whenever what the period shows may have changed:

    - A published period whose neighbours (the previous period, the same period last year)
      are published too shows the same to everyone until its ratings are kept again (a
      correction, a restatement): everything it shows is locked, and every change goes
      through `measures.services.keep_ratings`, which renews the period's `kept_version`.
      Its key is (period, kept_version).
    - Any other period (an open one, rated now) is keyed by `open_token`: the viewer's sight,
      the status and kept_version of the period and its neighbours, and the figures and
      targets written in them (row counts and the latest history id). Every write goes
      through a service that writes history, so every write renews it
      (scorecards/tests/test_open_period_cache.py proves it for each kind of write).

    The key is worked out from the database before anything is read, so no worker can read
    an answer another has replaced. What is not cached comes from `shown_ratings` in its
    fixed number of queries; a page whose periods are all cached reads no figure, target or
    kept rating."""
    measures = list(measures)
    periods = list(dict.fromkeys(periods))
    if not measures or not periods:
        return {}
    known = known if known is not None else _known(periods)
    by_id = {period.id: period for period in known}
    # Each period as just read with `known`: its status and its token as they are now.
    current = [by_id.get(period.id, period) for period in periods]
    keys = {period.id: _cache_key(period) for period in current if _cacheable(period, known)}
    live = [period for period in current if period.id not in keys]
    if live:
        token = open_token(live, known, viewer)
        keys.update(
            (period.id, f"yardstick:shown-open:{SHAPE}:{period.id}:{token}") for period in live
        )
    stored = cache.get_many(list(keys.values()))
    council_keys = keys_for(
        {period.organisation_id for period in periods}, [m.id for m in measures]
    )
    organisation_id = periods[0].organisation_id
    rated_by = {
        measure.id: (*_rated_by(measure), council_keys.fingerprint(measure.id, organisation_id))
        for measure in measures
    }
    result: dict[tuple[int, int], Summary] = {}
    missing: dict[int, Measure | PlainMeasure] = {}
    misses: set[int] = set()
    schemes: dict[tuple, ToleranceScheme | Key] = {}
    for period in periods:
        entries = stored.get(keys[period.id], {})
        for measure in measures:
            entry = entries.get(measure.id)
            if entry is not None and entry[0] == rated_by[measure.id]:
                result[(measure.id, period.id)] = _summary(measure, period, entry, schemes)
            else:
                missing[measure.id] = measure
                misses.add(period.id)
    if missing:
        miss_periods = [period for period in periods if period.id in misses]
        shown = shown_ratings(
            _as_measures(missing), miss_periods, viewer, known=known, keys=council_keys
        )
        updated = {}
        for (measure_id, period_id), item in shown.items():
            key = (measure_id, period_id)
            if key in result:
                continue
            result[key] = Summary.of(item)
            entries = updated.setdefault(keys[period_id], dict(stored.get(keys[period_id], {})))
            entries[measure_id] = _entry(rated_by[measure_id], result[key])
        cache.set_many(updated, timeout=None)
    return result


# The shape of a cached entry (`_entry`): a new shape takes new keys, so a cache shared by the
# workers of an upgrade (Redis, memcached) never hands one version another's tuples.
SHAPE = 3


def _as_measures(measures: dict[int, Measure | PlainMeasure]) -> list[Measure]:
    """The Measures of `measures`, plain ones loaded (one query, if there are any)."""
    plain = [measure.id for measure in measures.values() if not isinstance(measure, Measure)]
    loaded = {m.id: m for m in Measure.objects.filter(pk__in=plain).order_by()} if plain else {}
    return [loaded.get(measure_id, measure) for measure_id, measure in measures.items()]


def _known(periods: list[Period]) -> list[Period]:
    kinds = {(period.organisation_id, period.type) for period in periods}
    if len(kinds) != 1:
        raise ValueError("shown_summaries reads periods of one organisation and kind.")
    return periods_like(periods[0])


def _cacheable(period: Period, known: list[Period]) -> bool:
    """Published, and so are its neighbours: cached under its kept_version alone."""
    if not period.is_published:
        return False
    return all(
        neighbour is None or neighbour.is_published for neighbour in related_periods(period, known)
    )


def _cache_key(period: Period) -> str:
    return f"yardstick:shown:{SHAPE}:{period.id}:{period.kept_version.hex}"


def open_token(periods: list[Period], known: list[Period], viewer: Access) -> str:
    """A digest of everything what `periods` (as just read, with `known`) show to `viewer` on
    a page of many measures is rated from, besides the measures' own fields: the figure
    statuses the viewer may see; the id, status and kept_version of each period and its
    neighbours; and the figures and targets written in them (`written_in`). One query."""
    parts = [",".join(sorted(statuses_seen(viewer)))]
    involved = {period.id: period for period in periods}
    for period in periods:
        neighbours = related_periods(period, known)
        parts.append(f"{period.id}<" + ",".join(str(n.id) if n else "-" for n in neighbours))
        involved.update((n.id, n) for n in neighbours if n is not None)
    ids = sorted(involved)
    parts += [f"{i}:{involved[i].status}:{involved[i].kept_version.hex}" for i in ids]
    parts += [str(number) for number in written_in([involved[i] for i in ids])]
    return hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest()


def written_in(periods: list[Period]) -> tuple:
    """(figures, figure history rows, latest figure history id, and the same of targets) of
    `periods` and the periods inside them (the months of a quarter, which a monthly
    measure's quarter is made from): every write of a figure or target there (through the
    services, which record its history, or a delete) changes at least one of them. One
    query, on the period indexes.

    Counts and the latest id together: on PostgreSQL a history row with a lower id can
    commit after one with a higher id, which the count sees."""
    quote = connection.ops.quote_name
    spans = " OR ".join(
        [f"({quote('organisation_id')} = %s AND {quote('start')} >= %s AND {quote('end')} <= %s)"]
        * len(periods)
    )
    inside = f"SELECT {quote('id')} FROM {quote(Period._meta.db_table)} WHERE {spans}"
    span_params = [value for period in periods for value in rollup.within(period)]
    columns = []
    for model in (Figure, Target):
        history = model.history.model._meta.db_table
        where = f"WHERE {quote('period_id')} IN ({inside})"
        columns += [
            f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)} {where})",
            f"(SELECT COUNT(*) FROM {quote(history)} {where})",
            f"(SELECT MAX({quote('history_id')}) FROM {quote(history)} {where})",
        ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)}", span_params * len(columns))
        return tuple(cursor.fetchone())


def _rated_by(measure: Measure) -> tuple[str, ...]:
    return tuple(str(getattr(measure, name)) for name in RATED_BY)


def _plain(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


def _entry(rated_by: tuple[str, ...], summary: Summary) -> tuple:
    """A summary as plain strings, numbers and booleans (quick to pickle and unpickle)."""
    return (
        rated_by,
        summary.band.value if summary.band else "",
        summary.reason,
        summary.trend.value if summary.trend else "",
        summary.trend_reason,
        summary.target,
        summary.actual,
        summary.data_covers,
        summary.note,
        summary.commentary,
        summary.public_commentary,
        summary.proposed_action,
        summary.restated,
        summary.restatement_reason,
        summary.not_signed_off,
        summary.disagreement,
        _plain_scheme(summary.scheme),
        summary.reports,
    )


def _plain_scheme(scheme: ToleranceScheme | Key) -> tuple:
    """A scheme as plain strings: its kind and thresholds, or a key as its key file."""
    if isinstance(scheme, Key):
        return ("key", _key_file(scheme))
    return (
        scheme.kind.value,
        _plain(scheme.high_green),
        _plain(scheme.amber),
        _plain(scheme.low_red),
        _plain(scheme.absolute_tolerance),
    )


@lru_cache(maxsize=64)
def _key_file(key: Key) -> str:
    """A key's key file, written once per key (thousands of summaries, a few keys)."""
    return write_key(key)


def _scheme_of(plain: tuple) -> ToleranceScheme | Key:
    """`_plain_scheme` read back."""
    if plain[0] == "key":
        return key_from_text(plain[1])
    kind, high_green, amber, low_red, absolute = plain
    return ToleranceScheme(
        kind=SchemeKind(kind),
        high_green=_decimal(high_green),
        amber=_decimal(amber),
        low_red=_decimal(low_red),
        absolute_tolerance=_decimal(absolute),
    )


_BANDS = {band.value: band for band in Band}
_TRENDS = {trend.value: trend for trend in Trend}


def _summary(measure: Measure, period: Period, entry: tuple, schemes: dict) -> Summary:
    (
        _,
        band,
        reason,
        trend,
        trend_reason,
        target,
        actual,
        data_covers,
        note,
        commentary,
        public_commentary,
        proposed_action,
        restated,
        restatement_reason,
        not_signed_off,
        disagreement,
        scheme,
        reports,
    ) = entry
    if scheme not in schemes:  # a few schemes among thousands of ratings: each made once
        schemes[scheme] = _scheme_of(scheme)
    return Summary(
        measure_id=measure.id,
        period_label=period.label,
        polarity=measure.polarity,
        band=_BANDS[band] if band else None,
        reason=reason,
        direction=Direction(_TRENDS[trend] if trend else None, trend_reason),
        target=target,
        actual=actual,
        data_covers=data_covers,
        note=note,
        commentary=commentary,
        public_commentary=public_commentary,
        proposed_action=proposed_action,
        restated=restated,
        restatement_reason=restatement_reason,
        not_signed_off=not_signed_off,
        disagreement=disagreement,
        scheme=schemes[scheme],
        reports=reports,
    )


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def live_ratings(measures: Iterable[Measure], period: Period, viewer: Access) -> dict[int, Shown]:
    """{measure id: Shown} rated now in `period`, published or not: what publishing keeps,
    and what a restatement compares with the rating kept. Five queries (with the council keys)."""
    measures = list(measures)
    if not measures:
        return {}
    loaded = _Loaded.load(measures, [period], viewer, None, False, None)
    return {
        measure.id: _as_live(
            loaded.assess(measure, period), (measure.id, period.id) in loaded.unvetted
        )
        for measure in measures
    }


def shown_rating(measure: Measure, period: Period, viewer: Access) -> Shown:
    """`shown_ratings` for one measure in one period, on a page about that measure."""
    return shown_ratings([measure], [period], viewer, per_measure=True)[(measure.id, period.id)]


def preview(measure: Measure, period: Period, figure: Figure | None, viewer: Access):
    """What `measure` would show in open `period` if `figure` (unsaved, or None) were its
    figure, with its neighbours and targets as `viewer` sees them. Returns the Shown and the
    assessment behind it (for the submission rules). Five queries (with the council keys)."""
    loaded = _Loaded.load([measure], [period], viewer, None, True, None)
    key = (measure.id, period.id)
    loaded.visible.pop(key, None)
    loaded.unvetted.discard(key)
    if figure is not None:
        loaded.visible[key] = figure
    live = loaded.assess(measure, period)
    return _as_live(live, False), live


@dataclass
class _Loaded:
    """The rows behind what a set of measures shows in a set of periods."""

    related: dict[int, tuple[Period | None, Period | None]]
    periods: dict[int, Period]  # every period involved, by id, as stored now
    visible: dict[tuple[int, int], Figure]  # the figures shown, by (measure id, period id)
    unvetted: set[tuple[int, int]]  # published periods' figures never signed off
    targets: dict[tuple[int, int], Target]
    kept: dict[tuple[int, int], ReportedRating]
    # (measure id, period id): the stored parts (None where never created) and the core's.
    rollups: dict[tuple[int, int], tuple[list[Period | None], list]]
    keys: Keys = NO_KEYS  # the council keys the measures may be rated by

    @classmethod
    def load(
        cls, measures, periods, viewer: Access, known, per_measure: bool, keys: Keys | None
    ) -> _Loaded:
        by_kind: dict[tuple[int, str], list[Period]] = defaultdict(list)
        for period in periods:
            by_kind[(period.organisation_id, period.type)].append(period)
        related = {}
        involved: dict[int, Period] = {}  # as stored now: a caller's copy may be stale
        for kind_periods in by_kind.values():
            candidates = known if known is not None and len(by_kind) == 1 else None
            candidates = candidates or periods_like(kind_periods[0])
            involved.update((candidate.id, candidate) for candidate in candidates)
            for period in kind_periods:
                related[period.id] = related_periods(period, candidates)
        for period in periods:
            involved.setdefault(period.id, period)
        # Figures and targets are read for the periods asked about and their neighbours
        # only, not every period of their kind (years of history, on a measure's page).
        needed = {period.id for period in periods} | {
            neighbour.id for pair in related.values() for neighbour in pair if neighbour is not None
        }
        # A measure collected for shorter periods than it is shown in (a monthly measure on
        # a quarterly scorecard): its figures there are made from its parts' (`rollup`).
        rollups = _rollups(measures, [involved[period_id] for period_id in needed])
        parts = {part.id: part for rows, _ in rollups.values() for part in rows if part}
        involved.update(parts)
        asked = {period.id for period in periods}
        part_ids_asked = {
            part.id
            for (_, period_id), (rows, _) in rollups.items()
            if period_id in asked
            for part in rows
            if part is not None
        }
        measure_ids = [measure.id for measure in measures]
        page = statuses_seen(viewer)
        seen = {
            measure.id: statuses_seen(viewer, measure) if per_measure else page
            for measure in measures
        }
        visible: dict[tuple[int, int], Figure] = {}
        unvetted: set[tuple[int, int]] = set()
        # Unordered: the models' default ordering joins the measure, the period and the
        # organisation to sort rows that are read into dictionaries anyway.
        for figure in Figure.objects.filter(
            measure_id__in=measure_ids, period_id__in=needed | set(parts)
        ).order_by():
            key = (figure.measure_id, figure.period_id)
            if involved[figure.period_id].is_published:
                if figure.status == FigureStatus.PUBLISHED:
                    visible[key] = figure
                else:
                    unvetted.add(key)
            elif figure.status in seen[figure.measure_id]:
                visible[key] = figure
        targets = {
            (target.measure_id, target.period_id): target
            # Only the periods asked about: a rating uses its own period's target (and the
            # figures of its neighbours), never a neighbour's target.
            # (And the parts of those periods, for a combined period's target.)
            for target in Target.objects.filter(
                measure_id__in=measure_ids, period_id__in=asked | part_ids_asked
            ).order_by()
        }
        published = [involved[period.id] for period in periods if involved[period.id].is_published]
        kept = _kept(measure_ids, published)
        if keys is None:
            keys = keys_for({measure.organisation_id for measure in measures}, measure_ids)
        return cls(related, involved, visible, unvetted, targets, kept, rollups, keys)

    def assess(self, measure: Measure, period: Period):
        period = self.periods[period.id]
        previous, last_year = self.related[period.id]
        figures, targets = self.visible, self.targets
        combined = {}
        for other in (period, previous, last_year):
            key = (measure.id, other.id) if other is not None else None
            if key in self.rollups:
                combined[key] = self.combined(measure, other)
        so_far, own = None, targets.get((measure.id, period.id))
        if combined:
            figures = ChainMap({k: v for k, v in combined.items() if v is not None}, figures)
            key = (measure.id, period.id)
            if key in self.rollups:
                rows, core_parts = self.rollups[key]
                part_targets = [targets.get((measure.id, row.id)) if row else None for row in rows]
                so_far, target = rollup.rated_against(
                    measure, period, combined[key], core_parts, own, part_targets
                )
                targets = ChainMap({key: target}, targets)
        live = assess_one(measure, period, previous, last_year, figures, targets, self.keys)
        if so_far is not None:
            rating = so_far.rated(
                live.rating, target_text(measure, live.target), target_text(measure, own)
            )
            live = replace(live, rating=rating)
        return live

    def combined(self, measure: Measure, period: Period) -> Figure | None:
        """`period`'s figure of a measure collected for shorter periods, from its parts."""
        rows, core_parts = self.rollups[(measure.id, period.id)]
        return rollup.combined_figure(measure, period, rows, core_parts, self.visible)

    def shown(self, measure: Measure, period: Period) -> Shown:
        period = self.periods[period.id]
        key = (measure.id, period.id)
        unvetted = key in self.unvetted
        if period.is_published and key in self.kept:
            # What was kept is shown: nothing is rated now (a rating computed here would
            # only be thrown away).
            previous, last_year = self.related[period.id]
            figure = self.visible.get(key)
            if key in self.rollups:
                figure = self.combined(measure, period)
            return _as_kept(
                measure,
                period,
                figure,
                self.targets.get(key),
                (previous, last_year),
                self.kept[key],
                unvetted,
            )
        return _as_live(self.assess(measure, period), unvetted)


def _rollups(measures, periods: list[Period]) -> dict:
    """{(measure id, period id): (stored parts, core parts)} for each measure shown in a
    period longer than it is collected for; one query for the parts, none when there are
    none."""
    wanted = {}
    spans = {}
    for period in periods:
        by_frequency: dict[str, list | None] = {}
        for measure in measures:
            frequency = measure.frequency
            if frequency not in by_frequency:
                by_frequency[frequency] = rollup.parts_of(frequency, period)
            core_parts = by_frequency[frequency]
            if core_parts is not None:
                wanted[(measure.id, period.id)] = core_parts
                spans[(period.id, frequency)] = (period, core_parts)
    if not wanted:
        return {}
    stored = rollup.part_rows(spans.values())
    by_id = {period.id: period for period in periods}
    return {
        (measure_id, period_id): (
            [stored.get((by_id[period_id].organisation_id, part.key)) for part in core_parts],
            core_parts,
        )
        for (measure_id, period_id), core_parts in wanted.items()
    }


def _kept(measure_ids: list[int], published: list[Period]) -> dict[tuple[int, int], ReportedRating]:
    """The latest kept rating of each measure in each published period (the restatement, if
    there is one), in one query."""
    if not published:
        return {}
    kept: dict[tuple[int, int], ReportedRating] = {}
    rows = ReportedRating.objects.filter(
        measure_id__in=measure_ids, period_id__in=[period.id for period in published]
    ).order_by("reported_at", "id")
    for row in rows:
        kept[(row.measure_id, row.period_id)] = row  # later rows replace earlier ones
    return kept


def target_text(measure: Measure, target: Target | None) -> str:
    """A target as printed: as entered ('76%', '7-15%'), never padded to the places of the
    figures beside it ('76.00%') or of the database ('76.000000%'). A board reads the target
    the council set."""
    if target is None:
        return ""
    return format_target(core_target(target), measure.value_type, None)


def kept_target_text(measure: Measure, target: Target | None, kept: str) -> str:
    """A published period's target as printed: the text kept when it was published, or the
    same target as entered where the kept text is only padded ('76.00%' kept before targets
    printed as entered reads '76%'); a target changed since is shown as it was kept."""
    if target is None or not kept:
        return kept
    now = target_text(measure, target)
    return now if same_target(kept, now, measure.value_type) else kept


def kept_scheme(row: ReportedRating, fallback: ToleranceScheme) -> ToleranceScheme | Key:
    """What a kept rating was given by: the council's key kept with it, or its tolerance
    scheme; `fallback` (the measure's scheme) for a row kept before either was kept."""
    if row.key_text:
        return key_from_text(row.key_text)
    if not row.scheme:
        return fallback
    return ToleranceScheme(
        kind=SchemeKind(row.scheme),
        high_green=row.high_green_threshold,
        amber=row.amber_threshold,
        low_red=row.low_red_threshold,
        absolute_tolerance=row.absolute_tolerance,
    )


# The places a kept distance keeps (`ReportedRating.distance`), and the size it fits in.
_DISTANCE = ReportedRating._meta.get_field("distance")
DISTANCE_PLACES = _DISTANCE.decimal_places
_DISTANCE_LIMIT = Decimal(10) ** (_DISTANCE.max_digits - _DISTANCE.decimal_places)


def distance_of(rating: Rating) -> Decimal | None:
    """The distance every page, the challenge list and a kept rating give `rating`: its
    signed distance, percent of |target|, positive better (`core.ratings.Rating.distance`),
    rounded half up to the six places a kept rating keeps, so publishing never changes it.
    None when it is not rated, the distance is in units (a zero target, a date), or it is too
    far to keep (10^14 percent or more: a target next to zero)."""
    if rating.band is None or rating.distance is None or rating.distance_in_units:
        return None
    distance = round_half_up(rating.distance, DISTANCE_PLACES)
    return distance if abs(distance) < _DISTANCE_LIMIT else None


def _comparison(live) -> str:
    return _label(live.comparison_period)


def _label(period: Period | None) -> str:
    return period.label if period else ""


def _as_live(live, unvetted: bool) -> Shown:
    measure = live.measure
    rating = live.rating
    reason = rating.reason
    if unvetted and live.figure is None:
        reason = NOT_SIGNED_OFF_REASON
    return Shown(
        measure=measure,
        period=live.period,
        band=rating.band,
        reason=reason,
        direction=live.direction,
        target=target_text(measure, live.target),
        actual=NOT_SIGNED_OFF if unvetted and live.figure is None else format_value(live.value),
        figure=live.figure,
        target_row=live.target,
        scheme=live.scheme,
        not_signed_off=unvetted and live.figure is None,
        comparison_label=_comparison(live),
        rated_distance=distance_of(rating),
    )


def _as_kept(
    measure: Measure,
    period: Period,
    figure: Figure | None,
    target: Target | None,
    related: tuple[Period | None, Period | None],
    row: ReportedRating,
    unvetted: bool,
) -> Shown:
    """A published period: what was kept, with the published figure for its note, the period
    it covers and its commentary; the period its trend compared with by the key it was rated
    by (`related`: the previous period and the same period last year)."""
    scheme = kept_scheme(row, tolerance_scheme(measure, target))
    comparison = comparison_period(measure, *related, scheme)
    not_signed_off = unvetted and figure is None
    actual = row.actual_text
    if not_signed_off and not actual:
        actual = NOT_SIGNED_OFF
    return Shown(
        measure=measure,
        period=period,
        band=Band(row.band) if row.band else None,
        reason=NOT_SIGNED_OFF_REASON if not_signed_off and not row.band else row.reason,
        direction=Direction(Trend(row.trend) if row.trend else None, row.trend_reason),
        target=kept_target_text(measure, target, row.target_text),
        actual=actual,
        figure=figure,
        target_row=target,
        scheme=scheme,
        kept=row,
        not_signed_off=not_signed_off,
        comparison_label=_label(comparison),
    )
