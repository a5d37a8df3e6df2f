"""The demo council's risk registers: the corporate register, the People and Community
directorates', the Safer Demo Partnership's and its anti-social behaviour management group's
(built, as the partnership report's groups built theirs, at a risk workshop), with risks
escalated from the directorates to the corporate register and from the group to the
partnership, and a year of quarterly reviews. Everything here is synthetic, and entered
through `risks.services` as a council's officers would enter it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from yardstick.accounts.models import User
from yardstick.actions.models import KeyAction
from yardstick.framework.models import Theme
from yardstick.measures.models import Measure
from yardstick.meetings.models import Body, BodyKind, Partner
from yardstick.organisations.models import Organisation, OrganisationUnit, Partnership
from yardstick.risks import services
from yardstick.risks.models import Register, RegisterKind, Risk, RiskScale

REASON = "Demo council (synthetic)"
IDENTIFIED = date(2018, 4, 20)  # the risk workshops of April 2018
# The quarterly reviews after it: each (day, next review).
REVIEWS = ((date(2018, 7, 12), date(2018, 10, 11)), (date(2018, 10, 11), date(2019, 1, 17)))


@dataclass(frozen=True)
class DemoRisk:
    register: str  # the register's code
    title: str
    category: str
    owner: str
    cause: str
    event: str
    effect: str
    inherent: tuple[int, int]
    current: tuple[int, int]  # when identified
    target: tuple[int, int]
    reviews: tuple[tuple[int, int], ...]  # the current score at each later review
    controls: tuple[str, ...] = ()
    action: tuple[str, str, date] | None = None  # text, owner, due
    measures: tuple[str, ...] = ()  # codes, where the demo has them
    partners: bool = False
    escalate_to: str = ""  # a register's code


REGISTERS = (
    ("CORP", RegisterKind.CORPORATE, "Corporate risk register"),
    ("RES", RegisterKind.DIRECTORATE, "Resources directorate risk register"),
    ("PEO", RegisterKind.DIRECTORATE, "People directorate risk register"),
    ("COM", RegisterKind.DIRECTORATE, "Community directorate risk register"),
    ("SDP", RegisterKind.PARTNERSHIP, "Safer Demo Partnership risk register"),
    ("ASBMG", RegisterKind.MANAGEMENT_GROUP, "Anti-social behaviour group risk register"),
)

RISKS = (
    DemoRisk(
        "CORP", "Medium-term budget gap is not closed", "financial", "daniel",
        "Reduced grant settlements and rising demand for care.",
        "The council cannot set a balanced budget for 2019/20 without drawing on reserves.",
        "Unplanned cuts to services; reserves fall below the prudent minimum.",
        (5, 5), (4, 4), (2, 4), ((4, 4), (3, 4)),
        ("Quarterly budget monitoring to Cabinet", "Savings tracker reviewed by the Corporate "
         "Strategy Board"),
        ("Agree the 2019/20 savings proposals", "daniel", date(2019, 2, 20)),
    ),
    DemoRisk(
        "CORP", "Cyber attack disrupts council services", "information", "tom",
        "Out-of-date systems and phishing aimed at staff.",
        "Ransomware takes core systems offline.",
        "Residents cannot reach services; personal data is lost.",
        (4, 5), (3, 5), (2, 4), ((3, 5), (3, 4)),
        ("Patching within 14 days", "Annual phishing training for all staff"),
    ),
    DemoRisk(
        "RES", "Council Tax collection falls short of its target", "financial", "tom",
        "Rising arrears as households' incomes are squeezed, and Universal Credit's delays.",
        "In-year collection falls below 97%.",
        "Less income for the council's budget; more cases sent for enforcement.",
        (4, 4), (4, 3), (2, 3), ((4, 3), (4, 3)),
        ("Weekly collection report to the Director of Resources",),
        ("Offer early payment plans to households in arrears", "tom", date(2019, 2, 28)),
    ),
    DemoRisk(
        "RES", "The new telephone system's launch disrupts the contact centre", "operational",
        "lucy",
        "Staff learn the new system while call volumes peak in January.",
        "Calls go unanswered for longer.",
        "Residents cannot reach the council; complaints rise.",
        (3, 4), (3, 3), (2, 2), ((2, 3),),
        ("Launch moved out of the Council Tax billing weeks",),
    ),
    DemoRisk(
        "PEO", "Children's social care demand exceeds capacity", "safeguarding", "grace",
        "A rise in referrals and the turnover of social workers.",
        "Caseloads rise above safe levels.",
        "Children at risk are not seen in time; an inadequate inspection.",
        (5, 5), (4, 5), (2, 4), ((4, 5), (4, 5)),
        ("Weekly caseload review by team managers",),
        ("Recruit eight permanent social workers", "grace", date(2019, 3, 31)),
        escalate_to="CORP",
    ),
    DemoRisk(
        "PEO", "Care market cannot meet demand for home care", "operational", "alan",
        "Providers leave the market over fees and staff shortages.",
        "Packages of home care cannot be arranged.",
        "Delayed discharges from hospital; people wait for care.",
        (4, 5), (4, 4), (2, 3), ((3, 4), (3, 3)),
        ("Brokerage meeting with providers every week",),
    ),
    DemoRisk(
        "PEO", "School places fall short in the north of the borough", "strategic", "grace",
        "New housing and a rising birth rate.",
        "Not enough reception places for September 2019.",
        "Children placed out of their area; appeals and complaints.",
        (4, 4), (3, 4), (2, 3), ((3, 3), (2, 3)),
    ),
    DemoRisk(
        "COM", "Recycling contractor fails", "operational", "rosa",
        "The contractor's finances weaken as material prices fall.",
        "Collections stop or are missed for weeks.",
        "Waste builds up; the recycling rate falls.",
        (4, 5), (3, 5), (2, 4), ((4, 5), (4, 5)),
        ("Monthly contract monitoring", "Parent company guarantee checked"),
        ("Draw up a contingency plan for collections", "rosa", date(2019, 1, 31)),
        escalate_to="CORP",
    ),
    DemoRisk(
        "COM", "Affordable housing delivery slips", "strategic", "mark",
        "Developers delay schemes; land costs rise.",
        "Fewer affordable homes completed than planned.",
        "Longer stays in temporary accommodation; higher costs.",
        (4, 4), (3, 4), (2, 3), ((3, 4), (3, 3)),
    ),
    DemoRisk(
        "ASBMG", "Hot-spot patrols cannot be kept up", "partnership", "mark",
        "Police officers are moved to other priorities.",
        "Patrols in the hot spots stop.",
        "Anti-social behaviour returns to the hot spots; residents lose confidence.",
        (4, 4), (4, 3), (2, 2), ((4, 4), (4, 4)),
        ("Joint tasking meeting every fortnight",),
        ("Agree a patrol plan with the Borough Command", "mark", date(2019, 2, 28)),
        partners=True,
        escalate_to="SDP",
    ),
    DemoRisk(
        "ASBMG", "Data sharing between partners stops", "information", "anita",
        "The information sharing agreement lapses.",
        "Partners stop sharing incident data.",
        "Hot spots are not spotted in time.",
        (3, 4), (2, 4), (1, 3), ((2, 3),),
        partners=True,
    ),
    DemoRisk(
        "SDP", "Partnership funding ends in March 2019", "financial", "helen",
        "The community safety grant is not renewed.",
        "Partnership posts and projects lose their funding.",
        "The partnership's plan cannot be delivered.",
        (4, 4), (3, 4), (2, 3), ((3, 4), (3, 3)),
        partners=True,
    ),
)  # fmt: skip


def _levels(pair: tuple[int, int]) -> dict:
    return {"likelihood": pair[0], "impact": pair[1]}


def create_risks(
    organisation_: Organisation,
    units: dict[str, OrganisationUnit],
    partnership: Partnership,
    team: dict[str, User],
    performance: User,
) -> int:
    """Create the registers and their risks, reviews, controls, actions and escalations;
    returns the number of risks (escalated copies included)."""
    group = Body.objects.filter(organisation=organisation_, kind=BodyKind.MANAGEMENT_GROUP).first()
    scopes = {
        "RES": {"unit": units["RES"]},
        "PEO": {"unit": units["PEO"]},
        "COM": {"unit": units["COM"]},
        "SDP": {"partnership": partnership},
        "ASBMG": {"body": group},
        "CORP": {},
    }
    registers = {}
    for code, kind, title in REGISTERS:
        if kind == RegisterKind.MANAGEMENT_GROUP and group is None:
            continue
        register = Register(
            organisation=organisation_, kind=kind, code=code, title=title, **scopes[code]
        )
        registers[code] = services.save_register(register, performance, reason=REASON)
    themes = list(Theme.objects.filter(plan__organisation=organisation_)[:3])
    measures = {m.code: m for m in Measure.objects.filter(organisation=organisation_)}
    key_actions = list(KeyAction.objects.filter(organisation=organisation_)[:1])
    partners = list(Partner.objects.filter(organisation=organisation_))
    made = 0
    for number, demo in enumerate(RISKS):
        register = registers.get(demo.register)
        if register is None:
            continue
        owner = team[demo.owner]
        risk = services.create_risk(
            register,
            services.RiskInput(
                title=demo.title,
                category=demo.category,
                owner=owner,
                inherent_likelihood=demo.inherent[0],
                inherent_impact=demo.inherent[1],
                current_likelihood=demo.current[0],
                current_impact=demo.current[1],
                target_likelihood=demo.target[0],
                target_impact=demo.target[1],
                review_date=REVIEWS[0][0],
                cause=demo.cause,
                event=demo.event,
                effect=demo.effect,
                themes=themes[number % len(themes) : number % len(themes) + 1] if themes else [],
                measures=[measures[code] for code in demo.measures if code in measures],
                key_actions=key_actions if number == 0 else [],
                partners=partners if demo.partners else [],
            ),
            performance,
            reason=REASON,
            today=IDENTIFIED,
        )
        made += 1
        for control in demo.controls:
            services.add_control(risk, control, owner, performance, today=IDENTIFIED)
        before = demo.current
        for (day, next_review), pair in zip(REVIEWS, demo.reviews, strict=False):
            services.review_risk(
                risk,
                **_levels(pair),
                notes=_note(before, pair),
                next_review=next_review,
                acting_user=owner,
                reviewed_on=day,
            )
            before = pair
        if demo.action:
            text, who, due = demo.action
            services.add_further_action(risk, text, team[who], due, performance)
        if demo.escalate_to and demo.escalate_to in registers:
            services.escalate_risk(
                risk,
                registers[demo.escalate_to],
                performance,
                reason="Above appetite at two reviews running.",
                today=REVIEWS[-1][0],
            )
            made += 1
    return made


def _note(before: tuple[int, int], after: tuple[int, int]) -> str:
    was, now = before[0] * before[1], after[0] * after[1]
    if now < was:
        return "Controls are working: the score has come down."
    if now > was:
        return "The position has worsened since the last review."
    return "No change since the last review; the actions continue."


def remove_risks(organisation_: Organisation) -> None:
    """Delete the council's registers and risks (before the bodies, units and people they
    name): escalated risks first, since each protects the risk it came from."""
    risks = Risk.objects.filter(register__organisation=organisation_)
    while risks.exists():
        for risk in risks.filter(escalations__isnull=True):
            risk.delete()
    Register.objects.filter(organisation=organisation_).delete()
    RiskScale.objects.filter(organisation=organisation_).delete()
