"""Who may see and do what. Every view and the API ask these functions; nothing else decides.

Roles (Membership rows) are held per organisation; owners and approvers are scoped to an
organisation unit (and every unit under it) or a partnership. The public is anyone not
signed in: published figures only. People of one organisation never see another's data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from yardstick.accounts.models import Membership, Role
from yardstick.measures.models import FigureStatus, Measure

PUBLIC_STATUSES = frozenset({FigureStatus.PUBLISHED})
READER_STATUSES = frozenset({FigureStatus.APPROVED, FigureStatus.PUBLISHED})
ALL_STATUSES = frozenset(FigureStatus.values)


@dataclass(frozen=True)
class Access:
    """What one person may do in one organisation, loaded once per request."""

    organisation_id: int | None
    roles: frozenset[str] = frozenset()
    owner_units: frozenset[int] = frozenset()
    approver_units: frozenset[int] = frozenset()
    partnerships: frozenset[int] = frozenset()
    user_id: int | None = None
    unit_parents: dict = field(default_factory=dict)  # unit id -> parent id, for scoping

    @property
    def is_performance_team(self) -> bool:
        return Role.PERFORMANCE_TEAM in self.roles

    @property
    def is_internal_reader(self) -> bool:
        """Performance team, owners, approvers and councillors read internal pages."""
        return bool(self.roles)

    def within(self, unit_id: int | None, scope: frozenset[int]) -> bool:
        seen = set()
        while unit_id is not None and unit_id not in seen:
            if unit_id in scope:
                return True
            seen.add(unit_id)
            unit_id = self.unit_parents.get(unit_id)
        return False

    def same_organisation(self, measure: Measure) -> bool:
        return self.organisation_id is not None and measure.organisation_id == self.organisation_id

    def can_enter(self, measure: Measure, delegate_ids: frozenset[int] = frozenset()) -> bool:
        """Enter and submit figures: the performance team, the measure's owner or delegates,
        and owners of its unit."""
        if not self.same_organisation(measure):
            return False
        if self.is_performance_team:
            return True
        if self.user_id is not None and (
            measure.owner_id == self.user_id or self.user_id in delegate_ids
        ):
            return True
        return Role.OWNER in self.roles and (
            self.within(measure.unit_id, self.owner_units)
            or (measure.partnership_id is not None and measure.partnership_id in self.partnerships)
        )

    def can_approve(self, measure: Measure) -> bool:
        if not self.same_organisation(measure):
            return False
        if self.is_performance_team:
            return True
        return Role.APPROVER in self.roles and (
            self.within(measure.unit_id, self.approver_units)
            or (measure.partnership_id is not None and measure.partnership_id in self.partnerships)
        )

    def can_see_drafts_of(self, measure: Measure) -> bool:
        return self.can_enter(measure) or self.can_approve(measure)

    def statuses_for(self, measure: Measure | None = None) -> frozenset[str]:
        """Figure statuses this person may see: all for measures they enter or approve,
        approved and published for other internal readers, published for the public."""
        if measure is not None and self.can_see_drafts_of(measure):
            return ALL_STATUSES
        if self.is_performance_team:
            return ALL_STATUSES
        if self.is_internal_reader:
            return READER_STATUSES
        return PUBLIC_STATUSES


ANONYMOUS = Access(organisation_id=None)


def access_for(user, organisation_id: int | None = None) -> Access:
    """The Access of `user` in their organisation (two queries; cached on the user)."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_yardstick_access", None)
    if cached is not None:
        return cached
    from yardstick.organisations.models import OrganisationUnit

    organisation_id = organisation_id or user.organisation_id
    memberships = list(Membership.objects.filter(user=user, organisation_id=organisation_id))
    roles = frozenset(m.role for m in memberships)
    if user.is_superuser and organisation_id is not None:
        roles = roles | {Role.PERFORMANCE_TEAM}
    parents = dict(
        OrganisationUnit.objects.filter(organisation_id=organisation_id).values_list(
            "id", "parent_id"
        )
    )
    access = Access(
        organisation_id=organisation_id,
        roles=roles,
        owner_units=frozenset(m.unit_id for m in memberships if m.role == Role.OWNER and m.unit_id),
        approver_units=frozenset(
            m.unit_id for m in memberships if m.role == Role.APPROVER and m.unit_id
        ),
        partnerships=frozenset(m.partnership_id for m in memberships if m.partnership_id),
        user_id=user.pk,
        unit_parents=parents,
    )
    user._yardstick_access = access
    return access


def role_required(*roles: str) -> Callable:
    """A view decorator: signed-in people holding one of `roles` (any role when none given).
    Others signed in get 403; the public is sent to sign in."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = access_for(request.user)
            if roles and not (access.roles & set(roles)):
                raise PermissionDenied("Your role does not allow this page.")
            if not roles and not access.is_internal_reader:
                raise PermissionDenied("You need a role in this organisation to see this page.")
            request.access = access
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def internal_reader_required(view):
    return role_required()(view)


def performance_team_required(view):
    return role_required(Role.PERFORMANCE_TEAM)(view)
