"""The demo's written text: key actions with their progress, what each theme achieved, and
the owners' commentary on off-target figures. The prose lives in TOML files under
yardstick/demo/data/, written for the demo; this module reads it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.utils import timezone

from yardstick.accounts.models import User
from yardstick.actions.models import ActionUpdate, KeyAction
from yardstick.core.ratings import Band
from yardstick.demo.people import performance_team
from yardstick.framework.models import (
    Abbreviation,
    Introduction,
    NarrativeState,
    Period,
    Theme,
    ThemeSummary,
)
from yardstick.organisations.models import Organisation

DATA = Path(__file__).resolve().parent / "data"
OFF_TARGET = frozenset({Band.AMBER, Band.LOW_RED, Band.HIGH_RED})
SETUP_REASON = "Demo council set-up"


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
def leads() -> dict[str, str]:
    """{the start of a theme's title: its lead officer's username}."""
    return {row["theme"]: row["lead"] for row in _read("achievements.toml")["summary"]}


@cache
def introduction() -> dict[str, str]:
    return _read("achievements.toml")["introduction"]


@cache
def glossary() -> tuple[tuple[str, str], ...]:
    return tuple((row["term"], row["meaning"]) for row in _read("achievements.toml")["glossary"])


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


# Writing the text into the demo council.


def write_key_actions(
    organisation_: Organisation, quarters: dict[str, Period], team: dict[str, User]
) -> int:
    themes = list(Theme.objects.filter(plan__organisation=organisation_).order_by("position"))

    def theme_for(start: str) -> Theme:
        return next(theme for theme in themes if matches_theme(theme.title, start))

    positions: dict[int, int] = {}
    for story in actions():
        theme = theme_for(story.theme)
        positions[theme.id] = positions.get(theme.id, 0) + 1
        owner = team[story.owner]
        action = KeyAction(
            organisation=organisation_,
            code=story.code,
            theme=theme,
            title=story.title,
            owner=owner,
            due_date=story.due,
            status=story.status,
            position=positions[theme.id],
        )
        action._history_user = owner
        action._change_reason = SETUP_REASON
        action.save()
        for progress in story.progress:
            update = ActionUpdate(
                action=action,
                period=quarters[progress.period_key],
                progress=progress.text,
                status=progress.status,
                entered_by=owner,
            )
            update._history_user = owner
            update.save()
    performance = performance_team(team)
    signed_off = {
        "state": NarrativeState.SIGNED_OFF,
        "signed_off_by": performance,
        "signed_off_at": timezone.now(),
    }
    for start, username in leads().items():
        theme = theme_for(start)
        theme.lead_officer = team[username]
        theme._history_user = performance
        theme._change_reason = SETUP_REASON
        theme.save()
    for text in achievements():
        summary = ThemeSummary(
            theme=theme_for(text.theme),
            period=quarters[text.period_key],
            achievements=text.text,
            **signed_off,
        )
        summary._history_user = performance
        summary.save()
    front = introduction()
    written = Introduction(
        period=quarters[front["period"]],
        introduction=front["introduction"],
        summary=front["summary"],
        **signed_off,
    )
    written._history_user = performance
    written.save()
    for term, meaning in glossary():
        abbreviation = Abbreviation(organisation=organisation_, term=term, meaning=meaning)
        abbreviation._history_user = performance
        abbreviation.save()
    return len(actions())
