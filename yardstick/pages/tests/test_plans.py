"""The plan page (issue 15, "Finding things"): the golden thread from the community plan
through the corporate plan's themes to the directorate and team plans, measures, key projects
and owners, with each plan's horizon; in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import MeasureFactory, PlanFactory, ThemeFactory, UnitFactory, UserFactory
from yardstick.accounts.models import Membership, Role
from yardstick.actions.models import KeyAction
from yardstick.framework.models import PlanKind
from yardstick.organisations.models import UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def councillor(council):
    user = UserFactory(username="cllr", first_name="Carol", organisation=council)
    Membership.objects.create(user=user, organisation=council, role=Role.COUNCILLOR)
    return user


@pytest.fixture
def thread(council):
    owner = UserFactory(first_name="Tom", last_name="Reilly", organisation=council)
    community = PlanFactory(
        organisation=council,
        kind=PlanKind.COMMUNITY,
        title="Borough community plan",
        first_year=2018,
        last_year=2027,
    )
    corporate = PlanFactory(organisation=council, parent=community, first_year=2018, last_year=2021)
    theme = ThemeFactory(plan=corporate, title="Build a Better Borough")
    resources = UnitFactory(organisation=council, name="Resources", code="RES")
    revenues = UnitFactory(
        organisation=council, name="Revenues", code="REV", parent=resources, kind=UnitKind.SERVICE
    )
    directorate = PlanFactory(
        organisation=council,
        kind=PlanKind.DIRECTORATE,
        title="Resources service improvement plan",
        parent=corporate,
        unit=resources,
    )
    PlanFactory(
        organisation=council,
        kind=PlanKind.TEAM,
        title="Revenues delivery plan",
        parent=directorate,
        unit=revenues,
    )
    measure = MeasureFactory(
        organisation=council, title="Council tax collected", owner=owner, unit=revenues
    )
    measure.themes.add(theme)
    KeyAction.objects.create(
        organisation=council, code="KP1", theme=theme, title="Digital first", owner=owner
    )
    return theme


def test_the_plan_page_shows_the_golden_thread_with_horizons_owners_and_unit_scorecards(
    client, council, councillor, thread
):
    client.force_login(councillor)
    response = client.get(reverse("pages:plans"))
    assert response.status_code == 200
    (community,) = response.context["roots"]
    (corporate,) = community.children
    (directorate,) = corporate.children
    (team,) = directorate.children
    assert community.plan.horizon_label == "2018/19 to 2027/28"
    assert corporate.plan.horizon_label == "2018/19 to 2021/22"
    assert team.plan.horizon_label == "2018/19"  # no horizon set: its own year
    (theme,) = corporate.themes
    assert [(m.title, m.owner) for m in theme.measures] == [("Council tax collected", "Tom Reilly")]
    assert [(p.title, p.owner) for p in theme.projects] == [("Digital first", "Tom Reilly")]
    assert directorate.unit_measures == 1 and team.unit_measures == 1  # the service's counts
    html = response.content.decode()
    assert "2018/19 to 2027/28" in html
    assert reverse("scorecards:unit", args=["RES"]) in html
    assert reverse("scorecards:unit", args=["REV"]) in html


def test_the_plan_page_queries_do_not_grow_with_the_number_of_plans_and_measures(
    client, council, councillor, thread
):
    client.force_login(councillor)
    client.get(reverse("pages:plans"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("pages:plans"))
    for index in range(5):
        theme = ThemeFactory(plan=thread.plan, portfolio_holder=UserFactory(organisation=council))
        unit = UnitFactory(organisation=council, code=f"U{index}")
        PlanFactory(organisation=council, kind=PlanKind.DIRECTORATE, parent=thread.plan, unit=unit)
        for _ in range(3):
            MeasureFactory(organisation=council, unit=unit).themes.add(theme)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("pages:plans"))
    assert len(many) == len(few)


def test_a_year_with_no_plans_is_not_found_and_a_bad_year_too(client, councillor, thread):
    client.force_login(councillor)
    assert client.get(reverse("pages:plans") + "?year=2030").status_code == 404
    assert client.get(reverse("pages:plans") + "?year=soon").status_code == 404
    assert client.get(reverse("pages:plans") + "?year=²").status_code == 404  # a digit, not int
    assert client.get(reverse("pages:plans") + "?year=" + "9" * 5000).status_code == 404


def test_a_horizon_must_run_forwards_and_include_the_plans_year(council):
    plan = PlanFactory.build(organisation=council, first_year=2019, last_year=2021)
    with pytest.raises(ValidationError, match="own year"):
        plan.full_clean()
    plan = PlanFactory.build(organisation=council, first_year=2018, last_year=2017)
    with pytest.raises(ValidationError, match="cannot end before"):
        plan.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(organisation=council, first_year=2018, last_year=2017)
