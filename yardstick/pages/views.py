from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from yardstick.organisations.models import Organisation


def home(request: HttpRequest) -> HttpResponse:
    """What Yardstick is, each organisation's published performance, and signing in; before
    any organisation is set up, the first-run page."""
    organisations = list(Organisation.objects.all())
    if not organisations:
        return redirect("pages:setup")
    return render(request, "pages/home.html", {"organisations": organisations})
