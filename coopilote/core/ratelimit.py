"""Fixed-window counters kept in the cache: at most ``limit`` hits per key and per window.

The default per-process memory cache counts per process; a deployment with several server
processes shares its cache (``CACHE_URL``) so that the limit holds for the whole site.
"""

from __future__ import annotations

import math
import time

from django.core.cache import cache


def take(scope: str, ident: str, limit: int, window_seconds: int) -> bool:
    """Count one hit of ``ident`` in ``scope``; False once the window already holds ``limit``."""
    window = int(_now() // window_seconds)
    key = f"ratelimit:{scope}:{ident}:{window}"
    cache.add(key, 0, window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        count = 1
    return bool(count <= limit)


def seconds_left(window_seconds: int) -> int:
    """Until the current window ends (what a Retry-After header says), rounded up.

    Rounded down, the last second of a window would say « retry after 0 », i.e. at once,
    into the same full window.
    """
    return max(1, math.ceil(window_seconds - _now() % window_seconds))


def _now() -> float:
    # One clock for both functions, so that a test can stand at a chosen point of a window.
    return time.time()
