"""The `yardstick` console script (also `python -m yardstick`)."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yardstick", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_rate_command(subparsers)
    add_spc_command(subparsers)
    add_import_command(subparsers)
    add_export_command(subparsers)
    add_report_command(subparsers)
    add_backup_commands(subparsers)
    add_setup_command(subparsers)
    return parser


def add_rate_command(subparsers: argparse._SubParsersAction) -> None:
    rate = subparsers.add_parser(
        "rate",
        help="rate a CSV of figures by the key and write it back with ratings and trends",
        description=(
            "Rate every row of a scorecard CSV (columns scorecard, measure_no, title, good_is, "
            "period, target, actual, note, ...) by the key, and write the same rows with "
            "rating, rating_reason, trend and trend_basis added (and agrees when the sheet has "
            "a published_rating column). Exit status: 0 all rows read, 1 some rows could not "
            "be read (listed on stderr), 2 the file could not be read at all."
        ),
    )
    rate.add_argument("input", metavar="INPUT.csv", help="the sheet to rate ('-' for stdin)")
    rate.add_argument(
        "-o",
        "--output",
        metavar="OUTPUT.csv",
        help="write the rated sheet here (default: stdout)",
    )
    rate.add_argument(
        "--trend-basis",
        choices=("previous", "last-year"),
        help=(
            "compare every row with the previous period or the same period last year "
            "(default: previous, or last year for cumulative measures)"
        ),
    )
    rate.add_argument(
        "--footnotes",
        metavar="FILE",
        help="a CSV with columns scorecard, note, text explaining the notes in the sheet",
    )
    rate.add_argument(
        "--key",
        metavar="FILE",
        help=(
            "rate by this key file (TOML, see docs/keys.md; default: the five-band key); "
            "a bad key file exits 2 with FILE:LINE: reason"
        ),
    )
    rate.set_defaults(handler=run_rate)


def run_rate(args: argparse.Namespace) -> int:
    from yardstick import ratesheet

    return ratesheet.run(
        args.input,
        output=args.output,
        trend_basis=args.trend_basis,
        footnotes=args.footnotes,
        key=args.key,
        stdout=sys.stdout,
        stderr=sys.stderr,
    )


def add_spc_command(subparsers: argparse._SubParsersAction) -> None:
    spc = subparsers.add_parser(
        "spc",
        help="draw XmR charts (SPC, the Making Data Count way) of a CSV of figures",
        description=(
            "Chart every series of a CSV (columns series, date, value, direction, target, "
            "rebase) as an XmR chart, the NHS Making Data Count way, and write the same rows "
            "with mean, lpl, upl, outside_limits, close_to_limits, special_cause_rule, "
            "point_type, variation_icon and assurance_icon added (see docs/spc-command.md). "
            "Exit status: 0 all rows read, 1 some rows could not be read (listed on stderr by "
            "line), 2 the file could not be read at all."
        ),
    )
    spc.add_argument("input", metavar="INPUT.csv", help="the figures ('-' for stdin)")
    spc.add_argument(
        "-o", "--output", metavar="OUTPUT.csv", help="write the charted rows here (default: stdout)"
    )
    spc.add_argument(
        "--profile",
        choices=("mdc", "ptd"),
        default="mdc",
        help=(
            "mdc: NHS England's Making Data Count tools (the default); ptd: the R package "
            "NHSRplotthedots, point for point"
        ),
    )
    spc.add_argument(
        "--screen-outliers",
        dest="screening",
        nargs="?",
        const="ptd",
        choices=("ptd", "mdc-sql"),
        help=(
            "leave large moving ranges out of the limits, PTD's way (the default: 3.267 x MR-bar "
            "or more, the mean unchanged) or MDC's SQL query's (above it, and the mean without "
            "the points whose range went); without this, the profile's (ptd screens)"
        ),
    )
    spc.add_argument(
        "--no-screen-outliers",
        dest="screening",
        action="store_const",
        const="none",
        help="screen no moving range, whatever the profile",
    )
    spc.add_argument(
        "--baseline",
        type=int,
        metavar="N",
        help="compute each limits period's limits from its first N points",
    )
    spc.add_argument(
        "--baseline-until",
        metavar="DATE",
        help=(
            "fix the limits on the points up to and including DATE (2019-03-31, or a period "
            "such as 2018-19: to its end); refused when that is fewer points than the "
            "profile's baseline needs"
        ),
    )
    spc.set_defaults(handler=run_spc)


def run_spc(args: argparse.Namespace) -> int:
    from yardstick import spcsheet

    return spcsheet.run(
        args.input,
        output=args.output,
        profile=args.profile,
        screening=args.screening,
        baseline=args.baseline,
        baseline_until=args.baseline_until,
        stdout=sys.stdout,
        stderr=sys.stderr,
    )


def add_import_command(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "import",
        help="import a CSV or Excel file of one kind into the database, all or nothing",
        description=(
            "Import a .csv or .xlsx file of one KIND (units, plans, themes, measures, targets, "
            "figures, actions, action-updates, scorecard; see docs/import-formats.md), or a "
            "workbook (KIND workbook: an .xlsx with a sheet per kind, such as the starter "
            "workbook; see docs/operations.md). A file with any problem changes nothing: the "
            "problems are listed by row and column and the exit status is 1. Runs "
            "`manage.py import_data`."
        ),
    )
    command.add_argument("kind", metavar="KIND", help="what the file holds")
    command.add_argument("file", metavar="FILE", help="the .csv or .xlsx file")
    command.add_argument("--dry-run", action="store_true", help="say what would change, only")
    command.add_argument("--organisation", metavar="SLUG", help="the organisation to import into")
    command.add_argument("--user", metavar="USERNAME", help="who the history says made it")
    command.add_argument("--status", help="the status imported figures get (default published)")
    command.add_argument("-v", "--verbosity", type=int, default=1, help="2 lists every change")
    command.set_defaults(handler=run_import)


def add_export_command(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "export",
        help="export one kind of record as CSV or Excel, in the columns the import reads",
        description="Export one KIND as a file that imports back unchanged. Runs "
        "`manage.py export_data`.",
    )
    command.add_argument("kind", metavar="KIND", help="what to export")
    command.add_argument("--format", help="csv or xlsx (default: from the -o name, else csv)")
    command.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    command.add_argument("--organisation", metavar="SLUG", help="the organisation to export")
    command.add_argument("--year", metavar="YEAR", help="a financial year, such as 2018/19")
    command.set_defaults(handler=run_export)


def run_import(args: argparse.Namespace) -> int:
    flags = [args.kind, args.file, f"--verbosity={args.verbosity}"]
    flags += ["--dry-run"] if args.dry_run else []
    flags += _options(args, "organisation", "user", "status")
    return _run_management_command("import", "import_data", flags)


def run_export(args: argparse.Namespace) -> int:
    flags = [args.kind, *_options(args, "format", "output", "organisation", "year")]
    return _run_management_command("export", "export_data", flags)


def add_report_command(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "report",
        help="write the Strategic Performance Report of a period as PDF, Word, Excel or HTML",
        description=(
            "Write the Strategic Performance Report of PERIOD: for each theme the "
            "achievements, key projects and initiatives, the scorecard and the key challenges, "
            "with the key and the notes. An unknown organisation, period or theme is reported "
            "with what there is, exit status 1. Runs `manage.py report`."
        ),
    )
    command.add_argument(
        "period", metavar="PERIOD", help="the period: '2018-19 Q2', 'Q2 2018/19' or '2018-19-q2'"
    )
    command.add_argument(
        "--format",
        choices=("pdf", "docx", "xlsx", "html"),
        help="default: from the -o file's name, else pdf",
    )
    command.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="default: strategic-performance-report-<period>.<format> here; '-' for stdout",
    )
    command.add_argument("--organisation", metavar="SLUG", help="when there are several")
    command.add_argument(
        "--theme",
        action="append",
        metavar="THEME",
        help="a theme's code or title; repeat for several (default: every theme)",
    )
    command.add_argument(
        "--published-only", action="store_true", help="published figures only, as the public"
    )
    command.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    flags = [args.period, *_options(args, "format", "output", "organisation")]
    flags += [f"--theme={theme}" for theme in args.theme or []]
    flags += ["--published-only"] if args.published_only else []
    return _run_management_command("report", "report", flags, app="yardstick.reports")


def add_backup_commands(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="back up the whole database to one file",
        description=(
            "Write every table of the database (every history entry included) to FILE, "
            "exactly, in a form `yardstick restore` loads into SQLite or PostgreSQL. Runs "
            "`manage.py backup`; see docs/operations.md."
        ),
    )
    backup.add_argument("file", metavar="FILE", help="the backup file to write")
    backup.add_argument("--overwrite", action="store_true", help="replace FILE if it is there")
    backup.set_defaults(handler=run_backup)
    restore = subparsers.add_parser(
        "restore",
        help="restore a backup into an empty database",
        description=(
            "Load a backup into an empty database (no tables, or just migrated), all or "
            "nothing. A database holding data, a damaged file or a backup from a newer "
            "Yardstick is refused and nothing changes. Runs `manage.py restore`; see "
            "docs/operations.md."
        ),
    )
    restore.add_argument("file", metavar="FILE", help="the backup file to restore")
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    flags = [args.file, *(["--overwrite"] if args.overwrite else [])]
    return _run_management_command("backup", "backup", flags, app="yardstick.backups")


def run_restore(args: argparse.Namespace) -> int:
    return _run_management_command("restore", "restore", [args.file], app="yardstick.backups")


SETUP_OPTIONS = (
    ("name", "the organisation's name, as its reports print it"),
    ("slug", "its short name for web addresses (default: made from the name)"),
    ("financial-year-start-month", "the month its financial year starts: 4 or April"),
    ("bank-holidays", "whose bank holidays deadlines leave out: ENG, SCT, NIR or none"),
    ("username", "the first account's username"),
    ("first-name", "the first account's first name"),
    ("last-name", "the first account's last name"),
    ("email", "the first account's e-mail address"),
    ("password-file", "read the password from this file's first line"),
    ("workbook", "write the starter workbook to this file"),
)


def add_setup_command(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "setup",
        help="set up an organisation and its first performance-team account",
        description=(
            "Set up an organisation (name, short name, financial year, bank holidays) and its "
            "first performance-team account, and offer a starter workbook to fill in. Asks "
            "for each answer not given as a flag; the password comes from --password-file, "
            "YARDSTICK_SETUP_PASSWORD or the prompt, never echoed. Runs `manage.py setup`; "
            "see docs/operations.md."
        ),
    )
    for name, text in SETUP_OPTIONS:
        command.add_argument(f"--{name}", help=text)
    command.add_argument("--no-input", action="store_true", help="never ask: flags only")
    command.set_defaults(handler=run_setup)


def run_setup(args: argparse.Namespace) -> int:
    names = [name.replace("-", "_") for name, _ in SETUP_OPTIONS]
    flags = [
        f"--{name.replace('_', '-')}={getattr(args, name)}"
        for name in names
        if getattr(args, name) is not None
    ]
    flags += ["--no-input"] if args.no_input else []
    return _run_management_command("setup", "setup", flags, app="yardstick.pages")


def _options(args: argparse.Namespace, *names: str) -> list[str]:
    return [f"--{name}={getattr(args, name)}" for name in names if getattr(args, name)]


def _run_management_command(
    subcommand: str, name: str, flags: list[str], app: str = "yardstick.imports"
) -> int:
    """Set Django up and run its management command as `yardstick SUBCOMMAND`; a
    CommandError prints its message and exits with its status, as manage.py does.

    Django's system checks are skipped: they check the project's own code and settings, the
    same on every run (`manage.py check`, `make test` and `runserver` run them), and importing
    every URL configuration, view and form to do it took a third of the CPU time of a command
    such as `yardstick export themes` (benchmarks/README.md, "Commands")."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yardstick.settings")
    import django
    from django.core.management import load_command_class

    django.setup()
    command = load_command_class(app, name)
    command.requires_system_checks = []  # so it neither runs them nor offers --skip-checks
    command.run_from_argv(["yardstick", subcommand, *flags])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    return args.handler(args)
