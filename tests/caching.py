"""Emptying what the app keeps in memory between requests: every in-process cache named in
settings.CACHES (the rows and summaries in "default", the pages' own parts in "parts",
yardstick/scorecards/kept.py, and any added later). A cache kept in the database is rolled
back with each test's transaction and left alone. A test that wants a page made afresh, as
on a worker just started, empties them."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches

IN_PROCESS = "django.core.cache.backends.locmem.LocMemCache"


def kept_in_process() -> list[str]:
    """The aliases of the caches each process keeps in its own memory."""
    return [alias for alias, cache in settings.CACHES.items() if cache["BACKEND"] == IN_PROCESS]


def clear_caches() -> None:
    for alias in kept_in_process():
        caches[alias].clear()
