"""The risks kind: the risks on the registers, with their scores now, owners and links."""

from __future__ import annotations

from typing import Any

from yardstick.actions.models import KeyAction
from yardstick.framework.models import Theme
from yardstick.imports.changes import Action, ChangeSet, FieldChange, Writer
from yardstick.imports.kinds.base import (
    ABSENT,
    Cells,
    Column,
    ImportContext,
    Kind,
    Wanted,
    depth_levels,
    diff_records,
    load_users,
    lookup,
    present,
    read_theme_reference,
    show_value,
    theme_reference,
    username,
    usernames,
)
from yardstick.imports.kinds.risks.common import (
    LEVEL_COLUMNS,
    LINK_FIELDS,
    LINKS,
    named,
    refused_in_row,
    risk_key,
    shown,
    written,
)
from yardstick.imports.tables import Table
from yardstick.measures.models import Measure
from yardstick.meetings.models import Partner
from yardstick.organisations.models import Organisation
from yardstick.risks.models import (
    Category,
    Register,
    Risk,
    RiskStatus,
)
from yardstick.risks.services import (
    RiskInput,
    RiskRefused,
    check_imported_risk,
    save_risk,
)


class RisksKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        registers = {r.code: r for r in Register.objects.of(organisation.pk)}
        existing = {
            (risk.register.code, risk.reference): risk
            for risk in Risk.objects.of(organisation.pk)
            .select_related("register", "owner", "escalated_from__register")
            .prefetch_related("themes__plan", "measures", "key_actions", "partners")
        }
        was = {key: risk.status for key, risk in existing.items()}
        users = load_users(organisation, usernames(table, "owner"))
        found = self._linkable(organisation, table)
        wanted, links = [], {}
        for row in table.rows:
            cells = Cells(row, changes)
            register = lookup(cells, "register", registers, "risk register")
            if register is None:
                cells.problem("register", "is blank; it is needed")
            reference = cells.text("reference", required=True, max_length=30)
            values = {
                "title": cells.text("title", required=True),
                "category": cells.choice("category", Category.choices),
                "owner": self._owner(cells, users),
                "cause": cells.text("cause"),
                "event": cells.text("event"),
                "effect": cells.text("effect"),
                **{name: cells.integer(name, required=True, maximum=99) for name in LEVEL_COLUMNS},
                "appetite": cells.integer("appetite", maximum=99),
                "review_date": cells.date("review_date"),
                "status": cells.choice("status", RiskStatus.choices, default=RiskStatus.OPEN),
            }
            chosen = {
                "themes": self._themes(cells, found["themes"], context),
                "measures": named(cells, "measures", found["measures"], "measure"),
                "key_projects": named(cells, "key_projects", found["key_projects"], "key project"),
                "partners": named(cells, "partners", found["partners"], "partner"),
            }
            parent = self._parent(cells)
            if cells.bad:
                continue
            key = (register.code, reference)
            links[key] = chosen
            wanted.append(Wanted(row, key, present(values), parent))
        diff = diff_records(
            changes,
            model_label="risk",
            wanted=wanted,
            existing=existing,
            make=lambda key: Risk(register=registers[key[0]], reference=key[1]),
            show=shown,
            key_text=lambda key: f"{key[0]}/{key[1]}",
            key_column="reference",
            parent_field="escalated_from",
            parent_column="escalated_from",
            existing_parent_key=lambda risk: (
                (risk.escalated_from.register.code, risk.escalated_from.reference)
                if risk.escalated_from
                else None
            ),
        )
        self._diff_links(changes, diff, wanted, links)
        rows = {id(diff.by_key[item.key]): (item.row.number, item.key) for item in wanted}
        inputs = {}
        for risk in [*diff.new, *diff.changed]:
            row, key = rows[id(risk)]
            inputs[id(risk)] = given = _input(risk, links[key])
            try:
                check_imported_risk(risk, given, was.get(key))
            except RiskRefused as refused:
                refused_in_row(changes, row, refused)

        def write(writer: Writer) -> None:
            def save(risk: Risk) -> None:
                risk.escalated_from = risk.escalated_from  # its id, now that it is saved
                save_risk(risk, inputs[id(risk)], writer.acting_user, reason=writer.reason)

            for level in depth_levels(diff.new, lambda risk: risk.escalated_from):
                for risk in level:
                    written(lambda risk=risk: save(risk))
            for risk in diff.changed:
                written(lambda risk=risk: save(risk))

        changes.steps.append(write)
        return changes

    @staticmethod
    def _owner(cells: Cells, users: dict) -> Any:
        owner = cells.user("owner", users)
        if owner is None:
            return cells.problem("owner", "is blank; it is needed: the owner's username")
        return owner

    @staticmethod
    def _parent(cells: Cells) -> Any:
        if not cells.has("escalated_from"):
            return ABSENT
        value = cells.raw("escalated_from")
        if not value:
            return None
        code, slash, reference = value.partition("/")
        if not slash or not code.strip() or not reference.strip():
            return cells.problem(
                "escalated_from",
                f"'{value}' is not a risk: write its register's code, '/' and its reference, "
                "like 'PEO/PEO-01'",
            )
        return (code.strip(), reference.strip())

    @staticmethod
    def _themes(cells: Cells, themes: dict, context: ImportContext) -> Any:
        if not cells.has("themes"):
            return ABSENT
        chosen = []
        for text in cells.raw("themes").split(";"):
            if not text.strip():
                continue
            try:
                reference = read_theme_reference(text, context.start_month)
            except ValueError as error:
                return cells.problem("themes", str(error))
            if reference not in themes:
                return cells.problem("themes", f"there is no theme '{text.strip()}'")
            chosen.append(themes[reference])
        return chosen

    @staticmethod
    def _linkable(organisation: Organisation, table: Table) -> dict[str, dict]:
        themes = {}
        if "themes" in table.columns:
            for theme in Theme.objects.filter(plan__organisation=organisation).select_related(
                "plan"
            ):
                themes[(theme.plan.financial_year, theme.plan.code, theme.code)] = theme
        return {
            "themes": themes,
            "measures": {m.code: m for m in Measure.objects.in_organisation(organisation)}
            if "measures" in table.columns
            else {},
            "key_projects": {a.code: a for a in KeyAction.objects.in_organisation(organisation)}
            if "key_projects" in table.columns
            else {},
            "partners": {p.name: p for p in Partner.objects.filter(organisation=organisation)}
            if "partners" in table.columns
            else {},
        }

    @staticmethod
    def _diff_links(changes: ChangeSet, diff, wanted: list[Wanted], links: dict) -> None:
        """Note each risk whose themes, measures, key projects or partners the file changes,
        and keep the links it leaves out as they are."""
        by_row = {change.row: change for change in changes.changes if change.model == "risk"}
        for item in wanted:
            risk = diff.by_key[item.key]
            change = by_row.get(item.row.number)
            for name in LINKS:
                field = LINK_FIELDS.get(name, name)
                current = list(getattr(risk, field).all()) if risk.pk else []
                after = links[item.key][name]
                if after is ABSENT:
                    links[item.key][name] = current
                    continue
                if {row.pk for row in current} == {row.pk for row in after}:
                    continue
                if change is None or risk.pk is None:
                    continue
                change.fields.append(
                    FieldChange(
                        name.replace("_", " "),
                        "; ".join(sorted(_link_name(row) for row in current)),
                        "; ".join(sorted(_link_name(row) for row in after)),
                    )
                )
                if change.action == Action.UNCHANGED:
                    counter = changes.counts["risk"]
                    counter[Action.UNCHANGED] -= 1
                    counter[Action.CHANGE] += 1
                    change.action = Action.CHANGE
                    diff.changed.append(risk)

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        risks = (
            Risk.objects.of(organisation.pk)
            .select_related("register", "owner", "escalated_from__register")
            .prefetch_related("themes__plan__organisation", "measures", "key_actions", "partners")
        )
        return [
            {
                "register": risk.register.code,
                "reference": risk.reference,
                "title": risk.title,
                "category": risk.category,
                "owner": username(risk.owner),
                "cause": risk.cause,
                "event": risk.event,
                "effect": risk.effect,
                **{name: str(getattr(risk, name)) for name in LEVEL_COLUMNS},
                "appetite": "" if risk.appetite is None else str(risk.appetite),
                "review_date": show_value("review_date", risk.review_date),
                "status": risk.status,
                "escalated_from": risk_key(risk.escalated_from) if risk.escalated_from else "",
                "themes": "; ".join(sorted(theme_reference(t) for t in risk.themes.all())),
                "measures": "; ".join(sorted(m.code for m in risk.measures.all())),
                "key_projects": "; ".join(sorted(a.code for a in risk.key_actions.all())),
                "partners": "; ".join(sorted(p.name for p in risk.partners.all())),
            }
            for risk in sorted(risks, key=lambda risk: (risk.register.code, risk.reference))
        ]


def _link_name(row) -> str:
    if isinstance(row, Theme):
        return f"{row.plan.code}/{row.code}"
    return getattr(row, "code", None) or getattr(row, "name", str(row))


def _input(risk: Risk, links: dict) -> RiskInput:
    return RiskInput(
        title=risk.title,
        category=risk.category,
        owner=risk.owner if risk.owner_id else None,
        **{name: getattr(risk, name) for name in LEVEL_COLUMNS},
        review_date=risk.review_date,
        cause=risk.cause,
        event=risk.event,
        effect=risk.effect,
        appetite=risk.appetite,
        themes=list(links["themes"]),
        measures=list(links["measures"]),
        key_actions=list(links["key_projects"]),
        partners=list(links["partners"]),
    )


RISKS = RisksKind(
    name="risks",
    label="Risks",
    description="The risks on the registers, with their scores now, owners and links.",
    columns=(
        Column("register", True, "The register's code (import the registers first)."),
        Column("reference", True, "The risk's reference on its register: 'PEO-01'."),
        Column("title", True, "What the risk is, in a line (up to 200 characters)."),
        Column(
            "category",
            True,
            "strategic, financial, operational, reputational, legal, safeguarding, "
            "partnership, people, information, health_and_safety or environmental.",
        ),
        Column("owner", True, "The owner's username."),
        Column("cause", help="Why it could happen."),
        Column("event", help="What could happen."),
        Column("effect", help="What would follow."),
        *(
            Column(
                name,
                True,
                f"The {name.replace('_', ' ')}, a level on the council's scale: 1 to 5 on a 5×5.",
            )
            for name in LEVEL_COLUMNS
        ),
        Column("appetite", help="The highest score tolerated for it; blank: the council's."),
        Column("review_date", True, "When it is next reviewed: 2019-03-31."),
        Column("status", help="open or closed (blank: open)."),
        Column(
            "escalated_from",
            help="The risk it was escalated from: its register's code, '/', its reference, "
            "'PEO/PEO-01' (in the file or already).",
        ),
        Column("themes", help="The themes it threatens, separated by ';': '2018/19 CORP/BBH'."),
        Column("measures", help="The codes of the measures it threatens, separated by ';'."),
        Column("key_projects", help="The codes of the key projects it threatens, by ';'."),
        Column("partners", help="The names of the partners who hold it, separated by ';'."),
    ),
)
