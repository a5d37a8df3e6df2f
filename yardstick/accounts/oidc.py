"""Sign-in with the council's identity provider through OpenID Connect.

mozilla-django-oidc does the protocol (authorization code flow with PKCE, state and nonce,
the ID token's signature checked against the provider's keys). This module adds:

- configuration by discovery: OIDC_OP_DISCOVERY names the provider (its issuer, or its
  /.well-known/openid-configuration URL) and the endpoints are read from it, unless a
  setting names one explicitly;
- the ID token's audience (our client id) and issuer are checked as well;
- nothing is configured until a person signs in that way: a provider that is down never
  stops a password sign-in;
- people are matched by e-mail (case-insensitive) to an existing, active account that
  belongs to an organisation. Nobody is created: an account, with its roles, is set up by
  the performance team. An unknown e-mail, an address the provider has not verified (or
  does not say it has: `email_is_verified`), or an address two accounts share is refused
  with a message that says what to do.
"""

from __future__ import annotations

from functools import lru_cache

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from yardstick.accounts.backends import PasswordBackend

WELL_KNOWN = "/.well-known/openid-configuration"
DISCOVERED = {  # setting -> key in the provider's discovery document
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_ISSUER": "issuer",
}

PROBLEMS = {
    "unknown": "{email} has no Yardstick account. Ask your performance team to set one up "
    "with this e-mail address, then sign in again.",
    "ambiguous": "More than one Yardstick account has the e-mail address {email}. Ask your "
    "performance team to correct it.",
    "unverified": "Your council account has not verified the e-mail address {email}, so "
    "Yardstick cannot tell whose account it is. Ask your performance team.",
    "no_email": "Your council account did not give Yardstick an e-mail address, so "
    "Yardstick cannot tell whose account it is. Ask your performance team.",
    "cancelled": "Signing in with your council account did not finish. Try again, or sign "
    "in with a username and password.",
    "failed": "Yardstick could not complete signing in with your council account. Try "
    "again; if it keeps happening, tell your performance team.",
    "unavailable": "Yardstick cannot reach the council's sign-in service just now. Try "
    "again later, or sign in with a username and password.",
}


def oidc_enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def discovery_url(value: str) -> str:
    """The discovery document's URL from an issuer or the document's own URL."""
    value = value.rstrip("/")
    return value if value.endswith(WELL_KNOWN) else value + WELL_KNOWN


@lru_cache(maxsize=8)
def _discover(url: str, timeout: int) -> dict:
    response = requests.get(url, timeout=timeout)
    response.raise_for_status()
    return response.json()


def discover() -> dict:
    """The provider's discovery document (fetched once per process and URL)."""
    return _discover(discovery_url(settings.OIDC_OP_DISCOVERY), settings.OIDC_TIMEOUT)


def oidc_setting(name: str, *default):
    """A setting for mozilla-django-oidc: the setting itself when given, else what the
    provider's discovery document says, else `default`."""
    value = getattr(settings, name, None)
    if value not in (None, ""):
        return value
    if name in DISCOVERED and getattr(settings, "OIDC_OP_DISCOVERY", ""):
        try:
            return discover()[DISCOVERED[name]]
        except KeyError as error:
            raise ImproperlyConfigured(
                f"The provider's discovery document has no {DISCOVERED[name]}; set {name}."
            ) from error
    if default:
        return default[0]
    if value is None:
        return import_from_settings(name)  # raises ImproperlyConfigured naming the setting
    raise ImproperlyConfigured(f"Set {name} (or OIDC_OP_DISCOVERY).")


def check_id_token(claims: dict, client_id: str, issuer: str | None) -> None:
    """Refuse an ID token issued to another client or by another issuer."""
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    if client_id not in audiences:
        raise SuspiciousOperation("The ID token was not issued to this client.")
    if len(audiences) > 1 and claims.get("azp") not in (None, client_id):
        raise SuspiciousOperation("The ID token was issued to another party.")
    if issuer and claims.get("iss") != issuer:
        raise SuspiciousOperation("The ID token comes from another issuer.")


def note_problem(request, kind: str, email: str = "") -> None:
    request.yardstick_oidc_problem = (kind, email)


class CouncilAccountBackend(OIDCAuthenticationBackend):
    """Authenticates the provider's answer on the callback; stands aside otherwise."""

    get_settings = staticmethod(oidc_setting)
    get_user = PasswordBackend.get_user  # with the organisation; refuses inactive accounts

    def __init__(self, *args, **kwargs):
        # Django builds every backend for every sign-in: read the provider's settings
        # only when this backend is asked to do something (see `authenticate`).
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if request is None or not oidc_enabled() or "nonce" not in kwargs:
            return None  # a password sign-in, or OpenID Connect is off
        try:
            super().__init__()
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, ImproperlyConfigured):
            note_problem(request, "unavailable")
        except SuspiciousOperation:
            note_problem(request, "failed")
        return None

    def verify_token(self, token, **kwargs):
        claims = super().verify_token(token, **kwargs)
        check_id_token(claims, self.OIDC_RP_CLIENT_ID, self.get_settings("OIDC_OP_ISSUER", None))
        return claims

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("email")) and email_is_verified(claims)

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(
            email__iexact=claims.get("email", ""), is_active=True, organisation__isnull=False
        )

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        email = claims.get("email") or ""
        if not email:
            note_problem(self.request, "no_email")
            return None
        if not email_is_verified(claims):
            note_problem(self.request, "unverified", email)
            return None
        users = list(self.filter_users_by_claims(claims)[:2])
        if len(users) == 1:
            return users[0]
        note_problem(self.request, "ambiguous" if users else "unknown", email)
        return None


def email_is_verified(claims) -> bool:
    """Whether the provider vouches for the e-mail address accounts are matched by: its
    `email_verified` claim is true (a boolean, or the text "true" some providers send). A
    provider that sends no such claim is trusted only when OIDC_TRUST_UNVERIFIED_EMAIL is set,
    for a provider that gives only addresses it controls (the council's own directory): an
    address someone could type for themselves would otherwise open another person's account."""
    value = claims.get("email_verified")
    if value is None:
        return bool(getattr(settings, "OIDC_TRUST_UNVERIFIED_EMAIL", False))
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return value is True


class AuthenticateView(OIDCAuthenticationRequestView):
    """Sends the person to the provider to sign in (404 when OpenID Connect is off)."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # settings are read in get(), not at start-up

    def get(self, request):
        if not oidc_enabled():
            raise Http404("Signing in with a council account is not set up.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
            self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        except (requests.RequestException, ImproperlyConfigured):
            messages.error(request, PROBLEMS["unavailable"])
            return redirect("login")
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back: signs them in, or says why not."""

    get_settings = staticmethod(oidc_setting)

    @property
    def failure_url(self) -> str:
        return reverse("login")

    def get(self, request):
        if not oidc_enabled():
            raise Http404("Signing in with a council account is not set up.")
        if request.GET.get("error"):
            note_problem(request, "cancelled")
        return super().get(request)

    def login_failure(self) -> HttpResponseRedirect:
        kind, email = getattr(self.request, "yardstick_oidc_problem", ("failed", ""))
        messages.error(self.request, PROBLEMS[kind].format(email=email))
        return HttpResponseRedirect(self.failure_url)
