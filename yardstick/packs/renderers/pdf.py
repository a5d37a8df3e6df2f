"""The pack as a PDF: the print version of its HTML document, laid out by WeasyPrint with the
Strategic Performance Report's print stylesheet (A4, scorecards on landscape pages, running
header and footer, tagged PDF/UA-1)."""

from __future__ import annotations

from yardstick.packs.builder import MeetingPack
from yardstick.packs.renderers.html import render_document
from yardstick.reports.renderers.pdf import pdf_of


def render(pack: MeetingPack) -> bytes:
    return pdf_of(render_document(pack, for_print=True))
