"""The tracker and the cover report as PDFs, laid out by WeasyPrint (tagged PDF/UA-1, as the
Strategic Performance Report): the tracker on A4 landscape, the cover report portrait."""

from __future__ import annotations

from yardstick.reports.renderers.pdf import pdf_of
from yardstick.scrutiny.cover import CoverReport
from yardstick.scrutiny.renderers.html import render_cover_document, render_document
from yardstick.scrutiny.tracker import Tracker


def render(tracker: Tracker) -> bytes:
    return pdf_of(render_document(tracker))


def render_cover(cover: CoverReport) -> bytes:
    return pdf_of(render_cover_document(cover))
