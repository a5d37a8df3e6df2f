"""People in two directorates of one council, a partnership, and another council: the
personas the access and permissions tests share."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import MeasureFactory, UnitFactory, UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.organisations.models import Partnership, UnitKind

PASSWORD = "correct horse battery staple"


def person(username, council, role=None, **scope):
    user = UserFactory(username=username, organisation=council)
    if role:
        Membership.objects.create(user=user, organisation=council, role=role, **scope)
    return user


@dataclass
class Council:
    directorate_a: object
    service_a: object
    directorate_b: object
    partnership: object


@pytest.fixture
def units(council):
    directorate_a = UnitFactory(organisation=council, name="Resources", code="RES")
    service_a = UnitFactory(
        organisation=council,
        name="Revenues",
        code="REV",
        kind=UnitKind.SERVICE,
        parent=directorate_a,
    )
    directorate_b = UnitFactory(organisation=council, name="Adult Care", code="ADU")
    partnership = Partnership.objects.create(
        organisation=council, name="Safer Harrow", code="SAFER"
    )
    return Council(directorate_a, service_a, directorate_b, partnership)


@pytest.fixture
def owner_a(council, units):
    return person("olu", council, Role.OWNER, unit=units.directorate_a)


@pytest.fixture
def owner_b(council, units):
    return person("bea", council, Role.OWNER, unit=units.directorate_b)


@pytest.fixture
def approver_a(council, units):
    return person("ada", council, Role.APPROVER, unit=units.directorate_a)


@pytest.fixture
def councillor(council):
    return person("cllr", council, Role.COUNCILLOR)


@pytest.fixture
def team_member(council):
    return person("perf", council, Role.PERFORMANCE_TEAM)


@pytest.fixture
def outsider(other_council):
    """The performance team of another council."""
    return person("otto", other_council, Role.PERFORMANCE_TEAM)


@pytest.fixture
def measure_a(council, units):
    """A measure of a service inside directorate A."""
    return MeasureFactory(organisation=council, code="A1", unit=units.service_a)


@pytest.fixture
def measure_b(council, units):
    return MeasureFactory(organisation=council, code="B1", unit=units.directorate_b)
