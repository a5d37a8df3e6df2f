"""A portfolio holder's page (issue 11, "Portfolio view"): their measures as the scorecards
show them, the exceptions among them, the key projects of their themes with signed-off
returns, and the open actions from meetings about any of them; in a fixed number of queries."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import ScorecardFactory, ThemeFactory, UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.actions.models import ActionUpdate, KeyAction, UpdateState
from yardstick.framework.models import Period
from yardstick.meetings.models import Body, BodyKind, Meeting
from yardstick.meetings.services import ActionInput, agree_action, schedule_meeting
from yardstick.scorecards.tests.conftest import add_measures

pytestmark = pytest.mark.django_db


@pytest.fixture
def scorecard(council):
    theme = ThemeFactory(plan__organisation=council, title="Build a Better Borough")
    return ScorecardFactory(organisation=council, theme=theme, title="Better", slug="better")


@pytest.fixture
def councillor(council):
    user = UserFactory(username="cllr", first_name="Carol", organisation=council)
    Membership.objects.create(user=user, organisation=council, role=Role.COUNCILLOR)
    return user


@pytest.fixture
def world(council, scorecard, performance_officer):
    anita = UserFactory(
        username="anita", first_name="Anita", last_name="Patel", organisation=council
    )
    robert = UserFactory(username="robert", first_name="Robert", organisation=council)
    Membership.objects.create(user=anita, organisation=council, role=Role.COUNCILLOR)
    theme = ThemeFactory(plan=scorecard.theme.plan, title="Protect the vulnerable")
    theme.portfolio_holder = anita
    theme.save()
    measures = add_measures(council, scorecard, 4, officer=performance_officer)
    for measure, holder in zip(measures, (anita, anita, None, robert), strict=True):
        measure.portfolio_holder = holder
        measure.save()
        measure.themes.add(theme)
    project = KeyAction.objects.create(
        organisation=council, code="KP-1", title="Open a family hub", theme=theme, owner=robert
    )
    q2 = Period.objects.get(organisation=council, key="2018-19 Q2")
    ActionUpdate.objects.create(action=project, period=q2, progress="Hub opened.", status="green")
    ActionUpdate.objects.create(
        action=KeyAction.objects.create(
            organisation=council, code="KP-2", title="Elsewhere", theme=scorecard.theme
        ),
        period=q2,
        progress="Not hers.",
        status="green",
    )
    body = Body.objects.create(organisation=council, name="Cabinet", kind=BodyKind.CABINET)
    meeting = schedule_meeting(
        body, timezone.make_aware(datetime(2018, 11, 6, 10)), "Room 1", performance_officer
    )
    for text, measure in (("Explain the dip", measures[0]), ("Not about hers", measures[3])):
        agree_action(
            meeting, ActionInput(text, owner_name="All", measure=measure), performance_officer
        )
    agree_action(
        meeting,
        ActionInput("Visit the hub", owner_name="All", key_action=project),
        performance_officer,
    )
    return anita, measures, project


def page_of(client, holder, **query) -> str:
    response = client.get(reverse("pages:portfolio", args=[holder.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_holds_the_holders_measures_projects_and_actions_only(client, councillor, world):
    anita, measures, _ = world
    client.force_login(councillor)
    page = page_of(client, anita, period="2018-19 Q2")
    for measure in measures[:3]:  # her own two, and one of her theme's with no holder
        assert measure.title in page
    assert measures[3].title not in page  # Robert holds it, though it is on her theme
    assert "Open a family hub" in page and "Hub opened." in page
    assert "Elsewhere" not in page and "Not hers." not in page
    assert "Explain the dip" in page and "Visit the hub" in page
    assert "Not about hers" not in page


def test_a_return_not_signed_off_is_not_shown(client, councillor, world):
    anita, _, project = world
    ActionUpdate.objects.filter(action=project).update(state=UpdateState.SUBMITTED)
    client.force_login(councillor)
    page = page_of(client, anita, period="2018-19 Q2")
    assert "Hub opened." not in page and "No signed-off return" in page


def test_the_list_names_every_holder(client, councillor, world):
    client.force_login(councillor)
    page = client.get(reverse("pages:portfolios")).content.decode()
    assert "Anita Patel" in page and reverse("pages:portfolio", args=[world[0].pk]) in page


def test_the_queries_do_not_grow_with_measures_projects_or_actions(
    client, council, scorecard, councillor, world, performance_officer
):
    anita, measures, project = world
    client.force_login(councillor)

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            page_of(client, anita, period="2018-19 Q2")
        return len(queries)

    before = count()
    for measure in add_measures(council, scorecard, 3, officer=performance_officer):
        measure.portfolio_holder = anita
        measure.save()
    for number in range(3):
        KeyAction.objects.create(
            organisation=council, code=f"KP-{number + 10}", title="More", theme=project.theme
        )
    meeting = Meeting.objects.get()
    for number in range(3):
        agree_action(
            meeting, ActionInput(f"More {number}", owner_name="All", measure=measures[0]),
            performance_officer,
        )  # fmt: skip
    assert count() == before
