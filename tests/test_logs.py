"""Logs: a request id on every request and its log lines, one JSON line per unhandled
error with its traceback, and a line per service action once it commits."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.db import transaction
from django.test import Client

from tests.factories import UserFactory
from yardstick.logs import (
    AccessLogFilter,
    JSONFormatter,
    RequestIdFilter,
    job_context,
    log_event,
    request_id_from,
)


@pytest.fixture
def json_lines():
    """What the root logger writes, through the settings' JSON formatter and filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(), logging.getLogger("django")]  # "django" does not propagate
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


@pytest.mark.parametrize(
    "header",
    [
        "0123456789abcdef0123456789abcdef",  # nginx's $request_id
        "6f1c9e2e-4f6b-4d0e-9a44-3b1f0c2d7e11",
        "Root=1-67891233-abcdef012345678912345678",
    ],
)
def test_the_proxys_request_id_is_kept_when_it_looks_like_one(header):
    assert request_id_from(header) == header


@pytest.mark.parametrize(
    "header",
    [None, "", "short", "has spaces in it", "x" * 129, 'quote"d-0123456789', "new\nline-12345"],
)
def test_anything_else_gets_a_new_request_id(header):
    made = request_id_from(header)
    assert made != header
    assert len(made) == 32
    assert made != request_id_from(header)


@pytest.mark.django_db
def test_every_response_carries_its_request_id_taking_the_proxys_when_sane(client):
    made = client.get("/")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/", headers={"X-Request-ID": "abcdef0123456789"})["X-Request-ID"] == (
        "abcdef0123456789"
    )
    assert client.get("/", headers={"X-Request-ID": "no good"})["X-Request-ID"] != "no good"


@pytest.mark.django_db
def test_an_unhandled_error_leaves_one_json_line_with_the_traceback_and_the_request_id(
    json_lines,
):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    browser = Client(raise_request_exception=False)
    browser.force_login(admin)
    response = browser.get("/healthz/error", headers={"X-Request-ID": "req-0123456789"})
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-0123456789"
    assert b"req-0123456789" in response.content  # the 500 page quotes it
    errors = [line for line in json_lines() if line["level"] == "ERROR"]
    assert len(errors) == 1
    [error] = errors
    assert error["logger"] == "django.request"
    assert error["message"] == "Internal Server Error: /healthz/error"
    assert error["request_id"] == "req-0123456789"
    assert error["method"] == "GET"
    assert error["path"] == "/healthz/error"
    assert error["status_code"] == 500
    assert error["exception"] == "DeliberateError"
    assert "A deliberate error, asked for by root" in error["traceback"]
    assert "Traceback (most recent call last)" in error["traceback"]


@pytest.mark.django_db
def test_the_deliberate_error_page_is_not_found_for_anyone_but_a_superuser(client):
    assert client.get("/healthz/error").status_code == 404
    client.force_login(UserFactory(username="staff", is_staff=True))
    assert client.get("/healthz/error").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_service_action_is_logged_once_its_transaction_commits_and_not_if_it_rolls_back(
    json_lines,
):
    with job_context("job-0123456789"), transaction.atomic():
        log_event("period_published", period="Q2 2018/19", ratings_kept=85, by="priya")
        assert json_lines() == []  # not yet: the transaction may still roll back
    [line] = json_lines()
    assert line["logger"] == "yardstick.events"
    assert line["message"] == line["event"] == "period_published"
    assert (line["period"], line["ratings_kept"], line["by"]) == ("Q2 2018/19", 85, "priya")
    assert line["request_id"] == "job-0123456789"

    with pytest.raises(RuntimeError), transaction.atomic():
        log_event("period_published", period="Q3 2018/19")
        raise RuntimeError("rolled back")
    assert len(json_lines()) == 1


@pytest.mark.django_db
def test_event_fields_never_overwrite_the_lines_own_keys(
    json_lines, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        log_event("file_imported", message="not the message", level="not the level", rows=3)
    [line] = json_lines()
    assert (line["message"], line["level"], line["rows"]) == ("file_imported", "INFO", 3)


def test_a_line_outside_any_request_has_no_request_id(json_lines):
    logging.getLogger("yardstick.test").warning("plain %s", "words")
    [line] = json_lines()
    assert line["message"] == "plain words"
    assert "request_id" not in line


def gunicorn_access_record(path: str) -> logging.LogRecord:
    atoms = {"m": "GET", "U": path, "s": "200", "D": "12345", "{x-request-id}o": "abc123def456"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(U)s", (atoms,), None)
    return record


def test_gunicorns_access_log_leaves_out_health_checks_and_gives_each_field_its_key():
    access = AccessLogFilter()
    assert access.filter(gunicorn_access_record("/healthz")) is False
    record = gunicorn_access_record("/overview/")
    assert access.filter(record) is True
    line = json.loads(JSONFormatter().format(record))
    assert line["message"] == "/overview/"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/overview/", "200")
    assert (line["duration_ms"], line["request_id"]) == (12.3, "abc123def456")


def test_the_demo_servers_lines_for_health_checks_are_left_out_too():
    access = AccessLogFilter()
    probe = logging.LogRecord(
        "django.server", logging.INFO, "", 0, '"%s" %s', ("GET /healthz HTTP/1.1", 200), None
    )
    page = logging.LogRecord(
        "django.server", logging.INFO, "", 0, '"%s" %s', ("GET / HTTP/1.1", 200), None
    )
    assert (access.filter(probe), access.filter(page)) == (False, True)
