"""What the test provider tells about a person: e-mail (verified or not) and name."""

UNVERIFIED_GROUP = "unverified-email"


def userinfo(claims: dict, user) -> dict:
    claims["email"] = user.email
    claims["email_verified"] = not user.groups.filter(name=UNVERIFIED_GROUP).exists()
    claims["name"] = user.get_full_name() or user.username
    claims["preferred_username"] = user.username
    return claims
