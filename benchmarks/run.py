"""Benchmarks: the scorecard page and the overview for 85 and 2,000 measures, and the
Strategic Performance Report of the demo council in each format. Run with `make benchmark`
(or `.venv/bin/python benchmarks/run.py`); the results print as a markdown table to copy
into benchmarks/README.md.

Each run builds a throwaway database of its own (SQLite in a temporary file by default; on
PostgreSQL, `DATABASE_URL=postgres://.../yardstick` benchmarks in `yardstick_benchmark`, so
it never touches the test database), builds the data, warms each case up once, then times
several runs and reports the median, the fastest and the slowest, and the number of database
queries of one run.

The data:
- 85 measures (the size of the demo council's framework) are built through the services the
  app uses (`add_measures`, as in the scorecard page tests: set_target and record_figure,
  each with its audit history);
- 2,000 measures are the same data written with bulk_create (with their history rows), as
  the service path takes minutes for 6,000 figures and targets and the page does not care
  how its rows arrived.
Both are percentage measures across three directorates, each with a target of 50 and an
approved figure in Q2 2017/18, Q1 2018/19 and Q2 2018/19, spread across the five bands. Q2
2017/18 and Q1 2018/19 are published through the publishing service (ratings kept as
reported), and the page is read for Q2 2018/19, open, as a councillor: the page people
open in the weeks before a board.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

# A script run as a file: put the repository root on the path so `tests.factories` (which
# add_measures uses) imports, as it does under pytest.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yardstick.settings")
# DEBUG off, as on a council's server, so a key for this run only, and static files under
# their own names (as the test suite serves them: no collectstatic needed).
os.environ.setdefault("SECRET_KEY", "benchmarks-only-secret-key-never-used-for-a-real-site-0123")
os.environ.setdefault("STATIC_HASHED", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # service log lines would mix with the table

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

QUARTERS = ["2017-18 Q2", "2018-19 Q1", "2018-19 Q2"]
SPREADS = [Decimal(60), Decimal(51), Decimal(49), Decimal(46), Decimal(30)]  # as add_measures


@dataclass(frozen=True)
class Result:
    label: str
    median: float
    fastest: float
    slowest: float
    runs: int
    queries: int
    note: str = ""
    floor: float | None = None  # the median of the floor measured beside it, if it has one

    @property
    def ratio(self) -> str:
        return f"{self.median / self.floor:,.1f}x" if self.floor else ""


PROFILE: Path | None = None  # --profile FOLDER: a cProfile of one run of each case there


def timed(label: str, action, runs: int, note: str = "") -> Result:
    action()  # warm up: the session, template and import caches
    if PROFILE is not None:
        import cProfile
        import re

        profiler = cProfile.Profile()
        profiler.runcall(action)
        name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        profiler.dump_stats(PROFILE / f"{name}.prof")
    times = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
        queries = len(captured)
    return Result(label, statistics.median(times), min(times), max(times), runs, queries, note)


def with_floor(page: Result, floor: Result) -> Result:
    return Result(**{**page.__dict__, "floor": floor.median})


# The floor: one raw query fetching the rows a scorecard page shows (each measure on the
# scorecard in each of its periods: number, code, title, polarity, its directorate's unit,
# the figure with its note and commentary, the target, and the rating kept when the period
# was published) and serialising them to JSON. No page can be faster than reading what it
# shows; the ratio page/floor says what the framework, the rules and the HTML add to it.
FLOOR_SQL = """
SELECT e.number, m.code, m.title, m.polarity, u.name, p.key, p.label, p.status,
       f.value, f.status, f.note, f.commentary, f.data_covers_start, f.data_covers_end,
       t.kind, t.value, t.low, t.high,
       r.band, r.reason, r.target_text, r.actual_text, r.trend, r.trend_reason
FROM {entry} e
JOIN {measure} m ON m.id = e.measure_id
LEFT JOIN {unit} u ON u.id = m.unit_id
JOIN {period} p ON p.id IN ({periods})
LEFT JOIN {figure} f ON f.measure_id = m.id AND f.period_id = p.id
LEFT JOIN {target} t ON t.measure_id = m.id AND t.period_id = p.id
LEFT JOIN {kept} r ON r.measure_id = m.id AND r.period_id = p.id
WHERE e.scorecard_id = %s
ORDER BY e.position, p.start
"""


def floor_action(scorecard, periods):
    """One query for the rows of `scorecard` in `periods`, serialised to JSON."""
    import json

    from yardstick.framework.models import Period
    from yardstick.measures.models import Figure, Measure, ReportedRating, Target
    from yardstick.organisations.models import OrganisationUnit
    from yardstick.scorecards.models import ScorecardEntry

    sql = FLOOR_SQL.format(
        entry=ScorecardEntry._meta.db_table,
        measure=Measure._meta.db_table,
        unit=OrganisationUnit._meta.db_table,
        period=Period._meta.db_table,
        figure=Figure._meta.db_table,
        target=Target._meta.db_table,
        kept=ReportedRating._meta.db_table,
        periods=", ".join(str(period.id) for period in periods),
    )

    def action():
        with connection.cursor() as cursor:
            cursor.execute(sql, [scorecard.id])
            rows = cursor.fetchall()
        assert json.dumps(rows, default=str)

    return action


def bulk_add_measures(council, scorecard, count: int, units, officer) -> None:
    """What add_measures builds, written in a few bulk inserts with their history rows."""
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from tests.factories import period
    from yardstick.measures.models import Figure, FigureStatus, Measure, Target
    from yardstick.scorecards.models import ScorecardEntry

    measures = bulk_create_with_history(
        [
            Measure(
                organisation=council,
                code=f"B{index + 1:04d}",
                title=f"Benchmark measure {index + 1}",
                polarity="higher",
                value_type="percentage",
                unit=units[index % len(units)],
                owner=officer,
            )
            for index in range(count)
        ],
        Measure,
        default_user=officer,
        default_change_reason="Benchmark data",
    )
    if measures[0].pk is None:  # SQLite before returning ids: read them back
        measures = list(Measure.objects.filter(organisation=council).order_by("code"))
    ScorecardEntry.objects.bulk_create(
        ScorecardEntry(scorecard=scorecard, measure=measure, number=str(index + 1), position=index)
        for index, measure in enumerate(measures)
    )
    now = timezone.now()
    targets, figures = [], []
    for offset, key in enumerate(QUARTERS):
        quarter = period(council, key)
        for index, measure in enumerate(measures):
            targets.append(Target(measure=measure, period=quarter, kind="value", value=50))
            figures.append(
                Figure(
                    measure=measure,
                    period=quarter,
                    value=SPREADS[(index + offset) % len(SPREADS)],
                    status=FigureStatus.APPROVED,
                    entered_by=officer,
                    entered_at=now,
                    version=1,
                )
            )
    bulk_create_with_history(
        targets, Target, default_user=officer, default_change_reason="Target set"
    )
    bulk_create_with_history(
        figures, Figure, default_user=officer, default_change_reason="Figure recorded"
    )


def scorecard_cases(count: int, runs: int) -> list[Result]:
    from django.test import Client
    from django.urls import reverse

    from tests.factories import (
        OrganisationFactory,
        ScorecardFactory,
        ThemeFactory,
        UnitFactory,
        UserFactory,
        period,
    )
    from yardstick.accounts.models import Membership, Role
    from yardstick.collection.services import publish_period
    from yardstick.scorecards.tests.conftest import add_measures

    council = OrganisationFactory(name=f"Benchmark {count}", slug=f"bench-{count}")
    theme = ThemeFactory(plan__organisation=council)
    scorecard = ScorecardFactory(organisation=council, theme=theme, slug=f"bench-{count}")
    units = [
        UnitFactory(organisation=council, name=name, code=f"{name[:3].upper()}{count}")
        for name in ("Resources", "Community", "People")
    ]
    officer = UserFactory(username=f"officer{count}", organisation=council)
    Membership.objects.create(user=officer, organisation=council, role=Role.PERFORMANCE_TEAM)
    reader = UserFactory(username=f"reader{count}", organisation=council)
    Membership.objects.create(user=reader, organisation=council, role=Role.COUNCILLOR)

    start = time.perf_counter()
    if count <= 100:
        how = "services"
        for index, unit in enumerate(units):
            share = count // len(units) + (1 if index < count % len(units) else 0)
            add_measures(council, scorecard, share, unit=unit, officer=officer)
    else:
        how = "bulk_create"
        bulk_add_measures(council, scorecard, count, units, officer)
    # Publishing asks for commentary on every figure off target: the data's owners wrote
    # some (in one statement: set-up, not what is measured).
    from yardstick.measures.models import Figure

    Figure.objects.filter(measure__organisation=council).update(
        commentary="Explained to the board by the measure's owner."
    )
    built = time.perf_counter() - start
    for key in QUARTERS[:2]:
        publish_period(period(council, key), officer)
    published = time.perf_counter() - start - built
    print(
        f"  {count:,} measures built through {how} in {built:.1f} s, "
        f"two quarters published in {published:.1f} s",
        file=sys.stderr,
    )

    client = Client()
    client.force_login(reader)
    scorecard_url = reverse("scorecards:detail", args=[2018, scorecard.slug])
    overview_url = reverse("scorecards:overview")
    query = {"period": "2018-19 Q2"}

    def get(url, params=None, **headers):
        def action():
            response = client.get(url, params or query, **headers)
            assert response.status_code == 200, response.status_code

        return action

    quarters = [period(council, key) for key in QUARTERS]
    floor = timed(
        f"Floor: the scorecard's rows in one query, as JSON, {count:,} measures",
        floor_action(scorecard, quarters),
        runs,
    )
    overview_floor = timed(
        f"Floor: the overview's rows in one query, as JSON, {count:,} measures",
        floor_action(scorecard, quarters[-1:]),
        runs,
    )

    def pages(when: str) -> list[Result]:
        return [
            with_floor(
                timed(f"Scorecard page, {count:,} measures, {when}", get(scorecard_url), runs),
                floor,
            ),
            with_floor(
                timed(
                    f"Scorecard filtered by band (htmx), {count:,} measures, {when}",
                    get(scorecard_url, {**query, "band": "HR"}, HTTP_HX_REQUEST="true"),
                    runs,
                ),
                floor,
            ),
            with_floor(
                timed(f"Overview, {count:,} measures, {when}", get(overview_url), runs),
                overview_floor,
            ),
        ]

    # The same pages before the board (Q2 2018/19 open: its column rated live) and after
    # it (Q2 2018/19 published: every column what was kept).
    before = pages("Q2 open")
    publish_period(quarters[-1], officer)
    after = pages("Q2 published")
    return [floor, overview_floor, *before, *after]


def report_cases(runs: int) -> list[Result]:
    from django.core.management import call_command

    from yardstick.accounts.access import ANONYMOUS
    from yardstick.framework.models import Period
    from yardstick.reports.renderers import FORMATS
    from yardstick.reports.strategic import build_strategic_report

    start = time.perf_counter()
    call_command("load_demo", verbosity=0, stdout=io.StringIO())  # keep the table clean
    print(f"  demo council loaded in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    period = Period.objects.get(organisation__slug="demo", key="2018-19 Q2")
    viewer = ANONYMOUS  # published figures only, as the public and `report --published-only`

    results = [
        timed(
            "Strategic Performance Report, demo council, built (no rendering)",
            lambda: build_strategic_report(period, None, viewer),
            runs,
        )
    ]
    for format in FORMATS.values():
        size = 0

        def action(format=format):
            nonlocal size
            size = len(format.render(build_strategic_report(period, None, viewer)))

        result = timed(f"Strategic Performance Report, demo council, {format.label}", action, runs)
        results.append(
            Result(**{**result.__dict__, "note": f"{size / 1024:,.0f} KB"})  # last run's size
        )
    return results


def use_throwaway_database() -> None:
    """Benchmark in a database of our own: never the test database another run may use."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        folder = tempfile.mkdtemp(prefix="yardstick-benchmark-")
        database.setdefault("TEST", {})["NAME"] = str(Path(folder) / "benchmark.sqlite3")
    else:
        # Named after the database in DATABASE_URL, so two people benchmarking one server
        # each work in their own.
        database.setdefault("TEST", {})["NAME"] = f"{database['NAME']}_benchmark"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per page (default 7)")
    parser.add_argument(
        "--report-runs", type=int, default=3, help="timed runs per report format (default 3)"
    )
    parser.add_argument(
        "--only", choices=["scorecards", "reports"], help="run only one group of cases"
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="FOLDER",
        help="write a cProfile of one run of each case into FOLDER (read it with "
        "`python -m pstats FILE` or snakeviz)",
    )
    parser.add_argument(
        "--sizes",
        default="85,2000",
        help="numbers of measures on the scorecard, comma-separated (default 85,2000)",
    )
    options = parser.parse_args()
    global PROFILE
    PROFILE = options.profile
    if PROFILE is not None:
        PROFILE.mkdir(parents=True, exist_ok=True)
    load_at_start = os.getloadavg()[0]

    # What setup_test_environment does, except instrumenting template rendering: that copies
    # the context on every template rendered (some 14,000 on the 2,000-measure page) so a
    # test can inspect it, a cost production never pays.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEBUG = False
    use_throwaway_database()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        results: list[Result] = []
        if options.only in (None, "scorecards"):
            for count in (int(size) for size in options.sizes.split(",")):
                results.extend(scorecard_cases(count, options.runs))
        if options.only in (None, "reports"):
            results.extend(report_cases(options.report_runs))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    if connection.vendor == "sqlite":
        database = f"SQLite {connection.Database.sqlite_version}"
    else:
        version = connection.pg_version
        database = f"PostgreSQL {version // 10000}.{version % 10000}"
    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M')}, {database}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load_at_start:.1f} at the start and "
        f"{os.getloadavg()[0]:.1f} at the end\n"
    )
    print("| case | median | fastest | slowest | runs | queries | size | page/floor |")
    print("|---|--:|--:|--:|--:|--:|---|--:|")
    for r in results:
        print(
            f"| {r.label} | {r.median * 1000:,.1f} ms | {r.fastest * 1000:,.1f} ms | "
            f"{r.slowest * 1000:,.1f} ms | {r.runs} | {r.queries} | {r.note} | {r.ratio} |"
        )


if __name__ == "__main__":
    main()
