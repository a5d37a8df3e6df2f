"""factory_boy factories for tests. Personas (officer, approver, viewer, outsider...) are
fixtures in conftest.py built from these."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from yardstick.accounts.models import User
from yardstick.core import periods as core_periods
from yardstick.framework.models import Period, Plan, PlanKind, Theme
from yardstick.measures.models import Figure, Measure, Target
from yardstick.organisations.models import Organisation, OrganisationUnit, UnitKind
from yardstick.scorecards.models import Scorecard, ScorecardEntry, ScorecardKind


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Council {n}")
    slug = factory.Sequence(lambda n: f"council-{n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password("correct horse battery staple")


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = OrganisationUnit

    organisation = factory.SubFactory(OrganisationFactory)
    kind = UnitKind.DIRECTORATE
    name = factory.Sequence(lambda n: f"Directorate {n}")
    code = factory.Sequence(lambda n: f"D{n}")


def period(organisation: Organisation, key: str) -> Period:
    core = core_periods.parse_period(key, organisation.financial_year_start_month)
    found, _ = Period.objects.get_or_create(
        organisation=organisation,
        key=core.key,
        defaults={"type": core.type, "start": core.start, "end": core.end, "label": core.label},
    )
    return found


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    organisation = factory.SubFactory(OrganisationFactory)
    financial_year = 2018
    kind = PlanKind.CORPORATE
    code = factory.Sequence(lambda n: f"P{n}")
    title = "Corporate plan"


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"T{n}")
    title = factory.Sequence(lambda n: f"Theme {n}")


class MeasureFactory(DjangoModelFactory):
    class Meta:
        model = Measure

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"M{n:03d}")
    title = factory.Sequence(lambda n: f"Measure {n}")
    polarity = "higher"
    value_type = "percentage"


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    measure = factory.SubFactory(MeasureFactory)
    kind = "value"


class FigureFactory(DjangoModelFactory):
    class Meta:
        model = Figure

    measure = factory.SubFactory(MeasureFactory)


class ScorecardFactory(DjangoModelFactory):
    class Meta:
        model = Scorecard

    organisation = factory.SubFactory(OrganisationFactory)
    financial_year = 2018
    kind = ScorecardKind.THEME
    slug = factory.Sequence(lambda n: f"scorecard-{n}")
    title = factory.Sequence(lambda n: f"Scorecard {n}")


class ScorecardEntryFactory(DjangoModelFactory):
    class Meta:
        model = ScorecardEntry

    scorecard = factory.SubFactory(ScorecardFactory)
    measure = factory.SubFactory(MeasureFactory)
    position = factory.Sequence(int)


def core_rating(measure: Measure, period: Period):
    """The core's rating of `measure`'s stored figure (whatever its status) against its
    stored target in `period`, worked out here with the core alone, apart from the code that
    decides what pages show: an oracle for tests of a value target."""
    from yardstick.core.ratings import Polarity, rate
    from yardstick.measures.assessment import core_target, core_value, tolerance_scheme

    figure = Figure.objects.filter(measure=measure, period=period).first()
    target = Target.objects.filter(measure=measure, period=period).first()
    return rate(
        core_value(measure, figure),
        core_target(target),
        Polarity(measure.polarity),
        tolerance_scheme(measure, target),
    )


def fresh_assessments(measures, period: Period, statuses) -> dict:
    """{measure id: Assessment} of `measures` in `period` rated afresh by the core from the
    stored figures of `statuses` (in every period involved) and the stored targets: an oracle
    written apart from `measures.shown`, for tests that check what pages show."""
    from yardstick.measures.assessment import assess_one, periods_like, related_periods

    measures = list(measures)
    previous, last_year = related_periods(period, periods_like(period))
    wanted = [p.id for p in (period, previous, last_year) if p is not None]
    ids = [measure.id for measure in measures]
    figures = {
        (f.measure_id, f.period_id): f
        for f in Figure.objects.filter(
            measure_id__in=ids, period_id__in=wanted, status__in=list(statuses)
        )
    }
    targets = {
        (t.measure_id, t.period_id): t
        for t in Target.objects.filter(measure_id__in=ids, period_id__in=wanted)
    }
    return {
        measure.id: assess_one(measure, period, previous, last_year, figures, targets)
        for measure in measures
    }
