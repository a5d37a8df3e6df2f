"""The key challenges of a theme's scorecard in a period: the one rule the Strategic
Performance Report (every format), its choices page and the meeting packs read.

The rule: a measure on the scorecard is a key challenge when its latest available figure, as
the reader may see it, is rated Amber, Low Red or High Red (Red on a three-band key:
`core.ratings.CHALLENGE_BANDS`). The latest available figure is the period's own, or, for a
measure with no figure in the period (reported in arrears, or annual), its latest figure in
the year before, named with the period it was reported in ("Q1 2018/19, reported in
arrears"). A green figure that dipped is not a challenge; an exception the performance team
marked "noted, no discussion needed" is not one either.

The performance team's choices (`KeyChallenge`) come on top: a measure included though the
rule would not list it (an owner may include their own measure), a measure left out, and the
order. Everything is read in a fixed number of queries, whatever the number of measures."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, replace

from yardstick.accounts.access import Access
from yardstick.core.periods import Frequency
from yardstick.core.ratings import is_challenge
from yardstick.core.trend import Trend
from yardstick.framework.models import Period
from yardstick.measures.assessment import periods_like
from yardstick.measures.models import Figure, Measure, publishable
from yardstick.measures.shown import Summary, shown_summaries
from yardstick.scorecards.models import ChallengeChoice, KeyChallenge, ScorecardEntry
from yardstick.scorecards.rows import Cell, ScorecardReport


@dataclass(frozen=True)
class Challenge:
    """One key challenge: the measure, the figure it is listed on (`current`: the period's,
    or the latest available one, `when` naming the period) and that figure's commentary.
    Its attributes are named as a scorecard `Row`'s, so every output prints it alike."""

    measure_id: int
    number: str
    code: str
    title: str
    current: Cell
    when: str  # 'Q2 2018/19'; 'Q1 2018/19, reported in arrears'; 'Q1 2018/19, annual figure'
    latest: bool  # False: the figure is not the period's own
    trend: Trend | None
    trend_symbol: str
    trend_text: str
    commentary: str
    proposed_action: str
    by_rule: bool  # listed by the rule (False: included by the team or the owner)
    left_out: bool = False  # listed by the rule but left out (only in `with_left_out`)
    left_out_reason: str = ""  # why it is left out (the team's reason; only when left out)
    # The commentary the published report (the public's) may print: what the owner marked
    # for publication (`Figure.public_commentary`).
    public_commentary: str = ""

    @property
    def needs_commentary(self) -> bool:
        return not self.commentary.strip()

    @property
    def unpublished_commentary(self) -> bool:
        """Nothing the published report can print: no commentary, or none marked for
        publication."""
        return not self.public_commentary.strip()

    @property
    def how_chosen(self) -> str:
        if self.left_out:
            return "Left out by the performance team"
        return "By the rule" if self.by_rule else "Included by choice"


@dataclass(frozen=True)
class _Latest:
    summary: Summary | None
    period: Period


def _when(summary: Summary, period: Period, report_period: Period, measure: Measure) -> str:
    """The period a figure covers, said as the report prints it: 'Q2 2018/19'; an earlier
    figure 'Q1 2018/19, reported in arrears' (a measure with a reporting lag), 'Q1 2018/19,
    annual figure', or 'Q1 2018/19, latest figure available'."""
    text = summary.period_label
    if period.pk != report_period.pk:
        if measure.reporting_lag_months:
            text += ", reported in arrears"
        elif measure.frequency == Frequency.ANNUAL:
            text += ", annual figure"
        else:
            text += ", latest figure available"
    if summary.data_covers:
        text += f", data covering {summary.data_covers}"
    return text


def _year_before(day: datetime.date) -> datetime.date:
    return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)


def _recent(report_period: Period, known: list[Period]) -> list[Period]:
    """How far back a measure's latest available figure may be: the report's period and
    those of its kind ending in the year before it (a quarterly report: the last four
    quarters, so an annual measure's figure stays its latest until the next is due), latest
    first."""
    since = _year_before(report_period.end)
    recent = [p for p in known if since < p.end <= report_period.end]
    return sorted(recent, key=lambda p: (p.end, p.start), reverse=True)


def scorecard_challenges(
    reports: Iterable[ScorecardReport], viewer: Access, *, with_left_out: bool = False
) -> dict[int, tuple[Challenge, ...]]:
    """{scorecard id: its key challenges in its period, in order} for reports of kept
    scorecards of one period (a report's themes, a pack's scorecards). A report narrowed to
    some of its rows (`rows.narrowed`) lists only challenges among those measures and the
    scorecard's measures that show no row this period (annual ones). `with_left_out` lists
    the measures the rule would list but the team left out too, marked, for the choices page.
    Seven queries or so, whatever the number of scorecards and measures."""
    reports = [report for report in reports if report.scorecard.pk is not None]
    if not reports:
        return {}
    period = reports[0].period
    ids = [report.scorecard.pk for report in reports]
    entries: dict[int, list[int]] = {pk: [] for pk in ids}
    numbers: dict[tuple[int, int], str] = {}
    for scorecard_id, measure_id, number in (
        ScorecardEntry.objects.filter(scorecard_id__in=ids)
        .order_by("section__position", "position")
        .values_list("scorecard_id", "measure_id", "number")
    ):
        entries[scorecard_id].append(measure_id)
        numbers[(scorecard_id, measure_id)] = number
    choices: dict[tuple[int, int], KeyChallenge] = {
        (choice.scorecard_id, choice.measure_id): choice
        for choice in KeyChallenge.objects.filter(scorecard_id__in=ids, period=period)
    }
    candidates = {
        report.scorecard.pk: [
            measure_id
            for measure_id in entries[report.scorecard.pk]
            if report.narrowed_to is None or measure_id in report.narrowed_to
        ]
        for report in reports
    }
    internal = viewer.reads_internally(period.organisation_id)
    every = {measure_id for found in candidates.values() for measure_id in found}
    query = Measure.objects.filter(pk__in=every).order_by()
    if not internal:
        query = query.filter(publishable())  # as the scorecard leaves them out
    measures = {measure.pk: measure for measure in query}
    known = periods_like(period)
    recent = _recent(period, known)
    shown = shown_summaries(list(measures.values()), recent, viewer, known=known) if recent else {}
    # Figures with a value ("Not available" is a figure, with none): a rated figure counts too
    # (a quarter made from a monthly measure's months has no figure row of its own).
    valued = set(
        Figure.objects.filter(measure_id__in=measures, period__in=recent, value__isnull=False)
        .order_by()
        .values_list("measure_id", "period_id")
    )
    found: dict[int, tuple[Challenge, ...]] = {}
    for report in reports:
        noted = {row.measure_id for row in report.rows if row.noted_reason}
        listed: list[tuple[tuple, Challenge]] = []
        for index, measure_id in enumerate(candidates[report.scorecard.pk]):
            measure = measures.get(measure_id)
            if measure is None:
                continue
            latest = _latest(measure, recent, shown, valued)
            choice = choices.get((report.scorecard.pk, measure_id))
            by_rule = (
                latest.summary is not None
                and is_challenge(latest.summary.band)
                and measure_id not in noted
            )
            included = choice is not None and choice.choice == ChallengeChoice.INCLUDE
            left_out = choice is not None and choice.choice == ChallengeChoice.LEAVE_OUT
            if not (by_rule or included):
                continue
            if left_out and not with_left_out:
                continue
            challenge = _challenge(
                measure,
                numbers[(report.scorecard.pk, measure_id)],
                latest,
                period,
                internal,
                by_rule=by_rule,
                left_out=left_out,
            )
            if left_out:
                challenge = replace(challenge, left_out_reason=choice.reason)
            position = choice.position if choice and choice.position is not None else 10**6
            listed.append(((position, index), challenge))
        found[report.scorecard.pk] = tuple(challenge for _, challenge in sorted(listed))
    return found


def _latest(measure: Measure, recent: list[Period], shown: dict, valued: set) -> _Latest:
    """The measure's latest figure among `recent` (latest first), as the reader sees it: the
    period's own if it has one; else the latest before it; else none (the period's, to print
    its target)."""
    for period in recent:
        summary = shown.get((measure.pk, period.pk))
        if summary is None or not summary.actual or summary.not_signed_off:
            continue
        if summary.band is not None or (measure.pk, period.pk) in valued:
            return _Latest(summary, period)
    first = recent[0] if recent else None
    return _Latest(shown.get((measure.pk, first.pk)) if first else None, first)


def _challenge(
    measure: Measure,
    number: str,
    latest: _Latest,
    period: Period,
    internal: bool,
    *,
    by_rule: bool,
    left_out: bool,
) -> Challenge:
    summary = latest.summary
    if summary is None:
        cell = Cell(period_label=period.label)
        return Challenge(
            measure_id=measure.pk,
            number=number or measure.code,
            code=measure.code,
            title=measure.title,
            current=cell,
            when=period.label,
            latest=True,
            trend=None,
            trend_symbol="",
            trend_text="",
            commentary="",
            proposed_action="",
            by_rule=by_rule,
            left_out=left_out,
        )
    return Challenge(
        measure_id=measure.pk,
        number=number or measure.code,
        code=measure.code,
        title=measure.title,
        current=Cell.of(summary),
        when=_when(summary, latest.period, period, measure),
        latest=latest.period.pk == period.pk,
        trend=summary.trend,
        trend_symbol=summary.direction.symbol,
        trend_text=summary.direction.text,
        # A reader outside the council reads only what the owner published.
        commentary=summary.commentary if internal else summary.public_commentary,
        proposed_action=summary.proposed_action if internal else "",
        by_rule=by_rule,
        left_out=left_out,
        public_commentary=summary.public_commentary,
    )
