"""A measure's full history, and the ratings of a period as reported."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MeasureFactory, ThemeFactory, UnitFactory, UserFactory, period
from yardstick.accounts.access import board
from yardstick.collection.services import publish_period
from yardstick.core.statements import Dimension
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.targets import TargetKind
from yardstick.core.values import Value, ValueType
from yardstick.measures.models import FigureStatus, ReportedRating
from yardstick.measures.queries import FieldChange, measure_history
from yardstick.measures.services import (
    FigureInput,
    correct_published_figure,
    record_figure,
    set_target,
)
from yardstick.measures.shown import shown_ratings
from yardstick.measures.statement_services import (
    StatementInput,
    save_statement,
    sign_off_statement,
)


def percent(amount: str) -> FigureInput:
    """A percentage with its owner's commentary (needed to publish a figure off target)."""
    return FigureInput(
        Value(Decimal(amount), ValueType.PERCENTAGE), commentary="Explained to the board."
    )


def target_of(amount: str) -> CoreTarget:
    return CoreTarget(TargetKind.VALUE, value=Decimal(amount))


def save(row, user, reason: str) -> None:
    row._history_user = user
    row._change_reason = reason
    row.save()


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """Test people's passwords need no strong hashing; it only slows the tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def officer(council):
    return UserFactory(username="olu", first_name="Olu", last_name="Ade", organisation=council)


@pytest.fixture
def measure(council):
    return MeasureFactory(organisation=council, code="NI 155", title="Affordable homes")


def test_the_full_history_lists_changes_to_the_measure_its_targets_and_figures_in_order(
    council, measure, officer, performance_officer
):
    q1, q2 = period(council, "2018-19 Q1"), period(council, "2018-19 Q2")
    set_target(measure, q1, target_of("70"), performance_officer, reason="Plan agreed")
    record_figure(measure, q1, percent("72"), officer)
    measure.title = "Affordable homes delivered"
    save(measure, performance_officer, "Clearer title")
    set_target(measure, q2, target_of("75"), performance_officer)
    set_target(measure, q2, target_of("80"), performance_officer, reason="Cabinet raised it")

    history = measure_history(measure)

    assert [(c.subject, c.action) for c in history] == [
        ("Measure", "Created"),
        ("Target for Q1 2018/19", "Created"),
        ("Figure for Q1 2018/19", "Created"),
        ("Measure", "Changed"),
        ("Target for Q2 2018/19", "Created"),
        ("Target for Q2 2018/19", "Changed"),
    ]
    retitled, raised = history[3], history[5]
    assert retitled.who == performance_officer
    assert retitled.reason == "Clearer title"
    assert retitled.fields == (
        FieldChange("Title", "Affordable homes", "Affordable homes delivered"),
    )
    assert raised.fields == (FieldChange("Value", "75", "80"),)
    assert raised.reason == "Cabinet raised it"
    figure = history[2]
    assert figure.who == officer
    assert FieldChange("Value", "", "72") in figure.fields
    assert FieldChange("Status", "", "Draft") in figure.fields


def test_the_full_history_names_people_units_and_themes_rather_than_ids(
    council, measure, officer, performance_officer
):
    unit = UnitFactory(organisation=council, name="Housing")
    theme = ThemeFactory(plan__organisation=council, title="Homes for all")
    measure.owner = officer
    measure.unit = unit
    save(measure, performance_officer, "New owner")
    measure.themes.add(theme)

    history = measure_history(measure)

    assert FieldChange("Owner", "", "Olu Ade") in history[1].fields
    assert FieldChange("Organisation unit", "", "Housing") in history[1].fields
    assert history[2].fields == (FieldChange("Themes", "", "Homes for all"),)


def test_the_full_history_shows_a_deleted_target_and_who_deleted_it(
    council, measure, performance_officer
):
    q1 = period(council, "2018-19 Q1")
    target = set_target(measure, q1, target_of("70"), performance_officer)
    target._history_user = performance_officer
    target._change_reason = "Measure has no target this year"
    target.delete()

    last = measure_history(measure)[-1]

    assert (last.subject, last.action, last.who) == (
        "Target for Q1 2018/19",
        "Deleted",
        performance_officer,
    )
    assert last.reason == "Measure has no target this year"


def test_the_full_history_takes_the_same_number_of_queries_however_long_it_is(
    council, officer, performance_officer
):
    def build(code: str, versions: int):
        measure = MeasureFactory(organisation=council, code=code, owner=officer)
        measure.themes.add(ThemeFactory(plan__organisation=council))
        for number in range(versions):
            quarter = period(council, f"2018-19 Q{number % 4 + 1}")
            set_target(measure, quarter, target_of(str(60 + number)), performance_officer)
            record_figure(measure, quarter, percent(str(50 + number)), officer)
            measure.title = f"Title {number}"
            save(measure, performance_officer, "Retitled")
            save_statement(measure, StatementInput(risk="low"), officer)
        return measure

    short, long = build("S1", 1), build("L1", 12)

    with CaptureQueriesContext(connection) as few:
        short_history = measure_history(short)
    with CaptureQueriesContext(connection) as many:
        long_history = measure_history(long)

    assert len(long_history) > 3 * len(short_history)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_full_history_lists_each_version_of_the_data_quality_statement(
    council, measure, officer, performance_officer
):
    measure.owner = officer
    measure.save()
    texts = {dimension.value: f"How {dimension.value} is assured." for dimension in Dimension}
    review = date.today() + timedelta(days=90)
    save_statement(measure, StatementInput(texts=texts, risk="low", review_date=review), officer)
    sign_off_statement(measure, performance_officer)
    save_statement(measure, StatementInput(texts=texts, risk="high", review_date=review), officer)

    history = [c for c in measure_history(measure) if c.kind == "dataqualitystatement"]

    assert [(c.subject, c.action, c.reason) for c in history] == [
        ("Data quality statement, version 1", "Created", "Version 1 drafted"),
        ("Data quality statement, version 1", "Changed", "Version 1 signed off"),
        ("Data quality statement, version 2", "Created", "Version 2 drafted"),
    ]
    assert FieldChange("Status", "Draft", "Signed off") in history[1].fields
    assert FieldChange("Data quality risk", "", "High") in history[2].fields
    assert history[0].who == officer and history[1].who == performance_officer


def test_shown_ratings_give_each_measures_latest_kept_rating_restatement_first(
    council, officer, performance_officer
):
    q2 = period(council, "2018-19 Q2")
    restated, kept = MeasureFactory(organisation=council), MeasureFactory(organisation=council)
    never_rated = MeasureFactory(organisation=council)
    for measure in (restated, kept):
        set_target(measure, q2, target_of("75"), performance_officer)
        record_figure(measure, q2, percent("80"), officer, status=FigureStatus.APPROVED)
    publish_period(q2, performance_officer)
    correct_published_figure(restated, q2, percent("60"), performance_officer, "Miscounted")
    correct_published_figure(restated, q2, percent("65"), performance_officer, "Miscounted again")

    shown = shown_ratings([restated, kept, never_rated], [q2], board(council.id))

    assert shown[(restated.id, q2.id)].kept.restatement_reason == "Miscounted again"
    assert shown[(restated.id, q2.id)].actual == "65%"
    assert not shown[(kept.id, q2.id)].restated
    assert shown[(never_rated.id, q2.id)].kept is None
    assert ReportedRating.objects.filter(measure=restated).count() == 3


def test_shown_ratings_read_each_period_its_own_kept_rating(council, officer, performance_officer):
    q1, q2 = period(council, "2018-19 Q1"), period(council, "2018-19 Q2")
    measure = MeasureFactory(organisation=council)
    for quarter, amount in ((q1, "70"), (q2, "90")):
        set_target(measure, quarter, target_of("75"), performance_officer)
        record_figure(measure, quarter, percent(amount), officer, status=FigureStatus.APPROVED)
        publish_period(quarter, performance_officer)

    shown = shown_ratings([measure], [q1, q2], board(council.id))

    assert shown[(measure.id, q1.id)].kept.actual_text == "70%"
    assert shown[(measure.id, q2.id)].kept.actual_text == "90%"
