"""The demo's written text: key actions with their progress, what each theme achieved, and
the owners' commentary on off-target figures. The prose lives in TOML files under
yardstick/framework/demo_data/, written for the demo; this module reads it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "demo_data"


@dataclass(frozen=True)
class Progress:
    period_key: str
    status: str
    text: str


@dataclass(frozen=True)
class ActionStory:
    theme: str  # the start of the theme's title
    code: str
    title: str
    owner: str
    due: date
    progress: tuple[Progress, ...]

    @property
    def status(self) -> str:
        return self.progress[-1].status


@dataclass(frozen=True)
class Achievements:
    theme: str
    period_key: str
    text: str


@dataclass(frozen=True)
class Commentary:
    measure: str  # the start of the measure's title
    commentary: str
    proposed_action: str


# Used only if a figure is off target that the written commentary does not cover (the tests
# check that every off-target figure of the published data has its own).
FALLBACK = Commentary(
    measure="",
    commentary="Off target this quarter. The service is looking into the causes with the "
    "performance team.",
    proposed_action="Agree an improvement plan at the next directorate performance meeting.",
)


def _read(name: str) -> dict:
    with (DATA / name).open("rb") as file:
        return tomllib.load(file)


@cache
def actions() -> tuple[ActionStory, ...]:
    return tuple(
        ActionStory(
            theme=row["theme"],
            code=row["code"],
            title=row["title"],
            owner=row["owner"],
            due=row["due"],
            progress=(
                Progress("2018-19 Q1", row["q1_status"], row["q1_progress"]),
                Progress("2018-19 Q2", row["q2_status"], row["q2_progress"]),
            ),
        )
        for row in _read("key_actions.toml")["action"]
    )


@cache
def achievements() -> tuple[Achievements, ...]:
    return tuple(
        Achievements(row["theme"], row["period"], row["achievements"])
        for row in _read("achievements.toml")["summary"]
    )


@cache
def commentaries() -> tuple[Commentary, ...]:
    return tuple(
        Commentary(row["measure"], row["commentary"], row["proposed_action"])
        for row in _read("commentary.toml")["commentary"]
    )


def commentary_for(title: str) -> Commentary:
    """The written commentary whose `measure` starts the title; the longest match wins."""
    folded = title.casefold()
    found = [c for c in commentaries() if folded.startswith(c.measure.casefold())]
    return max(found, key=lambda c: len(c.measure)) if found else FALLBACK


def matches_theme(theme_title: str, start: str) -> bool:
    return theme_title.casefold().startswith(start.casefold())
