"""The bounds every door applies to what a person types for the registers beside the
figures (meetings, actions agreed, scrutiny, risks, packs): days no earlier than 2000 nor
more than ten years ahead, text within its limit. One home, raised as `Refused` with the
form field it is about; `meetings.MeetingRefused` and `risks.RiskRefused` are this class."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

EARLIEST = date(2000, 1, 1)  # nothing a council records today happened before this
YEARS_AHEAD = 10  # nor is planned further ahead than this
TEXT_LIMIT = 2000  # a paragraph, as the seeds' action logs and registers have


class Refused(Exception):
    """A write the rules refuse: `field` names the form field it is about ("" for none)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def latest_allowed(today: date | None = None) -> date:
    """The latest day anything may be planned for: YEARS_AHEAD years from today."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February, in a year that has none
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def check_day(day: date | None, field: str, what: str, today: date | None = None) -> date:
    """`day`, if it is given, on or after 1 January 2000 and within YEARS_AHEAD years."""
    if day is None:
        raise Refused(f"Enter {what[0].lower()}{what[1:]}.", field)
    if day < EARLIEST:
        raise Refused(f"{what} must be on or after 1 January 2000.", field)
    latest = latest_allowed(today)
    if day > latest:
        raise Refused(
            f"{what} must be within {YEARS_AHEAD} years of today, by {latest:%-d %B %Y}.", field
        )
    return day


def check_text(text: str, field: str, what: str, limit: int = TEXT_LIMIT) -> str:
    """Text that must be given, within `limit` characters, without its outer spaces."""
    text = (text or "").strip()
    if not text:
        raise Refused(f"Enter {what}.", field)
    return check_optional(text, field, what, limit)


def check_optional(text: str, field: str, what: str, limit: int = TEXT_LIMIT) -> str:
    """Text that may be left empty, within `limit` characters."""
    text = (text or "").strip()
    if len(text) > limit:
        raise Refused(
            f"{what[0].upper()}{what[1:]} must be {limit:,} characters or fewer; it has "
            f"{len(text):,}.",
            field,
        )
    return text
