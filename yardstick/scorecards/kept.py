"""Page parts kept in the cache: a scorecard's and the overview's own part (the title and what
is inside <main>), made once and read by every later request until something is written.

A part is kept under a digest of everything it is made from besides the database: the
address with its query string, whether htmx asked (the table alone), what the reader may see
(`Access`, every field), today's date, and the content token (`organisations.content`),
which every write renews and which is this process's own (so the templates and code that
made a part are the ones running). So a part is never read after a write that could change
it, and two readers with different sight never share one. What surrounds
the part (the navigation, the sign-out form's CSRF token, messages) is drawn for each
request. With DEBUG on (templates edited while the server runs) nothing is kept.

Each worker keeps its own parts (the "parts" cache, each process's memory: settings.CACHES),
at most CACHE_PAGE_PARTS of them, each for at most the cache's TIMEOUT (ten minutes); a part
over COMPRESS_OVER characters (a scorecard of some 120 measures and more) is kept
compressed. The token is in the database, so a write in one worker is seen by all."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from yardstick.organisations.content import content_token

COMPRESS_OVER = 256 * 1024
PAGE_TEMPLATE = "scorecards/kept_page.html"


@dataclass(frozen=True)
class Part:
    """A page's own part: its title (kept_page.html adds " – Yardstick") and the HTML inside
    <main> (or, for htmx, the fragment swapped in); `scripts` adds htmx to the page."""

    title: str
    content: SafeString  # drawn by the templates, escaped there
    scripts: bool = False


def render_part(request: HttpRequest, template: str, context: dict, title: str, **kw) -> Part:
    return Part(title=title, content=render_to_string(template, context, request), **kw)


def kept_part(request: HttpRequest, make: Callable[[], Part]) -> Part:
    """The part `make` makes for this request, from the cache when it is there."""
    if settings.DEBUG:
        return make()
    key = part_key(request)
    found = caches["parts"].get(key)
    if found is not None:
        return _unpacked(found)
    part = make()
    caches["parts"].set(key, _packed(part))  # for the cache's TIMEOUT (settings.CACHES)
    return part


def _packed(part: Part) -> tuple:
    """A part as kept: its content compressed when it is large (zlib's fastest level: a
    scorecard's rows, some 2 KB of HTML each, compress about eighteen times; an 85-measure
    page of 183 KB became 10 KB)."""
    content = part.content
    if len(content) > COMPRESS_OVER:
        return (part.title, zlib.compress(content.encode(), 1), part.scripts)
    return (part.title, content, part.scripts)


def _unpacked(kept: tuple) -> Part:
    title, content, scripts = kept
    if isinstance(content, bytes):
        content = zlib.decompress(content).decode()
    return Part(title=title, content=mark_safe(content), scripts=scripts)


def part_key(request: HttpRequest) -> str:
    """The key of this request's part: see the module's docstring. Reads the content token
    (one query) before anything the part shows is read."""
    access = request.access
    sight = tuple((name, _ordered(value)) for name, value in sorted(vars(access).items()))
    parts = [
        content_token(),
        request.get_full_path(),
        "htmx" if wants_fragment(request) else "page",
        repr(sight),
        timezone.localdate().isoformat(),
    ]
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=20).hexdigest()
    return f"yardstick:part:{digest}"


def _ordered(value):
    """A set or a mapping in one order, whatever order the database gave it in."""
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, dict):
        return sorted(value.items())
    return value


def wants_fragment(request: HttpRequest) -> bool:
    """Whether htmx asked for the fragment it swaps in. Going back to a page htmx no longer
    holds, it asks for the whole page (a history restore), which is what it gets."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def part_response(request: HttpRequest, part: Part) -> HttpResponse:
    """The page around `part` (or the fragment alone, for htmx)."""
    if wants_fragment(request):
        return HttpResponse(part.content)
    return render(request, PAGE_TEMPLATE, {"part": part})
