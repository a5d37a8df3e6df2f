"""The report as a PDF: the print version of the HTML document, laid out by WeasyPrint.

A4, each theme's scorecard on landscape pages, a running header (the title and the theme) and
footer (the organisation and 'Page n of m'). Tagged PDF/UA-1, with the document's language
(en-GB) and title taken from the HTML, so screen readers can read it.
"""

from __future__ import annotations

import logging

from weasyprint import HTML

from yardstick.reports.renderers.html import render_document
from yardstick.reports.strategic import StrategicReport

PDF_VARIANT = "pdf/ua-1"


def render(report: StrategicReport) -> bytes:
    return pdf_of(render_document(report, for_print=True))


def pdf_of(document: str) -> bytes:
    """An HTML document laid out as a tagged PDF/UA-1: every PDF Yardstick makes (the report,
    packs, the scrutiny tracker and cover report, risk registers) is written here."""
    # WeasyPrint logs every CSS property it skips (screen-only rules such as clip-path) as a
    # warning; they are expected in a shared stylesheet and are not errors in the document.
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        return HTML(string=document).write_pdf(pdf_variant=PDF_VARIANT)
    finally:
        logger.setLevel(level)
