"""A review's cover report, format-neutral: the report that takes the review to committee, in
the seed's sections (summary and recommendations; the report and its reasons; financial,
legal, equalities and risk management implications; contact details). The Word and PDF
renderers read this object and nothing else."""

from __future__ import annotations

from dataclasses import dataclass

from yardstick.reports.renderers.common import Block, blocks
from yardstick.scrutiny.models import Review

NOT_GIVEN = "Not required at this stage."


@dataclass(frozen=True)
class CoverSection:
    number: int
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class CoverReport:
    organisation_name: str
    review_title: str
    body_name: str
    decisions_sought: tuple[str, ...]
    sections: tuple[CoverSection, ...]

    @property
    def title(self) -> str:
        return f"{self.review_title}: review group report"


def build_cover(review: Review) -> CoverReport:
    def text(value: str) -> tuple[Block, ...]:
        return tuple(blocks(value)) or tuple(blocks(NOT_GIVEN))

    summary = text(review.summary) if review.summary else ()
    parts = [
        ("Summary and recommendations", summary),
        ("Report", text(review.reasons)),
        ("Financial implications", text(review.financial)),
        ("Legal implications", text(review.legal)),
        ("Equalities implications", text(review.equalities)),
        ("Risk management implications", text(review.risk)),
        ("Contact details and background papers", text(review.contact)),
    ]
    return CoverReport(
        organisation_name=review.organisation.name,
        review_title=review.title,
        body_name=review.body.name,
        decisions_sought=tuple(
            line.strip(" -•\t") for line in review.decisions_sought.splitlines() if line.strip()
        ),
        sections=tuple(
            CoverSection(number, title, content)
            for number, (title, content) in enumerate(parts, start=1)
        ),
    )
