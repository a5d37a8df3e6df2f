"""Organisations, their units, plans, themes and periods."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from yardstick.api import scope
from yardstick.api.auth import caller_of
from yardstick.api.paging import Paging, PathId, QueryId, QueryYear, page_of, page_schema
from yardstick.api.problems import responses
from yardstick.framework.models import Plan, Theme
from yardstick.organisations.models import Organisation, OrganisationUnit

router = Router(tags=["Framework"])
READ_ERRORS = responses(400, 401, 404, 422, 429)


class OrganisationOut(Schema):
    slug: str
    name: str
    financial_year_start_month: int


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None


class PlanOut(Schema):
    id: int
    code: str
    title: str
    kind: str
    financial_year: int
    description: str
    parent_id: int | None
    unit_id: int | None


class ThemeOut(Schema):
    id: int
    plan_id: int
    code: str
    title: str
    kind: str
    description: str
    parent_id: int | None
    position: int


class PeriodOut(Schema):
    id: int
    key: str
    label: str
    type: str
    start: date
    end: date
    status: str
    deadline: date | None
    published_at: datetime | None


class PeriodFilter(Schema):
    status: str | None = None
    type: str | None = None


@router.get(
    "/organisations",
    response={200: page_schema(OrganisationOut, "OrganisationPage"), **READ_ERRORS},
)
def list_organisations(request: HttpRequest, paging: Query[Paging]):
    return page_of(Organisation.objects.order_by("name"), paging)


@router.get("/organisations/{slug}", response={200: OrganisationOut, **READ_ERRORS})
def get_organisation(request: HttpRequest, slug: str):
    return scope.organisation(slug)


@router.get(
    "/organisations/{slug}/units",
    response={200: page_schema(UnitOut, "UnitPage"), **READ_ERRORS},
)
def list_units(request: HttpRequest, slug: str, paging: Query[Paging]):
    found = scope.organisation(slug)
    rows = OrganisationUnit.objects.filter(organisation=found).order_by("code", "id")
    return page_of(rows, paging)


@router.get(
    "/organisations/{slug}/plans",
    response={200: page_schema(PlanOut, "PlanPage"), **READ_ERRORS},
)
def list_plans(
    request: HttpRequest, slug: str, paging: Query[Paging], financial_year: QueryYear = None
):
    found = scope.organisation(slug)
    rows = Plan.objects.filter(organisation=found).order_by("-financial_year", "code", "id")
    if financial_year is not None:
        rows = rows.filter(financial_year=financial_year)
    return page_of(rows, paging)


@router.get(
    "/organisations/{slug}/themes",
    response={200: page_schema(ThemeOut, "ThemePage"), **READ_ERRORS},
)
def list_themes(request: HttpRequest, slug: str, paging: Query[Paging], plan: QueryId = None):
    found = scope.organisation(slug)
    rows = Theme.objects.filter(plan__organisation=found).order_by("plan_id", "position", "id")
    if plan is not None:
        rows = rows.filter(plan_id=plan)
    return page_of(rows, paging)


@router.get(
    "/organisations/{slug}/periods",
    response={200: page_schema(PeriodOut, "PeriodPage"), **READ_ERRORS},
)
def list_periods(
    request: HttpRequest, slug: str, paging: Query[Paging], filters: Query[PeriodFilter]
):
    """Periods, newest first. The public sees published periods only."""
    found = scope.organisation(slug)
    access = caller_of(request).access(found.id)
    rows = scope.periods(access, found.id).order_by("-start", "end", "id")
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.type:
        rows = rows.filter(type=filters.type)
    return page_of(rows, paging)


@router.get("/organisations/{slug}/periods/{period_id}", response={200: PeriodOut, **READ_ERRORS})
def get_period(request: HttpRequest, slug: str, period_id: PathId):
    found = scope.organisation(slug)
    return scope.period(caller_of(request).access(found.id), found.id, period_id)
