"""Logs: one JSON object per line on standard output, each carrying the id of the request
(or background job) it belongs to.

JSON rather than logfmt because a traceback, a file name with spaces or a nested summary
stays one parseable line with no escaping rules of our own, and journald, Loki, Elastic and
every cloud log service read JSON lines without a custom parser.

- `RequestIdMiddleware` takes the proxy's `X-Request-ID` when it is sane, else makes one,
  and echoes it on the response; `RequestIdFilter` puts it on every log record made while
  the request (or job, see `job_context`) runs.
- `JSONFormatter` writes time, level, logger, message, request id, the fields of
  `log_event`, and a traceback as one string.
- `log_event(name, **fields)`: one line for a service action worth knowing (a period
  published, a file imported, reminders sent), written once the transaction commits.

This module is read by gunicorn's configuration too, before Django is set up: keep its
imports to the standard library and what Django allows without settings.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import re
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from django.db import transaction
from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy may send as the request id: nginx's $request_id (32 hex digits), UUIDs,
# Amazon's "Root=1-..." trace ids. Anything else (too long, spaces, quotes) is replaced.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:=+/-]{8,128}")

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_request_id", default=""
)

events = logging.getLogger("yardstick.events")

# The attributes every LogRecord has; anything else on a record came from `extra`.
_RECORD_ATTRIBUTES = frozenset(
    logging.LogRecord("", logging.INFO, "", 0, "", None, None).__dict__
) | {"message", "asctime", "request_id", "event_fields", "request"}


def new_request_id() -> str:
    return uuid.uuid4().hex


def request_id_from(header: str | None) -> str:
    """The proxy's request id when it looks like one, else a new one."""
    if header and SANE_REQUEST_ID.fullmatch(header):
        return header
    return new_request_id()


@contextlib.contextmanager
def job_context(request_id: str) -> Iterator[None]:
    """Mark every log record made inside as belonging to `request_id` (a request, a job)."""
    token = current_request_id.set(request_id)
    try:
        yield
    finally:
        current_request_id.reset(token)


class RequestIdMiddleware:
    """First in MIDDLEWARE: every later middleware, the view and the error logging of an
    unhandled exception run inside the request's id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        if "sentry_sdk" in sys.modules:  # only when SENTRY_DSN set it up (see settings)
            sys.modules["sentry_sdk"].set_tag("request_id", request_id)
        with job_context(request_id):
            response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


class StdoutHandler(logging.StreamHandler):
    """Writes to whatever sys.stdout is when the record is written, not when logging was
    configured (a test runner swaps sys.stdout for each test)."""

    def __init__(self, level: int = logging.NOTSET) -> None:
        logging.Handler.__init__(self, level)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stdout


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on the record as `request_id` ("" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id.get()
        return True


class JSONFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "") or current_request_id.get()
        if request_id:
            entry["request_id"] = request_id
        request = getattr(record, "request", None)  # django.request puts it there
        if isinstance(request, HttpRequest):
            entry["method"] = request.method
            entry["path"] = request.path
        for key, value in record.__dict__.items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        for key, value in (getattr(record, "event_fields", None) or {}).items():
            entry.setdefault(key, value)
        if record.exc_info:
            entry["exception"] = record.exc_info[0].__name__ if record.exc_info[0] else ""
            entry["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class AccessLogFilter(logging.Filter):
    """gunicorn's access log: leaves out /healthz (the load balancer and monitor probe it
    every few seconds) and puts the method, path, status, duration and request id on each
    line as fields of their own."""

    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args if isinstance(record.args, dict) else None
        if atoms is None:
            return "/healthz" not in record.getMessage()
        if atoms.get("U") == "/healthz":
            return False
        record.event_fields = {
            "method": atoms.get("m"),
            "path": atoms.get("U"),
            "status": atoms.get("s"),
            "duration_ms": round(int(atoms.get("D") or 0) / 1000, 1),
            "request_id": atoms.get("{x-request-id}o"),
        }
        return True


def log_event(event: str, **fields: object) -> None:
    """Log a service action worth knowing, once its transaction has committed (at once
    outside a transaction): `log_event("period_published", period="Q2 2018/19", by="priya")`.
    The fields become keys of the JSON line; keep them to names, numbers and short text."""
    transaction.on_commit(
        lambda: events.info(event, extra={"event": event, "event_fields": fields})
    )
