"""OrganisationScopedAdmin: staff see and change only their own organisation's rows."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from tests.factories import MeasureFactory, UserFactory, period
from yardstick.admin_base import OrganisationScopedAdmin
from yardstick.measures.models import Figure, Measure

pytestmark = pytest.mark.django_db


class ScopedMeasureAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    pass


class ScopedFigureAdmin(OrganisationScopedAdmin, admin.ModelAdmin):
    organisation_path = "measure__organisation"


def request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.fixture
def measures(council, other_council):
    return MeasureFactory(organisation=council), MeasureFactory(organisation=other_council)


def test_staff_see_only_their_organisations_rows(council, measures):
    ours, _theirs = measures
    staff = UserFactory(organisation=council, is_staff=True, password="!")
    model_admin = ScopedMeasureAdmin(Measure, admin.site)
    assert list(model_admin.get_queryset(request_for(staff))) == [ours]


def test_rows_reached_through_a_relation_are_scoped_too(council, other_council, measures):
    _ours, theirs = measures
    for measure in measures:
        Figure.objects.create(measure=measure, period=period(measure.organisation, "2018-19 Q1"))
    staff = UserFactory(organisation=other_council, is_staff=True, password="!")
    shown = ScopedFigureAdmin(Figure, admin.site).get_queryset(request_for(staff))
    assert [figure.measure for figure in shown] == [theirs]


def test_a_superuser_sees_every_organisation(measures):
    root = UserFactory(organisation=None, is_staff=True, is_superuser=True, password="!")
    model_admin = ScopedMeasureAdmin(Measure, admin.site)
    assert set(model_admin.get_queryset(request_for(root))) == set(measures)


def test_staff_with_no_organisation_see_nothing(measures):
    staff = UserFactory(organisation=None, is_staff=True, password="!")
    assert not ScopedMeasureAdmin(Measure, admin.site).get_queryset(request_for(staff)).exists()


def test_selects_offer_only_the_organisations_own_rows(council, other_council):
    staff = UserFactory(organisation=council, is_staff=True, password="!")
    colleague = UserFactory(organisation=council, password="!")
    stranger = UserFactory(organisation=other_council, password="!")
    model_admin = ScopedMeasureAdmin(Measure, admin.site)
    request = request_for(staff)
    owner = model_admin.formfield_for_foreignkey(Measure._meta.get_field("owner"), request)
    assert colleague in owner.queryset and stranger not in owner.queryset
    organisation = model_admin.formfield_for_foreignkey(
        Measure._meta.get_field("organisation"), request
    )
    assert list(organisation.queryset) == [council]
