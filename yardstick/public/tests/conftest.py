import pytest

from yardstick.public.tests import data


@pytest.fixture
def public_data(council, performance_officer):
    return data.build(council, performance_officer)
