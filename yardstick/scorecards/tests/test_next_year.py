"""Building next year's framework (plans, themes, measures, scorecards) from this year's."""

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import (
    MeasureFactory,
    PlanFactory,
    ScorecardEntryFactory,
    ScorecardFactory,
    ThemeFactory,
    period,
)
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.targets import TargetKind
from yardstick.framework.models import Plan, PlanKind, Theme, ThemeKind
from yardstick.framework.services import FrameworkError
from yardstick.measures.models import Lifecycle, Target
from yardstick.measures.queries import measure_history
from yardstick.measures.services import set_target
from yardstick.scorecards.models import Scorecard, ScorecardSection
from yardstick.scorecards.services import create_next_year


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """Test people's passwords need no strong hashing; it only slows the tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def framework_2018(council):
    """The 2018/19 framework: a corporate plan with a directorate plan under it, a theme with
    a priority, an active and a retired measure, and a theme scorecard with a section."""
    corporate = PlanFactory(organisation=council, code="CP", title="Corporate plan")
    directorate = PlanFactory(
        organisation=council,
        code="HSIP",
        title="Housing service plan",
        kind=PlanKind.DIRECTORATE,
        parent=corporate,
    )
    theme = ThemeFactory(plan=corporate, code="T1", title="Homes for all", position=1)
    priority = ThemeFactory(
        plan=corporate, code="T1.1", title="Affordable homes", kind=ThemeKind.PRIORITY, parent=theme
    )
    active = MeasureFactory(organisation=council, code="NI 155", title="Affordable homes")
    retired = MeasureFactory(
        organisation=council, code="BV 64", title="Empty homes", lifecycle=Lifecycle.RETIRED
    )
    active.themes.add(priority)
    retired.themes.add(theme)
    scorecard = ScorecardFactory(
        organisation=council, slug="homes", title="Homes scorecard", theme=theme
    )
    section = ScorecardSection.objects.create(scorecard=scorecard, title="Supply", position=1)
    ScorecardEntryFactory(scorecard=scorecard, measure=active, section=section, number="1")
    ScorecardEntryFactory(scorecard=scorecard, measure=retired, section=section, number="2")
    return {
        "corporate": corporate,
        "directorate": directorate,
        "theme": theme,
        "priority": priority,
        "active": active,
        "retired": retired,
        "scorecard": scorecard,
    }


def test_next_year_copies_plans_and_themes_with_their_hierarchy(
    council, framework_2018, performance_officer
):
    new_plans = create_next_year(council, 2018, performance_officer)

    plans = {plan.code: plan for plan in Plan.objects.for_year(2019)}
    assert {plan.code for plan in new_plans} == {"CP", "HSIP"}
    assert plans["HSIP"].parent == plans["CP"]
    assert plans["HSIP"].title == "Housing service plan"
    themes = {theme.code: theme for theme in Theme.objects.filter(plan__financial_year=2019)}
    assert set(themes) == {"T1", "T1.1"}
    assert themes["T1"].plan == plans["CP"]
    assert themes["T1.1"].parent == themes["T1"]
    assert themes["T1.1"].kind == ThemeKind.PRIORITY
    assert Plan.objects.for_year(2018).count() == 2  # this year's framework is untouched


def test_next_year_carries_active_measures_forward_with_no_targets(
    council, framework_2018, performance_officer
):
    active, retired = framework_2018["active"], framework_2018["retired"]
    set_target(
        active, period(council, "2018-19 Q4"), CoreTarget(TargetKind.VALUE, Decimal(70)), None
    )

    create_next_year(council, 2018, performance_officer)

    next_year_themes = Theme.objects.filter(plan__financial_year=2019)
    assert list(active.themes.filter(plan__financial_year=2019)) == [
        next_year_themes.get(code="T1.1")
    ]
    assert not retired.themes.filter(plan__financial_year=2019).exists()
    assert active.themes.filter(plan__financial_year=2018).exists()  # still on this year's
    assert not Target.objects.filter(period__start__gte=date(2019, 4, 1)).exists()


def test_next_year_copies_scorecards_with_their_sections_and_active_measures(
    council, framework_2018, performance_officer
):
    create_next_year(council, 2018, performance_officer)

    scorecard = Scorecard.objects.get(organisation=council, financial_year=2019, slug="homes")
    assert scorecard.title == "Homes scorecard"
    assert scorecard.theme.plan.financial_year == 2019
    assert scorecard.theme.code == "T1"
    assert [section.title for section in scorecard.sections.all()] == ["Supply"]
    entries = list(scorecard.entries.select_related("measure", "section"))
    assert [(entry.measure.code, entry.number) for entry in entries] == [("NI 155", "1")]
    assert entries[0].section.scorecard == scorecard
    last_year = framework_2018["scorecard"]
    last_year.refresh_from_db()
    assert last_year.financial_year == 2018
    assert last_year.entries.count() == 2


def test_next_year_is_refused_a_second_time(council, framework_2018, performance_officer):
    create_next_year(council, 2018, performance_officer)

    with pytest.raises(FrameworkError, match="2019/20 framework already exists"):
        create_next_year(council, 2018, performance_officer)

    assert Plan.objects.for_year(2019).count() == 2


def test_next_year_is_refused_when_there_is_no_framework_to_copy(council, performance_officer):
    with pytest.raises(FrameworkError, match="no 2017/18 framework"):
        create_next_year(council, 2017, performance_officer)


def test_next_year_keeps_who_built_it_and_why_in_the_history(
    council, framework_2018, performance_officer
):
    create_next_year(council, 2018, performance_officer)

    copies = [
        *Plan.objects.for_year(2019),
        *Theme.objects.filter(plan__financial_year=2019),
        Scorecard.objects.get(financial_year=2019),
    ]
    for copy in copies:
        created = copy.history.earliest()
        assert created.history_user == performance_officer, copy
        assert created.history_change_reason == "Carried forward from 2018/19", copy
    carried = measure_history(framework_2018["active"])[-1]
    assert (carried.who, carried.reason) == (performance_officer, "Carried forward from 2018/19")
    assert [change.field for change in carried.fields] == ["Themes"]


def test_next_year_keeps_parents_made_after_their_children(council, performance_officer):
    """A plan or priority may be re-parented onto a row created after it."""
    team = PlanFactory(organisation=council, code="TDP", kind=PlanKind.TEAM)
    service = PlanFactory(organisation=council, code="SIP", kind=PlanKind.DIRECTORATE)
    team.parent = service
    team.save()
    priority = ThemeFactory(plan=service, code="P", kind=ThemeKind.PRIORITY)
    theme = ThemeFactory(plan=service, code="T")
    priority.parent = theme
    priority.save()

    create_next_year(council, 2018, performance_officer)

    plans = {plan.code: plan for plan in Plan.objects.for_year(2019)}
    assert plans["TDP"].parent == plans["SIP"]
    themes = {theme.code: theme for theme in Theme.objects.filter(plan__financial_year=2019)}
    assert themes["P"].parent == themes["T"]


def test_next_year_leaves_other_councils_alone(
    council, other_council, framework_2018, performance_officer
):
    PlanFactory(organisation=other_council, code="CP")

    create_next_year(council, 2018, performance_officer)

    assert not Plan.objects.filter(organisation=other_council, financial_year=2019).exists()
