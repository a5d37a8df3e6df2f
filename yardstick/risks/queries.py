"""What the risk pages, documents and packs read: a register's rows (above appetite first), its
heat map, and the registers with their counts. Every score, band and direction comes from the
core (`yardstick.core.risk`), and a list costs the same few queries however many risks it has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from yardstick.core import palette
from yardstick.core import risk as core
from yardstick.risks.models import Register, Risk, RiskReview, RiskStatus


@dataclass(frozen=True)
class Scored:
    likelihood: int
    impact: int
    score: int
    band: core.ScoreBand
    likelihood_label: str
    impact_label: str

    @property
    def css(self) -> str:
        return palette.band_class(self.band.colour)


def scored(likelihood: int, impact: int, scale: core.RiskScale) -> Scored | None:
    """A pair of levels as the pages print them; None when off the scale (a scale made
    smaller after the risk was scored)."""
    try:
        value = core.score(likelihood, impact, scale)
    except ValueError:
        return None
    return Scored(
        likelihood,
        impact,
        value,
        core.band_of(value, scale),
        scale.likelihood_label(likelihood),
        scale.impact_label(impact),
    )


def score_text(scored: Scored | None) -> str:
    """'12 High (3 × 4)'; 'Off the scale' for a score the scale no longer holds: the words of
    every document that prints a risk's score."""
    if scored is None:
        return "Off the scale"
    return f"{scored.score} {scored.band.name} ({scored.likelihood} × {scored.impact})"


@dataclass(frozen=True)
class RiskRow:
    risk: Risk
    inherent: Scored | None
    current: Scored | None
    target: Scored | None
    appetite: int
    above_appetite: bool
    direction: core.RiskDirection
    review_overdue: bool
    escalated_to: tuple  # the risks on higher registers this one was escalated to

    @property
    def direction_symbol(self) -> str:
        return core.DIRECTION_SYMBOLS[self.direction]

    @property
    def direction_text(self) -> str:
        return core.DIRECTION_TEXTS[self.direction]


def with_reviews(risks: QuerySet) -> QuerySet:
    """Risks with what a row prints: the register, the owner, the escalations (and their
    registers) and the reviews, oldest first, in a fixed number of queries."""
    return risks.select_related("register", "owner", "escalated_from__register").prefetch_related(
        Prefetch(
            "reviews",
            queryset=RiskReview.objects.select_related("reviewer").order_by("reviewed_on", "id"),
        ),
        Prefetch("escalations", queryset=Risk.objects.select_related("register")),
    )


def row_of(risk: Risk, scale: core.RiskScale, today: date) -> RiskRow:
    """One risk's row; its reviews and escalations prefetched (`with_reviews`)."""
    reviews = list(risk.reviews.all())
    previous = reviews[-2].score if len(reviews) > 1 else None
    current = scored(risk.current_likelihood, risk.current_impact, scale)
    appetite = risk.appetite or scale.appetite
    latest = reviews[-1].score if reviews else risk.current_score
    return RiskRow(
        risk=risk,
        inherent=scored(risk.inherent_likelihood, risk.inherent_impact, scale),
        current=current,
        target=scored(risk.target_likelihood, risk.target_impact, scale),
        appetite=appetite,
        above_appetite=core.above_appetite(risk.current_score, appetite),
        direction=core.direction(previous, latest),
        review_overdue=risk.status == RiskStatus.OPEN and risk.review_date < today,
        escalated_to=tuple(risk.escalations.all()),
    )


def ordered(rows: list[RiskRow]) -> list[RiskRow]:
    """Open risks before closed ones; above appetite first; then the highest current score;
    then by reference."""
    return sorted(
        rows,
        key=lambda row: (
            row.risk.status != RiskStatus.OPEN,
            not row.above_appetite,
            -row.risk.current_score,
            row.risk.reference,
        ),
    )


def register_rows(register: Register, scale: core.RiskScale, today: date, *, closed=False):
    risks = with_reviews(register.risks.all())
    if not closed:
        risks = risks.filter(status=RiskStatus.OPEN)
    return ordered([row_of(risk, scale, today) for risk in risks])


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    score: int
    band: core.ScoreBand
    above_appetite: bool
    references: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.references)

    @property
    def css(self) -> str:
        return palette.band_class(self.band.colour)


@dataclass(frozen=True)
class HeatMap:
    """Likelihood rows (the most likely first) × impact columns (the least harm first)."""

    scale: core.RiskScale
    rows: tuple[tuple[int, str, tuple[Cell, ...]], ...]  # (likelihood, its label, cells)
    impacts: tuple[tuple[int, str], ...]
    total: int

    @property
    def key(self) -> list[tuple[core.ScoreBand, int, str]]:
        """Each band with its highest score and its colours' class, for the key."""
        bands = self.scale.bands
        return [
            (
                band,
                (bands[n + 1].lowest - 1) if n + 1 < len(bands) else self.scale.highest,
                palette.band_class(band.colour),
            )
            for n, band in enumerate(bands)
        ]


def heat_map(rows: list[RiskRow], scale: core.RiskScale) -> HeatMap:
    """Where the open risks' current scores fall on the scale."""
    placed: dict[tuple[int, int], list[str]] = {}
    for row in rows:
        if row.risk.status == RiskStatus.OPEN and row.current is not None:
            key = (row.current.likelihood, row.current.impact)
            placed.setdefault(key, []).append(row.risk.reference)
    lines = []
    for likelihood in range(scale.size, 0, -1):
        cells = []
        for impact in range(1, scale.size + 1):
            value = likelihood * impact
            cells.append(
                Cell(
                    likelihood,
                    impact,
                    value,
                    core.band_of(value, scale),
                    core.above_appetite(value, scale.appetite),
                    tuple(placed.get((likelihood, impact), ())),
                )
            )
        lines.append((likelihood, scale.likelihood_label(likelihood), tuple(cells)))
    impacts = tuple((impact, scale.impact_label(impact)) for impact in range(1, scale.size + 1))
    return HeatMap(scale, tuple(lines), impacts, sum(len(refs) for refs in placed.values()))


@dataclass(frozen=True)
class RegisterSummary:
    register: Register
    open_risks: int
    above_appetite: int
    reviews_overdue: int


def registers_of(organisation_id: int, scale: core.RiskScale, today: date):
    """Every register of the council with its open risks counted: in two queries."""
    registers = list(
        Register.objects.of(organisation_id).select_related("unit", "body", "partnership")
    )
    counts: dict[int, list[int]] = {register.pk: [0, 0, 0] for register in registers}
    for register_id, likelihood, impact, appetite, review_date in (
        Risk.objects.filter(register__organisation_id=organisation_id, status=RiskStatus.OPEN)
        .order_by()
        .values_list(
            "register_id", "current_likelihood", "current_impact", "appetite", "review_date"
        )
    ):
        count = counts[register_id]
        count[0] += 1
        count[1] += core.above_appetite(likelihood * impact, appetite or scale.appetite)
        count[2] += review_date < today
    order = {kind: position for position, kind in enumerate(KIND_ORDER)}
    return [
        RegisterSummary(register, *counts[register.pk])
        for register in sorted(registers, key=lambda r: (order[r.kind], r.title))
    ]


KIND_ORDER = ("corporate", "directorate", "service", "partnership", "management_group")


def open_rows_by_register(
    register_ids, scale: core.RiskScale, today: date
) -> dict[int, list[RiskRow]]:
    """{register id: its open risks' rows, above appetite first} for several registers, in
    the same few queries however many registers and risks."""
    found: dict[int, list[RiskRow]] = {pk: [] for pk in register_ids}
    risks = with_reviews(Risk.objects.filter(register_id__in=list(found), status="open"))
    for risk in risks:
        found[risk.register_id].append(row_of(risk, scale, today))
    return {pk: ordered(rows) for pk, rows in found.items()}


def above_appetite_in(risks: QuerySet, scale: core.RiskScale, today: date) -> list[RiskRow]:
    """The open risks of `risks` above appetite, highest first (a pack's section)."""
    rows = [row_of(risk, scale, today) for risk in with_reviews(risks.filter(status="open"))]
    return [row for row in ordered(rows) if row.above_appetite]
