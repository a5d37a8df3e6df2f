"""`manage.py load_demo`: build the demo council that `make run` serves."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yardstick.demo.loader import DEMO_NAME, DemoError, demo_organisation, load_demo


class Command(BaseCommand):
    help = (
        "Build the demo council: its organisation tree and people, the published Q2 2018/19 "
        "scorecards loaded through the importer, three years of synthetic history, key "
        "actions, and an open Q3 2018/19. Does nothing when the demo is already there."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="remove the demo council (its people included) and build it again",
        )

    def handle(self, *args, reset: bool = False, verbosity: int = 1, **options) -> None:
        try:
            summary = load_demo(reset=reset)
        except DemoError as error:
            raise CommandError(str(error)) from error
        if summary is None:
            organisation = demo_organisation()
            self.stdout.write(
                f"{organisation.name} is already loaded (slug '{organisation.slug}'); nothing "
                "to do. Use --reset to rebuild it."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(f"{DEMO_NAME} loaded in {summary.seconds:.1f} seconds:")
        )
        lines = [
            f"{summary.measures} measures; {summary.published_figures} published figures "
            "loaded through the importer",
            f"{summary.synthetic_figures} synthetic figures and {summary.synthetic_targets} "
            "synthetic targets (labelled 'Synthetic demo figure')",
            f"{summary.periods_published} quarters published, 2015/16 Q1 to 2018/19 Q2",
            f"{summary.off_target_commented} off-target Q2 2018/19 figures with commentary",
            f"{summary.key_actions} key actions with Q1 and Q2 2018/19 progress and "
            f"{summary.milestones} milestones, in a programme of three workstreams",
            f"{summary.bodies} boards with meetings in 2018/19 and {summary.meeting_actions} "
            "actions agreed",
            f"{summary.packs} meeting packs, {summary.packs_published} published (the Resources "
            "Improvement Board's of December 2018)",
            f"Q3 2018/19 open for returns: {summary.open_figures} figures started by owners",
            f"{summary.monthly_figures} figures of five synthetic monthly measures, one of them "
            "contextual (April 2017 to December 2018), added up into quarters on the partnership "
            "scorecard; one proposed target in Q3 2018/19",
            f"{summary.comparator_figures} synthetic comparator figures for a dozen measures, in "
            "two groups: London boroughs and CIPFA nearest neighbours (both synthetic)",
            f"{summary.statements} data quality statements (some past their review date, some "
            "high risk, a few drafts awaiting sign-off)",
        ]
        if summary.documents_queued:
            lines.append(
                f"{summary.documents_queued} report documents queued for the worker "
                "(manage.py run_worker)"
            )
        for line in lines:
            self.stdout.write(f"  {line}")
        if verbosity > 1:
            for what, seconds in summary.steps:
                self.stdout.write(f"  {seconds:6.2f}s  {what}")
        self.stdout.write("Sign in with the accounts `manage.py demo_logins` lists.")
