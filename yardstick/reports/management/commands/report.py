"""`manage.py report PERIOD`: write the Strategic Performance Report of a period to a file
(PDF, Word, Excel or HTML). Also `yardstick report`."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yardstick.accounts.access import ANONYMOUS, performance_team_of
from yardstick.reports.lookup import ReportNotFound, find_organisation, find_period, find_themes
from yardstick.reports.renderers import FORMATS, get_format
from yardstick.reports.strategic import build_strategic_report

EXTENSIONS = {format.extension: format.name for format in FORMATS.values()} | {"htm": "html"}


class Command(BaseCommand):
    help = (
        "Write the Strategic Performance Report of PERIOD (for each theme: achievements, key "
        "projects and initiatives, the scorecard and the key challenges) as PDF, Word, Excel "
        "or HTML."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "period",
            metavar="PERIOD",
            help="the period: '2018-19 Q2', 'Q2 2018/19' or '2018-19-q2'",
        )
        parser.add_argument(
            "--format",
            choices=list(FORMATS),
            help="pdf, docx, xlsx or html (default: from the -o file's name, else pdf)",
        )
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="where to write it ('-' for standard output; default: "
            "strategic-performance-report-<period>.<format> here)",
        )
        parser.add_argument(
            "--organisation", metavar="SLUG", help="needed when there are several organisations"
        )
        parser.add_argument(
            "--theme",
            action="append",
            metavar="THEME",
            help="a theme's code or title; repeat for several (default: every theme)",
        )
        parser.add_argument(
            "--published-only",
            action="store_true",
            help="show published figures only, as the public sees them (default: every figure)",
        )

    def handle(self, *args, **options):
        output = options["output"]
        format = get_format(options["format"] or format_from_name(output) or "pdf")
        try:
            organisation = find_organisation(options["organisation"])
            period = find_period(organisation, options["period"])
            themes = find_themes(period, options["theme"])
        except ReportNotFound as error:
            raise CommandError(str(error)) from None
        viewer = ANONYMOUS if options["published_only"] else performance_team_of(organisation.id)
        report = build_strategic_report(period, themes, viewer)
        content = format.render(report)
        if output == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
            return
        path = Path(output or format.filename(report))
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Could not write {path}: {error.strerror}.") from None
        themes_text = ", ".join(section.theme.title for section in report.sections) or "no themes"
        self.stdout.write(
            f"Wrote {path} ({format.label}, {len(content):,} bytes): {report.title}, "
            f"{organisation.name}; {themes_text}."
        )


def format_from_name(output: str | None) -> str | None:
    if not output or output == "-" or "." not in output:
        return None
    return EXTENSIONS.get(output.rsplit(".", 1)[1].lower())
