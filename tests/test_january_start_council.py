"""A council whose financial year starts in January prints its year as "2018", never "2018/19":
on the public site, the scorecard pages, the report, the export files and their names, the
admin and the annual refresh's messages. Every label comes from core.periods.year_label with
the organisation's start month (tests/test_one_home_for_each_label.py keeps it the only one).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import (
    MeasureFactory,
    OrganisationFactory,
    PlanFactory,
    ScorecardEntryFactory,
    ScorecardFactory,
    ThemeFactory,
    UserFactory,
    period,
)
from yardstick.accounts.access import ANONYMOUS
from yardstick.accounts.models import Membership, Role
from yardstick.collection.services import publish_period
from yardstick.core.targets import Target, TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.framework.models import Plan
from yardstick.framework.services import FrameworkError
from yardstick.imports.services import export_file, export_filename, import_file
from yardstick.imports.tables import read_table
from yardstick.measures.models import FigureStatus
from yardstick.measures.services import FigureInput, record_figure, set_target
from yardstick.reports.renderers.html import render_document
from yardstick.reports.strategic import build_strategic_report
from yardstick.scorecards.services import create_next_year

pytestmark = pytest.mark.django_db

TWO_YEAR_LABELS = ("2018/19", "2018-19", "2017/18", "2019/20")


def assert_calendar_years_only(text: str) -> None:
    for label in TWO_YEAR_LABELS:
        assert label not in text, f"{label!r} printed for a council whose year starts in January"


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def calendar_council():
    return OrganisationFactory(
        name="Calendar Year Council", slug="calendar", financial_year_start_month=1
    )


@pytest.fixture
def officer(calendar_council):
    user = UserFactory(username="cora", organisation=calendar_council, is_staff=True)
    Membership.objects.create(user=user, organisation=calendar_council, role=Role.PERFORMANCE_TEAM)
    return user


@pytest.fixture
def framework(calendar_council, officer):
    """The 2018 plan, a theme and its scorecard, with a measure rated in Q1 2018 (published)
    and Q2 2018 (open)."""
    plan = PlanFactory(organisation=calendar_council, financial_year=2018, code="CORP")
    theme = ThemeFactory(plan=plan, code="HOMES", title="Homes for all")
    scorecard = ScorecardFactory(
        organisation=calendar_council,
        financial_year=2018,
        theme=theme,
        slug="homes",
        title="Homes for all",
    )
    measure = MeasureFactory(organisation=calendar_council, code="H1", title="Homes built")
    measure.themes.add(theme)
    ScorecardEntryFactory(scorecard=scorecard, measure=measure, number="1")
    for key, amount in (("Q1 2018", 61), ("Q2 2018", 48)):
        quarter = period(calendar_council, key)
        set_target(measure, quarter, Target(TargetKind.VALUE, value=Decimal(50)), officer)
        record_figure(
            measure,
            quarter,
            FigureInput(Value(Decimal(amount), ValueType.PERCENTAGE)),
            officer,
            status=FigureStatus.APPROVED,
        )
    publish_period(period(calendar_council, "Q1 2018"), officer)
    return scorecard


def test_the_public_site_prints_the_calendar_year(client, calendar_council, framework):
    organisation_page = client.get(reverse("public:organisation", args=["calendar"]))
    scorecard_page = client.get(reverse("public:scorecard", args=["calendar", 2018, "homes"]))
    csv = client.get(reverse("public:scorecard_csv", args=["calendar", 2018, "homes"]))

    assert "<h2" in organisation_page.content.decode()
    assert "2018: latest published Q1 2018" in organisation_page.content.decode()
    assert "Download the published figures for 2018 (CSV)" in scorecard_page.content.decode()
    assert csv["Content-Disposition"] == 'attachment; filename="calendar-2018-homes.csv"'
    for response in (organisation_page, scorecard_page, csv):
        assert response.status_code == 200
        assert_calendar_years_only(response.getvalue().decode())


def test_the_scorecard_pages_print_the_calendar_quarters(
    client, calendar_council, framework, officer
):
    client.force_login(officer)
    url = reverse("scorecards:detail", args=[2018, "homes"])

    page = client.get(url, {"period": "2018 Q2"}).content.decode()
    overview = client.get(reverse("scorecards:overview"), {"period": "2018 Q2"}).content.decode()

    assert "Homes for all: Q2 2018" in page
    assert "Q1 2018" in page
    assert "Performance overview: Q2 2018" in overview
    assert_calendar_years_only(page)
    assert_calendar_years_only(overview)


def test_the_report_prints_the_calendar_quarters(calendar_council, framework):
    report = build_strategic_report(period(calendar_council, "Q1 2018"), None, ANONYMOUS)

    document = render_document(report)

    assert "Strategic Performance Report, Q1 2018" in document
    assert_calendar_years_only(document)


def test_exports_name_the_calendar_year_and_import_back_unchanged(
    calendar_council, framework, officer
):
    assert export_filename(calendar_council, "plans", "csv", 2018) == "calendar-plans-2018.csv"
    assert export_filename(calendar_council, "plans", "xlsx") == "calendar-plans.xlsx"
    for kind in ("plans", "themes", "measures"):
        content = export_file(calendar_council, kind, "csv")
        assert_calendar_years_only(content.decode())
        result = import_file(calendar_council, kind, content, f"{kind}.csv", officer)
        assert result.applied, (kind, [str(p) for p in result.changes.problems])
        assert [c for c in result.changes.changes if c.action != "unchanged"] == [], kind
    plans = read_table(export_file(calendar_council, "plans", "csv"), "plans.csv")
    measures = read_table(export_file(calendar_council, "measures", "csv"), "measures.csv")
    assert [row.get("year") for row in plans.rows] == ["2018"]
    assert [row.get("themes") for row in measures.rows] == ["2018 CORP/HOMES"]


def test_an_april_council_keeps_its_two_year_labels(council):
    assert export_filename(council, "plans", "csv", 2018) == "harrow-test-plans-2018-19.csv"
    assert PlanFactory(organisation=council, financial_year=2018).year_label == "2018/19"


@pytest.fixture
def admin_client(client, officer):
    apps = ["organisations", "framework", "measures", "scorecards", "actions"]
    officer.user_permissions.set(Permission.objects.filter(content_type__app_label__in=apps))
    client.force_login(officer)
    return client


def test_the_admin_prints_the_calendar_year(admin_client, framework):
    plans = admin_client.get(reverse("admin:framework_plan_changelist")).content.decode()
    themes = admin_client.get(reverse("admin:framework_theme_changelist")).content.decode()

    assert '<td class="field-year">2018</td>' in plans
    assert "Corporate plan (2018)" in themes
    assert_calendar_years_only(plans)
    assert_calendar_years_only(themes)


def test_the_annual_refresh_names_the_calendar_years(admin_client, framework, calendar_council):
    changelist = reverse("admin:scorecards_scorecard_changelist")
    data = {"action": "next_year", ACTION_CHECKBOX_NAME: [str(framework.pk)]}

    question = admin_client.post(changelist, {**data, "index": "0"}).content.decode()
    done = admin_client.post(changelist, {**data, "confirmed": "yes"})

    assert "Calendar Year Council: 2018 to 2019" in question
    assert [str(m) for m in get_messages(done.wsgi_request)] == [
        "Calendar Year Council: the 2019 framework is created from 2018: 1 plan, 1 theme and "
        "1 scorecard; 1 active measure carried forward, with targets to set."
    ]
    assert Plan.objects.get(organisation=calendar_council, financial_year=2019).year_label == (
        "2019"
    )
    with pytest.raises(FrameworkError, match=r"^The 2019 framework already exists\.$"):
        create_next_year(calendar_council, 2018, None)
