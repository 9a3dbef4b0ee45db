"""Small helpers that read settings from the environment (12-factor style)."""

import os
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on", "oui"}
_FALSE = {"0", "false", "no", "off", "non", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"La variable d’environnement {name} est requise.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} doit valoir true ou false, pas « {raw} ».")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} doit être un nombre entier, pas « {raw} ».") from exc


def cache_settings(url: str) -> dict[str, dict[str, Any]]:
    """Django's CACHES from one URL: "" (memory of this process), redis://H:P/DB, db://TABLE.

    ``pages`` is always this process's memory: the public pages themselves (core/pagecache.py),
    whose version lives in ``default``.
    """
    pages = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
    if not url:
        return {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "pages": pages,
        }
    scheme, _, rest = url.partition("://")
    if scheme == "db" and rest:
        default = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": rest}
        return {"default": default, "pages": pages}
    if scheme in {"redis", "rediss"} and rest:
        default = {"BACKEND": "coopilote.core.cache.RedisCache", "LOCATION": url}
        return {"default": default, "pages": pages}
    raise ImproperlyConfigured(
        f"CACHE_URL « {url} » : attendu redis://HÔTE:PORT/BASE ou db://TABLE (ou vide)."
    )
