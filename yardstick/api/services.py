"""Writes of the API app: creating and revoking a person's API tokens. Each is one
transaction, takes the acting user and leaves its history row (who, why) in it."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from yardstick.api.models import ApiToken, TokenScope
from yardstick.bounds import Refused, check_text

NAME_LENGTH = 100
PREFIX_LENGTH = 8  # what the account page shows of a token: enough to tell them apart


def token_digest(secret: str) -> str:
    """How a token is kept, and looked up: its SHA-256, in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


def longest_days() -> int:
    return settings.API_TOKEN_MAX_DAYS


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


@transaction.atomic
def create_token(acting_user, name: str, scope: str, days: int | None) -> NewToken:
    """A new token for `acting_user`, valid for `days` days (1 to API_TOKEN_MAX_DAYS)."""
    if acting_user is None or not acting_user.is_authenticated:
        raise PermissionDenied("Sign in to create an API token.")
    name = check_text(name, "name", "a name for the token", NAME_LENGTH)
    if scope not in TokenScope.values:
        raise Refused("Choose whether the token may read, or read and write.", "scope")
    most = longest_days()
    if days is None or not 1 <= days <= most:
        raise Refused(f"A token lasts from 1 to {most} days.", "days")
    secret = "ys_" + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken(
        user=acting_user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        digest=token_digest(secret),
        scope=scope,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    token._history_user = acting_user
    token._change_reason = "Token created"
    token.save()
    return NewToken(token, secret)


@transaction.atomic
def revoke_token(token: ApiToken, acting_user) -> ApiToken:
    """Revoke one of `acting_user`'s own tokens; it stops working at once."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != getattr(acting_user, "pk", None):
        raise PermissionDenied("You may revoke only your own tokens.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token._history_user = acting_user
        token._change_reason = "Token revoked"
        token.save(update_fields=["revoked_at"])
    return token


def note_use(token: ApiToken, now=None) -> None:
    """Remember when a token was last used, at most once a minute (no history row: a use is
    not a change to the token)."""
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
