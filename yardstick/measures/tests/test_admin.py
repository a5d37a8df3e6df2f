"""The admin for the performance team: every page renders for staff, no one else gets in,
list pages take the same number of queries however many rows they show, and a measure's
full history is one page."""

from datetime import date
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    MeasureFactory,
    PlanFactory,
    ScorecardEntryFactory,
    ScorecardFactory,
    ThemeFactory,
    UnitFactory,
    UserFactory,
    period,
)
from yardstick.accounts.models import Membership, Role, User
from yardstick.actions.models import ActionUpdate, KeyAction, Programme
from yardstick.admin_base import ReadOnlyAdmin
from yardstick.collection.services import publish_period
from yardstick.core.keys import bundled_key_text
from yardstick.core.profiles import ProfileMethod
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.targets import TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.framework.models import Period, Theme, ThemeSummary
from yardstick.measures.key_services import set_rating_key
from yardstick.measures.models import (
    ComparatorGroup,
    ComparatorMember,
    ComparatorValue,
    Figure,
    FigureStatus,
    Measure,
    ReportedRating,
    Target,
    TargetProfile,
)
from yardstick.measures.profiles import ProfileSettings, set_profile
from yardstick.measures.services import (
    FigureInput,
    keep_ratings,
    record_figure,
    set_baseline,
    set_exclusion,
    set_recalculation,
    set_target,
)
from yardstick.measures.statement_services import StatementInput, save_statement
from yardstick.measures.statements import DataQualityStatement
from yardstick.organisations.models import Partnership, UnitKind
from yardstick.scorecards.models import Scorecard, ScorecardSection

APPS = ["organisations", "framework", "measures", "scorecards", "actions", "accounts"]


def percent(amount: str) -> FigureInput:
    return FigureInput(Value(Decimal(amount), ValueType.PERCENTAGE))


def target_of(amount: str) -> CoreTarget:
    return CoreTarget(TargetKind.VALUE, value=Decimal(amount))


def registered_models():
    return sorted(
        (model for model in admin.site._registry if model._meta.app_label in APPS),
        key=lambda model: model._meta.label,
    )


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """Test people's passwords need no strong hashing; it only slows the tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(performance_officer):
    """Priya with the performance team's permissions on the framework and its data."""
    performance_officer.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=APPS)
    )
    return performance_officer


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def officer(council):
    return UserFactory(username="olu", first_name="Olu", last_name="Ade", organisation=council)


@pytest.fixture
def framework(council, officer, staff):
    """One of everything: the organisation tree, a plan with a theme and a priority, two
    quarters (Q1 published), a measure with targets and figures, a scorecard, a key action."""
    directorate = UnitFactory(organisation=council, name="Housing", code="HOU")
    service = UnitFactory(
        organisation=council,
        name="Homelessness",
        code="HOM",
        kind=UnitKind.SERVICE,
        parent=directorate,
    )
    partnership = Partnership.objects.create(organisation=council, name="Safer Harrow", code="SH")
    partnership.members.add(officer)
    Membership.objects.create(user=officer, organisation=council, role=Role.OWNER, unit=service)
    plan = PlanFactory(organisation=council, title="Corporate plan")
    theme = ThemeFactory(plan=plan, title="Homes for all")
    priority = ThemeFactory(plan=plan, title="More affordable homes", parent=theme)
    q1, q2 = period(council, "2018-19 Q1"), period(council, "2018-19 Q2")
    ThemeSummary.objects.create(theme=theme, period=q1, achievements="120 homes")
    measure = MeasureFactory(
        organisation=council, code="NI 155", title="Affordable homes", unit=service, owner=officer
    )
    measure.themes.add(priority)
    for quarter, amount in ((q1, "72"), (q2, "74")):
        set_target(measure, quarter, target_of("70"), staff, reason="Plan agreed")
        record_figure(measure, quarter, percent(amount), officer, status=FigureStatus.APPROVED)
    publish_period(q1, staff)
    set_recalculation(measure, q2, "A new supply programme from July", staff)
    set_exclusion(measure, q1, "Counted twice in the housing return", staff)
    set_baseline(measure, None, q2, "The two quarters before the new programme", staff)
    scorecard = ScorecardFactory(organisation=council, title="Homes", theme=theme)
    section = ScorecardSection.objects.create(scorecard=scorecard, title="Supply")
    ScorecardEntryFactory(scorecard=scorecard, measure=measure, section=section, number="1")
    programme = Programme.objects.create(organisation=council, name="Better Deal for Residents")
    action = KeyAction.objects.create(
        organisation=council,
        code="KA1",
        theme=theme,
        title="Build 500 homes",
        owner=officer,
        programme=programme,
    )
    ActionUpdate.objects.create(action=action, period=q1, progress="On site", status="green")
    london = ComparatorGroup.objects.create(organisation=council, code="london", name="London")
    ComparatorMember.objects.create(group=london, area_code="E09000003", area_name="Barnet")
    ComparatorValue.objects.create(
        measure=measure,
        period_key=q1.key,
        area_code="E09000003",
        area_name="Barnet",
        value=Decimal("71.5"),
        source="LG Inform",
        taken_on=date(2018, 8, 1),
    )
    save_statement(measure, StatementInput(risk="low"), officer)  # a draft, version 1
    set_rating_key(council, bundled_key_text("five-band"), staff)  # the organisation's key
    set_profile(
        measure,
        ProfileSettings(
            ProfileMethod.BY_HAND, "10%, 20%, 30%, 40%", 2018, Decimal(70), 2020, Decimal(80)
        ),
        staff,
    )
    return {"measure": measure, "q1": q1, "q2": q2, "theme": theme, "plan": plan}


def an_instance(model):
    return model._default_manager.order_by("pk").first()


@pytest.mark.parametrize("model", registered_models(), ids=lambda model: model._meta.label)
def test_every_admin_page_renders_for_the_performance_team(staff_client, framework, model):
    model_admin = admin.site._registry[model]
    instance = an_instance(model)
    assert instance is not None, f"the fixture makes no {model._meta.label}"

    pages = [url(model, "changelist"), url(model, "change", instance.pk)]
    pages.append(url(model, "history", instance.pk))
    # Kept as reported, or set on the measure's page: never added by hand here.
    if model is not ReportedRating and not isinstance(model_admin, ReadOnlyAdmin):
        pages.append(url(model, "add"))
    if hasattr(model, "history") and hasattr(model_admin, "history_form_view"):
        pages.append(url(model, "simple_history", instance.pk, instance.history.first().pk))
    for page in pages:
        response = staff_client.get(page)
        assert response.status_code == 200, page


@pytest.mark.parametrize("model", registered_models(), ids=lambda model: model._meta.label)
def test_every_admin_page_refuses_an_owner_with_the_staff_flag_and_sends_the_public_to_sign_in(
    client, council, model
):
    """Roles decide, not flags: an owner with the staff flag and every model permission is
    refused; the public is sent to Yardstick's one sign-in page."""
    owner = UserFactory(username="olu", organisation=council, is_staff=True)
    Membership.objects.create(user=owner, organisation=council, role=Role.OWNER)
    owner.user_permissions.set(Permission.objects.filter(content_type__app_label__in=APPS))
    client.force_login(owner)
    page = url(model, "changelist")

    assert client.get(page).status_code == 403

    client.logout()
    response = client.get(page)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={quote(page)}"


def test_the_history_page_shows_who_changed_a_target_from_what_to_what_and_why(
    staff_client, framework, staff
):
    measure, q2 = framework["measure"], framework["q2"]
    target = set_target(measure, q2, target_of("80"), staff, reason="Cabinet raised it")

    page = staff_client.get(url(Target, "history", target.pk)).content.decode()

    assert "Cabinet raised it" in page
    assert "Priya Shah" in page
    changes = " ".join(page.split())  # the "changes" column, whitespace as a reader sees it
    assert "<strong>Value:</strong> 70 &nbsp;&rarr;&nbsp;&nbsp;80 </li>" in changes


def test_the_full_history_page_lists_every_change_to_the_measure_its_targets_and_figures(
    staff_client, framework, staff
):
    measure, q2 = framework["measure"], framework["q2"]
    set_target(measure, q2, target_of("80"), staff, reason="Cabinet raised it")

    change_page = staff_client.get(url(Measure, "change", measure.pk)).content.decode()
    response = staff_client.get(url(Measure, "full_history", measure.pk))

    full_history = url(Measure, "full_history", measure.pk)
    assert full_history == f"/admin/measures/measure/{measure.pk}/full-history/"
    assert f'href="{full_history}"' in change_page
    assert response.status_code == 200
    page = response.content.decode()
    assert "Target for Q2 2018/19" in page
    assert "Figure for Q1 2018/19" in page
    assert "Cabinet raised it" in page
    assert "70 &rarr; 80" in page
    assert "Period published" in page


def test_the_full_history_page_of_a_missing_measure_goes_back_to_the_list(staff_client, db):
    response = staff_client.get(url(Measure, "full_history", 999999))

    assert response.status_code == 302


def test_the_full_history_page_is_for_the_performance_team_only(client, framework, council):
    client.force_login(UserFactory(username="resident", organisation=council, is_staff=True))

    response = client.get(url(Measure, "full_history", framework["measure"].pk))

    assert response.status_code == 403


def count_queries(client, page: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page)
    assert response.status_code == 200
    return len(queries.captured_queries)


def add_measures(council, officer, staff, how_many: int, start: int) -> None:
    unit = UnitFactory(organisation=council)
    theme = ThemeFactory(plan__organisation=council)
    scorecard = ScorecardFactory(organisation=council)
    quarter = period(council, "2019-20 Q1")
    measures = []
    for number in range(start, start + how_many):
        measure = MeasureFactory(
            organisation=council, code=f"Q{number:03d}", unit=unit, owner=officer
        )
        measure.themes.add(theme)
        set_target(measure, quarter, target_of("70"), staff)
        record_figure(measure, quarter, percent("71"), officer, status=FigureStatus.APPROVED)
        ScorecardEntryFactory(scorecard=scorecard, measure=measure)
        measures.append(measure)
    keep_ratings(quarter, staff, timezone.now(), measures=measures)


@pytest.mark.parametrize(
    "model",
    [
        Measure,
        Target,
        Figure,
        ReportedRating,
        pytest.param("scorecards.ScorecardEntry", id="scorecards.ScorecardEntry"),
        pytest.param("accounts.User", id="accounts.User"),
    ],
    ids=str,
)
def test_a_list_page_takes_the_same_number_of_queries_for_many_rows_as_for_few(
    staff_client, council, officer, staff, model
):
    from django.apps import apps

    model = apps.get_model(model) if isinstance(model, str) else model
    add_measures(council, officer, staff, 2, start=0)
    few = count_queries(staff_client, url(model, "changelist"))
    add_measures(council, officer, staff, 12, start=100)
    for number in range(12):
        UserFactory(username=f"extra{number}", organisation=council)

    many = count_queries(staff_client, url(model, "changelist"))

    assert model._default_manager.count() > 10
    assert many == few


def test_a_measure_page_takes_the_same_number_of_queries_however_many_targets_it_shows(
    staff_client, council, officer, staff
):
    measure = MeasureFactory(organisation=council, owner=officer)

    def add_quarters(years):
        for year in years:
            for number in range(1, 5):
                quarter = period(council, f"{year}-{(year + 1) % 100:02d} Q{number}")
                set_target(measure, quarter, target_of("70"), staff)
                record_figure(measure, quarter, percent("71"), officer)

    add_quarters([2016])
    count_queries(staff_client, url(Measure, "change", measure.pk))  # fills per-process caches
    few = count_queries(staff_client, url(Measure, "change", measure.pk))
    add_quarters([2017, 2018, 2019])

    many = count_queries(staff_client, url(Measure, "change", measure.pk))

    assert measure.targets.count() == 16
    assert many == few


def test_a_measure_page_offers_only_its_own_organisations_periods(
    staff_client, framework, other_council
):
    period(other_council, "2030-31 Q4")

    page = staff_client.get(url(Measure, "change", framework["measure"].pk)).content.decode()

    assert "Q2 2018/19" in page
    assert "Q4 2030/31" not in page


def form_data(response) -> dict:
    """Every field of the admin change form with its current value."""
    adminform = response.context["adminform"].form
    data = {}
    for name in adminform.fields:
        value = adminform[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for form in formset.formset.forms:
            for name in form.fields:
                value = form[name].value()
                if value is not None:
                    data[form.add_prefix(name)] = value
    return data


def target_prefix(data: dict, target) -> str:
    return next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith("targets-") and key.endswith("-id") and value == target.pk
    )


def test_editing_a_target_in_the_admin_keeps_who_and_why(staff_client, framework):
    measure, q2 = framework["measure"], framework["q2"]
    data = form_data(staff_client.get(url(Measure, "change", measure.pk)))
    data[f"{target_prefix(data, measure.targets.get(period=q2))}-value"] = "65"
    data["change_reason"] = "Target agreed too high"

    response = staff_client.post(url(Measure, "change", measure.pk), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    target = measure.targets.get(period=q2)
    assert target.value == Decimal("65")
    latest = target.history.first()
    assert latest.history_change_reason == "Target agreed too high"
    assert latest.history_user.username == "priya"


def test_a_target_of_a_published_period_is_locked_in_the_admin_and_the_rating_kept(
    staff_client, framework
):
    measure, q1 = framework["measure"], framework["q1"]
    reported = ReportedRating.objects.get(measure=measure, period=q1)
    data = form_data(staff_client.get(url(Measure, "change", measure.pk)))
    data[f"{target_prefix(data, measure.targets.get(period=q1))}-value"] = "65"

    response = staff_client.post(url(Measure, "change", measure.pk), data)

    assert response.status_code == 200
    assert "Q1 2018/19 is published and locked" in response.content.decode()
    assert measure.targets.get(period=q1).value == Decimal("70")
    assert ReportedRating.objects.get(pk=reported.pk).target_text == reported.target_text


def test_a_published_figure_cannot_be_deleted_in_the_admin(staff_client, framework):
    figure = Figure.objects.get(measure=framework["measure"], period=framework["q1"])
    page = staff_client.get(url(Figure, "delete", figure.pk))
    assert page.status_code == 403
    staff_client.post(url(Figure, "delete", figure.pk), {"post": "yes"})
    assert Figure.objects.filter(pk=figure.pk).exists()


def test_a_figure_saved_in_the_admin_meets_the_rules_in_the_forms_words(staff_client, framework):
    figure = Figure.objects.get(measure=framework["measure"], period=framework["q2"])
    data = form_data(staff_client.get(url(Figure, "change", figure.pk)))
    data["value"] = "150"

    response = staff_client.post(url(Figure, "change", figure.pk), data)

    assert response.status_code == 200
    assert "A percentage must be between 0 and 100; 150 is above 100." in (
        response.content.decode()
    )
    figure.refresh_from_db()
    assert figure.value == Decimal("74")


def test_a_figure_in_a_published_period_cannot_be_changed_in_the_admin(staff_client, framework):
    figure = Figure.objects.get(measure=framework["measure"], period=framework["q1"])
    data = form_data(staff_client.get(url(Figure, "change", figure.pk)))
    data["value"] = "10"

    response = staff_client.post(url(Figure, "change", figure.pk), data)

    assert response.status_code == 200
    assert "is published and locked" in response.content.decode()
    figure.refresh_from_db()
    assert figure.value == Decimal("72")


def test_a_figure_changed_by_someone_else_since_the_page_opened_is_not_overwritten(
    staff_client, framework, officer
):
    measure, q2 = framework["measure"], framework["q2"]
    figure = Figure.objects.get(measure=measure, period=q2)
    data = form_data(staff_client.get(url(Figure, "change", figure.pk)))
    record_figure(measure, q2, percent("90"), officer, expected_version=figure.version)
    data["value"] = "10"

    response = staff_client.post(url(Figure, "change", figure.pk), data)

    assert response.status_code == 200
    assert "changed this figure since you opened it" in response.content.decode()
    figure.refresh_from_db()
    assert figure.value == Decimal("90")


def test_a_figure_saved_in_the_admin_raises_its_version_and_keeps_the_reason(
    staff_client, framework
):
    figure = Figure.objects.get(measure=framework["measure"], period=framework["q2"])
    data = form_data(staff_client.get(url(Figure, "change", figure.pk)))
    data["value"] = "75"
    data["change_reason"] = "Typo in the return"

    response = staff_client.post(url(Figure, "change", figure.pk), data)

    assert response.status_code == 302
    figure.refresh_from_db()
    assert (figure.value, figure.version) == (Decimal("75"), 2)
    assert figure.history.first().history_change_reason == "Typo in the return"


def test_a_rating_as_reported_can_be_read_but_never_edited_in_the_admin(staff_client, framework):
    rating = ReportedRating.objects.first()

    page = staff_client.get(url(ReportedRating, "change", rating.pk))
    posted = staff_client.post(url(ReportedRating, "change", rating.pk), {"band": "HR"})

    assert page.status_code == 200
    assert posted.status_code == 403
    assert staff_client.get(url(ReportedRating, "add")).status_code == 403


def test_a_statement_is_read_in_the_admin_and_written_only_through_the_statement_page(
    staff_client, framework, other_council
):
    statement = DataQualityStatement.objects.get()

    page = staff_client.get(url(DataQualityStatement, "change", statement.pk))
    posted = staff_client.post(url(DataQualityStatement, "change", statement.pk), {"risk": "high"})
    listing = staff_client.get(url(DataQualityStatement, "changelist") + "?q=NI+155")

    assert page.status_code == 200
    assert posted.status_code == 403
    assert staff_client.get(url(DataQualityStatement, "add")).status_code == 403
    statement.refresh_from_db()
    assert statement.risk == "low"
    assert list(listing.context["cl"].result_list) == [statement]
    history = staff_client.get(url(DataQualityStatement, "history", statement.pk))
    assert "Version 1 drafted" in history.content.decode()


def test_the_measure_list_filters_by_theme_directorate_polarity_frequency_and_lifecycle(
    staff_client, framework, council
):
    MeasureFactory(organisation=council, code="ZZ 1", title="Elsewhere", polarity="lower")
    theme, directorate = framework["theme"], framework["measure"].unit.parent

    def codes(query: str) -> list[str]:
        response = staff_client.get(url(Measure, "changelist") + query)
        assert response.status_code == 200
        return [m.code for m in response.context["cl"].result_list]

    assert codes(f"?theme={theme.pk}") == ["NI 155"]  # through its priority
    assert codes(f"?directorate={directorate.pk}") == ["NI 155"]  # through its service
    assert codes("?polarity__exact=lower") == ["ZZ 1"]
    assert sorted(codes("?frequency__exact=quarterly")) == ["NI 155", "ZZ 1"]
    assert codes("?lifecycle__exact=retired") == []
    assert codes("?q=affordable") == ["NI 155"]


def test_another_councils_staff_see_nothing_of_this_councils_framework(
    client, framework, other_council
):
    outsider = UserFactory(username="otto", organisation=other_council)
    Membership.objects.create(user=outsider, organisation=other_council, role=Role.PERFORMANCE_TEAM)
    outsider.user_permissions.set(Permission.objects.filter(content_type__app_label__in=APPS))
    client.force_login(outsider)
    measure = framework["measure"]

    listing = client.get(url(Measure, "changelist"))

    assert list(listing.context["cl"].result_list) == []
    filters = listing.content.decode()
    assert "Homes for all" not in filters  # the theme filter
    assert "Housing" not in filters  # the directorate filter
    assert "Harrow Test Council" not in filters
    for model in (
        Figure,
        Target,
        ReportedRating,
        DataQualityStatement,
        Period,
        Theme,
        Scorecard,
        KeyAction,
        User,
    ):
        shown = client.get(url(model, "changelist")).context["cl"].result_list
        assert all(
            getattr(row, "organisation_id", other_council.pk) == other_council.pk for row in shown
        ), model
        assert model is User or not list(shown), model
    assert client.get(url(Measure, "change", measure.pk)).status_code == 302  # not found
    assert client.get(url(Measure, "full_history", measure.pk)).status_code == 302


def test_every_field_of_a_measure_is_on_its_admin_page():
    from django.contrib.admin.utils import flatten_fieldsets

    shown = set(flatten_fieldsets(admin.site._registry[Measure].fieldsets))
    editable = {
        field.name
        for field in Measure._meta.get_fields()
        if getattr(field, "editable", False) and not field.auto_created
    }

    assert editable - shown == set()


def test_a_target_profile_is_read_here_with_its_history_and_set_on_its_page(
    staff_client, framework
):
    profile = TargetProfile.objects.get(measure=framework["measure"])
    model_admin = admin.site._registry[TargetProfile]
    assert isinstance(model_admin, ReadOnlyAdmin)
    change = staff_client.get(url(TargetProfile, "change", profile.pk)).content.decode()
    assert "10%, 20%, 30%, 40%" in change
    assert 'name="_save"' not in change
    history = staff_client.get(url(TargetProfile, "history", profile.pk)).content.decode()
    assert "Target profile: by hand" in history
    assert "Priya Shah" in history
    assert staff_client.get(url(TargetProfile, "add")).status_code == 403
