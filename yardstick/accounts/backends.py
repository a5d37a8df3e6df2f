"""The authentication backends: django-axes' check for locked-out sign-ins first, then
passwords (Django's own), then the council's identity provider (`accounts.oidc`)."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class SignInAttemptsBackend(AxesStandaloneBackend):
    """Refuses a username and address that failed too often (django-axes), before any
    backend checks a password or a provider's code.

    django-axes needs the request to know the address. A call with no request comes from
    code, not from a person at a form (the test client's `login`, a shell): there is no
    address to count, so this backend stands aside and the next backends decide. Every sign-in
    page (ours, the admin's, the OpenID callback) passes the request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class PasswordBackend(ModelBackend):
    """Django's password backend, reading the signed-in person with their organisation:
    every page shows it (the notice banner, the navigation), so one query, not two."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("organisation")
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None  # as ModelBackend
