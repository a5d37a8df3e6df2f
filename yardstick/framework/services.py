"""Changes to the framework: its reporting periods.

Each function is one state change in one transaction, takes the acting user and leaves
its audit trail (django-simple-history rows, with a change reason) in the same transaction.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from yardstick.accounts.access import Access, access_for
from yardstick.core import periods as core_periods
from yardstick.framework.models import (
    MEANING_LENGTH,
    NARRATIVE_LENGTH,
    TERM_LENGTH,
    Abbreviation,
    Introduction,
    Narrative,
    NarrativeState,
    Period,
    Theme,
    ThemeSummary,
)
from yardstick.logs import log_event
from yardstick.organisations.models import Organisation


class FrameworkError(Exception):
    """A change the framework refuses, with a reason for a person."""


def period_for(organisation: Organisation, key_or_label: str) -> Period:
    """The organisation's period for a key or label ("2018-19 Q2", "Q2 2018/19"), created
    when it does not exist yet."""
    core = core_periods.parse_period(key_or_label, organisation.financial_year_start_month)
    return ensure_period(organisation, core)


def ensure_period(organisation: Organisation, core: core_periods.Period) -> Period:
    period, _ = Period.objects.get_or_create(
        organisation=organisation,
        key=core.key,
        defaults={"type": core.type, "start": core.start, "end": core.end, "label": core.label},
    )
    return period


# --- the report's written text: introduction, achievements, glossary ---------------------
#
# The performance team writes a period's introduction and summary of achievements; a theme's
# lead officer (or the team) writes the theme's achievements. Each is a draft until submitted;
# the team signs it off, and a published report prints signed-off text only. Changing the
# text makes it a draft again. A published period's text is locked, as its figures are.


class NarrativeRefused(Exception):
    """Text the rules refuse: `problems` maps a field to what to put right."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def can_write_introduction(access: Access, period: Period) -> bool:
    return access.organisation_id == period.organisation_id and access.is_performance_team


def can_write_achievements(access: Access, theme: Theme) -> bool:
    """The performance team, and the theme's lead officer."""
    if access.organisation_id != theme.plan.organisation_id:
        return False
    return access.is_performance_team or (
        access.user_id is not None and theme.lead_officer_id == access.user_id
    )


def can_sign_off(access: Access, period: Period) -> bool:
    return can_write_introduction(access, period)


def _length(field: str, text: str, what: str) -> dict[str, str]:
    if len(text) > NARRATIVE_LENGTH:
        return {field: f"{what} is {len(text):,} characters: the most is {NARRATIVE_LENGTH:,}."}
    return {}


def _unlocked(period: Period) -> Period:
    locked = Period.objects.select_for_update().get(pk=period.pk)
    if locked.is_published:
        raise NarrativeRefused(
            {"__all__": f"{locked.label} is published: its report's text is as the board read it."}
        )
    return locked


def _record(item: Narrative, acting_user, reason: str) -> None:
    item._history_user = acting_user
    item._change_reason = reason  # short, fixed words
    item.save()


def _clean(text: str) -> str:
    return "\n".join(line.rstrip() for line in (text or "").strip().splitlines())


@transaction.atomic
def save_introduction(period: Period, introduction: str, summary: str, acting_user) -> Introduction:
    """Write the period's introduction and summary of achievements: a draft again."""
    if not can_write_introduction(access_for(acting_user, period.organisation_id), period):
        raise PermissionDenied("Only the performance team writes the report's introduction.")
    introduction, summary = _clean(introduction), _clean(summary)
    problems = {
        **_length("introduction", introduction, "The introduction"),
        **_length("summary", summary, "The summary of achievements"),
    }
    if problems:
        raise NarrativeRefused(problems)
    _unlocked(period)
    item = Introduction.objects.filter(period=period).first() or Introduction(period=period)
    if item.pk is None or (item.introduction, item.summary) != (introduction, summary):
        item.introduction, item.summary = introduction, summary
        item.state = NarrativeState.DRAFT
        _record(item, acting_user, "Introduction written")
        log_event("introduction_written", period=period.label, by=acting_user.username)
    return item


@transaction.atomic
def save_achievements(theme: Theme, period: Period, text: str, acting_user) -> ThemeSummary:
    """Write a theme's achievements in the period: a draft again."""
    if not can_write_achievements(access_for(acting_user, period.organisation_id), theme):
        raise PermissionDenied("Only the theme's lead officer or the performance team may.")
    text = _clean(text)
    problems = _length("achievements", text, "The achievements")
    if problems:
        raise NarrativeRefused(problems)
    _unlocked(period)
    item = ThemeSummary.objects.filter(theme=theme, period=period).first() or ThemeSummary(
        theme=theme, period=period
    )
    if item.pk is None or item.achievements != text:
        item.achievements = text
        item.state = NarrativeState.DRAFT
        _record(item, acting_user, "Achievements written")
        log_event("achievements_written", theme=theme.code, period=period.label)
    return item


def _may_write(acting_user, item: Narrative) -> bool:
    access = access_for(acting_user, item.period.organisation_id)
    if isinstance(item, ThemeSummary):
        return can_write_achievements(access, item.theme)
    return can_write_introduction(access, item.period)


@transaction.atomic
def submit_narrative(item: Narrative, acting_user) -> Narrative:
    """Ask the performance team to sign the text off."""
    if not _may_write(acting_user, item):
        raise PermissionDenied("You may not submit this text.")
    _unlocked(item.period)
    if not item.text.strip():
        raise NarrativeRefused({"__all__": "Write the text before submitting it."})
    if item.state == NarrativeState.DRAFT:
        item.state = NarrativeState.SUBMITTED
        item.submitted_by, item.submitted_at = acting_user, timezone.now()
        _record(item, acting_user, "Submitted for sign-off")
    return item


@transaction.atomic
def sign_off_narrative(item: Narrative, acting_user) -> Narrative:
    """The performance team signs the text off: a published report prints it."""
    if not can_sign_off(access_for(acting_user, item.period.organisation_id), item.period):
        raise PermissionDenied("Only the performance team signs off the report's text.")
    _unlocked(item.period)
    if not item.text.strip():
        raise NarrativeRefused({"__all__": "There is no text to sign off."})
    if item.state != NarrativeState.SIGNED_OFF:
        item.state = NarrativeState.SIGNED_OFF
        item.signed_off_by, item.signed_off_at = acting_user, timezone.now()
        _record(item, acting_user, "Signed off")
        log_event("narrative_signed_off", item=str(item), by=acting_user.username)
    return item


@transaction.atomic
def return_narrative(item: Narrative, acting_user) -> Narrative:
    """The performance team sends submitted or signed-off text back to draft."""
    if not can_sign_off(access_for(acting_user, item.period.organisation_id), item.period):
        raise PermissionDenied("Only the performance team returns the report's text.")
    _unlocked(item.period)
    if item.state != NarrativeState.DRAFT:
        item.state = NarrativeState.DRAFT
        _record(item, acting_user, "Returned to draft")
    return item


_TERM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9&/.\-]*$")


@transaction.atomic
def save_abbreviation(
    organisation_id: int, term: str, meaning: str, acting_user, *, abbreviation=None
) -> Abbreviation:
    """Add a term to the organisation's glossary, or change one (`abbreviation`)."""
    if not access_for(acting_user, organisation_id).is_performance_team:
        raise PermissionDenied("Only the performance team keeps the glossary.")
    if abbreviation is not None and abbreviation.organisation_id != organisation_id:
        raise PermissionDenied("That term is another organisation's.")
    term, meaning = (term or "").strip(), " ".join((meaning or "").split())
    problems = {}
    if not term:
        problems["term"] = "Enter the abbreviation, e.g. MASH."
    elif len(term) > TERM_LENGTH or not _TERM.match(term):
        problems["term"] = (
            f"An abbreviation is one word of up to {TERM_LENGTH} letters and digits "
            "(with & / . or -), e.g. MASH."
        )
    if not meaning:
        problems["meaning"] = "Enter what it stands for."
    elif len(meaning) > MEANING_LENGTH:
        problems["meaning"] = f"The meaning can be at most {MEANING_LENGTH} characters."
    taken = Abbreviation.objects.filter(organisation_id=organisation_id, term=term)
    if abbreviation is not None:
        taken = taken.exclude(pk=abbreviation.pk)
    if term and "term" not in problems and taken.exists():
        problems["term"] = f"{term} is in the glossary already."
    if problems:
        raise NarrativeRefused(problems)
    item = abbreviation or Abbreviation(organisation_id=organisation_id)
    item.term, item.meaning = term, meaning
    item._history_user = acting_user
    item._change_reason = "Glossary changed" if abbreviation else "Added to the glossary"
    item.save()
    return item


@transaction.atomic
def remove_abbreviation(abbreviation: Abbreviation, acting_user) -> None:
    if not access_for(acting_user, abbreviation.organisation_id).is_performance_team:
        raise PermissionDenied("Only the performance team keeps the glossary.")
    abbreviation._history_user = acting_user
    abbreviation._change_reason = "Removed from the glossary"
    abbreviation.delete()
