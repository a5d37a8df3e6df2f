"""The `yardstick` console script (also `python -m yardstick`)."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yardstick", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_rate_command(subparsers)
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
    rate.set_defaults(handler=run_rate)


def run_rate(args: argparse.Namespace) -> int:
    from yardstick import ratesheet

    return ratesheet.run(
        args.input,
        output=args.output,
        trend_basis=args.trend_basis,
        footnotes=args.footnotes,
        stdout=sys.stdout,
        stderr=sys.stderr,
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    return args.handler(args)
