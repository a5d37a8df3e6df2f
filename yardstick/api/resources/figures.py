"""Figures: read them as the caller may see them, and enter one (a draft) or submit it for
sign-off. A figure sent here is read by the entry page's own form
(`collection.forms.FigureForm`) and written by the same services (`collection.services`
`save_draft` and `submit_figure`), so a figure the page refuses is refused here, in the
same words."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from yardstick.api import scope
from yardstick.api.auth import caller_of
from yardstick.api.paging import Paging, PathId, page_of, page_schema, row_id
from yardstick.api.problems import ApiProblem, form_errors, responses, summary
from yardstick.api.resources.measures import plain
from yardstick.collection import services
from yardstick.collection.forms import FigureForm
from yardstick.core.periods import Frequency, period_type_for
from yardstick.measures.models import Figure, statuses_seen

router = Router(tags=["Figures"])
READ_ERRORS = responses(400, 401, 404, 422, 429)
WRITE_ERRORS = responses(400, 401, 403, 404, 409, 422, 429)


class FigureOut(Schema):
    id: int
    measure_id: int
    period_id: int
    value: str | None
    numerator: str | None
    denominator: str | None
    missing_state: str
    note: str
    data_covers_start: date | None
    data_covers_end: date | None
    commentary: str
    commentary_published: bool
    proposed_action: str
    forecast: str | None = Field(
        None, description="The owner's own year-end forecast (a cumulative measure's)."
    )
    forecast_reason: str = ""
    status: str
    version: int

    @staticmethod
    def resolve_value(obj) -> str | None:
        return plain(obj.value)

    @staticmethod
    def resolve_forecast(obj) -> str | None:
        return plain(obj.forecast)

    @staticmethod
    def resolve_numerator(obj) -> str | None:
        return plain(obj.numerator)

    @staticmethod
    def resolve_denominator(obj) -> str | None:
        return plain(obj.denominator)


class FigureFilter(Schema):
    period: int | None = row_id()
    measure: int | None = row_id()
    unit: int | None = row_id()
    status: str | None = None


class FigureIn(Schema):
    """A figure as the entry page takes it: the figure as typed ('45.2%', '1,234', '01:36',
    'Yes'), or why there is none; the rest as on the page. `version` is the figure's version
    when it was read (0 for a new one): a figure changed since is refused (409)."""

    action: Literal["save", "submit"] = Field(
        "save", description="save: keep it as a draft; submit: send it for sign-off."
    )
    value: str = Field("", max_length=100)
    numerator: str = Field("", max_length=40)
    denominator: str = Field("", max_length=40)
    missing_state: str = Field("", max_length=40)
    note: str = Field("", max_length=2000)
    data_covers_start: date | None = None
    data_covers_end: date | None = None
    data_covers: str = Field("", max_length=60)
    commentary: str = Field("", max_length=20000)
    commentary_published: bool = Field(
        False,
        description="Publish the commentary on the public site with the figure, as the entry "
        "page's box does.",
    )
    proposed_action: str = Field("", max_length=20000)
    outlier_confirmed: bool = False
    outlier_note: str = Field("", max_length=20000)
    forecast: str = Field(
        "",
        max_length=100,
        description="The owner's own year-end forecast, as typed ('£1,200'), for a "
        "cumulative measure; given with its reason.",
    )
    forecast_reason: str = Field("", max_length=20000)
    version: int = Field(0, ge=0, le=2_147_483_647)

    def as_form_data(self) -> dict[str, str]:
        """What the entry page's form would post."""
        data = {
            name: str(value)
            for name, value in self.dict(
                exclude={"action", "outlier_confirmed", "commentary_published"}
            ).items()
            if value is not None
        }
        for switch in ("outlier_confirmed", "commentary_published"):
            if getattr(self, switch):
                data[switch] = "on"
        return data


@router.get(
    "/organisations/{slug}/figures",
    response={200: page_schema(FigureOut, "FigurePage"), **READ_ERRORS},
)
def list_figures(
    request: HttpRequest, slug: str, paging: Query[Paging], filters: Query[FigureFilter]
):
    """Figures as the scorecards show them: the public reads published figures; people of
    the organisation read figures signed off; those who enter or sign off a measure read
    its drafts and submitted figures too (the performance team: every measure's)."""
    found = scope.organisation(slug)
    access = caller_of(request).access(found.id)
    seen = Q(status__in=statuses_seen(access))
    own = (
        [m.pk for m in scope.measures(access, found.id) if access.can_see_drafts_of(m)]
        if (access.is_internal_reader and not access.is_performance_team)
        else []
    )
    if own:
        seen |= Q(measure_id__in=own)
    rows = (
        Figure.objects.filter(seen)
        .filter(
            measure__in=scope.measures(access, found.id),
            period__in=scope.periods(access, found.id),
        )
        .order_by("period_id", "measure__code", "id")
    )
    if filters.period is not None:
        rows = rows.filter(period_id=filters.period)
    if filters.measure is not None:
        rows = rows.filter(measure_id=filters.measure)
    if filters.unit is not None:
        rows = rows.filter(measure__unit_id=filters.unit)
    if filters.status:
        rows = rows.filter(status=filters.status)
    page = page_of(rows, paging)
    page["items"] = [as_seen(figure, access, found.id) for figure in page["items"]]
    return page


def _measure_and_period(access, organisation_id: int, measure_id: int, period_id: int):
    measure = scope.measure(access, organisation_id, measure_id)
    period = scope.period(access, organisation_id, period_id)
    if period_type_for(Frequency(measure.frequency)) != period.type:
        raise Http404("This measure does not report for that period.")
    return measure, period


@router.get(
    "/organisations/{slug}/measures/{measure_id}/figures/{period_id}",
    response={200: FigureOut, **READ_ERRORS},
)
def get_figure(request: HttpRequest, slug: str, measure_id: PathId, period_id: PathId):
    """One measure's figure for a period, if the caller may see it (its version is what a
    change must send)."""
    found = scope.organisation(slug)
    access = caller_of(request).access(found.id)
    measure, period = _measure_and_period(access, found.id, measure_id, period_id)
    figure = Figure.objects.filter(
        measure=measure, period=period, status__in=statuses_seen(access, measure)
    ).first()
    if figure is None:
        raise Http404("There is no figure you may see for this measure and period.")
    return as_seen(figure, access, found.id)


def as_seen(figure: Figure, access, organisation_id: int) -> Figure:
    """The figure as the caller may read it: the public reads only the commentary marked
    for publication (`Figure.public_commentary`) and no proposed action."""
    if not access.reads_internally(organisation_id):
        figure.commentary, figure.proposed_action = figure.public_commentary, ""
        figure.forecast, figure.forecast_reason = None, ""
    return figure


@router.put(
    "/organisations/{slug}/measures/{measure_id}/figures/{period_id}",
    response={200: FigureOut, **WRITE_ERRORS},
)
def put_figure(
    request: HttpRequest, slug: str, measure_id: PathId, period_id: PathId, body: FigureIn
):
    """Enter a measure's figure for an open period as a draft (`action: save`), or enter it
    and submit it for sign-off (`action: submit`). Needs a token that may write, held by
    someone who may enter the measure's figures. A figure the entry page would refuse is
    refused (422) with the page's messages, by field; nothing is saved."""
    caller = caller_of(request)
    caller.require_write()
    found = scope.organisation(slug)
    access = caller.access(found.id)
    measure, period = _measure_and_period(access, found.id, measure_id, period_id)
    if not access.can_enter(measure):
        raise ApiProblem(403, "You may not enter figures for this measure.")
    if period.is_published:
        raise ApiProblem(
            409,
            f"{period.label} is published: its figures are as the board read them. Only the "
            "performance team may correct them, on the correction page.",
        )
    form = FigureForm(body.as_form_data(), measure=measure, period=period)
    if not form.is_valid():
        errors = form_errors(form)
        raise ApiProblem(422, summary(errors), errors)
    write = services.submit_figure if body.action == "submit" else services.save_draft
    return write(measure, period, form.entry, caller.user, expected_version=body.version)
