"""The pack as a PDF: the print version of its HTML document, laid out by WeasyPrint with the
Strategic Performance Report's print stylesheet (A4, scorecards on landscape pages, running
header and footer, tagged PDF/UA-1)."""

from __future__ import annotations

import logging

from weasyprint import HTML

from yardstick.packs.builder import MeetingPack
from yardstick.packs.renderers.html import render_document
from yardstick.reports.renderers.pdf import PDF_VARIANT


def render(pack: MeetingPack) -> bytes:
    document = render_document(pack, for_print=True)
    logger = logging.getLogger("weasyprint")  # screen-only CSS it skips is not an error
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        return HTML(string=document).write_pdf(pdf_variant=PDF_VARIANT)
    finally:
        logger.setLevel(level)
