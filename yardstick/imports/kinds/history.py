"""A council's past published reports, loaded as published: its own explicit path.

The file is in the scorecard layout (one row per measure and period, every cell as printed),
with the rating the report printed (`published_rating`), the day it was published
(`published_on`) and the owner's commentary. It builds the framework as a scorecard file
does; then its figures are kept as published and each period is locked as published, oldest
first, with the ratings the council printed kept as reported
(`yardstick.measures.services.load_published_history`). Wherever the key gives another band,
the scorecard, the measure page and the report say so ("Printed Low Green; by the key High
Green"). A row with no printed rating keeps the key's.

Only periods not yet published can be loaded; loading the same file again changes nothing,
and a figure that differs from a published one is refused (correct it, with a reason). The
rules are in docs/import-formats.md ("history").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from yardstick.accounts.access import board
from yardstick.core.ratings import BAND_ORDER, read_band
from yardstick.framework.models import Period
from yardstick.imports.changes import Action, ChangeSet, Writer, compare
from yardstick.imports.kinds.base import Column, ImportContext, read_date
from yardstick.imports.kinds.figures import (
    _collapse_figure,
    _show,
    entry_for,
    problems_of,
)
from yardstick.imports.kinds.scorecard import (
    SCORECARD,
    Planner,
    ScorecardImport,
    export_scorecards,
)
from yardstick.measures.models import FigureStatus, Measure
from yardstick.measures.rules import figure_problems
from yardstick.measures.services import NOT_GIVEN, HistoryRow, load_published_history
from yardstick.measures.shown import shown_ratings


@dataclass
class PlannedHistory:
    """The figures of the periods a file loads as published, and their printed ratings."""

    rows: list[tuple[Any, str, Any, object, date | None]] = field(default_factory=list)

    def write(self, writer: Writer, periods: dict[str, Any]) -> None:
        load_published_history(
            [
                HistoryRow(measure, periods[key], entry, printed, published_on)
                for measure, key, entry, printed, published_on in self.rows
            ],
            writer.acting_user,
            reason=writer.reason,
            when=writer.when,
        )


def printed_of(line) -> object:
    """The rating a row says its report printed: a Band, None for 'not rated', NOT_GIVEN."""
    text = line.cells.raw("published_rating")
    if not text:
        return NOT_GIVEN
    try:
        return read_band(text)
    except ValueError as error:
        line.cells.problem("published_rating", str(error))
        return NOT_GIVEN


def published_on_of(line) -> date | None:
    text = line.cells.raw("published_on")
    if not text:
        return None
    day = read_date(text)
    if day is None:
        line.cells.problem(
            "published_on", f"'{text}' is not a date (write it like 2018-11-21 or 21/11/2018)"
        )
    elif day > timezone.localdate():
        line.cells.problem("published_on", f"{day:%d %B %Y} is in the future")
        return None
    return day


class HistoryPlanner(Planner):
    """The scorecard planner, with figures loaded as published history."""

    def data(self, good, measures, context: ImportContext):
        self.printed: dict[int, tuple[object, date | None]] = {}
        self.named: list[tuple[Any, Any]] = []
        for group in good:
            measure = measures.by_key[(group.code,)]
            for line in group.lines:
                self.printed[line.row.number] = (printed_of(line), published_on_of(line))
                self.named.append((measure, line.period))
        return super().data(good, measures, context)

    def extra_figure_fields(self, line) -> dict[str, Any]:
        # The commentary a published report printed is published: the public may read it.
        texts = {name: line.cells.raw(name) for name in ("commentary", "proposed_action")}
        return texts | {
            "commentary_published": bool(texts["commentary"]),
            "status": FigureStatus.PUBLISHED,
        }

    def plan_figures(self, changes: ChangeSet, lines, periods, existing, context):
        as_of = timezone.localdate()
        planned = PlannedHistory()
        with_figure = set()
        for line in lines:
            measure, key = line.measure, periods.need(line.period, line.row.number)
            with_figure.add((measure.pk, key))
            label = f"{measure.code} {key}"
            old = existing.get((measure.pk, key))
            found, names = compare(old, line.wanted, _show)
            period = periods.get(key)
            if period is not None and period.is_published:
                if old is not None and not names:
                    changes.record(Action.UNCHANGED, "figure", label, line.row.number)
                else:
                    changes.problem(
                        line.row.number,
                        "period",
                        f"{period.label} is already published: the figure for {measure.code} "
                        "can only be corrected, with a reason, on the correction page",
                    )
                continue
            if old is not None and old.status != FigureStatus.PUBLISHED:
                changes.problem(
                    line.row.number,
                    "period",
                    f"{period.label} is open for returns and {measure.code} has a figure "
                    "entered in Yardstick: load only periods published before Yardstick",
                )
                continue
            entry = entry_for(measure, old, line)
            problems = figure_problems(measure, line.period, entry, as_of)
            if problems:
                problems_of(changes, line, problems)
                continue
            printed, published_on = self.printed[line.row.number]
            action = Action.CREATE if old is None else Action.CHANGE
            shown = _collapse_figure(measure, found, old, line.wanted)
            changes.record(action, "published figure", label, line.row.number, shown)
            planned.rows.append((measure, key, entry, printed, published_on))
        for measure, core in self.named:  # a measure with a target and no figure
            key = core.key
            period = periods.get(key)
            if (measure.pk, key) in with_figure or (period is not None and period.is_published):
                continue
            with_figure.add((measure.pk, key))
            planned.rows.append((measure, key, None, NOT_GIVEN, None))
        return planned


class HistoryImport(ScorecardImport):
    planner = HistoryPlanner

    def export(self, organisation, year):
        """The published periods of the scorecards' year (and the year before), in the
        scorecard layout, each figure with the rating kept as reported, the day its period
        was published and its commentary: a council's published history, to load again."""
        rows = export_scorecards(organisation, year, published_only=True)
        if not rows:
            return []
        periods = {
            period.key: period
            for period in Period.objects.in_organisation(organisation).published()
        }
        measures = {
            measure.code: measure for measure in Measure.objects.in_organisation(organisation)
        }
        wanted = {(row["measure_code"], row["period"]) for row in rows}
        shown = shown_ratings(
            [measures[code] for code in {code for code, _ in wanted}],
            [periods[key] for key in {key for _, key in wanted}],
            board(organisation.id),
        )
        result = []
        for row in rows:
            measure, period = measures[row["measure_code"]], periods[row["period"]]
            item = shown[(measure.id, period.id)]
            result.append(
                {name: value for name, value in row.items() if name != "measure_code"}
                | {
                    "published_rating": item.band.value if item.band else "-",
                    "published_on": timezone.localdate(period.published_at).isoformat()
                    if period.published_at
                    else "",
                    "commentary": item.commentary,
                    "proposed_action": item.proposed_action,
                }
            )
        return result


HISTORY = HistoryImport(
    name="history",
    label="Published history",
    description=(
        "Reports the council published before Yardstick, in the scorecard layout, with the "
        "ratings they printed: loaded as published, each period locked, the printed ratings "
        "kept as reported (and the key's beside them where they differ)."
    ),
    columns=(
        *SCORECARD.columns,
        Column(
            "published_rating",
            help="The rating the report printed: "
            + ", ".join(band.value for band in BAND_ORDER)
            + " (or Blue, High Green ...), '-' for none; blank keeps the key's rating.",
        ),
        Column("published_on", help="The day the report was published: 2018-11-21."),
        Column(
            "commentary",
            help="The commentary the report printed with the figure: published with it, as "
            "the report was.",
        ),
        Column("proposed_action", help="The action the report proposed."),
    ),
)
