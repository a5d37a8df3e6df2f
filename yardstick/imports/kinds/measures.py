"""Measures: the performance indicators, with everything needed to collect and rate them."""

from __future__ import annotations

from dataclasses import dataclass, field

from yardstick.core.combine import Combine
from yardstick.core.periods import Frequency
from yardstick.core.ratings import Polarity, SchemeKind
from yardstick.core.trend import ComparisonBasis
from yardstick.core.values import PLACES, CollectionType, ValueType
from yardstick.framework.models import Theme
from yardstick.imports.changes import Action, ChangeSet, FieldChange, Writer
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
    read_theme_reference,
    show_value,
    theme_reference,
    username,
    usernames,
)
from yardstick.imports.tables import Table
from yardstick.measures.models import IndicatorType, Lifecycle, Measure
from yardstick.organisations.models import Organisation, OrganisationUnit, Partnership


def _choices(enum_class) -> list[tuple[str, str]]:
    return [(member.value, member.value) for member in enum_class]


@dataclass
class ThemeLinks:
    """Which themes each measure is attached to: as they are (by id, one query) and as the
    file wants them. Writing them also writes the themes into the measure's history rows,
    as django-simple-history does for a save."""

    existing: dict[int, dict[int, int]]  # measure id -> {theme id: link id}
    wanted: list[tuple[Measure, list[Theme]]] = field(default_factory=list)  # exactly these
    additions: list[tuple[Measure, Theme]] = field(default_factory=list)  # these and the rest

    @classmethod
    def load(cls, organisation: Organisation) -> ThemeLinks:
        through = Measure.themes.through
        existing: dict[int, dict[int, int]] = {}
        links = through.objects.filter(measure__organisation=organisation).values_list(
            "id", "measure_id", "theme_id"
        )
        for link_id, measure_id, theme_id in links:
            existing.setdefault(measure_id, {})[theme_id] = link_id
        return cls(existing)

    def current(self, measure: Measure) -> set[int]:
        return set(self.existing.get(measure.pk, {})) if measure.pk else set()

    def differs(self, measure: Measure, themes: list[Theme]) -> bool:
        wanted = {theme.pk for theme in themes}
        return None in wanted or wanted != self.current(measure)

    def want(self, measure: Measure, themes: list[Theme]) -> None:
        self.wanted.append((measure, themes))

    def lacks(self, measure: Measure, theme: Theme) -> bool:
        return theme.pk is None or theme.pk not in self.current(measure)

    def add(self, measure: Measure, theme: Theme) -> None:
        self.additions.append((measure, theme))

    def write(self, writer: Writer, touched: list[Measure]) -> None:
        through = Measure.themes.through
        removed: list[int] = []
        added = []
        for measure, themes in self.wanted:
            current = self.existing.get(measure.pk, {})
            keep = {theme.pk for theme in themes}
            removed += [link for theme_id, link in current.items() if theme_id not in keep]
            added += [
                through(measure_id=measure.pk, theme_id=theme.pk)
                for theme in themes
                if theme.pk not in current
            ]
        for measure, theme in self.additions:
            if theme.pk not in self.existing.get(measure.pk, {}):
                added.append(through(measure_id=measure.pk, theme_id=theme.pk))
        if removed:
            through.objects.filter(id__in=removed).delete()
        created = through.objects.bulk_create(added) if added else []
        links: dict[int, list[tuple[int, int]]] = {}
        gone = set(removed)
        for measure_id, current in self.existing.items():
            for theme_id, link in current.items():
                if link not in gone:
                    links.setdefault(measure_id, []).append((link, theme_id))
        for link in created:
            links.setdefault(link.measure_id, []).append((link.id, link.theme_id))
        ids = [measure.pk for measure in touched if links.get(measure.pk)]
        if not ids:
            return
        historical = Measure.history.model
        snapshot = historical.themes.model
        rows = [
            snapshot(history=record, id=link, measure_id=record.id, theme_id=theme_id)
            for record in historical.objects.filter(id__in=ids, history_date=writer.when)
            for link, theme_id in sorted(links[record.id])
        ]
        snapshot.objects.bulk_create(rows)


def write_measures(writer: Writer, new: list, changed: list, fields, links: ThemeLinks) -> None:
    writer.create(Measure, new)
    writer.update(Measure, changed, fields)
    links.write(writer, [*new, *changed])


class MeasuresKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        existing = {
            (measure.code,): measure
            for measure in Measure.objects.in_organisation(organisation).select_related(
                "unit", "partnership", "owner", "portfolio_holder"
            )
        }
        units = (
            {unit.code: unit for unit in OrganisationUnit.objects.in_organisation(organisation)}
            if "unit" in table.columns
            else {}
        )
        partnerships = (
            {item.code: item for item in Partnership.objects.filter(organisation=organisation)}
            if "partnership" in table.columns
            else {}
        )
        themes = {}
        links = ThemeLinks({})
        if "themes" in table.columns:
            themes = {
                (theme.plan.financial_year, theme.plan.code, theme.code): theme
                for theme in Theme.objects.filter(plan__organisation=organisation).select_related(
                    "plan__organisation"
                )
            }
            links = ThemeLinks.load(organisation)
        users = load_users(organisation, usernames(table, "owner", "portfolio_holder"))
        wanted, bad = [], set()
        theme_cells: dict[int, list[Theme]] = {}
        for row in table.rows:
            cells = Cells(row, changes)
            code = cells.text("code", required=True, max_length=40)
            values = self.values(cells, units, partnerships, users)
            if cells.has("themes"):
                found = self.themes(cells, themes, context.start_month)
                if found is not ABSENT:
                    theme_cells[row.number] = found
            if cells.bad:
                bad.add(row.number)
            if code is not ABSENT:
                wanted.append(Wanted(row, (code,), present(values)))
        diff = diff_records(
            changes,
            model_label="measure",
            wanted=wanted,
            existing=existing,
            make=lambda key: Measure(organisation=organisation, code=key[0]),
            show=show_value,
            key_text=lambda key: key[0],
            key_column="code",
            bad_rows=bad,
        )
        if "themes" in table.columns:
            self.diff_themes(changes, diff, wanted, theme_cells, links, themes)
        changes.steps.append(
            lambda writer: write_measures(writer, diff.new, diff.changed, diff.fields, links)
        )
        return changes

    @staticmethod
    def values(cells: Cells, units, partnerships, users) -> dict:
        return {
            "title": cells.text("title", required=True, max_length=400),
            "polarity": cells.choice("polarity", _choices(Polarity)),
            "value_type": cells.choice("value_type", _choices(ValueType), default="number"),
            "decimals": cells.integer("decimals", maximum=PLACES),
            "rate_per": cells.integer("rate_per", minimum=1, maximum=WHOLE_NUMBER_LIMIT),
            "numerator_label": cells.text("numerator_label", max_length=200),
            "denominator_label": cells.text("denominator_label", max_length=200),
            "frequency": cells.choice("frequency", _choices(Frequency), default="quarterly"),
            "collection_type": cells.choice(
                "collection_type", _choices(CollectionType), default="period"
            ),
            "combine": cells.choice("combine", _choices(Combine), default=""),
            "comparison_basis": cells.choice(
                "comparison_basis", _choices(ComparisonBasis), default="previous_period"
            ),
            "no_change_tolerance": cells.decimal("no_change_tolerance", blank=0),
            "reporting_lag_months": cells.integer("reporting_lag_months", blank=0),
            "data_source": cells.text("data_source", max_length=300),
            "collection_method": cells.text("collection_method"),
            "known_issues": cells.text("known_issues"),
            "indicator_type": cells.choice(
                "indicator_type", IndicatorType.choices, default=IndicatorType.LOCAL
            ),
            "lifecycle": cells.choice("lifecycle", Lifecycle.choices, default=Lifecycle.ACTIVE),
            "introduced": cells.date("introduced"),
            "retired": cells.date("retired"),
            "unit": lookup(cells, "unit", units, "organisation unit"),
            "partnership": lookup(cells, "partnership", partnerships, "partnership"),
            "owner": cells.user("owner", users),
            "portfolio_holder": cells.user("portfolio_holder", users),
            "definition": cells.text("definition"),
            "guidance": cells.text("guidance"),
            "scheme": cells.choice("scheme", _choices(SchemeKind), default="five_band"),
            "high_green_threshold": cells.decimal("high_green_threshold", blank=5),
            "amber_threshold": cells.decimal("amber_threshold", blank=5),
            "low_red_threshold": cells.decimal("low_red_threshold", blank=10),
            "absolute_tolerance": cells.decimal("absolute_tolerance", blank=0),
            "minimum": cells.decimal("minimum"),
            "maximum": cells.decimal("maximum"),
            "not_for_publication": cells.yes_no("not_for_publication"),
        }

    @staticmethod
    def themes(cells: Cells, themes: dict, start_month: int):
        found = []
        for text in cells.raw("themes").split(";"):
            if not text.strip():
                continue
            try:
                key = read_theme_reference(text, start_month)
            except ValueError as error:
                return cells.problem("themes", str(error))
            if key not in themes:
                return cells.problem(
                    "themes", f"there is no theme '{text.strip()}': import the themes first"
                )
            if themes[key] not in found:
                found.append(themes[key])
        return found

    @staticmethod
    def diff_themes(changes, diff, wanted, theme_cells, links: ThemeLinks, themes) -> None:
        by_row = {change.row: change for change in changes.changes if change.model == "measure"}
        names = {theme.pk: theme_reference(theme) for theme in themes.values()}
        for item in wanted:
            change = by_row.get(item.row.number)
            if change is None or item.row.number not in theme_cells:
                continue
            measure = diff.by_key[item.key]
            chosen = theme_cells[item.row.number]
            links.want(measure, chosen)
            if not links.differs(measure, chosen):
                continue
            before = "; ".join(sorted(names[pk] for pk in links.current(measure)))
            after = "; ".join(sorted(theme_reference(theme) for theme in chosen))
            if after or change.action != Action.CREATE:
                change.fields.append(FieldChange("themes", before, after))
            if change.action == Action.UNCHANGED:
                change.action = Action.CHANGE
                diff.changed.append(measure)

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        measures = (
            Measure.objects.in_organisation(organisation)
            .select_related("unit", "partnership", "owner", "portfolio_holder")
            .prefetch_related("themes__plan__organisation")
        )
        rows = []
        for measure in sorted(measures, key=lambda measure: measure.code):
            row = {name: show_value(name, getattr(measure, name)) for name in DECIMAL_FIELDS}
            row |= {
                "code": measure.code,
                "title": measure.title,
                "polarity": measure.polarity,
                "value_type": measure.value_type,
                "decimals": "" if measure.decimals is None else str(measure.decimals),
                "rate_per": "" if measure.rate_per is None else str(measure.rate_per),
                "numerator_label": measure.numerator_label,
                "denominator_label": measure.denominator_label,
                "frequency": measure.frequency,
                "collection_type": measure.collection_type,
                "combine": measure.combine,
                "comparison_basis": measure.comparison_basis,
                "reporting_lag_months": str(measure.reporting_lag_months),
                "data_source": measure.data_source,
                "collection_method": measure.collection_method,
                "known_issues": measure.known_issues,
                "indicator_type": measure.indicator_type,
                "lifecycle": measure.lifecycle,
                "introduced": show_value("introduced", measure.introduced),
                "retired": show_value("retired", measure.retired),
                "unit": measure.unit.code if measure.unit else "",
                "partnership": measure.partnership.code if measure.partnership else "",
                "themes": "; ".join(sorted(theme_reference(t) for t in measure.themes.all())),
                "owner": username(measure.owner),
                "portfolio_holder": username(measure.portfolio_holder),
                "definition": measure.definition,
                "guidance": measure.guidance,
                "scheme": measure.scheme,
                "not_for_publication": show_value("", measure.not_for_publication),
            }
            rows.append(row)
        return rows


DECIMAL_FIELDS = (
    "no_change_tolerance",
    "high_green_threshold",
    "amber_threshold",
    "low_red_threshold",
    "absolute_tolerance",
    "minimum",
    "maximum",
)

MEASURES = MeasuresKind(
    name="measures",
    label="Measures",
    description="The performance indicators and how each is collected and rated.",
    columns=(
        Column("code", True, "Local reference or national code, unique in the council: NI 155."),
        Column("title", True, "The measure as reported."),
        Column("polarity", True, "higher, lower, in_range or contextual (reported, not rated)."),
        Column("value_type", help=", ".join(ValueType) + " (blank: number)."),
        Column("decimals", help="Decimal places to show (blank: as entered)."),
        Column("rate_per", help="For a rate: per how many, such as 100000."),
        Column("numerator_label", help="What the numerator counts."),
        Column("denominator_label", help="What the denominator counts."),
        Column("frequency", help=", ".join(Frequency) + " (blank: quarterly)."),
        Column("collection_type", help=", ".join(CollectionType) + " (blank: period)."),
        Column(
            "combine",
            help="How its figures make a longer period's (a monthly measure's quarter): "
            + ", ".join(Combine)
            + " (blank: by its kind: counts summed, percentages and rates by their counts, "
            "snapshots and year-to-date figures the latest).",
        ),
        Column("comparison_basis", help=", ".join(ComparisonBasis) + " (blank: previous_period)."),
        Column("no_change_tolerance", help="A change this small is 'no change' (blank: 0)."),
        Column("reporting_lag_months", help="Reported this many months in arrears (blank: 0)."),
        Column("data_source", help="Where the figures come from."),
        Column("collection_method", help="How they are collected."),
        Column("known_issues", help="Data quality: known issues."),
        Column("indicator_type", help="local, national or proxy (blank: local)."),
        Column("lifecycle", help="active, retired or archived (blank: active)."),
        Column("introduced", help="Date introduced: 2018-04-01."),
        Column("retired", help="Date retired."),
        Column("unit", help="The code of the organisation unit responsible."),
        Column("partnership", help="The code of the partnership it belongs to."),
        Column(
            "themes",
            help="The themes it serves, separated by ';': '2018/19 CORP/BBH; 2019/20 CORP/BBH'.",
        ),
        Column("owner", help="The username of its owner."),
        Column("portfolio_holder", help="The username of its portfolio holder."),
        Column("definition", help="What it measures."),
        Column("guidance", help="How to calculate it and what to include."),
        Column("scheme", help="five_band or three_band (blank: five_band)."),
        Column("high_green_threshold", help="% better than target for High Green (blank: 5)."),
        Column("amber_threshold", help="% off target still Amber (blank: 5)."),
        Column("low_red_threshold", help="% off target still Low Red (blank: 10)."),
        Column("absolute_tolerance", help="For a zero target, in the measure's units (blank: 0)."),
        Column("minimum", help="The lowest valid figure (data quality)."),
        Column("maximum", help="The highest valid figure (data quality)."),
        Column(
            "not_for_publication",
            help="yes keeps it off the public site, open data and the anonymous API (blank: no).",
        ),
    ),
)
