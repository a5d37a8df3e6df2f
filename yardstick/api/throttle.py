"""Rate limits: API_RATE_TOKEN requests a minute for each token, API_RATE_ANONYMOUS for each
address without one. Counted in Django's cache (API_RATE_CACHE) with an atomic add and
increment per fixed minute, so several workers share one count when the cache is shared
(Redis or memcached; docs/deploy.md)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

WINDOW = 60  # seconds


class PerCallerThrottle(BaseThrottle):
    def allow_request(self, request: HttpRequest) -> bool:
        caller = getattr(request, "auth", None)
        token = getattr(caller, "token", None)
        if token is not None:
            who, limit = f"token:{token.pk}", settings.API_RATE_TOKEN
        else:
            who, limit = f"ip:{self.get_ident(request)}", settings.API_RATE_ANONYMOUS
        now = time.time()
        window = int(now // WINDOW)
        key = f"api-rate:{who}:{window}"
        cache = caches[settings.API_RATE_CACHE]
        cache.add(key, 0, timeout=WINDOW * 2)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr: count this one as the first
            cache.set(key, 1, timeout=WINDOW * 2)
            count = 1
        return count <= limit

    def wait(self) -> float | None:
        """Seconds until the next minute's count starts (the Retry-After header)."""
        now = time.time()
        return (int(now // WINDOW) + 1) * WINDOW - now
