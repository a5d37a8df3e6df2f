"""Every write to a meeting's pack, and who may read it.

The performance team starts a meeting's pack (the default sections, the default period),
chooses the period, orders, includes and leaves out sections, adds and removes sections of
its own, and publishes it. Publishing keeps the pack as published: its page (a snapshot of
the HTML), its PDF and its Word document are stored, and the meeting's status becomes "pack
published" (`meetings.services.set_meeting_status`). A published pack takes no more changes.

Who reads a pack (`may_read`): the performance team and councillors of the council, and the
members and chair of the body; the published pack only, except for the team, who also read
and download the draft.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify

from yardstick.accounts.access import Access, access_for
from yardstick.accounts.models import Role
from yardstick.framework.models import Period
from yardstick.meetings.models import NAME_LIMIT, Meeting, MeetingStatus
from yardstick.meetings.services import (
    MeetingRefused,
    check_optional,
    check_text,
    set_meeting_status,
)
from yardstick.packs.builder import build_pack, default_period, periods_for
from yardstick.packs.models import (
    DEFAULT_SECTIONS,
    SECTIONS_LIMIT,
    Pack,
    PackDocument,
    PackFormat,
    PackSection,
    SectionKind,
)
from yardstick.packs.renderers import RENDERERS, render_snapshot

FOLDER = "packs"  # under MEDIA_ROOT: packs/<organisation id>/<meeting id>/


class PackRefused(MeetingRefused):
    """A change to a pack the rules refuse; `field` names the form field it is about."""


def _performance_team(acting_user, meeting: Meeting) -> None:
    if not access_for(acting_user, meeting.body.organisation_id).is_performance_team:
        raise PermissionDenied("Only the performance team may build and publish a pack.")


def may_read(user, access: Access, meeting: Meeting) -> bool:
    """The performance team, councillors, and the body's members and chair."""
    if access.organisation_id != meeting.body.organisation_id:
        return False
    if access.is_performance_team or Role.COUNCILLOR in access.roles:
        return True
    if user.pk == meeting.body.chair_id:
        return True
    return meeting.body.members.filter(pk=user.pk).exists()


def _open(pack: Pack) -> Pack:
    """The pack, locked for the change, if it is not published."""
    pack = Pack.objects.select_for_update().get(pk=pack.pk)
    if pack.is_published:
        raise PackRefused(
            f"This pack was published on {timezone.localtime(pack.published_at):%-d %B %Y}: "
            "it is kept as published and takes no more changes."
        )
    return pack


def _saved(row, acting_user, reason: str, fields: list[str] | None = None) -> None:
    row._history_user = acting_user
    row._change_reason = reason
    row.save(update_fields=fields) if fields else row.save()


@transaction.atomic
def start_pack(meeting: Meeting, acting_user) -> Pack:
    """The meeting's pack: the one started already, or a new one with the default sections
    and the default period."""
    _performance_team(acting_user, meeting)
    existing = Pack.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    period = default_period(meeting)
    if period is None:
        raise PackRefused("There is no quarter before this meeting for its pack to review.")
    pack = Pack(meeting=meeting, period=period)
    _saved(pack, acting_user, "Pack started")
    for position, kind in enumerate(DEFAULT_SECTIONS, start=1):
        _saved(PackSection(pack=pack, kind=kind, position=position), acting_user, "Pack started")
    return pack


@transaction.atomic
def choose_period(pack: Pack, period: Period, acting_user) -> Pack:
    _performance_team(acting_user, pack.meeting)
    pack = _open(pack)
    if period not in periods_for(pack.meeting):
        raise PackRefused("Choose a quarter that began before the meeting.", "period")
    pack.period = period
    _saved(pack, acting_user, f"Reviews {period.label}", ["period"])
    return pack


@transaction.atomic
def arrange_sections(pack: Pack, arrangement: list[tuple[int, int, bool]], acting_user) -> None:
    """Set each section's place and whether it is included: (section id, position,
    included) for every section of the pack, positions from 1 with none repeated."""
    _performance_team(acting_user, pack.meeting)
    pack = _open(pack)
    sections = {section.pk: section for section in pack.sections.all()}
    if sorted(pk for pk, _, _ in arrangement) != sorted(sections):
        raise PackRefused("The sections have changed since the page was shown: try again.")
    positions = [position for _, position, _ in arrangement]
    if sorted(positions) != list(range(1, len(sections) + 1)):
        raise PackRefused(
            f"Number the sections 1 to {len(sections)}, each number once.", "position"
        )
    for pk, position, included in arrangement:
        section = sections[pk]
        if (section.position, section.included) != (position, included):
            section.position, section.included = position, included
            _saved(section, acting_user, "Sections arranged", ["position", "included"])


@transaction.atomic
def move_section(pack: Pack, section_id: int, step: int, acting_user) -> None:
    """Move a section one place up (step -1) or down (+1)."""
    _performance_team(acting_user, pack.meeting)
    pack = _open(pack)
    sections = list(pack.sections.all())
    index = next((i for i, s in enumerate(sections) if s.pk == section_id), None)
    if index is None or step not in (-1, 1):
        raise PackRefused("There is no such section in this pack.")
    other = index + step
    if not 0 <= other < len(sections):
        return
    sections[index], sections[other] = sections[other], sections[index]
    for position, section in enumerate(sections, start=1):
        if section.position != position:
            section.position = position
            _saved(section, acting_user, "Section moved", ["position"])


@transaction.atomic
def add_section(pack: Pack, heading: str, text: str, acting_user) -> PackSection:
    """A section of the team's own, with a heading and text, at the end."""
    _performance_team(acting_user, pack.meeting)
    pack = _open(pack)
    heading = check_text(heading, "heading", "the section's heading", NAME_LIMIT)
    text = check_text(text, "text", "the section's text")
    if pack.sections.count() >= SECTIONS_LIMIT:
        raise PackRefused(f"A pack has at most {SECTIONS_LIMIT} sections.")
    last = pack.sections.aggregate(last=Max("position"))["last"] or 0
    section = PackSection(
        pack=pack, kind=SectionKind.TEXT, position=last + 1, heading=heading, text=text
    )
    _saved(section, acting_user, "Section added")
    return section


@transaction.atomic
def change_section_text(section: PackSection, heading: str, text: str, acting_user) -> None:
    _performance_team(acting_user, section.pack.meeting)
    _open(section.pack)
    if section.kind != SectionKind.TEXT:
        raise PackRefused("Only a section of the team's own has text to change.")
    section.heading = check_text(heading, "heading", "the section's heading", NAME_LIMIT)
    section.text = check_optional(text, "text", "the section's text")
    _saved(section, acting_user, "Section changed", ["heading", "text"])


@transaction.atomic
def remove_section(section: PackSection, acting_user) -> None:
    """Remove a section of the team's own (a built-in one is left out, not removed)."""
    _performance_team(acting_user, section.pack.meeting)
    pack = _open(section.pack)
    if section.kind != SectionKind.TEXT:
        raise PackRefused("A built-in section is left out, not removed.")
    section._history_user = acting_user
    section._change_reason = "Section removed"
    section.delete()
    for position, rest in enumerate(pack.sections.all(), start=1):
        if rest.position != position:
            rest.position = position
            _saved(rest, acting_user, "Sections renumbered", ["position"])


def filename(pack: Pack, format_name: str) -> str:
    """'resources-improvement-board-2019-02-19-pack.pdf'."""
    day = timezone.localtime(pack.meeting.starts_at).date()
    return f"{slugify(pack.meeting.body.name)[:80]}-{day:%Y-%m-%d}-pack.{format_name}"


def publish_pack(
    pack: Pack, acting_user, *, today: date | None = None, now: datetime | None = None
) -> Pack:
    """Publish the pack: render it once, keep the page's HTML, the PDF and the Word document,
    and set the meeting's status to "pack published". The files are written before the
    transaction that records them; if it fails they are removed."""
    _performance_team(acting_user, pack.meeting)
    if pack.is_published:
        raise PackRefused("This pack is published already.")
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    content = build_pack(pack, today=today)
    content = replace(content, published_at=now)
    snapshot = render_snapshot(content)
    folder = f"{FOLDER}/{pack.meeting.body.organisation_id}/{pack.meeting_id}"
    stored = []
    try:
        for format_name, render in RENDERERS.items():
            data = render(content)
            name = default_storage.save(
                f"{folder}/{format_name}-{get_random_string(12).lower()}.{format_name}",
                ContentFile(data),
            )
            stored.append((format_name, name, len(data)))
        with transaction.atomic():
            pack = _open(pack)
            pack.published_at = now
            pack.published_by = acting_user
            pack.title = content.title
            pack.snapshot = snapshot
            _saved(pack, acting_user, "Pack published")
            for format_name, name, size in stored:
                PackDocument.objects.create(
                    pack=pack,
                    format=format_name,
                    file=name,
                    filename=filename(pack, format_name),
                    size=size,
                    rendered_at=now,
                )
            set_meeting_status(pack.meeting, MeetingStatus.PACK_PUBLISHED, acting_user)
    except BaseException:
        for _, name, _ in stored:
            default_storage.delete(name)
        raise
    return pack


def document(pack: Pack, format_name: str) -> PackDocument | None:
    if format_name not in PackFormat.values:
        return None
    return pack.documents.filter(format=format_name).first()
