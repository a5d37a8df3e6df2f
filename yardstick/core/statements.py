"""A measure's data quality statement: the Audit Commission's six dimensions of data quality
(Improving information to support decision making, 2007), an assessment of each, the data
quality risk and when the statement is next reviewed. Pure rules: what a statement must say
before it is signed off, and when its review is overdue. docs/calculations.md ("Data quality
statements") sets them out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

TEXT_LIMIT = 2000  # each dimension's text: a paragraph or two


class Dimension(StrEnum):
    ACCURACY = "accuracy"
    VALIDITY = "validity"
    RELIABILITY = "reliability"
    TIMELINESS = "timeliness"
    RELEVANCE = "relevance"
    COMPLETENESS = "completeness"


# What each dimension asks of the data, in the Audit Commission's words (shortened).
DIMENSION_QUESTIONS = {
    Dimension.ACCURACY: "Is the data accurate enough for its purpose, and captured once, as "
    "close to the point of activity as possible?",
    Dimension.VALIDITY: "Is the data recorded and used as the measure's definition requires?",
    Dimension.RELIABILITY: "Is the data collected the same way over time and across teams, so "
    "that changes are real?",
    Dimension.TIMELINESS: "Is the data available soon enough after the period to be used?",
    Dimension.RELEVANCE: "Does the data measure what the council needs to know?",
    Dimension.COMPLETENESS: "Is all the data there is recorded, with nothing missing or "
    "counted twice?",
}


class Assessment(StrEnum):
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"


ASSESSMENT_LABELS = {
    Assessment.MET: "Met",
    Assessment.PARTLY: "Partly met",
    Assessment.NOT_MET: "Not met",
}


class DataQualityRisk(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class Problem:
    field: str  # the field it concerns ("" for the statement as a whole)
    message: str


def review_overdue(review_date: date | None, today: date) -> bool:
    """A review is overdue once its date has passed: due on 31 March, overdue on 1 April."""
    return review_date is not None and review_date < today


def sign_off_problems(
    texts: Mapping[str, str], risk: str, review_date: date | None, today: date
) -> list[Problem]:
    """What a statement lacks before it may be signed off ([] when nothing): a text for
    every dimension, a risk rating and a review date after today (a statement signed off
    with its review already due would be overdue at once)."""
    problems = [
        Problem(dimension.value, f"Say how the data meets {dimension.value}.")
        for dimension in Dimension
        if not (texts.get(dimension.value) or "").strip()
    ]
    if not risk:
        problems.append(Problem("risk", "Give the data quality risk: low, medium or high."))
    if review_date is None:
        problems.append(Problem("review_date", "Give the date the statement is next reviewed."))
    elif review_date <= today:
        problems.append(
            Problem("review_date", "The next review must be after today: set a later date.")
        )
    return problems
