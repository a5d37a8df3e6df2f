"""The tracker and the cover report in each format, from their format-neutral objects
(`scrutiny.tracker.Tracker`, `scrutiny.cover.CoverReport`): each a module with the same
signatures, `render(tracker) -> bytes` and (Word and PDF) `render_cover(cover) -> bytes`,
drawn with the Strategic Performance Report's helpers (`reports.renderers`)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.utils.text import slugify


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    extension: str
    media_type: str
    cover: bool  # whether the cover report comes in this format

    def module(self):
        return import_module(f"{__name__}.{self.name}")  # WeasyPrint loads only when asked

    def filename(self, stem: str, title: str) -> str:
        return f"{stem}-{slugify(title)[:60]}.{self.extension}"


FORMATS = {
    format.name: format
    for format in (
        Format(
            "docx",
            "Word",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            True,
        ),
        Format("pdf", "PDF", "pdf", "application/pdf", True),
        Format(
            "xlsx",
            "Excel",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            False,
        ),
    )
}
