"""docs/architecture.md promises no more than a test keeps (issue 9, point 6).

Each statement of the page (a table row, a list item or a paragraph) that says something
happens in one place only ("the one place", "every write", "only", "nothing else", "one
home") names the check that fails when a second place appears: a test (`test_...` or a
`tests/...py` file) or the import-linter contract (`lint-imports`). Every test it names
exists. A statement that uses such a word for something else is listed in NOT_CLAIMS with
the reason.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "architecture.md"
CLAIM = re.compile(
    r"\bthe one place\b|\bone place\b|\bevery write\b|\bthe one\b|\bonly\b|\bnothing else\b"
    r"|\bone home\b|\bthe single\b",
    re.IGNORECASE,
)
CHECK = re.compile(r"\btest_\w+|\btests/[\w/]+\.py\b|\blint-imports\b|tests/\w+/")
TEST_NAME = re.compile(r"\btest_\w+\b(?!\.py)")
TEST_FILE = re.compile(r"(?<![\w/])((?:yardstick/)?(?:[\w]+/)*tests/[\w/]*?\w+\.py)\b")

# Statements whose word is not a claim that something happens in one place, and why.
NOT_CLAIMS = {
    "htmx (vendored": "htmx only enhances the pages: a fact of the templates, not a claim",
    "| label | its one home |": "the header of a table whose rows name their tests",
}


def statements(text: str) -> list[str]:
    """Table rows, list items and paragraphs, each as one line."""
    found, current = [], []
    for line in text.splitlines():
        stripped = line.strip()
        starts = stripped.startswith(("|", "- ", "* ")) or re.match(r"\d+\. ", stripped)
        if not stripped or starts or stripped.startswith("#"):
            if current:
                found.append(" ".join(current))
            current = [stripped] if stripped and not stripped.startswith("#") else []
            if stripped.startswith("|"):
                found.append(stripped)
                current = []
            continue
        current.append(stripped)
    if current:
        found.append(" ".join(current))
    return [statement for statement in found if statement]


def test_statements_are_read_whole():
    text = "Para one\ngoes on.\n\n| a | b |\n- item\n  wrapped\n1. step\n   more\n"
    assert statements(text) == ["Para one goes on.", "| a | b |", "- item wrapped", "1. step more"]


def unguarded(text: str) -> list[str]:
    return [
        statement
        for statement in statements(text)
        if CLAIM.search(statement)
        and not CHECK.search(statement)
        and not any(statement.lstrip("0123456789. ").startswith(key) for key in NOT_CLAIMS)
        and not any(key in statement for key in NOT_CLAIMS)
    ]


def test_the_check_finds_a_claim_without_a_test():
    assert unguarded("Every write goes through a service in `services.py`.") == [
        "Every write goes through a service in `services.py`."
    ]
    assert unguarded("Every write goes through it (`test_only_x`).") == []


def test_every_claim_of_one_place_names_the_check_that_keeps_it():
    assert unguarded(PAGE.read_text(encoding="utf-8")) == []


def test_every_test_the_page_names_exists():
    text = PAGE.read_text(encoding="utf-8")
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for path in [*ROOT.glob("tests/**/*.py"), *ROOT.glob("yardstick/**/tests/**/*.py")]
    )
    missing = [name for name in set(TEST_NAME.findall(text)) if f"def {name}(" not in sources]
    files = [
        name
        for name in set(TEST_FILE.findall(text))
        if not (ROOT / name).exists() and not (ROOT / "yardstick" / name).exists()
    ]
    assert missing == [] and files == []
