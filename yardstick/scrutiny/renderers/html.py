"""The tracker and the cover report as self-contained HTML documents (their styles inside
them), for the PDF: the tracker with the page's own table partial, the report's print
stylesheet."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from yardstick.reports.renderers.html import stylesheets
from yardstick.scrutiny.cover import CoverReport
from yardstick.scrutiny.tracker import NO_RESPONSE, NO_UPDATE, Tracker

TRACKER_STYLESHEET = "scrutiny/scrutiny.css"


def tracker_stylesheet() -> str:
    return mark_safe(Path(finders.find(TRACKER_STYLESHEET)).read_text(encoding="utf-8"))


def texts() -> dict:
    return {"no_response": NO_RESPONSE, "no_update": NO_UPDATE}


def render_document(tracker: Tracker) -> str:
    return render_to_string(
        "scrutiny/tracker_document.html",
        {
            "tracker": tracker,
            "stylesheets": stylesheets(),
            "tracker_stylesheet": tracker_stylesheet(),
            **texts(),
        },
    )


def render_cover_document(cover: CoverReport) -> str:
    return render_to_string(
        "scrutiny/cover_document.html", {"cover": cover, "stylesheets": stylesheets()}
    )
