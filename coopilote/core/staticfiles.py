"""The static files' storage in production: whitenoise's, with each file's URL computed once.

``{% static %}`` asks the storage for a file's URL on every page, ten times on the directory's:
the manifest lookup, unquoting, quoting and joining to ``STATIC_URL`` cost about 15 µs each
time, for an answer that cannot change while the process runs (``collectstatic`` writes the
manifest before the server starts; a deployment restarts it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

# Templates name a few dozen files; a bound keeps a caller with changing names harmless.
MAX_KEPT_URLS = 2048


class CachedUrlManifestStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool, bool, str], str] = {}

    def url(self, name: str, force: bool = False) -> str:
        # DEBUG and STATIC_URL change the answer (tests change them): they are in the key.
        key = (name, force, settings.DEBUG, str(self.base_url))
        url = self._urls.get(key)
        if url is None:
            url = super().url(name, force)
            if len(self._urls) < MAX_KEPT_URLS:
                self._urls[key] = url
        return url

    def post_process(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        """collectstatic writes a new manifest: URLs computed before it are outdated."""
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()
