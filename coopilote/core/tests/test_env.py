"""CACHE_URL: one setting picks the shared cache; the public pages always stay in memory."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from coopilote.env import cache_settings

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


def test_no_url_keeps_everything_in_this_process() -> None:
    caches = cache_settings("")
    assert caches["default"]["BACKEND"] == LOCMEM
    assert caches["pages"]["BACKEND"] == LOCMEM


def test_redis_is_shared_and_the_pages_stay_in_memory() -> None:
    caches = cache_settings("redis://127.0.0.1:6379/0")
    assert caches["default"] == {
        "BACKEND": "coopilote.core.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
    assert caches["pages"]["BACKEND"] == LOCMEM


def test_a_table_is_the_shared_cache_without_redis() -> None:
    caches = cache_settings("db://coopilote_cache")
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert caches["default"]["LOCATION"] == "coopilote_cache"


@pytest.mark.parametrize("url", ["memcached://127.0.0.1:11211", "db://", "nonsense"])
def test_an_unknown_cache_is_refused_in_french(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="attendu"):
        cache_settings(url)
