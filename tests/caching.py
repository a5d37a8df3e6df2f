"""Emptying what the app keeps in Django's caches (settings.CACHES): the rows and summaries
in the default cache, and the pages' own parts in "parts" (yardstick/scorecards/kept.py).
A test that wants a page made afresh, as on a worker just started, empties both."""

from __future__ import annotations

from django.core.cache import caches

KEPT_IN = ("default", "parts")


def clear_caches() -> None:
    for alias in KEPT_IN:
        caches[alias].clear()
