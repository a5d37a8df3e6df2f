"""The demo council's boards and their meetings in 2018/19: a corporate board, an Improvement
Board for each directorate, and the partnership's board with one management group; three
meetings held by each and the next one planned, with actions agreed, updated, closed and
carried forward. The next meetings of the corporate board and of the Resources Improvement
Board have an agenda and an issue for decision; the corporate board's pack is a draft, the
Resources board's is published (`create_packs`, once the open quarter's figures are in). All
synthetic, written through `meetings.services` and `packs.services` as a performance officer
would record them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from yardstick.accounts.models import User
from yardstick.actions.models import KeyAction
from yardstick.measures.models import Measure
from yardstick.meetings.models import (
    ActionStatus,
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
    Partner,
    PartnerPerson,
    Presence,
    Sector,
)
from yardstick.meetings.services import (
    ActionInput,
    Present,
    add_agenda_item,
    agree_action,
    raise_issue,
    record_attendance,
    record_decision,
    record_minutes,
    schedule_meeting,
    set_meeting_status,
    update_action,
)
from yardstick.organisations.models import Organisation, OrganisationUnit, Partnership
from yardstick.packs.services import add_section, arrange_sections, publish_pack, start_pack

PLACE = "Committee Room 2, Civic Centre"
MEETING_DAYS = (date(2018, 6, 19), date(2018, 9, 18), date(2018, 12, 11), date(2019, 2, 19))
HELD = 3  # the first three have been held; the fourth is the next one


@dataclass(frozen=True)
class DemoBody:
    name: str
    short_name: str
    kind: str
    unit: str  # a directorate's code, or ""
    chair: str
    members: tuple[str, ...]
    lead: str  # who owns its actions, most often
    topic: str  # what its actions are about


BODIES = (
    DemoBody(
        "Corporate Strategy Board",
        "CSB",
        BodyKind.CORPORATE_BOARD,
        "",
        "daniel",
        ("daniel", "helen", "samira", "priya"),
        "priya",
        "the Strategic Performance Report",
    ),
    DemoBody(
        "Resources Improvement Board",
        "RIB",
        BodyKind.IMPROVEMENT_BOARD,
        "RES",
        "daniel",
        ("daniel", "tom", "lucy", "priya"),
        "tom",
        "customer contact and sickness absence",
    ),
    DemoBody(
        "Community Improvement Board",
        "CIB",
        BodyKind.IMPROVEMENT_BOARD,
        "COM",
        "helen",
        ("helen", "rosa", "mark", "priya"),
        "rosa",
        "recycling and housing supply",
    ),
    DemoBody(
        "People Improvement Board",
        "PIB",
        BodyKind.IMPROVEMENT_BOARD,
        "PEO",
        "samira",
        ("samira", "grace", "alan", "priya"),
        "grace",
        "children's social care and schools",
    ),
)
PARTNERSHIP_BOARD = DemoBody(
    "Safer Demo Partnership Board", "SDPB", BodyKind.PARTNERSHIP_BOARD, "", "helen",
    ("helen", "mark", "anita"), "mark", "crime and anti-social behaviour",
)  # fmt: skip
MANAGEMENT_GROUP = DemoBody(
    "Anti-social Behaviour Management Group", "ASBMG", BodyKind.MANAGEMENT_GROUP, "", "mark",
    ("mark", "anita"), "mark", "anti-social behaviour hot spots",
)  # fmt: skip


# The partnership's partner organisations and the people who sit on its board and group:
# synthetic, as everything in the demo but its published scorecards.
PARTNERS = (
    ("Demo Borough NHS Trust", Sector.NHS, (("Dr Sam Okafor", "Director of Public Health"),)),
    ("Demo Police Borough Command", Sector.POLICE, (("Ch Supt Jo Lane", "Borough Commander"),)),
    (
        "Demo Voluntary Action",
        Sector.VOLUNTARY,
        (("Ruth Adeyemi", "Chief Executive"), ("Tom Price", "Community Safety Lead")),
    ),
)


def _partners(organisation_: Organisation, board: Body, group: Body) -> None:
    for name, sector, people in PARTNERS:
        partner = Partner.objects.create(organisation=organisation_, name=name, sector=sector)
        board.partners.add(partner)
        for position, (person, title) in enumerate(people):
            member = PartnerPerson.objects.create(partner=partner, name=person, job_title=title)
            board.partner_members.add(member)
            if sector != Sector.NHS and position == len(people) - 1:
                group.partners.add(partner)
                group.partner_members.add(member)


def _attendance(meeting: Meeting, number: int, performance: User) -> None:
    """Every member present but one sending apologies (a different one each meeting), the
    partners' people present, and the officer who presented the performance report."""
    members = list(meeting.body.members.order_by("username"))
    absent = members[number % len(members)] if len(members) > 2 else None
    people = [
        Present(Presence.APOLOGIES if person == absent else Presence.ATTENDED, user=person)
        for person in members
    ]
    people += [
        Present(Presence.ATTENDED, partner_person=person)
        for person in meeting.body.partner_members.all()
    ]
    people.append(Present(Presence.ATTENDED, name="Priya Shah (performance team)"))
    record_attendance(meeting, people, performance)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def create_meetings(
    organisation_: Organisation,
    units: dict[str, OrganisationUnit],
    partnership: Partnership,
    team: dict[str, User],
    performance: User,
) -> tuple[int, int]:
    """Create the bodies, their meetings and actions; returns how many of each kind."""
    bodies = []
    for demo in BODIES:
        unit = units.get(demo.unit)
        bodies.append((demo, _body(organisation_, demo, team, performance, unit=unit)))
    board = _body(organisation_, PARTNERSHIP_BOARD, team, performance, partnership=partnership)
    group = _body(
        organisation_, MANAGEMENT_GROUP, team, performance, partnership=partnership, parent=board
    )
    bodies += [(PARTNERSHIP_BOARD, board), (MANAGEMENT_GROUP, group)]
    _partners(organisation_, board, group)
    actions = 0
    for demo, body in bodies:
        meetings = [schedule_meeting(body, _at(day), PLACE, performance) for day in MEETING_DAYS]
        for number, meeting in enumerate(meetings[:HELD]):
            set_meeting_status(meeting, MeetingStatus.MINUTES_APPROVED, performance)
            _attendance(meeting, number, performance)
        actions += _actions(demo, meetings, team, performance, owner_body=group)
        if demo.name in WITH_PACKS:
            december = _agenda(demo, meetings[HELD - 1], team, performance)
            record_minutes(
                meetings[HELD - 1],
                "The chair welcomed members. The minutes of September were agreed as a true "
                "record.",
                {
                    item.pk: text
                    for item, text in zip(
                        meetings[HELD - 1].agenda_items.all(),
                        (
                            "Apologies as recorded; the September minutes were agreed.",
                            "The board went through the log: one action closed, two carried "
                            "forward.",
                            f"The board noted the quarter's exceptions in {demo.topic} and "
                            "asked for a recovery plan for the red measures.",
                            "None.",
                        ),
                        strict=False,
                    )
                },
                performance,
            )
            record_decision(
                december,
                "Keep this year's targets; review them with the Q3 figures in February.",
                "Targets reviewed at the February meeting.",
                None,
                performance,
            )
            _agenda(demo, meetings[HELD], team, performance)
    return len(bodies), actions


# The bodies whose last two meetings have an agenda, an issue for decision and a pack: the
# first's December pack was published (and the meeting held since), the February packs are
# drafts.
WITH_PACKS = ("Resources Improvement Board", "Corporate Strategy Board")


def _agenda(demo: DemoBody, meeting: Meeting, team, performance):
    """An agenda and an issue for decision for `meeting`; returns the issue."""
    lead = team[demo.lead]
    quarter = "Q2" if meeting.starts_at.month == 12 else "Q3"
    for title, summary, presenter in (
        ("Apologies and minutes of the last meeting", "", "Chair"),
        ("Actions from previous meetings", "The action log, carried forward.", "Priya Shah"),
        (
            f"{quarter} 2018/19 performance: {demo.topic}",
            "The exceptions and the missing data for the quarter.",
            lead.get_full_name() or lead.username,
        ),
        ("Any other business", "", "Chair"),
    ):
        add_agenda_item(meeting, title, summary, presenter, performance)
    return raise_issue(
        meeting,
        f"Targets for {demo.topic} in 2019/20",
        f"Whether to keep this year's targets for {demo.topic} for 2019/20 or set stretch "
        "targets, given the quarter's results.",
        performance,
    )


def create_packs(organisation_: Organisation, performance: User) -> tuple[int, int]:
    """The packs of the bodies in WITH_PACKS: the first body's December pack (reviewing the
    published Q2 2018/19) published before that meeting, which has been held since; and the
    February packs (reviewing the open Q3) as drafts. Returns (packs, published)."""
    packs = published = 0
    for position, name in enumerate(WITH_PACKS):
        days = (
            (MEETING_DAYS[HELD - 1], MEETING_DAYS[HELD]) if position == 0 else MEETING_DAYS[HELD:]
        )
        for day in days:
            meeting = Meeting.objects.select_related("body").get(
                body__organisation=organisation_, body__name=name, starts_at=_at(day)
            )
            pack = _pack(meeting, performance)
            packs += 1
            if day < MEETING_DAYS[HELD]:
                publish_pack(pack, performance, now=_at(date(2018, 12, 4)))
                set_meeting_status(meeting, MeetingStatus.MINUTES_APPROVED, performance)
                published += 1
    return packs, published


def _pack(meeting: Meeting, performance: User):
    """The meeting's pack, with an introduction of the team's own first."""
    pack = start_pack(meeting, performance)
    add_section(
        pack,
        "Introduction",
        f"This pack brings together, for {meeting.body.name}, the actions from previous "
        "meetings, the quarter's achievements and exceptions, the key projects, the figures "
        "still missing and the scorecards.\n\nThe figures are synthetic, as is everything "
        "in the demo council except its published scorecards.",
        performance,
    )
    introduction = pack.sections.get(kind="text")
    order = [introduction.pk, *(s.pk for s in pack.sections.all() if s.pk != introduction.pk)]
    arrange_sections(
        pack, [(pk, place, True) for place, pk in enumerate(order, start=1)], performance
    )
    return pack


def _body(organisation_, demo: DemoBody, team, performance, **scope) -> Body:
    body = Body(
        organisation=organisation_,
        name=demo.name,
        short_name=demo.short_name,
        kind=demo.kind,
        chair=team[demo.chair],
        **scope,
    )
    body._history_user = performance
    body._change_reason = "Demo council set up"
    body.full_clean()
    body.save()
    body.members.set([team[username] for username in demo.members])
    return body


def _actions(demo: DemoBody, meetings: list[Meeting], team, performance, owner_body) -> int:
    """Four actions a body: one done by its second meeting, one open all year (the
    partnership board's owned by its management group, the others' by all members), one
    overdue since its third, one just agreed."""
    lead = team[demo.lead]
    first, second, third = meetings[:HELD]
    done = agree_action(
        first,
        ActionInput(
            f"That the next meeting receive a report on the quarter's exceptions in {demo.topic}.",
            owner=lead,
            due=date(2018, 9, 1),
        ),
        performance,
    )
    update_action(
        done,
        "Reported to the September meeting with the exceptions and the recovery plan.",
        ActionStatus.DONE,
        lead,
        now=_at(date(2018, 9, 10)),
    )
    standing = agree_action(
        first,
        ActionInput(
            f"That the performance report be used to identify issues in {demo.topic} to be "
            "publicised.",
            owner_body=owner_body if demo is PARTNERSHIP_BOARD else None,
            owner_name="" if demo is PARTNERSHIP_BOARD else "All",
        ),
        performance,
    )
    update_action(
        standing,
        "Considered at each meeting; two press releases issued this year.",
        ActionStatus.OPEN,
        performance,
        now=_at(date(2018, 12, 4)),
    )
    overdue = agree_action(
        second,
        ActionInput(
            f"That an action plan for {demo.topic} be brought to the December meeting.",
            owner=lead,
            due=date(2018, 11, 30),
            measure=Measure.objects.filter(owner=lead).order_by("code").first(),
        ),
        performance,
    )
    update_action(
        overdue,
        "A draft plan is with the directorate management team; to follow in January.",
        ActionStatus.OPEN,
        lead,
        now=_at(date(2018, 12, 5)),
    )
    agree_action(
        third,
        ActionInput(
            f"That the data quality of the {demo.topic} measures be reviewed before the "
            "February meeting.",
            owner=lead,
            due=date(2019, 2, 1),
            key_action=KeyAction.objects.filter(owner=lead).order_by("code").first(),
        ),
        performance,
    )
    return 4
