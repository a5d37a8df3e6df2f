"""Data quality statements (`measures.statements`): each measure's signed-off statement, the
version the measure page shows every reader of the organisation. People of the organisation
only, as the measure page: a statement has no publishing step, so the public site shows none
and the public API reads none (401 without a token, 403 for someone of no role). Drafts stay on
the statement page, for those who write or sign them off; every version is in the measure
page's Changes table. Writes are the statement page's (`measures.statement_services`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from yardstick.api import scope
from yardstick.api.auth import caller_of
from yardstick.api.paging import Paging, PathId, page_of, page_schema, row_id
from yardstick.api.problems import ApiProblem, responses
from yardstick.core.statements import review_overdue
from yardstick.measures.statements import DataQualityStatement

router = Router(tags=["Data quality statements"])
READ_ERRORS = responses(400, 401, 403, 404, 422, 429)


class DimensionOut(Schema):
    dimension: str  # accuracy, validity, reliability, timeliness, relevance, completeness
    text: str
    assessment: str  # met, partly_met, not_met ('' when not assessed)
    assessment_label: str


class StatementOut(Schema):
    id: int
    measure_id: int
    measure_code: str
    version: int
    status: str  # signed_off
    dimensions: list[DimensionOut]
    risk: str  # low, medium, high
    review_date: date | None
    review_overdue: bool
    signed_off_by: str
    signed_off_at: datetime | None

    @staticmethod
    def resolve_measure_code(obj) -> str:
        return obj.measure.code

    @staticmethod
    def resolve_dimensions(obj) -> list[dict]:
        return [
            {"dimension": name, "text": text, "assessment": value, "assessment_label": label}
            for name, text, value, label in obj.dimensions
        ]

    @staticmethod
    def resolve_review_overdue(obj) -> bool:
        return review_overdue(obj.review_date, timezone.localdate())

    @staticmethod
    def resolve_signed_off_by(obj) -> str:
        return str(obj.signed_off_by) if obj.signed_off_by else ""


class StatementFilter(Schema):
    measure: int | None = row_id()
    unit: int | None = row_id()
    risk: Literal["low", "medium", "high"] | None = None


def _statements(request: HttpRequest, slug: str):
    """The signed-off statements of the measures the caller reads; refused to the public."""
    caller = caller_of(request)
    caller.require_signed_in()
    found = scope.organisation(slug)
    access = caller.access(found.id)
    if not access.is_internal_reader:
        raise ApiProblem(
            403, "Data quality statements are read by people of the organisation only."
        )
    return (
        DataQualityStatement.objects.signed_off()
        .filter(measure__in=scope.measures(access, found.id))
        .select_related("measure", "signed_off_by")
        .order_by("measure__code", "measure_id")
    )


@router.get(
    "/organisations/{slug}/statements",
    response={200: page_schema(StatementOut, "StatementPage"), **READ_ERRORS},
)
def list_statements(
    request: HttpRequest, slug: str, paging: Query[Paging], filters: Query[StatementFilter]
):
    """Each measure's signed-off data quality statement (measures with none are left out)."""
    rows = _statements(request, slug)
    if filters.measure is not None:
        rows = rows.filter(measure_id=filters.measure)
    if filters.unit is not None:
        rows = rows.filter(measure__unit_id=filters.unit)
    if filters.risk:
        rows = rows.filter(risk=filters.risk)
    return page_of(rows, paging)


@router.get(
    "/organisations/{slug}/measures/{measure_id}/statement",
    response={200: StatementOut, **READ_ERRORS},
)
def get_statement(request: HttpRequest, slug: str, measure_id: PathId):
    """The measure's signed-off data quality statement; 404 when none is signed off."""
    found = _statements(request, slug).filter(measure_id=measure_id).first()
    if found is None:
        raise Http404("The measure has no signed-off data quality statement.")
    return found
