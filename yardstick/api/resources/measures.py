"""Measures (with their metadata), targets, and each measure's rating as shown in a period
(`measures.shown.shown_ratings`, the function every page uses: never rated again here)."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Query, Router, Schema

from yardstick.api import scope
from yardstick.api.auth import caller_of
from yardstick.api.paging import Paging, PathId, page_of, page_schema, row_id
from yardstick.api.problems import responses
from yardstick.framework.models import Theme
from yardstick.measures.models import Target
from yardstick.measures.shown import Shown, shown_ratings, target_text

router = Router(tags=["Measures"])
READ_ERRORS = responses(400, 401, 404, 422, 429)


def plain(amount) -> str | None:
    """A stored decimal as exact text ('12.5'), or None."""
    return None if amount is None else format(amount.normalize(), "f")


class MeasureOut(Schema):
    id: int
    code: str
    title: str
    definition: str
    guidance: str
    polarity: str
    value_type: str
    decimals: int | None
    rate_per: int | None
    numerator_label: str
    denominator_label: str
    frequency: str
    collection_type: str
    reporting_lag_months: int | None
    data_source: str
    collection_method: str
    known_issues: str
    indicator_type: str
    lifecycle: str
    introduced: date | None
    retired: date | None
    unit_id: int | None
    partnership_id: int | None
    themes: list[int]

    @staticmethod
    def resolve_themes(obj) -> list[int]:
        return [theme.id for theme in obj.themes.all()]


class MeasureFilter(Schema):
    unit: int | None = row_id()
    status: str | None = None  # the lifecycle: active, retired, archived
    theme: int | None = row_id()


class TargetOut(Schema):
    id: int
    measure_id: int
    period_id: int
    kind: str
    as_printed: str
    value: str | None
    low: str | None
    high: str | None
    change_amount: str | None
    change_percent: str | None
    change_direction: str
    agreed: bool  # False: a proposal, which rates nothing until it is agreed
    agreed_by: str
    agreed_on: date | None
    source: str  # where it came from ("Profiled evenly from 2019/20's 120"); blank: by hand

    @staticmethod
    def resolve_as_printed(obj) -> str:
        return target_text(obj.measure, obj)

    @staticmethod
    def resolve_value(obj) -> str | None:
        return plain(obj.value)

    @staticmethod
    def resolve_low(obj) -> str | None:
        return plain(obj.low)

    @staticmethod
    def resolve_high(obj) -> str | None:
        return plain(obj.high)

    @staticmethod
    def resolve_change_amount(obj) -> str | None:
        return plain(obj.change_amount)

    @staticmethod
    def resolve_change_percent(obj) -> str | None:
        return plain(obj.change_percent)


class TargetFilter(Schema):
    period: int | None = row_id()
    measure: int | None = row_id()
    unit: int | None = row_id()


class RatingOut(Schema):
    """A measure in a period as every page shows it."""

    measure_id: int
    measure_code: str
    period_id: int
    period_label: str
    band: str  # B, HG, LG, A, LR, HR, G, R (core.ratings.Band; '' when not rated)
    band_label: str
    reason: str
    trend: str  # improved, no change, deteriorated ('' when there is no comparison)
    trend_text: str
    trend_reason: str
    target: str  # as printed
    actual: str  # as printed
    data_covers: str
    note: str
    commentary: str
    proposed_action: str
    restated: bool
    restatement_reason: str
    not_signed_off: bool
    published: bool
    reports: bool  # a figure, a target or a kept rating in the period

    @staticmethod
    def of(shown: Shown, internal: bool) -> RatingOut:
        """`internal`: the caller reads the organisation internally; the public reads only
        the commentary marked for publication and no proposed action."""
        return RatingOut(
            measure_id=shown.measure.id,
            measure_code=shown.measure.code,
            period_id=shown.period.id,
            period_label=shown.period.label,
            band=shown.band_code,
            band_label=shown.band_label,
            reason=shown.reason,
            trend=shown.trend.value if shown.trend else "",
            trend_text=shown.direction.text,
            trend_reason=shown.trend_reason,
            target=shown.target,
            actual=shown.actual,
            data_covers=shown.data_covers,
            note=shown.note,
            commentary=shown.commentary if internal else shown.public_commentary,
            proposed_action=shown.proposed_action if internal else "",
            restated=shown.restated,
            restatement_reason=shown.restatement_reason,
            not_signed_off=shown.not_signed_off,
            published=shown.is_published,
            reports=shown.reports,
        )


class RatingFilter(Schema):
    period: int = row_id(...)
    measure: int | None = row_id()
    unit: int | None = row_id()


def _measures(access, organisation_id: int):
    return (
        scope.measures(access, organisation_id)
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("id")))
        .order_by("code", "id")
    )


@router.get(
    "/organisations/{slug}/measures",
    response={200: page_schema(MeasureOut, "MeasurePage"), **READ_ERRORS},
)
def list_measures(
    request: HttpRequest, slug: str, paging: Query[Paging], filters: Query[MeasureFilter]
):
    found = scope.organisation(slug)
    rows = _measures(caller_of(request).access(found.id), found.id)
    if filters.unit is not None:
        rows = rows.filter(unit_id=filters.unit)
    if filters.status:
        rows = rows.filter(lifecycle=filters.status)
    if filters.theme is not None:
        rows = rows.filter(themes__id=filters.theme)
    return page_of(rows, paging)


@router.get(
    "/organisations/{slug}/measures/{measure_id}", response={200: MeasureOut, **READ_ERRORS}
)
def get_measure(request: HttpRequest, slug: str, measure_id: PathId):
    found = scope.organisation(slug)
    access = caller_of(request).access(found.id)
    scope.measure(access, found.id, measure_id)  # not found, or not readable: 404
    return _measures(access, found.id).get(pk=measure_id)


@router.get(
    "/organisations/{slug}/targets",
    response={200: page_schema(TargetOut, "TargetPage"), **READ_ERRORS},
)
def list_targets(
    request: HttpRequest, slug: str, paging: Query[Paging], filters: Query[TargetFilter]
):
    """Targets of the periods the caller may read (published ones, for the public)."""
    found = scope.organisation(slug)
    access = caller_of(request).access(found.id)
    rows = (
        Target.objects.filter(
            measure__in=scope.measures(access, found.id),
            period__in=scope.periods(access, found.id),
        )
        .select_related("measure")
        .order_by("period_id", "measure__code", "id")
    )
    if filters.period is not None:
        rows = rows.filter(period_id=filters.period)
    if filters.measure is not None:
        rows = rows.filter(measure_id=filters.measure)
    if filters.unit is not None:
        rows = rows.filter(measure__unit_id=filters.unit)
    return page_of(rows, paging)


@router.get(
    "/organisations/{slug}/ratings",
    response={200: page_schema(RatingOut, "RatingPage"), **READ_ERRORS},
)
def list_ratings(
    request: HttpRequest, slug: str, paging: Query[Paging], filters: Query[RatingFilter]
):
    """Each measure's rating in a period as the pages show it: for a published period the
    rating kept when it was published (or its restatement), for an open one the rating now
    from the figures the caller may see. The public reads published periods only."""
    found = scope.organisation(slug)
    access = caller_of(request).access(found.id)
    period = scope.period(access, found.id, filters.period)
    rows = scope.measures(access, found.id).order_by("code", "id")
    if filters.measure is not None:
        rows = rows.filter(pk=filters.measure)
    if filters.unit is not None:
        rows = rows.filter(unit_id=filters.unit)
    page = page_of(rows, paging)
    shown = shown_ratings(page["items"], [period], access)
    internal = access.reads_internally(found.id)
    page["items"] = [RatingOut.of(shown[(m.id, period.id)], internal) for m in page["items"]]
    return page
