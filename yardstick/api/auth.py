"""Who is asking: a person by their API token (`Authorization: Bearer <token>`), or the
public. A token that is unknown, expired or revoked is refused (401), never read as the
public; what a person may then see and do is `accounts.access`'s, as on the pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security.http import HttpAuthBase

from yardstick.accounts.access import ANONYMOUS, Access, access_for
from yardstick.api.models import ApiToken
from yardstick.api.problems import ApiProblem
from yardstick.api.services import note_use, token_digest


@dataclass(frozen=True)
class Caller:
    token: ApiToken | None

    @property
    def user(self):
        return self.token.user if self.token else None

    def access(self, organisation_id: int) -> Access:
        """What the caller may do in `organisation_id` (the public's, in another's)."""
        return access_for(self.user, organisation_id) if self.token else ANONYMOUS

    def require_signed_in(self) -> None:
        if self.token is None:
            raise ApiProblem(401, "Send a valid API token: Authorization: Bearer <token>.")

    def require_write(self) -> None:
        self.require_signed_in()
        if not self.token.may_write:
            raise ApiProblem(403, "This token may only read: create one that may write.")


PUBLIC = Caller(token=None)


class TokenOrPublic(HttpAuthBase):
    """The API's one authentication: a bearer token, or nothing (the public)."""

    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Caller:
        header = request.headers.get("Authorization", "")
        if not header:
            return PUBLIC
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise AuthenticationError()
        token = (
            ApiToken.objects.usable()
            .select_related("user")
            .filter(digest=token_digest(secret.strip()))
            .first()
        )
        if token is None or not token.user.is_active:
            raise AuthenticationError()
        note_use(token)
        return Caller(token=token)


def caller_of(request: HttpRequest) -> Caller:
    return getattr(request, "auth", None) or PUBLIC
