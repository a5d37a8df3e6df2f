"""Benchmark: the Strategic Performance Report's PDF against WeasyPrint's time for a plain
document of the same page count (issue 10: goal within 3x). Run with
`.venv/bin/python benchmarks/pdf.py`; it prints markdown to copy into benchmarks/README.md.

The report: the demo council (`manage.py load_demo`, into a throwaway database: a temporary
SQLite file, or `yardstick_pdf_benchmark` when DATABASE_URL names PostgreSQL), its Strategic
Performance Report for Q2 2018/19 built as `manage.py report "2018-19 Q2"` builds it (every
theme, as the performance team sees it), rendered by `yardstick.reports.renderers`' PDF format:
the print HTML from the templates, then WeasyPrint's layout and the tagged PDF/UA-1 file.

The plain document (the floor): as many A4 portrait pages as the report has, holding as many
characters of text as WeasyPrint lays out for the report, spread evenly: on each page a
heading, four paragraphs and one simple table (a caption, a header row and eight rows of four
cells with borders), in DejaVu Sans at the report's sizes (9.5pt text, 8pt tables), with the
report's page margins and a 'Page n of m' footer, written as PDF/UA-1 like the report. No
inline boxes, no colours, no running strings, no landscape pages, a stylesheet of seven rules:
what WeasyPrint must do for any document of this length. The ratio depends on that choice (a
sparser floor is quicker and makes the ratio larger); this one is the report's own volume of
text on the report's number of pages.

Both are rendered in the same process, alternately (report, plain, report, plain ...), after
one warm-up each, so a change in the machine's load falls on both; the table gives the median,
fastest and slowest of each and the median CPU time of the process (steadier than the clock on
a shared machine), and the ratios of the medians, with the load average before and after.
`--profile` also prints where one report render spends its time (cProfile), and `--keep DIR`
writes both PDFs there to look at.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import platform
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yardstick.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # DEBUG off, as in production

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from weasyprint import HTML  # noqa: E402
from weasyprint.formatting_structure.boxes import TextBox  # noqa: E402

from yardstick.accounts.access import performance_team_of  # noqa: E402
from yardstick.framework.models import Period  # noqa: E402
from yardstick.reports.renderers import get_format  # noqa: E402
from yardstick.reports.renderers.html import render_document  # noqa: E402
from yardstick.reports.renderers.pdf import PDF_VARIANT  # noqa: E402
from yardstick.reports.strategic import build_strategic_report  # noqa: E402

PERIOD = "2018-19 Q2"
TABLE_ROWS = 8
PARAGRAPHS = 4
SENTENCE = (
    "the council measures its performance every quarter against the targets its cabinet "
    "sets and reports the results to residents councillors and partners with commentary on "
    "what went well what did not and what it will do next to improve services"
)
WORDS = tuple(SENTENCE.split())
PLAIN_CSS = """
@page { size: A4 portrait; margin: 20mm 16mm 18mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages);
    font: 8pt "DejaVu Sans", sans-serif; } }
html { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.4; }
section + section { break-before: page; }
h2 { font-size: 15pt; margin: 0 0 6pt; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 4pt 0 6pt; }
caption { text-align: left; font-weight: bold; }
th, td { border: 1px solid #b1b4b6; padding: 2pt 3pt; text-align: left; vertical-align: top; }
"""


def words(length: int, start: int) -> str:
    """About `length` characters of plain words, a sentence."""
    text, index = [], start
    while sum(len(word) + 1 for word in text) < length:
        text.append(WORDS[index % len(WORDS)])
        index += 7
    return " ".join(text).capitalize() + "."


def plain_document(pages: int, characters: int) -> str:
    """`pages` A4 pages of paragraphs and one table each, with `characters` of text in all."""
    per_page = characters // pages
    sections = []
    for page in range(pages):
        header = ["Item", "Description", "Count", "Share"]
        rows = [
            [
                f"Item {page + 1}.{row + 1}",
                words(36, page + row),
                f"{(page * 37 + row * 11) % 1000:,}",
                f"{(page * 13 + row * 7) % 100}%",
            ]
            for row in range(TABLE_ROWS)
        ]
        heading, caption = f"Section {page + 1}", f"Table {page + 1}"
        fixed = (
            len(heading)
            + len(caption)
            + sum(len(cell) for cell in header)
            + sum(len(cell) for row in rows for cell in row)
        )
        length = max(per_page - fixed, 0) // PARAGRAPHS
        paragraphs = "".join(f"<p>{words(length, page * 5 + i)}</p>" for i in range(PARAGRAPHS))
        head = "".join(f"<th scope='col'>{cell}</th>" for cell in header)
        body = "".join(
            f"<tr><th scope='row'>{row[0]}</th>"
            + "".join(f"<td>{cell}</td>" for cell in row[1:])
            + "</tr>"
            for row in rows
        )
        sections.append(
            f"<section><h2>{heading}</h2>{paragraphs}<table><caption>{caption}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>"
        )
    return (
        "<!doctype html><html lang='en-GB'><head><meta charset='utf-8'>"
        f"<title>A plain document</title><style>{PLAIN_CSS}</style></head>"
        f"<body><main>{''.join(sections)}</main></body></html>"
    )


def laid_out(html: str) -> tuple[int, int]:
    """The pages and the characters of text WeasyPrint lays out for a document."""
    document = HTML(string=html).render()
    characters = sum(
        len(box.text)
        for page in document.pages
        for box in page._page_box.descendants()  # WeasyPrint's laid-out boxes
        if isinstance(box, TextBox)
    )
    return len(document.pages), characters


def use_throwaway_database() -> str:
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        folder = tempfile.mkdtemp(prefix="yardstick-pdf-benchmark-")
        database.setdefault("TEST", {})["NAME"] = str(Path(folder) / "benchmark.sqlite3")
        return f"SQLite {connection.Database.sqlite_version}"
    database.setdefault("TEST", {})["NAME"] = "yardstick_pdf_benchmark"
    return "PostgreSQL"


def load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--profile", action="store_true", help="profile one report render")
    parser.add_argument("--keep", metavar="DIR", help="write report.pdf and plain.pdf here")
    options = parser.parse_args()

    # Quiet: the demo's loading logs its events, and WeasyPrint each step and each CSS
    # property it skips (screen-only rules in the shared stylesheet), at INFO and WARNING.
    logging.disable(logging.WARNING)
    settings.DEBUG = False
    database = use_throwaway_database()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        period = Period.objects.get(organisation__slug="demo", key=PERIOD)
        start = time.perf_counter()
        report = build_strategic_report(period, None, performance_team_of(period.organisation_id))
        built = time.perf_counter() - start
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    pdf = get_format("pdf")
    pages, characters = laid_out(render_document(report, for_print=True))
    plain = plain_document(pages, characters)
    plain_pages, plain_characters = laid_out(plain)
    if plain_pages != pages:
        sys.exit(f"The plain document has {plain_pages} pages, the report {pages}: adjust it.")

    def render_report() -> bytes:
        return pdf.render(report)

    def render_plain() -> bytes:
        return HTML(string=plain).write_pdf(pdf_variant=PDF_VARIANT)

    if options.keep:
        folder = Path(options.keep)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "report.pdf").write_bytes(render_report())
        (folder / "plain.pdf").write_bytes(render_plain())
    else:
        render_report(), render_plain()  # warm up: templates, fonts, imports

    load_before = load()
    times: dict[str, list[float]] = {"report": [], "plain": []}
    cpu: dict[str, list[float]] = {"report": [], "plain": []}
    for _ in range(options.runs):
        for name, action in (("report", render_report), ("plain", render_plain)):
            start, start_cpu = time.perf_counter(), time.process_time()
            action()
            times[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    load_after = load()

    start = time.perf_counter()
    render_document(report, for_print=True)
    templates = time.perf_counter() - start

    report_median = statistics.median(times["report"])
    plain_median = statistics.median(times["plain"])
    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M')}, {database}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load_before} before and {load_after} after\n"
    )
    print(
        f"The demo council's Strategic Performance Report, {report.period.label}: {pages} "
        f"pages, {characters:,} characters laid out; the plain document: {plain_pages} pages, "
        f"{plain_characters:,} characters.\n"
    )
    print("| case | median | fastest | slowest | median CPU time | runs |")
    print("|---|--:|--:|--:|--:|--:|")
    for label, name in (
        ("Report PDF (print HTML, layout, PDF/UA-1)", "report"),
        ("Plain document of the same pages and text", "plain"),
    ):
        print(
            f"| {label} | {milliseconds(statistics.median(times[name]))} | "
            f"{milliseconds(min(times[name]))} | {milliseconds(max(times[name]))} | "
            f"{milliseconds(statistics.median(cpu[name]))} | {options.runs} |"
        )
    print(
        f"| (of the report: its print HTML from the templates, one run) | "
        f"{milliseconds(templates)} | | | | 1 |"
    )
    print(
        f"| (building the report object from the database, one run) | "
        f"{milliseconds(built)} | | | | 1 |"
    )
    cpu_ratio = statistics.median(cpu["report"]) / statistics.median(cpu["plain"])
    print(
        f"\n**Ratio: {report_median / plain_median:.2f}x** the plain document's time "
        f"({cpu_ratio:.2f}x its CPU time); goal 3x."
    )

    if options.profile:
        profile = cProfile.Profile()
        profile.runcall(render_report)
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(30)
        print("\n```\n" + out.getvalue().strip() + "\n```")


if __name__ == "__main__":
    main()
