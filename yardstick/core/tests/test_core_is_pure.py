"""yardstick.core is pure Python: it imports with Django absent and never reads the clock."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]
ROOT = CORE.parents[1]

IMPORT_WITHOUT_DJANGO = """
import importlib, sys
sys.modules["django"] = None  # any "import django..." now raises ImportError
for name in sys.argv[1:]:
    importlib.import_module(name)
loaded = sorted(name for name in sys.modules if name.split(".")[0] == "django")
assert loaded == ["django"] and sys.modules["django"] is None, loaded
print(len(sys.argv) - 1)
"""


def core_modules() -> list[str]:
    """Every module of yardstick.core except its tests, found on disk so new ones count."""
    names = []
    for path in sorted(CORE.rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        if "tests" in relative.parts:
            continue
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        names.append(".".join(parts))
    return names


def test_the_core_modules_are_found_on_disk():
    modules = core_modules()
    assert {"yardstick.core", "yardstick.core.periods"} <= set(modules)
    assert not any(".tests" in name for name in modules)


def test_every_core_module_imports_with_django_absent():
    modules = core_modules()
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_WITHOUT_DJANGO, *modules],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(len(modules))


def test_django_really_is_absent_in_that_check():
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_WITHOUT_DJANGO, "django.db"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ModuleNotFoundError" in result.stderr


def clock_calls(source: str) -> list[str]:
    """Calls of .today(), .now() or .utcnow(): the core takes the date as a parameter."""
    return [
        f"line {node.lineno}: .{node.func.attr}()"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"today", "now", "utcnow"}
    ]


def test_clock_calls_are_spotted():
    assert clock_calls("from datetime import date\nx = date.today()") == ["line 2: .today()"]
    assert clock_calls("def f(as_of):\n    return as_of") == []


def test_no_core_module_reads_the_clock():
    found = {
        str(path.relative_to(ROOT)): calls
        for path in sorted(CORE.rglob("*.py"))
        if "tests" not in path.relative_to(CORE).parts
        and (calls := clock_calls(path.read_text(encoding="utf-8")))
    }
    assert found == {}
