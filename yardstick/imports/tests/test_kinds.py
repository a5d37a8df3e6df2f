"""The framework kinds, targets, figures and key actions: what each row creates or changes,
and the problems each reports."""

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import MeasureFactory, PlanFactory, ThemeFactory, UserFactory, period
from yardstick.actions.models import ActionUpdate, KeyAction
from yardstick.collection.services import publish_period
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.targets import TargetKind
from yardstick.core.values import MissingState, Value, ValueType
from yardstick.framework.models import PeriodStatus, Plan, Theme
from yardstick.imports.changes import Action
from yardstick.imports.services import import_file, read_changes
from yardstick.measures.models import Figure, FigureStatus, Measure, ReportedRating, Target
from yardstick.measures.services import FigureInput, record_figure, set_target
from yardstick.organisations.models import OrganisationUnit

from .conftest import row_counts

pytestmark = pytest.mark.django_db


def imported(organisation, kind: str, text: str, user=None):
    return import_file(organisation, kind, text.encode(), f"{kind}.csv", user)


def problems(result) -> list[tuple]:
    return [(p.row, p.column, p.message) for p in result.changes.sorted_problems()]


def test_a_unit_may_come_before_its_parent_in_the_file(council):
    result = imported(
        council,
        "units",
        "code,name,kind,parent\nASC-R,Reablement,service,ASC\nASC,Adult Social Care,directorate,\n",
    )
    assert result.applied
    assert OrganisationUnit.objects.get(code="ASC-R").parent.code == "ASC"


def test_a_unit_changes_where_the_file_differs_with_from_and_to(council):
    imported(council, "units", "code,name,kind\nASC,Adult Social Care,directorate\n")
    result = imported(council, "units", "code,name,kind\nASC,Adults,directorate\n")
    change = result.changes.of(Action.CHANGE)[0]
    assert [(f.field, f.before, f.after) for f in change.fields] == [
        ("name", "Adult Social Care", "Adults")
    ]
    assert OrganisationUnit.objects.get(code="ASC").name == "Adults"


def test_a_column_left_out_is_left_alone(council):
    head = UserFactory(username="dee", organisation=council)
    imported(council, "units", "code,name,kind,head\nASC,Adult Social Care,directorate,dee\n")
    imported(council, "units", "code,name,kind\nASC,Adult Social Care,directorate\n")
    assert OrganisationUnit.objects.get(code="ASC").head == head


def test_units_whose_parents_loop_are_refused(council):
    result = imported(
        council, "units", "code,name,kind,parent\nA,A,service,B\nB,B,service,A\nC,C,team,C\n"
    )
    assert problems(result) == [
        (2, "parent", "A would be its own ancestor: the parents loop"),
        (3, "parent", "B would be its own ancestor: the parents loop"),
        (4, "parent", "a organisation unit cannot be its own parent"),
    ]
    assert OrganisationUnit.objects.count() == 0


def test_a_parent_that_is_nowhere_is_a_problem(council):
    result = imported(council, "units", "code,name,kind,parent\nA,A,service,ZZ\n")
    assert problems(result) == [
        (2, "parent", "there is no organisation unit ZZ, in the file or already")
    ]


def test_a_key_given_twice_is_a_problem(council):
    result = imported(council, "units", "code,name,kind\nA,A,service\nA,Again,service\n")
    assert problems(result) == [(3, "code", "A is also on row 2; give each organisation unit once")]


def test_a_person_of_another_council_cannot_be_named(council, other_council):
    UserFactory(username="stranger", organisation=other_council)
    result = imported(council, "units", "code,name,kind,head\nA,A,service,stranger\n")
    assert problems(result) == [(2, "head", "there is no user 'stranger' in this organisation")]


def test_a_column_the_kind_does_not_have_is_a_problem(council):
    result = imported(council, "units", "code,name,kind,colour\nA,A,service,blue\n")
    assert problems(result)[0][:2] == (1, "colour")


def test_plans_and_themes_build_the_years_framework(council):
    imported(council, "units", "code,name,kind\nASC,Adult Social Care,directorate\n")
    assert imported(
        council,
        "plans",
        "year,code,kind,title,parent,unit\n"
        "2018/19,SIP,directorate,Service plan,CORP,ASC\n"
        "2018-19,CORP,corporate,Corporate plan,,\n",
    ).applied
    sip = Plan.objects.get(code="SIP")
    assert (sip.financial_year, sip.parent.code, sip.unit.code) == (2018, "CORP", "ASC")
    result = imported(
        council,
        "themes",
        "year,plan,code,title,kind,parent,position\n"
        "2018/19,CORP,BBH-H,Homes,priority,BBH,1\n"
        "2018/19,CORP,BBH,Build a Better Harrow,,,1\n"
        "2019/20,CORP,X,Next year,,,\n",
    )
    assert problems(result) == [
        (4, "plan", "there is no 2019/20 plan 'CORP': import the plans first")
    ]
    result = imported(
        council,
        "themes",
        "year,plan,code,title,kind,parent,position\n"
        "2018/19,CORP,BBH-H,Homes,priority,BBH,1\n"
        "2018/19,CORP,BBH,Build a Better Harrow,,,1\n",
    )
    assert result.applied
    assert Theme.objects.get(code="BBH-H").parent.code == "BBH"


def test_a_financial_year_must_be_written_as_one(council):
    result = imported(council, "plans", "year,code,kind,title\n2018,CORP,corporate,Plan\n")
    assert problems(result)[0][:2] == (2, "year")


def test_a_measures_themes_column_sets_all_its_themes(council):
    plan = PlanFactory(organisation=council, code="CORP")
    ThemeFactory(plan=plan, code="A")
    ThemeFactory(plan=plan, code="B")
    header = "code,title,polarity,themes\n"
    imported(council, "measures", header + "M1,Measure,higher,2018/19 CORP/A; 2018/19 CORP/B\n")
    measure = Measure.objects.get(code="M1")
    assert sorted(measure.themes.values_list("code", flat=True)) == ["A", "B"]
    result = imported(council, "measures", header + "M1,Measure,higher,2018/19 CORP/B\n")
    change = result.changes.of(Action.CHANGE)[0]
    assert [(f.field, f.before, f.after) for f in change.fields] == [
        ("themes", "2018/19 CORP/A; 2018/19 CORP/B", "2018/19 CORP/B")
    ]
    assert list(measure.themes.values_list("code", flat=True)) == ["B"]
    history = measure.history.first()
    assert [row.theme.code for row in history.themes.all()] == ["B"]
    assert (
        imported(council, "measures", header + "M1,Measure,higher,2018/19 CORP/B\n").changes.of(
            Action.CHANGE
        )
        == []
    )


def test_a_theme_that_does_not_exist_is_a_problem(council):
    result = imported(council, "measures", "code,title,polarity,themes\nM1,M,higher,CORP/A\n")
    assert problems(result)[0][:2] == (2, "themes")


def test_measure_fields_are_checked_cell_by_cell(council):
    result = imported(
        council,
        "measures",
        "code,title,polarity,value_type,decimals,introduced,amber_threshold\n"
        "M1,M,sideways,money,two,last week,0.1234567\n",
    )
    assert [(row, column) for row, column, _ in problems(result)] == [
        (2, "polarity"),
        (2, "value_type"),
        (2, "decimals"),
        (2, "introduced"),
        (2, "amber_threshold"),
    ]


def test_targets_are_read_in_the_measures_type_and_create_their_periods(council):
    MeasureFactory(organisation=council, code="CALLS", value_type="duration", polarity="lower")
    MeasureFactory(organisation=council, code="RATE", value_type="percentage")
    result = imported(
        council,
        "targets",
        "measure,period,target,scheme,amber_threshold\n"
        "CALLS,Q1 2019/20,01:30,,\n"
        "RATE,2019-20 Q1,7-15%,three_band,2.5\n"
        "RATE,2019-20 Q2,BL,,\n",
    )
    assert result.applied
    assert result.changes.summary()["period"]["create"] == 2
    calls = Target.objects.get(measure__code="CALLS")
    assert (calls.kind, calls.value, calls.period.key) == (TargetKind.VALUE, 90, "2019-20 Q1")
    rate = Target.objects.get(measure__code="RATE", period__key="2019-20 Q1")
    assert (rate.low, rate.high, rate.scheme, rate.amber_threshold) == (
        7,
        15,
        "three_band",
        Decimal("2.5"),
    )
    assert Target.objects.get(measure__code="RATE", period__key="2019-20 Q2").kind == "baseline"


def test_a_changed_target_is_shown_as_printed(council):
    MeasureFactory(organisation=council, code="RATE", value_type="percentage")
    imported(council, "targets", "measure,period,target\nRATE,2019-20 Q1,9.25%\n")
    result = imported(council, "targets", "measure,period,target\nRATE,2019-20 Q1,7.8%\n")
    change = result.changes.of(Action.CHANGE)[0]
    assert [(f.field, f.before, f.after) for f in change.fields] == [("target", "9.25%", "7.8%")]


def test_a_target_for_a_measure_that_does_not_exist_is_a_problem(council):
    result = imported(council, "targets", "measure,period,target\nNOPE,2019-20 Q1,5\n")
    assert problems(result) == [
        (2, "measure", "there is no measure 'NOPE': import the measures first")
    ]


def test_figures_keep_their_notes_states_data_period_commentary_and_status(council):
    MeasureFactory(organisation=council, code="P", value_type="percentage")
    result = imported(
        council,
        "figures",
        "measure,period,actual,note,data_period,commentary,status\n"
        "P,2018-19 Q1,38.7% (53/137),,Jul 15 - Sep 15,Better than last year,draft\n"
        "P,2018-19 Q2,,Reports in Q1 only,,,\n"
        "P,2018-19 Q3,-,Note 2,,,\n"
        "P,2018-19 Q4,BL,,,,\n",
    )
    assert result.applied
    figures = {f.period.key: f for f in Figure.objects.select_related("period")}
    first = figures["2018-19 Q1"]
    assert (first.value, first.numerator, first.denominator, first.status) == (
        Decimal("38.7"),
        53,
        137,
        FigureStatus.DRAFT,
    )
    assert (first.data_covers_start, first.data_covers_end, first.commentary) == (
        date(2015, 7, 1),
        date(2015, 9, 30),
        "Better than last year",
    )
    assert (figures["2018-19 Q2"].missing_state, figures["2018-19 Q2"].status) == (
        MissingState.NOT_YET_DUE,
        FigureStatus.SUBMITTED,  # an import submits figures for sign-off unless told otherwise
    )
    assert (figures["2018-19 Q3"].missing_state, figures["2018-19 Q3"].note) == (
        MissingState.NOT_AVAILABLE,
        "Note 2",
    )
    assert figures["2018-19 Q4"].missing_state == MissingState.BASELINE


def test_an_import_publishes_commentary_as_the_entry_pages_box_does(council):
    MeasureFactory(organisation=council, code="P", value_type="percentage")
    result = imported(
        council,
        "figures",
        "measure,period,actual,commentary,publish_commentary\n"
        "P,2018-19 Q1,38.7%,Better than last year,yes\n"
        "P,2018-19 Q2,39%,For the council only,no\n"
        "P,2018-19 Q3,40%,,yes\n",
    )
    assert result.applied
    published = {
        f.period.key: (f.commentary_published, f.public_commentary)
        for f in Figure.objects.select_related("period")
    }
    assert published == {
        "2018-19 Q1": (True, "Better than last year"),
        "2018-19 Q2": (False, ""),
        "2018-19 Q3": (False, ""),  # nothing to publish: the service's rule, as the form's
    }
    # A file without the column leaves the switch as it is.
    again = imported(council, "figures", "measure,period,actual\nP,2018-19 Q1,38.8%\n")
    assert again.applied
    assert Figure.objects.get(period__key="2018-19 Q1").commentary_published


def test_an_import_refuses_a_publish_commentary_that_is_not_yes_or_no(council):
    MeasureFactory(organisation=council, code="P", value_type="percentage")
    result = imported(
        council,
        "figures",
        "measure,period,actual,commentary,publish_commentary\nP,2018-19 Q1,38.7%,Words,maybe\n",
    )
    assert not result.applied
    assert problems(result) == [(2, "publish_commentary", "'maybe' is not yes or no")]
    assert not Figure.objects.exists()


def test_a_figure_in_a_published_period_cannot_be_changed_by_an_import(council):
    measure = MeasureFactory(organisation=council, code="P", value_type="percentage")
    locked = period(council, "2018-19 Q1")
    locked.status = PeriodStatus.PUBLISHED
    locked.save()
    Figure.objects.create(measure=measure, period=locked, value=40, decimals=0, status="published")
    same = imported(
        council, "figures", "measure,period,actual,status\nP,2018-19 Q1,40%,published\n"
    )
    assert same.applied
    before = row_counts()
    result = imported(council, "figures", "measure,period,actual\nP,2018-19 Q1,41%\n")
    assert problems(result) == [
        (
            2,
            "period",
            "Q1 2018/19 is published and locked: the figure for P can only be corrected, with "
            "a reason (give one with the import, or use the correction page)",
        )
    ]
    assert row_counts() == before


def test_an_import_corrects_a_published_figure_only_with_a_reason_and_restates_it(
    council, performance_officer
):
    measure = MeasureFactory(organisation=council, code="P", value_type="percentage")
    locked = period(council, "2018-19 Q1")
    set_target(measure, locked, CoreTarget(TargetKind.VALUE, Decimal(50)), performance_officer)
    record_figure(
        measure,
        locked,
        FigureInput(Value(Decimal(40), ValueType.PERCENTAGE), commentary="Short-staffed"),
        performance_officer,
        status=FigureStatus.APPROVED,
    )
    publish_period(locked, performance_officer)
    result = import_file(
        council,
        "figures",
        b"measure,period,actual\nP,2018-19 Q1,41%\n",
        "fix.csv",
        performance_officer,
        correction_reason="A late return was found",
    )
    assert result.applied, result.changes.problems
    figure = Figure.objects.get(measure=measure, period=locked)
    assert (figure.value, figure.status) == (41, FigureStatus.PUBLISHED)
    kept = ReportedRating.objects.filter(measure=measure, period=locked).order_by("id")
    assert [row.is_restatement for row in kept] == [False, True]
    assert kept.last().restatement_reason == "A late return was found"


def test_an_import_gives_the_same_problem_in_the_same_words_as_the_form(council):
    MeasureFactory(organisation=council, code="P", value_type="percentage")
    result = imported(council, "figures", "measure,period,actual\nP,2018-19 Q1,150%\n")
    assert problems(result) == [
        (2, "actual", "A percentage must be between 0 and 100; 150 is above 100")
    ]


def test_an_unreadable_figure_says_why(council):
    MeasureFactory(organisation=council, code="T", value_type="duration")
    result = imported(council, "figures", "measure,period,actual\nT,2018-19 Q1,90 seconds\n")
    assert problems(result) == [(2, "actual", "'90 seconds' is not a duration (mm:ss or h:mm:ss)")]


def test_key_actions_and_their_updates(council, performance_officer):
    plan = PlanFactory(organisation=council, code="CORP")
    ThemeFactory(plan=plan, code="BBH")
    assert imported(
        council,
        "actions",
        "code,title,theme,owner,due_date,status\n"
        "KA-1,Build homes,2018/19 CORP/BBH,priya,31/03/2019,amber\n",
    ).applied
    action = KeyAction.objects.get(code="KA-1")
    assert (action.theme.code, action.owner, action.due_date, action.status) == (
        "BBH",
        performance_officer,
        date(2019, 3, 31),
        "amber",
    )
    result = imported(
        council,
        "action-updates",
        "action,period,status,progress\n"
        "KA-1,2018-19 Q2,red,Two sites delayed\n"
        "KA-9,2018-19 Q2,red,x\n",
        performance_officer,
    )
    assert problems(result) == [
        (3, "action", "there is no key action 'KA-9': import the actions first")
    ]
    assert imported(
        council,
        "action-updates",
        "action,period,status,progress\nKA-1,2018-19 Q2,red,Two sites delayed\n",
        performance_officer,
    ).applied
    update = ActionUpdate.objects.get()
    assert (update.period.key, update.status, update.entered_by) == (
        "2018-19 Q2",
        "red",
        performance_officer,
    )


def test_reading_changes_writes_nothing(council):
    before = row_counts()
    changes = read_changes(council, "units", b"code,name,kind\nA,A,service\n", "units.csv")
    assert changes.summary() == {"organisation unit": {"create": 1, "change": 0, "unchanged": 0}}
    assert row_counts() == before


def test_a_measure_is_kept_off_the_public_site_by_its_not_for_publication_column(council):
    head = "code,title,polarity,not_for_publication\n"
    result = imported(council, "measures", head + "M1,Knife crime,lower,yes\nM2,Waste,lower,\n")
    assert result.applied
    assert Measure.objects.get(code="M1").not_for_publication is True
    assert Measure.objects.get(code="M2").not_for_publication is False
    refused = imported(council, "measures", head + "M2,Waste,lower,perhaps\n")
    assert not refused.applied
    assert problems(refused) == [(2, "not_for_publication", "'perhaps' is not yes or no")]
    assert Measure.objects.get(code="M2").not_for_publication is False


def test_a_plans_horizon_imports_and_must_run_forwards_over_its_own_year(council):
    header = "year,code,kind,title,horizon_from,horizon_to\n"
    assert imported(
        council, "plans", header + "2018/19,COMM,community,Community plan,2018/19,2027/28\n"
    ).applied
    plan = Plan.objects.get(code="COMM")
    assert (plan.first_year, plan.last_year, plan.horizon_label) == (
        2018,
        2027,
        "2018/19 to 2027/28",
    )
    result = imported(
        council,
        "plans",
        header
        + "2018/19,A,corporate,Backwards,2018/19,2017/18\n"
        + "2018/19,B,corporate,Later,2019/20,2021/22\n"
        + "2018/19,C,corporate,Not a year,soon,\n",
    )
    assert not result.applied
    assert [(row, column) for row, column, _ in problems(result)] == [
        (2, "horizon_to"),
        (3, "horizon_from"),
        (4, "horizon_from"),
    ]
    assert not Plan.objects.filter(code__in=["A", "B", "C"]).exists()


def test_commentary_a_published_report_printed_is_published_with_its_figure(council):
    result = imported(
        council,
        "history",
        "scorecard,measure_no,title,good_is,period,target,actual,published_rating,"
        "published_on,commentary,proposed_action\n"
        "Build a Better Harrow,1,Homes built,higher,2017-18 Q1,6,5,A,2017-08-20,"
        "Two sites slipped,Chase the builders\n"
        "Build a Better Harrow,1,Homes built,higher,2017-18 Q2,6,7,LG,2017-11-20,,\n",
    )
    assert result.applied, problems(result)
    figures = {f.period.key: f for f in Figure.objects.select_related("period")}
    assert figures["2017-18 Q1"].public_commentary == "Two sites slipped"
    assert not figures["2017-18 Q2"].commentary_published  # nothing to publish
