"""`manage.py backup FILE` (also `yardstick backup FILE`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from yardstick.backups.services import BackupRefused, back_up


class Command(BaseCommand):
    help = (
        "Back up the whole database (every table, every history entry) to one file that "
        "`restore` loads into an empty database, SQLite or PostgreSQL. See "
        "docs/operations.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the backup file to write")
        parser.add_argument(
            "--overwrite", action="store_true", help="replace FILE if it is there already"
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="the database alias (default: default)"
        )

    def handle(self, *args, **options) -> None:
        try:
            manifest = back_up(
                options["file"], using=options["database"], overwrite=options["overwrite"]
            )
        except BackupRefused as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"{options['file']}: {error.strerror or error}") from None
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Backed up {manifest.row_count:,} rows in {len(manifest.tables)} tables to "
                f"{options['file']}."
            )
