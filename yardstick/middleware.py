"""Refusing, at the door, requests no page can answer.

A NUL character is never part of anything Yardstick keeps or looks up: PostgreSQL cannot hold
one in text, so a lookup with one (a measure code in an address, an admin search, an
organisation named in a query) failed with a server error. A form refuses one in a field it
reads (Django's forms do); an address, a query or a form field a view reads directly is
refused here as a bad request, the same on every page and both databases (the API's
addresses as an RFC 9457 problem, as the API answers every error).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

from yardstick.api.problems import problem

NUL = "\x00"
REFUSED = "The address or the form holds a NUL character."
API = "/api/"


def _holds_nul(request: HttpRequest) -> bool:
    if NUL in request.path:
        return True
    fields = [request.GET]
    if request.method == "POST":
        fields.append(request.POST)
    return any(
        NUL in key or any(NUL in value for value in values)
        for query in fields
        for key, values in query.lists()
    )


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _holds_nul(request):
            if request.path.startswith(API):
                return problem(400, REFUSED)
            raise BadRequest(REFUSED)
        return self.get_response(request)
