"""`manage.py restore FILE` (also `yardstick restore FILE`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, DatabaseError

from yardstick.backups.services import BackupUnreadable, RestoreRefused, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into an empty database: one with no tables (the "
        "backup's are made first) or one just made by `migrate` at the backup's migration "
        "state. Refuses a database that holds data, and a damaged file, changing nothing. "
        "See docs/operations.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the backup file to restore")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="the database alias (default: default)"
        )

    def handle(self, *args, **options) -> None:
        try:
            restored = restore(options["file"], using=options["database"])
        except BackupUnreadable as error:
            raise CommandError(f"Nothing was restored: {error}.") from None
        except RestoreRefused as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(
                f"The database refused a row, so nothing was restored: {error}"
            ) from None
        if options["verbosity"] < 1:
            return
        manifest = restored.manifest
        self.stdout.write(
            f"Restored {restored.rows:,} rows in {restored.tables} tables from "
            f"{options['file']} (backed up {manifest.created_at} by Yardstick "
            f"{manifest.yardstick_version} from {manifest.database})."
        )
        if restored.made_tables:
            self.stdout.write("The database had no tables: the backup's were made first.")
        if restored.pending:
            self.stdout.write(
                f"This Yardstick has {len(restored.pending)} migrations the backup predates "
                f"({', '.join(restored.pending[:3])}{' ...' if len(restored.pending) > 3 else ''}"
                "): run `manage.py migrate` now."
            )
