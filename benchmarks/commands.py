"""Benchmark: how long `yardstick` commands take from start to exit (issue 10: `yardstick rate`
under 0.3 s, no Django, and issue 13: `yardstick spc` likewise; other commands skip work they do
not need). Run with
`.venv/bin/python benchmarks/commands.py`; it prints markdown to copy into benchmarks/README.md.

Each command runs as a council runs it: a new process of the `yardstick` console script (or
`python -m yardstick` when the script is not installed), with DEBUG off and a SECRET_KEY, and
Python's bytecode cached as in an installed copy (PYTHONPYCACHEPREFIX in a temporary folder,
filled by the warm-up run), against the demo council (`manage.py load_demo`) in a throwaway
SQLite database in the same temporary folder. The commands:

- `yardstick --help`, `yardstick rate` on the demo's seed spreadsheet (the three corporate
  scorecards of Q2 2018/19, as printed), and `yardstick spc` on 20 series of 60 monthly figures
  (1,200 rows, written by `spc_sheet` with a fixed seed, one recalculation point in each): no
  Django;
- `yardstick export themes` (a small query: start-up, nearly all of it) and
  `yardstick report "2018-19 Q2" --format xlsx` (the demo's report as a workbook);
- for comparison, `manage.py export_data themes`, the same command as `yardstick export themes`
  with Django's system checks (which `yardstick` skips), Python starting and exiting, and Python
  with Django set up and nothing run.

`--no-django` runs only the commands that import no Django (and Python starting), without
setting up the demo's database: a lighter run for a shared machine.

Each is run once to warm up, then `--runs` times (7 by default), round-robin, so a change in
the machine's load falls on all; the table gives the median, fastest and slowest time from
start to exit and the median CPU time (user and system) of the process, which varies far less
than the clock on a shared machine, with the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHEET = ROOT / "yardstick" / "demo" / "data" / "seed-corporate-scorecards-2018-19.csv"


def yardstick() -> list[str]:
    script = Path(sys.executable).parent / "yardstick"
    return [str(script)] if script.exists() else [sys.executable, "-m", "yardstick"]


def spc_sheet(path: Path, series: int = 20, months: int = 60) -> None:
    """A CSV for `yardstick spc`: ``series`` measures of ``months`` monthly figures around 500
    (random, with a fixed seed), each with a target and a step down where it is recalculated."""
    generator = random.Random(13)
    lines = ["series,date,value,direction,target,rebase"]
    for number in range(series):
        direction = ("increase", "decrease", "neutral")[number % 3]
        for month in range(months):
            step = 40 if month >= months // 2 else 0
            value = round(500 - step + generator.gauss(0, 20), 1)
            date = f"{2015 + month // 12}-{1 + month % 12:02d}"
            rebase = "1" if month == months // 2 else ""
            lines.append(f"Measure {number + 1},{date},{value},{direction},480,{rebase}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def cases(folder: Path, django: bool = True) -> list[tuple[str, list[str], str]]:
    python = sys.executable
    spc = folder / "spc.csv"
    no_django = [
        ("`yardstick --help`", [*yardstick(), "--help"], ""),
        ("`yardstick rate` (the demo's seed sheet)", [*yardstick(), "rate", str(SHEET)], "0.3 s"),
        (
            "`yardstick spc` (20 series of 60 months)",
            [*yardstick(), "spc", str(spc), "-o", str(folder / "charted.csv")],
            "0.3 s",
        ),
    ]
    starting = [("Python starting and exiting (`python -c pass`)", [python, "-c", "pass"], "")]
    if not django:
        return no_django + starting
    return [
        *no_django,
        (
            "`yardstick export themes`",
            [*yardstick(), "export", "themes", "-o", str(folder / "themes.csv")],
            "",
        ),
        (
            '`yardstick report "2018-19 Q2" --format xlsx`',
            [
                *yardstick(),
                "report",
                "2018-19 Q2",
                "--format",
                "xlsx",
                "-o",
                str(folder / "r.xlsx"),
            ],
            "",
        ),
        (
            "`manage.py export_data themes` (with the system checks)",
            [python, str(ROOT / "manage.py"), "export_data", "themes", "-o", str(folder / "t.csv")],
            "",
        ),
        *starting,
        (
            "Python with Django set up (`django.setup()`), nothing run",
            [python, "-c", "import django; django.setup()"],
            "",
        ),
    ]


def run(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Seconds from start to exit, and the CPU seconds (user and system) of the process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, env=environment, cwd=ROOT, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def seconds(value: float) -> str:
    return f"{value:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (default 7)")
    parser.add_argument(
        "--no-django",
        action="store_true",
        help="only the commands that import no Django, without the demo's database",
    )
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="yardstick-commands-benchmark-"))
    environment = {
        key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="yardstick.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{folder / 'commands.sqlite3'}",
        PYTHONPATH=str(ROOT),  # this checkout, whatever the environment installed
        PYTHONPYCACHEPREFIX=str(folder / "bytecode"),
    )
    try:
        if not options.no_django:
            manage = [sys.executable, str(ROOT / "manage.py")]
            run([*manage, "migrate", "--verbosity=0"], environment)
            run([*manage, "load_demo", "--verbosity=0"], environment)
        spc_sheet(folder / "spc.csv")
        table = cases(folder, django=not options.no_django)
        for _, command, _ in table:
            run(command, environment)  # warm up: the bytecode cache, the file system's
        load_before = load()
        times: dict[str, list[float]] = {label: [] for label, _, _ in table}
        cpu: dict[str, list[float]] = {label: [] for label, _, _ in table}
        for _ in range(options.runs):
            for label, command, _ in table:
                elapsed, used = run(command, environment)
                times[label].append(elapsed)
                cpu[label].append(used)
        load_after = load()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M')}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load_before} before and {load_after} after\n"
    )
    print("| command | median | fastest | slowest | median CPU time | goal |")
    print("|---|--:|--:|--:|--:|---|")
    for label, _, goal in table:
        print(
            f"| {label} | {seconds(statistics.median(times[label]))} | "
            f"{seconds(min(times[label]))} | {seconds(max(times[label]))} | "
            f"{seconds(statistics.median(cpu[label]))} | {goal} |"
        )


if __name__ == "__main__":
    main()
