"""The pack as HTML: the views its templates read, the body of its page (kept as the snapshot
when it is published) and the standalone document the PDF is laid out from. Ratings, the key,
the scorecard tables, key-project statuses and the appendix of reasons are drawn by the
Strategic Performance Report's and the scorecards' own partials and view functions
(`reports.renderers.html`, `reports/_rating.html`, `scorecards/_scorecard_table.html`), so a
rating reads and looks the same here as everywhere else."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from yardstick.core import palette
from yardstick.packs.builder import ExceptionItem, Group, MeetingPack, ProjectItem, Section
from yardstick.reports.renderers import common
from yardstick.reports.renderers.html import (
    CellView,
    ChallengeView,
    KeyEntry,
    RowView,
    band_css,
    cell_view,
    row_view,
    stylesheets,
)
from yardstick.scorecards.rows import ScorecardReport

BODY = "packs/_pack_body.html"
DOCUMENT = "packs/pack_document.html"
PACK_STYLESHEET = "packs/pack.css"


@dataclass(frozen=True)
class Titled:
    title: str


@dataclass(frozen=True)
class SectionView:
    section: Section
    template: str


@dataclass(frozen=True)
class ExceptionView:
    item: ExceptionItem
    current: CellView
    commentary: tuple[common.Block, ...]


@dataclass(frozen=True)
class GroupView:
    """A theme's achievements and challenges; `anchor` and `challenges` as
    reports/_challenges.html reads them."""

    group: Group
    anchor: str
    achievements: tuple[common.Block, ...]
    challenges: tuple[ChallengeView, ...]


@dataclass(frozen=True)
class ProjectView:
    project: ProjectItem
    css: str


@dataclass(frozen=True)
class ScorecardView:
    """A scorecard of the pack; `theme.title` and `rows` as reports/_appendix.html reads
    them."""

    scorecard: ScorecardReport | None  # None: the exceptions' rows, for the appendix
    anchor: str
    theme: Titled
    rows: tuple[RowView, ...]


def challenge_view(row) -> ChallengeView:
    return ChallengeView(
        row=row,
        current=cell_view(row.current),
        restated=common.restated_text(row.current),
        commentary=tuple(common.blocks(row.commentary)),
        proposed_action=tuple(common.blocks(row.proposed_action)),
    )


def scorecard_views(pack: MeetingPack) -> list[ScorecardView]:
    return [
        ScorecardView(
            scorecard=report,
            anchor=f"scorecard-{slugify(report.scorecard.slug)[:40]}-{report.scorecard.pk}",
            theme=Titled(report.scorecard.title),
            rows=tuple(row_view(row) for row in report.rows),
        )
        for report in pack.scorecards
    ]


def appendix_views(pack: MeetingPack, views: list[ScorecardView]) -> list[ScorecardView]:
    """What the printed appendix of reasons covers: the scorecards, or with none in the pack
    the exceptions."""
    if views or not pack.exceptions:
        return views
    rows = tuple(row_view(item.row) for item in pack.exceptions)
    return [
        ScorecardView(scorecard=None, anchor="exceptions", theme=Titled("Exceptions"), rows=rows)
    ]


def context(pack: MeetingPack, *, for_print: bool = False) -> dict:
    views = scorecard_views(pack)
    groups = [
        GroupView(
            group=group,
            anchor=group.anchor,
            achievements=tuple(common.blocks(group.achievements)),
            challenges=tuple(challenge_view(challenge) for challenge in group.challenges),
        )
        for group in pack.groups
    ]
    shows_ratings = bool(
        pack.scorecards or pack.exceptions or any(group.challenges for group in pack.groups)
    )
    return {
        "pack": pack,
        "period": pack.period,
        "sections": [
            SectionView(section, f"packs/_section_{section.kind}.html") for section in pack.sections
        ],
        "to_discuss": [exception_view(item) for item in pack.to_discuss],
        "noted": [exception_view(item) for item in pack.noted],
        "groups": groups,
        "projects": [
            ProjectView(item, palette.status_class(item.status)) for item in pack.projects
        ],
        "scorecards": views,
        "appendix": appendix_views(pack, views) if shows_ratings else [],
        "shows_ratings": shows_ratings,
        "key": [
            KeyEntry(band, band.shape, band.label, meaning, band_css(band))
            for band, meaning in pack.key
        ],
        "for_print": for_print,
        "trend_key": common.KEY_NOTES,
        "texts": {
            "no_commentary": common.missing_commentary(pack.period),
            "no_achievements": common.NO_ACHIEVEMENTS,
            "no_challenges": common.NO_CHALLENGES,
        },
    }


def exception_view(item: ExceptionItem) -> ExceptionView:
    return ExceptionView(
        item=item,
        current=cell_view(item.row.current),
        commentary=tuple(common.blocks(item.row.commentary)),
    )


def render_body(pack: MeetingPack) -> str:
    """The pack's page body: what the reading page shows, and keeps once published."""
    return render_to_string(BODY, context(pack))


def render_document(pack: MeetingPack, *, for_print: bool = False) -> str:
    """The whole pack as one self-contained HTML document (its styles inside it)."""
    return render_to_string(
        DOCUMENT,
        {
            **context(pack, for_print=for_print),
            "stylesheets": stylesheets(),
            "pack_stylesheet": pack_stylesheet(),
        },
    )


def pack_stylesheet() -> str:
    return mark_safe(Path(finders.find(PACK_STYLESHEET)).read_text(encoding="utf-8"))


def render(pack: MeetingPack) -> bytes:
    return render_document(pack).encode("utf-8")
