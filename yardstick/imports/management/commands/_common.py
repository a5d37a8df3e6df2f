"""Finding the organisation and the person a command works for, with errors a person reads."""

from __future__ import annotations

from django.core.management.base import CommandError

from yardstick.accounts.models import User
from yardstick.organisations.models import Organisation


def find_organisation(slug: str | None) -> Organisation:
    if slug:
        found = Organisation.objects.filter(slug=slug).first()
        if found is None:
            known = ", ".join(Organisation.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"There is no organisation '{slug}' (the organisations: {known}).")
        return found
    organisations = list(Organisation.objects.all()[:2])
    if not organisations:
        raise CommandError(
            "There is no organisation yet: create one (in the administration) and try again."
        )
    if len(organisations) > 1:
        known = ", ".join(Organisation.objects.values_list("slug", flat=True))
        raise CommandError(f"Say which organisation with --organisation SLUG (one of: {known}).")
    return organisations[0]


def find_user(username: str | None) -> User | None:
    if not username:
        return None
    found = User.objects.filter(username=username).first()
    if found is None:
        raise CommandError(f"There is no user '{username}'.")
    return found
