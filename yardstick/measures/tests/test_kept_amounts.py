"""What Yardstick keeps of an amount is what both databases keep exactly: under 10^14, at most
6 places and 15 digits in all. The services refuse more (the rules' message), and the
database itself refuses an amount beyond the largest, so no row can hold one that Django
cannot read back (on SQLite a 16-digit figure came back rounded, and one near 10^14 crashed
every page that showed it)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from tests.factories import MeasureFactory, TargetFactory, UserFactory, period
from yardstick.core.values import LARGEST_KEPT, Value, ValueType
from yardstick.measures.models import Figure, Target
from yardstick.measures.services import FigureInput, FigureRefused, record_figure

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(council):
    return MeasureFactory(organisation=council, value_type="number", frequency="quarterly")


@pytest.fixture
def quarter(council):
    return period(council, "2018-19 Q2")


@pytest.mark.parametrize(
    "amount", ["99999999999999.9", "-99999999999999.9", "12345678.123456", "0.000001"]
)
def test_an_amount_that_fits_is_kept_exactly(measure, quarter, amount):
    user = UserFactory(organisation=measure.organisation)
    record_figure(measure, quarter, FigureInput(Value(Decimal(amount), ValueType.NUMBER)), user)
    assert Figure.objects.get(measure=measure, period=quarter).value == Decimal(amount)


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("99999999999999.99", "The figure has too many digits to keep exactly: up to 15 in all."),
        (
            "12345678901234.123456",
            "The figure has too many digits to keep exactly: up to 15 in all.",
        ),
        (
            "100000000000000",
            "The figure is too large to keep: up to 14 digits before the decimal point.",
        ),
    ],
)
def test_an_amount_that_does_not_fit_is_refused_by_the_services(measure, quarter, amount, message):
    user = UserFactory(organisation=measure.organisation)
    with pytest.raises(FigureRefused) as refused:
        record_figure(measure, quarter, FigureInput(Value(Decimal(amount), ValueType.NUMBER)), user)
    assert [problem.message for problem in refused.value.problems] == [message]
    assert not Figure.objects.exists()


BEYOND = ["99999999999999.999999", "-99999999999999.999999", "100000000000000", "1E+19"]
# The constraint refuses what the column holds; PostgreSQL's column itself refuses 10^14 and
# more (numeric field overflow) before the constraint is asked.
REFUSED = (IntegrityError, DataError)


@pytest.mark.parametrize("field", ["value", "numerator", "denominator"])
@pytest.mark.parametrize("amount", BEYOND)
def test_the_database_refuses_a_figure_beyond_the_largest(measure, quarter, field, amount):
    with pytest.raises(REFUSED), transaction.atomic():
        Figure.objects.create(measure=measure, period=quarter, **{field: Decimal(amount)})


@pytest.mark.parametrize("field", ["value", "low", "high", "change_amount", "change_percent"])
@pytest.mark.parametrize("amount", BEYOND)
def test_the_database_refuses_a_target_beyond_the_largest(measure, quarter, field, amount):
    with pytest.raises(REFUSED), transaction.atomic():
        TargetFactory(measure=measure, period=quarter, **{field: Decimal(amount)})


@pytest.mark.parametrize("field", ["value", "numerator", "denominator"])
def test_the_database_keeps_the_largest_amount_either_way(measure, quarter, field):
    Figure.objects.create(measure=measure, period=quarter, **{field: LARGEST_KEPT})
    Figure.objects.filter(measure=measure).update(**{field: -LARGEST_KEPT})
    assert getattr(Figure.objects.get(measure=measure), field) == -LARGEST_KEPT
    TargetFactory(measure=measure, period=quarter, value=LARGEST_KEPT, low=-LARGEST_KEPT)
    target = Target.objects.get(measure=measure)
    assert (target.value, target.low) == (LARGEST_KEPT, -LARGEST_KEPT)


@pytest.mark.parametrize("model", ["measure", "figure"])
def test_no_more_decimal_places_are_printed_than_are_kept(measure, quarter, model):
    """The admin took 32767: every figure then printed with as many places, and kept as
    reported past its column on PostgreSQL."""
    row = measure if model == "measure" else Figure(measure=measure, period=quarter)
    row.decimals = 7
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert "decimals" in refused.value.message_dict
    row.decimals = 6
    row.full_clean(exclude=["measure", "period", "organisation"])
