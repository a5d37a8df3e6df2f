"""What the risk kinds share: how a file names a risk ('PEO/PEO-01'), reading the objects a cell
names, and turning a service's refusal into a problem of its row or a rolled-back import."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from yardstick.imports.changes import ChangeSet, DataMoved
from yardstick.imports.kinds.base import (
    ABSENT,
    Cells,
    show_value,
)
from yardstick.meetings.models import Body, Partner
from yardstick.organisations.models import Organisation, Partnership
from yardstick.risks.models import (
    Register,
    Risk,
)
from yardstick.risks.services import (
    LEVELS,
    RiskRefused,
)

PARTS = ("likelihood", "impact")
LEVEL_COLUMNS = tuple(f"{level}_{part}" for level in LEVELS for part in PARTS)
LINKS = ("themes", "measures", "key_projects", "partners")
LINK_FIELDS = {"key_projects": "key_actions"}
# The file's column for each field a service names in its refusal.
COLUMNS = {"key_actions": "key_projects", "current_likelihood": "current_likelihood"}


def refused_in_row(changes: ChangeSet, row: int, refused: RiskRefused) -> None:
    changes.problem(row, COLUMNS.get(refused.field, refused.field), refused.message)


def written(write) -> None:
    """Run a write; a refusal by the services rolls the whole import back and says why."""
    try:
        write()
    except RiskRefused as refused:
        raise DataMoved(refused.message) from None
    except PermissionDenied as denied:
        raise DataMoved(str(denied)) from None


def shown(name: str, value: Any) -> str:
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


def risks_by_key(organisation: Organisation) -> dict[str, Risk]:
    return {
        risk_key(risk): risk
        for risk in Risk.objects.of(organisation.pk).select_related("register", "owner")
    }


def named(cells: Cells, column: str, found: dict, what: str) -> Any:
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


def risk_of(cells: Cells, risks: dict[str, Risk]) -> Any:
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
