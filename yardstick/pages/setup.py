"""The first-run page: when there is no organisation yet, set one up with its first
performance-team account; then the next steps. Once any organisation exists the page is
not found, so nobody can set up a second council through it."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from yardstick.accounts.services import SetupRefused
from yardstick.organisations.models import Organisation
from yardstick.pages.forms import SetupForm

PAGE_REASON = "Set up on the first-run page"


def setup_page(request: HttpRequest) -> HttpResponse:
    if Organisation.objects.exists():
        raise Http404("Yardstick is set up already.")
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = form.set_up(reason=PAGE_REASON, only_if_first=True)
        except SetupRefused:  # someone else set it up a moment ago
            raise Http404("Yardstick is set up already.") from None
        login(request, done.user, backend="yardstick.accounts.backends.PasswordBackend")
        return redirect("pages:setup_next_steps")
    status = 400 if request.method == "POST" else 200
    return render(request, "pages/setup.html", {"form": form}, status=status)


@login_required
def next_steps(request: HttpRequest) -> HttpResponse:
    """What to do after setting up: the starter workbook, the import, people."""
    return render(request, "pages/next_steps.html", {"organisation": request.user.organisation})
