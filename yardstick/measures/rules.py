"""The rules every figure and target meets, at every door.

The entry form and its live preview, "Check the rating", corrections, sign-off, the admin, the
importer, the demo and the API all ask `figure_problems` (or `target_problems`), and the
services in `yardstick.measures.services` refuse what these find, so the same value gets the
same answer in the same words wherever it is typed (measures/tests/test_doors.py sends the
same values through every door). A caller that has asked already (the importer, reading its
file) hands the service the proof (`Checked`, from `check_figure`) instead of having the same
figure asked twice; the proof covers one measure, period, entry and day, and the service asks
again about anything else. The value rules themselves are the core's
(`yardstick.core.quality.validate_value`); this module adds what needs the measure and the
period: the measure's own limits, whether it reports for that kind of period, the dates and
lengths a person can type.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from yardstick.core.forecast import can_forecast
from yardstick.core.periods import DateRange, Frequency, PeriodType, period_type_for
from yardstick.core.quality import Problem, validate_value
from yardstick.core.ratings import SchemeKind, ToleranceScheme
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.targets import TargetKind
from yardstick.core.values import (
    DIGITS,
    PLACES,
    WHOLE_DIGITS,
    CollectionType,
    Missing,
    Value,
    ValueParseError,
    ValueType,
    fits,
    parse_value,
)

# What a person can type, bounded.
NOTE_LENGTH = 300
COMMENTARY_LENGTH = 5000
OUTLIER_NOTE_LENGTH = 2000
REASON_LENGTH = 2000
FIRST_YEAR = 1970  # no council reports on a period before this
YEARS_AHEAD = 10  # targets are set for years ahead; nothing further than this


@dataclass(frozen=True)
class FigureInput:
    """What a door was given for a figure, before it is kept: the value (or why there is
    none), its note, the commentary, what the data covers, and an unusual figure's check."""

    value: Value | Missing | None
    note: str = ""
    commentary: str = ""
    commentary_published: bool = False  # the public measure page may show the commentary
    proposed_action: str = ""
    data_covers_start: date | None = None
    data_covers_end: date | None = None
    # The owner checked a figure the data quality rules flag as unusual, and said why.
    outlier_confirmed: bool = False
    outlier_note: str = ""
    # The owner's own year-end forecast (a cumulative measure's), and why they know better.
    forecast: Value | None = None
    forecast_reason: str = ""


AGREED_BY_LENGTH = 120
TARGET_SOURCE_LENGTH = 200  # a target's source: "Profiled evenly from the year's 120"
BY_HAND_LENGTH = 200  # a profile's shares by hand: twelve months of "8.35%, " fit


@dataclass(frozen=True)
class Agreement:
    """A target's agreement: agreed (False for a proposal, which rates nothing), by whom and
    when (the partnership report's "Target agreed")."""

    agreed: bool = True
    agreed_by: str = ""
    agreed_on: date | None = None


def agreement_problems(agreement: Agreement, as_of: date) -> list[Problem]:
    """Who agreed a target fits its box; the date is a real one, not in the future; a
    proposal has not been agreed by anyone yet."""
    problems = []
    if len(agreement.agreed_by) > AGREED_BY_LENGTH:
        problems.append(
            Problem("agreed_by", f"Say who agreed it in {AGREED_BY_LENGTH} characters or fewer.")
        )
    when = agreement.agreed_on
    if when is not None and (when.year < FIRST_YEAR or when > as_of):
        problems.append(
            Problem("agreed_on", f"The date it was agreed must be between {FIRST_YEAR} and today.")
        )
    if not agreement.agreed and (agreement.agreed_by or when is not None):
        problems.append(
            Problem(
                "agreed",
                "A proposed target has not been agreed: leave who agreed it and when blank, "
                "or mark it agreed.",
            )
        )
    return problems


def agreeing_problems(agreement: Agreement, as_of: date) -> list[Problem]:
    """Agreeing a proposed target (the target agreement page): `agreement_problems`, and it
    says who agreed it and when, since an agreement with neither is no record of one."""
    problems = agreement_problems(agreement, as_of)
    if not agreement.agreed:
        problems.append(Problem("agreed", "Agreeing a target marks it agreed."))
    if not agreement.agreed_by.strip():
        problems.append(
            Problem("agreed_by", "Say who agreed it: a person or a body, such as 'Cabinet'.")
        )
    if agreement.agreed_on is None:
        problems.append(Problem("agreed_on", "Say when it was agreed."))
    return problems


def latest_day(as_of: date) -> date:
    return date(as_of.year + YEARS_AHEAD, 12, 31)


def period_problems(measure, period, as_of: date, *, year_too: bool = False) -> list[Problem]:
    """A figure or target for `measure` in `period`: the measure reports for that kind of
    period (a target may also be for a whole financial year: `year_too`, the year's target
    that quarters are profiled from), and the period is one a council could report on."""
    problems = []
    wanted = period_type_for(Frequency(measure.frequency))
    if period.type != wanted and not (year_too and period.type == PeriodType.YEAR):
        kind = str(period.type).replace("_", " ")
        frequency = str(measure.frequency).replace("_", " ")
        problems.append(
            Problem(
                "period",
                f"{period.label} is a {kind}, but {measure.code} reports {frequency}: give a "
                f"{str(wanted).replace('_', ' ')}.",
            )
        )
    if period.start.year < FIRST_YEAR or period.end > latest_day(as_of):
        problems.append(
            Problem(
                "period",
                f"{period.label} is outside the years Yardstick keeps figures for "
                f"({FIRST_YEAR} to {as_of.year + YEARS_AHEAD}).",
            )
        )
    return problems


def value_problems(measure, value) -> list[Problem]:
    """The core's rules for a figure, with the measure's own lowest and highest figure."""
    if not isinstance(value, Value):
        return []
    return validate_value(value, minimum=measure.minimum, maximum=measure.maximum)


def length_problems(field: str, text: str, limit: int, what: str) -> list[Problem]:
    if len(text) <= limit:
        return []
    return [
        Problem(field, f"{what} is {len(text):,} characters long; it can be at most {limit:,}.")
    ]


def text_problems(entry) -> list[Problem]:
    return [
        *length_problems("note", entry.note, NOTE_LENGTH, "The note"),
        *length_problems("commentary", entry.commentary, COMMENTARY_LENGTH, "The commentary"),
        *length_problems(
            "proposed_action", entry.proposed_action, COMMENTARY_LENGTH, "The proposed action"
        ),
        *length_problems("outlier_note", entry.outlier_note, OUTLIER_NOTE_LENGTH, "The note"),
    ]


def covers_problems(start: date | None, end: date | None, as_of: date) -> list[Problem]:
    """The period a figure's data covers: both dates or neither, in order, within bounds."""
    if start is None and end is None:
        return []
    if start is None or end is None:
        return [Problem("data_covers", "Give both dates the data covers, or neither.")]
    if end < start:
        return [Problem("data_covers", "The data cannot end before it starts.")]
    if start.year < FIRST_YEAR or end > latest_day(as_of):
        return [
            Problem(
                "data_covers",
                f"{DateRange(start, end).label} is outside the years Yardstick keeps figures "
                f"for ({FIRST_YEAR} to {as_of.year + YEARS_AHEAD}).",
            )
        ]
    return []


def figure_problems(measure, period, entry: FigureInput, as_of: date) -> list[Problem]:
    """Everything wrong with `entry` as `measure`'s figure for `period`, for a person: the
    period, the value (its type's range, the measure's limits, what can be kept, the counts),
    the dates the data covers, the lengths of the texts and the owner's forecast; [] when
    there is nothing."""
    return [
        *period_problems(measure, period, as_of),
        *value_problems(measure, entry.value),
        *covers_problems(entry.data_covers_start, entry.data_covers_end, as_of),
        *text_problems(entry),
        *forecast_problems(measure, entry.forecast, entry.forecast_reason),
    ]


@dataclass(frozen=True, eq=False)
class Checked:
    """What `check_figure` found nothing wrong with: this measure (the very object), the
    period keyed, this entry (frozen), on this day. The service that writes a figure asks the
    rules again unless the proof `covers` exactly what it is about to write, so a figure read
    once from an import file is checked once, and nothing unchecked is written."""

    measure: object
    period_key: str
    entry: FigureInput
    as_of: date

    def covers(self, measure, period, entry: FigureInput, as_of: date) -> bool:
        return (
            self.measure is measure
            and self.entry is entry
            and self.period_key == period.key
            and self.as_of == as_of
        )


def check_figure(
    measure, period, entry: FigureInput, as_of: date
) -> tuple[list[Problem], Checked | None]:
    """`figure_problems`, and when there are none the proof of it (`Checked`) a caller hands
    the service with the figure."""
    problems = figure_problems(measure, period, entry, as_of)
    return problems, None if problems else Checked(measure, period.key, entry, as_of)


def forecasts_for(measure) -> bool:
    """Whether `measure` has year-end forecasts: a cumulative (year-to-date) measure whose
    figure can be forecast (`core.forecast.can_forecast`: not a date nor a yes/no answer)."""
    return measure.collection_type == CollectionType.CUMULATIVE and can_forecast(measure.value_type)


def read_forecast(text: str, value_type: str) -> Value | None:
    """The owner's forecast as typed, in the measure's type ('£1,200', '85%'); None when
    blank. ValueParseError, saying why, for anything else, and for a reason for no figure
    ('-', 'Not available'): a forecast is a figure."""
    text = (text or "").strip()
    if not text:
        return None
    value = parse_value(text, ValueType(value_type))
    if not isinstance(value, Value):
        raise ValueParseError(f"'{text}' is not a forecast: give the figure you expect")
    return Value(value.amount, value.value_type, decimals=value.decimals)


def forecast_problems(measure, forecast: Value | None, reason: str) -> list[Problem]:
    """The owner's year-end forecast: only for a measure with forecasts (`forecasts_for`),
    given with its reason (and a reason only with a forecast), the reason within its length,
    the figure bounded as the measure's figures are (`value_problems`)."""
    problems = length_problems("forecast_reason", reason, REASON_LENGTH, "The reason")
    if forecast is None:
        if reason:
            problems.append(
                Problem("forecast", "Give the forecast the reason is for, or clear the reason.")
            )
        return problems
    if not forecasts_for(measure):
        return [
            Problem(
                "forecast",
                f"{measure.code} has no year-end forecast: only a cumulative (year-to-date) "
                "measure of a count, money, a percentage, a rate, a ratio or a time has one.",
            )
        ]
    if not reason:
        problems.append(
            Problem(
                "forecast_reason",
                "Say why you forecast a different year end: a forecast needs its reason.",
            )
        )
    return problems + [
        Problem("forecast", f"The forecast: {problem.message}")
        for problem in value_problems(measure, forecast)
    ]


TARGET_AMOUNTS = ("value", "low", "high", "change_amount", "change_percent")
THRESHOLDS = ("high_green", "amber", "low_red", "absolute_tolerance")


def amount_problem(field: str, amount) -> Problem | None:
    if amount is None or fits(amount):
        return None
    return Problem(
        field,
        f"{amount} does not fit: up to {WHOLE_DIGITS} digits before the decimal point and "
        f"{PLACES} after, {DIGITS} in all.",
    )


def target_problems(measure, period, target: CoreTarget, as_of: date) -> list[Problem]:
    """Everything wrong with `target` as `measure`'s target for `period`."""
    problems = list(period_problems(measure, period, as_of, year_too=True))
    for name in TARGET_AMOUNTS:
        problem = amount_problem("target", getattr(target, name))
        if problem is not None:
            problems.append(problem)
    return problems + shape_problems(target)


def shape_problems(target: CoreTarget) -> list[Problem]:
    """What a target lacks to be a target: its value, both ends of a range the right way up,
    one size of change."""
    problems = unusable_problems(target)
    if target.kind == TargetKind.RANGE and not problems and target.low > target.high:
        problems.append(Problem("target", "The low end of a range cannot be above its high end."))
    return problems


def unusable_problems(target: CoreTarget) -> list[Problem]:
    """Why the core can neither rate nor print `target`: a value target without its value, a
    range without an end, a change by both an amount and a percentage. Every door refuses
    these; `measures.assessment.core_target` reads a stored one (an old row, a bug) as no
    target."""
    problems = []
    if target.kind == TargetKind.VALUE and target.value is None:
        problems.append(Problem("target", "A value target needs its value."))
    if target.kind == TargetKind.RANGE and (target.low is None or target.high is None):
        problems.append(Problem("target", "A range target needs both ends."))
    if target.change_amount is not None and target.change_percent is not None:
        problems.append(
            Problem("target", "A change target has a percentage or an amount, not both.")
        )
    return problems


def scheme_problems(kind: str, high_green, amber, low_red, absolute_tolerance) -> list[Problem]:
    """A tolerance scheme the core can use: thresholds that fit, none negative, Amber not above
    Low Red."""
    amounts = tuple(
        Decimal(amount) if isinstance(amount, int) else amount
        for amount in (high_green, amber, low_red, absolute_tolerance)
    )
    high_green, amber, low_red, absolute_tolerance = amounts
    problems = [
        problem
        for name, amount in zip(THRESHOLDS, amounts, strict=True)
        if (problem := amount_problem(name, amount)) is not None
    ]
    if problems:
        return problems
    try:
        ToleranceScheme(
            kind=SchemeKind(kind),
            high_green=high_green,
            amber=amber,
            low_red=low_red,
            absolute_tolerance=absolute_tolerance,
        )
    except (ValueError, TypeError) as error:
        return [Problem("scheme", str(error))]
    return []
