"""Targets, figures, publishing and corrections: ratings are kept as reported."""

from decimal import Decimal

import pytest

from tests.factories import MeasureFactory, UserFactory, period
from yardstick.accounts.access import board
from yardstick.collection.services import publish_period
from yardstick.core.targets import Target as CoreTarget
from yardstick.core.targets import TargetKind
from yardstick.core.values import Missing, MissingState, Value, ValueType
from yardstick.framework.models import PeriodStatus
from yardstick.measures.models import FigureStatus, ReportedRating
from yardstick.measures.services import (
    FigureInput,
    FigureLocked,
    StaleFigure,
    correct_published_figure,
    record_figure,
    set_target,
)
from yardstick.measures.shown import shown_rating

RATING_FIELDS = [
    "band",
    "reason",
    "distance",
    "target_text",
    "actual_text",
    "trend",
    "trend_reason",
    "reported_at",
    "reported_by_id",
    "is_restatement",
    "restatement_reason",
]


def percent(amount: str) -> FigureInput:
    """A percentage with its owner's commentary (needed to publish a figure off target)."""
    return FigureInput(
        Value(Decimal(amount), ValueType.PERCENTAGE), commentary="Explained to the board."
    )


def target_of(amount: str) -> CoreTarget:
    return CoreTarget(TargetKind.VALUE, value=Decimal(amount))


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """Test people's passwords need no strong hashing; it only slows the tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def officer(council):
    """Olu, who owns the measures and enters their figures."""
    return UserFactory(username="olu", first_name="Olu", last_name="Ade", organisation=council)


@pytest.fixture
def q2(council):
    return period(council, "2018-19 Q2")


@pytest.fixture
def measure(council):
    return MeasureFactory(
        organisation=council, code="NI 155", title="Affordable homes delivered (%)"
    )


@pytest.fixture
def published(measure, q2, officer, performance_officer):
    """NI 155 with a target of 75% and an approved 80% in Q2 2018/19, published."""
    set_target(measure, q2, target_of("75"), performance_officer, reason="Set by Cabinet")
    record_figure(measure, q2, percent("80"), officer, status=FigureStatus.APPROVED)
    publish_period(q2, performance_officer)
    q2.refresh_from_db()
    return q2


def rating_as_reported(row: ReportedRating) -> dict:
    return {name: getattr(row, name) for name in RATING_FIELDS}


def test_publishing_keeps_a_rating_per_measure_and_locks_the_period(
    council, q2, measure, officer, performance_officer
):
    second = MeasureFactory(organisation=council, code="BV 12", title="Working days lost")
    set_target(measure, q2, target_of("75"), performance_officer)
    set_target(second, q2, target_of("9"), performance_officer)
    record_figure(measure, q2, percent("80"), officer, status=FigureStatus.APPROVED)
    record_figure(second, q2, percent("7"), officer, status=FigureStatus.APPROVED)

    kept = publish_period(q2, performance_officer)

    q2.refresh_from_db()
    assert kept == 2
    assert q2.status == PeriodStatus.PUBLISHED
    assert q2.published_by == performance_officer
    ratings = ReportedRating.objects.filter(period=q2)
    assert sorted(rating.measure.code for rating in ratings) == ["BV 12", "NI 155"]
    assert all(rating.band and not rating.is_restatement for rating in ratings)
    assert set(measure.figures.values_list("status", flat=True)) == {FigureStatus.PUBLISHED}
    with pytest.raises(FigureLocked):
        record_figure(measure, q2, percent("81"), officer)


def test_publishing_prints_the_target_as_the_measure_prints_it(published, measure):
    rating = ReportedRating.objects.get(measure=measure, period=published)

    assert rating.target_text == "75%"
    assert rating.actual_text == "80%"


def kept_now(measure, period):
    return shown_rating(measure, period, board(period.organisation_id)).kept


def test_a_target_of_a_published_period_is_locked_and_the_rating_kept_unchanged(
    published, measure, performance_officer
):
    original = ReportedRating.objects.get(measure=measure, period=published)
    before = rating_as_reported(original)

    with pytest.raises(FigureLocked):
        set_target(
            measure, published, target_of("90"), performance_officer, reason="Cabinet raised it"
        )

    original.refresh_from_db()
    assert rating_as_reported(original) == before
    assert kept_now(measure, published).pk == original.pk
    assert measure.targets.get(period=published).value == 75


def test_a_correction_after_publishing_adds_a_restatement_and_keeps_the_original(
    published, measure, performance_officer
):
    original = ReportedRating.objects.get(measure=measure, period=published)
    before = rating_as_reported(original)

    correct_published_figure(
        measure, published, percent("70"), performance_officer, reason="Late returns added"
    )

    rows = list(ReportedRating.objects.filter(measure=measure, period=published))
    assert len(rows) == 2
    original.refresh_from_db()
    assert rating_as_reported(original) == before
    restated = next(row for row in rows if row.pk != original.pk)
    assert restated.is_restatement
    assert restated.restatement_reason == "Late returns added"
    assert restated.actual_text == "70%"
    assert restated.band != original.band
    assert kept_now(measure, published).pk == restated.pk
    figure = measure.figures.get(period=published)
    assert figure.value == Decimal("70")
    assert figure.history.first().history_change_reason == (
        "Correction after publishing: Late returns added"
    )


def test_a_correction_can_supply_a_figure_missing_when_the_period_was_published(
    council, q2, measure, performance_officer
):
    set_target(measure, q2, target_of("75"), performance_officer)
    publish_period(q2, performance_officer)
    q2.refresh_from_db()

    figure = correct_published_figure(
        measure, q2, percent("77"), performance_officer, reason="Return arrived late"
    )

    assert figure.value == Decimal("77")
    assert figure.status == FigureStatus.PUBLISHED
    assert kept_now(measure, q2).is_restatement


def test_a_correction_needs_a_reason(published, measure, performance_officer):
    with pytest.raises(ValueError, match="reason"):
        correct_published_figure(measure, published, percent("70"), performance_officer, "  ")


def test_a_correction_is_refused_while_the_period_is_open(
    q2, measure, officer, performance_officer
):
    record_figure(measure, q2, percent("80"), officer)

    with pytest.raises(ValueError, match="not published"):
        correct_published_figure(measure, q2, percent("70"), performance_officer, "Typo")

    assert not ReportedRating.objects.exists()


def test_a_stale_version_raises_stale_figure_carrying_the_other_persons_figure(
    council, q2, measure, officer
):
    colleague = UserFactory(username="cara", first_name="Cara", organisation=council)
    opened = record_figure(measure, q2, percent("80"), officer)  # both open version 1
    record_figure(measure, q2, percent("82"), colleague, expected_version=opened.version)

    with pytest.raises(StaleFigure) as refused:
        record_figure(measure, q2, percent("79"), officer, expected_version=opened.version)

    assert refused.value.current.value == Decimal("82")
    assert refused.value.current.entered_by == colleague
    assert refused.value.current.version == 2
    assert measure.figures.get(period=q2).value == Decimal("82")


def test_recording_with_the_current_version_saves_and_raises_the_version(q2, measure, officer):
    first = record_figure(measure, q2, percent("80"), officer)

    second = record_figure(measure, q2, percent("81"), officer, expected_version=first.version)

    assert second.version == first.version + 1
    assert second.value == Decimal("81")


def test_a_missing_figure_is_recorded_with_its_reason(q2, measure, officer):
    entry = FigureInput(Missing(MissingState.NOT_AVAILABLE, "Survey not run"))

    figure = record_figure(measure, q2, entry, officer)

    assert figure.value is None
    assert figure.missing_state == MissingState.NOT_AVAILABLE
    assert figure.note == "Survey not run"
