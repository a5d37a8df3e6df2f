"""Shared fixtures: an organisation and named personas."""

import pytest

from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def council(db):
    return OrganisationFactory(name="Harrow Test Council", slug="harrow-test")


@pytest.fixture
def other_council(db):
    return OrganisationFactory(name="Elsewhere Borough Council", slug="elsewhere")


@pytest.fixture
def performance_officer(council):
    """Priya in the performance team: staff, runs the framework."""
    return UserFactory(
        username="priya", first_name="Priya", last_name="Shah", organisation=council, is_staff=True
    )
