"""Setting a council's own key (docs/keys.md): the organisation's, or one measure's where it
differs. Every door (the keys page, its upload, the admin) goes through here, so every door
refuses a bad key file with the same words as `yardstick rate --key`: 'line N: reason'.
Changing a key never changes a kept rating (`ReportedRating` keeps its band and scheme)."""

from __future__ import annotations

from django.db import transaction

from yardstick.core.keys import MAX_TEXT, KeyFileError, read_key
from yardstick.measures.models import Measure, RatingKey
from yardstick.measures.services import change_reason


class KeyRefused(Exception):
    """A key that cannot be set; the message says why ('line 8: the bands are out of order')."""


def key_problems(text: str) -> list[str]:
    """Why ``text`` is not a usable key file, as 'line N: reason'; [] when it is."""
    try:
        read_key(text)
    except KeyFileError as error:
        return [str(error)]
    return []


def read_uploaded_key(data: bytes) -> str:
    """An uploaded key file's text; KeyRefused when it is too long or not UTF-8."""
    if len(data) > MAX_TEXT * 4:
        raise KeyRefused(f"line 1: a key file is at most {MAX_TEXT:,} characters")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise KeyRefused(f"line 1: not UTF-8 text (byte {error.start})") from None


@transaction.atomic
def set_rating_key(organisation, text: str, acting_user, measure: Measure | None = None):
    """Set the organisation's key (or ``measure``'s own) to the key file ``text``, audited.
    KeyRefused, saying the line and the reason, for a file that cannot be used."""
    problems = key_problems(text)
    if problems:
        raise KeyRefused(" ".join(problems))
    if measure is not None and measure.organisation_id != organisation.pk:
        raise KeyRefused("The measure belongs to another organisation.")
    key = read_key(text)
    row = RatingKey.objects.filter(organisation=organisation, measure=measure).first()
    row = row or RatingKey(organisation=organisation, measure=measure)
    row.name, row.text = key.name, text
    row._history_user = acting_user
    whose = f"{measure.code}'s own key" if measure is not None else "The organisation's key"
    row._change_reason = change_reason(f"{whose} set to '{key.name}'")
    row.save()
    return row


@transaction.atomic
def remove_rating_key(row: RatingKey, acting_user) -> None:
    """Remove a key: the measure (or the organisation) is rated by its scheme again."""
    row._history_user = acting_user
    row._change_reason = change_reason(f"Key '{row.name}' removed")
    row.delete()
