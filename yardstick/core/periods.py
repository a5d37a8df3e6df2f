"""Reporting periods: the financial year and its months, quarters and halves; school terms.

A `Period` is a run of whole calendar months with a type (month, quarter, half year, year or
term) and the month its year starts in (`fy_start_month`, April for UK councils). Every period
is built by one rule, `period_containing`, so a quarter can only ever be one of the four quarters
of its financial year. The rules, with worked examples, are in docs/calculations.md (section
"Periods"); every example there is also a test.

Nothing here reads the clock: pass the date you mean.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType


class PeriodType(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    TERM = "term"


# A period of each type in a sentence: 'the last 12 quarters'.
PERIOD_NOUNS = {
    PeriodType.MONTH: "month",
    PeriodType.QUARTER: "quarter",
    PeriodType.HALF_YEAR: "half-year",
    PeriodType.YEAR: "year",
    PeriodType.TERM: "term",
}


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    TERMLY = "termly"
    HALF_YEARLY = "half_yearly"
    ANNUAL = "annual"


class TermName(StrEnum):
    """The three school terms, as fixed runs of calendar months (see `term`)."""

    AUTUMN = "autumn"  # September to December
    SPRING = "spring"  # January to March
    SUMMER = "summer"  # April to August


class PeriodParseError(ValueError):
    """Text that cannot be read as a period or a date range; the message says why."""


UK_FINANCIAL_YEAR_START_MONTH = 4
ACADEMIC_YEAR_START_MONTH = 9

_MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
_MONTH_NUMBERS = MappingProxyType(
    {name.lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)}
    | {name[:3].lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)}
    | {"sept": 9}
)
# Each term: (first month, number of months). The months of the three terms tile the year.
_TERM_MONTHS = MappingProxyType(
    {TermName.AUTUMN: (9, 4), TermName.SPRING: (1, 3), TermName.SUMMER: (4, 5)}
)
_PERIOD_TYPE_FOR = MappingProxyType(
    {
        Frequency.MONTHLY: PeriodType.MONTH,
        Frequency.QUARTERLY: PeriodType.QUARTER,
        Frequency.TERMLY: PeriodType.TERM,
        Frequency.HALF_YEARLY: PeriodType.HALF_YEAR,
        Frequency.ANNUAL: PeriodType.YEAR,
    }
)
_MONTHS_IN = MappingProxyType(
    {PeriodType.MONTH: 1, PeriodType.QUARTER: 3, PeriodType.HALF_YEAR: 6, PeriodType.YEAR: 12}
)


# --- date arithmetic on whole months ------------------------------------------------------


def _add_months(first_of_month: date, months: int) -> date:
    year, month_index = divmod(first_of_month.year * 12 + first_of_month.month - 1 + months, 12)
    return date(year, month_index + 1, 1)


def _month_end(d: date) -> date:
    """The last day of d's month; December 9999 too (the month after it is past date.max)."""
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def months_after(day: date, months: int) -> date:
    """The same day `months` later (31 August + 6 months is 28 or 29 February)."""
    first = _add_months(day.replace(day=1), months)
    return first.replace(day=min(day.day, _month_end(first).day))


def _check_start_month(start_month: int) -> None:
    if not 1 <= start_month <= 12:
        raise ValueError(f"a year start month is 1 to 12, not {start_month}")


def _term_name_of(d: date) -> TermName:
    if d.month >= ACADEMIC_YEAR_START_MONTH:
        return TermName.AUTUMN
    return TermName.SPRING if d.month < _TERM_MONTHS[TermName.SUMMER][0] else TermName.SUMMER


def _bounds(d: date, period_type: PeriodType, start_month: int) -> tuple[date, date]:
    """The first and last day of the period of this type that contains `d`."""
    first_of_month = date(d.year, d.month, 1)
    if period_type is PeriodType.TERM:
        first, length = _TERM_MONTHS[_term_name_of(d)]
        start = date(d.year, first, 1)
    else:
        length = _MONTHS_IN[period_type]
        months_into_year = (d.month - start_month) % 12
        start = _add_months(first_of_month, -(months_into_year % length))
    return start, _add_months(start, length) - timedelta(days=1)


# --- the period ---------------------------------------------------------------------------


@functools.total_ordering
@dataclass(frozen=True)
class Period:
    """A reporting period: whole calendar months, `start` to `end` inclusive.

    `fy_start_month` is the month the body's financial year starts (4, April, for UK councils).
    A term's year is the academic year, so a term's `fy_start_month` is always 9 (September),
    whatever is passed. Any other start and end that are not exactly one period of the type
    raise ValueError.

    Periods sort by (start, end). Two periods with the same dates but a different type or year
    start (the spring term and the January quarter) are not equal; they are ordered by type,
    then year start, so that sorting agrees with equality.
    """

    type: PeriodType
    start: date
    end: date  # inclusive
    fy_start_month: int = UK_FINANCIAL_YEAR_START_MONTH

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", PeriodType(self.type))
        _check_start_month(self.fy_start_month)
        if self.type is PeriodType.TERM:
            object.__setattr__(self, "fy_start_month", ACADEMIC_YEAR_START_MONTH)
        if (self.start, self.end) != _bounds(self.start, self.type, self.fy_start_month):
            raise ValueError(
                f"{self.start.isoformat()} to {self.end.isoformat()} is not a "
                f"{self.type.replace('_', ' ')} of a year starting in "
                f"{_MONTH_NAMES[self.fy_start_month - 1]}"
            )

    def _sort_key(self) -> tuple[date, date, str, int]:
        return (self.start, self.end, self.type.value, self.fy_start_month)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def __str__(self) -> str:
        return self.label

    @property
    def number(self) -> int:
        """Which month, quarter or half of its financial year this is (1 = the first); a year
        is 1. A term's place in the academic year: autumn 1, spring 2, summer 3."""
        if self.type is PeriodType.TERM:
            return list(TermName).index(self.term_name) + 1
        return (self.start.month - self.fy_start_month) % 12 // _MONTHS_IN[self.type] + 1

    @functools.cached_property  # a frozen value: worked out once (an import asks per row)
    def label(self) -> str:
        """As councils print it: "Q2 2018/19", "H1 2018/19", "2018/19", "September 2009",
        "Autumn term 2018/19"."""
        year = _year_text(self.financial_year, "/")
        if self.type is PeriodType.MONTH:
            return f"{_MONTH_NAMES[self.start.month - 1]} {self.start.year}"
        if self.type is PeriodType.TERM:
            return f"{self.term_name.title()} term {year}"
        return year if self.type is PeriodType.YEAR else f"{self._part_of_year} {year}"

    @functools.cached_property  # a frozen value: worked out once (an import asks per row)
    def key(self) -> str:
        """The canonical machine key for CSV files, addresses and the database: "2018-19 Q2",
        "2018-19 H1", "FY 2018-19" (a year), "2009-09" (a month), "2018-19 Autumn" (a term).

        Every period has its own key, and `parse_period(key, start_month)` reads it back. A
        year's key says "FY" because "2010-11" alone is November 2010 as well as 2010/11.
        """
        year = _year_text(self.financial_year, "-")
        if self.type is PeriodType.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.type is PeriodType.TERM:
            return f"{year} {self.term_name.title()}"
        return f"FY {year}" if self.type is PeriodType.YEAR else f"{year} {self._part_of_year}"

    @property
    def _part_of_year(self) -> str:
        return f"{'Q' if self.type is PeriodType.QUARTER else 'H'}{self.number}"

    @property
    def term_name(self) -> TermName:
        """The term's name; raises ValueError for a period that is not a term."""
        if self.type is not PeriodType.TERM:
            raise ValueError(f"{self.label} is a {self.type.replace('_', ' ')}, not a term")
        return _term_name_of(self.start)

    @property
    def financial_year(self) -> Period:
        """The YEAR period containing this one. For a term, that is the academic year
        (September to August)."""
        return period_containing(self.start, PeriodType.YEAR, self.fy_start_month)

    @property
    def date_range(self) -> DateRange:
        return DateRange(self.start, self.end)

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end


def _year_text(year: Period, separator: str) -> str:
    """ "2018/19" (or "2018-19"); a year that starts in January is just "2018"."""
    if year.start.year == year.end.year:
        return str(year.start.year)
    return f"{year.start.year}{separator}{year.end.year % 100:02d}"


# --- building periods ---------------------------------------------------------------------


def period_containing(d: date, period_type: PeriodType, start_month: int = 4) -> Period:
    """The period of this type that contains `d`. `start_month` is ignored for terms, whose
    year always starts in September."""
    period_type = PeriodType(period_type)
    if period_type is PeriodType.TERM:
        start_month = ACADEMIC_YEAR_START_MONTH
    _check_start_month(start_month)
    start, end = _bounds(d, period_type, start_month)
    return Period(period_type, start, end, start_month)


def financial_year(start_year: int, start_month: int = 4) -> Period:
    """The year starting on the first of `start_month` in `start_year`: financial_year(2018) is
    1 April 2018 to 31 March 2019, "2018/19"."""
    _check_start_month(start_month)
    return period_containing(date(start_year, start_month, 1), PeriodType.YEAR, start_month)


def year_label(start_year: int, start_month: int, *, separator: str = "/") -> str:
    """The financial year starting in `start_year`, as printed: "2018/19"; a year that starts
    in January is just "2018". `separator` "-" gives the form for file names ("2018-19").

    The one place a year is labelled: every page, document, file name and message asks here,
    with the organisation's own start month (a test fails if a label is built anywhere else).
    """
    return _year_text(financial_year(start_year, start_month), separator)


def _nth_part(fy_start_year: int, number: int, period_type: PeriodType, start_month: int) -> Period:
    length = _MONTHS_IN[period_type]
    count = 12 // length
    if not 1 <= number <= count:
        raise ValueError(
            f"there is no {period_type.replace('_', ' ')} {number}; "
            f"a year has {count}, numbered 1 to {count}"
        )
    first = financial_year(fy_start_year, start_month).start
    return period_containing(_add_months(first, (number - 1) * length), period_type, start_month)


def quarter(fy_start_year: int, number: int, start_month: int = 4) -> Period:
    """Quarter `number` (1 to 4) of the financial year starting in `fy_start_year`:
    quarter(2018, 1) is April to June 2018."""
    return _nth_part(fy_start_year, number, PeriodType.QUARTER, start_month)


def half_year(fy_start_year: int, number: int, start_month: int = 4) -> Period:
    """Half `number` (1 or 2) of the financial year: half_year(2018, 2) is October 2018 to
    March 2019."""
    return _nth_part(fy_start_year, number, PeriodType.HALF_YEAR, start_month)


def month(year: int, month_number: int, start_month: int = 4) -> Period:
    """The calendar month; `start_month` says which financial year it belongs to."""
    if not 1 <= month_number <= 12:
        raise ValueError(f"a month is numbered 1 to 12, not {month_number}")
    return period_containing(date(year, month_number, 1), PeriodType.MONTH, start_month)


def term(academic_start_year: int, name: str) -> Period:
    """A school term of the academic year starting in September `academic_start_year`.

    Terms are fixed approximations of school terms, so that they tile the calendar: autumn is
    September to December, spring January to March, summer April to August. Real term dates
    (and half terms) vary by school and by year; figures reported termly are filed against these.
    """
    try:
        term_name = TermName(name.strip().lower())
    except ValueError:
        raise ValueError(f"a term is autumn, spring or summer, not {name!r}") from None
    first, _ = _TERM_MONTHS[term_name]
    year = academic_start_year if first >= ACADEMIC_YEAR_START_MONTH else academic_start_year + 1
    return period_containing(date(year, first, 1), PeriodType.TERM)


def period_type_for(frequency: Frequency) -> PeriodType:
    """The period a measure of this frequency is reported for: monthly -> month, quarterly ->
    quarter, termly -> term, half-yearly -> half year, annual -> year."""
    return _PERIOD_TYPE_FOR[Frequency(frequency)]


# --- moving between periods ---------------------------------------------------------------


def previous(period: Period) -> Period:
    """The period of the same type just before: it ends the day before `period` starts."""
    return period_containing(period.start - timedelta(days=1), period.type, period.fy_start_month)


def following(period: Period) -> Period:
    """The period of the same type just after: it starts the day after `period` ends."""
    return period_containing(period.end + timedelta(days=1), period.type, period.fy_start_month)


def same_period_last_year(period: Period) -> Period:
    """The period of the same type twelve months earlier: Q2 2018/19 -> Q2 2017/18."""
    return period_containing(_add_months(period.start, -12), period.type, period.fy_start_month)


def same_period_next_year(period: Period) -> Period:
    """The period of the same type twelve months later: Q2 2017/18 -> Q2 2018/19."""
    return period_containing(_add_months(period.start, 12), period.type, period.fy_start_month)


def periods_in(year: Period, period_type: PeriodType) -> list[Period]:
    """The periods of `period_type` that make up `year`, in order: the four quarters of a
    financial year, the twelve months, the three terms of an academic year.

    Works for any period that the smaller periods divide exactly (the months of a quarter).
    Raises ValueError when they do not: terms divide a year only when it starts in January,
    April or September, because terms start in those months.
    """
    period_type = PeriodType(period_type)
    current = period_containing(year.start, period_type, year.fy_start_month)
    parts = [current]
    while current.end < year.end:
        current = following(current)
        parts.append(current)
    if parts[0].start != year.start or parts[-1].end != year.end:
        raise ValueError(f"{year.label} is not made of whole {period_type.replace('_', ' ')}s")
    return parts


# --- date ranges --------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class DateRange:
    """Any run of days, `start` to `end` inclusive: the "data covers" note on a figure."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(
                f"a date range cannot end ({self.end.isoformat()}) "
                f"before it starts ({self.start.isoformat()})"
            )

    @property
    def label(self) -> str:
        """ "Jul 16 - Sep 16"; a single month "Sep 16". A range that does not start on the first
        of a month and end on the last of one shows days: "15 Jul 16 - 30 Sep 16"."""
        if self.start.day == 1 and self.end == _month_end(self.end):
            first, last = _short_month(self.start), _short_month(self.end)
        else:
            first, last = _short_day(self.start), _short_day(self.end)
        return first if first == last else f"{first} - {last}"

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end


def _short_month(d: date) -> str:
    return f"{_MONTH_NAMES[d.month - 1][:3]} {d.year % 100:02d}"


def _short_day(d: date) -> str:
    return f"{d.day} {_short_month(d)}"


def year_to_date(period: Period) -> DateRange:
    """From the start of the period's financial year to the end of the period."""
    return DateRange(period.financial_year.start, period.end)


def rolling_12_months(period: Period) -> DateRange:
    """The twelve whole months ending with the period's last month."""
    return DateRange(_add_months(date(period.end.year, period.end.month, 1), -11), period.end)


# --- reading text -------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Single spaces, and en and em dashes as hyphens; case is left for the messages."""
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").split())


def _four_digit_year(digits: str) -> int:
    """A two-digit year is 1969 to 2068, as Python's strptime reads %y."""
    year = int(digits)
    if len(digits) == 2:
        return year + (2000 if year < 69 else 1900)
    return year


_YEAR = r"(?P<first>\d{4}|\d{2})(?:\s*(?P<separator>[/-])\s*(?P<second>\d{4}|\d{2}))?"
_PART = (
    r"(?:q|quarter)\s*(?P<quarter>\d+)"
    r"|(?:h|half|half\s*-?\s*year)\s*(?P<half>\d+)"
    r"|(?P<term>autumn|spring|summer)(?:\s+term)?"
    r"|(?P<month>[a-z]+)\.?"
)
_FY = r"(?:fy|financial year)"
_BARE_YEAR_RE = re.compile(rf"(?P<fy>{_FY}\s*)?{_YEAR}", re.IGNORECASE)
_PART_FIRST_RE = re.compile(rf"(?:{_PART})[\s,:-]*{_YEAR}", re.IGNORECASE)
_YEAR_FIRST_RE = re.compile(rf"{_YEAR}[\s,:-]*(?:{_PART})", re.IGNORECASE)


@dataclass(frozen=True)
class _YearText:
    first: str
    separator: str | None
    second: str | None

    @classmethod
    def from_match(cls, match: re.Match[str]) -> _YearText:
        return cls(match["first"], match["separator"], match["second"])

    def __str__(self) -> str:
        return self.first if self.second is None else f"{self.first}{self.separator}{self.second}"

    @property
    def is_consecutive_pair(self) -> bool:
        first = _four_digit_year(self.first)
        assert self.second is not None
        if len(self.second) == 4:
            return int(self.second) == first + 1
        return int(self.second) == (first + 1) % 100

    def start_year(self, spans_two_years: bool) -> int:
        """The calendar year a year written like this starts in."""
        first = _four_digit_year(self.first)
        if self.second is None:
            if len(self.first) == 2:
                raise PeriodParseError(f"{self.first!r} is not a year; write it in full")
            if spans_two_years:
                raise PeriodParseError(
                    f"{self.first!r} is a calendar year, but a financial year runs across two: "
                    f"write it as {first}/{(first + 1) % 100:02d}"
                )
            return first
        if not spans_two_years:
            raise PeriodParseError(
                f"{str(self)!r} runs across two years, but years here run January to "
                f"December: write one year, such as {first}"
            )
        if not self.is_consecutive_pair:
            raise PeriodParseError(
                f"{str(self)!r} is not a year: {self.second} does not follow {self.first}"
            )
        return first


def parse_period(
    text: str, start_month: int = 4, *, period_type: PeriodType | None = None
) -> Period:
    """Read a period as councils write it: "Q2 2018/19", "2018-19 Q2", "Quarter 2, 2018/19",
    "Q2 18/19", "2018/19", "2018/2019", "September 2009", "Sep 2009", "2009-09", "H1 2018/19",
    "Autumn term 2018/19", "2018-19 Autumn", and every `Period.label` and `Period.key`.

    Case and spacing do not matter. `start_month` is the month the financial year starts
    (ignored for terms). `period_type`, if given, is the type the text must be; it also settles
    "2010-11", which is both November 2010 and the year 2010/11 and is otherwise refused.
    Raises PeriodParseError saying why the text is not a period.
    """
    _check_start_month(start_month)
    expected = None if period_type is None else PeriodType(period_type)
    normalised = _normalise(text)
    if not normalised:
        raise PeriodParseError("no period given")
    try:
        period = _read_period(normalised, start_month, expected)
    except PeriodParseError:
        raise
    except ValueError as error:
        raise PeriodParseError(f"{text.strip()!r} is not a period: {error}") from None
    if expected is not None and period.type is not expected:
        raise PeriodParseError(
            f"{text.strip()!r} is a {period.type.replace('_', ' ')}, "
            f"not a {expected.replace('_', ' ')}"
        )
    return period


def _read_period(text: str, start_month: int, expected: PeriodType | None) -> Period:
    spans_two_years = start_month != 1
    if match := _BARE_YEAR_RE.fullmatch(text):
        return _read_bare(_YearText.from_match(match), bool(match["fy"]), start_month, expected)
    match = _PART_FIRST_RE.fullmatch(text) or _YEAR_FIRST_RE.fullmatch(text)
    if match is None:
        raise PeriodParseError(
            f"{text!r} is not a period; write it like 'Q2 2018/19', '2018/19', "
            "'September 2009', 'H1 2018/19' or 'Autumn term 2018/19'"
        )
    year = _YearText.from_match(match)
    if match["quarter"] is not None:
        return quarter(year.start_year(spans_two_years), int(match["quarter"]), start_month)
    if match["half"] is not None:
        return half_year(year.start_year(spans_two_years), int(match["half"]), start_month)
    if match["term"] is not None:
        if year.second is None:
            # "Autumn 2018" is the autumn term in 2018; "Spring 2019" the spring term in 2019.
            calendar_year = year.start_year(spans_two_years=False)
            return period_containing(
                date(calendar_year, _TERM_MONTHS[TermName(match["term"].lower())][0], 1),
                PeriodType.TERM,
            )
        return term(year.start_year(spans_two_years=True), match["term"])
    word = match["month"]
    if word.lower() not in _MONTH_NUMBERS:
        raise PeriodParseError(f"{word!r} is not a month, quarter, half year or term")
    if year.second is not None:
        raise PeriodParseError(f"{text!r}: a month is in one calendar year, not {year}")
    return month(year.start_year(spans_two_years=False), _MONTH_NUMBERS[word.lower()], start_month)


def _read_bare(
    year: _YearText, said_fy: bool, start_month: int, expected: PeriodType | None
) -> Period:
    """A year ("2018/19", "2018") or an ISO month ("2009-09")."""
    spans_two_years = start_month != 1
    could_be_month = (
        not said_fy
        and year.separator == "-"
        and len(year.first) == 4
        and year.second is not None
        and len(year.second) == 2
    )
    if not could_be_month:
        return financial_year(year.start_year(spans_two_years), start_month)
    assert year.second is not None
    is_month = 1 <= int(year.second) <= 12
    is_year = spans_two_years and year.is_consecutive_pair
    if expected is PeriodType.MONTH:
        is_year = False
    elif expected is not None:
        is_month = False
    if is_month and is_year:
        first = int(year.first)
        raise PeriodParseError(
            f"{str(year)!r} could be {_MONTH_NAMES[int(year.second) - 1]} {first} or the year "
            f"{first}/{year.second}: write 'Month YYYY' or 'YYYY/YY', or say which type of "
            "period it is"
        )
    if is_month:
        return month(int(year.first), int(year.second), start_month)
    if is_year:
        return financial_year(int(year.first), start_month)
    if expected is PeriodType.YEAR:
        return financial_year(year.start_year(spans_two_years), start_month)  # raises why not
    if expected is PeriodType.MONTH or not spans_two_years:
        raise PeriodParseError(f"{str(year)!r} is not a month: {year.second} is not 01 to 12")
    raise PeriodParseError(
        f"{str(year)!r} is neither a month (YYYY-MM) nor a year "
        f"({year.first}-{(int(year.first) + 1) % 100:02d})"
    )


_ENDPOINT = (
    r"\d{4}-\d{1,2}(?:-\d{1,2})?"  # 2016-07-01, 2016-07
    r"|\d{1,2}/\d{1,2}/\d{4}"  # 01/07/2016, day first
    r"|(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[a-z]+\.?,?\s*\d{2}(?:\d{2})?"  # 1 July 2016, Jul 16
)
_RANGE_RE = re.compile(
    rf"(?P<from>{_ENDPOINT})(?:\s*(?:-|to|until)\s*(?P<to>{_ENDPOINT}))?", re.IGNORECASE
)
_ISO_RE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?")
_UK_DATE_RE = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})")
_WORDS_RE = re.compile(
    r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+)?(?P<name>[a-z]+)\.?,?\s*(?P<year>\d{2}|\d{4})",
    re.IGNORECASE,
)


def _read_endpoint(text: str) -> tuple[date, date]:
    """The first and last day an endpoint can mean: a whole month, or one day."""
    match = _ISO_RE.fullmatch(text) or _UK_DATE_RE.fullmatch(text)
    if match is not None:
        year, month_number = int(match["year"]), int(match["month"])
    else:
        match = _WORDS_RE.fullmatch(text)
        assert match is not None  # the range pattern only lets through these three forms
        name = match["name"].lower()
        if name not in _MONTH_NUMBERS:
            raise PeriodParseError(f"{match['name']!r} is not a month")
        year, month_number = _four_digit_year(match["year"]), _MONTH_NUMBERS[name]
    try:
        if match["day"] is None:
            first = date(year, month_number, 1)
            return first, _month_end(first)
        day = date(year, month_number, int(match["day"]))
    except ValueError:
        raise PeriodParseError(f"{text!r} is not a date") from None
    return day, day


def parse_date_range(text: str) -> DateRange:
    """Read a "data covers" note: "Jul 15 - Sep 15", "Apr 17 to Mar 18", "Jul 17- Jun 18",
    "April 2016 - June 2016", "2016-07-01 to 2016-09-30", "01/07/2016 - 30/09/2016", or one
    month ("Sep 16") or day. A month runs from its first day (at the start of a range) or to its
    last day (at the end). Two-digit years are 1969 to 2068. Raises PeriodParseError."""
    normalised = _normalise(text)
    match = _RANGE_RE.fullmatch(normalised)
    if match is None:
        raise PeriodParseError(
            f"{text.strip()!r} is not a date range; write it like 'Jul 16 - Sep 16', "
            "'April 2016 - June 2016' or '2016-07-01 to 2016-09-30'"
        )
    start, end = _read_endpoint(match["from"])
    if match["to"] is not None:
        _, end = _read_endpoint(match["to"])
    if end < start:
        raise PeriodParseError(
            f"{text.strip()!r} ends ({end.isoformat()}) before it starts ({start.isoformat()})"
        )
    return DateRange(start, end)
