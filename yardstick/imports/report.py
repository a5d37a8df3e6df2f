"""An import's outcome as plain text, for the command line."""

from __future__ import annotations

from yardstick.imports.changes import Action, ChangeSet
from yardstick.imports.models import ImportRun, ImportStatus

HEADLINES = {
    ImportStatus.APPLIED: "Imported",
    ImportStatus.DRY_RUN: "Dry run, nothing was changed; importing would give",
    ImportStatus.REJECTED: "Nothing was imported",
    ImportStatus.PREVIEWED: "Previewed, not yet applied",
}


def summary_lines(changes: ChangeSet) -> list[str]:
    """One line per kind of record: '  measure: 85 created, 0 changed, 0 left alone'."""
    lines = []
    for model, counts in changes.summary().items():
        lines.append(
            f"  {model}: {counts[Action.CREATE]} created, {counts[Action.CHANGE]} changed, "
            f"{counts[Action.UNCHANGED]} left alone"
        )
    return lines


def change_lines(changes: ChangeSet) -> list[str]:
    """Every record created or changed, with its fields from -> to."""
    lines = []
    for change in changes.changes:
        if change.action == Action.UNCHANGED:
            continue
        verb = "create" if change.action == Action.CREATE else "change"
        where = f" (row {change.row})" if change.row else ""
        lines.append(f"  {verb} {change.model} {change.key}{where}")
        for field in change.fields:
            if change.action == Action.CREATE:
                lines.append(f"      {field.field}: {field.after}")
            else:
                lines.append(f"      {field.field}: {field.before!r} -> {field.after!r}")
    return lines


def problem_lines(changes: ChangeSet) -> list[str]:
    return [f"  {problem}" for problem in changes.sorted_problems()]


def report(run: ImportRun, changes: ChangeSet, *, verbose: bool = False) -> str:
    title = f"{run.get_kind_display()} from {run.filename} into {run.organisation}"
    read_as = [f"The file's text was read as {run.read_as}."] if run.read_as else []
    if changes.problems:
        count = len(changes.problems)
        lines = [
            f"{title}: {HEADLINES[ImportStatus.REJECTED]}.",
            f"The file has {count} problem{'s' if count != 1 else ''}; fix "
            f"{'them' if count != 1 else 'it'} and import it again:",
            *problem_lines(changes),
            *read_as,
        ]
        return "\n".join(lines) + "\n"
    lines = [
        f"{title}: {HEADLINES[ImportStatus(run.status)]}:",
        *summary_lines(changes),
        *read_as,
    ]
    if not changes.changes_anything:
        lines.append("Everything in the file is already there: nothing to change.")
    if verbose:
        lines += change_lines(changes)
    return "\n".join(lines) + "\n"
