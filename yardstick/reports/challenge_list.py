"""The challenge list of an organisation: the measures whose targets deserve a second look,
grouped by why (`core.challenge_list` decides; docs/calculations.md, "The challenge list").

Each measure is read in the periods of its own kind (a monthly measure's months, a quarterly
one's quarters) up to the latest of them that has ended and has a figure the reader may see:
the ratings every page shows (`measures.shown.shown_ratings`), never rated again, and the SPC
assurance icon of the measure page's own chart (`measures.spc.spc_assurance`). A fixed number
of queries for each kind of period, whatever the number of measures.

Putting the list on a meeting's agenda adds an agenda item through the meetings service: its
summary is the list as it stands (the pack's agenda prints it); it is not updated afterwards.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from yardstick.accounts.access import Access
from yardstick.bounds import TEXT_LIMIT, Refused
from yardstick.core import challenge_list as rule
from yardstick.core import periods as core_periods
from yardstick.framework.models import Period, Theme, ThemeKind
from yardstick.measures.models import (
    Figure,
    Measure,
    SpcExclusion,
    SpcRecalculation,
    publishable,
    statuses_seen,
)
from yardstick.measures.queries import spc_baselines
from yardstick.measures.shown import Shown, shown_ratings
from yardstick.measures.spc import spc_assurance
from yardstick.meetings import services as meeting_services
from yardstick.meetings.models import AgendaItem, Meeting, MeetingStatus
from yardstick.organisations.models import OrganisationUnit, UnitKind
from yardstick.scorecards.rows import unit_and_below

AGENDA_TITLE = "Challenge list: targets to review"
AGENDA_PRESENTER = "Performance team"


@dataclass(frozen=True)
class Listed:
    """A measure on the list for one reason."""

    measure: Measure
    words: str  # why, in a sentence
    latest: Shown  # what it shows in the latest period of its kind the list is drawn for


@dataclass(frozen=True)
class Group:
    reason: rule.Reason
    heading: str
    entries: tuple[Listed, ...]


@dataclass(frozen=True)
class DrawnFor:
    """The latest period of one kind the list is drawn for, and how many measures of it."""

    noun: str  # 'quarter'
    period: Period
    measures: int


@dataclass(frozen=True)
class ChallengeList:
    runs: int
    margin: Decimal
    rule: str  # the rule as stated, with N and X
    groups: tuple[Group, ...]  # every reason, in order, each possibly empty
    drawn_for: tuple[DrawnFor, ...]
    measures: int  # how many measures were read

    @property
    def listed(self) -> int:
        """How many measures are on the list (once each, whatever the number of reasons)."""
        return len({entry.measure.id for group in self.groups for entry in group.entries})

    @property
    def margin_text(self) -> str:
        return rule.percent(self.margin)


def build_challenge_list(
    organisation_id: int,
    viewer: Access,
    runs: int,
    margin: Decimal,
    *,
    theme: Theme | None = None,
    unit: OrganisationUnit | None = None,
    today: date | None = None,
) -> ChallengeList:
    """The organisation's challenge list as `viewer` sees it (its active measures, or those
    of `theme`, or of `unit` and the units under it, or both), with N = `runs` and X =
    `margin`."""
    today = today or timezone.localdate()
    measures = Measure.objects.filter(organisation_id=organisation_id).active()
    if not viewer.reads_internally(organisation_id):
        measures = measures.filter(publishable())
    if theme is not None:
        measures = measures.filter(themes=theme)
    if unit is not None:
        measures = measures.filter(unit_id__in=unit_and_below(unit))
    measures = list(measures.order_by("code"))
    by_kind: dict[core_periods.PeriodType, list[Measure]] = defaultdict(list)
    for measure in measures:
        by_kind[core_periods.period_type_for(measure.frequency)].append(measure)
    recalculations, exclusions = defaultdict(list), defaultdict(list)
    if measures:
        for point in SpcRecalculation.objects.filter(measure__in=measures).order_by():
            recalculations[point.measure_id].append(point)
        for mark in SpcExclusion.objects.filter(measure__in=measures).order_by():
            exclusions[mark.measure_id].append(mark)
    baselines = spc_baselines(measures) if measures else {}
    found: dict[rule.Reason, list[Listed]] = defaultdict(list)
    drawn_for = []
    for kind in core_periods.PeriodType:
        if kind not in by_kind:
            continue
        of_kind = by_kind[kind]
        known = list(
            Period.objects.filter(organisation_id=organisation_id, type=kind)
            .select_related("organisation")
            .order_by("start", "end")
        )
        latest = _latest(of_kind, known, viewer, today)
        if latest is None:
            continue
        noun = core_periods.PERIOD_NOUNS[kind]
        drawn_for.append(DrawnFor(noun, latest, len(of_kind)))
        history = [period for period in known if period.end <= latest.end]
        shown = shown_ratings(of_kind, history, viewer, known=known)
        stored = {period.key: period for period in history}
        last = _last_keys(latest, runs)
        for measure in of_kind:
            ratings = []
            for key in last:
                period = stored.get(key)
                item = shown[(measure.id, period.id)] if period is not None else None
                ratings.append(None if item is None else rule.Rated(item.band, item.distance))
            series = [shown[(measure.id, period.id)] for period in history]
            assurance = spc_assurance(
                [item for item in series if item.reports],
                recalculations[measure.id],
                exclusions[measure.id],
                baselines.get(measure.id),
            )
            current = shown[(measure.id, latest.id)]
            for entry in rule.challenges(ratings, assurance, runs, margin, noun):
                found[entry.reason].append(Listed(measure, entry.words, current))
    return ChallengeList(
        runs=runs,
        margin=margin,
        rule=rule.rule_text(runs, margin),
        groups=tuple(
            Group(reason, rule.REASON_HEADINGS[reason], tuple(found[reason]))
            for reason in rule.Reason
        ),
        drawn_for=tuple(drawn_for),
        measures=len(measures),
    )


def _latest(measures: list[Measure], known: list[Period], viewer: Access, today: date):
    """The latest period of `known` that has ended by `today` and in which one of
    `measures` has a figure `viewer` may see on a page of many measures; None for none. One
    query."""
    ended = {period.id: period for period in known if period.end <= today}
    if not ended:
        return None
    period_id = (
        Figure.objects.filter(
            measure__in=measures, period_id__in=list(ended), status__in=statuses_seen(viewer)
        )
        .order_by("-period__end", "period__start")
        .values_list("period_id", flat=True)
        .first()
    )
    return ended.get(period_id)


def _last_keys(latest: Period, runs: int) -> list[str]:
    """The keys of the `runs` periods of `latest`'s kind ending with it, oldest first, whether
    or not each is stored: a period never created is a gap."""
    cores = [latest.as_core()]
    while len(cores) < runs:
        cores.insert(0, core_periods.previous(cores[0]))
    return [core.key for core in cores]


def themes_of(organisation_id: int) -> list[Theme]:
    """The strategic themes the organisation's active measures are in, for the filter."""
    return list(
        Theme.objects.filter(
            kind=ThemeKind.THEME,
            measures__in=Measure.objects.filter(organisation_id=organisation_id).active(),
        )
        .select_related("plan")
        .distinct()
        .order_by("plan__financial_year", "position", "title")
    )


def units_of(organisation_id: int) -> list[OrganisationUnit]:
    """The organisation's directorates and services, for the filter (a unit's list is its
    measures and those of the units under it)."""
    return list(
        OrganisationUnit.objects.filter(
            organisation_id=organisation_id, kind__in=(UnitKind.DIRECTORATE, UnitKind.SERVICE)
        ).order_by("name", "code")
    )


def _start_of(today: date) -> datetime:
    return timezone.make_aware(datetime.combine(today, time.min))


def upcoming_meetings(organisation_id: int, today: date | None = None) -> list[Meeting]:
    """The organisation's meetings the list may go on (`check_upcoming`'s rule as a query):
    planned (not yet held, their packs not yet published) and not yet happened (today or
    later), soonest first."""
    today = today or timezone.localdate()
    return list(
        Meeting.objects.filter(
            body__organisation_id=organisation_id,
            status=MeetingStatus.PLANNED,
            starts_at__gte=_start_of(today),
        )
        .select_related("body")
        .order_by("starts_at", "body__name")
    )


def check_upcoming(meeting: Meeting, today: date) -> None:
    """The rule for a meeting the list may go on: still planned, and on `today` or later
    (a meeting left marked Planned after its day has happened all the same). `Refused`,
    saying why, for any other."""
    if meeting.status != MeetingStatus.PLANNED:
        raise Refused(
            f"{meeting} is marked {meeting.get_status_display().lower()}: the list goes only "
            "on a planned meeting.",
            "meeting",
        )
    day = timezone.localdate(meeting.starts_at)
    if day < today:
        raise Refused(
            f"{meeting} was on {day:%-d %B %Y}, before today: the list goes only on a meeting "
            "still to come (today or later).",
            "meeting",
        )


def agenda_summary(listed: ChallengeList, today: date) -> str:
    """The list as the agenda item's summary (and so the pack's agenda) prints it: the rule,
    then each group's measures; cut short, saying how many more, to fit the summary's limit."""
    lines = [f"The challenge list as at {today:%-d %B %Y}. {listed.rule}"]
    for group in listed.groups:
        if not group.entries:
            continue
        lines.append("")
        lines.append(f"{group.heading} ({len(group.entries)})")
        lines += [f"- {e.measure.code} {e.measure.title}: {e.words}" for e in group.entries]
    if listed.listed == 0:
        lines.append("")
        lines.append("No measure is on the list.")
    text = "\n".join(lines)
    if len(text) <= TEXT_LIMIT:
        return text
    kept: list[str] = []
    for number, line in enumerate(lines):
        rest = sum(1 for later in lines[number:] if later.startswith("- "))
        tail = f"\n... and {rest} more entries: see the challenge list in Yardstick."
        if len("\n".join([*kept, line])) + len(tail) > TEXT_LIMIT:
            return "\n".join(kept) + tail
        kept.append(line)
    raise AssertionError("unreachable: the text was longer than the limit")  # pragma: no cover


def put_on_agenda(
    meeting: Meeting, listed: ChallengeList, acting_user, today: date | None = None
) -> AgendaItem:
    """Add the list, as it stands, to `meeting`'s agenda (the meetings service: the
    performance team's, audited); `Refused` for a meeting it may not go on
    (`check_upcoming`)."""
    today = today or timezone.localdate()
    check_upcoming(meeting, today)
    return meeting_services.add_agenda_item(
        meeting,
        f"{AGENDA_TITLE} ({listed.listed} listed)",
        agenda_summary(listed, today),
        AGENDA_PRESENTER,
        acting_user,
    )
