"""The demo council's data quality statements: about three measures in four have one, written
and signed off by their owners through `measures.statement_services` as an officer would.
Some were signed off more than a year ago and are past their review date, some are rated high
risk, and a few are drafts no one has signed off yet. Everything here is synthetic."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from yardstick.core.statements import Dimension
from yardstick.measures.models import Lifecycle, Measure
from yardstick.measures.statement_services import (
    StatementInput,
    save_statement,
    sign_off_statement,
)

# What each dimension says, by the risk the statement is rated (synthetic, in a council's
# words).
TEXTS = {
    Dimension.ACCURACY: "Figures are taken from {source} and checked each quarter against a "
    "sample of ten case records.",
    Dimension.VALIDITY: "Counted as the definition requires; the guidance is reissued to "
    "the teams each April.",
    Dimension.RELIABILITY: "The same report is run the same way each quarter; a change of "
    "method is recorded in the measure's history.",
    Dimension.TIMELINESS: "Available within four weeks of the quarter's end.",
    Dimension.RELEVANCE: "Agreed with the portfolio holder as the measure of this priority.",
    Dimension.COMPLETENESS: "Late records are added at the year-end refresh.",
}
HIGH_RISK = {
    Dimension.ACCURACY: "Figures are keyed by hand from {source}; no sample check is made yet.",
    Dimension.COMPLETENESS: "Records from one partner arrive late and some are never "
    "received, so the quarter's count is an undercount.",
}


def _entry(measure: Measure, risk: str, review_date) -> StatementInput:
    source = measure.data_source or "the service's case management system"
    high = risk == "high"
    texts = {
        dimension.value: (HIGH_RISK.get(dimension, text) if high else text).format(source=source)
        for dimension, text in TEXTS.items()
    }
    assessments = {dimension.value: "met" for dimension in Dimension}
    if risk == "high":
        assessments |= {"accuracy": "not_met", "completeness": "partly"}
    elif risk == "medium":
        assessments |= {"timeliness": "partly"}
    return StatementInput(texts, assessments, risk, review_date)


def create_statements(organisation, performance) -> int:
    """Statements for three measures in four (every fourth is left without one); of those,
    every third was signed off 14 months ago with a review due a year later (overdue), every
    fifth is high risk and every seventh is a draft only. Returns how many were written."""
    measures = list(
        Measure.objects.in_organisation(organisation)
        .filter(lifecycle=Lifecycle.ACTIVE)
        .select_related("owner")
        .order_by("code")
    )
    now = timezone.now()
    written = 0
    for index, measure in enumerate(measures):
        if index % 4 == 3:
            continue
        risk = "high" if index % 5 == 0 else ("medium" if index % 2 else "low")
        overdue = index % 3 == 0
        when: datetime = now - timedelta(days=425) if overdue else now - timedelta(days=30)
        review = timezone.localdate(when) + timedelta(days=365 if overdue else 300)
        author = measure.owner or performance
        save_statement(measure, _entry(measure, risk, review), author, when=when)
        written += 1
        if index % 7 != 6:
            sign_off_statement(measure, author, when=when)
    return written
