"""`manage.py import_data KIND FILE` (also `yardstick import KIND FILE`)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yardstick.imports.kinds import KINDS
from yardstick.imports.kinds.figures import IMPORT_STATUSES
from yardstick.imports.report import report
from yardstick.imports.services import ImportRefused, import_path
from yardstick.imports.workbook import WORKBOOK, import_workbook
from yardstick.measures.models import FigureStatus

from ._common import find_organisation, find_user


class Command(BaseCommand):
    help = (
        "Import a CSV or Excel (.xlsx) file of one kind into an organisation, all or nothing. "
        "A file with any problem changes nothing: the problems are listed by row and column "
        "and the command exits with status 1. See docs/import-formats.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = [*KINDS, WORKBOOK]
        parser.add_argument("kind", choices=kinds, metavar="KIND", help=", ".join(kinds))
        parser.add_argument("file", metavar="FILE", help="the .csv or .xlsx file to import")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and say what would change, changing nothing",
        )
        parser.add_argument(
            "--organisation",
            metavar="SLUG",
            help="the organisation to import into (needed when there is more than one)",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="who is importing: the history records them as the person who made the change",
        )
        parser.add_argument(
            "--status",
            choices=IMPORT_STATUSES,
            default=FigureStatus.SUBMITTED,
            help="the status figures for open periods are given: submitted for sign-off "
            "(the default), approved, or draft; publishing the period publishes them",
        )
        parser.add_argument(
            "--correction-reason",
            metavar="TEXT",
            default="",
            help="correct figures of published periods, for this reason (without it they "
            "are refused); each correction restates the rating",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            with path.open("rb") as handle:
                handle.read(1)
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise CommandError(f"{path}: is a folder, not a file") from None
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        organisation = find_organisation(options["organisation"])
        user = find_user(options["user"])
        try:
            if options["kind"] == WORKBOOK:
                result = import_workbook(
                    organisation,
                    path.read_bytes(),
                    path.name,
                    user,
                    dry_run=options["dry_run"],
                    figure_status=options["status"],
                )
            else:
                # A figures file is read as a stream, so its length does not matter.
                result = import_path(
                    organisation,
                    options["kind"],
                    path,
                    path.name,
                    user,
                    dry_run=options["dry_run"],
                    figure_status=options["status"],
                    correction_reason=options["correction_reason"],
                )
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        text = report(result.run, result.changes, verbose=options["verbosity"] >= 2)
        if result.changes.problems:
            self.stderr.write(text, ending="")
            raise CommandError(
                f"{len(result.changes.problems)} problem(s) in {path.name}: nothing was imported",
                returncode=1,
            )
        self.stdout.write(text, ending="")
