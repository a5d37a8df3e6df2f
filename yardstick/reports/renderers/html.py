"""The report as one accessible web page (HTML5, WCAG 2.2 AA), and the view objects the
report templates read: the page at reports/<period>/, this standalone document and the PDF's
print document (renderers/pdf.py) all render the same partials from `context`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from yardstick.core import palette
from yardstick.core.ratings import BAND_ORDER, Band
from yardstick.reports.renderers import common
from yardstick.reports.strategic import (
    MISSING_HEADERS,
    RISK_HEADERS,
    ActionRow,
    StrategicReport,
    ThemeSection,
)
from yardstick.scorecards.challenges import Challenge
from yardstick.scorecards.rows import Cell, Row, ScorecardReport

TEMPLATE = "reports/strategic_document.html"
# What the report pages link, and the HTML document and the PDF carry inside them.
STYLESHEETS = ("bands.css", "report.css")


@dataclass(frozen=True)
class CellView:
    cell: Cell
    rating: str  # 'HG High Green', 'Not rated' or ''
    css: str  # 'rating-hg', 'rating-none' when not rated, '' for an empty cell


@dataclass(frozen=True)
class RowView:
    row: Row
    number: str
    good_is: str
    cells: tuple[CellView, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class ActionView:
    action: ActionRow
    css: str


@dataclass(frozen=True)
class ChallengeView:
    row: Challenge
    current: CellView
    restated: str  # 'Restated after publishing: <why>.', or ''
    commentary: tuple[common.Block, ...]
    proposed_action: tuple[common.Block, ...]


@dataclass(frozen=True)
class SectionView:
    section: ThemeSection
    anchor: str
    achievements: tuple[common.Block, ...]
    actions: tuple[ActionView, ...]
    scorecard: ScorecardReport | None  # its table is scorecards/_scorecard_table.html
    rows: tuple[RowView, ...]  # for the printed appendix of reasons
    challenges: tuple[ChallengeView, ...]

    @property
    def theme(self):
        return self.section.theme


@dataclass(frozen=True)
class KeyEntry:
    band: Band
    shape: str
    label: str
    meaning: str
    css: str


@dataclass(frozen=True)
class GlanceRow:
    title: str
    anchor: str
    counts: tuple[int, ...]
    not_rated: int
    improved: int
    deteriorated: int


def band_css(band: Band | None) -> str:
    return palette.band_class(band)


def cell_view(cell: Cell) -> CellView:
    rating = common.rating_text(cell)
    return CellView(cell=cell, rating=rating, css=band_css(cell.band) if rating else "")


def row_view(row: Row) -> RowView:
    return RowView(
        row=row,
        number=row.number or row.code,
        good_is=row.good_is,
        cells=tuple(cell_view(cell) for cell in common.cells(row)),
        notes=tuple(common.row_notes(row)),
    )


def section_view(section: ThemeSection) -> SectionView:
    scorecard = section.scorecard
    rows = tuple(row_view(row) for row in scorecard.rows) if scorecard else ()
    return SectionView(
        section=section,
        anchor=f"theme-{slugify(section.theme.code or section.theme.title)}",
        achievements=tuple(common.blocks(section.achievements)),
        actions=tuple(
            ActionView(action, palette.status_class(action.status)) for action in section.actions
        ),
        scorecard=scorecard,
        rows=rows,
        challenges=tuple(challenge_view(challenge) for challenge in section.challenges),
    )


def challenge_view(challenge: Challenge) -> ChallengeView:
    return ChallengeView(
        row=challenge,
        current=cell_view(challenge.current),
        restated=common.restated_text(challenge.current),
        commentary=tuple(common.blocks(challenge.commentary)),
        proposed_action=tuple(common.blocks(challenge.proposed_action)),
    )


def glance_bands(report: StrategicReport) -> list[Band]:
    """The five bands of the key, and the three-band G and R when a scorecard uses them."""
    used = {
        band
        for section in report.sections
        if section.scorecard
        for band, _ in section.scorecard.band_counts
    }
    keyed = [band for band, _ in report.key]
    return [band for band in BAND_ORDER if band in keyed or band in used]


def glance(report: StrategicReport, bands: list[Band], views: list[SectionView]) -> list[GlanceRow]:
    rows = []
    for view in views:
        scorecard = view.scorecard
        counts = dict(scorecard.band_counts) if scorecard else {}
        rows.append(
            GlanceRow(
                title=view.theme.title,
                anchor=view.anchor,
                counts=tuple(counts.get(band, 0) for band in bands),
                not_rated=scorecard.not_rated if scorecard else 0,
                improved=scorecard.improved if scorecard else 0,
                deteriorated=scorecard.deteriorated if scorecard else 0,
            )
        )
    return rows


def stylesheets() -> SafeString:
    """The text of the report's stylesheets in static/ (our own files), for a document that
    carries its styles inside it."""
    texts = [Path(finders.find(name)).read_text(encoding="utf-8") for name in STYLESHEETS]
    return mark_safe("\n".join(texts))


def context(report: StrategicReport, *, for_print: bool = False) -> dict:
    views = [section_view(section) for section in report.sections]
    bands = glance_bands(report)
    return {
        "report": report,
        "period": report.period,
        "sections": views,
        "key": [
            KeyEntry(band, band.shape, band.label, meaning, band_css(band))
            for band, meaning in report.key
        ],
        "glance_bands": [
            KeyEntry(band, band.shape, band.label, "", band_css(band)) for band in bands
        ],
        "glance": glance(report, bands, views),
        "risks": [
            {
                "section": section,
                "rows": [
                    (
                        section.cells(row),
                        palette.band_class(row.current.band.colour if row.current else None),
                        row.above_appetite,
                    )
                    for row in section.rows
                ],
            }
            for section in report.risks
        ],
        "risk_headers": RISK_HEADERS,
        "missing_headers": MISSING_HEADERS,
        "for_print": for_print,
        "leave_out_reasons": not report.include_reasons,
        "draft_notice": common.draft_notice(report.period.label),
        "trend_key": common.KEY_NOTES,
        "front": common.front_matter(report),
        "texts": {
            "no_commentary": common.missing_commentary(report.period),
            "no_achievements": common.NO_ACHIEVEMENTS,
            "no_introduction": common.NO_INTRODUCTION,
            "no_actions": common.NO_ACTIONS,
            "no_challenges": common.NO_CHALLENGES,
            "challenges_are": common.CHALLENGES_ARE,
        },
    }


def render_document(report: StrategicReport, *, for_print: bool = False) -> str:
    return render_to_string(
        TEMPLATE, {**context(report, for_print=for_print), "stylesheets": stylesheets()}
    )


def render(report: StrategicReport) -> bytes:
    return render_document(report).encode("utf-8")
