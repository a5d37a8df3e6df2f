"""Two-factor sign-in for local accounts: after the password, a six-digit code from an
authenticator app (TOTP, RFC 6238) or a one-off recovery code.

django-otp keeps the devices, checks the codes (with a growing delay after each wrong one)
and marks a session as verified; this module decides who needs a second factor, writes the
devices (in their history, with who did it), and keeps a half-signed-in session away from
every page until it is verified.

Only the sign-in page asks for the second factor (`begin`): a session started by the
council's identity provider (OIDC) leaves it to the provider.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import django_otp
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from yardstick.accounts.models import Membership, Role
from yardstick.bounds import Refused

# The session key that says a password was given and a second factor is still owed.
DUE = "yardstick_second_factor_due"
RECOVERY_CODES = 10
APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


class SecondFactorRefused(Refused):
    """A code that does not match, or a change the rules do not allow, with the reason."""


def required(user) -> bool:
    """Whether `user` must have a second factor: members of a performance team, unless the
    deployment turned the rule off (TWO_FACTOR_FOR_PERFORMANCE_TEAM)."""
    return settings.TWO_FACTOR_FOR_PERFORMANCE_TEAM and (
        Membership.objects.filter(user=user, role=Role.PERFORMANCE_TEAM).exists()
    )


def app_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def has_second_factor(user) -> bool:
    return app_device(user) is not None


@dataclass(frozen=True)
class Status:
    on: bool
    required: bool
    recovery_codes_left: int


def status(user) -> Status:
    codes = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return Status(on=has_second_factor(user), required=required(user), recovery_codes_left=codes)


def _saved(device, acting_user, reason: str):
    device._history_user = acting_user
    device._change_reason = reason
    device.save()
    return device


def pending_device(user) -> TOTPDevice:
    """The authenticator app being set up: one unconfirmed device, kept across page loads
    so the QR code does not change under the person scanning it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = _saved(
            TOTPDevice(user=user, name=APP_NAME, confirmed=False),
            user,
            "Two-factor sign-in: setting up an authenticator app",
        )
    return device


def _check_code(token: str) -> str:
    token = "".join(token.split())
    if not token:
        raise SecondFactorRefused("Enter the code.")
    if len(token) > 20:
        raise SecondFactorRefused(
            "That is not a code: a code is 6 digits, or a recovery code of 8 characters."
        )
    return token


@transaction.atomic
def confirm_app(user, token: str) -> list[str]:
    """Confirm the pending authenticator app with a code from it; any earlier app is
    replaced. Returns a new set of recovery codes (the old ones stop working)."""
    token = _check_code(token)
    device = pending_device(user)
    if not device.verify_token(token):
        raise SecondFactorRefused(
            "That code does not match. Check the time on your phone is right, and enter the "
            "code the app shows now."
        )
    for old in TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk):
        old._history_user = user
        old._change_reason = "Two-factor sign-in: replaced by a new authenticator app"
        old.delete()
    device.confirmed = True
    _saved(device, user, "Two-factor sign-in: authenticator app set up")
    return new_recovery_codes(user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Ten one-off codes for when the phone is not to hand; earlier codes stop working."""
    device = StaticDevice.objects.filter(user=user).order_by("id").first()
    if device is None:
        device = StaticDevice(user=user, name=RECOVERY_NAME)
    device.confirmed = True
    _saved(device, user, "Two-factor sign-in: new recovery codes")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def turn_off(user, acting_user) -> None:
    """Remove the second factor: refused for someone who must have one."""
    if required(user):
        raise SecondFactorRefused(
            "The performance team must sign in with a second factor, so it cannot be turned "
            "off. Set up a new authenticator app instead if you have changed phone."
        )
    for device in [*TOTPDevice.objects.filter(user=user), *StaticDevice.objects.filter(user=user)]:
        device._history_user = acting_user
        device._change_reason = "Two-factor sign-in turned off"
        device.delete()


def verify(request: HttpRequest, token: str) -> None:
    """Finish signing in with a code from the app (6 digits) or a recovery code (8
    characters, used up). Each device counts only the wrong codes meant for it."""
    token = _check_code(token).lower()
    user = request.user
    if token.isdigit() and len(token) == 6:
        device = app_device(user)
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            raise SecondFactorRefused(
                "Too many wrong codes: wait a minute before trying again, then enter the code "
                "your app shows now."
            )
        if device.verify_token(token):
            django_otp.login(request, device)
            request.session.pop(DUE, None)
            return
    raise SecondFactorRefused(
        "That code does not match. Enter the 6-digit code your authenticator app shows now, "
        "or one of your recovery codes."
    )


def begin(request: HttpRequest, redirect_to: str) -> HttpResponseRedirect | None:
    """After a password sign-in: where a second factor is owed, mark the session and send
    the person to give it (or to set it up), keeping where they were going."""
    user = request.user
    if not (has_second_factor(user) or required(user)):
        return None
    request.session[DUE] = True
    return HttpResponseRedirect(next_step_url(user, redirect_to))


def owes(request: HttpRequest) -> bool:
    """Whether this session gave its password but not yet its second factor."""
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and request.session.get(DUE)
        and not user.is_verified()
    )


def next_step_url(user, redirect_to: str = "") -> str:
    name = "two_factor_verify" if has_second_factor(user) else "two_factor_setup"
    url = reverse(name)
    return f"{url}?{urlencode({'next': redirect_to})}" if redirect_to else url


def safe_next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse(settings.LOGIN_REDIRECT_URL)


@cache
def open_paths() -> tuple[str, ...]:
    """Paths a half-signed-in session may still reach: the second-factor pages, signing
    out, static files and the health check."""
    return (
        reverse("two_factor_verify"),  # and the pages under it
        reverse("logout"),
        "/" + settings.STATIC_URL.lstrip("/"),
        reverse("health:healthz"),
    )


class SecondFactorMiddleware:
    """A session that gave its password but still owes a second factor reaches only the
    second-factor pages and signing out; every other request is sent to give it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if owes(request) and not request.path.startswith(open_paths()):
            return HttpResponseRedirect(next_step_url(request.user, request.get_full_path()))
        return self.get_response(request)
