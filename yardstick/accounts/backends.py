"""The first authentication backend: django-axes' check for locked-out sign-ins."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


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
