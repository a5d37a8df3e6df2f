"""Benchmark: importing figures, against `executemany` of the same rows (history included).

    .venv/bin/python benchmarks/imports.py                       # 100,000 figures, SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yardstick_importspeed \\
        .venv/bin/python benchmarks/imports.py                   # the same on PostgreSQL
    .venv/bin/python benchmarks/imports.py --figures 20000       # a quicker look
    .venv/bin/python benchmarks/imports.py --million             # peak memory, 100k and 1M
    .venv/bin/python benchmarks/imports.py --changes --figures 20000  # re-importing changes

Each run works in a throwaway database of its own (a temporary SQLite file, or
`<name>_bench` on PostgreSQL) and drops it at the end. It builds one council with quarterly
percentage measures (one per 100 figures) and the 100 quarters from 2000/01, writes a
figures file of N rows to a temporary folder (streamed: it is never held in memory) and:

- **floor**: inserts the same N figures and their N history rows with the driver's
  `executemany` (two statements, the values prepared beforehand, rolled back afterwards);
- **import**: `imports.services.import_path` of the file, as `manage.py import_data figures`
  runs it (checked, then written, all or nothing, with history), timed from the file on disk
  to the commit.

It prints a markdown table: figures per second (wall clock), figures per CPU-second of the
importing process (on SQLite the database works in that process, so this is roughly what an
idle machine gives; on PostgreSQL the server's own CPU is left out), and the ratio of the
import's time to the floor's. `--million` runs the import of 100,000 and of 1,000,000
figures into the same council (10,000 measures), each in a process of its own, and
`--changes` imports the file, then a file of the same figures with every actual changed,
and times the second import (every figure updated, with a history row each). It
reports each one's peak resident memory (`ru_maxrss`) and the memory before the import: if
the import streams, the two peaks are close.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yardstick.settings")
os.environ.setdefault("DEBUG", "true")  # a developer's settings; DEBUG is turned off below

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from simple_history.utils import bulk_create_with_history  # noqa: E402

from yardstick.core import periods as core_periods  # noqa: E402
from yardstick.framework.services import ensure_period  # noqa: E402
from yardstick.measures.models import Figure, Measure  # noqa: E402
from yardstick.organisations.models import Organisation  # noqa: E402

PER_MEASURE = 100  # quarters: 2000/01 Q1 to 2024/25 Q4


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def use_throwaway_database() -> None:
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        folder = tempfile.mkdtemp(prefix="yardstick-imports-")
        database.setdefault("TEST", {})["NAME"] = str(Path(folder) / "imports.sqlite3")
    else:
        database.setdefault("TEST", {})["NAME"] = f"{database['NAME']}_bench"


def quarters() -> list[core_periods.Period]:
    found = []
    for year in range(2000, 2025):
        text = f"{year}-{(year + 1) % 100:02d}"
        found += [core_periods.parse_period(f"{text} Q{q}", 4) for q in range(1, 5)]
    return found


def council(figures: int, measures: int | None = None):
    """A council with `measures` percentage measures (figures // PER_MEASURE unless given)
    and the 100 quarters."""
    from yardstick.accounts.models import User

    organisation = Organisation.objects.create(name="Benchmark Council", slug="benchmark")
    user = User.objects.create(username="importer", organisation=organisation)
    count = measures or max(1, figures // PER_MEASURE)
    measures = [
        Measure(
            organisation=organisation,
            code=f"M{number:05d}",
            title=f"Measure {number}",
            polarity="higher",
            value_type="percentage",
            frequency="quarterly",
        )
        for number in range(count)
    ]
    bulk_create_with_history(measures, Measure, batch_size=500)
    periods = [ensure_period(organisation, core) for core in quarters()]
    return organisation, user, count, periods


def actual(number: int) -> str:
    return f"{(number * 37) % 1000 / 10}%"


def write_file(path: Path, measures: int, figures: int, shift: int = 0) -> None:
    """The figures file, row by row to disk: measure, period, actual, commentary."""
    keys = [core.key for core in quarters()]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["measure", "period", "actual", "commentary"])
        written = 0
        for number in range(measures):
            for key in keys:
                if written == figures:
                    return
                commentary = "On track." if written % 10 == 0 else ""
                writer.writerow([f"M{number:05d}", key, actual(written + shift), commentary])
                written += 1


def column_values(fields, values: dict) -> list:
    """One row for `fields`: the dict's value, else the field's own default (so the floor
    takes every column the model has, and cannot fall behind it), adapted for the driver."""
    row = []
    for field in fields:
        value = values[field.attname] if field.attname in values else field.get_default()
        if field.get_internal_type() == "DateTimeField":
            value = connection.ops.adapt_datetimefield_value(value)
        row.append(value)
    return row


def floor(organisation, user, periods, figures: int) -> float:
    """executemany of the same figures and history rows, rolled back: seconds."""
    measures = list(Measure.objects.filter(organisation=organisation).order_by("code"))
    fields = [f for f in Figure._meta.concrete_fields if not f.primary_key]
    history = Figure.history.model
    history_fields = [f for f in history._meta.concrete_fields if f.name != "history_id"]
    now = datetime.now(UTC)
    rows, history_rows = [], []
    number = 0
    for measure in measures:
        for period in periods:
            if number == figures:
                break
            amount = Decimal(actual(number).rstrip("%"))
            values = {
                "measure_id": measure.pk,
                "period_id": period.pk,
                "value": amount,
                "decimals": 1,
                "note": "",
                "missing_state": "",
                "commentary": "On track." if number % 10 == 0 else "",
                "proposed_action": "",
                "status": "submitted",
                "entered_by_id": user.pk,
                "entered_at": now,
                "source": "imported",
                "submitted_by_id": user.pk,
                "submitted_at": now,
                "returned_reason": "",
                "outlier_confirmed": False,
                "outlier_note": "",
                "version": 1,
            }
            rows.append(column_values(fields, values))
            history_values = values | {
                "id": number + 1,
                "history_date": now,
                "history_change_reason": "Imported from figures.csv",
                "history_type": "+",
                "history_user_id": user.pk,
            }
            history_rows.append(column_values(history_fields, history_values))
            number += 1
    quote = connection.ops.quote_name

    def insert(table, columns, rows):
        names = ", ".join(quote(f.column) for f in columns)
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)

    started = time.perf_counter()
    try:
        with transaction.atomic():
            insert(Figure._meta.db_table, fields, rows)
            insert(history._meta.db_table, history_fields, history_rows)
            elapsed = time.perf_counter() - started
            raise _RollBack
    except _RollBack:
        pass
    return elapsed


class _RollBack(Exception):
    pass


def import_once(organisation, user, path: Path, profile: bool = False) -> tuple[float, object]:
    from yardstick.imports.services import import_path

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu_started = time.perf_counter(), time.process_time()
    result = import_path(organisation, "figures", path, path.name, user)
    elapsed = time.perf_counter() - started
    import_once.cpu = time.process_time() - cpu_started
    if profiler is not None:
        import pstats

        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime")
        stats.print_stats(40)
        stats.sort_stats("cumulative").print_stats(60)
    if not result.applied:
        raise SystemExit(f"the import was refused: {result.changes.problems[:5]}")
    return elapsed, result


def one_run(
    figures: int,
    with_floor: bool,
    profile: bool = False,
    measures: int | None = None,
    changes: bool = False,
) -> dict:
    settings.DEBUG = False
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="yardstick-imports-media-")  # the kept copy
    use_throwaway_database()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        organisation, user, measures, periods = council(figures, measures)
        folder = Path(tempfile.mkdtemp(prefix="yardstick-imports-file-"))
        path = folder / "figures.csv"
        write_file(path, measures, figures)
        before = peak_rss_mb()
        floor_seconds = floor(organisation, user, periods, figures) if with_floor else None
        seconds, _ = import_once(organisation, user, path, profile)
        histories = 1
        if changes:  # the same figures again, every actual changed: the second import timed
            write_file(path, measures, figures, shift=1)
            seconds, result = import_once(organisation, user, path, profile)
            assert result.changes.summary()["figure"]["change"] == figures
            histories = 2
        stored = Figure.objects.count()
        stored_history = Figure.history.count()
        path.unlink()
        assert stored == figures and stored_history == histories * figures, stored_history
        return {
            "figures": figures,
            "seconds": seconds,
            "cpu_seconds": import_once.cpu,
            "floor": floor_seconds,
            "rss_before_mb": before,
            "rss_peak_mb": peak_rss_mb(),
            "database": database_name(),
            "file_mb": None,
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def database_name() -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    version = connection.pg_version
    return f"PostgreSQL {version // 10000}.{version % 10000}"


def in_subprocess(
    figures: int, with_floor: bool, measures: int | None = None, changes: bool = False
) -> dict:
    command = [sys.executable, __file__, "--figures", str(figures), "--json"]
    if changes:
        command.append("--changes")
    if measures:
        command += ["--measures", str(measures)]
    if not with_floor:
        command.append("--no-floor")
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--figures", type=int, default=100_000)
    parser.add_argument("--million", action="store_true", help="peak memory at 100k and 1M")
    parser.add_argument(
        "--measures", type=int, help="measures in the council (default: one per 100 figures)"
    )
    parser.add_argument(
        "--changes", action="store_true", help="time re-importing the figures, all changed"
    )
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-floor", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--profile", action="store_true", help="profile one import in this process (cProfile)"
    )
    options = parser.parse_args()
    if options.profile:
        print(json.dumps(one_run(options.figures, False, profile=True)))
        return
    if options.json:
        print(
            json.dumps(
                one_run(
                    options.figures,
                    not options.no_floor and not options.changes,
                    measures=options.measures,
                    changes=options.changes,
                )
            )
        )
        return
    load = os.getloadavg()[0]

    def header(database: str) -> str:
        return (
            f"\n{time.strftime('%Y-%m-%d %H:%M')}, {database}, Python "
            f"{platform.python_version()}, {os.cpu_count()} CPUs, load average {load:.1f} at the "
            f"start, {os.getloadavg()[0]:.1f} at the end\n"
        )

    if options.million:
        # One council for both (10,000 measures), so only the file's length differs.
        results = [in_subprocess(count, False, 10_000) for count in (100_000, 1_000_000)]
        print(header(results[0]["database"]))
        print(
            "| figures | import | figures/s | figures per CPU-second | memory before the import "
            "| peak memory |"
        )
        print("|--:|--:|--:|--:|--:|--:|")
        for r in results:
            print(
                f"| {r['figures']:,} | {r['seconds']:,.1f} s | "
                f"{r['figures'] / r['seconds']:,.0f} | {r['figures'] / r['cpu_seconds']:,.0f} | "
                f"{r['rss_before_mb']:,.0f} MB | {r['rss_peak_mb']:,.0f} MB |"
            )
        return
    if options.changes:
        r = in_subprocess(options.figures, False, changes=True)
        print(header(r["database"]))
        print("| figures changed | re-import | figures/s | figures per CPU-second |")
        print("|--:|--:|--:|--:|")
        print(
            f"| {r['figures']:,} | {r['seconds']:,.2f} s | {r['figures'] / r['seconds']:,.0f} | "
            f"{r['figures'] / r['cpu_seconds']:,.0f} |"
        )
        return
    r = in_subprocess(options.figures, True)
    print(header(r["database"]))
    print(
        "| figures | import | figures/s | figures per CPU-second | executemany (floor) | ratio "
        "| goal |"
    )
    print("|--:|--:|--:|--:|--:|--:|---|")
    print(
        f"| {r['figures']:,} | {r['seconds']:,.2f} s | {r['figures'] / r['seconds']:,.0f} | "
        f"{r['figures'] / r['cpu_seconds']:,.0f} | {r['floor']:,.2f} s | "
        f"{r['seconds'] / r['floor']:.1f}x | 10,000/s, within 10x |"
    )


if __name__ == "__main__":
    main()
