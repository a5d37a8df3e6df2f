"""The measure page and the entry page read in a fixed number of queries, however long the
measure's history (issue 9, point 6: `assess_history` once asked once per period). A measure
with two published quarters and one with eight are read with the same number of queries."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import MeasureFactory, UnitFactory, UserFactory, period
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
from yardstick.meetings.models import Body, BodyKind, Meeting
from yardstick.organisations.models import OrganisationUnit, UnitKind
from yardstick.risks import services
from yardstick.risks.models import Register, RegisterKind
from yardstick.scrutiny.models import Question, Recommendation, RecommendationUpdate, Review

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


def test_the_scrutiny_tracker_and_its_files_do_not_query_per_recommendation(
    client, council, performance_officer
):
    """A review with two recommendations and one with twenty (in more groups, with updates,
    questions and source meetings) are read, and downloaded, in the same number of queries;
    so is the list of reviews."""
    committee = Body.objects.create(
        organisation=council, name="Scrutiny", kind=BodyKind.SCRUTINY_COMMITTEE
    )
    units = [UnitFactory(organisation=council) for _ in range(4)]
    quarter = period(council, "2018-19 Q3")

    def review(title: str, count: int, month: int) -> Review:
        made = Review.objects.create(organisation=council, title=title, body=committee)
        for number in range(1, count + 1):
            meeting = Meeting.objects.create(
                body=committee,
                starts_at=timezone.make_aware(
                    datetime.combine(date(2018, month, 1 + number), time(10))
                ),
            )
            recommendation = Recommendation.objects.create(
                review=made, number=number, text=f"Recommend {number}.",
                unit=units[number % 4] if number % 5 else None,
                level="" if number % 5 else "corporate",
                officer=performance_officer, source_meeting=meeting,
                response="accepted", follow_up_period=quarter,
            )  # fmt: skip
            for day in (1, 2):
                RecommendationUpdate.objects.create(
                    recommendation=recommendation, dated=date(2018, 10, day), text="Done.",
                    written_by=performance_officer, written_at=timezone.now(),
                )  # fmt: skip
            Question.objects.create(
                recommendation=recommendation, text="Why?", asked_by=performance_officer,
                asked_at=timezone.now(),
            )  # fmt: skip
        return made

    few, many = review("Few", 2, 1), review("Many", 20, 2)
    client.force_login(performance_officer)
    index_before = len(queries(client, reverse("scrutiny:index")))
    for name in ("tracker", "download-docx", "download-xlsx"):
        counts = []
        for made in (few, many):
            if name == "tracker":
                url = reverse("scrutiny:tracker", args=[made.pk])
            else:
                url = reverse("scrutiny:download", args=[made.pk, name.split("-")[1]])
            counts.append(queries(client, url))
        assert len(counts[1]) == len(counts[0]), (name, counts[1])
    review("More", 5, 3)
    assert len(queries(client, reverse("scrutiny:index"))) == index_before


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
