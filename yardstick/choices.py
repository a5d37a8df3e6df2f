"""Model field choices built from the core's StrEnums, so the values live in one place."""

from __future__ import annotations

from enum import StrEnum


def choices(enum_class: type[StrEnum], labels: dict | None = None) -> list[tuple[str, str]]:
    """[(value, label)] for a model field; the label defaults to the value in sentence case."""
    labels = labels or {}
    return [
        (member.value, labels.get(member, member.value.replace("_", " ").capitalize()))
        for member in enum_class
    ]
