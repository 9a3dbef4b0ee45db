"""Who signs for a body: the minutes of its assemblies, the union's letters."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from coopilote.governance.models import Election, Mandate
from coopilote.members.models import Body, Person


def presidency_mandate(
    board: Body, day: datetime.date | None = None, *, outgoing: bool = False
) -> Mandate | None:
    """The board's presidency (« Présidence », « Co-présidence »...) held on ``day`` (else
    today). ``outgoing``: when the seat is vacant while an election for it is under way, the
    last holders, who stay in office until their successors are chosen (not otherwise: a
    presidency left empty for years must not bring back its former holders)."""
    mandates = (
        Mandate.objects.filter(role__body=board)
        .filter(Q(role__name__icontains="présiden") | Q(role__name__icontains="presiden"))
        .exclude(role__name__icontains="vice")
        .select_related("role")
        .prefetch_related("holders")
        .order_by("-start")
    )
    mandate = mandates.current(day).first() if day else None
    mandate = mandate or mandates.current().first()
    if mandate is None and outgoing:
        last = mandates.filter(start__lte=day or timezone.localdate()).first()
        if last is not None:
            electing = Election.objects.filter(role_id=last.role_id).exclude(
                stage__in=[Election.Stage.ELECTED, Election.Stage.CANCELLED]
            )
            mandate = last if electing.exists() else None
    return mandate


def holders(mandate: Mandate | None) -> list[Person]:
    if mandate is None:
        return []
    return sorted(mandate.holders.all(), key=lambda person: (person.last_name, person.first_name))


def presidency(body: Body, day: datetime.date | None = None) -> list[Person]:
    """Who signs the minutes: the holders, on ``day`` (the assembly's date; else today), of the
    presidency of the board of the assembly's own organisation: the cooperative's, or the
    union's. Several holders: a co-presidency, whose members sign together. A cooperative
    without a board recorded here gets no name (the minutes leave the signature to be written
    by hand), never the union's presidents."""
    organisation = (
        Body.objects.filter(cooperative_id=body.cooperative_id)
        if body.cooperative_id is not None
        else Body.objects.of_union(body.union_id)
    )
    board = organisation.filter(kind=Body.Kind.BOARD).first()
    return holders(presidency_mandate(board, day)) if board is not None else []
