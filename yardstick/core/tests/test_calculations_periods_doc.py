"""Every example table in the "Periods" section of docs/calculations.md is checked here.

The tables are read from the page itself, so the page cannot say one thing while the code does
another. Each table is known by its header row; a new table needs a checker below.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from yardstick.core.periods import (
    DateRange,
    Frequency,
    PeriodParseError,
    PeriodType,
    following,
    parse_date_range,
    parse_period,
    period_type_for,
    periods_in,
    previous,
    rolling_12_months,
    same_period_last_year,
    year_to_date,
)

DOC = Path(__file__).resolve().parents[3] / "docs" / "calculations.md"
MONTHS = "January February March April May June July August September October November December"

PERIODS = ("written as", "year starts", "type", "label", "key", "start", "end")
KEYS = ("text", "type", "period")
REFUSED_PERIODS = ("written as", "year starts", "refused because")
NEIGHBOURS = ("period", "previous", "next", "same period last year")
PARTS = ("period", "made of", "parts")
RUNNING = ("period", "year to date", "rolling 12 months")
RANGES = ("data covers", "start", "end", "printed as")
REFUSED_RANGES = ("data covers", "refused because")
FREQUENCIES = ("frequency", "period type")
CHECKED = {PERIODS, KEYS, REFUSED_PERIODS, NEIGHBOURS, PARTS, RUNNING, RANGES, REFUSED_RANGES}
CHECKED |= {FREQUENCIES}


def section_tables() -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """The tables between the periods section markers, by header row."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("<!-- section: periods") : text.index("<!-- end section: periods")]
    tables: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    rows = None
    for line in section.splitlines():
        if not line.startswith("|"):
            rows = None
            continue
        cells = tuple(cell.strip().strip("`") for cell in line.strip().strip("|").split("|"))
        if rows is None:
            rows = tables.setdefault(cells, [])
        elif not set("".join(cells)) <= set("-: "):
            rows.append(cells)
    return tables


TABLES = section_tables()


def rows(header: tuple[str, ...]) -> list:
    return [pytest.param(*row, id=row[0]) for row in TABLES.get(header, [])]


def day(text: str) -> date:
    return datetime.strptime(text, "%d %b %Y").date()


def start_month(name: str) -> int:
    return MONTHS.split().index(name) + 1


def period_type(text: str) -> PeriodType:
    return PeriodType(text.replace(" ", "_"))


def test_every_table_in_the_section_is_checked_and_has_rows():
    assert set(TABLES) == CHECKED
    assert all(TABLES[header] for header in CHECKED)


@pytest.mark.parametrize(
    ("written_as", "year_starts", "type_name", "label", "key", "start", "end"), rows(PERIODS)
)
def test_periods_are_read_labelled_and_keyed_as_the_doc_says(
    written_as, year_starts, type_name, label, key, start, end
):
    period = parse_period(written_as, start_month(year_starts))
    assert (period.type, period.label, period.key) == (period_type(type_name), label, key)
    assert (period.start, period.end) == (day(start), day(end))
    assert parse_period(label, start_month(year_starts)) == period
    assert parse_period(key, start_month(year_starts), period_type=period.type) == period


@pytest.mark.parametrize(("text", "type_name", "period"), rows(KEYS))
def test_ambiguous_text_is_read_with_its_type_as_the_doc_says(text, type_name, period):
    assert parse_period(text, period_type=period_type(type_name)).label == period


@pytest.mark.parametrize(("written_as", "year_starts", "reason"), rows(REFUSED_PERIODS))
def test_periods_are_refused_for_the_reason_the_doc_gives(written_as, year_starts, reason):
    with pytest.raises(PeriodParseError) as refused:
        parse_period(written_as, start_month(year_starts))
    assert str(refused.value) == reason


@pytest.mark.parametrize(("period", "previous_", "next_", "last_year"), rows(NEIGHBOURS))
def test_neighbouring_periods_are_as_the_doc_says(period, previous_, next_, last_year):
    this = parse_period(period)
    assert previous(this).label == previous_
    assert following(this).label == next_
    assert same_period_last_year(this).label == last_year


@pytest.mark.parametrize(("period", "made_of", "parts"), rows(PARTS))
def test_the_parts_of_a_period_are_as_the_doc_says(period, made_of, parts):
    found = periods_in(parse_period(period), period_type(made_of))
    assert ", ".join(part.label for part in found) == parts


@pytest.mark.parametrize(("period", "to_date", "rolling"), rows(RUNNING))
def test_year_to_date_and_rolling_12_months_are_as_the_doc_says(period, to_date, rolling):
    this = parse_period(period)
    assert year_to_date(this).label == to_date
    assert rolling_12_months(this).label == rolling


@pytest.mark.parametrize(("data_covers", "start", "end", "printed_as"), rows(RANGES))
def test_date_ranges_are_read_and_printed_as_the_doc_says(data_covers, start, end, printed_as):
    covered = parse_date_range(data_covers)
    assert covered == DateRange(day(start), day(end))
    assert covered.label == printed_as
    assert parse_date_range(printed_as) == covered


@pytest.mark.parametrize(("data_covers", "reason"), rows(REFUSED_RANGES))
def test_date_ranges_are_refused_for_the_reason_the_doc_gives(data_covers, reason):
    with pytest.raises(PeriodParseError) as refused:
        parse_date_range(data_covers)
    assert str(refused.value) == reason


@pytest.mark.parametrize(("frequency", "period_type_name"), rows(FREQUENCIES))
def test_each_frequency_has_the_period_type_the_doc_says(frequency, period_type_name):
    assert period_type_for(Frequency(frequency)) is period_type(period_type_name)
