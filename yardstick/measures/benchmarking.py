"""How the council compares: a comparator group's figures for its measures, and where its own
figure stands among them. The one answer every page and document asks (the measure page, the
scorecard's columns, their files); the statistics are the core's (`core.benchmark`).

A group's figures for a measure in a period are, by area:
- the council's own figure as the reader is shown it (given by the caller, from
  `shown_ratings` or `shown_summaries`): it is always counted, and an imported value for its
  own area is set aside for it;
- the published figures of other councils in this Yardstick that share theirs
  (`Organisation.share_for_benchmarking`), for a measure with the same code that is not kept
  from publication, in a published period with the same key; nothing else of theirs;
- otherwise the imported comparator values (`ComparatorValue`).
A fixed number of queries, whatever the number of measures, periods and groups.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from yardstick.core.benchmark import Spread, Standing, spread, standing, why_not_ranked
from yardstick.core.ratings import Polarity
from yardstick.core.values import ValueType, format_amount
from yardstick.framework.models import PeriodStatus
from yardstick.measures.comparators import ComparatorGroup, ComparatorValue
from yardstick.measures.models import Figure, FigureStatus, publishable


@dataclass(frozen=True)
class AreaFigure:
    area_code: str
    area_name: str
    amount: Decimal
    source: str  # 'LG Inform (taken 2019-06-30)', 'Shared by Harrow Council', 'Our figure'
    own: bool = False
    shown: str = ""  # the amount as the measure prints it


@dataclass(frozen=True)
class Comparison:
    """One measure's figure against one group in one period."""

    group_name: str
    period_key: str
    period_label: str
    figures: tuple[AreaFigure, ...]  # best first by the measure's polarity
    spread: Spread
    standing: Standing | None  # None: no figure of ours, or a measure with no better end
    value_type: str
    decimals: int | None
    polarity: str
    has_own: bool

    def shown(self, amount: Decimal) -> str:
        return shown_amount(amount, self.value_type, self.decimals)

    @property
    def median(self) -> str:
        return self.shown(self.spread.median)

    @property
    def lower_quartile(self) -> str:
        return self.shown(self.spread.lower_quartile)

    @property
    def upper_quartile(self) -> str:
        return self.shown(self.spread.upper_quartile)

    @property
    def not_ranked(self) -> str:
        """Why there is no rank ('' when there is one)."""
        return why_not_ranked(Polarity(self.polarity), self.has_own)

    @property
    def where(self) -> str:
        """'7th of 33, bottom quartile in London boroughs'; '' when not ranked."""
        if self.standing is None:
            return ""
        return f"{self.standing.rank_text}, {self.standing.quartile.label} in {self.group_name}"

    @property
    def summary(self) -> str:
        """The scorecard's column: where we stand and the group's median."""
        median = f"median {self.median} of {self.spread.count}"
        return f"{self.where}; {median}" if self.where else f"{self.not_ranked}; {median}"


def shown_amount(amount: Decimal, value_type: str, decimals: int | None) -> str:
    """An amount as the measure prints it: in its places, or without the trailing zeros a
    stored amount has (30.000000 is 30) when it has none."""
    if decimals is None:
        exact = amount == amount.to_integral_value()
        amount = amount.quantize(Decimal(1)) if exact else amount.normalize()
    return format_amount(amount, ValueType(value_type), decimals)


def groups_of(organisation) -> list[ComparatorGroup]:
    """The council's comparator groups with their members (two queries)."""
    return list(ComparatorGroup.objects.in_organisation(organisation).prefetch_related("members"))


def group_figures(
    organisation,
    measures: Iterable,
    period_keys: Iterable[str],
    groups: Iterable[ComparatorGroup],
) -> dict[tuple[int, int, str], dict[str, AreaFigure]]:
    """{(group id, measure id, period key): {area code: figure}} of the other areas: the
    shared figures of councils that opted in and the imported values (two queries). `groups`
    come with their members prefetched (`groups_of`)."""
    measures = list(measures)
    keys = list(dict.fromkeys(period_keys))
    groups = list(groups)
    members: dict[int, set[str]] = {
        group.id: {member.area_code for member in group.members.all()} for group in groups
    }
    codes = set().union(*members.values()) if members else set()
    own_code = organisation.area_code
    codes.discard(own_code)
    found: dict[tuple[int, str], dict[str, AreaFigure]] = defaultdict(dict)
    if not measures or not keys or not codes:
        return {}
    imported = (
        ComparatorValue.objects.filter(
            measure__in=[measure.id for measure in measures],
            period_key__in=keys,
            area_code__in=codes,
        )
        .order_by()
        .values_list("measure_id", "period_key", "area_code", "area_name", "value", "source")
    )
    for measure_id, key, code, name, value, source in imported:
        found[(measure_id, key)][code] = AreaFigure(code, name, value, source)
    by_code = defaultdict(list)
    for measure in measures:
        by_code[measure.code].append(measure.id)
    shared = (
        Figure.objects.filter(
            publishable("measure__"),
            status=FigureStatus.PUBLISHED,
            value__isnull=False,
            period__status=PeriodStatus.PUBLISHED,
            period__key__in=keys,
            measure__code__in=list(by_code),
            measure__organisation__share_for_benchmarking=True,
            measure__organisation__area_code__in=codes,
        )
        .exclude(measure__organisation=organisation)
        .order_by()
        .values_list(
            "measure__code",
            "period__key",
            "measure__organisation__area_code",
            "measure__organisation__name",
            "value",
        )
    )
    for code, key, area, name, value in shared:
        for measure_id in by_code[code]:
            found[(measure_id, key)][area] = AreaFigure(area, name, value, f"Shared by {name}")
    return {
        (group.id, measure_id, key): {
            code: figure for code, figure in figures.items() if code in members[group.id]
        }
        for group in groups
        for (measure_id, key), figures in found.items()
    }


def compare(
    organisation,
    measure,
    group: ComparatorGroup,
    period_key: str,
    own: Decimal | None,
    figures: dict[tuple[int, int, str], dict[str, AreaFigure]],
    period_label: str = "",
) -> Comparison | None:
    """`measure`'s figure `own` (None: none shown) against `group` in the period; None when
    the group has no figures for it."""
    others = figures.get((group.id, measure.id, period_key), {})
    if not others:
        return None
    listed = [figure for code, figure in others.items() if code != organisation.area_code]
    if own is not None:
        listed.append(
            AreaFigure(organisation.area_code, organisation.name, own, "Our figure", own=True)
        )
    polarity = Polarity(measure.polarity)
    amounts = [figure.amount for figure in listed]
    descending = polarity != Polarity.LOWER
    listed.sort(key=lambda figure: -figure.amount if descending else figure.amount)
    value_type = ValueType(measure.value_type)
    listed = [
        replace(figure, shown=shown_amount(figure.amount, value_type, measure.decimals))
        for figure in listed
    ]
    return Comparison(
        group_name=group.name,
        period_key=period_key,
        period_label=period_label or period_key,
        figures=tuple(listed),
        spread=spread(amounts),
        standing=standing(own, amounts, polarity) if own is not None else None,
        value_type=measure.value_type,
        decimals=measure.decimals,
        polarity=measure.polarity,
        has_own=own is not None,
    )


@dataclass(frozen=True)
class MeasureComparisons:
    """The measure page's "How we compare": for each group with figures, the latest period
    charted that the group has figures for; and the charted group's spread by period key
    (the chart's comparator band)."""

    comparisons: tuple[Comparison, ...]
    band_group: str
    band: dict[str, Spread]
    # The charted group's comparison in each period it has figures for, oldest first: the
    # table behind the chart's band.
    band_periods: tuple[Comparison, ...] = ()


def measure_comparisons(organisation, measure, history: list) -> MeasureComparisons:
    """`history`: the measure's periods as the reader is shown them (`shown_ratings`), oldest
    first. Four queries."""
    groups = groups_of(organisation)
    keys = [item.period.key for item in history]
    figures = group_figures(organisation, [measure], keys, groups)
    comparisons, band, band_group, band_periods = [], {}, "", ()
    for group in groups:
        found = {}
        for item in history:
            comparison = compare(
                organisation,
                measure,
                group,
                item.period.key,
                item.amount,
                figures,
                item.period.label,
            )
            if comparison is not None:
                found[item.period.key] = (item, comparison)
        if not found:
            continue
        ours = [pair for pair in found.values() if pair[1].standing is not None]
        latest = (ours or list(found.values()))[-1][1]
        comparisons.append(latest)
        if not band:
            band_group = group.name
            band = {key: comparison.spread for key, (_, comparison) in found.items()}
            band_periods = tuple(comparison for _, comparison in found.values())
    return MeasureComparisons(tuple(comparisons), band_group, band, band_periods)


def scorecard_comparisons(
    organisation, group: ComparatorGroup, measures: list, period, own: dict
) -> dict[int, Comparison]:
    """{measure id: its comparison with `group` in the period} for a scorecard's column;
    `own`: {measure id: the council's amount as the reader is shown it}. Three queries."""
    groups = list(ComparatorGroup.objects.filter(pk=group.pk).prefetch_related("members"))
    figures = group_figures(organisation, measures, [period.key], groups)
    found = {}
    for measure in measures:
        comparison = compare(
            organisation, measure, groups[0], period.key, own.get(measure.id), figures, period.label
        )
        if comparison is not None:
            found[measure.id] = comparison
    return found
