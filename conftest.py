"""Shared fixtures: an organisation and named personas."""

import pytest
from django.core.cache import cache

from tests.factories import OrganisationFactory, UserFactory
from yardstick.accounts.models import Membership, Role


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: tests write rows straight into the database
    (factories, rolled-back transactions) where a council's server only writes through the
    services that renew the cache's keys, so an entry from one test could be read by the
    next."""
    cache.clear()
    yield
    cache.clear()


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
