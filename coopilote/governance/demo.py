"""Demo data of the governance tools; each area adds its loader to ``LOADERS``."""

from __future__ import annotations

from typing import Any

LOADERS: list[str] = []


def load(context: Any) -> None:
    from django.utils.module_loading import import_string

    for path in LOADERS:
        import_string(path)(context)
