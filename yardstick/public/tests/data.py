"""A council with a theme scorecard whose figures are at every stage of sign-off, with
values that tell them apart, for the public page tests, the permissions matrix and the
end-to-end tests.

2018-19 Q1 is published. In it, M-PUB's figure was approved and so published (61.5), and
M-LATE's figure was still a draft when the period was published (94.5). In the open
2018-19 Q2, M-PUB has an approved figure (72.5), M-LATE a draft (83.5) and M-SUB a
submitted one (27.5). Only 61.5 may ever reach the public.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tests.factories import MeasureFactory, ScorecardEntryFactory, ScorecardFactory, period
from yardstick.collection.services import publish_period
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.measures.models import FigureStatus, Measure
from yardstick.measures.services import FigureInput, record_figure, set_target
from yardstick.scorecards.models import Scorecard

PUBLISHED_VALUE = "61.5"
UNPUBLISHED_VALUES = {
    "approved, not yet published": "72.5",
    "draft in the open period": "83.5",
    "submitted": "27.5",
    "draft left in the published period": "94.5",
}


@dataclass
class PublicData:
    scorecard: Scorecard
    published: Measure
    late: Measure
    submitted: Measure


def figure(measure, key: str, amount: str, status: str, user) -> None:
    quarter = period(measure.organisation, key)
    set_target(measure, quarter, Target(TargetKind.VALUE, value=Decimal(50)), user)
    record_figure(
        measure,
        quarter,
        FigureInput(Value(Decimal(amount), ValueType.PERCENTAGE), commentary=f"About {amount}"),
        user,
        status=status,
    )


def build(council, user, unit=None, other_unit=None, slug: str = "better") -> PublicData:
    scorecard = ScorecardFactory(
        organisation=council, title="Build a Better Borough", slug=slug, financial_year=2018
    )
    measures = []
    for code, title, measure_unit in (
        ("M-PUB", "Residents satisfied with their area", unit),
        ("M-LATE", "Household waste recycled", unit),
        ("M-SUB", "Invoices paid on time", other_unit or unit),
    ):
        measure = MeasureFactory(organisation=council, code=code, title=title, unit=measure_unit)
        ScorecardEntryFactory(scorecard=scorecard, measure=measure, number=code[2:])
        measures.append(measure)
    published, late, submitted = measures
    figure(published, "2018-19 Q1", "61.5", FigureStatus.APPROVED, user)
    figure(late, "2018-19 Q1", "94.5", FigureStatus.DRAFT, user)
    publish_period(period(council, "2018-19 Q1"), user)
    figure(published, "2018-19 Q2", "72.5", FigureStatus.APPROVED, user)
    figure(late, "2018-19 Q2", "83.5", FigureStatus.DRAFT, user)
    figure(submitted, "2018-19 Q2", "27.5", FigureStatus.SUBMITTED, user)
    return PublicData(scorecard, published, late, submitted)
