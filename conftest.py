"""Shared fixtures: an organisation and named personas."""

import pytest

from tests.factories import OrganisationFactory, UserFactory
from yardstick.accounts.models import Membership, Role


@pytest.fixture
def council(db):
    return OrganisationFactory(name="Harrow Test Council", slug="harrow-test")


@pytest.fixture
def other_council(db):
    return OrganisationFactory(name="Elsewhere Borough Council", slug="elsewhere")


@pytest.fixture
def performance_officer(council):
    """Priya in the performance team (her role, not a staff flag, opens the administration
    and the import pages): runs the framework."""
    priya = UserFactory(
        username="priya", first_name="Priya", last_name="Shah", organisation=council
    )
    Membership.objects.create(user=priya, organisation=council, role=Role.PERFORMANCE_TEAM)
    return priya
