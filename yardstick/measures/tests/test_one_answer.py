"""Each question has one answer in one place, and these tests fail when a second appears.

- What a page or document shows for a measure in a period: `measures.shown` alone asks the
  assessment for a rating to show (`assess_one`), and only the measures app's own modules read
  the kept ratings (`ReportedRating`).
- Who writes a figure or a target: `measures.services` alone creates, saves, updates or
  deletes them.

The checks read the source (the abstract syntax tree of every module of the app), so a new
module that answers the question again fails here before anyone reads it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the yardstick package

# Modules that may name ReportedRating, and why.
READS_KEPT_RATINGS = {
    "measures/models.py": "defines it",
    "measures/shown.py": "the one answer to what a page shows",
    "measures/services.py": "keeps ratings when a period is published, corrected or loaded",
    "measures/admin.py": "the administration's read-only list of the kept rows themselves",
    "measures/queries.py": (
        "finds the periods a measure has anything in, and the latest row kept in some "
        "periods (no rating read)"
    ),
    "demo/removal.py": "deletes the demo council",
}
ASKS_THE_ASSESSMENT = {"measures/shown.py", "measures/assessment.py"}
WRITES = {"create", "bulk_create", "update", "update_or_create", "get_or_create", "delete"}


def modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative:
            continue
        yield relative, ast.parse(path.read_text(encoding="utf-8"))


def names_in(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.alias):
            found.add(node.name.rsplit(".", 1)[-1])
        elif isinstance(node, ast.ClassDef | ast.FunctionDef):
            found.add(node.name)
    return found


def test_only_the_measures_app_reads_the_ratings_kept_as_reported():
    readers = {path for path, tree in modules() if "ReportedRating" in names_in(tree)}
    assert readers == set(READS_KEPT_RATINGS)


def test_only_measures_shown_asks_the_assessment_for_a_rating_to_show():
    askers = {path for path, tree in modules() if "assess_one" in names_in(tree)}
    assert askers == ASKS_THE_ASSESSMENT


def _writes_rows_of(tree: ast.AST, model: str) -> list[int]:
    """Lines that write `model` rows: Model.objects.<write>(...), Model(...).save() kept in a
    name, bulk_*_with_history(..., Model, ...), or Model(...) constructed to be saved."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in WRITES
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "objects"
            and isinstance(func.value.value, ast.Name)
            and func.value.value.id == model
        ):
            lines.append(node.lineno)
        if (
            isinstance(func, ast.Name)
            and func.id
            in (
                "bulk_create_with_history",
                "bulk_update_with_history",
            )
            and any(isinstance(arg, ast.Name) and arg.id == model for arg in node.args)
        ):
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("model", ["Figure", "Target"])
def test_only_measures_services_writes_figures_and_targets(model):
    writers = {path: lines for path, tree in modules() if (lines := _writes_rows_of(tree, model))}
    # demo/removal.py deletes the demo council's rows wholesale (--reset), with their history
    assert set(writers) <= {"measures/services.py", "demo/removal.py"}, writers


def test_the_one_place_sentences_of_the_architecture_name_their_tests():
    """docs/architecture.md says 'the one place' only where a test keeps it so."""
    text = (ROOT.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        if "the one place" in line.casefold() or "the only" in line.casefold():
            assert "test" in line.casefold(), line
