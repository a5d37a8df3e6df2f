def organisation(request) -> dict:
    """The signed-in person's organisation (for its notice banner), or the one a public page
    is about (set by that view as request.organisation)."""
    current = getattr(request, "organisation", None)
    user = getattr(request, "user", None)
    if current is None and user is not None and user.is_authenticated:
        current = user.organisation
    return {"current_organisation": current}
