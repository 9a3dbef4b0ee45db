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


def asked(post: dict[str, int]) -> dict[str, int]:
    """The confirmation page an irreversible action shows when opened (GET): to whoever its
    POST lets act (302 back to the object), the page (200); to anyone else, the same refusal."""
    return {
        role: 200 if status == 302 and role != "anonymous" else status
        for role, status in post.items()
    }


@dataclass
class Page:
    name: str
    expected: dict[str, int]
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    method: str = "get"
    data: Callable[[World], dict[str, Any]] = lambda w: {}
    setup: Callable[[World], None] = field(default=lambda w: None)
