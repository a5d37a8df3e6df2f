"""Signing in and out, changing a password, and the page a locked-out sign-in gets."""

from __future__ import annotations

import base64
import io

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import time_format
from django.views.decorators.cache import never_cache
from django_otp.qr import write_qrcode_image

from yardstick.accounts import two_factor
from yardstick.accounts.forms import SignInForm
from yardstick.accounts.oidc import oidc_enabled

TEMPLATE = "registration/login.html"


def sign_in_context() -> dict:
    return {
        "oidc_enabled": oidc_enabled(),
        "oidc_provider_name": getattr(settings, "OIDC_PROVIDER_NAME", "your council account"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = TEMPLATE
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **sign_in_context()}

    def form_valid(self, form):
        response = super().form_valid(form)
        return two_factor.begin(self.request, self.get_success_url()) or response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")


def lockout_message(now=None) -> str:
    """What a locked-out person reads: why, for how long, and what else they can do."""
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = int(cooloff.total_seconds() // 60)
    until = timezone.localtime(now or timezone.now()) + cooloff
    return (
        f"Signing in with this username has been locked for {minutes} minutes after "
        f"{settings.AXES_FAILURE_LIMIT} failed attempts. Try again after "
        f"{time_format(until, 'H:i')}, or ask your performance team to unlock it now."
    )


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout response: the sign-in page with the reason (429)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = SignInForm(request, initial={"username": username})
    context = {
        "form": form,
        "locked_out": lockout_message(),
        "next": request.POST.get("next") or request.GET.get("next", ""),
        **sign_in_context(),
    }
    return render(request, TEMPLATE, context, status=429)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows, or a recovery code.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )


def _qr_code(device) -> str:
    """The authenticator's set-up link as an inline SVG QR code (no image request, so the
    Content-Security-Policy needs nothing new)."""
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


def _grouped_key(device) -> str:
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
@never_cache
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    user = request.user
    if not two_factor.has_second_factor(user):
        return redirect(two_factor.next_step_url(user, two_factor.safe_next(request)))
    if user.is_verified():
        return redirect(two_factor.safe_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.verify(request, form.cleaned_data["code"])
        except two_factor.SecondFactorRefused as refused:
            form.add_error("code", refused.message)
        else:
            return redirect(two_factor.safe_next(request))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": two_factor.safe_next(request)},
    )


@login_required
@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), confirm with a
    code, and keep the recovery codes shown once. Someone who already has an app must
    have given its code in this session first."""
    user = request.user
    if two_factor.has_second_factor(user) and not user.is_verified():
        return redirect(two_factor.next_step_url(user, request.get_full_path()))
    device = two_factor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.confirm_app(user, form.cleaned_data["code"])
        except two_factor.SecondFactorRefused as refused:
            form.add_error("code", refused.message)
        else:
            django_otp.login(request, two_factor.app_device(user))
            request.session.pop(two_factor.DUE, None)
            return render(
                request,
                "registration/two_factor_codes.html",
                {"codes": codes, "next": two_factor.safe_next(request), "new_app": True},
            )
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_code": _qr_code(device),
            "key": _grouped_key(device),
            "required": two_factor.required(user),
            "next": two_factor.safe_next(request),
        },
    )


@login_required
@never_cache
def two_factor_settings(request: HttpRequest) -> HttpResponse:
    """Two-factor sign-in on the account: on or off, new recovery codes, turn it off (not
    for the performance team). Changes need this session to have given a code."""
    user = request.user
    state = two_factor.status(user)
    if state.on and not user.is_verified():
        return redirect(two_factor.next_step_url(user, request.get_full_path()))
    problem = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "recovery-codes" and state.on:
            codes = two_factor.new_recovery_codes(user)
            return render(
                request,
                "registration/two_factor_codes.html",
                {"codes": codes, "next": reverse("two_factor_settings"), "new_app": False},
            )
        if action == "turn-off" and state.on:
            try:
                two_factor.turn_off(user, user)
            except two_factor.SecondFactorRefused as refused:
                problem = refused.message
            else:
                messages.success(request, "Two-factor sign-in is off.")
                return redirect("two_factor_settings")
    return render(
        request,
        "registration/two_factor_settings.html",
        {"status": state, "problem": problem, "oidc": not user.has_usable_password()},
    )
