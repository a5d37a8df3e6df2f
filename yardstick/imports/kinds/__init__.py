"""Every kind of file Yardstick imports and exports, by the name the command line and the
upload page use. docs/import-formats.md describes each."""

from __future__ import annotations

from yardstick.imports.kinds.actions import ACTION_UPDATES, ACTIONS, MILESTONES
from yardstick.imports.kinds.base import Column, ImportContext, Kind
from yardstick.imports.kinds.comparators import COMPARATOR_GROUPS, COMPARATORS
from yardstick.imports.kinds.figures import FIGURES
from yardstick.imports.kinds.framework import PLANS, THEMES, UNITS
from yardstick.imports.kinds.history import HISTORY
from yardstick.imports.kinds.measures import MEASURES
from yardstick.imports.kinds.meetings import BODIES, MEETING_ACTIONS, MEETINGS
from yardstick.imports.kinds.profiles import TARGET_PROFILES
from yardstick.imports.kinds.risks import (
    RISK_ACTIONS,
    RISK_CONTROLS,
    RISK_REGISTERS,
    RISK_REVIEWS,
    RISKS,
)
from yardstick.imports.kinds.scorecard import SCORECARD
from yardstick.imports.kinds.statements import STATEMENTS
from yardstick.imports.kinds.targets import TARGETS

# In the order a council's files are imported: each kind may name records of those before it
# (an agreed action its meeting, measure and key project), and its published history comes
# before this year's targets and figures.
ORDER = (
    UNITS,
    PLANS,
    THEMES,
    MEASURES,
    HISTORY,
    TARGETS,
    TARGET_PROFILES,
    FIGURES,
    STATEMENTS,
    ACTIONS,
    ACTION_UPDATES,
    MILESTONES,
    BODIES,
    MEETINGS,
    MEETING_ACTIONS,
    RISK_REGISTERS,
    RISKS,
    RISK_CONTROLS,
    RISK_ACTIONS,
    RISK_REVIEWS,
    SCORECARD,
    COMPARATOR_GROUPS,
    COMPARATORS,
)
KINDS: dict[str, Kind] = {kind.name: kind for kind in ORDER}
# A council's framework, in the order a workbook of them is imported: its published history is
# its own path, file by file (`history`), not a sheet of the starter workbook.
# Nor are benchmarking's files (other areas' figures, not the council's framework), nor
# target profiles (a year is profiled from its target as stored, so they follow the targets).
FRAMEWORK_ORDER = tuple(
    kind for kind in ORDER if kind not in (HISTORY, TARGET_PROFILES, COMPARATOR_GROUPS, COMPARATORS)
)

__all__ = ["FRAMEWORK_ORDER", "KINDS", "ORDER", "Column", "ImportContext", "Kind"]
