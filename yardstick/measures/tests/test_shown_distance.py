"""Shown.distance: how far the figure shown is from its target, percent of |target|, for the
band shown (the challenge list reads it): an open period's from its rating, a published
period's kept, or the figure shown against the target shown where that gives the kept band."""

from decimal import Decimal

import pytest

from tests.factories import FigureFactory, MeasureFactory, TargetFactory, UserFactory, period
from yardstick.accounts.access import performance_team_of
from yardstick.accounts.models import Membership, Role
from yardstick.collection.services import publish_period
from yardstick.core.ratings import Band
from yardstick.measures.models import ReportedRating
from yardstick.measures.shown import shown_rating

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


def test_a_published_periods_distance_follows_its_kept_band(council):
    team = UserFactory(organisation=council, username="publisher")
    Membership.objects.create(user=team, organisation=council, role=Role.PERFORMANCE_TEAM)
    measure, quarter = rated(council, "50", "40")
    publish_period(quarter, team)
    viewer = performance_team_of(council.pk)
    kept = ReportedRating.objects.get(measure=measure, period=quarter)
    assert kept.band == Band.HIGH_RED and kept.distance is None
    assert shown_rating(measure, quarter, viewer).distance == -20
    # A band kept that the figure against the target no longer gives: no distance.
    ReportedRating.objects.filter(pk=kept.pk).update(band=Band.AMBER)
    assert shown_rating(measure, quarter, viewer).distance is None
    # A distance kept is the one shown.
    ReportedRating.objects.filter(pk=kept.pk).update(distance=Decimal("-7"))
    assert shown_rating(measure, quarter, viewer).distance == -7
    # Not rated when kept: none.
    ReportedRating.objects.filter(pk=kept.pk).update(band="", distance=None)
    assert shown_rating(measure, quarter, viewer).distance is None
