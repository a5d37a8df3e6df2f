"""What an import would do, worked out before anything is written, and the writing of it.

An import reads the file, loads the existing rows it could touch (a few queries, whatever the
file's length), and compares in Python. The result is a `ChangeSet`: every problem by row and
column, every record it would create, every record it would change (field by field, from ->
to) and every record it would leave alone. Only a change set without problems is written, in
bulk, with the same audit trail (django-simple-history rows with the acting user and a reason)
as an edit on screen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.db import models
from simple_history.utils import bulk_create_with_history, bulk_update_with_history


class Action(StrEnum):
    CREATE = "create"
    CHANGE = "change"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Problem:
    """Why a row (or the whole file, row None) cannot be imported."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass
class Change:
    """One record the import creates, changes or leaves alone."""

    action: Action
    model: str  # what it is, for a person: 'measure', 'target'
    key: str  # how the file names it: 'BBH-01', 'BBH-01 2018-19 Q2'
    row: int | None
    fields: list[FieldChange] = field(default_factory=list)


# A file too long to list every change (a background import) lists this many problems and
# counts the rest.
PROBLEMS_LISTED = 1000


class DataMoved(Exception):
    """The data changed between checking a file and writing it (another person, another
    import): nothing is written, and the message says what."""


@dataclass
class ChangeSet:
    kind: str
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    rows: int = 0
    # The writes, in order; each is called with the Writer once the set is known to be clean.
    steps: list[Callable[[Writer], None]] = field(default_factory=list)
    # False for a file read as a stream: each record is counted, not listed, and the problems
    # beyond PROBLEMS_LISTED are counted too, so memory does not grow with the file.
    keep_changes: bool = True
    counts: dict[str, Counter] = field(default_factory=dict)
    problems_left_out: int = 0
    read_as: str = ""  # how a CSV file's text was read, when not UTF-8 ("Windows-1252 ...")
    _noted: set[Problem] = field(default_factory=set, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, row: int | None, column: str, message: str) -> None:
        """Note a problem, once: a row's figure and target in a period the rules refuse are
        refused in the same words, and the row's reader needs to read them once."""
        problem = Problem(row, column, message)
        if problem not in self._noted:
            if not self.keep_changes and len(self.problems) >= PROBLEMS_LISTED:
                self.problems_left_out += 1
                return
            self._noted.add(problem)
            self.problems.append(problem)

    def record(
        self,
        action: Action,
        model: str,
        key: str,
        row: int | None,
        fields: Iterable[FieldChange] = (),
    ) -> None:
        self.counts.setdefault(model, Counter())[action] += 1
        if self.keep_changes:
            self.changes.append(Change(action, model, key, row, list(fields)))

    def of(self, action: Action) -> list[Change]:
        return [change for change in self.changes if change.action == action]

    def summary(self) -> dict[str, dict[str, int]]:
        """{'measure': {'create': 85, 'change': 0, 'unchanged': 0}, ...} in first-seen order."""
        return {
            model: {action.value: counter[action] for action in Action}
            for model, counter in self.counts.items()
        }

    @property
    def changes_anything(self) -> bool:
        return any(
            counter[Action.CREATE] or counter[Action.CHANGE] for counter in self.counts.values()
        )

    def sorted_problems(self) -> list[Problem]:
        listed = sorted(self.problems, key=lambda p: (p.row is not None, p.row or 0))
        if self.problems_left_out:
            listed.append(
                Problem(
                    None,
                    "",
                    f"and {self.problems_left_out:,} more problems, not listed: put these "
                    "right and import the file again to see them",
                )
            )
        return listed


@dataclass
class Writer:
    """Writes in bulk with history: one history row per record created or changed, with the
    acting user and the reason ('Imported from seed.csv'), in the caller's transaction."""

    acting_user: Any
    reason: str
    when: datetime

    def create(self, model: type[models.Model], objects: list[models.Model]) -> list:
        if not objects:
            return []
        return bulk_create_with_history(
            objects,
            model,
            default_user=self.acting_user,
            default_change_reason=self.reason,
            default_date=self.when,
        )

    def update(
        self, model: type[models.Model], objects: list[models.Model], fields: Iterable[str]
    ) -> None:
        """Save the changed fields; with no fields (a measure whose themes alone changed), only
        the history row is written."""
        fields = sorted(set(fields))
        if not objects:
            return
        bulk_update_with_history(
            objects,
            model,
            fields,
            default_user=self.acting_user,
            default_change_reason=self.reason,
            default_date=self.when,
        )


def compare(
    instance: models.Model | None,
    wanted: dict[str, Any],
    show: Callable[[str, Any], str],
    labels: dict[str, str] | None = None,
) -> tuple[list[FieldChange], list[str]]:
    """The fields of `instance` that differ from `wanted` ({field name: value}) as (changes
    for a person, field names to write). A foreign key is compared by id, without a query;
    a new (unsaved) related object always differs."""
    changes: list[FieldChange] = []
    names: list[str] = []
    labels = labels or {}
    for name, after in wanted.items():
        if instance is None:
            same, before = False, None
        else:
            field = instance._meta.get_field(name)
            if field.many_to_one:
                before_id = getattr(instance, field.attname)
                same = (after is None and before_id is None) or (
                    after is not None and after.pk is not None and after.pk == before_id
                )
                cached = before_id is None or field.is_cached(instance)
                before = getattr(instance, name) if cached else before_id
            else:
                before = getattr(instance, name)
                same = _same(before, after)
        if not same:
            names.append(name)
            changes.append(
                FieldChange(
                    labels.get(name, name.replace("_", " ")),
                    show(name, before) if instance is not None else "",
                    show(name, after),
                )
            )
    return changes, names


def _same(before: Any, after: Any) -> bool:
    if before is None or after is None:
        return before is None and after is None
    return before == after


def apply_values(instance: models.Model, wanted: dict[str, Any]) -> None:
    for name, value in wanted.items():
        setattr(instance, name, value)
