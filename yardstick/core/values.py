"""Values as councils print them, and the states that stand in for a missing value.

Reading (``parse_value``, ``parse_note``) and printing (``format_amount``, ``format_value``)
are inverses: what Yardstick prints, it reads back to the same value. The rounding rules are
``round_half_up`` and ``ratio_amount``, here and nowhere else. The rules are written out with
worked examples in docs/calculations.md ("Values and targets").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum
from fractions import Fraction


class ValueType(StrEnum):
    NUMBER = "number"
    PERCENTAGE = "percentage"
    CURRENCY = "currency"
    RATE = "rate"  # rate per N (per 1,000, per 100,000 ...)
    RATIO = "ratio"
    DURATION = "duration"  # amount in seconds
    YES_NO = "yes_no"  # amount 1 for yes, 0 for no
    DATE = "date"  # amount is the proleptic Gregorian ordinal of the date


class MissingState(StrEnum):
    NOT_YET_DUE = "not_yet_due"
    NOT_AVAILABLE = "not_available"
    IN_ARREARS = "in_arrears"
    BASELINE = "baseline"  # 'BL': baseline being established this year
    NEW = "new"  # new this year: no figure for earlier periods


class CollectionType(StrEnum):
    PERIOD = "period"  # the figure covers the period alone
    CUMULATIVE = "cumulative"  # year to date
    ROLLING_12_MONTHS = "rolling_12_months"
    SNAPSHOT = "snapshot"  # a count or proportion on a given day


@dataclass(frozen=True)
class Value:
    """A figure. ``amount`` is what is rated; percentages are in points (38.7, not 0.387)."""

    amount: Decimal
    value_type: ValueType = ValueType.NUMBER
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    decimals: int | None = None  # places as printed; None means as many as the amount has


@dataclass(frozen=True)
class Missing:
    """No figure, and why: a state with an optional note ("Data not currently available")."""

    state: MissingState
    note: str = ""


class ValueParseError(ValueError):
    """A printed value that cannot be read; the message says why, for a person."""


MISSING_LABELS = {
    MissingState.NOT_YET_DUE: "Not yet due",
    MissingState.NOT_AVAILABLE: "Not available",
    MissingState.IN_ARREARS: "Reported in arrears",
    MissingState.BASELINE: "Baseline being established",
    MissingState.NEW: "New this year",
}

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# Rounding: every rounding rule in Yardstick lives in this section.

RATIO_PLACES = 6  # a ratio 'a:b' whose quotient runs on is rounded to this many places

# What Yardstick keeps of a figure, a count or a target: up to this many digits before the
# point, this many after, and this many in all (the database's columns hold 20 digits, 6 of
# them places; SQLite keeps a decimal as a binary fraction, exact to 15 significant digits,
# so a longer figure would be kept exactly on PostgreSQL and rounded on SQLite). A figure that
# does not fit is refused where it is typed, never rounded or cut.
WHOLE_DIGITS = 14
PLACES = 6
DIGITS = 15
LARGEST = Decimal(10) ** WHOLE_DIGITS
# The largest amount that fits: 99999999999999.9 (the database refuses a larger one).
LARGEST_KEPT = LARGEST - Decimal(10) ** (WHOLE_DIGITS - DIGITS)


def places_of(amount: Decimal) -> int:
    """The places an amount needs after the point, padding zeros left out: 13.10 -> 1."""
    return max(-amount.normalize().as_tuple().exponent, 0)


def fits(amount: Decimal | None) -> bool:
    """Whether an amount can be kept exactly: finite, under 10^14 in size, at most 6 places
    and 15 digits in all."""
    if amount is None:
        return True
    if not amount.is_finite() or abs(amount) >= LARGEST:
        return False
    # Its places (as places_of) and significant digits, padding zeros left out (1200.50 has
    # 5), from one look at the digits: every figure of an import passes here, twice.
    _, digits, exponent = amount.normalize().as_tuple()
    return max(-exponent, 0) <= PLACES and len(digits) <= DIGITS


def kept_decimals(value: Value) -> int | None:
    """The places a figure is kept and printed with: those it was typed with, so it prints as
    it was reported ('13.10%' keeps 2, '16%' keeps 0, never the measure's default). A ratio
    typed as its terms keeps none, so it prints as its terms ('1:4')."""
    if value.decimals is not None:
        return value.decimals
    if value.value_type == ValueType.RATIO and value.numerator is not None:
        return None
    return max(-value.amount.as_tuple().exponent, 0)


def round_half_up(amount: Decimal, decimals: int) -> Decimal:
    """``amount`` rounded to ``decimals`` places, halves away from zero.

    2.5 -> 3, -2.5 -> -3, 13.05 to 1 place -> 13.1. Exact at any size: no context limit.
    """
    digits = max(amount.adjusted(), 0) + decimals + 2
    return amount.quantize(
        Decimal(f"1E{-decimals}"), rounding=ROUND_HALF_UP, context=Context(prec=max(digits, 28))
    )


def ratio_amount(numerator: Decimal, denominator: Decimal) -> Decimal:
    """``numerator`` / ``denominator``, exactly when the quotient ends within ``RATIO_PLACES``
    places ('1:4' -> 0.25, '2:1' -> 2), otherwise rounded half up to ``RATIO_PLACES`` places
    ('1:3' -> 0.333333, '2:3' -> 0.666667). Raises ZeroDivisionError for a zero denominator."""
    scaled = Fraction(numerator) / Fraction(denominator) * 10**RATIO_PLACES
    sign = "-" if scaled < 0 else ""
    scaled = abs(scaled)
    whole, remainder = divmod(scaled.numerator, scaled.denominator)
    places = RATIO_PLACES
    if remainder:
        whole += 2 * remainder >= scaled.denominator
    else:
        while places and whole % 10 == 0:
            whole //= 10
            places -= 1
    return Decimal(f"{sign}{whole}E-{places}")


def _places(amount: Decimal, decimals: int | None) -> Decimal:
    """The amount rounded to ``decimals`` places, or as given when None; never negative zero."""
    if decimals is not None:
        amount = round_half_up(amount, decimals)
    return amount.copy_abs() if amount.is_zero() else amount


# Printing.


def _grouped(amount: Decimal) -> str:
    """Fixed-point digits with thousands separators: 35000 -> '35,000', 1E+3 -> '1,000'."""
    return format(_places(amount, None), ",f")


def _duration(seconds: Decimal) -> str:
    sign = "-" if seconds < 0 else ""
    whole, point, fraction = format(seconds.copy_abs(), "f").partition(".")
    hours, rest = divmod(int(whole), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}{point}{fraction}"
    return f"{sign}{minutes:02d}:{secs:02d}{point}{fraction}"


LAST_DAY = date.max.toordinal()


def _date(ordinal: Decimal) -> str:
    """A day's number as the day ('12 Mar 2019'); a number that is no day's (an old row, a
    bug: the rules refuse one) as the number it is, so printing it never fails."""
    whole = _places(ordinal, 0)
    if not 1 <= whole <= LAST_DAY:
        return _grouped(ordinal)
    day = date.fromordinal(int(whole))
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year:04d}"


def format_amount(
    amount: Decimal, value_type: ValueType = ValueType.NUMBER, decimals: int | None = None
) -> str:
    """An amount as a council prints it.

    Percentages are in points ('16%', '13.1%'); numbers, rates and ratios have thousands
    separators ('35,000', '6.7', '0.97'); durations are seconds shown as mm:ss ('01:36') or
    h:mm:ss ('1:02:03'); currency is pounds ('£1,234.56', '-£5'); yes/no is 'No' for zero and
    'Yes' for anything else; a date is its proleptic ordinal shown as '12 Mar 2019' (an
    amount that is no day's number, below 1 or past 31 Dec 9999, is shown as a number).

    ``decimals=None`` keeps the places the amount has ('13.10' stays '13.10'; only exponent
    forms such as 1E+3 are written out); ``decimals=N`` rounds half up to N places. Dates are
    whole days and ignore ``decimals``.
    """
    if not amount.is_finite():
        raise ValueError(f"{amount} is not a figure that can be printed")
    value_type = ValueType(value_type)
    if value_type == ValueType.YES_NO:
        return "No" if amount.is_zero() else "Yes"
    if value_type == ValueType.DATE:
        return _date(amount)
    amount = _places(amount, decimals)
    if value_type == ValueType.DURATION:
        return _duration(amount)
    if value_type == ValueType.PERCENTAGE:
        return f"{_grouped(amount)}%"
    if value_type == ValueType.CURRENCY:
        sign = "-" if amount < 0 else ""
        return f"{sign}£{_grouped(amount.copy_abs())}"
    return _grouped(amount)


def missing_label(state: MissingState) -> str:
    """What a scorecard shows for a missing figure: 'Not yet due', 'Not available' ..."""
    return MISSING_LABELS[MissingState(state)]


def _printed_as_ratio(value: Value, places: int | None) -> bool:
    """A ratio read from 'a:b' prints back as 'a:b', unless decimals are asked for."""
    numerator, denominator = value.numerator, value.denominator
    return (
        value.value_type == ValueType.RATIO
        and places is None
        and numerator is not None
        and denominator is not None
        and numerator >= 0
        and denominator > 0
        and ratio_amount(numerator, denominator) == value.amount
    )


def format_value(value: Value | Missing | None, decimals: int | None = None) -> str:
    """A value back in its printed form: '38.7% (53/137)', '52 (223)', '01:36', '1:4'.

    ``decimals`` overrides the value's own ``decimals``. A count prints in brackets after the
    amount, '(223)', or with its denominator, '(53/137)'; a denominator alone is not printed.
    A missing value prints its label, with its note in brackets when it has one
    ('Not available (Data not currently available)'); None prints ''.
    """
    if value is None:
        return ""
    if isinstance(value, Missing):
        label = missing_label(value.state)
        if value.note and value.note.casefold() != label.casefold():
            return f"{label} ({value.note})"
        return label
    places = value.decimals if decimals is None else decimals
    if _printed_as_ratio(value, places):
        return f"{_grouped(value.numerator)}:{_grouped(value.denominator)}"
    text = format_amount(value.amount, value.value_type, places)
    if value.numerator is None:
        return text
    if value.denominator is None:
        return f"{text} ({_grouped(value.numerator)})"
    return f"{text} ({_grouped(value.numerator)}/{_grouped(value.denominator)})"


# Reading.

NUMBER_PATTERN = r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
_NUMBER_RE = re.compile(NUMBER_PATTERN)
_COUNT_RE = re.compile(
    r"(?P<main>.*?\S)\s*\(\s*(?P<first>[^()/]*?)\s*(?:/\s*(?P<second>[^()/]*?)\s*)?\)"
)
_DURATION_RE = re.compile(
    r"(?P<sign>[+-]?)(?:(?P<hours>\d+):(?P<minutes>\d{2})|(?P<mins>\d+))"
    r":(?P<seconds>\d{2})(?:\.(?P<fraction>\d+))?"
)
_RATIO_RE = re.compile(r"(?P<first>[\d,.]+)\s*:\s*(?P<second>[\d,.]+)")
_DATE_RES = (
    re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(r"(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?\s+(?P<year>\d{4})"),
)
_DASHES = ("-", "–", "—")
_FOOTNOTE_RE = re.compile(r"notes?\s*\d+\b.*", re.IGNORECASE)
_LABEL_WITH_NOTE_RE = re.compile(r"(?P<label>[^()]+?)\s*\((?P<note>.*)\)")
_NOTE_RULES = (
    (re.compile(r"\barrears\b"), MissingState.IN_ARREARS),
    (re.compile(r"\bnot (?:yet )?due\b|\breports? in .*\bonly\b"), MissingState.NOT_YET_DUE),
    (
        re.compile(r"\bnot (?:currently |yet )?available\b|\bno (?:reports|data)\b|^n/a$"),
        MissingState.NOT_AVAILABLE,
    ),
    (re.compile(r"^new\b"), MissingState.NEW),
    (re.compile(r"^bl$|^baseline\b"), MissingState.BASELINE),
)


@dataclass(frozen=True)
class Amount:
    """One printed amount as read, before any count in brackets."""

    amount: Decimal
    value_type: ValueType
    decimals: int | None = None
    numerator: Decimal | None = None  # a ratio's terms when read from 'a:b'
    denominator: Decimal | None = None


def _number(digits: str, printed: str, kind: str = "a number") -> tuple[Decimal, int | None]:
    """Digits with optional sign, thousands separators and decimal point, and their places."""
    if not _NUMBER_RE.fullmatch(digits):
        raise ValueParseError(f"'{printed}' is not {kind}")
    _, point, fraction = digits.partition(".")
    return Decimal(digits.replace(",", "")), len(fraction) if point else None


def _read_number(text: str, value_type: ValueType) -> Amount:
    kind = {ValueType.RATE: "a rate", ValueType.RATIO: "a ratio"}.get(value_type, "a number")
    amount, decimals = _number(text, text, kind)
    return Amount(amount, value_type, decimals)


def _read_percentage(text: str) -> Amount:
    amount, decimals = _number(text.removesuffix("%").rstrip(), text, "a percentage")
    return Amount(amount, ValueType.PERCENTAGE, decimals)


def _read_currency(text: str) -> Amount:
    digits = re.sub(r"^([+-]?)£\s*", r"\1", text)
    amount, decimals = _number(digits, text, "an amount in pounds")
    return Amount(amount, ValueType.CURRENCY, decimals)


def _read_ratio(text: str) -> Amount:
    match = _RATIO_RE.fullmatch(text)
    if not match:
        return _read_number(text, ValueType.RATIO)
    numerator, _ = _number(match["first"], text, "a ratio")
    denominator, _ = _number(match["second"], text, "a ratio")
    if denominator.is_zero():
        raise ValueParseError(f"'{text}' is not a ratio: its second term is zero")
    return Amount(
        ratio_amount(numerator, denominator), ValueType.RATIO, None, numerator, denominator
    )


def _read_duration(text: str) -> Amount:
    match = _DURATION_RE.fullmatch(text)
    if not match:
        raise ValueParseError(f"'{text}' is not a duration (mm:ss or h:mm:ss)")
    hours = int(match["hours"] or 0)
    minutes = int(match["minutes"] or match["mins"])
    seconds = int(match["seconds"])
    if seconds > 59 or (match["hours"] and minutes > 59):
        raise ValueParseError(f"'{text}' is not a duration: minutes and seconds go up to 59")
    fraction = match["fraction"]
    whole = hours * 3600 + minutes * 60 + seconds
    amount = Decimal(
        f"{match['sign']}{whole}.{fraction}" if fraction else f"{match['sign']}{whole}"
    )
    return Amount(amount, ValueType.DURATION, len(fraction) if fraction else None)


def _read_yes_no(text: str) -> Amount:
    answer = text.casefold()
    if answer in ("yes", "y"):
        return Amount(Decimal(1), ValueType.YES_NO)
    if answer in ("no", "n"):
        return Amount(Decimal(0), ValueType.YES_NO)
    raise ValueParseError(f"'{text}' is not Yes or No")


def _month(text: str) -> int:
    """A month's number from its name or abbreviation ('Mar', 'March', 'Sept'); 0 if neither."""
    if text.isdigit():
        return int(text)
    folded = text.casefold()
    for number, name in enumerate(MONTHS, start=1):
        if folded in (name.casefold(), name[:3].casefold(), name[:4].casefold()):
            return number
    return 0


def _date_match(text: str) -> re.Match[str] | None:
    return next((match for pattern in _DATE_RES if (match := pattern.fullmatch(text))), None)


def _read_date(text: str) -> Amount:
    match = _date_match(text)
    if not match:
        raise ValueParseError(
            f"'{text}' is not a date (such as 12/03/2019, 2019-03-12 or 12 Mar 2019)"
        )
    try:
        day = date(int(match["year"]), _month(match["month"]), int(match["day"]))
    except ValueError:
        raise ValueParseError(f"'{text}' is not a real date") from None
    return Amount(Decimal(day.toordinal()), ValueType.DATE)


_READERS = {
    ValueType.PERCENTAGE: _read_percentage,
    ValueType.CURRENCY: _read_currency,
    ValueType.RATIO: _read_ratio,
    ValueType.DURATION: _read_duration,
    ValueType.YES_NO: _read_yes_no,
    ValueType.DATE: _read_date,
}


def _shown_type(text: str) -> ValueType:
    """The type a printed value shows by its form; NUMBER when it shows none."""
    if text.endswith("%"):
        return ValueType.PERCENTAGE
    if "£" in text:
        return ValueType.CURRENCY
    if ":" in text:
        return ValueType.DURATION
    if text.casefold() in ("yes", "no"):
        return ValueType.YES_NO
    if _date_match(text):
        return ValueType.DATE
    if not any(character.isdigit() for character in text):
        raise ValueParseError(
            f"'{text}' is not a value: expected a number, a percentage, an amount in pounds,"
            " a duration, a date or Yes/No"
        )
    return ValueType.NUMBER


def read_amount(text: str, value_type: ValueType | None = None) -> Amount:
    """One printed amount, with no count in brackets, read in ``value_type`` or, when that is
    None, in the type its form shows. Raises ValueParseError saying why it cannot be read."""
    text = text.strip()
    value_type = _shown_type(text) if value_type is None else ValueType(value_type)
    reader = _READERS.get(value_type)
    return reader(text) if reader else _read_number(text, value_type)


def parse_note(text: str | None) -> Missing | None:
    """The missing state a note printed in place of a figure or a rating stands for.

    'BL' is a baseline year; 'New in 2018/19' is new; 'Data not currently available' is not
    available; '... reported at least 3 months in arrears' is in arrears; 'Reports in Q1 only'
    and 'not yet due' are not yet due. The note is kept as printed, except a bare 'BL' or the
    state's own label; 'Label (note)', as ``format_value`` prints it, reads back as that note.
    A footnote reference ('Note 1'), '-' and any other text give None: the caller looks a
    footnote up and reads its text.
    """
    text = (text or "").strip()
    labelled = _LABEL_WITH_NOTE_RE.fullmatch(text)
    if labelled:
        for state, label in MISSING_LABELS.items():
            if labelled["label"].casefold() == label.casefold():
                return Missing(state, labelled["note"].strip())
    folded = text.casefold()
    for pattern, state in _NOTE_RULES:
        if pattern.search(folded):
            bare = folded in ("bl", MISSING_LABELS[state].casefold())
            return Missing(state, "" if bare else text)
    return None


def _count(part: str | None, text: str) -> Decimal | None:
    if part is None:
        return None
    kind = "a value with a count in brackets, such as '52 (223)' or '38.7% (53/137)'"
    amount, _ = _number(part, text, kind)
    return amount


def parse_value(text: str | None, value_type: ValueType | None = None) -> Value | Missing | None:
    """A value as printed: '38.7% (53/137)', '52 (223)', '01:36', '35,000', '£1,234.56' ...

    Blank is None; a dash is not available; 'BL' and the other notes ``parse_note`` reads are
    missing states. With ``value_type`` the text is read in that type; without, in the type its
    form shows ('%', '£', mm:ss, a date, Yes/No), else as a number, and a plain number with a
    count in brackets is a rate. Unreadable text raises ValueParseError saying why.
    """
    text = (text or "").strip()
    if not text:
        return None
    if text in _DASHES:
        return Missing(MissingState.NOT_AVAILABLE)
    missing = parse_note(text)
    if missing is not None:
        return missing
    if _FOOTNOTE_RE.fullmatch(text):
        raise ValueParseError(f"'{text}' refers to a footnote: read the footnote's text instead")
    counted = _COUNT_RE.fullmatch(text)
    if not counted:
        read = read_amount(text, value_type)
        return Value(read.amount, read.value_type, read.numerator, read.denominator, read.decimals)
    read = read_amount(counted["main"], value_type)
    if read.numerator is not None:
        raise ValueParseError(f"'{text}' gives a ratio's terms twice")
    numerator = _count(counted["first"], text)
    denominator = _count(counted["second"], text)
    found_type = read.value_type
    if value_type is None and found_type == ValueType.NUMBER and denominator is None:
        found_type = ValueType.RATE
    return Value(read.amount, found_type, numerator, denominator, read.decimals)
