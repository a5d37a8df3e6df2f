"""The scorecard layout: one row per measure and period, every cell as a report prints it.

This is the layout of the seed file (seed-corporate-scorecards-2018-19.csv): scorecard,
measure_no, title, good_is, period, target, actual, note, data_period. One file builds the
corporate plan for its year, a theme and a theme scorecard per `scorecard` value, the measures
(with codes derived from the theme and number), the periods, the targets and the figures.
The rules are in docs/import-formats.md ("scorecard").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.text import slugify

from yardstick.core import periods as core_periods
from yardstick.core.ratings import Polarity
from yardstick.core.targets import BASELINE, TargetKind, TargetParseError, parse_target
from yardstick.core.values import (
    CollectionType,
    Missing,
    MissingState,
    Value,
    ValueParseError,
    ValueType,
    parse_note,
    parse_value,
)
from yardstick.framework.models import Period, Plan, PlanKind, Theme, ThemeKind
from yardstick.imports.changes import Action, ChangeSet, FieldChange, Writer
from yardstick.imports.kinds.base import (
    ABSENT,
    Cells,
    Column,
    ImportContext,
    Kind,
    Wanted,
    diff_records,
    show_value,
    write_diff,
    year_label,
)
from yardstick.imports.kinds.figures import (
    FigureLine,
    PlannedFigures,
    covers,
    existing_figures,
    figure_values,
    plan_figures,
    print_figure,
    read_actual,
    read_data_period,
)
from yardstick.imports.kinds.measures import ThemeLinks, write_measures
from yardstick.imports.kinds.periods import Periods
from yardstick.imports.kinds.targets import (
    TargetLine,
    existing_targets,
    plan_targets,
    print_target,
    read_target,
)
from yardstick.imports.tables import Row, Table
from yardstick.measures.assessment import core_target
from yardstick.measures.models import Figure, FigureStatus, Measure, Target
from yardstick.organisations.models import Organisation
from yardstick.scorecards.models import Scorecard, ScorecardEntry, ScorecardKind

PLAN_CODE = "CORP"
PLAN_TITLE = "Corporate plan"
STOP_WORDS = frozenset({"a", "an", "and", "the", "of", "to", "for", "in", "on", "by", "with", "or"})
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
COLLECTION_RULES = (
    (re.compile(r"cumulative|year[\s-]+to[\s-]+date|\bytd\b", re.I), CollectionType.CUMULATIVE),
    (
        re.compile(r"(?:rolling|previous|last)\s+(?:12|twelve)\s+months?", re.I),
        CollectionType.ROLLING_12_MONTHS,
    ),
    (re.compile(r"snapshot", re.I), CollectionType.SNAPSHOT),
)
RATE_PER = re.compile(r"\bper\s+(\d{1,3}(?:,\d{3})+|\d+)\b", re.I)
PERCENT_CHANGE_LOWEST = Decimal(-100)
DURATION = re.compile(r"[+-]?\d+:\d{2}(?::\d{2})?(?:\.\d+)?")


def initials(text: str, limit: int) -> str:
    """The first letters of a title's words, small words left out: 'Build a Better Harrow'
    -> 'BBH'."""
    words = [word for word in WORD.findall(text) if word.casefold() not in STOP_WORDS]
    return "".join(word[0] for word in words).upper()[:limit]


def measure_code(prefix: str, number: str, title: str) -> str:
    """'BBH-01' for measure 1 of Build a Better Harrow; 'BBH-ASCESPEM' for an unnumbered one."""
    if number.isdigit():
        return f"{prefix}-{int(number):02d}"
    if number:
        return f"{prefix}-{''.join(number.split()).upper()}"[:40]
    return f"{prefix}-{initials(title, 12) or 'X'}"


def collection_type(title: str) -> CollectionType:
    for pattern, found in COLLECTION_RULES:
        if pattern.search(title):
            return found
    return CollectionType.PERIOD


def shown_type(text: str) -> ValueType | None:
    """The type a printed figure shows: '%', '£', 'mm:ss', a count in brackets."""
    try:
        value = parse_value(text)
    except ValueParseError:
        return None
    return value.value_type if isinstance(value, Value) else None


def shown_target_type(text: str) -> ValueType | None:
    """The type a printed target's figures show ('9.25%', '7-15%', '01:30'); a change target's
    percentage ('of 5%') says nothing of the measure's type."""
    try:
        target = parse_target(text)
    except TargetParseError:
        return None
    if target.kind not in (TargetKind.VALUE, TargetKind.RANGE):
        return None
    text = text.strip()
    if text.endswith("%"):
        return ValueType.PERCENTAGE
    if DURATION.search(text):
        return ValueType.DURATION
    if "£" in text:
        return ValueType.CURRENCY
    return None


@dataclass
class Line:
    row: Row
    cells: Cells
    period: Any
    target: str
    actual: str
    note: str
    covered: Any


@dataclass
class Group:
    """The rows of one measure on one scorecard."""

    card: str
    number: str
    title: str
    polarity: Any
    lines: list[Line] = field(default_factory=list)
    value_type: ValueType = ValueType.NUMBER
    code: str = ""


class ScorecardImport(Kind):
    planner: type = None  # Planner, set below

    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        groups, cards = self.read(context, table, changes)
        years = [
            line.period.financial_year.start.year
            for group in groups.values()
            for line in group.lines
            if line.period is not ABSENT
        ]
        if not years:
            return changes
        year = max(years)
        self.codes(groups, cards, changes)
        for group in groups.values():
            group.value_type = self.infer_type(group, changes)
        self.planner(context.organisation, year, changes).plan(groups, cards, context)
        return changes

    @staticmethod
    def read(context: ImportContext, table: Table, changes: ChangeSet):
        groups: dict[tuple[str, str], Group] = {}
        cards: dict[str, str] = {}  # title -> theme code, in order of appearance
        for row in table.rows:
            cells = Cells(row, changes)
            card = cells.text("scorecard", required=True, max_length=300)
            number = cells.text("measure_no", max_length=20)
            title = cells.text("title", required=True, max_length=400)
            polarity = cells.choice("good_is", [(p.value, p.value) for p in Polarity])
            period = cells.period("period", context.start_month)
            note = cells.text("note", max_length=300)
            covered = read_data_period(cells, "data_period")
            if ABSENT in (card, title, number):
                continue
            cards.setdefault(card, "")
            group = groups.setdefault((card, number or title), Group(card, number, title, polarity))
            where = f"measure {number} of '{card}'" if number else f"'{title}'"
            first = group.lines[0].row.number if group.lines else None
            if title != group.title:
                cells.problem(
                    "title", f"{where} is titled '{group.title}' on row {first}; give one title"
                )
            if ABSENT not in (polarity, group.polarity) and polarity != group.polarity:
                cells.problem(
                    "good_is", f"{where} is '{group.polarity}' on row {first}; give one polarity"
                )
            group.lines.append(
                Line(
                    row,
                    cells,
                    period,
                    cells.raw("target"),
                    cells.raw("actual"),
                    "" if note is ABSENT else note,
                    None if covered is ABSENT else covered,
                )
            )
        return groups, cards

    @staticmethod
    def codes(groups: dict, cards: dict[str, str], changes: ChangeSet) -> None:
        """A code per theme (its initials, numbered when two themes share them) and per
        measure (the theme's code and the measure's number, or its title's initials)."""
        taken: dict[str, int] = {}
        for card in cards:
            prefix = initials(card, 8) or "T"
            taken[prefix] = taken.get(prefix, 0) + 1
            cards[card] = prefix if taken[prefix] == 1 else f"{prefix}{taken[prefix]}"
        seen: dict[str, Group] = {}
        for group in groups.values():
            group.code = measure_code(cards[group.card], group.number, group.title)
            other = seen.setdefault(group.code, group)
            if other is not group:
                first = group.lines[0]
                first.cells.problem(
                    "measure_no",
                    f"gives the code {group.code}, as row {other.lines[0].row.number} does; "
                    "two measures of a scorecard need different numbers (or titles)",
                )

    @staticmethod
    def infer_type(group: Group, changes: ChangeSet) -> ValueType:
        """The measure's type: the one its printed figures and targets show, or a number."""
        found: dict[ValueType, Line] = {}
        for line in group.lines:
            for shown in (shown_type(line.actual), shown_target_type(line.target)):
                if shown is not None and shown != ValueType.NUMBER:
                    found.setdefault(shown, line)
        if len(found) > 1:
            kinds = " and ".join(sorted(found))
            line = list(found.values())[-1]
            line.cells.problem(
                "actual",
                f"measure {group.code} mixes {kinds} values: every row of a measure is one type",
            )
        return next(iter(found), ValueType.NUMBER)

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        rows = export_scorecards(organisation, year)
        return [{k: v for k, v in row.items() if k != "measure_code"} for row in rows]


class Planner:
    """Works out every record a scorecard file creates, changes or leaves alone."""

    def __init__(self, organisation: Organisation, year: int, changes: ChangeSet):
        self.organisation = organisation
        self.year = year
        self.changes = changes

    def plan(self, groups: dict, cards: dict[str, str], context: ImportContext) -> None:
        changes, organisation, year = self.changes, self.organisation, self.year
        slugs = self.slugs(groups, cards)
        good = [
            group
            for group in groups.values()
            if group.card in slugs and not any(line.cells.bad for line in group.lines)
        ]
        plan = self.plan_of_year = self.corporate_plan()
        changes.record(
            Action.UNCHANGED if plan.pk else Action.CREATE,
            "plan",
            f"{year_label(year, organisation.financial_year_start_month)} {plan.code}",
            None,
            [] if plan.pk else [FieldChange("title", "", plan.title)],
        )
        existing_themes = (
            {(theme.code,): theme for theme in Theme.objects.filter(plan=plan)} if plan.pk else {}
        )
        first_rows = {}
        for group in groups.values():
            first_rows.setdefault(group.card, group.lines[0].row)
        themes = diff_records(
            changes,
            model_label="theme",
            wanted=[
                Wanted(
                    first_rows[card],
                    (code,),
                    {"title": card, "kind": ThemeKind.THEME, "position": position},
                )
                for position, (card, code) in enumerate(cards.items(), start=1)
            ],
            existing=existing_themes,
            make=lambda key: Theme(plan=plan, code=key[0]),
            show=show_value,
            key_text=lambda key: (
                f"{year_label(year, organisation.financial_year_start_month)} {PLAN_CODE}/{key[0]}"
            ),
            key_column="scorecard",
        )
        measures_found = {
            (measure.code,): measure for measure in Measure.objects.in_organisation(organisation)
        }
        links = ThemeLinks.load(organisation)
        measures = diff_records(
            changes,
            model_label="measure",
            wanted=[
                Wanted(group.lines[0].row, (group.code,), self.measure_values(group))
                for group in good
            ],
            existing=measures_found,
            make=lambda key: Measure(organisation=organisation, code=key[0]),
            show=show_value,
            key_text=lambda key: key[0],
            key_column="measure_no",
        )
        self.link_themes(good, cards, themes, measures, links)
        scorecards_found = {
            (card.slug,): card
            for card in Scorecard.objects.in_organisation(organisation)
            .for_year(year)
            .select_related("theme")
        }
        scorecards = diff_records(
            changes,
            model_label="scorecard",
            wanted=[
                Wanted(
                    first_rows[card],
                    (slugs[card],),
                    {
                        "title": card,
                        "kind": ScorecardKind.THEME,
                        "theme": themes.by_key[(code,)],
                        "position": position,
                    },
                )
                for position, (card, code) in enumerate(cards.items(), start=1)
                if card in slugs
            ],
            existing=scorecards_found,
            make=lambda key: Scorecard(organisation=organisation, financial_year=year, slug=key[0]),
            show=show_value,
            key_text=lambda key: key[0],
            key_column="scorecard",
        )
        entries_found = {
            (entry.scorecard.slug, entry.measure.code): entry
            for entry in ScorecardEntry.objects.filter(
                scorecard__organisation=organisation, scorecard__financial_year=year
            ).select_related("scorecard", "measure")
        }
        positions: dict[str, int] = {}
        wanted_entries = []
        for group in good:
            slug = slugs[group.card]
            positions[slug] = positions.get(slug, 0) + 1
            wanted_entries.append(
                Wanted(
                    group.lines[0].row,
                    (slug, group.code),
                    {"number": group.number, "position": positions[slug]},
                )
            )
        entries = diff_records(
            changes,
            model_label="scorecard entry",
            wanted=wanted_entries,
            existing=entries_found,
            make=lambda key: ScorecardEntry(
                scorecard=scorecards.by_key[(key[0],)], measure=measures.by_key[(key[1],)]
            ),
            show=show_value,
            key_text=lambda key: f"{key[0]}: {key[1]}",
            key_column="measure_no",
        )
        periods = Periods.load(organisation)
        target_lines, figure_lines = self.data(good, measures, context)
        keys = {line.period.key for line in [*target_lines, *figure_lines]}
        targets = plan_targets(changes, target_lines, periods, existing_targets(organisation, keys))
        figures = self.plan_figures(
            changes, figure_lines, periods, existing_figures(organisation, keys), context
        )
        periods.record(changes)

        def write(writer: Writer) -> None:
            if plan.pk is None:
                writer.create(Plan, [plan])
            write_diff(writer, Theme, themes)
            write_measures(writer, measures.new, measures.changed, measures.fields, links)
            write_diff(writer, Scorecard, scorecards)
            write_diff(writer, ScorecardEntry, entries)
            found = periods.ensure(writer)
            targets.write(writer, found)
            figures.write(writer, found)

        changes.steps.append(write)

    def plan_figures(self, changes, lines, periods, existing, context) -> PlannedFigures:
        return plan_figures(changes, lines, periods, existing, context)

    def corporate_plan(self) -> Plan:
        """This year's corporate plan: the one coded CORP, else the first, else a new one."""
        plans = list(
            Plan.objects.filter(
                organisation=self.organisation, financial_year=self.year, kind=PlanKind.CORPORATE
            ).order_by("id")
        )
        for plan in plans:
            if plan.code == PLAN_CODE:
                return plan
        if plans:
            return plans[0]
        return Plan(
            organisation=self.organisation,
            financial_year=self.year,
            kind=PlanKind.CORPORATE,
            code=PLAN_CODE,
            title=PLAN_TITLE,
        )

    @staticmethod
    def measure_values(group: Group) -> dict[str, Any]:
        values: dict[str, Any] = {
            "title": group.title,
            "polarity": group.polarity,
            "value_type": group.value_type,
            "collection_type": collection_type(group.title),
        }
        places = []
        for line in group.lines:
            try:
                value = parse_value(line.actual, group.value_type)
            except ValueParseError:
                continue
            if isinstance(value, Value):
                places.append(value.decimals or 0)
        values["decimals"] = max(places) if places else None
        if group.value_type == ValueType.PERCENTAGE and Planner.prints_negative(group):
            # A percentage the report prints below zero is a change ('-10%'), which can fall
            # as far as -100%; other percentages keep the rule of 0 to 100.
            values["minimum"] = PERCENT_CHANGE_LOWEST
        per = RATE_PER.search(group.title)
        if group.value_type == ValueType.RATE and per:
            values["rate_per"] = int(per[1].replace(",", ""))
        return values

    @staticmethod
    def prints_negative(group: Group) -> bool:
        """Whether any figure or target the report printed for the measure is below zero."""
        for line in group.lines:
            try:
                value = parse_value(line.actual, group.value_type)
                target = parse_target(line.target, group.value_type)
            except (ValueParseError, TargetParseError):
                continue
            amounts = [getattr(value, "amount", None), target.value, target.low, target.high]
            if any(amount is not None and amount < 0 for amount in amounts):
                return True
        return False

    def link_themes(self, good, cards, themes, measures, links: ThemeLinks) -> None:
        """Each measure serves its scorecard's theme (other themes it serves are kept)."""
        by_row = {c.row: c for c in self.changes.changes if c.model == "measure"}
        for group in good:
            measure = measures.by_key[(group.code,)]
            theme = themes.by_key[(cards[group.card],)]
            if not links.lacks(measure, theme):
                continue
            links.add(measure, theme)
            change = by_row.get(group.lines[0].row.number)
            if change is None:
                continue
            start_month = self.organisation.financial_year_start_month
            reference = (
                f"{year_label(self.year, start_month)} {self.plan_of_year.code}/{theme.code}"
            )
            change.fields.append(FieldChange("themes", "", f"add {reference}"))
            if change.action == Action.UNCHANGED:
                change.action = Action.CHANGE
                measures.changed.append(measure)

    @staticmethod
    def slugs(groups, cards) -> dict[str, str]:
        """Each scorecard's slug (its name in a web address); a name without one, or with
        another's, is a problem and its scorecard is left out."""
        slugs: dict[str, str] = {}
        owner: dict[str, str] = {}
        for card in cards:
            slug = slugify(card)[:80]
            first = next(group for group in groups.values() if group.card == card).lines[0]
            if not slug:
                first.cells.problem("scorecard", f"'{card}' needs letters or digits in its name")
            elif slug in owner:
                first.cells.problem(
                    "scorecard",
                    f"'{card}' and '{owner[slug]}' are too alike: give scorecards distinct names",
                )
            else:
                owner[slug] = card
                slugs[card] = slug
        return slugs

    def data(self, good, measures, context: ImportContext):
        """The targets and figures the rows want."""
        target_lines, figure_lines = [], []
        for group in good:
            measure = measures.by_key[(group.code,)]
            value_type = group.value_type
            for line in group.lines:
                cells = line.cells
                target = read_target(cells, "target", value_type)
                actual = read_actual(cells, "actual", value_type)
                if cells.bad:
                    continue
                note = parse_note(line.note)
                baseline = isinstance(note, Missing) and note.state == MissingState.BASELINE
                if target.kind == TargetKind.NONE and baseline:
                    target = BASELINE  # 'BL' printed in place of a rating: a baseline year
                target_lines.append(TargetLine(line.row, measure, line.period, target))
                if actual is None and not line.note:
                    continue
                wanted = figure_values(actual, line.note)
                start, end = line.covered or (None, None)
                wanted |= {"data_covers_start": start, "data_covers_end": end}
                wanted |= self.extra_figure_fields(line)
                figure_lines.append(FigureLine(line.row, measure, line.period, actual, wanted))
        return target_lines, figure_lines

    def extra_figure_fields(self, line) -> dict[str, Any]:
        return {}


ScorecardImport.planner = Planner


def export_scorecards(
    organisation: Organisation, year: int | None, *, published_only: bool = False
) -> list[dict[str, str]]:
    """The theme scorecards of a year (the latest by default) in the scorecard layout: each
    measure in scorecard order, with every period of that year and the year before in which
    it has a target or a figure (only published figures, in a published period). Each row
    also names its measure's code (`measure_code`), which the layout itself does not have.
    `published_only`: only the published periods."""
    scorecards = Scorecard.objects.in_organisation(organisation).filter(kind=ScorecardKind.THEME)
    if year is None:
        latest = scorecards.order_by("-financial_year").values_list("financial_year", flat=True)
        year = next(iter(latest), None)
        if year is None:
            return []
    entries = list(
        ScorecardEntry.objects.filter(
            scorecard__in=scorecards.filter(financial_year=year)
        ).select_related("scorecard", "measure")
    )
    entries.sort(key=lambda e: (e.scorecard.position, e.scorecard.title, e.position, e.pk))
    measure_ids = {entry.measure_id for entry in entries}
    first_year = year - 1
    targets = {
        (target.measure_id, target.period_id): target
        for target in Target.objects.filter(
            measure_id__in=measure_ids, period__in=_periods_of(organisation, first_year, year)
        )
    }
    figures = {
        (figure.measure_id, figure.period_id): figure
        for figure in Figure.objects.filter(
            measure_id__in=measure_ids, period__in=_periods_of(organisation, first_year, year)
        ).select_related("period")
    }
    periods = sorted(
        _periods_of(organisation, first_year, year), key=lambda p: (p.start, p.end, p.key)
    )
    if published_only:
        periods = [period for period in periods if period.is_published]
    figures = {
        key: figure
        for key, figure in figures.items()
        if figure.status == FigureStatus.PUBLISHED or not figure.period.is_published
    }
    rows = []
    for entry in entries:
        measure = entry.measure
        for period in periods:
            target = targets.get((measure.id, period.id))
            figure = figures.get((measure.id, period.id))
            if target is None and figure is None:
                continue
            rows.append(
                {
                    "scorecard": entry.scorecard.title,
                    "measure_no": entry.number,
                    "title": measure.title,
                    "good_is": measure.polarity,
                    "period": period.key,
                    "target": print_target(core_target(target), measure.value_type),
                    "actual": print_figure(measure, figure),
                    "note": figure.note if figure else "",
                    "data_period": covers(figure.data_covers_start, figure.data_covers_end)
                    if figure
                    else "",
                    "measure_code": measure.code,
                }
            )
    return rows


def _periods_of(organisation: Organisation, first_year: int, last_year: int):
    start = core_periods.financial_year(first_year, organisation.financial_year_start_month).start
    end = core_periods.financial_year(last_year, organisation.financial_year_start_month).end
    return Period.objects.in_organisation(organisation).filter(start__gte=start, end__lte=end)


SCORECARD = ScorecardImport(
    name="scorecard",
    label="Scorecard",
    description=(
        "A corporate scorecard as printed, one row per measure and period: builds the plan, "
        "themes, scorecards, measures, periods, targets and figures in one go."
    ),
    columns=(
        Column("scorecard", True, "The strategic theme whose scorecard the row is on."),
        Column("measure_no", True, "The measure's number on the scorecard (may be blank)."),
        Column("title", True, "The measure as named in the report."),
        Column("good_is", True, "higher, lower, in_range or contextual."),
        Column("period", True, "The period: 2018-19 Q2."),
        Column("target", True, "As printed: 6, 9.25%, 01:30, -10%, 7-15%, BL, '-' or blank."),
        Column("actual", True, "As printed: 628269, 38.7% (53/137), 72 (307), 01:36, '-'."),
        Column("note", help="What the report printed in place of a rating: BL, Note 1 ..."),
        Column("data_period", help="What the figure covers when not the period: Jul 15 - Sep 15."),
    ),
)
