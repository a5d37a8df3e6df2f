"""Shown.distance: how far the figure shown is from its target, percent of |target|, for the
band shown (the challenge list reads it): an open period's from its rating, a published
period's the one kept when it was published (or restated); old kept rows are backfilled by
a migration where their figure and target still give the kept band."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from tests.factories import FigureFactory, MeasureFactory, TargetFactory, UserFactory, period
from yardstick.accounts.access import performance_team_of
from yardstick.accounts.models import Membership, Role
from yardstick.collection.services import publish_period
from yardstick.core.ratings import Band, Rating
from yardstick.core.values import Value, ValueType
from yardstick.measures.models import Figure, ReportedRating
from yardstick.measures.rules import FigureInput
from yardstick.measures.services import NOT_GIVEN, correct_published_figure, loaded_row
from yardstick.measures.shown import distance_of, live_ratings, shown_rating

pytestmark = pytest.mark.django_db


def rated(council, target: str, actual: str, key: str = "2018-19 Q2"):
    measure = MeasureFactory(organisation=council, polarity="higher", value_type="number")
    quarter = period(council, key)
    TargetFactory(measure=measure, period=quarter, value=Decimal(target))
    FigureFactory(
        measure=measure,
        period=quarter,
        value=Decimal(actual),
        status="approved",
        commentary="Explained.",
    )
    measure.refresh_from_db()  # as pages read it: a fresh instance holds the default as an int
    return measure, quarter


def test_an_open_periods_distance_is_its_ratings(council):
    measure, quarter = rated(council, "50", "60")
    shown = shown_rating(measure, quarter, performance_team_of(council.pk))
    assert shown.band is Band.HIGH_GREEN
    assert shown.distance == 20


def test_a_zero_targets_distance_is_in_units_so_none(council):
    measure, quarter = rated(council, "0", "3")
    assert shown_rating(measure, quarter, performance_team_of(council.pk)).distance is None


def publisher(council):
    team = UserFactory(organisation=council, username="publisher")
    Membership.objects.create(user=team, organisation=council, role=Role.PERFORMANCE_TEAM)
    return team


def test_publishing_keeps_the_distance_and_a_published_period_reads_it(council):
    measure, quarter = rated(council, "50", "40")
    publish_period(quarter, publisher(council))
    viewer = performance_team_of(council.pk)
    kept = ReportedRating.objects.get(measure=measure, period=quarter)
    assert kept.band == Band.HIGH_RED and kept.distance == -20
    assert shown_rating(measure, quarter, viewer).distance == -20
    # The kept distance is read, never worked out again from the figure and target.
    ReportedRating.objects.filter(pk=kept.pk).update(distance=Decimal("-7"))
    assert shown_rating(measure, quarter, viewer).distance == -7
    ReportedRating.objects.filter(pk=kept.pk).update(distance=None)
    assert shown_rating(measure, quarter, viewer).distance is None


def test_publishing_keeps_no_distance_when_not_rated_or_judged_in_units(council):
    team = publisher(council)
    in_units, quarter = rated(council, "0", "3")
    no_target = MeasureFactory(organisation=council, polarity="higher", value_type="number")
    FigureFactory(measure=no_target, period=quarter, value=Decimal("5"), status="approved")
    publish_period(quarter, team)
    kept = ReportedRating.objects.get(measure=in_units, period=quarter)
    assert kept.band and kept.distance is None
    kept = ReportedRating.objects.get(measure=no_target, period=quarter)
    assert kept.band == "" and kept.distance is None


def test_a_restatement_keeps_the_distance_of_the_corrected_figure(council):
    team = publisher(council)
    measure, quarter = rated(council, "50", "40")
    publish_period(quarter, team)
    correct_published_figure(
        measure, quarter, FigureInput(Value(Decimal("55"), ValueType.NUMBER)), team, "Miscounted"
    )
    original, restated = ReportedRating.objects.filter(measure=measure, period=quarter).order_by(
        "reported_at", "id"
    )
    assert (original.distance, restated.distance) == (-20, 10)
    assert restated.is_restatement
    assert shown_rating(measure, quarter, performance_team_of(council.pk)).distance == 10


def test_a_rating_loaded_as_printed_keeps_the_keys_distance_only_for_the_keys_band(council):
    team = publisher(council)
    measure, quarter = rated(council, "50", "40")
    shown = live_ratings([measure], quarter, performance_team_of(council.pk))[measure.id]
    assert shown.band is Band.HIGH_RED
    now = timezone.now()
    assert loaded_row(shown, Band.HIGH_RED, team, now).distance == -20
    assert loaded_row(shown, NOT_GIVEN, team, now).distance == -20
    assert loaded_row(shown, Band.AMBER, team, now).distance is None


@pytest.mark.parametrize(
    ("rating", "distance"),
    [
        pytest.param(Rating(Band.AMBER, "", Decimal(1) / 3), Decimal("0.333333"), id="six places"),
        pytest.param(
            Rating(Band.AMBER, "", Decimal("-0.0000005")), Decimal("-0.000001"), id="half"
        ),
        pytest.param(Rating(None, "Not rated", Decimal(5)), None, id="not rated"),
        pytest.param(Rating(Band.AMBER, "", Decimal(5), distance_in_units=True), None, id="units"),
        pytest.param(Rating(Band.HIGH_GREEN, "", Decimal("1E14")), None, id="too far to keep"),
        pytest.param(
            Rating(Band.HIGH_GREEN, "", Decimal("99999999999999.4")),
            Decimal("99999999999999.4"),
            id="fits",
        ),
    ],
)
def test_the_distance_shown_and_kept_is_rounded_to_the_places_kept(rating, distance):
    assert distance_of(rating) == distance


BACKFILL = importlib.import_module("yardstick.measures.migrations.0022_kept_rating_distance")


def test_the_migration_backfills_old_rows_only_where_the_kept_figure_and_target_give_the_band(
    council,
):
    team = publisher(council)
    measure, quarter = rated(council, "50", "40")
    other, _ = rated(council, "50", "60")
    changed, _ = rated(council, "50", "45")
    publish_period(quarter, team)
    kept = {
        m: ReportedRating.objects.get(measure=m, period=quarter) for m in (measure, other, changed)
    }
    ReportedRating.objects.update(distance=None)  # as kept before publishing wrote it
    # A band the figure and target no longer give (a key changed since): left None.
    ReportedRating.objects.filter(pk=kept[other].pk).update(band=Band.AMBER)
    # A figure changed since it was printed: left None.
    Figure.objects.filter(measure=changed, period=quarter).update(value=Decimal("70"))
    BACKFILL.backfill(django_apps, None)
    assert ReportedRating.objects.get(pk=kept[measure].pk).distance == -20
    assert ReportedRating.objects.get(pk=kept[other].pk).distance is None
    assert ReportedRating.objects.get(pk=kept[changed].pk).distance is None
