"""The admin actions: publish a period, and create next year's framework from this one."""

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import MeasureFactory, PlanFactory, ThemeFactory, UserFactory, period
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.targets import TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.framework.models import PeriodStatus, Plan, Theme
from yardstick.measures.models import FigureStatus, ReportedRating
from yardstick.measures.services import FigureInput, FigureLocked, record_figure, set_target

APPS = ["organisations", "framework", "measures", "scorecards", "actions", "accounts"]
PERIODS = reverse("admin:framework_period_changelist")
PLANS = reverse("admin:framework_plan_changelist")


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


def test_publish_from_the_admin_asks_first_and_changes_nothing_until_confirmed(
    staff_client, q2_ready
):
    q2, _ = q2_ready

    response = run_action(staff_client, PERIODS, "publish", [q2], confirmed=False)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Publish these periods?" in page
    assert "Q2 2018/19 (Harrow Test Council)" in page
    q2.refresh_from_db()
    assert q2.status == PeriodStatus.OPEN


def test_publish_from_the_admin_locks_the_period_and_keeps_its_ratings(
    staff_client, q2_ready, performance_officer
):
    q2, measure = q2_ready

    response = run_action(staff_client, PERIODS, "publish", [q2], confirmed=True)

    assert response.status_code == 302
    assert messages_of(response) == [
        "Q2 2018/19 is published and locked: 1 rating kept as reported."
    ]
    q2.refresh_from_db()
    assert q2.status == PeriodStatus.PUBLISHED
    assert q2.published_by == performance_officer
    assert ReportedRating.objects.filter(period=q2, measure=measure).count() == 1
    with pytest.raises(FigureLocked):
        entry = FigureInput(Value(Decimal(81), ValueType.PERCENTAGE))
        record_figure(measure, q2, entry, performance_officer)


def test_publishing_a_published_period_from_the_admin_says_why_it_cannot(staff_client, q2_ready):
    q2, _ = q2_ready
    run_action(staff_client, PERIODS, "publish", [q2], confirmed=True)

    response = run_action(staff_client, PERIODS, "publish", [q2], confirmed=True)

    assert response.status_code == 302
    assert messages_of(response)[-1] == "Q2 2018/19 is already published."
    assert ReportedRating.objects.count() == 1


@pytest.fixture
def plan_2018(council):
    plan = PlanFactory(organisation=council, code="CP", title="Corporate plan")
    theme = ThemeFactory(plan=plan, code="T1", title="Homes for all")
    MeasureFactory(organisation=council).themes.add(theme)
    return plan


def test_create_next_year_from_the_admin_asks_first(staff_client, plan_2018):
    response = run_action(staff_client, PLANS, "next_year", [plan_2018], confirmed=False)

    assert response.status_code == 200
    assert "Harrow Test Council: 2018/19 to 2019/20" in response.content.decode()
    assert not Plan.objects.for_year(2019).exists()


def test_create_next_year_from_the_admin_builds_it_and_says_what_it_made(staff_client, plan_2018):
    response = run_action(staff_client, PLANS, "next_year", [plan_2018], confirmed=True)

    assert response.status_code == 302
    assert messages_of(response) == [
        "Harrow Test Council: the 2019/20 framework is created from 2018/19: 1 plan, "
        "1 theme and 0 scorecards; 1 active measure carried forward, with targets to set."
    ]
    assert Plan.objects.for_year(2019).get().title == "Corporate plan"
    assert Theme.objects.filter(plan__financial_year=2019).get().measures.count() == 1


def test_create_next_year_a_second_time_from_the_admin_says_why_it_cannot(staff_client, plan_2018):
    run_action(staff_client, PLANS, "next_year", [plan_2018], confirmed=True)

    response = run_action(staff_client, PLANS, "next_year", [plan_2018], confirmed=True)

    assert response.status_code == 302
    assert messages_of(response)[-1] == (
        "Harrow Test Council: The 2019/20 framework already exists."
    )
    assert Plan.objects.for_year(2019).count() == 1


def test_the_actions_are_not_offered_to_staff_who_may_not_change_the_framework(
    client, council, q2_ready
):
    viewer = UserFactory(username="vic", organisation=council, is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client.force_login(viewer)
    q2, _ = q2_ready

    page = client.get(PERIODS).content.decode()
    response = run_action(client, PERIODS, "publish", [q2], confirmed=True)

    assert 'value="publish"' not in page
    q2.refresh_from_db()
    assert q2.status == PeriodStatus.OPEN
    assert response.status_code in {200, 302}
