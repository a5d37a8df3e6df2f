"""Abbreviations explained where a report first uses them.

A report's text is a sequence of passages in reading order (the introduction, the summary of
achievements, each theme's achievements ...). `footnote` finds the first use of each term of
the glossary across the passages, as a whole word written as the glossary writes it ("MASH",
not "smash" nor "Mash"), and numbers the notes in the order the terms first appear. Later
uses carry no note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    """A run of a passage's text, followed by the number of its footnote, if any."""

    text: str
    note: int | None = None


@dataclass(frozen=True)
class Note:
    number: int
    term: str
    meaning: str


@dataclass(frozen=True)
class Footnoted:
    passages: tuple[tuple[Piece, ...], ...]  # each passage as pieces, in the order given
    notes: tuple[Note, ...]  # numbered from 1 in the order the terms first appear


def _pattern(terms: Sequence[str]) -> re.Pattern | None:
    if not terms:
        return None
    # Longest first, so "SEND" is not taken for "SEN" where both are in the glossary.
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w&])(?:{alternatives})(?![\w&])")


def footnote(passages: Sequence[str], glossary: Mapping[str, str]) -> Footnoted:
    """The passages with a note after the first use of each glossary term, and the notes."""
    pattern = _pattern([term for term in glossary if term.strip()])
    notes: list[Note] = []
    seen: set[str] = set()
    result = []
    for passage in passages:
        pieces: list[Piece] = []
        start = 0
        for match in pattern.finditer(passage) if pattern else ():
            term = match.group(0)
            if term in seen:
                continue
            seen.add(term)
            notes.append(Note(len(notes) + 1, term, glossary[term]))
            pieces.append(Piece(passage[start : match.end()], len(notes)))
            start = match.end()
        if start < len(passage) or not pieces:
            pieces.append(Piece(passage[start:]))
        result.append(tuple(pieces))
    return Footnoted(tuple(result), tuple(notes))


def used(passages: Sequence[str], glossary: Mapping[str, str]) -> tuple[Note, ...]:
    """The glossary terms the passages use, numbered in the order they first appear."""
    return footnote(passages, glossary).notes
