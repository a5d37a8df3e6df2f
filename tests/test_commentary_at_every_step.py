"""Approvers and the performance team meet the commentary rule owners meet (issue 9, point
5): a figure rated Amber, Low Red, High Red or Red, or deteriorated, cannot be approved, nor
its period published, without commentary; each refusal says which figure and why, in the
words the entry form uses (`collection.checks.why_commentary_is_needed`). A figure reaches
sign-off without commentary by the importer, which submits figures as they are."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import MeasureFactory, UnitFactory, UserFactory, period
from yardstick.accounts.models import Membership, Role
from yardstick.collection.services import (
    FigureRefused,
    PublishRefused,
    approve_figure,
    publish_period,
)
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.framework.models import Period
from yardstick.measures.models import Figure, FigureStatus
from yardstick.measures.services import FigureInput, record_figure, set_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def approver(council):
    unit = UnitFactory(organisation=council, name="Resources")
    person = UserFactory(username="approver", organisation=council)
    Membership.objects.create(user=person, organisation=council, role=Role.APPROVER, unit=unit)
    return person


@pytest.fixture
def quarters(council):
    return period(council, "2018-19 Q1"), period(council, "2018-19 Q2")


def measure_with(council, approver, quarters, team, q1: str | None, target: int = 50):
    """A number measure (higher is better) of the approver's directorate: a target of
    `target` in both quarters, Q1's figure published when given."""
    measure = MeasureFactory(
        organisation=council, value_type=ValueType.NUMBER, unit=approver.memberships.get().unit
    )
    for quarter in quarters:
        set_target(measure, quarter, Target(TargetKind.VALUE, value=Decimal(target)), team)
    if q1 is not None:
        entry = FigureInput(Value(Decimal(q1), ValueType.NUMBER), commentary="Fine.")
        record_figure(measure, quarters[0], entry, team, status=FigureStatus.APPROVED)
        publish_period(quarters[0], team)
    return measure


def submitted(measure, quarter, team, figure: str, commentary: str = "") -> Figure:
    entry = FigureInput(Value(Decimal(figure), ValueType.NUMBER), commentary=commentary)
    return record_figure(measure, quarter, entry, team, status=FigureStatus.SUBMITTED)


def test_a_high_red_figure_without_commentary_cannot_be_approved(
    council, approver, quarters, performance_officer
):
    measure = measure_with(council, approver, quarters, performance_officer, None)
    figure = submitted(measure, quarters[1], performance_officer, "40")  # 20% under: HR
    with pytest.raises(FigureRefused) as refused:
        approve_figure(figure, approver, expected_version=figure.version)
    (problem,) = refused.value.problems
    assert problem.message == (
        "It cannot be approved without commentary: it is rated HR High Red. Return it to its "
        "owner to say why, and what is being done."
    )
    figure.refresh_from_db()
    assert figure.status == FigureStatus.SUBMITTED


def test_a_deteriorated_figure_on_target_without_commentary_cannot_be_approved(
    council, approver, quarters, performance_officer
):
    measure = measure_with(council, approver, quarters, performance_officer, "70")
    figure = submitted(measure, quarters[1], performance_officer, "60")  # HG, but down on 70
    with pytest.raises(FigureRefused) as refused:
        approve_figure(figure, approver, expected_version=figure.version)
    assert "it has deteriorated since Q1 2018/19" in refused.value.problems[0].message


def test_with_commentary_the_same_figure_is_approved(
    council, approver, quarters, performance_officer
):
    measure = measure_with(council, approver, quarters, performance_officer, None)
    figure = submitted(measure, quarters[1], performance_officer, "40", "Two schemes slipped.")
    approved = approve_figure(figure, approver, expected_version=figure.version)
    assert approved.status == FigureStatus.APPROVED


def test_a_period_with_an_approved_amber_figure_without_commentary_cannot_be_published(
    council, approver, quarters, performance_officer
):
    """The team's import can approve figures as it submits them: publishing still asks."""
    measure = measure_with(council, approver, quarters, performance_officer, None)
    entry = FigureInput(Value(Decimal("49"), ValueType.NUMBER))  # 2% under: Amber
    record_figure(measure, quarters[1], entry, performance_officer, status=FigureStatus.APPROVED)
    with pytest.raises(PublishRefused) as refused:
        publish_period(quarters[1], performance_officer)
    assert str(refused.value) == (
        f"Q2 2018/19 cannot be published: {measure.code} it is rated A Amber. Each needs "
        "commentary: return it to its owner to add it."
    )
    assert not Period.objects.get(pk=quarters[1].pk).is_published
