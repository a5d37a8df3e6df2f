"""The demo council's scrutiny review, written anew in the spirit of the 2011 seed (and as
synthetic as everything in the demo but its published scorecards): the Overview and Scrutiny
Committee's review "Making Performance Information Count", reported to Cabinet in April
2018, with a dozen recommendations grouped by directorate and by level, at every stage:
awaiting a response, accepted and not yet updated, in progress with dated updates, a
follow-up past due with no update (so `send_reminders` chases it), completed and closed with
their evidence, partly and not accepted; one put on the Resources Improvement Board's next
agenda, and a member's question for the committee's next meeting. Written through
`meetings.services` and `scrutiny.services`, as the performance team, the officers and a
scrutiny member would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from yardstick.accounts.models import User
from yardstick.framework.models import Period
from yardstick.measures.models import Measure
from yardstick.meetings.models import Body, BodyKind, Meeting, MeetingStatus
from yardstick.meetings.services import save_body, schedule_meeting, set_meeting_status
from yardstick.organisations.models import Organisation, OrganisationUnit
from yardstick.scrutiny.models import Recommendation, Review, ReviewStatus
from yardstick.scrutiny.services import (
    add_update,
    ask_question,
    close_recommendation,
    put_on_agenda,
    record_response,
    save_recommendation,
    save_review,
)

COMMITTEE = "Overview and Scrutiny Committee"
TITLE = "Making Performance Information Count"
SESSIONS = (date(2017, 11, 28), date(2018, 1, 23))  # the evidence sessions: the notes
NEXT_MEETING = date(2019, 3, 12)  # the committee's next: where questions go
CABINET = date(2018, 4, 19)
PLACE = "Committee Room 1, Civic Centre"


@dataclass(frozen=True)
class DemoRecommendation:
    group: str  # a directorate's code, or a level ("directorate", "corporate")
    officer: str
    text: str
    lead_in: str = ""
    session: int | None = None  # which evidence session it came from (0 or 1)
    response: str = ""  # "" (awaiting), accepted, partly, not_accepted
    response_text: str = ""
    follow_up: str = ""  # a period key ("2018-19 Q2") or an ISO day
    updates: tuple[tuple[date, str], ...] = ()
    closed: str = ""  # "completed" or "closed"
    evidence: str = ""
    measures: tuple[str, ...] = ()  # the codes of the measures it concerns


RECOMMENDATIONS = (
    DemoRecommendation(
        "RES",
        "tom",
        "Recommend that the directorate report the time taken to answer calls alongside "
        "the share answered, so the board sees the caller's experience as well as the "
        "service's.",
        lead_in="To make the Resources scorecard speak for residents, we:",
        session=0,
        response="accepted",
        response_text="Agreed. A measure of the average wait will join the Resources "
        "scorecard from Quarter 1 2018/19.",
        follow_up="2018-19 Q1",
        updates=(
            (
                date(2018, 7, 24),
                "The average wait is now on the scorecard, reported "
                "monthly to the Resources Improvement Board.",
            ),
        ),
        closed="completed",
        evidence="Measure on the 2018/19 Resources scorecard; first reported in July 2018.",
        measures=("BMBBF-10", "BMBBF-15"),
    ),
    DemoRecommendation(
        "RES",
        "lucy",
        "Recommend that sickness absence be reported each quarter with the trend over two "
        "years, so that seasonal peaks are not mistaken for change.",
        session=0,
        response="accepted",
        response_text="Agreed, subject to the new HR system's reports being ready.",
        follow_up="2018-19 Q3",
        updates=(
            (
                date(2018, 10, 30),
                "The HR system's report is built; testing with directorate managers in November.",
            ),
        ),
    ),
    DemoRecommendation(
        "RES",
        "tom",
        "Recommend that the directorate use its customer relationship management data to "
        "show which services generate repeat contact.",
        response="partly",
        response_text="Partly agreed: repeat contact can be shown for the contact centre "
        "now; for other channels once the new web forms are live.",
        follow_up="2019-02-28",
    ),
    DemoRecommendation(
        "COM",
        "rosa",
        "Recommend that the directorate develop local measures of street cleanliness that "
        "use residents' own reports as well as inspections.",
        lead_in="With regard to replacing the national indicators we:",
        session=1,
        response="accepted",
        response_text="We agree. Reports through the council's app will be counted by ward "
        "from Quarter 2.",
        follow_up="2018-19 Q2",
    ),
    DemoRecommendation(
        "COM",
        "mark",
        "Recommend that the time taken to relet council homes be reported with the number "
        "of homes empty for more than six months.",
        session=1,
        response="accepted",
        response_text="Agreed and in hand.",
        follow_up="2018-19 Q3",
        updates=(
            (date(2018, 9, 12), "Both measures are on the Community scorecard."),
            (
                date(2018, 12, 4),
                "The Community Improvement Board reviewed them in "
                "December; relet times have fallen for two quarters.",
            ),
        ),
    ),
    DemoRecommendation(
        "COM",
        "rosa",
        "Recommend that the leisure centre's contract measures be published each quarter.",
        response="not_accepted",
        response_text="Not accepted: the contract's commercial terms prevent quarterly "
        "publication. The annual summary will continue to be published.",
        closed="closed",
        evidence="Not accepted by Cabinet; the annual summary was published in June 2018.",
    ),
    DemoRecommendation(
        "PEO",
        "grace",
        "Recommend that the directorate develop in-year proxy measures for school "
        "attendance where the annual figures arrive too late to act on.",
        lead_in="So that the People scorecard gives early warning, we:",
        session=0,
        response="accepted",
        response_text="Agreed. Termly attendance for children looked after will be "
        "reported from the autumn term.",
        follow_up="2018-19 Q3",
        updates=(
            (
                date(2018, 11, 20),
                "Autumn term data is collected; the first report "
                "goes to the People Improvement Board in February.",
            ),
        ),
    ),
    DemoRecommendation(
        "PEO",
        "alan",
        "Recommend that the directorate report the outcomes of reablement, not only the "
        "number of people who receive it.",
        session=0,  # awaiting the executive's response
        measures=("PMVSF-19",),
    ),
    DemoRecommendation(
        "directorate",
        "priya",
        "That directorates review their scorecards each year for balance between measures "
        "of delivery, of residents' satisfaction and of value for money.",
        lead_in="In addition to the recommendations for each directorate we recommend:",
        session=1,
        response="accepted",
        response_text="Agreed. The performance team will facilitate the review during "
        "Quarter 4 each year.",
        follow_up="2019-03-29",
    ),
    DemoRecommendation(
        "directorate",
        "priya",
        "That directorates consider measures of data quality as part of their local "
        "management information.",
        response="accepted",
        response_text="Agreed. Each directorate will report the timeliness of its returns.",
        follow_up="2018-19 Q2",
        updates=(
            (
                date(2018, 5, 15),
                "Timeliness of returns is shown on the data quality page for every directorate.",
            ),
        ),
    ),
    DemoRecommendation(
        "corporate",
        "priya",
        "That performance be reported where it can be influenced, and where the portfolio "
        "holder and officer can be held to account.",
        session=1,
        response="accepted",
        response_text="Agreed. Each portfolio holder receives their measures from "
        "Quarter 1 2018/19.",
        updates=((date(2018, 8, 1), "Portfolio pages are live for every Cabinet member."),),
        closed="completed",
        evidence="Portfolio pages in use since August 2018; reported to Cabinet in September.",
    ),
    DemoRecommendation(
        "corporate",
        "daniel",
        "That the benefits of corporate projects be measured after they close, and "
        "reported to the Corporate Strategy Board.",
        response="accepted",
        response_text="Agreed. Benefits reviews are due within six months of a project's close.",
        follow_up="2018-19 Q3",
    ),
)


def _at(day: date, hour: int = 19) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


def create_scrutiny(
    organisation_: Organisation,
    units: dict[str, OrganisationUnit],
    team: dict[str, User],
    performance: User,
) -> int:
    """The committee, its meetings, the review and its recommendations; returns how many
    recommendations."""
    members = [team[name] for name in ("margaret", "joseph") if name in team]
    committee = save_body(
        Body(organisation=organisation_, name=COMMITTEE, kind=BodyKind.SCRUTINY_COMMITTEE),
        performance,
        reason="Demo: the council's scrutiny committee",
        members=members,
    )
    sessions = []
    for day in SESSIONS:
        meeting = schedule_meeting(committee, _at(day), PLACE, performance, today=date(2018, 12, 1))
        set_meeting_status(meeting, MeetingStatus.MINUTES_APPROVED, performance)
        sessions.append(meeting)
    schedule_meeting(committee, _at(NEXT_MEETING), PLACE, performance, today=date(2018, 12, 1))
    review = save_review(
        Review(
            organisation=organisation_,
            title=TITLE,
            body=committee,
            scope="How the council uses performance information to improve services and to "
            "hold the executive to account: the directorates' scorecards, the measures "
            "councillors see, and what residents are told.",
            started_on=date(2017, 10, 1),
            ended_on=date(2018, 3, 20),
            status=ReviewStatus.MONITORING,
            summary="The attached report sets out the findings and recommendations of the "
            "scrutiny review of the council's use of performance information. (Synthetic: "
            "the demo council's review, written for the demo.)",
            decisions_sought="Agree the report of the review group\n"
            "Refer the report to Cabinet for consideration",
            reasons="The review looked at each directorate's scorecard with its managers, "
            "and at how councillors and residents see the council's performance. It "
            "found that the scorecards serve the boards well but say little of residents' "
            "experience, and that annual measures leave the boards without early warning.",
            financial="Not required at this stage. Cabinet will consider any financial "
            "implications when it decides whether to accept the recommendations.",
            legal="None arising from this report.",
            equalities="The recommendations on residents' feedback should help the council "
            "hear from groups who use its services most.",
            risk="Not required at this stage. Cabinet will consider the risks when it "
            "decides whether to accept the recommendations.",
            contact="Demo Scrutiny Officer, scrutiny@demo.example (synthetic).",
        ),
        performance,
        reason="Demo: the review as reported",
        members=members,
        today=date(2018, 12, 1),
    )
    periods = {p.key: p for p in Period.objects.filter(organisation=organisation_)}
    measures = {m.code: m for m in Measure.objects.filter(organisation=organisation_)}
    made = []
    for number, given in enumerate(RECOMMENDATIONS, start=1):
        recommendation = Recommendation(
            review=review,
            number=number,
            lead_in=given.lead_in,
            text=given.text,
            unit=units.get(given.group),
            level="" if given.group in units else given.group,
            source_meeting=sessions[given.session] if given.session is not None else None,
            officer=team.get(given.officer),
        )
        if given.follow_up in periods:
            recommendation.follow_up_period = periods[given.follow_up]
        elif given.follow_up:  # a day
            recommendation.follow_up_on = date.fromisoformat(given.follow_up)
        save_recommendation(
            recommendation,
            performance,
            reason="Demo: from the review's report",
            concerns={"measures": [m for code in given.measures if (m := measures.get(code))]},
            today=date(2018, 12, 1),
        )
        if given.response:
            record_response(
                recommendation, given.response, given.response_text, CABINET, performance
            )
        for day, text in given.updates:
            add_update(recommendation, text, team.get(given.officer) or performance, dated=day)
        if given.closed:
            close_recommendation(
                recommendation,
                given.evidence,
                performance,
                status=given.closed,
                today=given.updates[-1][0] if given.updates else CABINET,
            )
        made.append(recommendation)
    ask_question(
        made[1],
        "Will the two-year trend be ready for the committee's March meeting?",
        team.get("margaret") or performance,
        now=_at(date(2019, 1, 15), 12),
    )
    board = Meeting.objects.filter(
        body__organisation=organisation_, body__name="Resources Improvement Board"
    )
    coming = board.filter(starts_at__date__gt=date(2019, 1, 1)).order_by("starts_at").first()
    if coming is not None:
        put_on_agenda(made[2], coming, performance)
    return len(made)
