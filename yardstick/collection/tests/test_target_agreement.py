"""Target agreement (issue 13 §4): a proposed target is shown but rates nothing until it is
agreed; publishing lists the targets still proposed and keeps their measures not rated; every
door (service, admin, import) applies the same rules to who agreed it and when."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from yardstick.accounts.access import board
from yardstick.collection.queries import readiness
from yardstick.collection.services import publish_period
from yardstick.collection.tests.conftest import percent
from yardstick.core.targets import Target, TargetKind
from yardstick.imports.services import export_rows, import_file
from yardstick.measures.models import FigureStatus, ReportedRating
from yardstick.measures.models import Target as TargetModel
from yardstick.measures.rules import Agreement
from yardstick.measures.services import FigureRefused, record_figure, set_target
from yardstick.measures.shown import shown_rating

pytestmark = pytest.mark.django_db

SEVENTY_SIX = Target(TargetKind.VALUE, value=Decimal(76))


def propose(measure, quarter, user) -> TargetModel:
    return set_target(measure, quarter, SEVENTY_SIX, user, agreement=Agreement(agreed=False))


def test_a_proposed_target_rates_nothing_until_it_is_agreed(measure, q2, officer, team):
    propose(measure, q2, team)
    record_figure(measure, q2, percent("70"), officer, status=FigureStatus.APPROVED)
    shown = shown_rating(measure, q2, board(measure.organisation_id))
    assert shown.band is None
    assert shown.reason == (
        "The target (76%) is proposed, not yet agreed: not rated; against it the figure "
        "would be Low Red"
    )
    set_target(
        measure,
        q2,
        SEVENTY_SIX,
        team,
        reason="Agreed by Cabinet",
        agreement=Agreement(agreed_by="Cabinet", agreed_on=date(2018, 7, 12)),
    )
    agreed = shown_rating(measure, q2, board(measure.organisation_id))
    assert agreed.band_code == "LR"
    stored = TargetModel.objects.get(measure=measure, period=q2)
    assert (stored.agreed, stored.agreed_by, stored.agreed_on) == (
        True,
        "Cabinet",
        date(2018, 7, 12),
    )
    assert stored.history.first().history_change_reason == "Agreed by Cabinet"


def test_publishing_lists_proposed_targets_and_keeps_their_measures_not_rated(
    client, measure, q2, officer, team
):
    propose(measure, q2, team)
    record_figure(
        measure,
        q2,
        percent("70", commentary="Two staff vacancies in accounts payable."),
        officer,
        status=FigureStatus.APPROVED,
    )
    (ready,) = readiness(measure.organisation_id, [q2])
    assert [target.measure for target in ready.proposed_targets] == [measure]
    client.force_login(team)
    page = client.get(reverse("collection:publish_period", args=[q2.pk]))
    assert "Targets not yet agreed (1)" in page.content.decode()
    assert measure.title in page.content.decode()

    publish_period(q2, team)
    kept = ReportedRating.objects.get(measure=measure, period=q2)
    assert kept.band == ""
    assert kept.reason.startswith("The target (76%) is proposed, not yet agreed")


@pytest.mark.parametrize(
    ("agreement", "message"),
    [
        pytest.param(
            Agreement(agreed_by="x" * 121),
            "Say who agreed it in 120 characters or fewer.",
            id="too long",
        ),
        pytest.param(
            Agreement(agreed_on=date(1969, 12, 31)),
            "The date it was agreed must be between 1970 and today.",
            id="too early",
        ),
        pytest.param(
            Agreement(agreed=False, agreed_by="Cabinet"),
            "A proposed target has not been agreed: leave who agreed it and when blank, "
            "or mark it agreed.",
            id="a proposal agreed by someone",
        ),
    ],
)
def test_the_service_refuses_an_agreement_that_cannot_be(measure, q2, team, agreement, message):
    with pytest.raises(FigureRefused) as refused:
        set_target(measure, q2, SEVENTY_SIX, team, agreement=agreement)
    assert [problem.message for problem in refused.value.problems] == [message]


def test_an_agreement_in_the_future_is_refused_by_the_import_as_by_the_service(
    council, measure, q2, team
):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(FigureRefused) as refused:
        set_target(measure, q2, SEVENTY_SIX, team, agreement=Agreement(agreed_on=tomorrow))
    text = (
        "measure,period,target,agreed,agreed_by,agreed_on\n"
        f"{measure.code},2018-19 Q2,76%,yes,Cabinet,{tomorrow.isoformat()}\n"
    )
    result = import_file(council, "targets", text.encode(), "targets.csv", team)
    assert not result.applied
    problems = [(p.column, p.message) for p in result.changes.sorted_problems()]
    assert problems == [("agreed_on", refused.value.problems[0].message.rstrip("."))]


def test_the_targets_import_proposes_agrees_and_exports_the_agreement(council, measure, q2, team):
    proposed = import_file(
        council,
        "targets",
        f"measure,period,target,agreed\n{measure.code},2018-19 Q2,76%,no\n".encode(),
        "targets.csv",
        team,
    )
    assert proposed.applied
    assert not TargetModel.objects.get(measure=measure, period=q2).agreed
    agreed = import_file(
        council,
        "targets",
        (
            "measure,period,target,agreed,agreed_by,agreed_on\n"
            f"{measure.code},2018-19 Q2,76%,,Cabinet,2018-07-12\n"
        ).encode(),
        "targets.csv",
        team,
    )
    assert agreed.applied
    stored = TargetModel.objects.get(measure=measure, period=q2)
    assert (stored.agreed, stored.agreed_by, stored.agreed_on) == (
        True,
        "Cabinet",
        date(2018, 7, 12),
    )
    _columns, rows = export_rows(council, "targets", 2018)
    exported = {row["period"]: row for row in rows}
    assert {key: exported["2018-19 Q2"][key] for key in ("agreed", "agreed_by", "agreed_on")} == {
        "agreed": "yes",
        "agreed_by": "Cabinet",
        "agreed_on": "2018-07-12",
    }
    # A file without the agreement columns leaves the agreement as it is.
    again = import_file(
        council,
        "targets",
        f"measure,period,target\n{measure.code},2018-19 Q2,77%\n".encode(),
        "targets.csv",
        team,
    )
    assert again.applied
    assert TargetModel.objects.get(measure=measure, period=q2).agreed_by == "Cabinet"
