from yardstick.accounts import two_factor
from yardstick.accounts.access import ANONYMOUS, access_for, may_administer
from yardstick.accounts.models import Role


def organisation(request) -> dict:
    """The organisation a page is about (its notice banner) and what the navigation offers:
    the signed-in person's organisation and roles, or the one a public page names (set by
    that view as request.organisation)."""
    current = getattr(request, "organisation", None)
    user = getattr(request, "user", None)
    access = ANONYMOUS
    administers = False
    owes_second_factor = two_factor.owes(request)
    if user is not None and user.is_authenticated and not owes_second_factor:
        access = access_for(user)
        administers = may_administer(user)
        if current is None:
            current = user.organisation
    roles = access.roles
    return {
        "current_organisation": current,
        "nav": {
            "reader": access.is_internal_reader,
            "returns": bool(roles & {Role.OWNER, Role.PERFORMANCE_TEAM}),
            "sign_off": bool(roles & {Role.APPROVER, Role.PERFORMANCE_TEAM}),
            "team": access.is_performance_team,
            "administration": administers,  # import and export, and the admin
            "account": not owes_second_factor,  # the account's own pages
        },
    }
