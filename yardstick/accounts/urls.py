"""Signing in (password, with a second factor where one is set up or required, or the
council's identity provider), out, and changing a password.

The names are Django's own (login, logout, password_change...), unnamespaced, as Django's
views and mozilla-django-oidc reverse them. Password reset by e-mail is not offered: the
performance team sets a new password in the administration, and most people sign in with
their council account.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from yardstick.accounts import oidc, views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("security/", views.two_factor_settings, name="two_factor_settings"),
    path("oidc/authenticate/", oidc.AuthenticateView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.CallbackView.as_view(), name="oidc_authentication_callback"),
]
