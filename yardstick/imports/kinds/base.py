"""What every kind of import shares: its columns, reading a row's cells, and looking up the
people and periods the cells name."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Q

from yardstick.accounts.models import User
from yardstick.core import periods as core_periods
from yardstick.core.values import (
    DIGITS,
    PLACES,
    WHOLE_DIGITS,
    ValueParseError,
    ValueType,
    fits,
    read_amount,
)
from yardstick.imports.changes import Action, ChangeSet, Writer, apply_values, compare
from yardstick.imports.tables import Row, Table
from yardstick.organisations.models import Organisation

YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0", ""})


class _Missing:
    """A column the file does not have: the field is left as it is."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Missing()
WHOLE_NUMBER = re.compile(r"-?[0-9]+")
SMALL_WHOLE_NUMBER = 32767  # the most a PositiveSmallIntegerField holds on every database
WHOLE_NUMBER_LIMIT = 2147483647  # a PositiveIntegerField's


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    help: str = ""


@dataclass
class ImportContext:
    """Who imports what into which organisation, with which options: the status figures for
    open periods are given (submitted for sign-off unless the performance team approves them
    as they come) and, for figures of published periods, the reason they are corrected."""

    organisation: Organisation
    figure_status: str = "submitted"
    correction_reason: str = ""
    # Told how far a long import has gone: ('checked' or 'written', rows so far).
    progress: Callable[[str, int], None] | None = None
    # Given, a kind read as a stream writes each chunk as soon as it is checked, until a row
    # has a problem (in one transaction, which the caller rolls back if any row has one).
    writer: Writer | None = None

    def report(self, stage: str, rows: int) -> None:
        if self.progress is not None:
            self.progress(stage, rows)

    @property
    def start_month(self) -> int:
        return self.organisation.financial_year_start_month


@dataclass
class Kind:
    """One kind of file. Subclasses read a table into a ChangeSet and export rows."""

    name: str = ""
    label: str = ""
    description: str = ""
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def check_columns(self, table: Table, changes: ChangeSet) -> bool:
        """Problems with the header: a required column missing, a column this kind does not
        have. True when the rows can be read."""
        known = set(self.column_names)
        for name in table.columns:
            if name not in known:
                changes.problem(
                    1,
                    name,
                    f"'{name}' is not a column of a {self.label.lower()} file; its columns are "
                    + ", ".join(self.column_names),
                )
        for column in self.columns:
            if column.required and column.name not in table.columns:
                changes.problem(1, column.name, f"the required column '{column.name}' is missing")
        return changes.ok

    def plan(self, context: ImportContext, table: Table) -> ChangeSet:  # pragma: no cover
        raise NotImplementedError

    def export(self, organisation: Organisation, year: int | None) -> list[dict[str, str]]:
        raise NotImplementedError  # pragma: no cover


class Cells:
    """A row's cells, read into values. A bad cell records a problem (row and column) and
    reads as ABSENT; so does a column the file does not have."""

    def __init__(self, row: Row, changes: ChangeSet):
        self.row = row
        self.changes = changes
        self.bad = False

    def problem(self, column: str, message: str) -> Any:
        self.bad = True
        self.changes.problem(self.row.number, column, message)
        return ABSENT

    def has(self, column: str) -> bool:
        return self.row.has(column)

    def raw(self, column: str) -> str:
        return self.row.get(column)

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> Any:
        if not self.has(column):
            return ABSENT
        value = self.raw(column)
        if required and not value:
            return self.problem(column, "is blank; it is needed")
        if max_length is not None and len(value) > max_length:
            return self.problem(
                column, f"is {len(value)} characters long; at most {max_length} fit"
            )
        return value

    def choice(
        self, column: str, choices: Iterable[tuple[str, str]], *, default: str | None = None
    ) -> Any:
        if not self.has(column):
            return ABSENT
        value = self.raw(column)
        if not value:
            if default is None:
                return self.problem(column, "is blank; it is needed")
            return default
        allowed = {key: key for key, _ in choices}
        allowed |= {label.casefold(): key for key, label in choices}
        allowed |= {key.casefold(): key for key in list(allowed.values())}
        found = allowed.get(value.casefold().replace(" ", "_")) or allowed.get(value.casefold())
        if found is None:
            listed = ", ".join(key for key, _ in choices)
            return self.problem(column, f"'{value}' is not one of: {listed}")
        return found

    def yes_no(self, column: str) -> Any:
        """A switch: yes or no (also true/false, y/n, 1/0); blank is no."""
        if not self.has(column):
            return ABSENT
        value = self.raw(column).casefold()
        if value in YES:
            return True
        if value in NO:
            return False
        return self.problem(column, f"'{self.raw(column)}' is not yes or no")

    def integer(
        self,
        column: str,
        *,
        required: bool = False,
        blank: Any = None,
        minimum: int = 0,
        maximum: int = SMALL_WHOLE_NUMBER,
    ) -> Any:
        """A whole number from `minimum` to `maximum` (by default, what the smallest database
        column for one holds)."""
        if not self.has(column):
            return ABSENT
        value = self.raw(column).replace(",", "")
        if not value:
            return self.problem(column, "is blank; it is needed") if required else blank
        if not WHOLE_NUMBER.fullmatch(value):  # not str.isdigit: '²' is a digit int() refuses
            return self.problem(column, f"'{value}' is not a whole number")
        number = int(value)
        if number < minimum:
            return self.problem(column, f"{number} is below {minimum}")
        if number > maximum:
            return self.problem(column, f"{number} is above {maximum:,}")
        return number

    def decimal(self, column: str, *, blank: Any = None) -> Any:
        if not self.has(column):
            return ABSENT
        value = self.raw(column).replace(",", "")
        if not value:
            return blank
        try:
            number = Decimal(value)
        except InvalidOperation:
            return self.problem(column, f"'{value}' is not a number")
        if not number.is_finite():
            return self.problem(column, f"'{value}' is not a number")
        if not fits(number):
            return self.problem(
                column,
                f"'{value}' does not fit: up to {WHOLE_DIGITS} digits before the decimal point "
                f"and {PLACES} after, {DIGITS} in all",
            )
        return number

    def date(self, column: str) -> Any:
        if not self.has(column):
            return ABSENT
        value = self.raw(column)
        if not value:
            return None
        return read_date(value) or self.problem(
            column, f"'{value}' is not a date (write it like 2019-03-31 or 31/03/2019)"
        )

    def year(self, column: str, start_month: int, *, required: bool = True) -> Any:
        """A financial year ('2018/19', '2018-19') as the year it starts in (2018)."""
        if not self.has(column):
            return ABSENT
        value = self.raw(column)
        if not value:
            return self.problem(column, "is blank; it is needed") if required else None
        try:
            year = core_periods.parse_period(
                value, start_month, period_type=core_periods.PeriodType.YEAR
            )
        except core_periods.PeriodParseError as error:
            return self.problem(column, f"is not a financial year: {error}")
        return year.start.year

    def period(self, column: str, start_month: int) -> Any:
        if not self.has(column):
            return ABSENT
        value = self.raw(column)
        if not value:
            return self.problem(column, "is blank; it is needed")
        try:
            return core_periods.parse_period(value, start_month)
        except core_periods.PeriodParseError as error:
            return self.problem(column, str(error))

    def user(self, column: str, users: dict[str, Any]) -> Any:
        if not self.has(column):
            return ABSENT
        value = self.raw(column)
        if not value:
            return None
        found = users.get(value)
        if found is None:
            return self.problem(column, f"there is no user '{value}' in this organisation")
        return found


def read_date(text: str) -> date | None:
    try:
        return date.fromordinal(int(read_amount(text, ValueType.DATE).amount))
    except (ValueParseError, ValueError, OverflowError):
        return None


def lookup(cells: Cells, column: str, found: dict, what: str):
    """The object a cell names among those `found` (by its text), None for an empty cell,
    or a problem naming the `what` that does not exist."""
    value = cells.text(column)
    if value is ABSENT or not value:
        return value if value is ABSENT else None
    if value not in found:
        return cells.problem(column, f"there is no {what} '{value}'")
    return found[value]


def usernames(table: Table, *columns: str) -> set[str]:
    return {row.get(column) for row in table.rows for column in columns if row.get(column)}


def load_users(organisation: Organisation, names: set[str]) -> dict[str, Any]:
    """The organisation's users (and those in none, such as administrators) by username: one
    query, none when no cell names anyone."""
    if not names:
        return {}
    found = User.objects.filter(username__in=names).filter(
        Q(organisation=organisation) | Q(organisation__isnull=True)
    )
    return {user.username: user for user in found}


def plain(amount: Decimal | None) -> str:
    """A decimal without trailing zeros or exponent: 9.250000 -> '9.25', 90.000000 -> '90'."""
    if amount is None:
        return ""
    if amount == amount.to_integral_value():
        return str(amount.quantize(Decimal(1)))
    return format(amount.normalize(), "f")


def tidy(amount: Decimal | None) -> Decimal | None:
    """The same amount with no trailing zeros, so that it prints in the fewest places."""
    if amount is None:
        return None
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.normalize()


def present(values: dict[str, Any]) -> dict[str, Any]:
    """The values of the columns the file has (ABSENT ones left out)."""
    return {name: value for name, value in values.items() if value is not ABSENT}


def show_value(name: str, value: Any) -> str:
    """A field's value for a person reading the preview."""
    from django.db.models import Model

    if value is None:
        return ""
    if isinstance(value, Model):
        for attribute in ("code", "username", "key"):
            if hasattr(value, attribute):
                return str(getattr(value, attribute))
        return str(value)
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def theme_reference(theme) -> str:
    """How a file names a theme: '2018/19 CORP/BBH' (year, plan code / theme code). Load the
    theme with its plan's organisation, whose start month labels the year."""
    return f"{theme.plan.year_label} {theme.plan.code}/{theme.code}"


def read_theme_reference(text: str, start_month: int) -> tuple[int, str, str]:
    """(year, plan code, theme code) from '2018/19 CORP/BBH'; ValueError saying why not."""
    year_text, _, rest = text.strip().partition(" ")
    plan_code, slash, theme_code = rest.strip().partition("/")
    if not slash or not plan_code.strip() or not theme_code.strip():
        raise ValueError(
            f"'{text}' is not a theme: write the year, the plan's code, '/' and the theme's "
            "code, like '2018/19 CORP/BBH'"
        )
    try:
        year = core_periods.parse_period(
            year_text, start_month, period_type=core_periods.PeriodType.YEAR
        )
    except core_periods.PeriodParseError as error:
        raise ValueError(f"'{text}' is not a theme: {error}") from None
    return year.start.year, plan_code.strip(), theme_code.strip()


def username(user) -> str:
    return user.username if user is not None else ""


def year_label(year: int | None, start_month: int) -> str:
    """A financial year as a file writes it ('2018/19'; '2018' for a January start); '' for
    none."""
    return "" if year is None else core_periods.year_label(year, start_month)


def depth_levels(objects: list, parent_of) -> list[list]:
    """New objects grouped so each group's parents are saved before it: the ones whose parent
    is old or none first, then their children, and so on (as deep as the tree, not as long
    as the file)."""
    pending = {id(obj) for obj in objects}
    depth: dict[int, int] = {}

    def level(obj) -> int:
        key = id(obj)
        if key in depth:
            return depth[key]
        parent = parent_of(obj)
        depth[key] = 0 if parent is None or id(parent) not in pending else level(parent) + 1
        return depth[key]

    levels: dict[int, list] = {}
    for obj in objects:
        levels.setdefault(level(obj), []).append(obj)
    return [levels[number] for number in sorted(levels)]


def cycles(parents: dict[str, str | None]) -> set[str]:
    """The keys that are their own ancestor in a {key: parent key} map."""
    found = set()
    for start in parents:
        seen: set[str] = set()
        current = parents.get(start)
        while current is not None and current not in seen:
            if current == start:
                found.add(start)
                break
            seen.add(current)
            current = parents.get(current)
    return found


@dataclass
class Wanted:
    """A record as one row of the file wants it: its key, the fields the file sets, and its
    parent's key (None for no parent; ABSENT when the file has no parent column)."""

    row: Row
    key: tuple
    values: dict[str, Any]
    parent: Any = ABSENT


@dataclass
class Diff:
    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    fields: set[str] = field(default_factory=set)
    by_key: dict[tuple, Any] = field(default_factory=dict)


def diff_records(
    changes: ChangeSet,
    *,
    model_label: str,
    wanted: list[Wanted],
    existing: dict[tuple, Any],
    make,
    show,
    key_text,
    key_column: str,
    parent_field: str | None = None,
    parent_column: str = "parent",
    existing_parent_key=None,
    labels: dict[str, str] | None = None,
    bad_rows: set[int] | None = None,
) -> Diff:
    """Compare the records a file wants with those that exist, by key, in Python.

    Records each create / change / leave-alone in `changes`, and problems for a key given
    twice, a parent that does not exist, and a parent chain that loops. Returns the new
    objects (unsaved, fields set) and the changed ones (fields set) for the caller to write.
    """
    bad_rows = set(bad_rows or ())
    first_row: dict[tuple, int] = {}
    unique: list[Wanted] = []
    for item in wanted:
        if item.key in first_row:
            changes.problem(
                item.row.number,
                key_column,
                f"{key_text(item.key)} is also on row {first_row[item.key]}; give each "
                f"{model_label} once",
            )
            bad_rows.add(item.row.number)
            continue
        first_row[item.key] = item.row.number
        unique.append(item)
    if parent_field is not None:
        parents: dict[tuple, tuple | None] = {
            key: existing_parent_key(instance) for key, instance in existing.items()
        }
        for item in unique:
            if item.parent is ABSENT:
                continue
            if item.parent is not None and item.parent == item.key:
                changes.problem(
                    item.row.number, parent_column, f"a {model_label} cannot be its own parent"
                )
                bad_rows.add(item.row.number)
            elif item.parent is not None and item.parent not in first_row | existing:
                changes.problem(
                    item.row.number,
                    parent_column,
                    f"there is no {model_label} {key_text(item.parent)}, in the file or already",
                )
                bad_rows.add(item.row.number)
            else:
                parents[item.key] = item.parent
        looping = cycles(parents)
        for item in unique:
            if item.key in looping and item.row.number not in bad_rows:
                changes.problem(
                    item.row.number,
                    parent_column,
                    f"{key_text(item.key)} would be its own ancestor: the parents loop",
                )
                bad_rows.add(item.row.number)
    diff = Diff()
    instances = dict(existing)
    for item in unique:
        if item.key not in instances:
            instances[item.key] = make(item.key)
    diff.by_key = instances
    for item in unique:
        if item.row.number in bad_rows:
            continue
        values = dict(item.values)
        if parent_field is not None and item.parent is not ABSENT:
            values[parent_field] = instances[item.parent] if item.parent is not None else None
        instance = instances[item.key]
        old = existing.get(item.key)
        found, names = compare(old, values, show, labels)
        if old is None:
            apply_values(instance, values)
            shown = [change for change in found if change.after != ""]
            changes.record(Action.CREATE, model_label, key_text(item.key), item.row.number, shown)
            diff.new.append(instance)
        elif names:
            apply_values(instance, {name: values[name] for name in names})
            changes.record(Action.CHANGE, model_label, key_text(item.key), item.row.number, found)
            diff.changed.append(instance)
            diff.fields.update(names)
        else:
            changes.record(Action.UNCHANGED, model_label, key_text(item.key), item.row.number)
    return diff


def write_diff(writer, model, diff: Diff, parent_field: str | None = None) -> None:
    """Create the new records (parents before children), then update the changed ones."""
    if parent_field is None:
        writer.create(model, diff.new)
    else:
        for level in depth_levels(diff.new, lambda obj: getattr(obj, parent_field)):
            writer.create(model, level)
    writer.update(model, diff.changed, diff.fields)
