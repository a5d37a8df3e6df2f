"""Benchmarking's files: comparator groups (their areas) and other areas' figures for the
council's measures (an LG Inform-style download: area code, area name, period, value), with
the source and the day they were taken. docs/import-formats.md describes both."""

from __future__ import annotations

from yardstick.core.benchmark import AREA_CODE_HELP, is_area_code
from yardstick.core.periods import parse_period
from yardstick.imports.changes import ChangeSet
from yardstick.imports.kinds.base import (
    ABSENT,
    Cells,
    Column,
    ImportContext,
    Kind,
    Wanted,
    diff_records,
    lookup,
    plain,
    present,
    show_value,
    write_diff,
)
from yardstick.imports.tables import Table
from yardstick.measures.comparators import (
    ComparatorGroup,
    ComparatorMember,
    ComparatorValue,
    taken_on_problem,
)
from yardstick.measures.models import Measure
from yardstick.organisations.models import Organisation


def area_code(cells: Cells, column: str):
    """An ONS GSS area code, upper-cased: E09000015."""
    value = cells.text(column, required=True, max_length=9)
    if value is ABSENT:
        return value
    code = value.strip().upper()
    if not is_area_code(code):
        return cells.problem(column, f"'{value}' is not an area code. {AREA_CODE_HELP}")
    return code


class ComparatorGroupsKind(Kind):
    """One row per area of a group; a group's rows repeat its code and name. Areas are added
    or renamed; an area left out of the file stays in its group (remove it in the
    administration)."""

    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        groups = {
            (group.code,): group for group in ComparatorGroup.objects.in_organisation(organisation)
        }
        members = {
            (member.group.code, member.area_code): member
            for member in ComparatorMember.objects.filter(
                group__organisation=organisation
            ).select_related("group")
        }
        wanted_groups: dict[tuple, Wanted] = {}
        wanted_members, bad = [], set()
        for row in table.rows:
            cells = Cells(row, changes)
            code = cells.text("group", required=True, max_length=40)
            name = cells.text("group_name", required=True, max_length=200)
            area = area_code(cells, "area_code")
            area_name = cells.text("area_name", required=True, max_length=200)
            if code is not ABSENT and code and not _is_slug(code):
                code = cells.problem(
                    "group", f"'{code}' is not a code: letters, digits, '-' and '_' only"
                )
            if cells.bad or code is ABSENT:
                bad.add(row.number)
                continue
            first = wanted_groups.get((code,))
            if first is None:
                wanted_groups[(code,)] = Wanted(row, (code,), {"name": name})
            elif first.values["name"] != name:
                changes.problem(
                    row.number,
                    "group_name",
                    f"group {code} is named '{first.values['name']}' on row "
                    f"{first.row.number}; give each group one name",
                )
                bad.add(row.number)
                continue
            wanted_members.append(Wanted(row, (code, area), present({"area_name": area_name})))
        group_diff = diff_records(
            changes,
            model_label="comparator group",
            wanted=list(wanted_groups.values()),
            existing=groups,
            make=lambda key: ComparatorGroup(organisation=organisation, code=key[0]),
            show=show_value,
            key_text=lambda key: key[0],
            key_column="group",
        )
        member_diff = diff_records(
            changes,
            model_label="comparator group area",
            wanted=wanted_members,
            existing=members,
            make=lambda key: ComparatorMember(group=group_diff.by_key[(key[0],)], area_code=key[1]),
            show=show_value,
            key_text=lambda key: f"{key[0]} {key[1]}",
            key_column="area_code",
            bad_rows=bad,
        )

        def write(writer) -> None:
            write_diff(writer, ComparatorGroup, group_diff)
            write_diff(writer, ComparatorMember, member_diff)

        changes.steps.append(write)
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        members = ComparatorMember.objects.filter(group__organisation=organisation).select_related(
            "group"
        )
        return [
            {
                "group": member.group.code,
                "group_name": member.group.name,
                "area_code": member.area_code,
                "area_name": member.area_name,
            }
            for member in sorted(members, key=lambda m: (m.group.code, m.area_code))
        ]


def _is_slug(text: str) -> bool:
    return all(char.isascii() and (char.isalnum() or char in "-_") for char in text)


class ComparatorsKind(Kind):
    """Other areas' figures for the council's measures. The same file imported again
    changes nothing; a figure the source revised is changed, with its history."""

    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        codes = {row.get("measure") for row in table.rows if row.get("measure")}
        measures = {
            measure.code: measure
            for measure in Measure.objects.in_organisation(organisation).filter(code__in=codes)
        }
        existing = {
            (value.measure.code, value.period_key, value.area_code): value
            for value in ComparatorValue.objects.filter(
                measure__organisation=organisation, measure__code__in=codes
            ).select_related("measure")
        }
        wanted, bad = [], set()
        for row in table.rows:
            cells = Cells(row, changes)
            measure = lookup(cells, "measure", measures, "measure")
            if measure is None:
                measure = cells.problem("measure", "is blank; it is needed")
            period = cells.period("period", context.start_month)
            area = area_code(cells, "area_code")
            values = {
                "area_name": cells.text("area_name", required=True, max_length=200),
                "value": cells.decimal("value", blank=None),
                "source": cells.text("source", required=True, max_length=300),
                "taken_on": cells.date("taken_on"),
            }
            if values["value"] is None:
                values["value"] = cells.problem("value", "is blank; it is needed")
            if values["taken_on"] is None:
                values["taken_on"] = cells.problem(
                    "taken_on", "is blank: give the day the figures were taken from the source"
                )
            elif values["taken_on"] is not ABSENT and taken_on_problem(values["taken_on"]):
                values["taken_on"] = cells.problem("taken_on", taken_on_problem(values["taken_on"]))
            if cells.bad or ABSENT in (measure, period, area):
                bad.add(row.number)
                continue
            wanted.append(Wanted(row, (measure.code, period.key, area), present(values)))
        diff = diff_records(
            changes,
            model_label="comparator figure",
            wanted=wanted,
            existing=existing,
            make=lambda key: ComparatorValue(
                measure=measures[key[0]], period_key=key[1], area_code=key[2]
            ),
            show=show_value,
            key_text=lambda key: " ".join(key),
            key_column="area_code",
            bad_rows=bad,
        )
        changes.steps.append(lambda writer: write_diff(writer, ComparatorValue, diff))
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        values = ComparatorValue.objects.filter(measure__organisation=organisation).select_related(
            "measure"
        )
        start_month = organisation.financial_year_start_month
        rows = []
        for value in values:
            period = parse_period(value.period_key, start_month)
            if year is not None and period.financial_year().start.year != year:
                continue
            rows.append(
                {
                    "measure": value.measure.code,
                    "period": value.period_key,
                    "area_code": value.area_code,
                    "area_name": value.area_name,
                    "value": plain(value.value),
                    "source": value.source,
                    "taken_on": value.taken_on.isoformat(),
                }
            )
        return sorted(rows, key=lambda row: (row["measure"], row["period"], row["area_code"]))


COMPARATOR_GROUPS = ComparatorGroupsKind(
    name="comparator-groups",
    label="Comparator groups",
    description="Benchmarking's groups of areas (CIPFA nearest neighbours, London boroughs): "
    "one row per area of a group.",
    columns=(
        Column("group", required=True, help="The group's code, e.g. london"),
        Column("group_name", required=True, help="As pages print it, e.g. London boroughs"),
        Column("area_code", required=True, help="ONS GSS code, e.g. E09000015"),
        Column("area_name", required=True, help="e.g. Harrow"),
    ),
)
COMPARATORS = ComparatorsKind(
    name="comparators",
    label="Comparator figures",
    description="Other areas' figures for the council's measures (an LG Inform-style "
    "download), with their source and the day they were taken.",
    columns=(
        Column("measure", required=True, help="The council's measure code, e.g. NI 155"),
        Column("period", required=True, help="e.g. Q2 2018/19 or 2018-19 Q2"),
        Column("area_code", required=True, help="ONS GSS code, e.g. E09000015"),
        Column("area_name", required=True, help="e.g. Harrow"),
        Column("value", required=True, help="The area's figure, e.g. 45.2"),
        Column("source", required=True, help="e.g. LG Inform metric 1234"),
        Column("taken_on", required=True, help="The day taken from the source: 2019-06-30"),
    ),
)
