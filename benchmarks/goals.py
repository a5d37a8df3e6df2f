"""Every speed goal of issue 10, measured in one run: each benchmark script in turn, on
SQLite and PostgreSQL where the goal names both, then one table of goal, measurement and
whether it is met, to paste into benchmarks/README.md ("The goals, in one run").

    .venv/bin/python benchmarks/goals.py                 # everything (about 30 minutes)
    .venv/bin/python benchmarks/goals.py --skip national --skip million   # about 15
    make benchmark-goals

Each script's own output (its tables, its load average) is kept in --out (default
var/benchmarks/<date and time>/), one markdown file per script and database, for the
detail sections of the README. The scripts are run one after another, never side by side,
so they do not slow one another; the ratios are each measured within one script's run (a
page beside its floor, an import beside `executemany`), which is what makes them fair on a
shared machine. PostgreSQL is the server POSTGRES_URL names (default the local one); each
script works in databases of its own there.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES = os.environ.get("POSTGRES_URL", "postgres://postgres:postgres@127.0.0.1:5432/yardstick")


@dataclass(frozen=True)
class Goal:
    what: str
    database: str
    measured: str
    goal: str
    met: bool


def tables(text: str) -> list[list[dict[str, str]]]:
    """The markdown tables of a script's output, each a list of rows keyed by heading."""
    found: list[list[dict[str, str]]] = []
    lines = text.splitlines()
    for index, line in enumerate(lines[:-1]):
        if line.startswith("|") and re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", lines[index + 1]):
            headings = cells(line)
            rows = []
            for row in lines[index + 2 :]:
                if not row.startswith("|"):
                    break
                rows.append(dict(zip(headings, cells(row), strict=False)))
            found.append(rows)
    return found


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def number(text: str) -> float:
    """12.3 from "12.3 ms", "1,234/s", "4.1x"."""
    return float(re.search(r"-?[\d,]*\.?\d+", text).group().replace(",", ""))


def scorecards(output: str, database: str) -> list[Goal]:
    [rows] = [table for table in tables(output) if table and "page/floor" in table[0]]
    return [
        Goal(
            row["case"], database, row["page/floor"], "5x the floor", number(row["page/floor"]) <= 5
        )
        for row in rows
        if row["page/floor"]
    ]


def load(output: str, database: str) -> list[Goal]:
    [rows] = [table for table in tables(output) if table and "p95" in table[0]]
    both = next(row for row in rows if row["page"] == "both")
    return [
        Goal(
            "50 users on the scorecards and overview, p95, no errors",
            database,
            f"{both['p95']}, {both['failures']} failed of {both['requests']}",
            "p95 under 250 ms, no errors",
            number(both["p95"]) < 250 and number(both["failures"]) == 0,
        )
    ]


def imports(output: str, database: str) -> list[Goal]:
    [rows] = [table for table in tables(output) if table and "executemany (floor)" in table[0]]
    [row] = rows
    rate, ratio = number(row["figures/s"]), number(row["ratio"])
    return [
        Goal(
            f"Import of {row['figures']} figures",
            database,
            f"{row['figures/s']}/s ({row['figures per CPU-second']} per CPU-second)",
            "10,000 figures/s",
            rate >= 10_000,
        ),
        Goal("Import against executemany", database, row["ratio"], "within 10x", ratio <= 10),
    ]


def million(output: str, database: str) -> list[Goal]:
    [rows] = [table for table in tables(output) if table and "peak memory" in table[0]]
    small, large = rows[0], rows[-1]
    grown = number(large["peak memory"]) / number(small["peak memory"])
    return [
        Goal(
            "Import memory, 100,000 then 1,000,000 figures",
            database,
            f"peak {small['peak memory']} then {large['peak memory']}",
            "does not grow with the file (within 1.25x)",
            grown <= 1.25,
        )
    ]


def pdf(output: str, database: str) -> list[Goal]:
    ratio = re.search(r"\*\*Ratio: ([\d.]+)x\*\*", output).group(1)
    return [
        Goal(
            "Report PDF against WeasyPrint's plain document of the same pages",
            database,
            f"{ratio}x",
            "within 3x",
            float(ratio) <= 3,
        )
    ]


def commands(output: str, database: str) -> list[Goal]:
    [rows] = [table for table in tables(output) if table and "command" in table[0]]
    return [
        Goal(
            f"{row['command']} start-up",
            database,
            row["median"],
            row["goal"],
            number(row["median"]) < number(row["goal"]),
        )
        for row in rows
        if row["goal"]
    ]


def national(output: str, database: str) -> list[Goal]:
    [rows] = [table for table in tables(output) if table and "what" in table[0]]
    return [
        Goal(
            row["what"],
            database,
            f"{row['median']}, index-backed: {row['every query index-backed']}",
            "under 100 ms, every query index-backed",
            number(row["median"]) < 100 and row["every query index-backed"] == "yes",
        )
        for row in rows
    ]


Reader = Callable[[str, str], list[Goal]]

# (name, script and arguments, databases, how to read its output)
RUNS: list[tuple[str, list[str], tuple[str, ...], Reader]] = [
    (
        "scorecards",
        ["benchmarks/run.py", "--only", "scorecards"],
        ("SQLite", "PostgreSQL"),
        scorecards,
    ),
    ("load", ["benchmarks/load.py"], ("PostgreSQL",), load),
    ("imports", ["benchmarks/imports.py"], ("SQLite", "PostgreSQL"), imports),
    ("million", ["benchmarks/imports.py", "--million"], ("SQLite",), million),
    ("pdf", ["benchmarks/pdf.py"], ("SQLite",), pdf),
    ("commands", ["benchmarks/commands.py"], ("SQLite",), commands),
    ("national", ["benchmarks/national.py"], ("PostgreSQL",), national),
]


def database_url(name: str, database: str) -> str | None:
    """The DATABASE_URL a script that runs on either database is given: none for SQLite
    (each makes a file of its own), a database named after POSTGRES_URL's for PostgreSQL
    (the script adds its own suffix). The PostgreSQL-only scripts (load, national) use
    databases of their own by default."""
    if database == "SQLite" or name in ("load", "national"):
        return None
    return POSTGRES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    names = [name for name, *_ in RUNS]
    parser.add_argument("--skip", action="append", default=[], choices=names, help="leave out")
    parser.add_argument("--only", action="append", default=[], choices=names, help="run only")
    parser.add_argument("--out", type=Path, help="where each script's output is kept")
    options = parser.parse_args()
    out = options.out or ROOT / "var" / "benchmarks" / time.strftime("%Y-%m-%d-%H%M")
    out.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    started = time.strftime("%Y-%m-%d %H:%M")
    goals: list[Goal] = []
    for name, arguments, databases, read in RUNS:
        if name in options.skip or (options.only and name not in options.only):
            continue
        for database in databases:
            environment = {**os.environ}
            environment.pop("DATABASE_URL", None)
            url = database_url(name, database)
            if url:
                environment["DATABASE_URL"] = url
            print(f"{name} on {database} ...", file=sys.stderr, flush=True)
            began = time.perf_counter()
            result = subprocess.run(
                [PYTHON, *arguments],
                cwd=ROOT,
                env=environment,
                capture_output=True,
                text=True,
                check=False,
            )
            kept = out / f"{name}-{database.lower()}.md"
            kept.write_text(result.stdout + ("\n" + result.stderr if result.returncode else ""))
            print(
                f"  {time.perf_counter() - began:.0f} s, exit {result.returncode}: {kept}",
                file=sys.stderr,
                flush=True,
            )
            if result.returncode != 0:
                goals.append(Goal(name, database, f"failed (see {kept})", "runs", False))
                continue
            goals.extend(read(result.stdout, database))

    print(
        f"\nStarted {started}, ended {time.strftime('%Y-%m-%d %H:%M')}; {os.cpu_count()} CPUs; "
        f"load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end. "
        f"Each script's output: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}\n"
    )
    print("| what | database | measured | goal | met |")
    print("|---|---|--:|---|---|")
    for goal in goals:
        print(
            f"| {goal.what} | {goal.database} | {goal.measured} | {goal.goal} | "
            f"{'yes' if goal.met else '**no**'} |"
        )
    met = sum(goal.met for goal in goals)
    print(f"\n{met} of {len(goals)} met.")


if __name__ == "__main__":
    main()
