from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yardstick.organisations.models import Organisation


def home(request: HttpRequest) -> HttpResponse:
    """What Yardstick is, each organisation's published performance, and signing in."""
    return render(request, "pages/home.html", {"organisations": Organisation.objects.all()})
