"""The demo council's people: who they are, what they do, and their demo passwords.

Roles come later; for now what each person is lives in their job title and their groups.
Every demo account has its own printed password, the same on every load, so the README and
`manage.py demo_logins` can tell a visitor how to sign in.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    get_hasher,
    make_password,
)
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from yardstick.accounts.models import Role, User
from yardstick.accounts.services import PERFORMANCE_TEAM_GROUP, performance_team_group
from yardstick.organisations.models import Organisation

PERFORMANCE_TEAM = PERFORMANCE_TEAM_GROUP
MEASURE_OWNERS = "Measure owners"
APPROVERS = "Approvers"
COUNCILLORS = "Councillors"
GROUPS = (PERFORMANCE_TEAM, MEASURE_OWNERS, APPROVERS, COUNCILLORS)
GROUP_ROLES = {
    PERFORMANCE_TEAM: Role.PERFORMANCE_TEAM,
    MEASURE_OWNERS: Role.OWNER,
    APPROVERS: Role.APPROVER,
    COUNCILLORS: Role.COUNCILLOR,
}

EMAIL_DOMAIN = "demo.yardstick.invalid"  # .invalid: a demo address can never receive mail
# The demo passwords are printed for anyone to read, so a slow hash would protect nothing; a
# quick one keeps load_demo quick, and Django re-hashes at full strength on the first sign-in.
DEMO_PBKDF2_ITERATIONS = 1000
DEMO_ARGON2_COST = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: str
    job_title: str
    groups: tuple[str, ...]
    try_first: str
    is_staff: bool = False

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def password(self) -> str:
        return password_for(self.username)


PERSONAS: tuple[Persona, ...] = (
    Persona(
        "priya",
        "Priya",
        "Shah",
        "Performance team",
        "Corporate Performance Manager",
        (PERFORMANCE_TEAM,),
        "See which Q3 2018/19 returns are still missing; open the admin",
        is_staff=True,
    ),
    Persona(
        "tom",
        "Tom",
        "Reilly",
        "Measure owner (Resources)",
        "Head of Customer Services and Revenues",
        (MEASURE_OWNERS,),
        "Finish your Q3 2018/19 draft; enter the council tax figures",
    ),
    Persona(
        "lucy",
        "Lucy",
        "Adeyemi",
        "Measure owner (Resources)",
        "HR Business Partner, Workforce Insight",
        (MEASURE_OWNERS,),
        "Read your Q2 commentary on sickness; finish your Q3 draft",
    ),
    Persona(
        "mark",
        "Mark",
        "Ellis",
        "Measure owner (Community)",
        "Housing and Community Safety Performance Lead",
        (MEASURE_OWNERS,),
        "Finish the Q3 2018/19 council homes draft",
    ),
    Persona(
        "rosa",
        "Rosa",
        "Fernandes",
        "Measure owner (Community)",
        "Environment and Culture Performance Officer",
        (MEASURE_OWNERS,),
        "Look at four years of recycling figures and their ratings",
    ),
    Persona(
        "grace",
        "Grace",
        "Mensah",
        "Measure owner (People)",
        "Children's Services Performance Manager",
        (MEASURE_OWNERS,),
        "Review the child protection measures and their commentary",
    ),
    Persona(
        "alan",
        "Alan",
        "Brooks",
        "Measure owner (People)",
        "Adults and Public Health Performance Officer",
        (MEASURE_OWNERS,),
        "Enter the Q3 2018/19 adult social care figures",
    ),
    Persona(
        "daniel",
        "Daniel",
        "Okafor",
        "Director (approver), Resources",
        "Director of Resources",
        (APPROVERS,),
        "Sign off the Resources figures submitted for Q3 2018/19",
    ),
    Persona(
        "helen",
        "Helen",
        "Marsh",
        "Director (approver), Community",
        "Corporate Director, Community",
        (APPROVERS,),
        "Sign off the Community figures submitted for Q3 2018/19",
    ),
    Persona(
        "samira",
        "Samira",
        "Begum",
        "Director (approver), People",
        "Corporate Director, People",
        (APPROVERS,),
        "Sign off the People figures submitted for Q3 2018/19",
    ),
    Persona(
        "anita",
        "Anita",
        "Patel",
        "Portfolio holder",
        "Councillor; Cabinet Member for Communities and Wellbeing",
        (COUNCILLORS,),
        "Read the Q2 2018/19 scorecards for your two themes",
    ),
    Persona(
        "robert",
        "Robert",
        "Hughes",
        "Portfolio holder",
        "Councillor; Cabinet Member for Finance and Resources",
        (COUNCILLORS,),
        "Read the business-like scorecard and its challenges",
    ),
    Persona(
        "joseph",
        "Joseph",
        "Okoro",
        "Councillor",
        "Councillor; ward member",
        (COUNCILLORS,),
        "Read the published Q2 2018/19 report",
    ),
    Persona(
        "margaret",
        "Margaret",
        "Lowe",
        "Scrutiny member",
        "Councillor; Chair of the Overview and Scrutiny Committee",
        (COUNCILLORS,),
        "Find the measures off target two quarters running",
    ),
)


def password_for(username: str) -> str:
    """The demo password of a demo account: printed, and the same on every load."""
    return f"demo-{username}-2026"


def second_factor_key(username: str) -> str:
    """The demo key of a demo account's authenticator app (hex, as django-otp keeps it):
    printed by `demo_logins`, the same on every load. Only the performance team has one,
    as only they must sign in with a second factor."""
    return hashlib.sha1(f"demo-{username}-2026-second-factor".encode()).hexdigest()


def second_factor_text(username: str) -> str:
    """The key as an authenticator app takes it (base32, in fours)."""
    key = base64.b32encode(bytes.fromhex(second_factor_key(username))).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def demo_password_hash(password: str) -> str:
    """The password hashed by the site's hasher at a low cost (see DEMO_PBKDF2_ITERATIONS)."""
    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=DEMO_PBKDF2_ITERATIONS)
    if isinstance(hasher, Argon2PasswordHasher):
        quick = type(hasher)()
        for name, value in DEMO_ARGON2_COST.items():
            setattr(quick, name, value)
        return quick.encode(password, quick.salt())
    return make_password(password)


def persona(username: str) -> Persona:
    return next(p for p in PERSONAS if p.username == username)


def role_of(p: Persona) -> Role:
    """The access role a demo person holds: the role of their (first) group."""
    return GROUP_ROLES[p.groups[0]]


def performance_team(people: dict[str, User]) -> User:
    """The demo's performance team member, who runs the framework and publishes."""
    return next(people[p.username] for p in PERSONAS if PERFORMANCE_TEAM in p.groups)


def ensure_groups() -> dict[str, Group]:
    """The demo's groups; the performance team's is the one every council's first account is
    given (`accounts.services.performance_team_group`: every Yardstick model permission)."""
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in GROUPS}
    groups[PERFORMANCE_TEAM] = performance_team_group()
    return groups


def create_people(organisation: Organisation) -> dict[str, User]:
    """Create every demo account in `organisation`, in its groups, with its password.

    Each password is checked against the site's password validators, so the demo never
    prints a password the sign-in rules would refuse.
    """
    taken = sorted(
        User.objects.filter(username__in=[p.username for p in PERSONAS]).values_list(
            "username", flat=True
        )
    )
    if taken:
        raise ValueError(
            f"The demo's usernames are taken by accounts outside the demo: {', '.join(taken)}."
        )
    groups = ensure_groups()
    people: dict[str, User] = {}
    for p in PERSONAS:
        user = User(
            username=p.username,
            first_name=p.first_name,
            last_name=p.last_name,
            email=f"{p.username}@{EMAIL_DOMAIN}",
            job_title=p.job_title,
            organisation=organisation,
            is_staff=p.is_staff,
            is_superuser=False,
        )
        validate_password(p.password, user)
        user.password = demo_password_hash(p.password)
        user.save()
        user.groups.set([groups[name] for name in p.groups])
        if PERFORMANCE_TEAM in p.groups:
            TOTPDevice.objects.create(
                user=user,
                name="Authenticator app (demo)",
                key=second_factor_key(p.username),
                confirmed=True,
            )
        people[p.username] = user
    return people


def demo_users(organisation: Organisation | None) -> list[tuple[Persona, User]]:
    """The demo accounts that exist in `organisation`, in the order of PERSONAS."""
    if organisation is None:
        return []
    found = {
        user.username: user
        for user in User.objects.filter(
            organisation=organisation, username__in=[p.username for p in PERSONAS]
        )
    }
    return [(p, found[p.username]) for p in PERSONAS if p.username in found]
