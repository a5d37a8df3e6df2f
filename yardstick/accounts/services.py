"""Changes to accounts and their roles, and setting up a council from nothing: the
organisation and its first performance-team account, for `yardstick setup` and the first-run
page alike."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.db.models import Q

from yardstick.accounts.models import Membership, Role, User
from yardstick.organisations.models import BankHolidayRegion, Organisation

PERFORMANCE_TEAM_GROUP = "Performance team"


def performance_team_group() -> Group:
    """The group whose members may use the administration for every Yardstick record (every
    model permission of the Yardstick apps: view, add, change, delete); the permissions are
    brought up to date each time. The demo council's performance team uses the same group."""
    group, _ = Group.objects.get_or_create(name=PERFORMANCE_TEAM_GROUP)
    labels = [
        config.label for config in apps.get_app_configs() if config.name.startswith("yardstick.")
    ]
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=labels))
    return group


# Held (PostgreSQL) while the first-run page checks that there is no organisation yet, so two
# people submitting it at once cannot both set one up.
FIRST_RUN_LOCK = 47_112_026


class SetupRefused(Exception):
    """The organisation or the account cannot be created; says why, for a person."""


@dataclass(frozen=True)
class NewOrganisation:
    name: str
    slug: str
    financial_year_start_month: int = 4
    bank_holidays: str = BankHolidayRegion.ENGLAND_AND_WALES


@dataclass(frozen=True)
class FirstAccount:
    username: str
    first_name: str
    last_name: str
    email: str
    password: str  # checked against the password validators by the caller's form


@dataclass(frozen=True)
class SetUp:
    organisation: Organisation
    user: User


@transaction.atomic
def set_up_organisation(
    organisation: NewOrganisation,
    account: FirstAccount,
    *,
    reason: str,
    only_if_first: bool = False,
) -> SetUp:
    """Create an organisation and its first performance-team account in one transaction.

    The account is staff (the administration and the import page), in the performance team
    group (every Yardstick model permission) and holds the performance-team membership of
    the organisation. The history of the organisation and the membership records the new
    person and `reason`. `only_if_first` (the first-run page) refuses once any organisation
    exists."""
    if only_if_first:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FIRST_RUN_LOCK])
        if Organisation.objects.exists():
            raise SetupRefused("Yardstick is set up already: sign in instead.")
    clash = Organisation.objects.filter(
        Q(name__iexact=organisation.name) | Q(slug=organisation.slug)
    ).first()
    if clash is not None:
        raise SetupRefused(
            f"There is already an organisation called {clash.name} (short name {clash.slug})."
        )
    if User.objects.filter(username__iexact=account.username).exists():
        raise SetupRefused(f"The username {account.username} is taken.")
    user = User(
        username=account.username,
        first_name=account.first_name,
        last_name=account.last_name,
        email=account.email,
        is_staff=True,
    )
    user.set_password(account.password)
    user.save()
    created = Organisation(
        name=organisation.name,
        slug=organisation.slug,
        financial_year_start_month=organisation.financial_year_start_month,
        bank_holidays=organisation.bank_holidays,
    )
    created._history_user = user
    created._change_reason = reason
    created.save()
    user.organisation = created
    user.save(update_fields=["organisation"])
    user.groups.add(performance_team_group())
    membership = Membership(user=user, organisation=created, role=Role.PERFORMANCE_TEAM)
    membership._history_user = user
    membership._change_reason = reason
    membership.save()
    return SetUp(created, user)
