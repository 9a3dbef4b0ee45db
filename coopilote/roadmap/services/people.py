"""The person behind a signed-in user: the author of an update, the follower of a roadmap."""

from __future__ import annotations

from typing import Any

from coopilote.members.models import Person


def person_of(actor: Any) -> Person | None:
    if not getattr(actor, "is_authenticated", False):
        return None
    return Person.objects.filter(user=actor, anonymized_at=None).first()
