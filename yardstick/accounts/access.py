"""Who may see and do what. Every view, the admin and the API ask this module; nothing else
decides.

Roles (Membership rows) are held per organisation:

- the performance team: everything in its organisation;
- a measure owner: enters and submits figures for the measures they own or are delegated
  (Measure.owner, Measure.delegates), and for every measure of the unit they own for (its
  directorate and every unit under it) or the partnership named on the membership;
- an approver: signs off the figures of a unit (and the units under it) or a partnership;
- a councillor: reads everything approved or published, internal pages included.

Owners and approvers see drafts and submitted figures only of the measures they enter or
approve; elsewhere they read what a councillor reads. Being named a measure's owner or
delegate makes someone an internal reader even without a membership.

The public is anyone not signed in (or signed in with no role): published figures only,
and only on the public pages (a signed-in person with no role may read the reports of
published periods, with their published figures). People of one organisation never see
another's data: a person acts only in their own organisation (User.organisation), and every
lookup by URL is filtered by it, so a row of another organisation is "not found", never
"forbidden".

The administration, the import and the export pages are the performance team's (a superuser,
who runs the deployment, acts as any organisation's performance team). Django's staff flag
decides nothing: `may_administer` is what the admin site and the import pages ask.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404

from yardstick.accounts.models import Membership, Role
from yardstick.organisations.models import OrganisationUnit


class Sight(StrEnum):
    """How much of a measure's figures someone may see (the measures app turns this into
    figure statuses)."""

    PUBLISHED = "published"  # the public: published figures only
    SIGNED_OFF = "signed_off"  # internal readers: figures signed off, and published
    EVERYTHING = "everything"  # those who enter or sign off: drafts and submitted figures too


class Action(StrEnum):
    """What someone asks to do with a measure (see `require_measure_access`)."""

    READ = "read"  # the internal measure page, approved and published figures
    SEE_DRAFTS = "see_drafts"  # drafts and submitted figures too
    ENTER = "enter"  # enter, change and submit a figure
    APPROVE = "approve"  # sign off or return a submitted figure


@dataclass(frozen=True)
class Access:
    """What one person may do in one organisation, loaded once per request."""

    organisation_id: int | None
    roles: frozenset[str] = frozenset()
    owner_units: frozenset[int] = frozenset()
    approver_units: frozenset[int] = frozenset()
    owner_partnerships: frozenset[int] = frozenset()
    approver_partnerships: frozenset[int] = frozenset()
    entered_measures: frozenset[int] = frozenset()  # measures owned or delegated by name
    user_id: int | None = None
    unit_parents: dict = field(default_factory=dict)  # unit id -> parent id, for scoping

    @property
    def is_performance_team(self) -> bool:
        return Role.PERFORMANCE_TEAM in self.roles

    @property
    def is_internal_reader(self) -> bool:
        """Performance team, owners, approvers, councillors, and anyone named as a
        measure's owner or delegate, read the internal pages of their organisation."""
        return self.organisation_id is not None and bool(self.roles or self.entered_measures)

    def reads_internally(self, organisation_id: int) -> bool:
        """Whether this person reads `organisation_id`'s internal pages, and so sees what is
        kept off the public site ("not for publication"); everyone else is the public."""
        return self.organisation_id == organisation_id and self.is_internal_reader

    def within(self, unit_id: int | None, scope: frozenset[int]) -> bool:
        """Whether `unit_id` is one of `scope` or under one of them."""
        seen = set()
        while unit_id is not None and unit_id not in seen:
            if unit_id in scope:
                return True
            seen.add(unit_id)
            unit_id = self.unit_parents.get(unit_id)
        return False

    def same_organisation(self, measure) -> bool:
        return self.organisation_id is not None and measure.organisation_id == self.organisation_id

    def can_read(self, measure) -> bool:
        """Read the internal page of `measure` (approved and published figures)."""
        return self.same_organisation(measure) and self.is_internal_reader

    def can_enter(self, measure) -> bool:
        """Enter and submit figures: the performance team, the measure's owner or delegates,
        and owners of its unit (or of its partnership)."""
        if not self.same_organisation(measure):
            return False
        if self.is_performance_team:
            return True
        if measure.pk in self.entered_measures or (
            self.user_id is not None and measure.owner_id == self.user_id
        ):
            return True
        return Role.OWNER in self.roles and (
            self.within(measure.unit_id, self.owner_units)
            or (
                measure.partnership_id is not None
                and measure.partnership_id in self.owner_partnerships
            )
        )

    def can_approve(self, measure) -> bool:
        """Sign off figures: the performance team, and approvers of the measure's unit (or a
        unit above it) or partnership."""
        if not self.same_organisation(measure):
            return False
        if self.is_performance_team:
            return True
        return Role.APPROVER in self.roles and (
            self.within(measure.unit_id, self.approver_units)
            or (
                measure.partnership_id is not None
                and measure.partnership_id in self.approver_partnerships
            )
        )

    def can_see_drafts_of(self, measure) -> bool:
        return self.can_enter(measure) or self.can_approve(measure)

    def can(self, action: Action | str, measure) -> bool:
        return {
            Action.READ: self.can_read,
            Action.SEE_DRAFTS: self.can_see_drafts_of,
            Action.ENTER: self.can_enter,
            Action.APPROVE: self.can_approve,
        }[Action(action)](measure)

    def sight(self, measure=None) -> Sight:
        """How much of the figures this person may see: everything for measures they enter
        or approve (everywhere for the performance team), figures signed off for other
        internal readers, published figures for the public."""
        if self.is_performance_team:
            return Sight.EVERYTHING
        if measure is not None and self.can_see_drafts_of(measure):
            return Sight.EVERYTHING
        if self.is_internal_reader:
            return Sight.SIGNED_OFF
        return Sight.PUBLISHED


ANONYMOUS = Access(organisation_id=None)


def performance_team_of(organisation_id: int) -> Access:
    """The performance team's sight of an organisation, for commands run on its behalf."""
    return Access(organisation_id=organisation_id, roles=frozenset({Role.PERFORMANCE_TEAM}))


def board(organisation_id: int) -> Access:
    """What a board is shown: the figures signed off, nothing else. The sight with which a
    period's ratings are kept when it is published, and a command-line report's reader."""
    return Access(organisation_id=organisation_id, roles=frozenset({Role.COUNCILLOR}))


def runs_the_deployment(user) -> bool:
    """Whether `user` is an active superuser: the performance team of every organisation,
    who may choose which organisation to act in and sees every organisation in the admin."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def may_administer(user, organisation_id: int | None = None) -> bool:
    """Whether `user` may use the administration and the import and export pages (of
    `organisation_id`, or of their own organisation when None): its performance team, or a
    superuser. A staff flag alone gives nothing; model permissions then narrow what the
    administration lets them change."""
    if runs_the_deployment(user):
        return True
    return access_for(user, organisation_id).is_performance_team


def sees_every_organisation(user) -> bool:
    """Whether the administration shows `user` every organisation's rows (a superuser), not
    only their own organisation's."""
    return runs_the_deployment(user)


def access_for(user, organisation_id: int | None = None) -> Access:
    """The Access of `user` in `organisation_id` (their own organisation when None).

    Someone asking about an organisation that is not their own gets the public's access:
    roles are only ever held in one's own organisation. A superuser (who runs the
    deployment) is the performance team of any organisation. Three queries, cached on the
    user object for the request.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    organisation_id = organisation_id or user.organisation_id
    superuser = runs_the_deployment(user)
    if organisation_id is None or (organisation_id != user.organisation_id and not superuser):
        return ANONYMOUS
    cache = getattr(user, "_yardstick_access", None)
    if cache is None:
        cache = {}
        user._yardstick_access = cache
    if organisation_id in cache:
        return cache[organisation_id]
    memberships, parents, entered = _what_is_held(user.pk, organisation_id)
    roles = frozenset(role for role, _, _ in memberships)
    if superuser:
        roles = roles | {Role.PERFORMANCE_TEAM}

    def scoped(role: str, position: int) -> frozenset[int]:
        return frozenset(
            held[position] for held in memberships if held[0] == role and held[position]
        )

    access = Access(
        organisation_id=organisation_id,
        roles=roles,
        owner_units=scoped(Role.OWNER, 1),
        approver_units=scoped(Role.APPROVER, 1),
        owner_partnerships=scoped(Role.OWNER, 2),
        approver_partnerships=scoped(Role.APPROVER, 2),
        entered_measures=frozenset(entered),
        user_id=user.pk,
        unit_parents=parents,
    )
    cache[organisation_id] = access
    return access


# What access_for reads, in one statement: it runs on every signed-in request, where the ORM
# compiling three queries cost more than the database answering them (about 3 ms of a page's
# 10 ms fixed cost, benchmarks/README.md). Each row is (what, a, b, c):
#   1, role, unit id, partnership id   a membership of the person in the organisation
#   2, '',   unit id, parent unit id   a unit of the organisation, for scoping
#   3, '',   measure id, null          a measure the person owns or is delegated, by name
# Table and column names come from the models, so a renamed table is followed.
@cache
def _held_sql() -> str:
    quote = connection.ops.quote_name
    user_model = get_user_model()
    measure = user_model._meta.get_field("measures_owned").related_model
    through = measure._meta.get_field("delegates").remote_field.through
    to_measure = through._meta.get_field(measure._meta.model_name).column
    to_user = through._meta.get_field(user_model._meta.model_name).column

    def table(model) -> str:
        return quote(model._meta.db_table)

    def column(model, name: str) -> str:
        return quote(model._meta.get_field(name).column)

    return (
        f"SELECT 1, {column(Membership, 'role')}, {column(Membership, 'unit')}, "
        f"{column(Membership, 'partnership')} FROM {table(Membership)} "
        f"WHERE {column(Membership, 'user')} = %(user)s "
        f"AND {column(Membership, 'organisation')} = %(organisation)s "
        f"UNION ALL SELECT 2, '', {column(OrganisationUnit, 'id')}, "
        f"{column(OrganisationUnit, 'parent')} "
        f"FROM {table(OrganisationUnit)} "
        f"WHERE {column(OrganisationUnit, 'organisation')} = %(organisation)s "
        f"UNION ALL SELECT 3, '', {column(measure, 'id')}, NULL FROM {table(measure)} "
        f"WHERE {column(measure, 'owner')} = %(user)s "
        f"AND {column(measure, 'organisation')} = %(organisation)s "
        f"UNION ALL SELECT 3, '', d.{quote(to_measure)}, NULL FROM {table(through)} d "
        f"JOIN {table(measure)} m ON m.{column(measure, 'id')} = d.{quote(to_measure)} "
        f"WHERE d.{quote(to_user)} = %(user)s "
        f"AND m.{column(measure, 'organisation')} = %(organisation)s"
    )


def _what_is_held(user_id: int, organisation_id: int):
    """The person's memberships in the organisation as (role, unit id, partnership id), its
    units' parents, and the ids of the measures they own or are delegated: one query."""
    memberships, parents, entered = [], {}, set()
    with connection.cursor() as cursor:
        cursor.execute(_held_sql(), {"user": user_id, "organisation": organisation_id})
        for what, role, first, second in cursor.fetchall():
            if what == 1:
                memberships.append((role, first, second))
            elif what == 2:
                parents[first] = second
            else:
                entered.add(first)
    return memberships, parents, entered


def require_measure_access(request, measure, action: Action | str = Action.READ) -> None:
    """Refuse the request unless its person may do `action` with `measure`.

    A measure of another organisation is not found (404), so its existence is not told;
    a measure of one's own organisation one may not act on is forbidden (403)."""
    access = getattr(request, "access", None) or access_for(request.user)
    if not access.same_organisation(measure):
        raise Http404("There is no such measure.")
    if not access.can(action, measure):
        wanted = Action(action).value.replace("_", " ")
        raise PermissionDenied(f"You may not {wanted} this measure.")


def role_required(*roles: str) -> Callable:
    """A view decorator: signed-in people holding one of `roles` (any role when none given).
    Others signed in get 403; the public is sent to sign in. Sets `request.access`."""

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


def administration_required(view):
    """A view decorator for the import and export pages: the performance team of the person's
    organisation, or a superuser (see `may_administer`). Others signed in get 403, whatever
    their staff flag; the public is sent to sign in. The view still checks the organisation it
    acts in with `may_administer(user, organisation_id)`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_administer(request.user):
            raise PermissionDenied("Only the performance team may import and export.")
        return view(request, *args, **kwargs)

    return wrapped


def internal_reader_required(view):
    return role_required()(view)


def performance_team_required(view):
    return role_required(Role.PERFORMANCE_TEAM)(view)
