"""The tracker and the cover report as PDFs, laid out by WeasyPrint (tagged PDF/UA-1, as the
Strategic Performance Report): the tracker on A4 landscape, the cover report portrait."""

from __future__ import annotations

import logging

from weasyprint import HTML

from yardstick.reports.renderers.pdf import PDF_VARIANT
from yardstick.scrutiny.cover import CoverReport
from yardstick.scrutiny.renderers.html import render_cover_document, render_document
from yardstick.scrutiny.tracker import Tracker


def _pdf(document: str) -> bytes:
    logger = logging.getLogger("weasyprint")  # screen-only CSS it skips is not an error
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        return HTML(string=document).write_pdf(pdf_variant=PDF_VARIANT)
    finally:
        logger.setLevel(level)


def render(tracker: Tracker) -> bytes:
    return _pdf(render_document(tracker))


def render_cover(cover: CoverReport) -> bytes:
    return _pdf(render_cover_document(cover))
