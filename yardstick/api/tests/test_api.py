"""The API's behaviour: what the public and each person may read, the figure and key project
writes (refused in the entry pages' words), tokens, problem details, ETags, rate limits and
fixed query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import FigureFactory, MeasureFactory, ScorecardEntryFactory
from yardstick.accounts.access import ANONYMOUS, access_for
from yardstick.actions.models import ActionUpdate
from yardstick.api.models import ApiToken
from yardstick.api.services import create_token, revoke_token
from yardstick.bounds import Refused
from yardstick.core.statements import Dimension
from yardstick.measures.models import Figure, FigureStatus, Measure
from yardstick.measures.statement_services import (
    StatementInput,
    save_statement,
    sign_off_statement,
)
from yardstick.scorecards.rows import build_scorecard


def org(api) -> str:
    return f"/organisations/{api.world.council.slug}"


def messages_of(problem: dict) -> list[str]:
    return sorted(m for messages in problem.get("errors", {}).values() for m in messages)


def form_messages(response) -> list[str]:
    form = response.context["form"]
    return sorted(str(m) for messages in form.errors.values() for m in messages)


# --- what each caller reads ----------------------------------------------------------------


def test_the_public_reads_published_periods_only(api, as_persona):
    public = as_persona("anonymous").get(f"{org(api)}/periods").json()
    assert {p["id"] for p in public["items"]} == {api.world.q1.pk}
    team = as_persona("team").get(f"{org(api)}/periods").json()
    assert {api.world.q1.pk, api.world.q2.pk} <= {p["id"] for p in team["items"]}
    open_quarter = f"{org(api)}/ratings?period={api.world.q2.pk}"
    assert as_persona("anonymous").get(open_quarter).status_code == 404
    assert as_persona("team").get(open_quarter).status_code == 200


def test_the_public_reads_published_figures_and_the_team_drafts_too(api, as_persona):
    public = as_persona("anonymous").get(f"{org(api)}/figures?page_size=200").json()
    assert public["count"] == len(api.world.measures)
    assert {f["status"] for f in public["items"]} == {FigureStatus.PUBLISHED}
    team = as_persona("team").get(f"{org(api)}/figures?status=submitted").json()
    assert team["count"] >= len(api.world.measures) - 1


def test_ratings_are_what_the_scorecard_shows(api, as_persona):
    """The rating as shown (measures.shown), for the public and for the team: the same as
    the scorecard every page reads, cell for cell."""
    world = api.world
    for persona, access in (("anonymous", ANONYMOUS), ("team", None)):
        access = access or access_for(world.users["team"], world.council.id)
        period = world.q1 if persona == "anonymous" else world.q2
        report = build_scorecard(world.scorecard, period, access)
        body = as_persona(persona).get(
            f"{org(api)}/scorecards/{world.scorecard.pk}?period={period.pk}"
        )
        assert body.status_code == 200
        rows = body.json()["rows"]
        assert [(r["code"], r["current"]["band"], r["current"]["actual"]) for r in rows] == [
            (r.code, r.current.band_code, r.current.actual) for r in report.rows
        ]
        ratings = as_persona(persona).get(f"{org(api)}/ratings?period={period.pk}").json()
        by_code = {item["measure_code"]: item for item in ratings["items"]}
        for row in report.rows:
            assert by_code[row.code]["band"] == row.current.band_code
            assert by_code[row.code]["actual"] == row.current.actual
            assert by_code[row.code]["trend_reason"] == row.trend_reason


def test_not_for_publication_is_kept_from_the_public_api(api, as_persona):
    world = api.world
    secret = world.measures["PCT"]
    secret.not_for_publication = True
    secret.save()
    public, team = as_persona("anonymous"), as_persona("team")

    def codes(response) -> set[str]:
        return {m.get("code") or m.get("measure_code") for m in response.json()["items"]}

    assert "PCT" not in codes(public.get(f"{org(api)}/measures?page_size=200"))
    assert "PCT" in codes(team.get(f"{org(api)}/measures?page_size=200"))
    assert public.get(f"{org(api)}/measures/{secret.pk}").status_code == 404
    assert "PCT" not in codes(public.get(f"{org(api)}/ratings?period={world.q1.pk}"))
    figures = public.get(f"{org(api)}/figures?measure={secret.pk}").json()
    assert figures["count"] == 0
    targets = public.get(f"{org(api)}/targets?measure={secret.pk}").json()
    assert targets["count"] == 0
    card = public.get(f"{org(api)}/scorecards/{world.scorecard.pk}").json()
    assert "PCT" not in {row["code"] for row in card["rows"]}

    world.scorecard.not_for_publication = True
    world.scorecard.save()
    assert public.get(f"{org(api)}/scorecards/{world.scorecard.pk}").status_code == 404
    assert public.get(f"{org(api)}/scorecards").json()["count"] == 0
    assert team.get(f"{org(api)}/scorecards/{world.scorecard.pk}").status_code == 200


def test_key_projects_are_for_people_of_the_organisation(api, as_persona):
    path = f"{org(api)}/projects"
    assert as_persona("anonymous").get(path).status_code == 401
    assert as_persona("no_role").get(path).status_code == 403
    body = as_persona("councillor").get(path).json()
    assert [p["code"] for p in body["items"]] == ["KP1"]
    assert body["items"][0]["milestones"][0]["title"] == "Contract signed"


# --- writes, refused in the forms' words -----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "action"),
    [
        ({"value": "145"}, "save"),  # a percentage above 100
        ({"value": "lots"}, "save"),  # not a percentage
        ({"value": "80", "numerator": "90", "denominator": "50"}, "save"),  # counts disagree
        ({"value": "", "numerator": "5"}, "save"),  # counts without the figure
        ({"value": "80", "missing_state": "not_available"}, "save"),  # a figure and no figure
        ({"value": "80", "data_covers": "next Tuesday"}, "save"),  # an unreadable range
        ({"value": "80", "note": "x" * 400}, "save"),  # a note past its limit
        ({"value": "10"}, "submit"),  # far off target, with no commentary, and unusual
    ],
)
def test_an_invalid_figure_is_refused_by_the_api_as_by_the_form(api, as_persona, typed, action):
    world = api.world
    measure, period = world.measures["PCT"], world.q2
    version = Figure.objects.get(measure=measure, period=period).version
    before = Figure.history.count()

    browser = Client()
    browser.force_login(world.users["owner"])
    page = browser.post(
        reverse("collection:entry", args=[measure.pk, period.pk]),
        {**typed, "version": version, "action": action},
    )
    assert page.status_code == 200  # shown again, with the messages
    through_form = form_messages(page)

    response = as_persona("owner").put(
        f"{org(api)}/measures/{measure.pk}/figures/{period.pk}",
        {**typed, "version": version, "action": action},
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert through_form and messages_of(problem) == through_form
    assert problem["status"] == 422 and problem["title"] == "Unprocessable Entity"
    assert Figure.history.count() == before  # nothing saved by either door


def test_a_figure_is_saved_then_submitted_through_the_services(api, as_persona):
    world = api.world
    measure, period = world.measures["NUM"], world.q2
    path = f"{org(api)}/measures/{measure.pk}/figures/{period.pk}"
    owner = as_persona("owner")
    version = owner.get(path).json()["version"]
    saved = owner.put(path, {"value": "1,080", "version": version})
    assert saved.status_code == 200, saved.content
    assert saved.json()["status"] == "draft" and saved.json()["value"] == "1080"
    stale = owner.put(path, {"value": "1,070", "version": version})
    assert stale.status_code == 409
    submitted = owner.put(
        path,
        {
            "value": "1,070",
            "version": saved.json()["version"],
            "action": "submit",
            "commentary": "Demand rose after the school holidays.",
            "commentary_published": True,
        },
    )
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["commentary_published"] is True
    figure = Figure.objects.get(measure=measure, period=period)
    assert figure.status == FigureStatus.SUBMITTED and figure.submitted_by == world.users["owner"]
    # The API publishes the commentary as the entry page's box does.
    assert figure.public_commentary == "Demand rose after the school holidays."
    assert figure.history.first().history_user == world.users["owner"]


def test_who_may_write_is_the_pages_rule(api, as_persona):
    world = api.world
    path = f"{org(api)}/measures/{world.measures['NUM'].pk}/figures/{world.q2.pk}"
    body = {"value": "1000", "version": 0}
    assert as_persona("anonymous").put(path, body).status_code == 401
    assert as_persona("councillor").put(path, body).status_code == 403
    published = f"{org(api)}/measures/{world.measures['NUM'].pk}/figures/{world.q1.pk}"
    assert as_persona("owner").put(published, body).status_code == 409


def test_a_key_project_return_is_refused_by_the_api_as_by_the_page(api, as_persona):
    world, project = api.world, api.project
    typed = {"progress": "", "status": "completed", "percent_complete": 60}
    browser = Client()
    browser.force_login(world.users["owner"])
    page = browser.post(
        reverse("collection:project_return", args=[project.pk, world.q2.pk]),
        {**typed, "step": "save"},
    )
    path = f"{org(api)}/projects/{project.pk}/returns/{world.q2.pk}"
    response = as_persona("owner").put(path, typed)
    assert response.status_code == 422
    assert messages_of(response.json()) == form_messages(page)
    assert len(messages_of(response.json())) == 2

    saved = as_persona("owner").put(
        path,
        {
            "progress": "Builders on site.",
            "status": "amber",
            "percent_complete": 40,
            "milestones": {str(api.milestone.pk): "2018-08-03"},
            "action": "submit",
        },
    )
    assert saved.status_code == 200, saved.content
    update = ActionUpdate.objects.get(action=project, period=world.q2)
    assert update.state == "submitted" and update.progress == "Builders on site."
    api.milestone.refresh_from_db()
    assert str(api.milestone.actual) == "2018-08-03"


# --- tokens ----------------------------------------------------------------------------------


def test_a_token_is_kept_as_its_digest_and_stops_when_revoked_or_expired(api, as_persona):
    world = api.world
    new = create_token(world.users["councillor"], "report", "read", 10)
    token = ApiToken.objects.get(pk=new.token.pk)
    assert new.secret not in (token.digest, token.prefix) and new.secret.startswith(token.prefix)
    client = Client()
    headers = {"Authorization": f"Bearer {new.secret}"}
    path = f"/api/v1{org(api)}/periods"
    assert client.get(path, headers=headers).status_code == 200
    write = f"/api/v1{org(api)}/measures/{world.measures['NUM'].pk}/figures/{world.q2.pk}"
    read_only = client.put(write, {}, content_type="application/json", headers=headers)
    assert read_only.status_code == 403 and "may only read" in read_only.json()["detail"]
    revoke_token(token, world.users["councillor"])
    assert client.get(path, headers=headers).status_code == 401
    assert token.history.first().history_change_reason == "Token revoked"

    expiring = create_token(world.users["councillor"], "old", "read", 1)
    ApiToken.objects.filter(pk=expiring.token.pk).update(expires_at=timezone.now())
    expired = client.get(path, headers={"Authorization": f"Bearer {expiring.secret}"})
    assert expired.status_code == 401
    assert expired["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("name", "scope", "days", "field"),
    [
        ("", "read", 30, "name"),
        ("x", "admin", 30, "scope"),
        ("x", "read", 0, "days"),
        ("x", "read", 366, "days"),
        ("x" * 101, "read", 30, "name"),
    ],
)
def test_a_token_is_bounded(api, name, scope, days, field):
    with pytest.raises(Refused) as refused:
        create_token(api.world.users["team"], name, scope, days)
    assert refused.value.field == field


def test_a_person_revokes_only_their_own_tokens(api):
    new = create_token(api.world.users["team"], "mine", "read", 5)
    browser = Client()
    browser.force_login(api.world.users["owner"])
    response = browser.post(reverse("api_tokens:revoke", args=[new.token.pk]))
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=new.token.pk).revoked_at is None


# --- the protocol ----------------------------------------------------------------------------


def test_a_conditional_get_answers_not_modified(api, as_persona):
    client = as_persona("team")
    first = client.get(f"{org(api)}/measures")
    etag = first["ETag"]
    again = client.get(f"{org(api)}/measures", **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    MeasureFactory(organisation=api.world.council, code="ZZZ")
    changed = client.get(f"{org(api)}/measures", **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_errors_are_problem_details(api, as_persona):
    for path, status in (
        ("/organisations/nowhere", 404),
        ("/organisations/x/measures?page=0", 422),
        ("/no-such-thing", 404),
        ("/organisations/x/periods?type=a%00b", 400),  # refused at the door (middleware.py)
    ):
        response = as_persona("anonymous").get(path)
        assert response.status_code == status
        assert response["Content-Type"] == "application/problem+json"
        assert {"type", "title", "status", "detail"} <= set(response.json())
    assert Client().get("/api/elsewhere")["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("cache", ["default", "database"])
def test_requests_past_the_rate_limit_are_refused_per_caller(api, as_persona, settings, cache):
    """Counted in the cache named API_RATE_CACHE: each worker's memory, or the database's
    cache table, which several workers share (docs/deploy.md)."""
    settings.API_RATE_CACHE = cache
    caches[cache].clear()
    settings.API_RATE_ANONYMOUS = 3
    settings.API_RATE_TOKEN = 5
    public, team = as_persona("anonymous"), as_persona("team")
    path = f"{org(api)}/periods"
    assert [public.get(path).status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = public.get(path)
    assert refused["Content-Type"] == "application/problem+json"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert [team.get(path).status_code for _ in range(6)] == [200] * 5 + [429]


# --- query counts ----------------------------------------------------------------------------


LISTS = (
    "/measures?page_size=200",
    "/targets?page_size=200",
    "/figures?page_size=200",
    "/ratings?page_size=200&period={q2}",
    "/scorecards/{scorecard}?period={q2}",
    "/statements?page_size=200",
)


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", LISTS)
def test_a_lists_queries_do_not_grow_with_its_rows(api, as_persona, path):
    world = api.world
    path = org(api) + path.format(q2=world.q2.pk, scorecard=world.scorecard.pk)
    client = as_persona("team")
    before = count_queries(client, path)
    for number in range(6):
        measure = MeasureFactory(
            organisation=world.council, unit=world.resources, code=f"EXTRA{number}"
        )
        FigureFactory(measure=measure, period=world.q2)
        ScorecardEntryFactory(scorecard=world.scorecard, measure=measure, number=f"X{number}")
    assert count_queries(client, path) <= before
    assert before <= 24


def test_the_public_reads_only_commentary_marked_for_publication(api, as_persona):
    world = api.world
    published = Figure.objects.filter(status=FigureStatus.PUBLISHED, period=world.q1)
    marked, unmarked = list(published.order_by("measure__code")[:2])
    Figure.objects.filter(pk=marked.pk).update(
        commentary="Marked for the public.", commentary_published=True
    )
    Figure.objects.filter(pk=unmarked.pk).update(
        commentary="Internal only.", proposed_action="A plan.", commentary_published=False
    )
    for persona, sees_internal in (("anonymous", False), ("team", True)):
        figures = (
            as_persona(persona)
            .get(f"{org(api)}/figures?period={world.q1.pk}&page_size=200")
            .json()["items"]
        )
        ratings = (
            as_persona(persona)
            .get(f"{org(api)}/ratings?period={world.q1.pk}&page_size=200")
            .json()["items"]
        )
        for items in (figures, ratings):
            texts = {item["commentary"] for item in items}
            assert "Marked for the public." in texts
            assert ("Internal only." in texts) is sees_internal
            assert ("A plan." in {item["proposed_action"] for item in items}) is sees_internal
        scorecard = (
            as_persona(persona)
            .get(f"{org(api)}/scorecards/{world.scorecard.pk}?period={world.q1.pk}")
            .json()
        )
        row_texts = {row["commentary"] for row in scorecard["rows"]}
        assert ("Internal only." in row_texts) is sees_internal


# --- data quality statements ------------------------------------------------------------------


def test_statements_are_read_signed_off_by_people_of_the_organisation_only(api, as_persona):
    world = api.world
    measure = world.measures["PCT"]
    texts = {dimension.value: f"How {dimension.value} is assured." for dimension in Dimension}
    review = timezone.localdate() + timedelta(days=90)
    team = world.users["team"]
    save_statement(measure, StatementInput(texts=texts, risk="low", review_date=review), team)
    sign_off_statement(measure, team)
    draft = {**texts, "accuracy": "A draft the readers must not see."}
    save_statement(measure, StatementInput(texts=draft, risk="high", review_date=review), team)
    path = f"{org(api)}/statements"

    body = as_persona("councillor").get(path).json()
    [item] = body["items"]
    assert (item["measure_code"], item["version"], item["status"]) == ("PCT", 1, "signed_off")
    assert item["risk"] == "low" and not item["review_overdue"]
    assert item["dimensions"][0] == {
        "dimension": "accuracy",
        "text": "How accuracy is assured.",
        "assessment": "",
        "assessment_label": "",
    }
    one = as_persona("team").get(f"{org(api)}/measures/{measure.pk}/statement")
    assert one.status_code == 200 and one.json()["version"] == 1
    assert "A draft the readers must not see." not in one.content.decode()
    assert as_persona("team").get(f"{path}?risk=high").json()["count"] == 0
    assert as_persona("team").get(f"{path}?risk=extreme").status_code == 422
    # A statement has no publishing step: the public site shows none, nor does the API.
    assert as_persona("anonymous").get(path).status_code == 401
    assert as_persona("no_role").get(path).status_code == 403
    none_signed = f"{org(api)}/measures/{world.measures['NUM'].pk}/statement"
    assert as_persona("team").get(none_signed).status_code == 404


@pytest.mark.parametrize(
    ("typed", "cumulative"),
    [
        ({"value": "80", "forecast": "85%"}, True),  # a forecast without its reason
        ({"value": "80", "forecast_reason": "A strong Q4."}, True),  # a reason, no forecast
        ({"value": "80", "forecast": "lots", "forecast_reason": "A strong Q4."}, True),
        ({"value": "80", "forecast": "145%", "forecast_reason": "A strong Q4."}, True),
        ({"value": "80", "forecast": "85%", "forecast_reason": "x" * 2001}, True),
        ({"value": "80", "forecast": "85%", "forecast_reason": "A strong Q4."}, False),
    ],
)
def test_an_owner_s_forecast_is_refused_by_the_api_as_by_the_form(
    api, as_persona, typed, cumulative
):
    """The owner's year-end forecast: the same rule, in the same words, at both doors."""
    world = api.world
    measure, period = world.measures["PCT"], world.q2
    if cumulative:
        Measure.objects.filter(pk=measure.pk).update(collection_type="cumulative")
    version = Figure.objects.get(measure=measure, period=period).version
    before = Figure.history.count()
    browser = Client()
    browser.force_login(world.users["owner"])
    page = browser.post(
        reverse("collection:entry", args=[measure.pk, period.pk]),
        {**typed, "version": version, "action": "save"},
    )
    assert page.status_code == 200
    through_form = form_messages(page)
    response = as_persona("owner").put(
        f"{org(api)}/measures/{measure.pk}/figures/{period.pk}",
        {**typed, "version": version, "action": "save"},
    )
    assert response.status_code == 422
    assert through_form and messages_of(response.json()) == through_form
    assert any("forecast" in message.lower() or "reason" in message for message in through_form)
    assert Figure.history.count() == before


def test_an_owner_s_forecast_is_kept_and_read_back(api, as_persona):
    world = api.world
    measure, period = world.measures["PCT"], world.q2
    Measure.objects.filter(pk=measure.pk).update(collection_type="cumulative")
    path = f"{org(api)}/measures/{measure.pk}/figures/{period.pk}"
    owner = as_persona("owner")
    version = owner.get(path).json()["version"]
    saved = owner.put(
        path,
        {
            "value": "80",
            "version": version,
            "forecast": "91.5%",
            "forecast_reason": "The backlog clears in Q4.",
        },
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["forecast"] == "91.5"
    assert saved.json()["forecast_reason"] == "The backlog clears in Q4."
    figure = Figure.objects.get(measure=measure, period=period)
    assert figure.history.first().forecast_reason == "The backlog clears in Q4."  # audited
