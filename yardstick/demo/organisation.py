"""The demo council's organisation tree, its partnership, and which unit each measure is in.

A measure goes to a service by the first rule whose words appear in its title; a measure no
rule matches goes to the directorate its theme belongs to. The rules are plain data, so the
demo's allocation can be read (and tested) at a glance.
"""

from __future__ import annotations

from dataclasses import dataclass

from yardstick.accounts.models import Membership, Role, User
from yardstick.demo.people import PERSONAS, performance_team, role_of
from yardstick.organisations.models import (
    Organisation,
    OrganisationUnit,
    Partnership,
    UnitKind,
)


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    parent: str = ""  # the directorate's code, for a service
    head: str = ""  # username of the director (a directorate's approver)
    owner: str = ""  # username of the officer who owns the service's measures


DIRECTORATES = (
    Unit("RES", "Resources", head="daniel", owner="tom"),
    Unit("COM", "Community", head="helen", owner="rosa"),
    Unit("PEO", "People", head="samira", owner="grace"),
)

SERVICES = (
    Unit("RES-CUS", "Customer Services", parent="RES", owner="tom"),
    Unit("RES-REV", "Revenues and Procurement", parent="RES", owner="tom"),
    Unit("RES-HRD", "Human Resources and Development", parent="RES", owner="lucy"),
    Unit("COM-HSG", "Housing", parent="COM", owner="mark"),
    Unit("COM-CSF", "Community Safety", parent="COM", owner="mark"),
    Unit("COM-ENV", "Environment and Waste", parent="COM", owner="rosa"),
    Unit("COM-CUL", "Culture and Leisure", parent="COM", owner="rosa"),
    Unit("COM-REG", "Regeneration and Economy", parent="COM", owner="rosa"),
    Unit("PEO-CHF", "Children and Families", parent="PEO", owner="grace"),
    Unit("PEO-EDU", "Education and Schools", parent="PEO", owner="grace"),
    Unit("PEO-ASC", "Adult Social Care", parent="PEO", owner="alan"),
    Unit("PEO-PHE", "Public Health", parent="PEO", owner="alan"),
)

PARTNERSHIP_CODE = "SAFER"
PARTNERSHIP_NAME = "Safer Demo Partnership"
PARTNERSHIP_DESCRIPTION = (
    "The borough's community safety partnership: the council, the police, probation, the "
    "health service and the voluntary sector, working together to cut crime, reoffending and "
    "the fear of crime. It meets quarterly to review its shared measures."
)
PARTNERSHIP_MEMBERS = ("helen", "mark", "grace", "anita")

# (words in the title, any of them; service code). The first matching rule wins, so the more
# particular rules come first ("adult social care" before the equalities rules, "health
# visitor" before the children's rules, "staff" before "schools").
UNIT_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("adult social care", "delayed transfers", "short term services"), "PEO-ASC"),
    (("personal budgets", "direct payments", "mental health", "learning disabilities"), "PEO-ASC"),
    (("violence with injury", "knife crime", "domestic abuse"), "COM-CSF"),
    (("reoffend", "youth justice"), "PEO-CHF"),
    (("life expectancy", "drug/alcohol", "overweight", "obese", "health visitor"), "PEO-PHE"),
    (("hiv testing", "community champions"), "PEO-PHE"),
    (("children's social care", "mase", "child protection", "looked after"), "PEO-CHF"),
    (("care leavers",), "PEO-CHF"),
    (("employees", "earners", "staff", "workforce", "appraisal"), "RES-HRD"),
    (("schools", "pupils", "neet", "key stage", "gcse"), "PEO-EDU"),
    (("council houses", "affordable", "homeless", "bed & breakfast", "tenants"), "COM-HSG"),
    (("fly tipping", "recycled", "cleanliness", "park user"), "COM-ENV"),
    (("cultural services", "leisure"), "COM-CUL"),
    (("vacancy rates", "town centre"), "COM-REG"),
    (("council tax", "non-domestic rates", "contract spend"), "RES-REV"),
    (("enquiries", "telephone", "calls", "web form", "self-service", "advisor"), "RES-CUS"),
    (("email", "myharrow", "freedom of information", "complaints"), "RES-CUS"),
)

# A measure no rule matches: the directorate of its theme (matched on the theme's title).
THEME_DIRECTORATES = (
    ("business", "RES"),
    ("vulnerable", "PEO"),
    ("", "COM"),  # any other theme
)

# Words that put a measure on the community safety partnership's scorecard as well.
PARTNERSHIP_WORDS = (
    "violence with injury",
    "knife crime",
    "domestic abuse",
    "reoffend",
    "youth justice",
)


def unit_code_for(title: str, theme_title: str) -> str:
    """The service (or, failing every rule, the directorate) a measure belongs to."""
    lowered = title.casefold()
    for words, code in UNIT_RULES:
        if any(word in lowered for word in words):
            return code
    theme = theme_title.casefold()
    return next(code for words, code in THEME_DIRECTORATES if words in theme)


def is_partnership_measure(title: str) -> bool:
    lowered = title.casefold()
    return any(word in lowered for word in PARTNERSHIP_WORDS)


def owner_of(unit_code: str) -> str:
    """The username of the officer who owns a unit's measures."""
    return next(unit.owner for unit in (*DIRECTORATES, *SERVICES) if unit.code == unit_code)


def create_tree(
    organisation: Organisation, people: dict[str, User]
) -> tuple[dict[str, OrganisationUnit], Partnership]:
    """Create the directorates (headed by their directors), their services, and the
    community safety partnership with its members."""
    units: dict[str, OrganisationUnit] = {}
    for unit in (*DIRECTORATES, *SERVICES):
        units[unit.code] = OrganisationUnit.objects.create(
            organisation=organisation,
            parent=units.get(unit.parent),
            kind=UnitKind.SERVICE if unit.parent else UnitKind.DIRECTORATE,
            name=unit.name,
            code=unit.code,
            head=people.get(unit.head),
        )
    partnership = Partnership.objects.create(
        organisation=organisation,
        name=PARTNERSHIP_NAME,
        code=PARTNERSHIP_CODE,
        description=PARTNERSHIP_DESCRIPTION,
    )
    partnership.members.set([people[username] for username in PARTNERSHIP_MEMBERS])
    return units, partnership


def create_memberships(
    organisation: Organisation,
    people: dict[str, User],
    units: dict[str, OrganisationUnit],
    partnership: Partnership,
) -> None:
    """Each person's roles, scoped as the access rules expect: the performance team across
    the council, each owner to the services whose measures they own (and the partnership for
    the community safety owner), each director to their directorate, councillors to read."""
    rows = []
    for persona in PERSONAS:
        user = people[persona.username]
        role = role_of(persona)
        if role == Role.OWNER:
            for unit in SERVICES:
                if unit.owner == persona.username:
                    rows.append(Membership(user=user, role=role, unit=units[unit.code]))
            if persona.username in PARTNERSHIP_MEMBERS:
                rows.append(Membership(user=user, role=role, partnership=partnership))
        elif role == Role.APPROVER:
            for unit in DIRECTORATES:
                if unit.head == persona.username:
                    rows.append(Membership(user=user, role=role, unit=units[unit.code]))
        else:
            rows.append(Membership(user=user, role=role))
    actor = performance_team(people)
    for row in rows:
        row.organisation = organisation
        row._history_user = actor
        row.save()
