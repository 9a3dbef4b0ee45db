"""What the members' prioritisation votes said about proposals, read from the voting app.

A prioritisation poll's options point at proposals (``source_type = "roadmap.proposal"``,
``source_id`` = the proposal's key). Results come from ``voting.services.results`` only: the
roadmap shows the published ranking and never counts ballots itself. Queries: one for the polls,
then two per published poll, whatever the number of proposals or actions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

SOURCE_TYPE = "roadmap.proposal"


@dataclass(frozen=True)
class Priority:
    poll: Any
    rank: int
    majority_grade: int | None
    grade_label: str
    out_of: int


def _keys(proposal_ids: Iterable[Any]) -> list[str]:
    return sorted({str(pk) for pk in proposal_ids})


def polls_about(proposal_ids: Iterable[Any]) -> Any:
    from coopilote.voting.models import Poll

    return Poll.objects.filter(
        options__source_type=SOURCE_TYPE, options__source_id__in=_keys(proposal_ids)
    ).distinct()


def priorities_for(proposal_ids: Iterable[Any]) -> dict[str, Priority]:
    """The latest published result of each proposal, keyed by ``str(proposal.pk)``."""
    from coopilote.voting import services

    wanted = set(_keys(proposal_ids))
    if not wanted:
        return {}
    found: dict[str, Priority] = {}
    polls = polls_about(wanted).filter(results_published_at__isnull=False)
    # Oldest first: a later vote on the same proposal replaces an earlier one.
    for poll in polls.order_by("closes_at", "created_at"):
        rows = services.results(poll)
        for row in rows:
            option = row.option
            if option.source_type == SOURCE_TYPE and option.source_id in wanted:
                found[option.source_id] = Priority(
                    poll=poll,
                    rank=row.rank,
                    majority_grade=row.majority_grade,
                    grade_label=row.grade_label,
                    out_of=len(rows),
                )
    return found


def running_polls(proposal_ids: Iterable[Any]) -> list[Any]:
    """Prioritisation polls about these proposals that are open (or about to) right now."""
    return list(
        polls_about(proposal_ids)
        .filter(results_published_at=None, electorate_frozen_at__isnull=False)
        .with_status()
        .order_by("closes_at")
    )


def published_polls(proposal_ids: Iterable[Any]) -> list[Any]:
    return list(
        polls_about(proposal_ids).filter(results_published_at__isnull=False).order_by("-closes_at")
    )
