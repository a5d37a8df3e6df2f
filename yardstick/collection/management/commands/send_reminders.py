"""`manage.py send_reminders`: e-mail reminders for returns due soon or overdue, escalating to
approvers and the performance team. Run it on a schedule (daily, say); running it twice
sends nothing twice."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from yardstick.collection import tasks
from yardstick.collection.reminders import base_url_setting, send_reminders
from yardstick.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "E-mail owners before the collection deadline and when their returns are overdue, "
        "then escalate to the approvers of the measure's area and to the performance team. "
        "Each reminder is sent once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            metavar="YYYY-MM-DD",
            help="the day to work out reminders for (default: today)",
        )
        parser.add_argument(
            "--organisation", metavar="SLUG", help="only this organisation (default: all)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be sent, send nothing"
        )
        parser.add_argument(
            "--base-url",
            metavar="URL",
            help="where Yardstick is served, for the links in the e-mails "
            "(default: the YARDSTICK_BASE_URL setting)",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="put the job on the queue for the background worker instead of sending now",
        )

    def handle(
        self, *args, as_of=None, organisation=None, dry_run=False, base_url=None, **options
    ) -> None:
        if options.get("enqueue"):
            if organisation or dry_run or base_url is not None:
                raise CommandError("--enqueue takes --as-of only.")
            job = tasks.send_reminders.enqueue(as_of.isoformat() if as_of else None)
            self.stdout.write(f"Queued job {job.id}: the background worker sends the reminders.")
            return
        as_of = as_of or timezone.localdate()
        organisations = None
        if organisation:
            organisations = list(Organisation.objects.filter(slug=organisation))
            if not organisations:
                raise CommandError(f"There is no organisation '{organisation}'.")
        base_url = base_url if base_url is not None else base_url_setting()
        if not base_url and not dry_run:
            self.stdout.write(
                "No base URL (--base-url or YARDSTICK_BASE_URL): the links in the e-mails "
                "are relative."
            )
        outcome = send_reminders(as_of, organisations, dry_run=dry_run, base_url=base_url)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {outcome.emails} e-mail{'s' if outcome.emails != 1 else ''} "
            f"({outcome.reminders} reminder{'s' if outcome.reminders != 1 else ''}) "
            f"as of {as_of.isoformat()}."
        )
        if outcome.skipped_no_email:
            names = ", ".join(sorted(outcome.skipped_no_email))
            self.stdout.write(f"No e-mail address, not reminded: {names}.")
        if outcome.failures:
            raise CommandError(
                "Not sent (will be tried again next run):\n" + "\n".join(outcome.failures)
            )
