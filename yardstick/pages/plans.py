"""The plan page: the golden thread from the community plan through the corporate plan's
themes and priorities and the directorate and team plans, down to the measures, key projects
and their owners, with the years each plan covers. Read in a fixed number of queries whatever
the number of plans, themes, measures or projects."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from yardstick.accounts.access import internal_reader_required
from yardstick.actions.models import KeyAction
from yardstick.framework.models import Plan, Theme, ThemeKind
from yardstick.measures.models import Measure
from yardstick.organisations.models import OrganisationUnit


@dataclass(frozen=True)
class Named:
    """A measure or a key project as the thread lists it: code, title, owner (and status)."""

    code: str
    title: str
    owner: str
    status: str = ""


@dataclass
class ThemeNode:
    theme: Theme
    priorities: list[ThemeNode] = field(default_factory=list)
    measures: list[Named] = field(default_factory=list)
    projects: list[Named] = field(default_factory=list)


@dataclass
class PlanNode:
    plan: Plan
    themes: list[ThemeNode] = field(default_factory=list)
    children: list[PlanNode] = field(default_factory=list)
    unit_measures: int = 0  # active measures of the plan's unit and the units under it


def _name(first: str | None, last: str | None, username: str | None) -> str:
    return f"{first or ''} {last or ''}".strip() or (username or "")


def golden_thread(organisation_id: int, financial_year: int) -> list[PlanNode]:
    """The year's plans as trees (each top plan with the plans under it), each with its
    themes, their priorities, measures and key projects, in seven queries."""
    plans = list(
        Plan.objects.filter(organisation_id=organisation_id, financial_year=financial_year)
        .select_related("unit")
        .order_by("kind", "title")
    )
    nodes = {plan.id: PlanNode(plan) for plan in plans}
    themes = list(
        Theme.objects.filter(plan__in=plans)
        .select_related("portfolio_holder")
        .order_by("position", "title")
    )
    theme_nodes = {theme.id: ThemeNode(theme) for theme in themes}
    for theme in themes:
        if theme.kind == ThemeKind.PRIORITY and theme.parent_id in theme_nodes:
            theme_nodes[theme.parent_id].priorities.append(theme_nodes[theme.id])
        else:
            nodes[theme.plan_id].themes.append(theme_nodes[theme.id])
    linked = (
        Measure.themes.through.objects.filter(theme__in=themes, measure__lifecycle="active")
        .order_by("measure__code")
        .values_list(
            "theme_id",
            "measure__code",
            "measure__title",
            "measure__owner__first_name",
            "measure__owner__last_name",
            "measure__owner__username",
        )
    )
    for theme_id, code, title, *owner in linked:
        theme_nodes[theme_id].measures.append(Named(code, title, _name(*owner)))
    projects = (
        KeyAction.objects.filter(theme__in=themes)
        .order_by("position", "code")
        .values_list(
            "theme_id",
            "code",
            "title",
            "owner__first_name",
            "owner__last_name",
            "owner__username",
            "status",
        )
    )
    statuses = dict(KeyAction._meta.get_field("status").choices)
    for theme_id, code, title, first, last, username, status in projects:
        theme_nodes[theme_id].projects.append(
            Named(code, title, _name(first, last, username), statuses.get(status, status))
        )
    # Each unit's active measures, with those of the units under it.
    parents = dict(
        OrganisationUnit.objects.filter(organisation_id=organisation_id).values_list(
            "id", "parent_id"
        )
    )
    counts: dict[int, int] = defaultdict(int)
    for unit_id, count in (
        Measure.objects.filter(organisation_id=organisation_id, unit__isnull=False)
        .active()
        .order_by()
        .values_list("unit_id")
        .annotate(count=Count("id"))
    ):
        while unit_id is not None:
            counts[unit_id] += count
            unit_id = parents.get(unit_id)
    roots = []
    for node in nodes.values():
        node.unit_measures = counts.get(node.plan.unit_id, 0)
        if node.plan.parent_id in nodes:
            nodes[node.plan.parent_id].children.append(node)
        else:
            roots.append(node)
    return roots


@internal_reader_required
def plans_page(request: HttpRequest) -> HttpResponse:
    organisation_id = request.access.organisation_id
    years = list(
        Plan.objects.filter(organisation_id=organisation_id)
        .order_by("-financial_year")
        .values_list("financial_year", flat=True)
        .distinct()
    )
    year = years[0] if years else None
    asked = request.GET.get("year")
    if asked:
        if (
            not (asked.isdecimal() and asked.isascii() and len(asked) <= 4)
            or int(asked) not in years
        ):
            raise Http404("There are no plans for that year.")
        year = int(asked)
    roots = golden_thread(organisation_id, year) if year is not None else []
    labels = {}
    if roots:
        labels = {
            y: Plan(financial_year=y, organisation=roots[0].plan.organisation).year_label
            for y in years
        }
    return render(
        request,
        "pages/plans.html",
        {"roots": roots, "year": year, "years": labels, "year_label": labels.get(year, "")},
    )
