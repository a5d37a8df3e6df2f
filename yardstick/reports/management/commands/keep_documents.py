"""`manage.py keep_documents [PERIOD ...]`: render again, now, the kept report documents of
published periods (every published period of the organisation when none is named), or queue
that for the background worker with `--enqueue`. The worker renders them by itself when a
period is published or corrected; this is for an edit that changes a published report
without a correction (a measure's title, a scorecard's rows), or to fill MEDIA_ROOT after a
restore without it."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yardstick.framework.models import Period
from yardstick.reports.lookup import ReportNotFound, find_organisation, find_period
from yardstick.reports.tasks import render_documents


class Command(BaseCommand):
    help = (
        "Render again the kept report documents (PDF, Word, Excel, HTML) of published periods: "
        "the periods named, or every published period of the organisation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "periods",
            nargs="*",
            metavar="PERIOD",
            help="a published period: '2018-19 Q2', 'Q2 2018/19' or '2018-19-q2' (default: all)",
        )
        parser.add_argument(
            "--organisation", metavar="SLUG", help="needed when there are several organisations"
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="put the jobs on the queue for the background worker instead of rendering now",
        )

    def handle(self, *args, periods: list[str], organisation=None, enqueue=False, **options):
        try:
            chosen = find_organisation(organisation)
            found = [find_period(chosen, text, published_only=True) for text in periods]
        except ReportNotFound as error:
            raise CommandError(str(error)) from None
        if not periods:
            found = list(Period.objects.in_organisation(chosen).published().order_by("start"))
            if not found:
                self.stdout.write(f"{chosen.name} has no published period: nothing to keep.")
                return
        for period in found:
            if enqueue:
                job = render_documents.enqueue(period.pk, True)
                self.stdout.write(f"{period.label}: queued job {job.id}.")
                continue
            outcome = render_documents.call(period.pk, True)
            self.stdout.write(f"{period.label}: kept {', '.join(outcome['rendered'])}.")
