"""A council with registers: the corporate register, a directorate's, a service's under it, a
partnership's and a management group's under the partnership board; a risk owner, a director
and a councillor."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.meetings.models import Body, BodyKind, Partner
from yardstick.organisations.models import OrganisationUnit, Partnership, UnitKind
from yardstick.risks.models import Register, RegisterKind
from yardstick.risks.services import RiskInput, create_risk

TODAY = date(2026, 12, 6)


def person(council, username: str, role: str | None, **fields):
    user = UserFactory(
        username=username, organisation=council, email=f"{username}@example.org", **fields
    )
    if role:
        Membership.objects.create(user=user, organisation=council, role=role)
    return user


@pytest.fixture
def risk_owner(council):
    return person(council, "rosa", Role.OWNER, first_name="Rosa", last_name="Field")


@pytest.fixture
def director(council):
    return person(council, "dina", Role.APPROVER, first_name="Dina", last_name="Okafor")


@pytest.fixture
def councillor(council):
    return person(council, "cllr", Role.COUNCILLOR, first_name="Carl", last_name="Hughes")


@pytest.fixture
def units(council, director):
    people = OrganisationUnit.objects.create(
        organisation=council,
        kind=UnitKind.DIRECTORATE,
        name="People",
        code="PEO",
        head=director,
    )
    care = OrganisationUnit.objects.create(
        organisation=council, kind=UnitKind.SERVICE, name="Adult care", code="ASC", parent=people
    )
    place = OrganisationUnit.objects.create(
        organisation=council, kind=UnitKind.DIRECTORATE, name="Place", code="PLA"
    )
    return people, care, place


@pytest.fixture
def registers(council, units):
    people, care, place = units
    partnership = Partnership.objects.create(
        organisation=council, name="Safer Communities Partnership", code="SCP"
    )
    board = Body.objects.create(
        organisation=council,
        name="Safer Communities Board",
        kind=BodyKind.PARTNERSHIP_BOARD,
        partnership=partnership,
    )
    group = Body.objects.create(
        organisation=council,
        name="Crime Management Group",
        kind=BodyKind.MANAGEMENT_GROUP,
        partnership=partnership,
        parent=board,
    )
    made = {
        "corporate": Register(kind=RegisterKind.CORPORATE, code="CORP", title="Corporate"),
        "people": Register(kind=RegisterKind.DIRECTORATE, code="PEO", title="People", unit=people),
        "place": Register(kind=RegisterKind.DIRECTORATE, code="PLA", title="Place", unit=place),
        "care": Register(kind=RegisterKind.SERVICE, code="ASC", title="Adult care", unit=care),
        "partnership": Register(
            kind=RegisterKind.PARTNERSHIP,
            code="SCP",
            title="Safer Communities",
            partnership=partnership,
        ),
        "group": Register(
            kind=RegisterKind.MANAGEMENT_GROUP, code="CMG", title="Crime group", body=group
        ),
    }
    for register in made.values():
        register.organisation = council
        register.save()
    return made


@pytest.fixture
def partner(council):
    return Partner.objects.create(organisation=council, name="County Police", sector="police")


def given(who, **changes) -> RiskInput:
    fields = {
        "title": "Care market fails to meet demand",
        "category": "operational",
        "owner": who,
        "inherent_likelihood": 5,
        "inherent_impact": 5,
        "current_likelihood": 4,
        "current_impact": 4,
        "target_likelihood": 2,
        "target_impact": 3,
        "review_date": date(2027, 1, 15),
        "cause": "Providers leave the market.",
        "event": "Not enough care packages.",
        "effect": "Delayed discharges from hospital.",
    }
    fields.update(changes)
    return RiskInput(**fields)


@pytest.fixture
def risk(registers, risk_owner, performance_officer):
    return create_risk(
        registers["people"], given(risk_owner), performance_officer, today=date(2026, 9, 1)
    )
