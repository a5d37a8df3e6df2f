"""The framework's skeleton: organisation units, plans, and the themes and priorities of a plan."""

from __future__ import annotations

from yardstick.framework.models import Plan, PlanKind, Theme, ThemeKind
from yardstick.imports.changes import ChangeSet
from yardstick.imports.kinds.base import (
    ABSENT,
    WHOLE_NUMBER_LIMIT,
    Cells,
    Column,
    ImportContext,
    Kind,
    Wanted,
    diff_records,
    load_users,
    lookup,
    present,
    show_value,
    username,
    usernames,
    write_diff,
    year_label,
)
from yardstick.imports.tables import Table
from yardstick.organisations.models import Organisation, OrganisationUnit, UnitKind


def _parent_key(value, *prefix):
    if value is ABSENT:
        return ABSENT
    return (*prefix, value) if value else None


class UnitsKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        existing = {
            (unit.code,): unit
            for unit in OrganisationUnit.objects.in_organisation(organisation).select_related(
                "parent", "head"
            )
        }
        users = load_users(organisation, usernames(table, "head"))
        wanted, bad = [], set()
        for row in table.rows:
            cells = Cells(row, changes)
            code = cells.text("code", required=True, max_length=40)
            values = {
                "name": cells.text("name", required=True, max_length=200),
                "kind": cells.choice("kind", UnitKind.choices),
                "head": cells.user("head", users),
            }
            parent = cells.text("parent", max_length=40)
            if cells.bad:
                bad.add(row.number)
            if code is not ABSENT:
                wanted.append(Wanted(row, (code,), present(values), _parent_key(parent)))
        diff = diff_records(
            changes,
            model_label="organisation unit",
            wanted=wanted,
            existing=existing,
            make=lambda key: OrganisationUnit(organisation=organisation, code=key[0]),
            show=show_value,
            key_text=lambda key: key[0],
            key_column="code",
            parent_field="parent",
            existing_parent_key=lambda unit: (unit.parent.code,) if unit.parent else None,
            bad_rows=bad,
        )
        changes.steps.append(lambda writer: write_diff(writer, OrganisationUnit, diff, "parent"))
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        units = OrganisationUnit.objects.in_organisation(organisation).select_related(
            "parent", "head"
        )
        return [
            {
                "code": unit.code,
                "name": unit.name,
                "kind": unit.kind,
                "parent": unit.parent.code if unit.parent else "",
                "head": username(unit.head),
            }
            for unit in sorted(units, key=lambda unit: unit.code)
        ]


class PlansKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        existing = {
            (plan.financial_year, plan.code): plan
            for plan in Plan.objects.filter(organisation=organisation).select_related(
                "parent", "unit"
            )
        }
        units = (
            {unit.code: unit for unit in OrganisationUnit.objects.in_organisation(organisation)}
            if "unit" in table.columns
            else {}
        )
        wanted, bad = [], set()
        for row in table.rows:
            cells = Cells(row, changes)
            year = cells.year("year", context.start_month)
            code = cells.text("code", required=True, max_length=40)
            values = {
                "kind": cells.choice("kind", PlanKind.choices),
                "title": cells.text("title", required=True, max_length=300),
                "description": cells.text("description"),
                "unit": lookup(cells, "unit", units, "organisation unit"),
                "first_year": cells.year("horizon_from", context.start_month, required=False),
                "last_year": cells.year("horizon_to", context.start_month, required=False),
            }
            _check_horizon(cells, year, values["first_year"], values["last_year"])
            parent = cells.text("parent", max_length=40)
            if cells.bad:
                bad.add(row.number)
            if year is not ABSENT and code is not ABSENT:
                wanted.append(Wanted(row, (year, code), present(values), _parent_key(parent, year)))
        diff = diff_records(
            changes,
            model_label="plan",
            wanted=wanted,
            existing=existing,
            make=lambda key: Plan(organisation=organisation, financial_year=key[0], code=key[1]),
            show=show_value,
            key_text=lambda key: f"{year_label(key[0], context.start_month)} {key[1]}",
            key_column="code",
            parent_field="parent",
            existing_parent_key=lambda plan: (
                (plan.parent.financial_year, plan.parent.code) if plan.parent else None
            ),
            bad_rows=bad,
        )
        changes.steps.append(lambda writer: write_diff(writer, Plan, diff, "parent"))
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        plans = Plan.objects.filter(organisation=organisation).select_related("parent", "unit")
        if year is not None:
            plans = plans.for_year(year)
        return [
            {
                "year": year_label(plan.financial_year, organisation.financial_year_start_month),
                "code": plan.code,
                "kind": plan.kind,
                "title": plan.title,
                "description": plan.description,
                "parent": plan.parent.code if plan.parent else "",
                "unit": plan.unit.code if plan.unit else "",
                "horizon_from": year_label(
                    plan.first_year, organisation.financial_year_start_month
                ),
                "horizon_to": year_label(plan.last_year, organisation.financial_year_start_month),
            }
            for plan in sorted(plans, key=lambda plan: (plan.financial_year, plan.code))
        ]


def _check_horizon(cells, year, first, last) -> None:
    """A plan's horizon runs forwards and includes the plan's own year (`Plan.clean`'s
    rules, in the file's words)."""
    if not isinstance(year, int):
        return
    low = first if isinstance(first, int) else year
    high = last if isinstance(last, int) else year
    if high < low:
        cells.problem(
            "horizon_to", "is before horizon_from: the horizon cannot end before it starts"
        )
    elif not low <= year <= high:
        column = "horizon_from" if isinstance(first, int) and first > year else "horizon_to"
        cells.problem(column, "leaves out the plan's own year: the horizon must include it")


class ThemesKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        existing = {
            (theme.plan.financial_year, theme.plan.code, theme.code): theme
            for theme in Theme.objects.filter(plan__organisation=organisation).select_related(
                "plan", "parent", "portfolio_holder"
            )
        }
        plans = {
            (plan.financial_year, plan.code): plan
            for plan in Plan.objects.filter(organisation=organisation)
        }
        users = load_users(organisation, usernames(table, "portfolio_holder"))
        wanted, bad = [], set()
        for row in table.rows:
            cells = Cells(row, changes)
            year = cells.year("year", context.start_month)
            plan_code = cells.text("plan", required=True)
            code = cells.text("code", required=True, max_length=40)
            if year is not ABSENT and plan_code is not ABSENT and (year, plan_code) not in plans:
                cells.problem(
                    "plan",
                    f"there is no {year_label(year, context.start_month)} plan '{plan_code}': "
                    "import the plans first",
                )
            values = {
                "kind": cells.choice("kind", ThemeKind.choices, default=ThemeKind.THEME),
                "title": cells.text("title", required=True, max_length=300),
                "description": cells.text("description"),
                "position": cells.integer("position", blank=0, maximum=WHOLE_NUMBER_LIMIT),
                "portfolio_holder": cells.user("portfolio_holder", users),
            }
            parent = cells.text("parent", max_length=40)
            if cells.bad:
                bad.add(row.number)
            if ABSENT not in (year, plan_code, code) and (year, plan_code) in plans:
                wanted.append(
                    Wanted(
                        row,
                        (year, plan_code, code),
                        present(values),
                        _parent_key(parent, year, plan_code),
                    )
                )
        diff = diff_records(
            changes,
            model_label="theme",
            wanted=wanted,
            existing=existing,
            make=lambda key: Theme(plan=plans[key[:2]], code=key[2]),
            show=show_value,
            key_text=lambda key: f"{year_label(key[0], context.start_month)} {key[1]}/{key[2]}",
            key_column="code",
            parent_field="parent",
            existing_parent_key=lambda theme: (
                (theme.plan.financial_year, theme.plan.code, theme.parent.code)
                if theme.parent
                else None
            ),
            bad_rows=bad,
        )
        changes.steps.append(lambda writer: write_diff(writer, Theme, diff, "parent"))
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        themes = Theme.objects.filter(plan__organisation=organisation).select_related(
            "plan", "parent", "portfolio_holder"
        )
        if year is not None:
            themes = themes.filter(plan__financial_year=year)
        ordered = sorted(
            themes,
            key=lambda theme: (theme.plan.financial_year, theme.plan.code, theme.code),
        )
        return [
            {
                "year": year_label(
                    theme.plan.financial_year, organisation.financial_year_start_month
                ),
                "plan": theme.plan.code,
                "code": theme.code,
                "kind": theme.kind,
                "title": theme.title,
                "parent": theme.parent.code if theme.parent else "",
                "description": theme.description,
                "position": str(theme.position),
                "portfolio_holder": username(theme.portfolio_holder),
            }
            for theme in ordered
        ]


UNITS = UnitsKind(
    name="units",
    label="Organisation units",
    description="Directorates, services and teams: the organisation tree.",
    columns=(
        Column("code", True, "A short reference, unique in the council: ASC, ASC-REABLE."),
        Column("name", True, "The unit's name."),
        Column("kind", True, "directorate, service or team."),
        Column("parent", help="The code of the unit it sits in (blank for a directorate)."),
        Column("head", help="The username of its director or head of service."),
    ),
)

PLANS = PlansKind(
    name="plans",
    label="Plans",
    description="The plans of each financial year: community, corporate, directorate, team.",
    columns=(
        Column("year", True, "The financial year: 2018/19."),
        Column("code", True, "A short reference, unique in the year: CORP."),
        Column("kind", True, "community, corporate, directorate or team."),
        Column("title", True, "The plan's title."),
        Column("description", help="Free text."),
        Column("parent", help="The code of the plan it sits under, in the same year."),
        Column("unit", help="The code of the directorate or team a service plan belongs to."),
        Column("horizon_from", help="The first financial year the plan covers: 2018/19."),
        Column("horizon_to", help="The last financial year the plan covers: 2021/22."),
    ),
)

THEMES = ThemesKind(
    name="themes",
    label="Themes and priorities",
    description="The strategic themes of a plan and the priorities under them.",
    columns=(
        Column("year", True, "The plan's financial year: 2018/19."),
        Column("plan", True, "The plan's code."),
        Column("code", True, "A short reference, unique in the plan: BBH."),
        Column("title", True, "The theme's title."),
        Column("kind", help="theme (the default) or priority."),
        Column("parent", help="For a priority: the code of its theme in the same plan."),
        Column("description", help="Free text."),
        Column("position", help="Its place in the plan's order: 1, 2, 3 ... (blank is 0)."),
        Column("portfolio_holder", help="The username of the Cabinet member responsible."),
    ),
)
