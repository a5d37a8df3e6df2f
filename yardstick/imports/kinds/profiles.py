"""The target-profiles kind: each measure's target profile (how its year targets are shared out
into its periods: evenly, by last year's shape, by hand) and trajectory ("50% by 2020/21"),
and, when a row asks, the targets they set. Checked and written by what the measure's target
profile page calls (`measures.profiles`: `settings_problems`, `preview_profile`,
`preview_trajectory`, `set_profile`, `apply_proposals`, so through `set_targets`), all or
nothing, with a report per row."""

from __future__ import annotations

from decimal import Decimal

from yardstick.core import periods as core_periods
from yardstick.core.profiles import PROFILE_LABELS, ProfileError, ProfileMethod
from yardstick.core.values import ValueParseError, ValueType, format_amount, read_amount
from yardstick.imports.changes import Action, ChangeSet, DataMoved, FieldChange, Writer, compare
from yardstick.imports.kinds.base import (
    ABSENT,
    Cells,
    Column,
    ImportContext,
    Kind,
    lookup,
    show_value,
    year_label,
)
from yardstick.imports.tables import Table
from yardstick.measures import profiles
from yardstick.measures.models import Measure, TargetProfile
from yardstick.measures.rules import BY_HAND_LENGTH
from yardstick.measures.services import FigureRefused
from yardstick.organisations.models import Organisation

METHODS = [(method.value, PROFILE_LABELS[method]) for method in ProfileMethod]
# Where a problem `settings_problems` names by field is written in a file.
COLUMNS = {"by_hand": "by_hand", "baseline_year": "baseline_year", "baseline": "baseline"}
COLUMNS |= {"end_year": "end_year", "end": "end"}


def _given(value, default=None):
    return default if value is ABSENT else value


def _problem(error: Exception) -> str:
    text = str(error)
    return f"{text[:1].upper()}{text[1:]}".rstrip(".")


def _stored(row: TargetProfile | None) -> profiles.ProfileSettings:
    if row is None:
        return profiles.ProfileSettings()
    return profiles.ProfileSettings(
        ProfileMethod(row.method),
        row.by_hand,
        row.baseline_year,
        row.baseline,
        row.end_year,
        row.end,
    )


def _values(settings: profiles.ProfileSettings) -> dict:
    return {
        "method": settings.method.value,
        "by_hand": settings.by_hand.strip(),
        "baseline_year": settings.baseline_year,
        "baseline": settings.baseline,
        "end_year": settings.end_year,
        "end": settings.end,
    }


def _proposed(
    measure: Measure, settings: profiles.ProfileSettings, year, trajectory: bool
) -> list[profiles.Proposed]:
    """The targets the row sets, as the page would preview them: the trajectory's years
    first, then the year profiled. Raises ProfileError."""
    proposals = profiles.preview_trajectory(measure, settings) if trajectory else []
    if year is not None:
        year_key = core_periods.financial_year(
            year, measure.organisation.financial_year_start_month
        ).key
        if any(proposal.period.key == year_key for proposal in proposals):
            raise ProfileError(
                "the trajectory sets this year's target: profile the year in a second file, "
                "once the trajectory's targets are set"
            )
        proposals += profiles.preview_profile(measure, settings, year)
    return proposals


class TargetProfilesKind(Kind):
    def plan(self, context: ImportContext, table: Table) -> ChangeSet:
        changes = ChangeSet(self.name, rows=len(table.rows))
        if not self.check_columns(table, changes):
            return changes
        organisation = context.organisation
        start = context.start_month
        measures = {
            m.code: m
            for m in Measure.objects.in_organisation(organisation).select_related("organisation")
        }
        existing = {
            row.measure_id: row
            for row in TargetProfile.objects.filter(measure__organisation=organisation)
        }
        seen: dict[str, int] = {}
        writes = []
        for row in table.rows:
            cells = Cells(row, changes)
            measure = lookup(cells, "measure", measures, "measure")
            if measure is None:
                cells.problem("measure", "is blank; it is needed")
            method = cells.choice("method", METHODS, default=ProfileMethod.EVENLY.value)
            by_hand = cells.text("by_hand", max_length=BY_HAND_LENGTH)
            baseline_year = cells.year("baseline_year", start, required=False)
            baseline = _read_amount(cells, "baseline", measure)
            end_year = cells.year("end_year", start, required=False)
            end = _read_amount(cells, "end", measure)
            year = cells.year("year", start, required=False)
            trajectory = cells.yes_no("set_trajectory_targets")
            replace_by_hand = cells.yes_no("replace_by_hand")
            if cells.bad:
                continue
            if measure.code in seen:
                changes.problem(
                    row.number,
                    "measure",
                    f"{measure.code} is also on row {seen[measure.code]}; give each measure once",
                )
                continue
            seen[measure.code] = row.number
            # A column the file does not have keeps what is stored (evenly, none, for a new one).
            stored = _stored(existing.get(measure.pk))
            settings = profiles.ProfileSettings(
                ProfileMethod(_given(method, stored.method.value)),
                _given(by_hand, stored.by_hand),
                _given(baseline_year, stored.baseline_year),
                _given(baseline, stored.baseline),
                _given(end_year, stored.end_year),
                _given(end, stored.end),
            )
            problems = profiles.settings_problems(measure, settings)
            for name, message in problems.items():
                changes.problem(row.number, COLUMNS.get(name, "method"), message.rstrip("."))
            if problems:
                continue
            trajectory = bool(_given(trajectory, False))
            if trajectory and not settings.has_trajectory:
                changes.problem(
                    row.number,
                    "set_trajectory_targets",
                    "Give the trajectory's baseline year and value, and its end year and value, "
                    "to set its targets",
                )
                continue
            year = _given(year)
            try:
                proposals = _proposed(measure, settings, year, trajectory)
            except ProfileError as error:
                changes.problem(row.number, "year" if year is not None else "end", _problem(error))
                continue
            wanted = [p for p in proposals if not p.locked and not p.unchanged]
            by_hand_set = [p for p in wanted if p.by_hand]
            if by_hand_set and not _given(replace_by_hand, False):
                changes.problem(
                    row.number,
                    "replace_by_hand",
                    "Targets set by hand would change ("
                    + ", ".join(f"{p.period.label} {p.current_text}" for p in by_hand_set)
                    + "): write yes in replace_by_hand to replace them",
                )
                continue
            old = existing.get(measure.pk)
            found, names = compare(old, _values(settings), show_value)
            if old is None or names:
                action = Action.CHANGE if old is not None else Action.CREATE
                shown = found if old is not None else [c for c in found if c.after != ""]
                changes.record(action, "target profile", measure.code, row.number, shown)
            else:
                changes.record(Action.UNCHANGED, "target profile", measure.code, row.number)
            for proposal in wanted:
                changes.record(
                    Action.CHANGE if proposal.current is not None else Action.CREATE,
                    "target",
                    f"{measure.code} {proposal.period.key}",
                    row.number,
                    [FieldChange("target", proposal.current_text, proposal.printed)],
                )
            if old is None or names or wanted:
                writes.append((row.number, measure, settings, year, trajectory))

        def write(writer: Writer) -> None:
            for number, measure, settings, year, trajectory in writes:
                try:
                    profiles.set_profile(measure, settings, writer.acting_user)
                    proposals = _proposed(measure, settings, year, trajectory)
                    if proposals:
                        profiles.apply_proposals(
                            proposals,
                            writer.acting_user,
                            replace_by_hand=True,  # asked for when checked
                            reason=f"{writer.reason}: {proposals[-1].source}",
                        )
                except (ProfileError, profiles.ProfileRefused) as error:
                    raise DataMoved(f"{measure.code} (row {number}): {error}") from None
                except FigureRefused as refused:
                    said = " ".join(problem.message for problem in refused.problems)
                    raise DataMoved(f"{measure.code} (row {number}): {said}") from None

        changes.steps.append(write)
        return changes

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        start = organisation.financial_year_start_month
        rows = TargetProfile.objects.filter(measure__organisation=organisation).select_related(
            "measure__organisation"
        )
        found = []
        for row in sorted(rows, key=lambda row: row.measure.code):
            settings = profiles.settings_of(row.measure)
            found.append(
                {
                    "measure": row.measure.code,
                    "method": settings.method.value,
                    "by_hand": settings.by_hand,
                    "baseline_year": year_label(settings.baseline_year, start),
                    "baseline": _amount(settings.baseline, row.measure),
                    "end_year": year_label(settings.end_year, start),
                    "end": _amount(settings.end, row.measure),
                    "year": "",
                    "set_trajectory_targets": "no",
                    "replace_by_hand": "no",
                }
            )
        return found


def _read_amount(cells: Cells, column: str, measure):
    """A trajectory's value, read in the measure's type as the page reads it ('42%', '1,200',
    '01:30'); None for blank, ABSENT for a column the file does not have."""
    if not cells.has(column):
        return ABSENT
    text = cells.raw(column).strip()
    if not text or not isinstance(measure, Measure):
        return None
    try:
        return read_amount(text, ValueType(measure.value_type)).amount
    except ValueParseError as error:
        return cells.problem(column, str(error))


def _amount(amount: Decimal | None, measure: Measure) -> str:
    """A trajectory's value as the page prints it, so it reads back the same."""
    return "" if amount is None else format_amount(amount, ValueType(measure.value_type))


TARGET_PROFILES = TargetProfilesKind(
    name="target-profiles",
    label="Target profiles and trajectories",
    description="Each measure's target profile (evenly, by last year's shape, by hand) and "
    "trajectory, and the targets they set when asked: checked as the target profile page "
    "checks them, all or nothing.",
    columns=(
        Column("measure", True, "The measure's code (import the measures first)."),
        Column("method", help="evenly (the default), last_year (last year's shape) or by_hand."),
        Column(
            "by_hand",
            help="For by_hand: a share per period of the year, in order, separated by commas: "
            "'10%, 20%, 30%, 40%' or amounts '20, 30, 30, 40'.",
        ),
        Column("baseline_year", help="The trajectory's baseline year: 2018/19."),
        Column("baseline", help="The trajectory's baseline value: 76."),
        Column("end_year", help="The year the trajectory ends: 2020/21."),
        Column("end", help="The value it reaches by then: 50."),
        Column(
            "year",
            help="A financial year (2019/20) whose target is profiled into its periods by the "
            "method; blank: none.",
        ),
        Column(
            "set_trajectory_targets",
            help="yes: set the year targets on the trajectory; no (or blank): keep it only.",
        ),
        Column(
            "replace_by_hand",
            help="yes: targets set by hand that these would change are replaced; no (or "
            "blank): such a row is refused, naming them.",
        ),
    ),
)
