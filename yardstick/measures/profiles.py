"""A measure's target profile and trajectory: kept with history, previewed, and set through
`set_targets` (so agreement, the rules and the audit apply). The calculations are the core's
(`yardstick.core.profiles`); the rules are in docs/calculations.md, "Profiled targets and
trajectories".

A target worked out here carries its `source` ("Profiled evenly from 2019/20's 120", "On the
trajectory to 50% by 2020/21"); a target without one was set by hand, and is replaced only
when the person setting the profile says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from django.db import transaction

from yardstick.core import periods as core_periods
from yardstick.core.profiles import (
    PROFILE_LABELS,
    ProfileError,
    ProfileMethod,
    even_shares,
    hand_amounts,
    hand_shares,
    profile,
    shape_shares,
    trajectory,
)
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.targets import TargetKind, format_target
from yardstick.core.values import (
    CollectionType,
    ValueParseError,
    ValueType,
    fits,
    places_of,
    read_amount,
    round_half_up,
)
from yardstick.framework.models import Period
from yardstick.framework.services import ensure_period
from yardstick.measures.assessment import core_target, core_value
from yardstick.measures.models import Figure, FigureStatus, Measure, Target, TargetProfile
from yardstick.measures.rules import BY_HAND_LENGTH
from yardstick.measures.services import TargetRow, change_reason, set_targets

# The years a profile or trajectory may be about: 2000/01 to 2099/00.
FIRST_YEAR, LAST_YEAR = 2000, 2099
OUTTURN = (FigureStatus.APPROVED, FigureStatus.PUBLISHED)


@dataclass(frozen=True)
class ProfileSettings:
    """What the performance team sets: the method, the shares by hand (text, one a period),
    and the trajectory (all four parts, or none)."""

    method: ProfileMethod = ProfileMethod.EVENLY
    by_hand: str = ""
    baseline_year: int | None = None
    baseline: Decimal | None = None
    end_year: int | None = None
    end: Decimal | None = None

    @property
    def has_trajectory(self) -> bool:
        return self.end_year is not None


def settings_of(measure: Measure) -> ProfileSettings:
    """The measure's profile as set, or evenly and no trajectory."""
    row = TargetProfile.objects.filter(measure=measure).first()
    if row is None:
        return ProfileSettings()
    return ProfileSettings(
        ProfileMethod(row.method),
        row.by_hand,
        row.baseline_year,
        _written(measure, row.baseline),
        row.end_year,
        _written(measure, row.end),
    )


def _written(measure: Measure, amount: Decimal | None) -> Decimal | None:
    """A stored amount as the measure writes it: the database keeps six places, so '50.0'
    comes back as 50; it is written with the measure's decimal places (or its own, if more)."""
    if amount is None:
        return None
    return round_half_up(amount, max(places_of(amount), measure.decimals or 0))


def read_by_hand(text: str) -> tuple[list[Decimal], bool]:
    """Shares typed by hand, separated by commas: all percentages ('10%') or all amounts;
    (the figures, whether they are percentages). Raises ProfileError saying why not."""
    items = [item.strip() for item in text.split(",")]
    if not text.strip() or not all(items):
        raise ProfileError("give a share for each period, separated by commas")
    percent = [item.endswith("%") for item in items]
    if any(percent) and not all(percent):
        raise ProfileError("give every share as a percentage ('25%') or every one as an amount")
    found = []
    for item in items:
        try:
            amount = read_amount(item.removesuffix("%"), ValueType.NUMBER).amount
        except ValueParseError as error:
            raise ProfileError(str(error)) from None
        if not fits(amount):
            raise ProfileError(f"'{item}' is too large or has more than 6 decimal places")
        found.append(amount)
    return found, all(percent)


def settings_problems(measure: Measure, settings: ProfileSettings) -> dict[str, str]:
    """Why `settings` cannot be kept for `measure`, by field; {} when they can. Every door
    (the page, the demo) asks this."""
    problems = {}
    if len(settings.by_hand) > BY_HAND_LENGTH:
        problems["by_hand"] = f"Give the shares in {BY_HAND_LENGTH} characters or fewer."
    elif settings.method == ProfileMethod.BY_HAND:
        parts = len(_parts_of(measure, FIRST_YEAR))
        try:
            figures, _ = read_by_hand(settings.by_hand)
            if not parts:
                problems["by_hand"] = "An annual or termly measure has no periods to share into."
            elif len(figures) != parts:
                problems["by_hand"] = (
                    f"Give {parts} shares, one for each period of the year, not {len(figures)}."
                )
        except ProfileError as error:
            problems["by_hand"] = f"{str(error)[:1].upper()}{str(error)[1:]}."
    parts = (settings.baseline_year, settings.baseline, settings.end_year, settings.end)
    if any(part is not None for part in parts) and any(part is None for part in parts):
        problems["end"] = (
            "A trajectory needs its baseline year and value, and its end year and value."
        )
    elif settings.has_trajectory:
        for name in ("baseline_year", "end_year"):
            if not FIRST_YEAR <= getattr(settings, name) <= LAST_YEAR:
                problems[name] = f"Give a year from {FIRST_YEAR} to {LAST_YEAR}."
        for name in ("baseline", "end"):
            if not fits(getattr(settings, name)):
                problems[name] = "That amount is too large or has more than 6 decimal places."
        if not problems:
            try:
                trajectory(
                    settings.baseline_year, settings.baseline, settings.end_year, settings.end
                )
            except ProfileError as error:
                problems["end_year"] = f"{str(error)[:1].upper()}{str(error)[1:]}."
    return problems


class ProfileRefused(Exception):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems


@transaction.atomic
def set_profile(measure: Measure, settings: ProfileSettings, acting_user) -> TargetProfile:
    """Keep `measure`'s profile method, shares by hand and trajectory, with history.
    Refused with ProfileRefused (by field) when the rules refuse them."""
    problems = settings_problems(measure, settings)
    if problems:
        raise ProfileRefused(problems)
    row = TargetProfile.objects.select_for_update().filter(measure=measure).first()
    row = row or TargetProfile(measure=measure)
    row.method = settings.method
    row.by_hand = settings.by_hand.strip()
    row.baseline_year, row.baseline = settings.baseline_year, settings.baseline
    row.end_year, row.end = settings.end_year, settings.end
    row._history_user = acting_user
    row._change_reason = change_reason(f"Target profile: {PROFILE_LABELS[settings.method]}")
    row.save()
    return row


def _parts_of(measure: Measure, year: int) -> list[core_periods.Period]:
    """The periods of `measure`'s frequency in the financial year starting in `year`."""
    start = measure.organisation.financial_year_start_month
    period_type = core_periods.period_type_for(core_periods.Frequency(measure.frequency))
    if period_type in (core_periods.PeriodType.YEAR, core_periods.PeriodType.TERM):
        return []
    return core_periods.periods_in(core_periods.financial_year(year, start), period_type)


def year_shares(
    measure: Measure,
    settings: ProfileSettings,
    parts: list[core_periods.Period],
    year_target: CoreTarget,
    last_year: dict[str, Decimal],
) -> list[Fraction]:
    """The shares of the year's periods by the measure's method; `last_year` is the
    outturn by period key (approved and published figures). Raises ProfileError."""
    if settings.method == ProfileMethod.LAST_YEAR:
        before = [core_periods.same_period_last_year(part) for part in parts]
        cumulative = measure.collection_type == CollectionType.CUMULATIVE
        return shape_shares(
            [(period, last_year.get(period.key)) for period in before], cumulative=cumulative
        )
    if settings.method == ProfileMethod.BY_HAND:
        figures, percent = read_by_hand(settings.by_hand)
        if len(figures) != len(parts):
            raise ProfileError(f"give {len(parts)} shares, one for each period of the year")
        if percent:
            return hand_shares(figures)
        if year_target.kind != TargetKind.VALUE:
            raise ProfileError("amounts by hand share out a single figure, not a range")
        return hand_amounts(figures, year_target.value)
    return even_shares(len(parts))


def outturn(measure: Measure, keys: list[str]) -> dict[str, Decimal]:
    """`measure`'s approved and published figures in the periods with `keys`: one query."""
    return outturn_by_measure([measure.id], keys).get(measure.id, {})


def profiled_source(settings: ProfileSettings, year_label: str, year_text: str) -> str:
    """Where a profiled target came from, as the measure page prints it."""
    return f"Profiled {PROFILE_LABELS[settings.method]} from {year_label}'s {year_text}"


@dataclass(frozen=True)
class Proposed:
    """One target the profile or trajectory would set, beside the one there now."""

    measure: Measure
    period: Period
    target: CoreTarget
    printed: str
    source: str
    current: Target | None

    @property
    def current_text(self) -> str:
        """The target there now, as printed."""
        target = _as_written(self.measure, core_target(self.current))
        return format_target(target, ValueType(self.measure.value_type))

    @property
    def locked(self) -> bool:
        return self.period.is_published

    @property
    def by_hand(self) -> bool:
        """A target someone set by hand (no source) that this would change."""
        if self.current is None or self.current.source:
            return False
        return core_target(self.current) != self.target

    @property
    def unchanged(self) -> bool:
        return (
            self.current is not None
            and core_target(self.current) == self.target
            and self.current.source == self.source
        )


def _proposals(measure: Measure, wanted: list[tuple[core_periods.Period, CoreTarget, str]]):
    organisation = measure.organisation
    found = {
        period.key: period
        for period in Period.objects.filter(
            organisation=organisation, key__in=[core.key for core, _, _ in wanted]
        )
    }
    # A period not made yet is made when its target is set, not by a preview.
    periods = [
        found.get(core.key)
        or Period(
            organisation=organisation,
            key=core.key,
            type=core.type,
            start=core.start,
            end=core.end,
            label=core.label,
        )
        for core, _, _ in wanted
    ]
    current = {
        target.period_id: target
        for target in Target.objects.filter(
            measure=measure, period__in=[p for p in periods if p.pk]
        )
    }
    value_type = ValueType(measure.value_type)
    return [
        Proposed(
            measure,
            period,
            target,
            format_target(target, value_type),
            source,
            current.get(period.pk) if period.pk else None,
        )
        for period, (_, target, source) in zip(periods, wanted, strict=True)
    ]


def preview_profile(measure: Measure, settings: ProfileSettings, year: int) -> list[Proposed]:
    """The targets profiling `measure`'s target for the financial year starting in `year`
    would set in its periods. Raises ProfileError saying why it cannot be done."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ProfileError(f"choose a year from {FIRST_YEAR} to {LAST_YEAR}")
    parts = _parts_of(measure, year)
    if not parts:
        raise ProfileError("an annual or termly measure has no periods to profile a year into")
    start = measure.organisation.financial_year_start_month
    year_core = core_periods.financial_year(year, start)
    row = Target.objects.filter(measure=measure, period__key=year_core.key).first()
    year_target = core_target(row)
    if year_target.kind not in (TargetKind.VALUE, TargetKind.RANGE):
        raise ProfileError(
            f"there is no target for {year_core.label} to profile: set the year's target (or a"
            " trajectory) first"
        )
    year_target = _as_written(measure, year_target)
    before = [core_periods.same_period_last_year(part).key for part in parts]
    shares = year_shares(measure, settings, parts, year_target, outturn(measure, before))
    cumulative = measure.collection_type == CollectionType.CUMULATIVE
    targets = profile(year_target, shares, cumulative=cumulative)
    printed = format_target(year_target, ValueType(measure.value_type))
    source = profiled_source(settings, year_core.label, printed)
    return _proposals(measure, [(part, t, source) for part, t in zip(parts, targets, strict=True)])


def _as_written(measure: Measure, target: CoreTarget) -> CoreTarget:
    return replace(
        target,
        value=_written(measure, target.value),
        low=_written(measure, target.low),
        high=_written(measure, target.high),
    )


def trajectory_baseline(measure: Measure, settings: ProfileSettings) -> str:
    """The trajectory's baseline as the profile page prints it: '76.00% in 2018/19'."""
    start = measure.organisation.financial_year_start_month
    baseline = format_target(
        CoreTarget(TargetKind.VALUE, value=settings.baseline), ValueType(measure.value_type)
    )
    return f"{baseline} in {core_periods.year_label(settings.baseline_year, start)}"


def trajectory_source(measure: Measure, settings: ProfileSettings) -> str:
    start = measure.organisation.financial_year_start_month
    end = format_target(
        CoreTarget(TargetKind.VALUE, value=settings.end), ValueType(measure.value_type)
    )
    return f"On the trajectory to {end} by {core_periods.year_label(settings.end_year, start)}"


def preview_trajectory(measure: Measure, settings: ProfileSettings) -> list[Proposed]:
    """The year targets `measure`'s trajectory would set. Raises ProfileError."""
    if not settings.has_trajectory:
        raise ProfileError("set the trajectory's baseline and end first")
    start = measure.organisation.financial_year_start_month
    years = trajectory(settings.baseline_year, settings.baseline, settings.end_year, settings.end)
    source = trajectory_source(measure, settings)
    return _proposals(
        measure,
        [
            (
                core_periods.financial_year(item.year, start),
                CoreTarget(TargetKind.VALUE, value=item.value),
                source,
            )
            for item in years
        ],
    )


class HandSetTargets(Exception):
    """Targets set by hand that the profile would change: the page lists them and asks."""

    def __init__(self, proposals: list[Proposed]) -> None:
        super().__init__(", ".join(p.period.label for p in proposals))
        self.proposals = proposals


@transaction.atomic
def apply_proposals(
    proposals: list[Proposed], acting_user, *, replace_by_hand: bool, reason: str
) -> int:
    """Set the proposed targets through `set_targets`: published periods are kept, targets
    already as proposed are left, and targets set by hand are changed only with
    `replace_by_hand` (HandSetTargets lists them otherwise). How many were set."""
    wanted = [p for p in proposals if not p.locked and not p.unchanged]
    by_hand = [p for p in wanted if p.by_hand]
    if by_hand and not replace_by_hand:
        raise HandSetTargets(by_hand)
    rows = [
        TargetRow(
            p.measure,
            p.period if p.period.pk else ensure_period(p.measure.organisation, p.period.as_core()),
            p.target,
            source=p.source,
        )
        for p in wanted
    ]
    set_targets(rows, acting_user, reason=reason)
    return len(rows)


def settings_by_measure(ids: list[int]) -> dict[int, ProfileSettings]:
    """The profile of each measure in `ids` that has one: one query."""
    return {
        row.measure_id: ProfileSettings(ProfileMethod(row.method), row.by_hand)
        for row in TargetProfile.objects.filter(measure_id__in=ids)
    }


def last_year_keys(period: core_periods.Period) -> list[str]:
    """The keys of every month and quarter of the year before `period`'s financial year: the
    periods a shape for `period`'s year may be taken from."""
    year = core_periods.same_period_last_year(period.financial_year)
    return [
        part.key
        for period_type in (core_periods.PeriodType.MONTH, core_periods.PeriodType.QUARTER)
        for part in core_periods.periods_in(year, period_type)
    ]


def outturn_by_measure(ids: list[int], keys: list[str]) -> dict[int, dict[str, Decimal]]:
    """The approved and published figures of the measures in `ids` in the periods with `keys`,
    by measure and period key: one query."""
    found: dict[int, dict[str, Decimal]] = {}
    for figure in Figure.objects.filter(
        measure_id__in=ids, period__key__in=keys, status__in=OUTTURN, value__isnull=False
    ).select_related("measure", "period"):
        value = core_value(figure.measure, figure)
        found.setdefault(figure.measure_id, {})[figure.period.key] = value.amount
    return found


def opening_target(
    measure: Measure,
    settings: ProfileSettings,
    period: core_periods.Period,
    year_target: CoreTarget,
    last_year: dict[str, Decimal],
) -> tuple[CoreTarget, str]:
    """A cumulative measure's target for `period` as it opens, from the year's target by the
    measure's profile method, and where it came from. When the method cannot be followed (no
    figure last year, shares that do not fit) it is profiled evenly, and the source says why."""
    parts = core_periods.periods_in(period.financial_year, period.type)
    year_label = period.financial_year.label
    printed = format_target(year_target, ValueType(measure.value_type))
    try:
        shares = year_shares(measure, settings, parts, year_target, last_year)
        source = profiled_source(settings, year_label, printed)
    except ProfileError as error:
        shares = even_shares(len(parts))
        source = f"{profiled_source(ProfileSettings(), year_label, printed)} ({error})"
    targets = profile(year_target, shares, cumulative=True)
    return targets[parts.index(period)], source
