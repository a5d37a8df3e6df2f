"""`manage.py export_data KIND` (also `yardstick export KIND`)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yardstick.core.periods import PeriodParseError, PeriodType, parse_period
from yardstick.imports.kinds import KINDS
from yardstick.imports.services import export_file
from yardstick.imports.tables import FileFormat

from ._common import find_organisation


class Command(BaseCommand):
    help = (
        "Export one kind of record as CSV or Excel (.xlsx), in the columns the import reads: "
        "the file imports back unchanged. See docs/import-formats.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=list(KINDS), metavar="KIND", help=", ".join(KINDS))
        parser.add_argument(
            "--format",
            choices=[f.value for f in FileFormat],
            help="csv or xlsx (default: from the -o file's name, else csv)",
        )
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="write here (default: standard output)"
        )
        parser.add_argument("--organisation", metavar="SLUG", help="the organisation to export")
        parser.add_argument(
            "--year",
            metavar="YEAR",
            help="a financial year such as 2018/19: plans, themes, targets and figures of "
            "that year only; the scorecard of that year (default: everything; the latest "
            "scorecard)",
        )

    def handle(self, *args, **options) -> None:
        organisation = find_organisation(options["organisation"])
        output = options["output"]
        file_format = options["format"] or (
            FileFormat.XLSX if output and output.lower().endswith(".xlsx") else FileFormat.CSV
        )
        year = None
        if options["year"]:
            try:
                year = parse_period(
                    options["year"],
                    organisation.financial_year_start_month,
                    period_type=PeriodType.YEAR,
                ).start.year
            except PeriodParseError as error:
                raise CommandError(f"--year: {error}") from None
        content = export_file(organisation, options["kind"], file_format, year)
        if output:
            try:
                Path(output).write_bytes(content)
            except OSError as error:
                raise CommandError(f"{output}: {error.strerror}") from None
            return
        if file_format == FileFormat.CSV:
            self.stdout.write(content.decode("utf-8"), ending="")
        elif sys.stdout.isatty():
            raise CommandError("An Excel workbook is not for a terminal: give -o FILE.xlsx.")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
