"""URLs reversed once per process, for the links every page or every row of a list carries.

``reverse()`` works through the URLconf for each call (about 20 µs): the menu's links on every
page cost a fifth of the site's layout, a link per row nearly half of a directory row. A
reversed URL depends only on the view's name, the URLconf and the script prefix (the site may be
served below a path), which make the cache's key.
"""

from __future__ import annotations

from functools import lru_cache
from uuid import UUID

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Any valid UUID: it stands for the primary key, which goes around it into the URL.
_PLACEHOLDER = "00000000-0000-4000-8000-000000000000"


def url(view_name: str) -> str:
    """``reverse(view_name)``, for a view without arguments."""
    return _reversed(view_name, get_script_prefix(), _urlconf())


def url_for_pk(view_name: str, pk: UUID) -> str:
    """``reverse(view_name, args=[pk])``, for a view whose one argument is a UUID (no character
    of it needs quoting, so it goes into the URL as it is)."""
    head, tail = _around_pk(view_name, get_script_prefix(), _urlconf())
    return f"{head}{pk}{tail}"


def _urlconf() -> str:
    urlconf: str = get_urlconf() or settings.ROOT_URLCONF
    return urlconf


@lru_cache(maxsize=256)
def _reversed(view_name: str, script_prefix: str, urlconf: str) -> str:
    return reverse(view_name, urlconf=urlconf)  # reverse() reads the script prefix itself


@lru_cache(maxsize=256)
def _around_pk(view_name: str, script_prefix: str, urlconf: str) -> tuple[str, str]:
    head, found, tail = reverse(view_name, urlconf=urlconf, args=[_PLACEHOLDER]).partition(
        _PLACEHOLDER
    )
    if not found:
        raise ValueError(f"{view_name} does not put its UUID argument into its URL as it is")
    return head, tail
