"""Errors as RFC 9457 problem details: `application/problem+json` with `type`, `title`,
`status` and `detail` (and, for a refused write, `errors`: each field's messages, in the
words the form shows). Every exception the API can meet is turned into one here."""

from __future__ import annotations

import json
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from yardstick.actions.services import ProjectLocked, ProjectRefused, StaleReturn
from yardstick.bounds import Refused
from yardstick.measures.services import FigureLocked, FigureRefused, StaleFigure, WrongStatus

MEDIA_TYPE = "application/problem+json"
NON_FIELD = "__all__"  # the key of problems about no one field, as Django forms name them


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    errors: dict[str, list[str]] | None = None


class ApiProblem(Exception):
    """Answer the request with a problem: raise it from any operation."""

    def __init__(self, status: int, detail: str, errors: dict[str, list[str]] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors


def problem(status: int, detail: str, errors: dict[str, list[str]] | None = None) -> HttpResponse:
    body = {
        "type": "about:blank",  # RFC 9457 §4.2.1: the title is the status's own phrase
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return HttpResponse(json.dumps(body), status=status, content_type=MEDIA_TYPE)


def by_field(problems, rename: dict[str, str] | None = None) -> dict[str, list[str]]:
    """The rules' problems (`core.quality.Problem`: field and message) by field."""
    errors: dict[str, list[str]] = {}
    for item in problems:
        field = (rename or {}).get(item.field, item.field) or NON_FIELD
        errors.setdefault(field, []).append(item.message)
    return errors


def form_errors(form) -> dict[str, list[str]]:
    """A bound Django form's errors, by field, as the form shows them."""
    return {
        field: [str(message) for message in messages] for field, messages in form.errors.items()
    }


def summary(errors: dict[str, list[str]]) -> str:
    return " ".join(message for messages in errors.values() for message in messages)


def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        errors.setdefault(location or NON_FIELD, []).append(str(error.get("msg", "")))
    return problem(
        422, "The request's parameters or body are not valid: " + summary(errors), errors
    )


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code if exc.status_code in HTTPStatus._value2member_map_ else 400
    return problem(status, str(exc))


def _refused_figure(request: HttpRequest, exc: FigureRefused) -> HttpResponse:
    errors = by_field(exc.problems)
    return problem(422, summary(errors), errors)


def install(api) -> None:
    """Answer every exception the operations raise with a problem."""
    handlers = {
        ApiProblem: lambda request, exc: problem(exc.status, exc.detail, exc.errors),
        ValidationError: _validation,
        AuthenticationError: lambda request, exc: problem(
            401, "Send a valid API token: Authorization: Bearer <token>."
        ),
        Throttled: lambda request, exc: problem(
            429, "Too many requests: wait a minute and try again (docs/api.md, rate limits)."
        ),
        HttpError: _http_error,
        Http404: lambda request, exc: problem(404, str(exc) or "Not found."),
        PermissionDenied: lambda request, exc: problem(403, str(exc) or "Forbidden."),
        FigureRefused: _refused_figure,
        Refused: lambda request, exc: problem(
            422, exc.message, {exc.field or NON_FIELD: [exc.message]}
        ),
        StaleFigure: lambda request, exc: problem(
            409,
            "Someone changed this figure since you read it (it is now version "
            f"{exc.current.version}): read it again, then send that version.",
        ),
        FigureLocked: lambda request, exc: problem(409, str(exc)),
        WrongStatus: lambda request, exc: problem(409, str(exc)),
        ProjectRefused: lambda request, exc: problem(
            422, summary(by_field(exc.problems)), by_field(exc.problems)
        ),
        StaleReturn: lambda request, exc: problem(
            409,
            "Someone changed this return since you read it (it is now version "
            f"{exc.update.version}): read it again, then send that version.",
        ),
        ProjectLocked: lambda request, exc: problem(409, str(exc)),
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, handler)


def responses(*statuses: int) -> dict:
    """The problems an operation may answer, for its schema."""
    return dict.fromkeys(statuses, Problem)
