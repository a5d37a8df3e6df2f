"""`{% address 'name' %}`: the address of a page that takes no arguments, as `{% url %}` gives
it, reversed once a process rather than on every page.

The navigation (templates/base.html) links to some twenty such pages on every page a person
opens, signed in or not, with or without a request (the 400 and CSRF pages have none); each
`{% url %}` costs about 13 microseconds, a tenth of a page read from the cache. An address
depends only on the URL patterns, which do not change while the process runs, and on the
script prefix the server is mounted under and the request's URLconf, which are part of the
key."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@lru_cache(maxsize=256)
def _address(name: str, prefix: str, urlconf: object) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def address(name: str) -> str:
    return _address(name, get_script_prefix(), get_urlconf())
