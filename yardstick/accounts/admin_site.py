"""The administration's site: who gets in is decided by `yardstick.accounts.access`, not by
Django's staff flag.

`AdminConfig` (yardstick/accounts/apps.py) makes `YardstickAdminSite` the default site, so
every app's `@admin.register` lands on it. The performance team of an organisation (and a
superuser) get in; a staff flag alone does not. Model permissions still narrow what each
person may view and change, and `admin_base.OrganisationScopedAdmin` keeps them to their own
organisation's rows, asking this site (and so access.py) who sees every organisation.

There is one sign-in, Yardstick's (/accounts/login/, with its lockout and council accounts):
the admin's own sign-in page sends people there with `next=` and never shows a form of its
own. Someone signed in who may not use the administration is refused (403), not asked to
sign in again.
"""

from __future__ import annotations

from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from yardstick.accounts.access import may_administer, sees_every_organisation

REFUSED = "The administration is for the performance team."


class YardstickAdminSite(admin.AdminSite):
    site_header = "Yardstick administration"
    site_title = "Yardstick"
    index_title = "Framework administration"

    def has_permission(self, request: HttpRequest) -> bool:
        return may_administer(request.user)

    def sees_every_organisation(self, request: HttpRequest) -> bool:
        """Whether this person's admin pages show every organisation's rows (a superuser) or
        only their own organisation's; asked by `admin_base.OrganisationScopedAdmin`."""
        return sees_every_organisation(request.user)

    def admin_view(self, view, cacheable: bool = False):
        """Django's wrapper, with Yardstick's sign-in for the public and 403 for those signed
        in without the performance team's role."""

        def inner(request, *args, **kwargs):
            if not self.has_permission(request):
                if request.user.is_authenticated:
                    raise PermissionDenied(REFUSED)
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)

        if not cacheable:
            inner = never_cache(inner)
        if not getattr(view, "csrf_exempt", False):
            inner = csrf_protect(inner)
        return update_wrapper(inner, view)

    @method_decorator(never_cache)
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """Not a second sign-in: the public is sent to Yardstick's, the team straight on."""
        wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
        if not wanted or not url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            wanted = reverse("admin:index", current_app=self.name)
        if self.has_permission(request):
            return HttpResponseRedirect(wanted)
        if request.user.is_authenticated:
            raise PermissionDenied(REFUSED)
        return redirect_to_login(wanted)
