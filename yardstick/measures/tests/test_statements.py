"""Data quality statements: drafts, sign-off by the owner or an approver, new versions."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import MeasureFactory, UnitFactory, UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.core.statements import Dimension
from yardstick.measures.statement_services import (
    StatementInput,
    StatementRefused,
    discard_draft,
    save_statement,
    sign_off_statement,
)
from yardstick.measures.statements import DataQualityStatement, StatementStatus

pytestmark = pytest.mark.django_db


def full(**changes) -> StatementInput:
    texts = {d.value: f"How {d.value} is assured." for d in Dimension}
    values = {
        "texts": texts,
        "assessments": {"accuracy": "met", "timeliness": "partly"},
        "risk": "medium",
        "review_date": timezone.localdate() + timedelta(days=180),
    } | changes
    return StatementInput(**values)


@pytest.fixture
def unit(council):
    return UnitFactory(organisation=council, name="Resources")


@pytest.fixture
def owner(council):
    return UserFactory(username="olu", organisation=council)


@pytest.fixture
def measure(council, unit, owner):
    return MeasureFactory(organisation=council, unit=unit, owner=owner, code="RES-1")


def person(council, username, role=None, unit=None):
    user = UserFactory(username=username, organisation=council)
    if role:
        Membership.objects.create(user=user, organisation=council, role=role, unit=unit)
    return user


def test_the_owner_drafts_and_signs_off_and_the_history_says_so(measure, owner):
    draft = save_statement(measure, full(), owner)
    assert (draft.version, draft.status, draft.written_by) == (1, StatementStatus.DRAFT, owner)
    signed = sign_off_statement(measure, owner)
    assert signed.status == StatementStatus.SIGNED_OFF
    assert signed.signed_off_by == owner and signed.signed_off_at is not None
    reasons = list(signed.history.order_by("history_date").values_list("history_change_reason"))
    assert reasons == [("Version 1 drafted",), ("Version 1 signed off",)]


def test_editing_a_signed_off_statement_starts_a_draft_and_the_signed_one_stays_shown(
    measure, owner
):
    save_statement(measure, full(), owner)
    first = sign_off_statement(measure, owner)
    texts = dict(full().texts, accuracy="Now checked weekly.")
    draft = save_statement(measure, full(texts=texts), owner)
    assert draft.version == 2 and draft.pk != first.pk
    shown = DataQualityStatement.objects.signed_off().get(measure=measure)
    assert shown.pk == first.pk and shown.accuracy == "How accuracy is assured."
    again = save_statement(measure, full(texts=texts, risk="high"), owner)
    assert again.pk == draft.pk  # one draft, changed in place
    sign_off_statement(measure, owner)
    first.refresh_from_db()
    assert first.status == StatementStatus.REPLACED
    shown = DataQualityStatement.objects.signed_off().get(measure=measure)
    assert (shown.version, shown.accuracy, shown.risk) == (2, "Now checked weekly.", "high")


def test_an_approver_of_the_area_signs_off_but_an_approver_elsewhere_may_not(
    council, measure, owner, unit
):
    save_statement(measure, full(), owner)
    elsewhere = person(council, "eve", Role.APPROVER, UnitFactory(organisation=council))
    with pytest.raises(StatementRefused, match="Only the measure's owner, an approver"):
        sign_off_statement(measure, elsewhere)
    director = person(council, "dee", Role.APPROVER, unit)
    assert sign_off_statement(measure, director).signed_off_by == director


def test_a_councillor_may_not_write_a_statement(council, measure):
    councillor = person(council, "cllr", Role.COUNCILLOR)
    with pytest.raises(StatementRefused, match="Only the measure's owner or the performance"):
        save_statement(measure, full(), councillor)
    assert not DataQualityStatement.objects.exists()


def test_sign_off_refuses_a_draft_lacking_a_dimension_risk_or_future_review(measure, owner):
    texts = dict(full().texts, relevance="")
    save_statement(measure, full(texts=texts, risk="", review_date=None), owner)
    with pytest.raises(StatementRefused) as refused:
        sign_off_statement(measure, owner)
    assert [p.field for p in refused.value.problems] == ["relevance", "risk", "review_date"]
    assert DataQualityStatement.objects.get().status == StatementStatus.DRAFT


def test_bounds_refuse_long_text_unknown_choices_and_far_dates_keeping_nothing(measure, owner):
    bad = full(
        texts=dict(full().texts, accuracy="x" * 2001),
        assessments={"validity": "maybe"},
        risk="extreme",
        review_date=date(1999, 12, 31),
    )
    with pytest.raises(StatementRefused) as refused:
        save_statement(measure, bad, owner)
    fields = [p.field for p in refused.value.problems]
    assert fields == ["accuracy", "validity_assessment", "risk", "review_date"]
    far = full(review_date=timezone.localdate() + timedelta(days=365 * 11))
    with pytest.raises(StatementRefused, match="review date must be by"):
        save_statement(measure, far, owner)
    assert not DataQualityStatement.objects.exists()


def test_discarding_a_draft_keeps_the_signed_off_version(measure, owner):
    save_statement(measure, full(), owner)
    sign_off_statement(measure, owner)
    save_statement(measure, full(risk="high"), owner)
    discard_draft(measure, owner)
    assert list(DataQualityStatement.objects.values_list("version", "status")) == [
        (1, StatementStatus.SIGNED_OFF)
    ]
    with pytest.raises(StatementRefused, match="no draft"):
        sign_off_statement(measure, owner)
