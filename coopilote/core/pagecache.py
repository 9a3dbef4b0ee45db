"""Public pages kept in the cache for visitors without a session.

The directory's pages are read far more often than written, and what a visitor without a
session sees depends only on the URL (and on htmx's headers). Such responses are kept for
``PUBLIC_PAGE_CACHE_SECONDS`` under a key holding a *version* that every committed write to the
data those pages show increments (``bump_on_commit``): an edit is visible on the next request.
The pages themselves are kept in each process's memory (the ``pages`` cache: no big value travels
to a shared cache on every request); only the version is read from the default cache. With
several server processes that one must be shared (``CACHE_URL``), so that an edit made through
one process outdates the pages kept by all of them; with the default per-process memory cache
another process may serve a page up to the timeout old.

Never cached: a request with a session or a messages cookie (someone logged in, or whose page
may carry a message), a response that sets a cookie or uses the CSRF token, anything but a 200.

``kept`` holds smaller things every page computes again (the default union, the options of the
directory's selects) in the same memory under the same version, for every visitor.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse

VERSION_KEY = "public-pages:version"
# Headers a cached response must carry again (the rest is added by the middleware each time).
KEPT_HEADERS = ("Cache-Control", "Vary", "Content-Disposition")
# Writes to these apps change what public pages show...
WATCHED_APPS = frozenset({"core", "members", "directory"})
IGNORED_MODELS = frozenset({"auditevent", "importjob", "postdelivery"})
# ... and so do these models of other apps (the practices listed on a cooperative's page).
WATCHED_MODELS = frozenset({"governance.practicesheet", "governance.practicetrial"})


class _RequestMemo(threading.local):
    """The version read once per request (a round trip to the shared cache), not per value."""

    active = False
    version: int | None = None


_memo = _RequestMemo()


def request_started(**_: Any) -> None:
    _memo.active, _memo.version = True, None


def request_finished(**_: Any) -> None:
    _memo.active, _memo.version = False, None


def version() -> int:
    if _memo.active and _memo.version is not None:
        return _memo.version
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        current = cache.get(VERSION_KEY, 1)
    if _memo.active:
        _memo.version = int(current)
    return int(current)


def bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # evicted or never set: any new value outdates the old keys
        cache.set(VERSION_KEY, version() + 1, timeout=None)
    _memo.version = None  # the rest of this request reads the new one


def bump_on_commit(sender: Any, **kwargs: Any) -> None:
    """Signal receiver: a write to watched data outdates every cached page once committed."""
    meta = getattr(sender, "_meta", None)
    if meta is None:
        return
    watched = meta.app_label in WATCHED_APPS and meta.model_name not in IGNORED_MODELS
    if not (watched or meta.label_lower in WATCHED_MODELS):
        return
    if kwargs.get("raw"):
        return
    transaction.on_commit(bump)


def cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and settings.PUBLIC_PAGE_CACHE_SECONDS > 0
    )


def _key(request: HttpRequest) -> str:
    parts = "\n".join(
        [
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
            request.headers.get("HX-Boosted", ""),
            request.headers.get("HX-History-Restore-Request", ""),
        ]
    )
    digest = hashlib.sha256(parts.encode()).hexdigest()
    return f"public-page:{version()}:{digest}"


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve ``view``'s response from the cache to visitors without a session."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        kept = caches["pages"].get(key)
        if kept is not None:
            content, content_type, headers = kept
            response = HttpResponse(content, content_type=content_type)
            for name, value in headers:
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            content = response.content
            kept = (content, response["Content-Type"], headers)
            caches["pages"].set(key, kept, settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response

    return wrapped


def kept(name: str, compute: Callable[[], Any]) -> Any:
    """``compute()``'s value, kept in this process until the next write to public data.

    For values that depend on the data only (never on who asks); off, like the page cache, when
    ``PUBLIC_PAGE_CACHE_SECONDS`` is 0.
    """
    if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
        return compute()
    key = f"public-kept:{version()}:{name}"
    value = caches["pages"].get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        caches["pages"].set(key, value, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return value


_MISSING = object()


def remember(request: HttpRequest, compute: Callable[[], Any]) -> Any:
    """``compute()``'s value for this URL, kept like a public page (an API's payload)."""
    if not cacheable_request(request):
        return compute()
    key = f"public-value:{request.get_host()}:{_key(request)}"
    value = caches["pages"].get(key)
    if value is None:
        value = compute()
        caches["pages"].set(key, value, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return value
