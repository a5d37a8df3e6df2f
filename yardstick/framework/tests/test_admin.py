"""The admin actions: create next year's framework from this one (on the scorecards' admin);
publishing is on the publishing page, which the period admin links to."""

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import (
    MeasureFactory,
    PlanFactory,
    ScorecardFactory,
    ThemeFactory,
    UserFactory,
    period,
)
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.targets import TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.framework.models import PeriodStatus, Plan, Theme
from yardstick.measures.models import FigureStatus
from yardstick.measures.services import FigureInput, record_figure, set_target

APPS = ["organisations", "framework", "measures", "scorecards", "actions", "accounts"]
PERIODS = reverse("admin:framework_period_changelist")
SCORECARDS = reverse("admin:scorecards_scorecard_changelist")


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """Test people's passwords need no strong hashing; it only slows the tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_client(client, performance_officer):
    performance_officer.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=APPS)
    )
    client.force_login(performance_officer)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def run_action(client, changelist: str, action: str, rows, *, confirmed: bool):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(row.pk) for row in rows]}
    if confirmed:
        data["confirmed"] = "yes"
    else:
        data["index"] = "0"  # as the action bar above the list posts it
    return client.post(changelist, data)


@pytest.fixture
def q2_ready(council, performance_officer):
    """Q2 2018/19 with one measure's target and approved figure."""
    q2 = period(council, "2018-19 Q2")
    measure = MeasureFactory(organisation=council, code="NI 155")
    set_target(measure, q2, CoreTarget(TargetKind.VALUE, Decimal(75)), performance_officer)
    entry = FigureInput(Value(Decimal(80), ValueType.PERCENTAGE))
    record_figure(measure, q2, entry, performance_officer, status=FigureStatus.APPROVED)
    return q2, measure


def test_the_period_admin_does_not_publish_but_links_to_the_publishing_page(staff_client, q2_ready):
    q2, _ = q2_ready

    page = staff_client.get(PERIODS).content.decode()

    assert 'value="publish"' not in page
    assert reverse("collection:publish_period", args=[q2.pk]) in page
    q2.refresh_from_db()
    assert q2.status == PeriodStatus.OPEN


@pytest.fixture
def plan_2018(council):
    plan = PlanFactory(organisation=council, code="CP", title="Corporate plan")
    theme = ThemeFactory(plan=plan, code="T1", title="Homes for all")
    MeasureFactory(organisation=council).themes.add(theme)
    return plan


@pytest.fixture
def scorecard_2018(plan_2018):
    return ScorecardFactory(
        organisation=plan_2018.organisation, financial_year=2018, theme=plan_2018.themes.get()
    )


def test_create_next_year_from_the_admin_asks_first(staff_client, scorecard_2018):
    response = run_action(staff_client, SCORECARDS, "next_year", [scorecard_2018], confirmed=False)

    assert response.status_code == 200
    assert "Harrow Test Council: 2018/19 to 2019/20" in response.content.decode()
    assert not Plan.objects.for_year(2019).exists()


def test_create_next_year_from_the_admin_builds_it_and_says_what_it_made(
    staff_client, scorecard_2018
):
    response = run_action(staff_client, SCORECARDS, "next_year", [scorecard_2018], confirmed=True)

    assert response.status_code == 302
    assert messages_of(response) == [
        "Harrow Test Council: the 2019/20 framework is created from 2018/19: 1 plan, "
        "1 theme and 1 scorecard; 1 active measure carried forward, with targets to set."
    ]
    assert Plan.objects.for_year(2019).get().title == "Corporate plan"
    assert Theme.objects.filter(plan__financial_year=2019).get().measures.count() == 1


def test_create_next_year_a_second_time_from_the_admin_says_why_it_cannot(
    staff_client, scorecard_2018
):
    run_action(staff_client, SCORECARDS, "next_year", [scorecard_2018], confirmed=True)

    response = run_action(staff_client, SCORECARDS, "next_year", [scorecard_2018], confirmed=True)

    assert response.status_code == 302
    assert messages_of(response)[-1] == (
        "Harrow Test Council: The 2019/20 framework already exists."
    )
    assert Plan.objects.for_year(2019).count() == 1


def test_next_year_is_not_offered_to_staff_who_may_not_change_the_framework(
    client, council, scorecard_2018
):
    viewer = UserFactory(username="vic", organisation=council, is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client.force_login(viewer)

    page = client.get(SCORECARDS).content.decode()
    run_action(client, SCORECARDS, "next_year", [scorecard_2018], confirmed=True)

    assert 'value="next_year"' not in page
    assert not Plan.objects.for_year(2019).exists()
