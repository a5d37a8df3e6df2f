"""Risk registers (issue 12): every write through `risks.services`, its rules and bounds,
who may do what, escalation both ways, and the history of every review."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import UserFactory
from yardstick.risks import queries, services
from yardstick.risks.models import FurtherAction, Register, RegisterKind, Risk, RiskScale
from yardstick.risks.services import RiskRefused
from yardstick.risks.tests.conftest import TODAY, given

pytestmark = pytest.mark.django_db


def test_a_council_without_a_scale_gets_the_default_five_by_five_with_its_history(council):
    scale = services.scale_of(council.pk)
    assert scale.size == 5 and scale.appetite == 9
    row = RiskScale.objects.get(organisation=council)
    assert row.history.count() == 1
    assert services.scale_of(council.pk) == scale  # created once


def test_a_new_risk_gets_the_next_reference_and_its_first_review(risk, registers):
    assert risk.reference == "PEO-01"
    assert risk.current_score == 16
    [first] = risk.reviews.all()
    assert (first.likelihood, first.impact, first.notes) == (4, 4, "Risk identified.")
    assert risk.history.first().history_change_reason == "Risk added"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": ""}, "title", "Enter the risk's title"),
        ({"title": "x" * 201}, "title", "200 characters or fewer"),
        ({"cause": "x" * 2001}, "cause", "2,000 characters or fewer"),
        ({"category": "weather"}, "category", "Choose the risk's category"),
        ({"owner": None}, "owner", "Choose the risk's owner"),
        ({"current_likelihood": 6}, "current_likelihood", "from 1 to 5"),
        ({"target_impact": 0}, "target_impact", "from 1 to 5"),
        ({"inherent_likelihood": "3"}, "inherent_likelihood", "from 1 to 5"),
        ({"inherent_likelihood": 2}, "current_likelihood", "cannot be above the inherent"),
        (
            {"target_likelihood": 5, "target_impact": 4},
            "target_likelihood",
            "cannot be above the current",
        ),
        ({"appetite": 26}, "appetite", "from 1 to 25"),
        ({"review_date": date(1999, 12, 31)}, "review_date", "on or after 1 January 2000"),
        ({"review_date": date(2040, 1, 1)}, "review_date", "within 10 years"),
        ({"review_date": None}, "review_date", "Enter the review date"),
    ],
)
def test_a_risk_out_of_bounds_is_refused_with_a_clear_message(
    registers, risk_owner, performance_officer, changes, field, words
):
    with pytest.raises(RiskRefused) as refused:
        services.create_risk(
            registers["people"], given(risk_owner, **changes), performance_officer, today=TODAY
        )
    assert refused.value.field == field
    assert words in refused.value.message
    assert not Risk.objects.exists()


def test_another_councils_owner_or_partner_is_refused(
    registers, other_council, performance_officer
):
    stranger = UserFactory(username="stranger", organisation=other_council)
    with pytest.raises(RiskRefused, match="someone in this council"):
        services.create_risk(registers["people"], given(stranger), performance_officer)


def test_the_owner_reviews_with_new_scores_and_a_control_and_the_direction_follows(
    risk, risk_owner
):
    services.review_risk(
        risk,
        3,
        4,
        "Two new providers recruited.",
        date(2027, 3, 1),
        risk_owner,
        control="Weekly brokerage meeting",
        control_owner=risk_owner,
        today=TODAY,
    )
    risk.refresh_from_db()
    assert (risk.current_likelihood, risk.current_impact, risk.review_date) == (
        3,
        4,
        date(2027, 3, 1),
    )
    assert [control.text for control in risk.controls.all()] == ["Weekly brokerage meeting"]
    assert [review.score for review in risk.reviews.all()] == [16, 12]
    scale = services.scale_of(risk.register.organisation_id)
    [row] = queries.register_rows(risk.register, scale, TODAY)
    assert row.direction_text == "Falling (better)"
    assert row.above_appetite  # 12 > 9

    services.review_risk(risk, 4, 4, "Provider failed.", date(2027, 4, 1), risk_owner, today=TODAY)
    [row] = queries.register_rows(risk.register, scale, TODAY)
    assert row.direction_text == "Rising (worse)"


@pytest.mark.parametrize(
    ("likelihood", "impact", "next_review", "reviewed_on", "field", "words"),
    [
        (0, 3, date(2027, 1, 1), None, "likelihood", "from 1 to 5"),
        (3, 9, date(2027, 1, 1), None, "impact", "from 1 to 5"),
        (3, 3, None, None, "next_review", "Enter the next review date"),
        (3, 3, date(2026, 12, 6), None, "next_review", "after the review"),
        (3, 3, date(2027, 1, 1), date(2026, 12, 7), "reviewed_on", "in the future"),
        (3, 3, date(2045, 1, 1), None, "next_review", "within 10 years"),
    ],
)
def test_a_review_out_of_bounds_is_refused(
    risk, risk_owner, likelihood, impact, next_review, reviewed_on, field, words
):
    with pytest.raises(RiskRefused) as refused:
        services.review_risk(
            risk,
            likelihood,
            impact,
            "",
            next_review,
            risk_owner,
            reviewed_on=reviewed_on,
            today=TODAY,
        )
    assert (refused.value.field, words in refused.value.message) == (field, True)
    assert risk.reviews.count() == 1


def test_who_may_review_escalate_and_read(risk, risk_owner, director, councillor, council):
    assert services.may_review(risk_owner, risk)
    assert services.may_review(director, risk)  # the head of the People directorate
    assert services.may_manage(director, risk.register)
    assert not services.may_manage(risk_owner, risk.register)
    assert not services.may_review(councillor, risk)
    assert services.may_read(councillor, council.pk)
    with pytest.raises(PermissionDenied):
        services.review_risk(risk, 3, 3, "", date(2027, 1, 1), councillor, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.escalate_risk(risk, risk.register, risk_owner)
    stranger = UserFactory(username="nobody", organisation=council)
    assert not services.may_read(stranger, council.pk)


def test_escalation_to_the_corporate_register_keeps_the_link_both_ways(
    risk, registers, performance_officer
):
    assert services.escalation_targets(risk) == [registers["corporate"]]
    higher = services.escalate_risk(
        risk, registers["corporate"], performance_officer, reason="Above appetite for a year."
    )
    assert higher.register == registers["corporate"]
    assert higher.reference == "CORP-01"
    assert higher.escalated_from == risk
    assert list(risk.escalations.all()) == [higher]
    assert "Escalated from People (PEO-01)" in higher.reviews.get().notes
    assert services.escalation_targets(risk) == []  # already there
    with pytest.raises(RiskRefused, match="already on Corporate"):
        services.escalate_risk(risk, registers["corporate"], performance_officer)


@pytest.mark.parametrize(
    ("source", "target", "words"),
    [
        ("people", "partnership", "to a corporate register"),
        ("people", "place", "to a corporate register"),
        ("corporate", "people", "no higher"),
        ("group", "corporate", "to a partnership register"),
        ("care", "place", "is not above"),
    ],
)
def test_escalation_goes_only_up_and_within_scope(
    registers, risk_owner, performance_officer, source, target, words
):
    risk = services.create_risk(registers[source], given(risk_owner), performance_officer)
    with pytest.raises(RiskRefused, match=words):
        services.escalate_risk(risk, registers[target], performance_officer)


def test_a_service_risk_goes_to_its_directorate_and_a_group_risk_to_its_partnership(
    registers, risk_owner, partner, performance_officer
):
    care = services.create_risk(registers["care"], given(risk_owner), performance_officer)
    assert set(services.escalation_targets(care)) == {registers["people"], registers["corporate"]}
    shared = services.create_risk(
        registers["group"], given(risk_owner, partners=[partner]), performance_officer
    )
    higher = services.escalate_risk(shared, registers["partnership"], performance_officer)
    assert list(higher.partners.all()) == [partner]


def test_further_actions_are_tracked_and_a_closed_one_takes_no_more(
    risk, risk_owner, director, councillor
):
    action = services.add_further_action(
        risk, "Commission new block contract", director, date(2027, 2, 1), risk_owner
    )
    with pytest.raises(PermissionDenied):
        services.update_further_action(action, "Nothing", "open", councillor)
    services.update_further_action(action, "Tender out.", "open", director, today=TODAY)
    services.update_further_action(action, "Awarded.", "done", director, today=TODAY)
    action.refresh_from_db()
    assert (action.status, action.closed_on) == ("done", TODAY)
    assert action.history.count() == 3
    with pytest.raises(RiskRefused, match="takes no more updates"):
        services.update_further_action(action, "Again", "open", director)
    with pytest.raises(RiskRefused, match="due date"):
        services.add_further_action(risk, "Late", director, date(1990, 1, 1), risk_owner)
    with pytest.raises(RiskRefused, match="Choose open"):
        services.update_further_action(
            FurtherAction.objects.create(risk=risk, text="x", owner=director, due=TODAY),
            "y",
            "finished",
            director,
        )


def test_a_closed_risk_takes_no_more_reviews(risk, performance_officer, risk_owner):
    with pytest.raises(RiskRefused, match="Enter why the risk is closed"):
        services.close_risk(risk, "", performance_officer)
    services.close_risk(risk, "Market stabilised", performance_officer, today=TODAY)
    with pytest.raises(RiskRefused, match="closed on 6 December 2026"):
        services.review_risk(risk, 2, 2, "", date(2027, 1, 1), risk_owner)


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"kind": "directorate"}, "unit", "belongs to a unit"),
        ({"kind": "corporate", "unit": "care"}, "unit", "leave it blank"),
        ({"kind": "directorate", "unit": "care"}, "unit", "belongs to a directorate"),
        ({"kind": "corporate", "code": "CORP"}, "code", "Another register"),
        ({"kind": "corporate", "code": "A B"}, "code", "letters and digits"),
        ({"kind": "corporate", "title": ""}, "title", "Enter the register's title"),
        ({"kind": "galaxy"}, "kind", "Choose the kind"),
    ],
)
def test_a_register_is_checked_before_it_is_saved(
    registers, units, council, performance_officer, fields, field, words
):
    fields = {"title": "New", "code": "NEW", **fields}
    if fields.get("unit") == "care":
        fields["unit"] = units[1]
    register = Register(organisation=council, **fields)
    with pytest.raises(RiskRefused) as refused:
        services.save_register(register, performance_officer, reason="test")
    assert (refused.value.field, words in refused.value.message) == (field, True)


def test_a_scale_cannot_shrink_below_the_risks_scored_on_it(risk, council, performance_officer):
    row = RiskScale.objects.get(organisation=council)
    row.size = 4
    row.likelihood_labels = "a\nb\nc\nd"
    row.impact_labels = "a\nb\nc\nd"
    row.bands = "1 Low\n8 High"
    row.appetite = 6
    with pytest.raises(RiskRefused, match="scored above 4"):
        services.save_scale(row, performance_officer, reason="test")
    row.bands = "1 Low\n30 High"
    with pytest.raises(RiskRefused, match="at or below 16"):
        services.check_scale(row)
    row.bands = "Low"
    with pytest.raises(RiskRefused, match="Line 1"):
        services.check_scale(row)


def test_only_the_team_changes_registers(council, councillor):
    register = Register(organisation=council, kind=RegisterKind.CORPORATE, code="C", title="C")
    with pytest.raises(PermissionDenied):
        services.save_register(register, councillor, reason="test")
