"""schemathesis against the served OpenAPI schema on a live server: for every operation,
generated requests (anonymous, and with the performance team's and a measure owner's
tokens) never get a server error, and every answer matches the schema: its status is one
the schema lists, its content type and its body are as documented. Path parameters are
drawn from the council's real rows as well as generated ones, so the operations are tried on
data, not only on addresses that do not exist. Bounded to run in well under two minutes."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from yardstick.api.tests.world import build_api_world

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 12  # per operation and persona


@pytest.fixture
def api_world(transactional_db, live_server, settings):
    settings.API_RATE_TOKEN = settings.API_RATE_ANONYMOUS = 1_000_000
    return build_api_world()


def real_values(api) -> dict[str, list]:
    world = api.world
    return {
        "slug": [world.council.slug],
        "measure_id": [m.pk for m in world.measures.values()] + [world.monthly.pk],
        "period_id": [world.q1.pk, world.q2.pk, world.month.pk],
        "scorecard_id": [world.scorecard.pk],
        "project_id": [api.project.pk],
    }


def test_every_operation_answers_as_its_schema_says(api_world, live_server):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    real = real_values(api_world)
    personas = {
        "anonymous": {},
        "team": {"Authorization": f"Bearer {api_world.tokens['team']}"},
        "owner": {"Authorization": f"Bearer {api_world.tokens['owner']}"},
    }
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    tried = set()
    for operation in operations:
        for persona, headers in personas.items():
            fuzz(operation, persona, headers, real, live_server.url, tried)()
    # The real rows were reached: reads answered 200 for the team, and the public too.
    assert any(p == "team" and s == 200 and "figures" in label for label, p, s in tried)
    assert any(p == "anonymous" and s == 200 and "scorecards/{" in label for label, p, s in tried)


def fuzz(operation, persona: str, headers: dict, real: dict, url: str, tried: set):
    """A hypothesis test of `operation` as `persona`."""

    @given(data=st.data())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(data):
        case = data.draw(operation.as_strategy())
        for name in list(case.path_parameters or {}):
            if name in real:
                case.path_parameters[name] = data.draw(
                    st.sampled_from([*real[name], case.path_parameters[name]])
                )
        if not headers:  # the public: no token, not even one generated from the schema
            case.headers = {
                k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"
            }
        response = case.call(base_url=url, headers=headers)
        tried.add((operation.label, persona, response.status_code))
        case.validate_response(response, checks=CHECKS, headers=headers)

    return run
