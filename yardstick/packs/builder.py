"""A meeting's pack, format-neutral: what each section holds, read from the data of the body's
scope for the period the meeting reviews, in the order and with the sections the performance
team chose. Every renderer (the page, PDF, Word) reads this object and nothing else, as the
Strategic Performance Report's renderers read `reports.strategic`.

The scope of a body (`Scope`): the organisation unit it oversees and every unit under it, its
partnership, or (neither) the whole council. A measure is in scope when its unit is in the
unit's branch, or it is the partnership's.

What each section holds:
- cover and agenda: the meeting, the period, the agenda items in order;
- actions from previous meetings: `meetings.queries.carried_forward` (date agreed, action,
  owner, outcome);
- exceptions: the exception rows (off target or deteriorated) of the scope's scorecards, once
  each, those the performance team marked "noted, no discussion needed" said so;
- achievements and challenges: per theme of the scope's scorecards (per scorecard when it has
  no theme), the theme's summary of achievements (signed off only: `reports.strategic.printable`)
  and the exceptions not marked noted;
- missing data: `dataquality.queries.data_quality`'s missing figures of the period, in scope;
- key projects: the key actions of the scorecards' themes with their progress in the period
  (for a unit, those owned by someone who heads or holds a role in a unit of its branch; for
  a partnership, those owned by its members);
- issues for decision: those put to the meeting;
- scrutiny recommendations: the open (or in progress) recommendations of scrutiny reviews
  for the scope's directorates (every one for the whole council; none for a partnership),
  and any recommendation put on this meeting's agenda (`scrutiny.tracker.pack_items`);
- risks above appetite: the open risks of the scope's registers (a unit's branch: its
  directorate's and services' registers; a partnership: its own and its management groups';
  the whole council: the corporate register) whose current score is above their appetite,
  highest first, as `risks.queries` orders and scores them;
- scorecards: the scope's own scorecards of the period's financial year (a unit's, a
  partnership's, or for the whole council those of neither); a unit or partnership with none
  of its own reads the council's scorecards narrowed to its measures.
Ratings are those a board is shown (`accounts.access.board`: figures signed off), so the pack
reads the same to every reader and can be kept as published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q
from django.utils.text import slugify

from yardstick.accounts.access import board
from yardstick.accounts.models import Membership
from yardstick.actions.models import ActionStatus as KeyActionStatus
from yardstick.actions.models import ActionUpdate, KeyAction
from yardstick.core.ratings import Band
from yardstick.dataquality.queries import choosable_periods, data_quality
from yardstick.framework.models import Period, ThemeSummary
from yardstick.measures.assessment import periods_like
from yardstick.measures.models import Measure
from yardstick.meetings import queries as meeting_queries
from yardstick.meetings.models import Body, Meeting
from yardstick.organisations.models import OrganisationUnit
from yardstick.packs.models import Pack, SectionKind
from yardstick.reports.renderers.common import Block, blocks
from yardstick.reports.strategic import financial_year_of, printable
from yardstick.risks import queries as risk_queries
from yardstick.risks.models import Register, RegisterKind, Risk
from yardstick.risks.services import scale_of
from yardstick.scorecards.challenges import Challenge, scorecard_challenges
from yardstick.scorecards.models import Scorecard
from yardstick.scorecards.rows import (
    Row,
    ScorecardReport,
    build_scorecard,
    key_for,
    narrowed,
)
from yardstick.scrutiny.tracker import ScrutinyItem, pack_items


@dataclass(frozen=True)
class Scope:
    """What a body oversees: a unit's branch, a partnership, or the whole council."""

    label: str
    unit_ids: frozenset[int] | None = None
    partnership_id: int | None = None

    @property
    def is_whole_council(self) -> bool:
        return self.unit_ids is None and self.partnership_id is None

    def covers(self, unit_id: int | None, partnership_id: int | None) -> bool:
        if self.unit_ids is not None:
            return unit_id in self.unit_ids
        if self.partnership_id is not None:
            return partnership_id == self.partnership_id
        return True


def scope_of(body: Body) -> Scope:
    """The body's scope; one query for a unit (its branch), none otherwise."""
    if body.unit_id is not None:
        children: dict[int | None, list[int]] = {}
        for unit_id, parent_id in OrganisationUnit.objects.filter(
            organisation_id=body.organisation_id
        ).values_list("id", "parent_id"):
            children.setdefault(parent_id, []).append(unit_id)
        branch, waiting = set(), [body.unit_id]
        while waiting:
            unit_id = waiting.pop()
            if unit_id not in branch:
                branch.add(unit_id)
                waiting.extend(children.get(unit_id, []))
        return Scope(body.unit.name, unit_ids=frozenset(branch))
    if body.partnership_id is not None:
        return Scope(body.partnership.name, partnership_id=body.partnership_id)
    return Scope("the whole council")


@dataclass(frozen=True)
class Section:
    kind: str  # a SectionKind value
    title: str
    anchor: str
    blocks: tuple[Block, ...] = ()  # a text section's paragraphs and lists


@dataclass(frozen=True)
class AgendaEntry:
    title: str
    summary: str
    presenter: str


@dataclass(frozen=True)
class CarriedAction:
    """A row of "Actions from previous meetings": date agreed, action, owner, outcome."""

    agreed_on: date
    text: str
    owner: str
    due: date | None
    status: str  # 'Open', 'Done', 'Dropped'
    outcome: str
    outcome_on: datetime | None
    overdue: bool


@dataclass(frozen=True)
class ExceptionItem:
    row: Row
    scorecard_title: str

    @property
    def noted(self) -> bool:
        return bool(self.row.noted_reason)


@dataclass(frozen=True)
class Group:
    """A theme (or a scorecard without one): its achievements and its challenges."""

    title: str
    anchor: str
    achievements: str
    challenges: tuple[Challenge, ...]  # `scorecards.challenges`: the report's rule and choices


@dataclass(frozen=True)
class MissingItem:
    code: str
    title: str
    directorate: str
    owner: str
    why: str
    deadline: date | None
    overdue: bool


@dataclass(frozen=True)
class ProjectItem:
    title: str
    theme: str
    owner: str
    progress: str
    status: str  # an actions.ActionStatus value, or '' with no update this period

    @property
    def status_label(self) -> str:
        return KeyActionStatus(self.status).label if self.status else "No update"


@dataclass(frozen=True)
class IssueItem:
    title: str
    question: str
    decision: str
    outcome: str
    decided_on: date | None


@dataclass(frozen=True)
class RiskItem:
    """A risk above appetite: its register, reference and title, owner, current score and
    band (with its colours' class), target, appetite, direction and review date."""

    register: str
    reference: str
    title: str
    owner: str
    current: str  # '20 Very high (4 × 5)'
    band_css: str
    target: str
    appetite: int
    direction: str
    review_date: date
    overdue: bool


@dataclass(frozen=True)
class MeetingPack:
    organisation_name: str
    body_name: str
    scope: Scope
    starts_at: datetime
    place: str
    period: Period
    sections: tuple[Section, ...]
    agenda: tuple[AgendaEntry, ...] = ()
    carried: tuple[CarriedAction, ...] = ()
    exceptions: tuple[ExceptionItem, ...] = ()
    groups: tuple[Group, ...] = ()
    missing: tuple[MissingItem, ...] = ()
    projects: tuple[ProjectItem, ...] = ()
    issues: tuple[IssueItem, ...] = ()
    scrutiny: tuple[ScrutinyItem, ...] = ()
    scorecards: tuple[ScorecardReport, ...] = ()
    risks: tuple[RiskItem, ...] = ()
    published_at: datetime | None = None

    @property
    def title(self) -> str:
        return f"{self.body_name}: performance pack, {self.starts_at:%-d %B %Y}"

    @property
    def to_discuss(self) -> tuple[ExceptionItem, ...]:
        return tuple(item for item in self.exceptions if not item.noted)

    @property
    def noted(self) -> tuple[ExceptionItem, ...]:
        return tuple(item for item in self.exceptions if item.noted)

    @property
    def key(self) -> tuple[tuple[Band, str], ...]:
        """The key to the bands shown anywhere in the pack (`scorecards.rows.key_for`)."""
        cells = [cell for report in self.scorecards for row in report.rows for cell in row.cells]
        cells += [item.row.current for item in self.exceptions]
        return key_for(cells)


def default_period(meeting: Meeting) -> Period | None:
    """The quarter the meeting reviews unless the team chooses another: the latest published
    or open quarter that ended before the meeting's day, else the latest that began before."""
    choices = periods_for(meeting)
    day = meeting.starts_at.date()
    return next((p for p in choices if p.end < day), choices[0] if choices else None)


def periods_for(meeting: Meeting) -> list[Period]:
    """The quarters a meeting's pack may review: those that began before the meeting, newest
    first (every period is published or open)."""
    return list(
        Period.objects.filter(
            organisation_id=meeting.body.organisation_id,
            type="quarter",
            start__lt=meeting.starts_at.date(),
        )
        .select_related("organisation")
        .order_by("-start")
    )


def _sections(pack: Pack) -> tuple[Section, ...]:
    sections = []
    for row in pack.sections.all():
        if not row.included:
            continue
        anchor = (
            f"section-{row.pk}-{slugify(row.heading)[:40]}"
            if row.kind == SectionKind.TEXT
            else f"section-{row.kind.replace('_', '-')}"
        )
        sections.append(
            Section(row.kind, row.title, anchor, tuple(blocks(row.text)) if row.text else ())
        )
    return tuple(sections)


def _carried(meeting: Meeting, today: date) -> tuple[CarriedAction, ...]:
    rows = meeting_queries.log_rows(meeting_queries.carried_forward(meeting), today)
    return tuple(
        CarriedAction(
            agreed_on=row.agreed_on,
            text=row.action.text,
            owner=row.action.owner_label,
            due=row.action.due,
            status=row.action.get_status_display(),
            outcome=row.outcome,
            outcome_on=row.outcome_on,
            overdue=row.overdue,
        )
        for row in rows
    )


def _scorecards(meeting: Meeting, period: Period, scope: Scope) -> tuple[ScorecardReport, ...]:
    organisation_id = meeting.body.organisation_id
    cards = list(
        Scorecard.objects.filter(
            organisation_id=organisation_id, financial_year=financial_year_of(period)
        )
        .select_related("theme")
        .order_by("position", "title")
    )
    council = [card for card in cards if card.unit_id is None and card.partnership_id is None]
    if scope.is_whole_council:
        own, narrow = council, False
    else:
        own = [card for card in cards if scope.covers(card.unit_id, card.partnership_id)]
        own, narrow = (own, False) if own else (council, True)
    if not own:
        return ()
    viewer = board(organisation_id)
    known = periods_like(period)
    reports = [build_scorecard(card, period, viewer, known=known) for card in own]
    if not narrow:
        return tuple(reports)
    in_scope = {
        measure_id
        for measure_id, unit_id, partnership_id in Measure.objects.filter(
            organisation_id=organisation_id
        ).values_list("id", "unit_id", "partnership_id")
        if scope.covers(unit_id, partnership_id)
    }
    return narrowed(reports, in_scope)


def _exceptions(reports: tuple[ScorecardReport, ...]) -> tuple[ExceptionItem, ...]:
    seen, items = set(), []
    for report in reports:
        for row in report.exceptions:
            if row.measure_id not in seen:
                seen.add(row.measure_id)
                items.append(ExceptionItem(row, report.scorecard.title))
    return tuple(items)


def _groups(reports: tuple[ScorecardReport, ...], period: Period) -> tuple[Group, ...]:
    challenges = scorecard_challenges(reports, board(period.organisation_id))
    theme_ids = {report.scorecard.theme_id for report in reports if report.scorecard.theme_id}
    summaries = {
        summary.theme_id: printable(summary, period, signed_off_only=True)
        for summary in ThemeSummary.objects.filter(theme_id__in=theme_ids, period=period)
    }
    groups = []
    for report in reports:
        theme = report.scorecard.theme
        title = theme.title if theme else report.scorecard.title
        groups.append(
            Group(
                title=title,
                anchor=f"group-{slugify(title)[:40]}-{report.scorecard.pk}",
                achievements=summaries.get(theme.pk, "") if theme else "",
                challenges=challenges.get(report.scorecard.pk, ()),
            )
        )
    return tuple(groups)


def _projects(
    reports: tuple[ScorecardReport, ...], period: Period, scope: Scope
) -> tuple[ProjectItem, ...]:
    theme_ids = {report.scorecard.theme_id for report in reports if report.scorecard.theme_id}
    actions = KeyAction.objects.filter(theme_id__in=theme_ids)
    if scope.unit_ids is not None:
        # A project's own unit when it has one; else its owner's place in the scope.
        people = Membership.objects.filter(unit_id__in=scope.unit_ids).values("user_id")
        heads = OrganisationUnit.objects.filter(pk__in=scope.unit_ids).values("head_id")
        actions = actions.filter(
            Q(unit_id__in=scope.unit_ids)
            | Q(unit__isnull=True) & (Q(owner_id__in=people) | Q(owner_id__in=heads))
        )
    elif scope.partnership_id is not None:
        actions = actions.filter(owner__partnerships=scope.partnership_id)
    actions = list(
        actions.select_related("owner", "theme").order_by("theme__position", "position", "id")
    )
    updates = {
        update.action_id: update
        for update in ActionUpdate.objects.signed_off().filter(action__in=actions, period=period)
    }
    return tuple(
        ProjectItem(
            title=action.title,
            theme=action.theme.title if action.theme else "",
            owner=(action.owner.get_full_name() or action.owner.username) if action.owner else "",
            progress=updates[action.pk].progress if action.pk in updates else "",
            status=updates[action.pk].status if action.pk in updates else "",
        )
        for action in actions
    )


def _missing(meeting: Meeting, period: Period, scope: Scope, today: date):
    organisation_id = meeting.body.organisation_id
    quality = data_quality(organisation_id, period, choosable_periods(organisation_id), today)
    return tuple(
        MissingItem(
            code=item.measure.code,
            title=item.measure.title,
            directorate=item.directorate,
            owner=item.owner,
            why=item.why,
            deadline=item.deadline,
            overdue=item.overdue,
        )
        for item in quality.missing
        if scope.covers(item.measure.unit_id, item.measure.partnership_id)
    )


def _scored_text(scored) -> str:
    if scored is None:
        return "Off the scale"
    return f"{scored.score} {scored.band.name} ({scored.likelihood} × {scored.impact})"


def _risks(body: Body, scope: Scope, today: date) -> tuple[RiskItem, ...]:
    registers = Register.objects.of(body.organisation_id)
    if scope.unit_ids is not None:
        registers = registers.filter(unit_id__in=scope.unit_ids)
    elif scope.partnership_id is not None:
        registers = registers.filter(
            Q(partnership_id=scope.partnership_id) | Q(body__partnership_id=scope.partnership_id)
        )
    else:
        registers = registers.filter(kind=RegisterKind.CORPORATE)
    rows = risk_queries.above_appetite_in(
        Risk.objects.filter(register__in=registers), scale_of(body.organisation_id), today
    )
    return tuple(
        RiskItem(
            register=row.risk.register.title,
            reference=row.risk.reference,
            title=row.risk.title,
            owner=row.risk.owner.get_full_name() or row.risk.owner.username,
            current=_scored_text(row.current),
            band_css=row.current.css if row.current else "band-none",
            target=_scored_text(row.target),
            appetite=row.appetite,
            direction=row.direction_text,
            review_date=row.risk.review_date,
            overdue=row.review_overdue,
        )
        for row in rows
    )


def build_pack(pack: Pack, *, today: date) -> MeetingPack:
    """The pack of `pack.meeting` for `pack.period`, with the sections included, in order.
    Only the data of included sections is read; a fixed number of queries whatever the number
    of actions, meetings or agenda items (one scorecard's worth per scorecard in scope)."""
    meeting = pack.meeting
    body = meeting.body
    period = pack.period
    scope = scope_of(body)
    sections = _sections(pack)
    kinds = {section.kind for section in sections}
    reports: tuple[ScorecardReport, ...] = ()
    if kinds & {
        SectionKind.EXCEPTIONS,
        SectionKind.ACHIEVEMENTS,
        SectionKind.KEY_PROJECTS,
        SectionKind.SCORECARDS,
    }:
        reports = _scorecards(meeting, period, scope)
    return MeetingPack(
        organisation_name=body.organisation.name,
        body_name=body.name,
        scope=scope,
        starts_at=meeting.starts_at,
        place=meeting.place,
        period=period,
        sections=sections,
        agenda=tuple(
            AgendaEntry(item.title, item.summary, item.presenter)
            for item in meeting.agenda_items.all()
        )
        if SectionKind.COVER in kinds
        else (),
        carried=_carried(meeting, today) if SectionKind.CARRIED_FORWARD in kinds else (),
        exceptions=_exceptions(reports) if SectionKind.EXCEPTIONS in kinds else (),
        groups=_groups(reports, period) if SectionKind.ACHIEVEMENTS in kinds else (),
        missing=_missing(meeting, period, scope, today)
        if SectionKind.MISSING_DATA in kinds
        else (),
        projects=_projects(reports, period, scope) if SectionKind.KEY_PROJECTS in kinds else (),
        issues=tuple(
            IssueItem(issue.title, issue.question, issue.decision, issue.outcome, issue.decided_on)
            for issue in meeting.issues.all()
        )
        if SectionKind.ISSUES in kinds
        else (),
        scrutiny=pack_items(
            body.organisation_id, scope.unit_ids, meeting, whole=scope.is_whole_council
        )
        if SectionKind.SCRUTINY in kinds
        else (),
        scorecards=reports if SectionKind.SCORECARDS in kinds else (),
        risks=_risks(body, scope, today) if SectionKind.RISKS in kinds else (),
        published_at=pack.published_at,
    )
