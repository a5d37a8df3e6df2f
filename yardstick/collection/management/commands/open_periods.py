"""`manage.py open_periods`: open for returns every period whose opening day, set by the
performance team, has come. Run it on a schedule (daily, before `send_reminders`, which then
tells the owners); running it twice opens nothing twice. With `--enqueue` it only puts the
job on the queue for the background worker (`collection.tasks.open_periods`)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from yardstick.collection import tasks
from yardstick.collection.services import open_due_periods


class Command(BaseCommand):
    help = (
        "Open for returns the periods whose opening day has come: targets carried forward or "
        "profiled from the year's, and the owners told by the next send_reminders."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            metavar="YYYY-MM-DD",
            help="the day to open periods for (default: today)",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="put the job on the queue for the background worker instead of opening now",
        )

    def handle(self, *args, **options) -> None:
        if options["enqueue"]:
            day = options["as_of"].isoformat() if options["as_of"] else None
            job = tasks.open_periods.enqueue(day)
            self.stdout.write(f"Queued job {job.id}: the background worker opens the periods.")
            return
        as_of = options["as_of"] or timezone.localdate()
        opened = open_due_periods(as_of)
        for item in opened:
            self.stdout.write(
                f"{item.period.organisation.name}: {item.period.label} is open for returns "
                f"({item.carried} target{'s' if item.carried != 1 else ''} carried forward, "
                f"{item.profiled} profiled from the year's)."
            )
        if not opened:
            self.stdout.write(f"No period is due to open on {as_of:%d %B %Y}.")
