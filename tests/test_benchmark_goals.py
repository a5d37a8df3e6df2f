"""benchmarks/goals.py reads each benchmark script's markdown: these are the scripts' own
headings and rows (as benchmarks/README.md shows them), so a script whose table changes
shape fails here, not after half an hour of benchmarking."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("benchmark_goals", ROOT / "benchmarks" / "goals.py")
goals = importlib.util.module_from_spec(spec)
sys.modules["benchmark_goals"] = goals  # its dataclasses look themselves up there
spec.loader.exec_module(goals)

SCORECARDS = """
2026-12-05 08:34, SQLite 3.40.1, Python 3.11.7, 2 CPUs, load average 12.9

| case | median | fastest | slowest | runs | queries | size | page/floor |
|---|--:|--:|--:|--:|--:|---|--:|
| Floor: the scorecard's rows, 85 measures | 1.9 ms | 1.8 ms | 9.1 ms | 7 | 1 |  |  |
| Scorecard page, 85 measures, Q2 open | 104.8 ms | 100.9 ms | 118.3 ms | 7 | 15 |  | 55.5x |
| Overview, 2,000 measures, Q2 published | 367.8 ms | 252.6 ms | 823.0 ms | 7 | 12 |  | 4.5x |
"""

LOAD = """
| page | requests | failures | requests/s | p50 | p95 | p99 | slowest |
|---|--:|--:|--:|--:|--:|--:|--:|
| scorecard | 435 | 0 | 7.3 | 44 ms | 96 ms | 134 ms | 211 ms |
| both | 598 | 0 | 10.0 | 43 ms | 97 ms | 132 ms | 215 ms |
"""

IMPORTS = """
| figures | import | figures/s | figures per CPU-second | executemany (floor) | ratio | goal |
|--:|--:|--:|--:|--:|--:|---|
| 100,000 | 10.03 s | 9,968 | 10,004 | 2.49 s | 4.0x | 10,000/s, within 10x |
"""

MILLION = """
| figures | import | figures/s | figures per CPU-second | memory before the import | peak memory |
|--:|--:|--:|--:|--:|--:|
| 100,000 | 10.4 s | 9,582 | 9,749 | 103 MB | 139 MB |
| 1,000,000 | 113.7 s | 8,797 | 9,365 | 103 MB | 141 MB |
"""

PDF = "| case | median |\n|---|--:|\n| x | 1 ms |\n\n**Ratio: 2.41x** the plain document's time"

COMMANDS = """
| command | median | fastest | slowest | median CPU time | goal |
|---|--:|--:|--:|--:|---|
| `yardstick --help` | 0.10 s | 0.09 s | 0.12 s | 0.08 s |  |
| `yardstick rate` (the demo's seed sheet) | 0.21 s | 0.2 s | 0.3 s | 0.19 s | 0.3 s |
| `yardstick spc` (20 series of 60 months) | 0.35 s | 0.3 s | 0.4 s | 0.3 s | 0.3 s |
"""

NATIONAL = """
| what | median | queries | every query index-backed |
|---|--:|--:|---|
| Scorecard page's queries for one council (50 measures, February 2019) | 55.1 ms | 8 | yes |
| Quartiles of NAT 007 across 400 councils in February 2019 | 5.4 ms | 1 | no: x |
"""


def verdicts(goals_: list) -> list[tuple[str, bool]]:
    return [(goal.measured, goal.met) for goal in goals_]


def test_each_scripts_table_is_read_into_goals_met_or_not():
    assert verdicts(goals.scorecards(SCORECARDS, "SQLite")) == [("55.5x", False), ("4.5x", True)]
    assert verdicts(goals.load(LOAD, "PostgreSQL")) == [("97 ms, 0 failed of 598", True)]
    assert verdicts(goals.imports(IMPORTS, "SQLite")) == [
        ("9,968/s (10,004 per CPU-second)", False),
        ("4.0x", True),
    ]
    assert verdicts(goals.million(MILLION, "SQLite")) == [("peak 139 MB then 141 MB", True)]
    assert verdicts(goals.pdf(PDF, "SQLite")) == [("2.41x", True)]
    assert verdicts(goals.commands(COMMANDS, "SQLite")) == [("0.21 s", True), ("0.35 s", False)]
    assert [met for _, met in verdicts(goals.national(NATIONAL, "PostgreSQL"))] == [True, False]


def test_every_script_goals_runs_is_there():
    for _, arguments, _, _ in goals.RUNS:
        assert (ROOT / arguments[0]).is_file()
