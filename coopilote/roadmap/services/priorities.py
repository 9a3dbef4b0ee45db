"""Opening a prioritisation vote over congress proposals, through the voting app's services."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopilote.core import audit
from coopilote.roadmap.models import Congress, Proposal
from coopilote.roadmap.priorities import SOURCE_TYPE

MAX_OPTION_LABEL = 300  # voting.PollOption.label


def option_label(proposal: Proposal) -> str:
    label = f"{proposal.reference} — {' '.join(proposal.text.split())}"
    return label if len(label) <= MAX_OPTION_LABEL else label[: MAX_OPTION_LABEL - 1] + "…"


def create_prioritisation_poll(
    actor: Any,
    congress: Congress,
    proposals: Sequence[Proposal],
    title: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    description: str = "",
    **poll_options: Any,
) -> Any:
    """A draft majority-judgment poll whose options are ``proposals`` (each one pointing back
    to its proposal); the union then opens it from the poll's page."""
    from coopilote.voting import services as voting

    chosen = list(
        Proposal.objects.in_congress(congress)
        .filter(pk__in=[p.pk for p in proposals])
        .select_related("theme")
        .in_document_order()
    )
    if len(chosen) != len({p.pk for p in proposals}):
        raise ValidationError(_("A proposal does not belong to this congress."))
    if len(chosen) < 2:
        raise ValidationError(_("Choose at least two proposals to prioritise."))
    options = [(option_label(p), SOURCE_TYPE, str(p.pk)) for p in chosen]
    with transaction.atomic():
        try:
            poll = voting.create_poll(
                actor,
                congress.union,
                title,
                options,
                opens_at,
                closes_at,
                description,
                **poll_options,
            )
        except voting.VotingError as exc:
            raise ValidationError(str(exc)) from exc
        audit.record(
            actor, "congress.prioritisation_poll", congress, poll=str(poll.pk), options=len(chosen)
        )
    return poll
