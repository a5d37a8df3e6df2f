"""What every renderer prints the same way: the words for a rating, a trend, a polarity, the
notes of a row, and entered text split into paragraphs and lists."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from yardstick.core import glossary
from yardstick.scorecards.challenges import Challenge
from yardstick.scorecards.rows import Cell, Row, ScorecardReport

NOT_RATED = "Not rated"
NO_COMMENTARY = "No commentary has been entered."
NO_ACHIEVEMENTS = "No summary of achievements has been entered for this period."
NO_ACTIONS = "No key projects or initiatives are recorded for this theme."
# What the report's key challenges are, as its introduction says in every format.
CHALLENGES_ARE = (
    "the measures rated Amber, Low Red or High Red on their latest available figure (with "
    "the period it covers when it is reported in arrears or annually), and any the "
    "performance team added, with their commentary"
)
NO_CHALLENGES = "No measure is off target on its latest figure this period."
# A draft's mark on a key challenge whose commentary is not written yet. A published report
# prints nothing in its place: publishing lists the challenges without commentary instead
# (`collection.queries`).
COMMENTARY_MISSING = "Commentary missing: the owner has not written commentary on this figure yet."
TREND_KEY = (
    "Trend arrows show improvement ▲ or deterioration ▼ since the last comparable period "
    "(the same period last year for cumulative measures); a dash – means no change. A "
    "contextual measure is not judged: plain arrows ↑ and ↓ show only which way it moved."
)


def draft_notice(period_label: str) -> str:
    """What every page of an open period's report says at its head."""
    return f"DRAFT: {period_label} is open, figures may change"


ANNUAL_MEASURES = "Annual measures are shown only in the quarter in which they report."
# What every printed key says under its bands.
KEY_NOTES = f"{TREND_KEY} {ANNUAL_MEASURES}"


def cells(row: Row) -> tuple[Cell, Cell, Cell]:
    """Same period last year, previous period, this period: the scorecard's column order."""
    return (row.last_year, row.previous, row.current)


@dataclass(frozen=True)
class ExtraColumn:
    """One of a scorecard's optional columns, as the Excel and Word reports head and fill it
    (the page and the PDF draw the same columns from `_scorecard_table.html`)."""

    header: str
    value: Callable[[Row], str]
    width: int  # in the workbook's character widths


def extra_columns(scorecard: ScorecardReport) -> list[ExtraColumn]:
    """The SPC column (`show_spc`), the Forecast column (`show_forecast`) and the
    benchmarking columns (`compare_with`)."""
    columns = []
    if scorecard.show_spc:
        columns.append(
            ExtraColumn("SPC: what the measure's XmR chart says", lambda row: row.spc or "", 45)
        )
    if scorecard.show_forecast:
        columns.append(
            ExtraColumn(
                "Forecast: the year end, against the year's target",
                lambda row: row.forecast or "",
                45,
            )
        )
    if scorecard.compare_with:
        group = scorecard.compare_with
        for index, (header, width) in enumerate(
            (
                (f"Median of {group}", 14),
                (f"Our rank in {group}", 16),
                (f"Our quartile in {group}", 22),
            )
        ):
            columns.append(
                ExtraColumn(
                    header, lambda row, index=index: (row.benchmark or ("", "", ""))[index], width
                )
            )
    return columns


def rating_text(cell: Cell) -> str:
    """'HG High Green', 'Not rated' when there is a figure or target but no rating, '' for an
    empty cell."""
    if cell.band:
        return f"{cell.band_code} {cell.band_label}"
    return "" if cell.is_blank else NOT_RATED


def shaped_rating_text(cell: Cell) -> str:
    """'★ HG High Green': the shape as well, where the format can show it."""
    return f"{cell.shape} {rating_text(cell)}" if cell.band else rating_text(cell)


def trend_text(row: Row) -> str:
    """'▲ Improved', or '' when there is nothing to compare with."""
    return f"{row.trend_symbol} {row.trend_text}" if row.trend else ""


def restated_text(cell: Cell) -> str:
    """'Restated after publishing: <why>.' for a restated rating (as the scorecard's notes
    and the open data's Restated column say it), '' otherwise: a key challenge says it too."""
    if not cell.restated:
        return ""
    why = f": {cell.restatement_reason}" if cell.restatement_reason else ""
    return f"Restated after publishing{why}."


def row_notes(row: Row) -> list[str]:
    """The notes column: what period the data of each column covers ('Q1 2018/19 data
    covers ...', earlier columns too), the notes, restatements, and the performance team's
    'noted' mark."""
    notes = [
        f"{cell.period_label} data covers {cell.data_covers}"
        for cell in cells(row)
        if cell.data_covers
    ]
    notes.extend(row.notes)
    if row.restatements:
        notes.append(row.restatements)
    notes.extend(
        f"{cell.period_label}: {cell.disagreement}" for cell in cells(row) if cell.disagreement
    )
    if row.noted:
        notes.append(row.noted)
    return notes


@dataclass(frozen=True)
class Block:
    """A paragraph or a bulleted list of entered text."""

    kind: str  # "paragraph" or "list"
    items: tuple[str, ...]

    @property
    def is_list(self) -> bool:
        return self.kind == "list"


_BULLET = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+")


def blocks(text: str) -> list[Block]:
    """Entered text as paragraphs (separated by blank lines) and lists (lines starting with
    '- ', '* ', '• ' or '1. ')."""
    result: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            result.append(Block("paragraph", (" ".join(paragraph),)))
            paragraph.clear()
        if items:
            result.append(Block("list", tuple(items)))
            items.clear()

    for line in (text or "").splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
        elif _BULLET.match(stripped):
            if paragraph:
                flush()
            items.append(_BULLET.sub("", stripped))
        elif items and line[:1].isspace():
            items[-1] = f"{items[-1]} {stripped}"  # a wrapped bullet
        else:
            if items:
                flush()
            paragraph.append(stripped)
    flush()
    return result


def missing_commentary(period) -> str:
    """What a key challenge without commentary prints in `period`'s report: the draft's mark,
    or nothing once the period is published (a published report prints no placeholder)."""
    return "" if period.is_published else COMMENTARY_MISSING


def challenge_facts(challenge: Challenge) -> str:
    """'Q1 2018/19, reported in arrears: 56 against a target of 46. Trend: ▼ deteriorated.'
    (after the rating): the facts every format prints under a key challenge's title."""
    cell = challenge.current
    text = f"{challenge.when}: {cell.actual or 'no figure'}"
    if cell.target:
        text += f" against a target of {cell.target}"
    text += "."
    if challenge.trend:
        text += f" Trend: {challenge.trend_symbol} {challenge.trend_text.lower()}."
    if cell.restated:
        text += f" {restated_text(cell)}"
    return text


# --- the front matter: introduction, summary of achievements, glossary footnotes ------------

NO_INTRODUCTION = "No introduction has been written for this period."


@dataclass(frozen=True)
class Run:
    """A run of text, followed by the footnote explaining the abbreviation it ends with."""

    text: str
    note: glossary.Note | None = None


@dataclass(frozen=True)
class NotedBlock:
    """A paragraph or list whose items are runs of text."""

    kind: str
    items: tuple[tuple[Run, ...], ...]

    @property
    def is_list(self) -> bool:
        return self.kind == "list"


@dataclass(frozen=True)
class ThemeAchievements:
    title: str
    blocks: tuple[NotedBlock, ...]


@dataclass(frozen=True)
class FrontMatter:
    introduction: tuple[NotedBlock, ...]
    summary: tuple[NotedBlock, ...]
    themes: tuple[ThemeAchievements, ...]  # every theme, in the report's order
    notes: tuple[glossary.Note, ...]  # footnotes, numbered where the front matter uses them
    glossary: tuple[glossary.Note, ...]  # every term the report's text uses, A to Z

    @property
    def has_achievements(self) -> bool:
        return bool(self.summary) or any(theme.blocks for theme in self.themes)


def report_texts(report) -> list[str]:
    """Every passage of the report's written text, in reading order."""
    texts = [report.introduction, report.summary]
    texts += [section.achievements for section in report.sections]
    for section in report.sections:
        texts += [f"{action.title} {action.progress}" for action in section.actions]
        texts += [f"{row.commentary} {row.proposed_action}" for row in section.challenges]
    return texts


def front_matter(report) -> FrontMatter:
    """The introduction, the summary and each theme's achievements as blocks, with a footnote
    after the first use of each of the glossary's abbreviations; and the glossary of the terms
    used anywhere in the report."""
    terms = dict(report.glossary)
    texts = [report.introduction, report.summary] + [s.achievements for s in report.sections]
    parts = [blocks(text) for text in texts]
    passages = [item for part in parts for block in part for item in block.items]
    noted = glossary.footnote(passages, terms)
    numbered = {note.number: note for note in noted.notes}
    runs = iter(
        tuple(Run(piece.text, numbered.get(piece.note)) for piece in passage)
        for passage in noted.passages
    )
    rebuilt = [
        tuple(NotedBlock(block.kind, tuple(next(runs) for _ in block.items)) for block in part)
        for part in parts
    ]
    used = sorted(glossary.used(report_texts(report), terms), key=lambda note: note.term.lower())
    return FrontMatter(
        introduction=rebuilt[0],
        summary=rebuilt[1],
        themes=tuple(
            ThemeAchievements(section.theme.title, part)
            for section, part in zip(report.sections, rebuilt[2:], strict=True)
        ),
        notes=noted.notes,
        glossary=tuple(used),
    )


def plain(runs: tuple[Run, ...]) -> str:
    """A noted item as plain text, each note as its number in brackets: 'MOPAC [1] on'."""
    return "".join(f"{run.text} [{run.note.number}]" if run.note else run.text for run in runs)
