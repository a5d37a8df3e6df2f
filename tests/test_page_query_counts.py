"""The measure page and the entry page read in a fixed number of queries, however long the
measure's history (issue 9, point 6: `assess_history` once asked once per period). A measure
with two published quarters and one with eight are read with the same number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import MeasureFactory, UserFactory, period
from yardstick.accounts.models import Membership, Role
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.measures.services import (
    FigureInput,
    HistoryRow,
    TargetRow,
    load_published_history,
    set_targets,
)
from yardstick.organisations.models import OrganisationUnit, UnitKind
from yardstick.risks import services
from yardstick.risks.models import Register, RegisterKind

pytestmark = pytest.mark.django_db

QUARTERS = [f"{year} Q{quarter}" for year in ("2017-18", "2018-19") for quarter in (1, 2, 3, 4)]


def with_history(council, person, keys: list[str]):
    """A number measure of `council` with a target and a figure published in each quarter of
    `keys` (loaded as past reports), and the quarter after them, open."""
    measure = MeasureFactory(organisation=council, value_type=ValueType.NUMBER)
    rows, targets = [], []
    for number, key in enumerate(keys):
        quarter = period(council, key)
        targets.append(TargetRow(measure, quarter, Target(TargetKind.VALUE, value=Decimal(50)), {}))
        entry = FigureInput(Value(Decimal(45 + number), ValueType.NUMBER), commentary="-")
        rows.append(HistoryRow(measure, quarter, entry))
    set_targets(targets, person)
    load_published_history(rows, person, reason="Past reports")
    return measure, period(council, "2019-20 Q1")


@pytest.fixture
def measures(council, other_council, performance_officer):
    """A measure of a council with two published quarters, and one of another council with
    eight: each council's periods are its own, so the pages of the second have four times
    the periods (the entry page shows the last four), and a person of each reads them."""
    other_team = UserFactory(username="other-team", organisation=other_council)
    Membership.objects.create(
        user=other_team, organisation=other_council, role=Role.PERFORMANCE_TEAM
    )
    short = with_history(council, performance_officer, QUARTERS[-2:])
    long = with_history(other_council, other_team, QUARTERS)
    return (performance_officer, *short), (other_team, *long)


def queries(client, url: str) -> list[str]:
    client.get(url)  # the session and the like, once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_the_measure_page_does_not_query_per_period(client, measures):
    counts = []
    for person, measure, _ in measures:
        client.force_login(person)
        counts.append(queries(client, reverse("measures:detail", args=[measure.code])))
    few, many = counts
    assert len(many) == len(few), many


def test_the_entry_page_does_not_query_per_period_of_history(client, measures):
    counts = []
    for person, measure, open_quarter in measures:
        client.force_login(person)
        page = reverse("collection:entry", args=[measure.pk, open_quarter.pk])
        counts.append(queries(client, page))
    few, many = counts
    assert len(many) == len(few), many


def test_the_risk_pages_do_not_query_per_risk_or_per_review(client, council, performance_officer):
    """The registers, a register and a risk read in the same number of queries with one risk
    as with eight (each reviewed, with a control and an action, one escalated)."""
    unit = OrganisationUnit.objects.create(
        organisation=council, kind=UnitKind.DIRECTORATE, name="People", code="PEO"
    )
    register = Register.objects.create(
        organisation=council, kind=RegisterKind.DIRECTORATE, code="PEO", title="People",
        unit=unit,
    )  # fmt: skip
    corporate, _ = (
        Register.objects.create(
            organisation=council, kind=RegisterKind.CORPORATE, code=code, title=code
        )
        for code in ("CORP", "CORP2")  # one left to escalate to, after the first
    )

    def add_risk(number: int):
        return services.create_risk(
            register,
            services.RiskInput(
                title=f"Risk {number}", category="operational", owner=performance_officer,
                inherent_likelihood=5, inherent_impact=5, current_likelihood=4,
                current_impact=4, target_likelihood=2, target_impact=2,
                review_date=date(2027, 1, 15),
            ),
            performance_officer,
        )  # fmt: skip

    first = add_risk(0)
    client.force_login(performance_officer)
    urls = [
        reverse("risks:index"),
        reverse("risks:register", args=["PEO"]),
        reverse("risks:risk", args=[first.pk]),
    ]
    few = [len(queries(client, url)) for url in urls]
    for number in range(1, 8):
        risk = add_risk(number)
        for target in (first, risk):
            services.review_risk(
                target, 3, 4, "Reviewed.", date(2027, 3, 1), performance_officer,
                control=f"Control {number}",
            )  # fmt: skip
            services.add_further_action(
                target, f"Action {number}", performance_officer, date(2027, 2, 1),
                performance_officer,
            )  # fmt: skip
    services.escalate_risk(first, corporate, performance_officer)
    many = [len(queries(client, url)) for url in urls]
    assert many == few
