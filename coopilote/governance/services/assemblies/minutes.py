"""Who signs the minutes."""

from __future__ import annotations

import datetime

from django.db.models import Q

from coopilote.governance.models import (
    Mandate,
)
from coopilote.members.models import Body, Person

# --- minutes ----------------------------------------------------------------------------------


def presidency(body: Body, day: datetime.date | None = None) -> list[Person]:
    """Who signs the minutes: the holders, on ``day`` (the assembly's date; else today), of the
    presidency (« Présidence », « Co-présidence »...) of the cooperative's board, or else of the
    union's board. Several holders: a co-presidency, whose members sign together."""
    boards = Body.objects.filter(kind=Body.Kind.BOARD, union_id=body.union_id)
    board = (
        boards.filter(cooperative_id=body.cooperative_id).first() if body.cooperative_id else None
    )
    board = board or boards.filter(cooperative=None).first()
    if board is None:
        return []
    mandates = (
        Mandate.objects.filter(role__body=board)
        .filter(Q(role__name__icontains="présiden") | Q(role__name__icontains="presiden"))
        .exclude(role__name__icontains="vice")
        .prefetch_related("holders")
        .order_by("-start")
    )
    mandate = mandates.current(day).first() if day else None
    mandate = mandate or mandates.current().first()
    if mandate is None:
        return []
    return sorted(mandate.holders.all(), key=lambda person: (person.last_name, person.first_name))
