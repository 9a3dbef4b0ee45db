"""The Redis cache backend keeps one client per server (Django built one per operation)."""

from __future__ import annotations

import socket

import pytest

from coopilote.core.cache import RedisCache

URL = "redis://127.0.0.1:6379/13"


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_one_client_serves_every_operation_and_the_cache_works():
    cache = RedisCache(URL, {"KEY_PREFIX": "coopilote-test-cache"})
    try:
        client = cache._cache.get_client(write=True)
        assert cache._cache.get_client(write=True) is client
        assert cache._cache.get_client("some key") is cache._cache.get_client()
        cache.set("answer", {"value": 42}, 30)
        assert cache.get("answer") == {"value": 42}
        assert cache.add("counter", 1, 30)
        assert cache.incr("counter") == 2
    finally:
        cache.delete_many(["answer", "counter"])
