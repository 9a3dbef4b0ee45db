"""Django's Redis cache with one client per server, instead of a new one for every operation.

Django builds a ``redis.Redis`` on each cache call; building one fills its table of response
callbacks, about 0.2 ms, more than the round trip to a local Redis. A client over a connection
pool is safe to share between threads, and the pool starts afresh in a forked process, so one
client per server is enough. ``CACHE_URL=redis://…`` uses this backend (``coopilote/env.py``).
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class SharedClients(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's own choice of server (the primary to write, a replica to read).
        index: int = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            # Two threads may both build one: the last kept wins, both work.
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SharedClients
