"""Issue 9 §6: dependencies point one way, so no module dodges a cycle by importing another
of Yardstick's modules inside a function. `lint-imports` checks the direction of the imports
it can see; an import hidden in a function is one it is told to accept, and the habit of
hiding them is how the earlier cycles went unnoticed. The one exception is the command
line's entry point, which imports each command's module only when that command runs, so
that `yardstick rate` starts without Django (tests/test_cli_start_up.py)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "yardstick"

# file (relative to yardstick/) -> why it may import inside a function
ALLOWED = {
    "cli.py": "each command's module is imported when it runs: `yardstick rate` needs no Django",
}


def local_imports(source: str) -> list[tuple[int, str]]:
    """Yardstick modules imported inside a function or method of `source`."""
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").startswith("yardstick")
            ):
                found.append((node.lineno, node.module or "."))
            elif isinstance(node, ast.Import):
                found += [
                    (node.lineno, a.name) for a in node.names if a.name.startswith("yardstick")
                ]
    return found


def test_the_check_sees_an_import_inside_a_function():
    source = "def f():\n    from yardstick.measures import services\n    import yardstick.core\n"
    assert local_imports(source) == [(2, "yardstick.measures"), (3, "yardstick.core")]
    assert local_imports("from yardstick.core import values\n") == []


def test_no_module_imports_yardstick_inside_a_function():
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative or relative in ALLOWED:
            continue
        offenders += [
            f"{relative}:{line} imports {name}" for line, name in local_imports(path.read_text())
        ]
    assert offenders == [], "move these imports to the top of the module:\n" + "\n".join(offenders)
