"""accounts.access is the one place that decides who may see and do what: no view, template or
admin asks Django's staff or superuser flags, or Django's own access decorators, itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
THE_DECIDER = "yardstick/accounts/access.py"
# Files that name a flag without deciding anything by it, and why.
NAMING_ONLY = {
    "yardstick/demo/people.py": "sets the demo people's staff flags (data, decides nothing)",
}

PYTHON = re.compile(
    r"\.is_staff\b|\.is_superuser\b|staff_member_required|user_passes_test|permission_required"
)
TEMPLATE = re.compile(r"\bis_staff\b|\bis_superuser\b|\bperms\.")


def deciders(text: str, pattern: re.Pattern) -> list[str]:
    """The lines of `text` that decide by a flag or a decorator of Django's, numbered."""
    return [
        f"{number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), start=1)
        if pattern.search(line)
    ]


def sources() -> list[tuple[str, re.Pattern]]:
    found = []
    for path in sorted((ROOT / "yardstick").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or "/migrations/" in relative:
            continue
        if relative == THE_DECIDER or relative in NAMING_ONLY:
            continue
        found.append((relative, PYTHON))
    for folder in (ROOT / "templates", *sorted((ROOT / "yardstick").glob("*/templates"))):
        for path in sorted(folder.rglob("*.html")):
            found.append((path.relative_to(ROOT).as_posix(), TEMPLATE))
    return found


def test_the_scan_reads_every_view_and_template():
    scanned = {path for path, _ in sources()}
    assert "yardstick/imports/views.py" in scanned
    assert "yardstick/reports/views.py" in scanned
    assert "yardstick/admin_base.py" in scanned
    assert "templates/base.html" in scanned


@pytest.mark.parametrize(
    "line",
    [
        "@staff_member_required",
        "if request.user.is_superuser:",
        "    return request.user.is_active and request.user.is_staff",
        "@user_passes_test(lambda u: u.is_staff)",
        "@permission_required('imports.add_importrun')",
    ],
)
def test_the_scan_finds_a_decision_by_flag(line):
    assert deciders(f"x = 1\n{line}\n", PYTHON) == [f"2: {line.strip()}"]


def test_the_scan_finds_a_flag_in_a_template():
    assert deciders("{% if user.is_staff %}<a>Admin</a>{% endif %}", TEMPLATE)


def test_nothing_but_access_decides_by_staff_or_superuser_flags():
    found = {}
    for path, pattern in sources():
        lines = deciders((ROOT / path).read_text(encoding="utf-8"), pattern)
        if lines:
            found[path] = lines
    assert not found, (
        "Ask yardstick.accounts.access (may_administer, runs_the_deployment, role_required, "
        f"administration_required ...) instead: {found}"
    )
