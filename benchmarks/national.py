"""National scale on PostgreSQL: many councils' figures in one database, and the queries a
scorecard page and a cross-council benchmark make, timed, with their plans.

    .venv/bin/python benchmarks/national.py                      # 400 x 50 x 120, as below
    .venv/bin/python benchmarks/national.py --councils 40        # a quicker look
    .venv/bin/python benchmarks/national.py --skip-build         # time the database built last

Issue 10 asks for 400 councils x 1,000 measures x 120 months (48 million figures). This
builds a stated fraction, 400 councils x 50 measures x 120 months by default: 2.4 million
figures, as many targets and ratings kept as reported (every month is published but the
last), written with COPY (a few minutes; a full build is the same script with
--measures 1000 and an hour or two). What matters is that no query's cost grows with
other councils' data: every plan below reaches its rows through an index, by one
council's measures or by one measure code and one period, never by scanning a table.

The database is its own: NATIONAL_DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/yardstick_pages_national, dropped and made afresh (with
`migrate`) unless --skip-build.

Timed, each --runs times (median), with Django's cache emptied first so nothing is read
from it:
- the scorecard page's queries for one council (the list of periods with figures, then
  `build_scorecard` for its scorecard of every measure in the latest published month, as a
  councillor reads it): the whole build, and each query's own time in EXPLAIN ANALYZE;
- the lower quartile, median and upper quartile of one national measure's published
  figures across every council in one month.
It prints markdown: the timings, and each query's plan with the indexes it used.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "NATIONAL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/yardstick_pages_national"
)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yardstick.settings")
os.environ.setdefault("SECRET_KEY", "benchmarks-only-secret-key-never-used-for-a-real-site-0123")
os.environ.setdefault("STATIC_HASHED", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

# The tables whose size grows with the country: a scan of one of them is a failure here.
BIG_TABLES = (
    "measures_figure",
    "measures_target",
    "measures_reportedrating",
    "measures_measure",
    "framework_period",
    "scorecards_scorecardentry",
)
FIRST_YEAR = 2009  # 120 months: April 2009 to March 2019

# Each council's measure with the code, its council's period with the key, and that
# measure's figure in that period: three index lookups a council (measure_code, period_key,
# figure_period_measure), whatever the number of measures and months each council has.
QUARTILES = """
SELECT percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY f.value), count(*)
FROM measures_measure m
JOIN framework_period p ON p.organisation_id = m.organisation_id AND p.key = %s
JOIN measures_figure f ON f.measure_id = m.id AND f.period_id = p.id
WHERE m.code = %s AND f.status = 'published' AND f.value IS NOT NULL
"""


def recreate_database() -> None:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    if not name.startswith("yardstick_pages"):
        sys.exit(f"Refusing to drop {name!r}: give a database of this benchmark's own.")
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


class Copier:
    """Rows of one model written with COPY: every concrete column, the model's defaults for
    those not given, ids chosen here (and the id sequence moved past them afterwards)."""

    def __init__(self, model):
        from django.db import connection

        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.columns = [field.column for field in self.fields]
        self.defaults = {
            field.attname: field.get_default() for field in self.fields if not field.primary_key
        }
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {model._meta.db_table}")
            self.next_id = cursor.fetchone()[0] + 1
        self.count = 0

    def write(self, rows) -> None:
        from django.db import connection

        names = [field.attname for field in self.fields]
        table = self.model._meta.db_table
        columns = ", ".join(f'"{column}"' for column in self.columns)
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in rows:
                    row = {**self.defaults, **values}
                    copy.write_row([row[name] for name in names])
                    self.count += 1
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )

    def take_id(self) -> int:
        taken = self.next_id
        self.next_id += 1
        return taken


def band_of(value: Decimal) -> str:
    """A plausible band around a target of 50 (the data is synthetic; the page only reads
    what was kept)."""
    for floor, band in ((Decimal("52.5"), "HG"), (50, "LG"), (Decimal("47.5"), "A"), (45, "LR")):
        if value >= floor:
            return band
    return "HR"


def build(councils: int, measures: int, months: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from yardstick.core import periods as core_periods
    from yardstick.framework.models import Period
    from yardstick.measures.models import Figure, Measure, ReportedRating, Target
    from yardstick.organisations.models import Organisation
    from yardstick.scorecards.models import Scorecard, ScorecardEntry

    started = time.perf_counter()
    recreate_database()
    connection.close()
    call_command("migrate", verbosity=0)
    now = datetime.now(UTC)
    random.seed(2026)
    calendar = []
    for index in range(months):
        year, month = FIRST_YEAR + (index + 3) // 12, (index + 3) % 12 + 1
        calendar.append(core_periods.month(year, month))
    copiers = {
        model: Copier(model)
        for model in (
            Organisation,
            Period,
            Measure,
            Scorecard,
            ScorecardEntry,
            Figure,
            Target,
            ReportedRating,
        )
    }
    organisations, periods, measure_rows, scorecards, entries = [], [], [], [], []
    plan: list[tuple[int, list[int], list[int]]] = []  # council: its period and measure ids
    for council in range(1, councils + 1):
        organisation = copiers[Organisation].take_id()
        organisations.append(
            {"id": organisation, "name": f"Council {council}", "slug": f"council-{council}"}
        )
        period_ids = []
        for index, month in enumerate(calendar):
            period_id = copiers[Period].take_id()
            period_ids.append(period_id)
            published = index < months - 1
            periods.append(
                {
                    "id": period_id,
                    "organisation_id": organisation,
                    "type": month.type.value,
                    "start": month.start,
                    "end": month.end,
                    "key": month.key,
                    "label": month.label,
                    "status": "published" if published else "open",
                    "published_at": now if published else None,
                }
            )
        scorecard = copiers[Scorecard].take_id()
        scorecards.append(
            {
                "id": scorecard,
                "organisation_id": organisation,
                "financial_year": calendar[-1].financial_year.start.year,
                "slug": "corporate",
                "title": "Corporate scorecard",
            }
        )
        measure_ids = []
        for number in range(1, measures + 1):
            measure = copiers[Measure].take_id()
            measure_ids.append(measure)
            measure_rows.append(
                {
                    "id": measure,
                    "organisation_id": organisation,
                    "code": f"NAT {number:03d}",
                    "title": f"National measure {number}",
                    "polarity": "higher",
                    "value_type": "percentage",
                    "frequency": "monthly",
                }
            )
            entries.append(
                {
                    "id": copiers[ScorecardEntry].take_id(),
                    "scorecard_id": scorecard,
                    "measure_id": measure,
                    "number": str(number),
                    "position": number,
                }
            )
        plan.append((organisation, period_ids, measure_ids))
    with transaction.atomic():
        copiers[Organisation].write(organisations)
        copiers[Period].write(periods)
        copiers[Measure].write(measure_rows)
        copiers[Scorecard].write(scorecards)
        copiers[ScorecardEntry].write(entries)

    def figures_and_targets():
        for _, period_ids, measure_ids in plan:
            for index, period_id in enumerate(period_ids):
                published = index < months - 1
                for measure_id in measure_ids:
                    value = Decimal(random.randint(300, 700)) / 10
                    yield measure_id, period_id, value, published

    with transaction.atomic():
        copiers[Figure].write(
            {
                "id": copiers[Figure].take_id(),
                "measure_id": measure_id,
                "period_id": period_id,
                "value": value,
                "decimals": 1,
                "status": "published" if published else "approved",
                "version": 1,
                "entered_at": now,
            }
            for measure_id, period_id, value, published in figures_and_targets()
        )
    random.seed(2026)
    with transaction.atomic():
        copiers[Target].write(
            {
                "id": copiers[Target].take_id(),
                "measure_id": measure_id,
                "period_id": period_id,
                "kind": "value",
                "value": Decimal(50),
            }
            for measure_id, period_id, _, _ in figures_and_targets()
        )
    random.seed(2026)
    with transaction.atomic():
        copiers[ReportedRating].write(
            {
                "id": copiers[ReportedRating].take_id(),
                "measure_id": measure_id,
                "period_id": period_id,
                "band": band_of(value),
                "reason": f"Synthetic: {value}% against a target of 50%",
                "target_text": "50%",
                "actual_text": f"{value}%",
                "reported_at": now,
                "scheme": "five_band",
                "high_green_threshold": Decimal(5),
                "amber_threshold": Decimal(5),
                "low_red_threshold": Decimal(10),
                "absolute_tolerance": Decimal(0),
            }
            for measure_id, period_id, value, published in figures_and_targets()
            if published
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"  built in {time.perf_counter() - started:.0f} s: "
        + ", ".join(f"{c.count:,} {m.__name__}" for m, c in copiers.items()),
        file=sys.stderr,
    )


def explain(sql: str, params=None) -> tuple[float, str]:
    """(execution time in ms, plan) of `sql`, run by EXPLAIN ANALYZE."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    found = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return float(found.group(1)) if found else float("nan"), plan


def indexes_in(plan: str) -> str:
    used = re.findall(
        r"(?:Index(?: Only)? Scan(?: Backward)?|Bitmap Index Scan) (?:using|on) (\w+)", plan
    )
    return ", ".join(dict.fromkeys(used)) or "none"


def scans_in(plan: str) -> list[str]:
    return [table for table in BIG_TABLES if re.search(rf"Seq Scan on {table}\b", plan)]


def median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(runs: int) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yardstick.accounts.access import board
    from yardstick.framework.models import Period
    from yardstick.measures.models import Figure, Measure
    from yardstick.organisations.models import Organisation
    from yardstick.scorecards.models import Scorecard
    from yardstick.scorecards.queries import choosable_periods
    from yardstick.scorecards.rows import build_scorecard

    councils = Organisation.objects.count()
    organisation = Organisation.objects.order_by("id")[councils // 2]
    scorecard = Scorecard.objects.get(organisation=organisation)
    latest = (
        Period.objects.filter(organisation=organisation)
        .published()
        .select_related("organisation")
        .order_by("-start")
        .first()
    )
    viewer = board(organisation.id)

    def page() -> None:
        cache.clear()  # nothing read from the cache: every query runs
        choosable_periods(organisation.id, published_only=False)
        report = build_scorecard(scorecard, latest, viewer)
        assert report.rows

    page()  # warm up the connection
    with CaptureQueriesContext(connection) as captured:
        page()
    page_ms = median_ms(page, runs)
    code = "NAT 007"

    def quartiles() -> None:
        with connection.cursor() as cursor:
            cursor.execute(QUARTILES, [latest.key, code])
            cursor.fetchall()

    quartiles()
    quartile_ms = median_ms(quartiles, runs)
    figures = Figure.objects.count()
    measures = Measure.objects.count()
    version = connection.pg_version

    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M')}, PostgreSQL {version // 10000}.{version % 10000}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}: {councils:,} "
        f"councils, {measures:,} measures, {figures:,} figures (and as many targets; ratings "
        f"kept for every published month). Median of {runs} runs.\n"
    )
    print("| what | median | queries | every query index-backed |")
    print("|---|--:|--:|---|")
    rows = []
    for query in captured:
        ms, plan = explain(query["sql"])
        rows.append((query["sql"], ms, plan))
    scanned = [table for _, _, plan in rows for table in scans_in(plan)]
    print(
        f"| Scorecard page's queries for one council ({len(scorecard.entries.all())} measures, "
        f"{latest.label}), with build_scorecard | {page_ms:,.1f} ms | {len(rows)} | "
        f"{'yes' if not scanned else 'no: ' + ', '.join(scanned)} |"
    )
    quartile_explained, quartile_plan = explain(QUARTILES, [latest.key, code])
    print(
        f"| Quartiles of {code} across {councils:,} councils in {latest.label} | "
        f"{quartile_ms:,.1f} ms | 1 | {'yes' if not scans_in(quartile_plan) else 'no'} |"
    )
    print("\nEach query of the scorecard page, by EXPLAIN ANALYZE:\n")
    print("| query | execution | indexes used | big tables scanned |")
    print("|---|--:|---|---|")
    for sql, ms, plan in rows:
        table = re.search(r'FROM "(\w+)"', sql)
        print(
            f"| {table.group(1) if table else sql[:40]} | {ms:,.2f} ms | {indexes_in(plan)} | "
            f"{', '.join(scans_in(plan)) or 'none'} |"
        )
    print(f"\nThe quartile query and its plan ({quartile_explained:,.2f} ms):\n")
    print("```sql")
    print(QUARTILES.strip())
    print("```\n")
    print("```")
    print(quartile_plan)
    print("```")
    biggest = max(rows, key=lambda row: row[1])
    print(f"\nThe slowest of the page's queries ({biggest[1]:,.2f} ms):\n")
    print("```")
    print(biggest[0][:600])
    print()
    print(biggest[2])
    print("```")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--councils", type=int, default=400)
    parser.add_argument("--measures", type=int, default=50, help="per council")
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-build", action="store_true", help="time the database there")
    options = parser.parse_args()

    import django

    django.setup()
    if not options.skip_build:
        build(options.councils, options.measures, options.months)
    measure(options.runs)


if __name__ == "__main__":
    main()
