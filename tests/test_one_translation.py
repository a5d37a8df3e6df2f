"""A stored figure or target becomes a core value in one place (issue 9, point 3):
`measures.assessment.core_value` and `core_target`. The assessment, every page, the importer
and the data quality checks call them; a second copy of the translation (the importer once
had its own) would read the same stored row another way.

The test reads the source of every module of the app for the shapes a translation takes (a
stored missing state, target kind or change direction turned into the core's enum, or a
stored amount stripped of its padding) and first shows that it finds them in the one place.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "yardstick"
THE_ONE_PLACE = "measures/assessment.py"
# The core's enums a stored field is turned into, and the field each is read from.
ENUM_FROM_FIELD = {
    "MissingState": "missing_state",
    "TargetKind": "kind",
    "ChangeDirection": "change_direction",
}


def translations(tree: ast.AST) -> list[str]:
    """What in `tree` translates a stored row to the core: `MissingState(row.missing_state)`,
    `TargetKind(row.kind)`, `ChangeDirection(row.change_direction)`, or `unpadded(...)`."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        name = node.func.id
        if name == "unpadded":
            found.append(f"line {node.lineno}: unpadded(...)")
        field = ENUM_FROM_FIELD.get(name)
        if field and any(isinstance(arg, ast.Attribute) and arg.attr == field for arg in node.args):
            found.append(f"line {node.lineno}: {name}(....{field})")
    return found


def modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative:
            continue
        if relative.startswith("core/"):
            continue  # the core defines the enums; it reads no stored rows
        yield relative, ast.parse(path.read_text(encoding="utf-8"))


def test_the_pattern_finds_the_translation_in_the_one_place():
    tree = ast.parse((ROOT / THE_ONE_PLACE).read_text(encoding="utf-8"))
    found = " ".join(translations(tree))
    for shape in ("MissingState(....missing_state)", "TargetKind(....kind)", "unpadded(...)"):
        assert shape in found


def test_a_form_turned_into_a_target_is_not_a_translation_of_a_stored_row():
    """The admin builds a core target from what was typed (`cleaned.get('kind')`): that is a
    door reading its input, not a second reading of a stored row."""
    assert translations(ast.parse("TargetKind(cleaned.get('kind') or TargetKind.NONE)")) == []
    assert translations(ast.parse("TargetKind(row.kind)")) == ["line 1: TargetKind(....kind)"]


def test_only_the_assessment_translates_a_stored_figure_or_target_to_the_core():
    elsewhere = {
        path: found
        for path, tree in modules()
        if path != THE_ONE_PLACE and (found := translations(tree))
    }
    assert elsewhere == {}
