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
