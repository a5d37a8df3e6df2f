"""accounts.access: who may read, enter, approve and see drafts, by role, unit and
organisation."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from tests.factories import MeasureFactory
from yardstick.accounts.access import (
    ANONYMOUS,
    Action,
    Sight,
    access_for,
    require_measure_access,
)
from yardstick.accounts.models import Role
from yardstick.accounts.tests.conftest import person

pytestmark = pytest.mark.django_db


def test_an_owner_enters_figures_for_every_unit_under_their_directorate(owner_a, measure_a):
    access = access_for(owner_a)
    assert access.can_enter(measure_a)
    assert access.sight(measure_a) == Sight.EVERYTHING


def test_an_owner_cannot_enter_or_see_drafts_of_another_directorate(owner_a, measure_b):
    access = access_for(owner_a)
    assert not access.can_enter(measure_b)
    assert not access.can_see_drafts_of(measure_b)
    assert access.can_read(measure_b)
    assert access.sight(measure_b) == Sight.SIGNED_OFF


def test_a_named_owner_or_delegate_enters_figures_without_a_membership(council, measure_b):
    named = person("nia", council)
    delegate = person("dev", council)
    measure_b.owner = named
    measure_b.save()
    measure_b.delegates.add(delegate)
    assert access_for(named).can_enter(measure_b)
    assert access_for(delegate).can_enter(measure_b)
    assert access_for(delegate).can_see_drafts_of(measure_b)
    assert access_for(delegate).is_internal_reader


def test_an_approver_signs_off_their_directorate_only(approver_a, measure_a, measure_b):
    access = access_for(approver_a)
    assert access.can_approve(measure_a)
    assert not access.can_approve(measure_b)
    assert not access.can_enter(measure_a)


def test_a_partnership_role_gives_only_that_roles_rights(council, units):
    measure = MeasureFactory(organisation=council, partnership=units.partnership)
    partner_owner = person("pam", council, Role.OWNER, partnership=units.partnership)
    partner_approver = person("pat", council, Role.APPROVER, partnership=units.partnership)
    assert access_for(partner_owner).can_enter(measure)
    assert not access_for(partner_owner).can_approve(measure)
    assert access_for(partner_approver).can_approve(measure)
    assert not access_for(partner_approver).can_enter(measure)


def test_a_councillor_reads_approved_and_published_figures_and_changes_nothing(
    councillor, measure_a
):
    access = access_for(councillor)
    assert access.is_internal_reader
    assert access.can_read(measure_a)
    assert not access.can_enter(measure_a)
    assert not access.can_approve(measure_a)
    assert access.sight(measure_a) == Sight.SIGNED_OFF


def test_the_performance_team_does_everything_in_its_organisation(team_member, measure_a):
    access = access_for(team_member)
    assert access.can_enter(measure_a) and access.can_approve(measure_a)
    assert access.sight() == Sight.EVERYTHING


def test_nobody_acts_on_another_organisations_measure(outsider, measure_a):
    access = access_for(outsider)
    for action in Action:
        assert not access.can(action, measure_a)


def test_roles_are_only_held_in_ones_own_organisation(team_member, other_council):
    assert access_for(team_member, other_council.id) is ANONYMOUS


def test_a_superuser_is_the_performance_team_of_any_organisation(council, other_council):
    superuser = person("root", None)
    superuser.is_superuser = True
    superuser.save()
    assert access_for(superuser, other_council.id).is_performance_team
    assert access_for(superuser, council.id).is_performance_team


def test_someone_without_a_role_reads_as_the_public(council, measure_a):
    nobody = person("nobody", council)
    access = access_for(nobody)
    assert not access.is_internal_reader
    assert access.sight(measure_a) == Sight.PUBLISHED
    assert access_for(None) is ANONYMOUS


def test_an_inactive_account_has_no_access(team_member):
    team_member.is_active = False
    assert access_for(team_member) is ANONYMOUS


def test_access_is_loaded_once_per_user_object(owner_a, django_assert_num_queries):
    access_for(owner_a)
    with django_assert_num_queries(0):
        access_for(owner_a)


def test_require_measure_access_forbids_and_hides(owner_a, measure_a, measure_b, outsider):
    request = RequestFactory().get("/")
    request.user = owner_a
    require_measure_access(request, measure_a, Action.ENTER)
    require_measure_access(request, measure_b, Action.READ)
    with pytest.raises(PermissionDenied):
        require_measure_access(request, measure_b, Action.ENTER)
    request.user = outsider
    with pytest.raises(Http404):
        require_measure_access(request, measure_a, Action.READ)
