"""The authorization matrix's vocabulary, shared by its per-area row files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from coopilote.conftest import ROLES, World

LOGIN = 302  # anonymous visitors are sent to the login page
ALL_OK = dict.fromkeys(ROLES, 200)


def expect(default: int, **by_role: int) -> dict[str, int]:
    return {role: by_role.get(role, default) for role in ROLES}


@dataclass
class Page:
    name: str
    expected: dict[str, int]
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    method: str = "get"
    data: Callable[[World], dict[str, Any]] = lambda w: {}
    setup: Callable[[World], None] = field(default=lambda w: None)
