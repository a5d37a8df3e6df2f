"""The one translation from database rows to the core's ratings and trends.

`core_value`, `core_target` and `tolerance_scheme` turn rows into the core's values, and
`assess_one` asks the core for a measure's rating and direction of travel in a period from
figures and targets already loaded. What a page shows is decided by `yardstick.measures.shown`,
which loads the rows and calls `assess_one`; nothing else computes a rating.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache, partial

from yardstick.core import periods as core_periods
from yardstick.core.keys import read_key
from yardstick.core.ratings import (
    FIVE_BAND,
    Key,
    Polarity,
    Rating,
    SchemeKind,
    ToleranceScheme,
    TrendAgainst,
    rate,
)
from yardstick.core.targets import NO_TARGET, ChangeDirection, TargetKind
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.trend import ComparisonBasis, Direction, comparison_basis, direction_of_travel
from yardstick.core.values import CollectionType, Missing, MissingState, Value, ValueType
from yardstick.framework.models import Period
from yardstick.measures.models import Figure, Measure, RatingKey, Target
from yardstick.measures.rules import unusable_problems
from yardstick.organisations.models import Organisation
from yardstick.querying import CompiledOnce


def unpadded(amount: Decimal | None) -> Decimal | None:
    """A stored amount without the database's padding: DecimalFields keep six places
    ('75.000000'), which are storage, not precision. 100 stays 100, not 1E+2."""
    if amount is None:
        return None
    normal = amount.normalize()
    return normal.quantize(Decimal(1)) if normal.as_tuple().exponent > 0 else normal


def core_value(measure: Measure, figure: Figure | None) -> Value | Missing | None:
    """A figure as the core sees it: a value, a missing state with its note, or nothing."""
    if figure is None:
        return None
    if figure.value is not None:
        return Value(
            amount=unpadded(figure.value),
            value_type=ValueType(measure.value_type),
            numerator=unpadded(figure.numerator),
            denominator=unpadded(figure.denominator),
            decimals=figure.decimals if figure.decimals is not None else measure.decimals,
        )
    if figure.missing_state:
        return Missing(MissingState(figure.missing_state), figure.note)
    return None


def core_forecast(measure: Measure, figure: Figure | None) -> Value | None:
    """The owner's own year-end forecast kept with a figure, as the core sees it; None when
    the owner gave none."""
    if figure is None or figure.forecast is None:
        return None
    return Value(unpadded(figure.forecast), ValueType(measure.value_type))


def core_target(target: Target | None) -> CoreTarget:
    """A stored target as the core sees it. A row that is no target the core can use (a value
    target without its value, a range without an end, a change by both an amount and a
    percentage: the rules refuse each at every door, but an old row or a bug may hold one) is
    no target, so every page shows 'No target set' for it rather than failing."""
    if target is None:
        return NO_TARGET
    translated = _translated(target)
    return NO_TARGET if unusable_problems(translated) else translated


def _translated(target: Target) -> CoreTarget:
    return CoreTarget(
        kind=TargetKind(target.kind),
        value=unpadded(target.value),
        low=unpadded(target.low),
        high=unpadded(target.high),
        change_amount=unpadded(target.change_amount),
        change_percent=unpadded(target.change_percent),
        change_direction=ChangeDirection(target.change_direction)
        if target.change_direction
        else None,
    )


def tolerance_scheme(measure: Measure, target: Target | None) -> ToleranceScheme:
    """The measure's scheme, with the target's per-period override where it has one."""

    def pick(field: str) -> Decimal:
        override = getattr(target, field, None) if target is not None else None
        return override if override is not None else getattr(measure, field)

    kind = target.scheme if target is not None and target.scheme else measure.scheme
    return ToleranceScheme(
        kind=SchemeKind(kind),
        high_green=pick("high_green_threshold"),
        amber=pick("amber_threshold"),
        low_red=pick("low_red_threshold"),
        absolute_tolerance=pick("absolute_tolerance"),
    )


# A target's own tolerance override: any of these set on the target row.
OVERRIDES = (
    "scheme",
    "high_green_threshold",
    "amber_threshold",
    "low_red_threshold",
    "absolute_tolerance",
)


@dataclass(frozen=True)
class Keys:
    """The council keys set in the app (`RatingKey`, docs/keys.md) that a set of measures may
    be rated by: each organisation's key and each measure's own, by id, and the text of each,
    for the fingerprint of what a cached summary was rated by."""

    organisations: Mapping[int, Key] = field(default_factory=dict)
    measures: Mapping[int, Key] = field(default_factory=dict)
    texts: Mapping[tuple[str, int], str] = field(default_factory=dict)

    def fingerprint(self, measure_id: int, organisation_id: int) -> str:
        """The texts of the keys that may rate the measure: any change to either changes it."""
        own = self.texts.get(("measure", measure_id), "")
        general = self.texts.get(("organisation", organisation_id), "")
        return hashlib.blake2b(f"{own}\0{general}".encode(), digest_size=8).hexdigest()


NO_KEYS = Keys()


@lru_cache(maxsize=256)
def key_from_text(text: str) -> Key:
    """A stored key file's key (`core.keys.read_key`), read once per text. A stored key was
    checked when it was set (`key_services.set_rating_key`)."""
    return read_key(text)


def keys_for(organisation_ids: Iterable[int], measure_ids: Iterable[int]) -> Keys:
    """The organisations' keys and the measures' own keys, in one query. A measure's own
    key is kept under the measure's organisation (`key_services.set_rating_key` refuses
    another), so the query asks for the organisations' keys alone: a list of thousands of
    measure ids cost the ORM milliseconds to write into it on every page."""
    wanted = set(measure_ids)
    rows = RatingKey.objects.filter(organisation_id__in=set(organisation_ids)).values_list(
        "organisation_id", "measure_id", "text"
    )
    organisations, measures, texts = {}, {}, {}
    for organisation_id, measure_id, text in rows:
        if measure_id is not None and measure_id not in wanted:
            continue
        if measure_id is None:
            organisations[organisation_id] = key_from_text(text)
            texts[("organisation", organisation_id)] = text
        else:
            measures[measure_id] = key_from_text(text)
            texts[("measure", measure_id)] = text
    return Keys(organisations, measures, texts)


def rated_by(
    measure: Measure, target: Target | None, keys: Keys = NO_KEYS
) -> ToleranceScheme | Key:
    """What a measure's figure in a period is rated by (docs/keys.md, "Which key rates a
    figure"), first that applies: the target's own tolerance override; the measure's own key;
    the measure's own tolerance scheme where it differs from the default; the organisation's
    key; the default scheme."""
    scheme = tolerance_scheme(measure, target)
    if target is not None and any(getattr(target, name) not in (None, "") for name in OVERRIDES):
        return scheme
    own = keys.measures.get(measure.id)
    if own is not None:
        return own
    if scheme != FIVE_BAND:
        return scheme
    return keys.organisations.get(measure.organisation_id, scheme)


@dataclass(frozen=True)
class Assessment:
    """A measure in a period: its figure, target, rating and direction of travel."""

    measure: Measure
    period: Period
    figure: Figure | None
    target: Target | None
    rating: Rating
    direction: Direction
    comparison_period: Period | None
    comparison_figure: Figure | None
    last_year_period: Period | None
    last_year_figure: Figure | None
    previous_period: Period | None
    previous_figure: Figure | None
    previous_target: Target | None
    last_year_target: Target | None
    scheme: ToleranceScheme | Key = FIVE_BAND  # what the rating was given by (`rated_by`)

    @property
    def value(self) -> Value | Missing | None:
        return core_value(self.measure, self.figure)


def related_periods(period: Period, known: Iterable[Period]) -> tuple[Period | None, Period | None]:
    """(previous period, same period last year) among `known`, matched by key."""
    core = period.as_core()
    by_key = {candidate.key: candidate for candidate in known}
    previous = by_key.get(core_periods.previous(core).key)
    last_year = by_key.get(core_periods.same_period_last_year(core).key)
    return previous, last_year


def _periods_of_type(organisation_id: int, period_type: str):
    """The query of `periods_like`, as the ORM writes it: in the models' order within one
    organisation (by start and end, without joining the organisation to sort by its name)."""
    return Period.objects.filter(organisation_id=organisation_id, type=period_type).order_by(
        "start", "end"
    )


# One per period type (the type is a constant of the compiled query; the organisation its
# argument): on the demo a call took 2.5 ms with the ORM writing the query each time, 0.9 ms
# with it written once (benchmarks/README.md, 7 December).
_PERIODS_OF_TYPE = {
    kind: CompiledOnce(partial(_periods_of_type, period_type=kind))
    for kind in core_periods.PeriodType
}


def periods_like(period: Period) -> list[Period]:
    """The organisation's periods of `period`'s type, among which its neighbours are found,
    each holding the organisation it needs to know its own neighbours (`as_core`): `period`'s,
    or read once when `period` has not loaded it. Most pages ask this, so the query is written
    once (`yardstick.querying.CompiledOnce`)."""
    found = list(_PERIODS_OF_TYPE[core_periods.PeriodType(period.type)].raw(period.organisation_id))
    organisation = (
        period.organisation
        if Period._meta.get_field("organisation").is_cached(period)
        else Organisation.objects.get(pk=period.organisation_id)
    )
    return Period.given_organisation(found, organisation)


def comparison_period(
    measure: Measure,
    previous: Period | None,
    last_year: Period | None,
    scheme: ToleranceScheme | Key | None = None,
) -> Period | None:
    """The period `measure`'s direction of travel compares with. A council's key rating the
    figure (`scheme`, from `rated_by`) may say for every measure (its `trend_against`: the
    previous period, or the same period last year); otherwise (`by_measure`, or a tolerance
    scheme) the measure's own rule: the same period last year for cumulative measures (and
    those that ask for it), else the previous period."""
    against = scheme.trend_against if isinstance(scheme, Key) else TrendAgainst.BY_MEASURE
    if against is TrendAgainst.PREVIOUS:
        return previous
    if against is TrendAgainst.LAST_YEAR:
        return last_year
    basis = comparison_basis(
        CollectionType(measure.collection_type), ComparisonBasis(measure.comparison_basis)
    )
    return last_year if basis == ComparisonBasis.SAME_PERIOD_LAST_YEAR else previous


def no_change_tolerance(measure: Measure, scheme: ToleranceScheme | Key) -> Decimal:
    """How small a change is "no change" in the direction of travel: the key's own where the
    key rating the figure sets one, else the measure's."""
    if isinstance(scheme, Key) and scheme.no_change_tolerance is not None:
        return scheme.no_change_tolerance
    return measure.no_change_tolerance


def assess_one(
    measure: Measure,
    period: Period,
    previous: Period | None,
    last_year: Period | None,
    figures: dict[tuple[int, int], Figure],
    targets: dict[tuple[int, int], Target],
    keys: Keys = NO_KEYS,
) -> Assessment:
    def figure_in(p: Period | None) -> Figure | None:
        return figures.get((measure.id, p.id)) if p is not None else None

    def target_in(p: Period | None) -> Target | None:
        return targets.get((measure.id, p.id)) if p is not None else None

    figure = figure_in(period)
    target = target_in(period)
    last_year_figure = figure_in(last_year)
    polarity = Polarity(measure.polarity)
    scheme = rated_by(measure, target, keys)
    rating = rate(
        core_value(measure, figure),
        core_target(target),
        polarity,
        scheme,
        last_year=core_value(measure, last_year_figure),
        agreed=target is None or target.agreed,
    )
    comparison = comparison_period(measure, previous, last_year, scheme)
    comparison_figure = figure_in(comparison)
    range_target = core_target(target) if polarity == Polarity.IN_RANGE else None
    direction = direction_of_travel(
        core_value(measure, figure),
        core_value(measure, comparison_figure),
        polarity,
        no_change_tolerance=no_change_tolerance(measure, scheme),
        comparison_label=comparison.label if comparison else "the last comparable period",
        range_target=range_target,
    )
    return Assessment(
        measure=measure,
        period=period,
        figure=figure,
        target=target,
        rating=rating,
        direction=direction,
        comparison_period=comparison,
        comparison_figure=comparison_figure,
        last_year_period=last_year,
        last_year_figure=last_year_figure,
        previous_period=previous,
        previous_figure=figure_in(previous),
        previous_target=target_in(previous),
        last_year_target=target_in(last_year),
        scheme=scheme,
    )
