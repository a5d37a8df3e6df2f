"""The API tests' council: the fuzz tests' world (a measure of every value type, a
published and an open quarter, a scorecard, every persona) with a key project, and a token
for each persona that may write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tests.fuzz.world import World, build_world
from yardstick.actions.models import KeyAction, Milestone
from yardstick.api.services import create_token


@dataclass
class ApiWorld:
    world: World
    project: KeyAction
    milestone: Milestone
    tokens: dict  # persona -> secret (a write token)


def build_api_world() -> ApiWorld:
    world = build_world()
    project = KeyAction.objects.create(
        organisation=world.council,
        code="KP1",
        title="Open the new library",
        owner=world.users["owner"],
        unit=world.resources,
        status="green",
    )
    milestone = Milestone.objects.create(
        action=project, title="Contract signed", planned=date(2018, 8, 1)
    )
    tokens = {
        persona: create_token(user, f"{persona}'s script", "write", 30).secret
        for persona, user in world.users.items()
    }
    return ApiWorld(world=world, project=project, milestone=milestone, tokens=tokens)
