"""The target agreement page (issue 13 §4): the performance team agrees a period's proposed
targets outside the administration, one at a time or several at once, through
`measures.services.agree_targets` (the rules of every door, and the history)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MeasureFactory, OrganisationFactory, period
from yardstick.accounts.access import board
from yardstick.collection.tests.conftest import add_measure, percent
from yardstick.core.targets import Target, TargetKind
from yardstick.measures.models import FigureStatus
from yardstick.measures.models import Target as TargetModel
from yardstick.measures.rules import Agreement
from yardstick.measures.services import (
    FigureLocked,
    FigureRefused,
    agree_targets,
    record_figure,
    set_target,
)
from yardstick.measures.shown import shown_rating

pytestmark = pytest.mark.django_db

SEVENTY_SIX = Target(TargetKind.VALUE, value=Decimal(76))
CABINET_DAY = date(2018, 7, 12)


def propose(measure, period, user) -> TargetModel:
    return set_target(measure, period, SEVENTY_SIX, user, agreement=Agreement(agreed=False))


@pytest.fixture
def proposals(council, resources, officer, q1, q2, measure, team):
    other = add_measure(council, resources, officer, q1, q2, code="RES-02", title="Invoices")
    return [propose(measure, q2, team), propose(other, q2, team)]


def page(client, period):
    return client.get(reverse("collection:agree_targets", args=[period.pk]))


def test_the_page_lists_the_periods_proposed_targets_for_the_performance_team_only(
    client, proposals, q2, team, officer
):
    client.force_login(officer)
    assert page(client, q2).status_code == 403
    client.force_login(team)
    text = page(client, q2).content.decode()
    assert "Proposed targets for Q2 2018/19 (2)" in text
    for target in proposals:
        assert target.measure.title in text
    assert "76%" in text
    assert f'value="{timezone.localdate().isoformat()}"' in text  # agreed on: today, to start


def test_several_targets_are_agreed_at_once_with_who_and_when_and_then_rate(
    client, proposals, q2, team, officer
):
    first, second = proposals
    record_figure(first.measure, q2, percent("80"), officer, status=FigureStatus.APPROVED)
    assert shown_rating(first.measure, q2, board(first.measure.organisation_id)).band is None
    client.force_login(team)
    response = client.post(
        reverse("collection:agree_targets", args=[q2.pk]),
        {"targets": [first.pk, second.pk], "agreed_by": " Cabinet ", "agreed_on": "2018-07-12"},
        follow=True,
    )
    assert "2 targets agreed by Cabinet" in response.content.decode()
    assert "Every target for Q2 2018/19 is agreed." in response.content.decode()
    for target in proposals:
        target.refresh_from_db()
        assert (target.agreed, target.agreed_by, target.agreed_on) == (True, "Cabinet", CABINET_DAY)
        latest = target.history.first()
        assert latest.history_user == team
        assert latest.history_change_reason == "Target agreed by Cabinet on 12 July 2018"
    assert shown_rating(first.measure, q2, board(first.measure.organisation_id)).band is not None


def test_a_rows_own_button_agrees_that_target_alone(client, proposals, q2, team):
    first, second = proposals
    client.force_login(team)
    client.post(
        reverse("collection:agree_targets", args=[q2.pk]),
        {"targets": [first.pk], "only": second.pk, "agreed_by": "Board", "agreed_on": "2018-07-12"},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.agreed, second.agreed) == (False, True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            {"agreed_by": "Cabinet", "agreed_on": "2018-07-12"},
            "Choose at least one target to agree.",
            id="none ticked",
        ),
        pytest.param(
            {"agreed_by": "", "agreed_on": "2018-07-12", "tick": True},
            "Say who agreed it: a person or a body, such as &#x27;Cabinet&#x27;.",
            id="nobody",
        ),
        pytest.param(
            {"agreed_by": "Cabinet", "agreed_on": "", "tick": True},
            "Say when it was agreed.",
            id="no date",
        ),
        pytest.param(
            {"agreed_by": "Cabinet", "agreed_on": "tomorrow", "tick": True},
            "Enter the date it was agreed as a date",
            id="not a date",
        ),
        pytest.param(
            {"agreed_by": "Cabinet", "agreed_on": "FUTURE", "tick": True},
            "The date it was agreed must be between 1970 and today.",
            id="in the future",
        ),
        pytest.param(
            {"agreed_by": "x" * 121, "agreed_on": "2018-07-12", "tick": True},
            "Say who agreed it in 120 characters or fewer.",
            id="too long",
        ),
    ],
)
def test_bad_input_is_shown_again_with_its_reason_and_agrees_nothing(
    client, proposals, q2, team, data, message
):
    client.force_login(team)
    data = dict(data)
    if data.pop("tick", False):
        data["targets"] = [proposals[0].pk]
    if data["agreed_on"] == "FUTURE":
        data["agreed_on"] = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(reverse("collection:agree_targets", args=[q2.pk]), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert message in text
    assert "There is a problem" in text
    assert data["agreed_by"] in text  # what was typed is kept
    assert not TargetModel.objects.filter(agreed=True, pk__in=[t.pk for t in proposals]).exists()


def test_a_target_of_another_period_or_organisation_cannot_be_ticked(
    client, proposals, q1, q2, team, other_council_target
):
    client.force_login(team)
    response = client.post(
        reverse("collection:agree_targets", args=[q2.pk]),
        {"targets": [other_council_target.pk], "agreed_by": "Cabinet", "agreed_on": "2018-07-12"},
    )
    assert "Select a valid choice" in response.content.decode()
    other_council_target.refresh_from_db()
    assert not other_council_target.agreed


@pytest.fixture
def other_council_target(db, team):
    elsewhere = OrganisationFactory()
    quarter = period(elsewhere, "2018-19 Q2")
    measure = MeasureFactory(organisation=elsewhere)
    return propose(measure, quarter, team)


def test_a_published_periods_targets_are_locked(measure, q1, team):
    target = TargetModel.objects.filter(measure=measure, period=q1).first()
    with pytest.raises(FigureLocked):
        agree_targets([target], Agreement(agreed_by="Cabinet", agreed_on=CABINET_DAY), team)


def test_the_service_refuses_an_agreement_with_no_one_or_no_day(proposals, team):
    with pytest.raises(FigureRefused) as refused:
        agree_targets(proposals, Agreement(agreed=False), team)
    assert [problem.field for problem in refused.value.problems] == [
        "agreed",
        "agreed_by",
        "agreed_on",
    ]


def test_the_page_answers_in_the_same_number_of_queries_whatever_the_number_of_targets(
    client, council, resources, officer, q1, q2, proposals, team, django_assert_max_num_queries
):
    client.force_login(team)
    with django_assert_max_num_queries(20) as few:
        page(client, q2)
    for n in range(3, 8):
        more = add_measure(council, resources, officer, q1, q2, code=f"RES-{n:02}", title=f"M{n}")
        propose(more, q2, team)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "(7)" in page(client, q2).content.decode()


def test_the_publish_page_and_the_measure_page_link_to_the_page(client, proposals, q2, team):
    client.force_login(team)
    address = reverse("collection:agree_targets", args=[q2.pk])
    publish = client.get(reverse("collection:publish_period", args=[q2.pk])).content.decode()
    assert f'href="{address}"' in publish
    code = proposals[0].measure.code
    detail = client.get(reverse("measures:detail", args=[code])).content.decode()
    assert f'href="{address}"' in detail
    assert "Proposed, not agreed" in detail
