"""Importing the seed scorecards builds the 2018/19 corporate framework with its figures."""

from datetime import date
from decimal import Decimal

import pytest

from yardstick.core.targets import TargetKind
from yardstick.core.values import CollectionType, MissingState, ValueType
from yardstick.framework.models import Period, Plan, PlanKind, Theme
from yardstick.imports.models import ImportRun, ImportStatus
from yardstick.measures.models import Figure, FigureSource, FigureStatus, Measure, Target
from yardstick.scorecards.models import Scorecard, ScorecardKind

from .conftest import SEED

pytestmark = pytest.mark.django_db


def figure(council, code: str, period: str) -> Figure:
    return Figure.objects.get(measure__organisation=council, measure__code=code, period__key=period)


def target(council, code: str, period: str) -> Target:
    return Target.objects.get(measure__organisation=council, measure__code=code, period__key=period)


def test_the_seed_creates_85_measures_with_a_target_for_every_row(seeded):
    assert Measure.objects.in_organisation(seeded).count() == 85
    assert Target.objects.filter(measure__organisation=seeded).count() == 255


def test_the_seed_creates_a_figure_for_every_row_with_an_actual_or_a_note(seeded):
    # 255 rows; 15 have neither an actual nor a note (e.g. Violence with injury in Q2).
    assert Figure.objects.filter(measure__organisation=seeded).count() == 240
    assert not Figure.objects.filter(measure__code="BBH-20", period__key="2018-19 Q2").exists()


def test_the_seed_creates_the_corporate_plan_of_its_latest_year_with_three_themes(seeded):
    plan = Plan.objects.get(organisation=seeded)
    assert (plan.financial_year, plan.kind, plan.code) == (2018, PlanKind.CORPORATE, "CORP")
    themes = list(Theme.objects.filter(plan=plan).values_list("code", "title", "position"))
    assert themes == [
        ("BBH", "Build a Better Harrow", 1),
        ("BMBBF", "Be more business-like and business friendly", 2),
        ("PMVSF", "Protect the most vulnerable and support families", 3),
    ]


def test_each_theme_has_a_theme_scorecard_with_its_measures_in_file_order(seeded):
    cards = Scorecard.objects.in_organisation(seeded).order_by("position")
    assert [(card.kind, card.theme.code) for card in cards] == [
        (ScorecardKind.THEME, "BBH"),
        (ScorecardKind.THEME, "BMBBF"),
        (ScorecardKind.THEME, "PMVSF"),
    ]
    entries = list(cards[0].entries.order_by("position").values_list("number", "measure__code"))
    assert entries[:3] == [("1", "BBH-01"), ("5", "BBH-05"), ("9", "BBH-09")]
    assert entries[-1] == ("", "BBH-ASCESPEM")
    assert [card.entries.count() for card in cards] == [40, 20, 25]


def test_every_measure_serves_its_scorecards_theme(seeded):
    measure = Measure.objects.get(organisation=seeded, code="PMVSF-08")
    assert [theme.code for theme in measure.themes.all()] == ["PMVSF"]


def test_the_periods_come_from_the_rows(seeded):
    keys = list(
        Period.objects.in_organisation(seeded).order_by("start").values_list("key", flat=True)
    )
    assert keys == ["2017-18 Q2", "2018-19 Q1", "2018-19 Q2"]


def test_a_min_sec_target_is_a_duration_in_seconds(seeded):
    measure = Measure.objects.get(organisation=seeded, code="BMBBF-09")
    assert measure.value_type == ValueType.DURATION
    assert target(seeded, "BMBBF-09", "2017-18 Q2").value == 90  # 01:30
    assert figure(seeded, "BMBBF-09", "2017-18 Q2").value == 96  # 01:36


def test_a_percentage_with_its_count_keeps_numerator_denominator_and_data_period(seeded):
    found = figure(seeded, "PMVSF-08", "2017-18 Q2")  # 38.7% (53/137), Jul 15 - Sep 15
    assert (found.value, found.numerator, found.denominator, found.decimals) == (
        Decimal("38.7"),
        53,
        137,
        1,
    )
    assert (found.data_covers_start, found.data_covers_end) == (date(2015, 7, 1), date(2015, 9, 30))
    assert Measure.objects.get(organisation=seeded, code="PMVSF-08").value_type == "percentage"


def test_a_rate_with_its_count_is_a_rate_per_the_number_in_the_title(seeded):
    measure = Measure.objects.get(organisation=seeded, code="PMVSF-10")
    assert (measure.value_type, measure.rate_per) == (ValueType.RATE, 100000)
    found = figure(seeded, "PMVSF-10", "2017-18 Q2")  # 72 (307)
    assert (found.value, found.numerator, found.denominator) == (72, 307, None)


def test_a_negative_percentage_target_is_a_value_target(seeded):
    found = target(seeded, "BMBBF-13", "2018-19 Q1")  # -10%
    assert (found.kind, found.value) == (TargetKind.VALUE, -10)


def test_a_range_target_keeps_both_ends_and_the_measure_is_in_range(seeded):
    found = target(seeded, "BBH-ASCESPEM", "2018-19 Q2")  # 0.9-1.1
    assert (found.kind, found.low, found.high) == (TargetKind.RANGE, Decimal("0.9"), Decimal("1.1"))
    assert Measure.objects.get(organisation=seeded, code="BBH-ASCESPEM").polarity == "in_range"
    ranged = target(seeded, "PMVSF-01", "2017-18 Q2")  # 7-15%
    assert (ranged.kind, ranged.low, ranged.high) == (TargetKind.RANGE, 7, 15)


def test_year_on_year_reduction_is_a_change_on_last_year(seeded):
    found = target(seeded, "PMVSF-08", "2018-19 Q2")
    assert (found.kind, found.change_amount, found.change_percent) == (
        TargetKind.CHANGE_ON_LAST_YEAR,
        None,
        None,
    )


def test_a_bl_target_is_a_baseline_and_the_new_note_a_new_measure(seeded):
    assert target(seeded, "PMVSF-27", "2017-18 Q2").kind == TargetKind.BASELINE
    found = figure(seeded, "PMVSF-27", "2017-18 Q2")  # actual blank, note 'New in 2018/19'
    assert (found.value, found.missing_state, found.note) == (
        None,
        MissingState.NEW,
        "New in 2018/19",
    )


def test_a_bl_note_beside_a_figure_makes_the_year_a_baseline_year(seeded):
    found = figure(seeded, "BBH-30", "2018-19 Q1")  # target '-', actual 49.7%, note BL
    assert (found.value, found.note) == (Decimal("49.7"), "BL")
    assert target(seeded, "BBH-30", "2018-19 Q1").kind == TargetKind.BASELINE


def test_a_dash_is_not_available_and_a_footnote_is_kept_as_the_note(seeded):
    found = figure(seeded, "BBH-18", "2018-19 Q1")  # '-', '-', Note 1
    assert (found.value, found.missing_state, found.note) == (
        None,
        MissingState.NOT_AVAILABLE,
        "Note 1",
    )
    assert target(seeded, "BBH-18", "2018-19 Q1").kind == TargetKind.NONE


def test_a_note_beside_a_figure_is_kept(seeded):
    found = figure(seeded, "BBH-50", "2017-18 Q2")  # 45%, Note 6
    assert (found.value, found.note, found.missing_state) == (45, "Note 6", "")


def test_grouped_thousands_are_read(seeded):
    assert target(seeded, "BMBBF-16", "2018-19 Q1").value == 35000  # "35,000"
    assert figure(seeded, "BMBBF-16", "2018-19 Q1").value == 44907


def test_printed_places_are_kept_per_figure_and_the_most_on_the_measure(seeded):
    assert figure(seeded, "BBH-29", "2018-19 Q2").decimals == 2  # 71.40%
    assert figure(seeded, "BBH-29", "2018-19 Q1").decimals == 0  # 70%
    assert Measure.objects.get(organisation=seeded, code="BBH-29").decimals == 2


@pytest.mark.parametrize(
    ("code", "collection"),
    [
        ("BBH-01", CollectionType.CUMULATIVE),  # (cumulative)
        ("BBH-18", CollectionType.CUMULATIVE),  # (year to date)
        ("BBH-16", CollectionType.SNAPSHOT),  # (snapshot)
        ("BBH-17", CollectionType.ROLLING_12_MONTHS),  # in the previous 12 months
        ("PMVSF-11", CollectionType.ROLLING_12_MONTHS),  # (rolling 12 months)
        ("PMVSF-01", CollectionType.PERIOD),  # (within 12 months) says nothing of collection
    ],
)
def test_the_collection_type_comes_from_the_title(seeded, code, collection):
    assert Measure.objects.get(organisation=seeded, code=code).collection_type == collection


def test_polarity_comes_from_good_is(seeded):
    assert Measure.objects.get(organisation=seeded, code="BBH-01").polarity == "higher"
    assert Measure.objects.get(organisation=seeded, code="BBH-12").polarity == "lower"


def test_imported_figures_are_submitted_for_sign_off_and_say_who_imported_them(
    seeded, performance_officer
):
    found = figure(seeded, "BBH-01", "2018-19 Q2")
    assert (found.status, found.source, found.entered_by, found.version) == (
        FigureStatus.SUBMITTED,
        FigureSource.IMPORTED,
        performance_officer,
        1,
    )


def test_the_history_records_the_importer_and_the_file(seeded, performance_officer):
    found = figure(seeded, "BBH-01", "2018-19 Q2")
    record = found.history.get()
    assert record.history_user == performance_officer
    assert record.history_change_reason == f"Imported from {SEED.name}"
    measure = Measure.objects.get(organisation=seeded, code="BBH-01")
    assert measure.history.get().history_user == performance_officer
    assert [theme.theme.code for theme in measure.history.get().themes.all()] == ["BBH"]
    period = Period.objects.get(organisation=seeded, key="2018-19 Q2").history.get()
    assert (period.history_user, period.history_change_reason) == (
        performance_officer,
        f"Imported from {SEED.name}",
    )


def test_the_import_is_recorded_with_its_file_and_summary(seeded, performance_officer, seed_bytes):
    run = ImportRun.objects.get(organisation=seeded)
    assert (run.kind, run.filename, run.status, run.created_by) == (
        "scorecard",
        SEED.name,
        ImportStatus.APPLIED,
        performance_officer,
    )
    assert bytes(run.content) == seed_bytes
    assert run.summary["measure"] == {"create": 85, "change": 0, "unchanged": 0}
