"""Signing in and out, changing a password, and the page a locked-out sign-in gets."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import time_format

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
