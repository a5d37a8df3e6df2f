"""The Content-Security-Policy allows no inline script or style, so no page template may
carry any: a test fails when one appears (tests/e2e/test_content_security_policy.py checks
the pages in Chromium)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Documents, not pages: the report's HTML download and PDF source, a meeting pack's PDF
# source, the scrutiny tracker's and cover report's PDF sources, and a risk register's PDF
# source keep their styles inline.
DOCUMENTS = {
    "yardstick/reports/templates/reports/strategic_document.html",
    "yardstick/packs/templates/packs/pack_document.html",
    "yardstick/scrutiny/templates/scrutiny/tracker_document.html",
    "yardstick/scrutiny/templates/scrutiny/cover_document.html",
    "yardstick/reports/templates/reports/risk_register_document.html",
}
INLINE = {
    "a <style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "a style attribute": re.compile(r"\sstyle=", re.IGNORECASE),
    "an inline <script>": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE),
    "an event handler attribute": re.compile(r"\son[a-z]+=", re.IGNORECASE),
    "a javascript: link": re.compile(r"javascript:", re.IGNORECASE),
}


def page_templates() -> list[Path]:
    found = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("yardstick/*/templates/**/*.html")]
    return sorted(p for p in found if str(p.relative_to(ROOT)) not in DOCUMENTS)


def test_no_page_template_has_inline_script_style_or_event_handlers():
    templates = page_templates()
    assert len(templates) > 50
    found = [
        f"{template.relative_to(ROOT)}: {what}"
        for template in templates
        for what, pattern in INLINE.items()
        if pattern.search(template.read_text())
    ]
    assert found == []


@pytest.mark.django_db
def test_every_page_carries_a_policy_without_unsafe_inline_or_eval(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy
