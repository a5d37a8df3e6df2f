"""Risk registers, their risks, the controls in place and the history of reviews.

Each row is checked by the rules the risk pages apply (`yardstick.risks.services`) before
anything is written, so a problem is reported with its row; the records are then written one
by one through the same services, with the import's reason in their history. A file of risks
carries their scores as they are now and a file of reviews their history: importing a risk
records no review, and importing a review leaves its risk's scores alone.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from yardstick.actions.models import KeyAction
from yardstick.framework.models import Theme
from yardstick.imports.changes import Action, ChangeSet, DataMoved, FieldChange, Writer
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
from yardstick.imports.tables import Table
from yardstick.measures.models import Measure
from yardstick.meetings.models import Body, Partner
from yardstick.organisations.models import Organisation, OrganisationUnit, Partnership
from yardstick.risks.models import (
    Category,
    Control,
    Register,
    RegisterKind,
    Risk,
    RiskReview,
    RiskStatus,
)
from yardstick.risks.services import (
    LEVELS,
    RiskInput,
    RiskRefused,
    check_control,
    check_imported_review,
    check_imported_risk,
    check_register,
    save_control,
    save_register,
    save_review,
    save_risk,
)

PARTS = ("likelihood", "impact")
LEVEL_COLUMNS = tuple(f"{level}_{part}" for level in LEVELS for part in PARTS)
LINKS = ("themes", "measures", "key_projects", "partners")
LINK_FIELDS = {"key_projects": "key_actions"}
# The file's column for each field a service names in its refusal.
COLUMNS = {"key_actions": "key_projects", "current_likelihood": "current_likelihood"}


def _refused(changes: ChangeSet, row: int, refused: RiskRefused) -> None:
    changes.problem(row, COLUMNS.get(refused.field, refused.field), refused.message)


def _written(write) -> None:
    """Run a write; a refusal by the services rolls the whole import back and says why."""
    try:
        write()
    except RiskRefused as refused:
        raise DataMoved(refused.message) from None
    except PermissionDenied as denied:
        raise DataMoved(str(denied)) from None


def _show(name: str, value: Any) -> str:
    if isinstance(value, Register):
        return value.code
    if isinstance(value, Risk):
        return f"{value.register.code}/{value.reference}"
    if isinstance(value, Body | Partnership | Partner):
        return value.name
    return show_value(name, value)


def risk_key(risk: Risk) -> str:
    """How a file names a risk: its register's code, '/', its reference: 'PEO/PEO-01'."""
    return f"{risk.register.code}/{risk.reference}"


def _risks_by_key(organisation: Organisation) -> dict[str, Risk]:
    return {
        risk_key(risk): risk
        for risk in Risk.objects.of(organisation.pk).select_related("register", "owner")
    }


def _named(cells: Cells, column: str, found: dict, what: str) -> Any:
    """The objects a cell names, separated by ';', each among `found`; ABSENT when the file
    has no such column."""
    if not cells.has(column):
        return ABSENT
    chosen = []
    for name in cells.raw(column).split(";"):
        name = name.strip()
        if not name:
            continue
        if name not in found:
            return cells.problem(column, f"there is no {what} '{name}'")
        if found[name] not in chosen:
            chosen.append(found[name])
    return chosen


class RegistersKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        existing = {
            (register.code,): register
            for register in Register.objects.of(organisation.pk).select_related(
                "unit", "body", "partnership"
            )
        }
        units = {
            unit.code: unit for unit in OrganisationUnit.objects.filter(organisation=organisation)
        }
        bodies = {body.name: body for body in Body.objects.filter(organisation=organisation)}
        partnerships = {p.name: p for p in Partnership.objects.filter(organisation=organisation)}
        wanted = []
        for row in table.rows:
            cells = Cells(row, changes)
            code = cells.text("code", required=True)
            values = {
                "kind": cells.choice("kind", RegisterKind.choices),
                "title": cells.text("title", required=True),
                "unit": lookup(cells, "unit", units, "organisation unit"),
                "body": lookup(cells, "body", bodies, "body"),
                "partnership": lookup(cells, "partnership", partnerships, "partnership"),
            }
            if not cells.bad:
                wanted.append(Wanted(row, (code,), present(values)))
        diff = diff_records(
            changes,
            model_label="risk register",
            wanted=wanted,
            existing=existing,
            make=lambda key: Register(organisation=organisation, code=key[0]),
            show=_show,
            key_text=lambda key: key[0],
            key_column="code",
        )
        rows = {id(diff.by_key[item.key]): item.row.number for item in wanted}
        for register in [*diff.new, *diff.changed]:
            try:
                check_register(register)
            except RiskRefused as refused:
                _refused(changes, rows[id(register)], refused)

        def write(writer: Writer) -> None:
            for register in [*diff.new, *diff.changed]:
                _written(
                    lambda register=register: save_register(
                        register, writer.acting_user, reason=writer.reason
                    )
                )

        changes.steps.append(write)
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        registers = Register.objects.of(organisation.pk).select_related(
            "unit", "body", "partnership"
        )
        return [
            {
                "code": register.code,
                "kind": register.kind,
                "title": register.title,
                "unit": register.unit.code if register.unit else "",
                "body": register.body.name if register.body else "",
                "partnership": register.partnership.name if register.partnership else "",
            }
            for register in sorted(registers, key=lambda register: register.code)
        ]


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
                "measures": _named(cells, "measures", found["measures"], "measure"),
                "key_projects": _named(cells, "key_projects", found["key_projects"], "key project"),
                "partners": _named(cells, "partners", found["partners"], "partner"),
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
            show=_show,
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
                _refused(changes, row, refused)

        def write(writer: Writer) -> None:
            def save(risk: Risk) -> None:
                risk.escalated_from = risk.escalated_from  # its id, now that it is saved
                save_risk(risk, inputs[id(risk)], writer.acting_user, reason=writer.reason)

            for level in depth_levels(diff.new, lambda risk: risk.escalated_from):
                for risk in level:
                    _written(lambda risk=risk: save(risk))
            for risk in diff.changed:
                _written(lambda risk=risk: save(risk))

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


def _risk_of(cells: Cells, risks: dict[str, Risk]) -> Any:
    """The risk a row's register and reference name."""
    register = cells.text("register", required=True)
    reference = cells.text("reference", required=True)
    if register is ABSENT or reference is ABSENT:
        return ABSENT
    risk = risks.get(f"{register}/{reference}")
    if risk is None:
        return cells.problem(
            "reference", f"there is no risk {reference} on {register}: import the risks first"
        )
    return risk


class ControlsKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        risks = _risks_by_key(organisation)
        existing: dict[tuple, Control] = {}
        for control in Control.objects.filter(
            risk__register__organisation=organisation
        ).select_related("risk__register", "owner"):
            existing.setdefault((risk_key(control.risk), control.text), control)
        users = load_users(organisation, usernames(table, "owner"))
        wanted = []
        for row in table.rows:
            cells = Cells(row, changes)
            risk = _risk_of(cells, risks)
            text = cells.text("text", required=True)
            values = {"owner": cells.user("owner", users), "added_on": cells.date("added_on")}
            if values["added_on"] is None:
                cells.problem("added_on", "is blank; it is needed")
            if not cells.bad:
                wanted.append(Wanted(row, (risk_key(risk), text), present(values)))
        diff = diff_records(
            changes,
            model_label="control",
            wanted=wanted,
            existing=existing,
            make=lambda key: Control(risk=risks[key[0]], text=key[1]),
            show=_show,
            key_text=lambda key: f"{key[0]}: {key[1][:60]}",
            key_column="text",
        )
        rows = {id(diff.by_key[item.key]): item.row.number for item in wanted}
        for control in [*diff.new, *diff.changed]:
            try:
                check_control(control)
            except RiskRefused as refused:
                _refused(changes, rows[id(control)], refused)

        def write(writer: Writer) -> None:
            for control in [*diff.new, *diff.changed]:
                _written(
                    lambda control=control: save_control(
                        control, writer.acting_user, reason=writer.reason
                    )
                )

        changes.steps.append(write)
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        controls = Control.objects.filter(risk__register__organisation=organisation).select_related(
            "risk__register", "owner"
        )
        return [
            {
                "register": control.risk.register.code,
                "reference": control.risk.reference,
                "text": control.text,
                "owner": username(control.owner),
                "added_on": show_value("added_on", control.added_on),
            }
            for control in sorted(
                controls,
                key=lambda c: (c.risk.register.code, c.risk.reference, c.added_on, c.pk),
            )
        ]


REVIEW_KEY = ("reviewed_on", "reviewer", "likelihood", "impact", "next_review", "notes")


class ReviewsKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        risks = _risks_by_key(organisation)
        existing: dict[tuple, RiskReview] = {}
        for review in RiskReview.objects.filter(
            risk__register__organisation=organisation
        ).select_related("risk__register", "reviewer"):
            existing.setdefault(_review_key(review), review)
        users = load_users(organisation, usernames(table, "reviewer"))
        wanted, made = [], {}
        for row in table.rows:
            cells = Cells(row, changes)
            risk = _risk_of(cells, risks)
            reviewed_on = cells.date("reviewed_on")
            reviewer = cells.user("reviewer", users)
            likelihood = cells.integer("likelihood", required=True, maximum=99)
            impact = cells.integer("impact", required=True, maximum=99)
            next_review = cells.date("next_review")
            notes = cells.text("notes", max_length=2000)
            for name, value in (("reviewed_on", reviewed_on), ("next_review", next_review)):
                if value is None:
                    cells.problem(name, "is blank; it is needed")
            if reviewer is None:
                cells.problem("reviewer", "is blank; it is needed: the reviewer's username")
            if cells.bad:
                continue
            notes = "" if notes is ABSENT else notes
            review = RiskReview(
                risk=risk,
                reviewed_on=reviewed_on,
                reviewer=reviewer,
                likelihood=likelihood,
                impact=impact,
                next_review=next_review,
                notes=notes,
            )
            key = _review_key(review)
            made[key] = review
            wanted.append(Wanted(row, key, {}))
        diff = diff_records(
            changes,
            model_label="risk review",
            wanted=wanted,
            existing=existing,
            make=lambda key: made[key],
            show=_show,
            key_text=lambda key: f"{key[0]} {key[1]}",
            key_column="reviewed_on",
        )
        rows = {id(diff.by_key[item.key]): item.row.number for item in wanted}
        for review in diff.new:
            try:
                check_imported_review(review)
            except RiskRefused as refused:
                _refused(changes, rows[id(review)], refused)

        def write(writer: Writer) -> None:
            for review in diff.new:
                _written(
                    lambda review=review: save_review(
                        review, writer.acting_user, reason=writer.reason
                    )
                )

        changes.steps.append(write)
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        reviews = RiskReview.objects.filter(
            risk__register__organisation=organisation
        ).select_related("risk__register", "reviewer")
        return [
            {
                "register": review.risk.register.code,
                "reference": review.risk.reference,
                "reviewed_on": show_value("reviewed_on", review.reviewed_on),
                "reviewer": username(review.reviewer),
                "likelihood": str(review.likelihood),
                "impact": str(review.impact),
                "notes": review.notes,
                "next_review": show_value("next_review", review.next_review),
            }
            for review in sorted(
                reviews,
                key=lambda r: (r.risk.register.code, r.risk.reference, r.reviewed_on, r.pk),
            )
        ]


def _review_key(review: RiskReview) -> tuple:
    """A review is known by its risk and everything it says: a file adds reviews, it never
    changes one (each is kept as it was recorded)."""
    return (
        risk_key(review.risk),
        review.reviewed_on.isoformat(),
        review.reviewer.username,
        review.likelihood,
        review.impact,
        review.next_review.isoformat(),
        review.notes,
    )


RISK_REGISTERS = RegistersKind(
    name="risk-registers",
    label="Risk registers",
    description="The council's risk registers: corporate, directorates', services', "
    "management groups' and partnerships'.",
    columns=(
        Column("code", True, "Its code, unique in the council; it starts its risks' references."),
        Column(
            "kind",
            True,
            "corporate, directorate, service, management_group or partnership.",
        ),
        Column("title", True, "Its title: 'People directorate risk register'."),
        Column("unit", help="A directorate's or a service's register: the unit's code."),
        Column("body", help="A management group's register: the group's name."),
        Column("partnership", help="A partnership's register: the partnership's name."),
    ),
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

RISK_CONTROLS = ControlsKind(
    name="risk-controls",
    label="Risk controls",
    description="The controls in place on each risk.",
    columns=(
        Column("register", True, "The risk's register's code."),
        Column("reference", True, "The risk's reference (import the risks first)."),
        Column("text", True, "The control, as the register words it (up to 2,000 characters)."),
        Column("owner", help="The owner's username."),
        Column("added_on", True, "When it was put in place: 2018-04-20."),
    ),
)

RISK_REVIEWS = ReviewsKind(
    name="risk-reviews",
    label="Risk reviews",
    description="The history of each risk's reviews: added, never changed.",
    columns=(
        Column("register", True, "The risk's register's code."),
        Column("reference", True, "The risk's reference (import the risks first)."),
        Column("reviewed_on", True, "The day of the review: 2018-07-12 (not in the future)."),
        Column("reviewer", True, "The reviewer's username."),
        Column("likelihood", True, "The likelihood then, a level on the council's scale."),
        Column("impact", True, "The impact then, a level on the council's scale."),
        Column("notes", help="What the review said (up to 2,000 characters)."),
        Column("next_review", True, "The next review date it set: 2018-10-11."),
    ),
)
