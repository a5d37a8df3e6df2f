"""The pack in each format, from the format-neutral `builder.MeetingPack`: the page (HTML),
PDF and Word, each a module with the same signature, `render(pack) -> bytes`, as the Strategic
Performance Report's renderers are; they draw ratings with the report's and the scorecards'
own partials and functions (`reports.renderers`), so a rating reads the same everywhere."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from yardstick.packs.builder import MeetingPack
from yardstick.packs.renderers.html import render_body

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _renderer(name: str) -> Callable[[MeetingPack], bytes]:
    def render(pack: MeetingPack) -> bytes:
        return import_module(f"{__name__}.{name}").render(pack)  # WeasyPrint loads when asked

    return render


# The files a published pack keeps, by format name (packs.models.PackFormat).
RENDERERS = {name: _renderer(name) for name in MEDIA_TYPES}


def render_snapshot(pack: MeetingPack) -> str:
    """The pack's page body, as kept when it is published."""
    return render_body(pack)
