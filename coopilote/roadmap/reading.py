"""A roadmap as the page, the JSON and the CSV show it: one reading, so the numbers agree.

``load`` runs a fixed number of queries whatever the number of actions: axes, actions (the
whole tree, one query), their proposals (one prefetch), statuses, then the prioritisation
results (``priorities``, per poll, not per action). A milestone carries out the proposals of
the actions it is part of: ``inherited_sources`` reads them from the same tree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from coopilote.core.spreadsheet import neutralize
from coopilote.roadmap import progress
from coopilote.roadmap.models import Action, Proposal, Roadmap
from coopilote.roadmap.priorities import Priority, priorities_for

CSV_HEADERS = (
    "Axe",
    "Niveau",
    "Action",
    "Jalon de",
    "Statut",
    "Avancement (%)",
    "Poids",
    "Portée",
    "Pilote",
    "Début",
    "Échéance",
    "Propositions",
    "Thèmes",
    "Rang au vote",
    "Mention majoritaire",
)
# The file format speaks French whatever the visitor's language, like the congress export.
SCOPE_WORDS = {"regional": "action régionale", "advocacy": "plaidoyer national"}


@dataclass
class RoadmapReading:
    roadmap: Roadmap
    tree: progress.Tree
    statuses: list[Any]
    priorities: dict[str, Priority]

    def themes(self) -> list[Any]:
        """The themes of the actions' source proposals, in the congress's order, each once."""
        seen: dict[Any, Any] = {}
        for node in self.tree.walk():
            for proposal in node.action.proposals.all():
                seen.setdefault(proposal.theme_id, proposal.theme)
        return sorted(seen.values(), key=lambda theme: (theme.order, theme.number, theme.title))


@dataclass
class InheritedSources:
    """Proposals a milestone carries out through an action it is part of."""

    action: Any
    proposals: list[Any]


def inherited_sources(tree: progress.Tree, action_id: Any) -> list[InheritedSources]:
    """The proposals of the actions ``action_id`` is a milestone of, its parent first, each
    proposal once and none of those the milestone names itself (no query: the tree holds them)."""
    node = tree.node(action_id)
    if node is None:
        return []
    seen = {proposal.pk for proposal in node.action.proposals.all()}
    found = []
    for ancestor in tree.ancestors(action_id):
        proposals = [p for p in ancestor.action.proposals.all() if p.pk not in seen]
        seen.update(p.pk for p in proposals)
        if proposals:
            found.append(InheritedSources(ancestor.action, proposals))
    return found


def load(roadmap: Roadmap) -> RoadmapReading:
    axes = list(roadmap.axes.all())
    actions = list(
        Action.objects.in_roadmap(roadmap)
        .for_tree()
        .prefetch_related(
            Prefetch(
                "proposals",
                Proposal.objects.select_related("theme", "congress").in_document_order(),
            )
        )
    )
    tree = progress.build(axes, actions, timezone.localdate())
    proposal_ids = {p.pk for action in actions for p in action.proposals.all()}
    priorities = priorities_for(proposal_ids)
    for action in actions:
        for proposal in action.proposals.all():
            proposal.priority = priorities.get(str(proposal.pk))  # type: ignore[attr-defined]
    return RoadmapReading(roadmap, tree, list(roadmap.statuses.all()), priorities)


def _priority(proposal: Proposal) -> dict[str, Any] | None:
    priority: Priority | None = getattr(proposal, "priority", None)
    if priority is None:
        return None
    return {
        "poll": priority.poll.title,
        "poll_id": str(priority.poll.pk),
        "rank": priority.rank,
        "out_of": priority.out_of,
        "majority_grade": priority.grade_label,
    }


def _action(node: progress.Node) -> dict[str, Any]:
    action = node.action
    return {
        "id": str(action.pk),
        "title": action.title,
        "description": action.description,
        "status": action.status.name,
        "done": action.status.is_done,
        "overdue": node.overdue,
        "progress": node.percent,
        "progress_entered": node.is_leaf,
        "weight": node.weight,
        "scope": action.scope,
        "owner": action.owner_label,
        "start": action.start.isoformat() if action.start else None,
        "due": action.due.isoformat() if action.due else None,
        "proposals": [
            {
                "id": str(proposal.pk),
                "reference": proposal.reference,
                "text": proposal.text,
                "theme": proposal.theme.title,
                "scope": proposal.scope,
                "congress": proposal.congress.name,
                "priority": _priority(proposal),
            }
            for proposal in action.proposals.all()
        ],
        "milestones": [_action(child) for child in node.children],
    }


def as_document(reading: RoadmapReading, base_url: str = "") -> dict[str, Any]:
    roadmap = reading.roadmap
    return {
        "id": str(roadmap.pk),
        "title": roadmap.title,
        "union": roadmap.union.name,
        "congress": roadmap.congress.name if roadmap.congress else None,
        "url": base_url.rstrip("/") + roadmap.get_absolute_url(),
        "progress": reading.tree.percent,
        "statuses": [
            {"name": status.name, "done": status.is_done, "order": status.order}
            for status in reading.statuses
        ],
        "axes": [
            {
                "title": axis_node.axis.title,
                "progress": axis_node.percent,
                "actions": [_action(node) for node in axis_node.nodes],
            }
            for axis_node in reading.tree.axes
        ],
    }


def _row(axis: Any, node: progress.Node, parent: str) -> list[Any]:
    action = node.action
    proposals = list(action.proposals.all())
    ranks = [p.priority for p in proposals if getattr(p, "priority", None)]
    best = min(ranks, key=lambda priority: priority.rank) if ranks else None
    return [
        axis.title,
        node.depth + 1,
        action.title,
        parent,
        action.status.name,
        node.percent,
        node.weight,
        SCOPE_WORDS.get(action.scope, action.scope),
        action.owner_label,
        action.start.isoformat() if action.start else "",
        action.due.isoformat() if action.due else "",
        " | ".join(f"{p.reference} {p.text}" for p in proposals),
        " | ".join(dict.fromkeys(p.theme.title for p in proposals)),
        best.rank if best else "",
        best.grade_label if best else "",
    ]


def as_csv(reading: RoadmapReading) -> bytes:
    """UTF-8 with a byte-order mark, ";" between cells, formula-looking cells quoted."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)

    def rows(axis: Any, node: progress.Node, parent: str) -> None:
        writer.writerow([neutralize(str(cell)) for cell in _row(axis, node, parent)])
        for child in node.children:
            rows(axis, child, node.action.title)

    for axis_node in reading.tree.axes:
        for node in axis_node.nodes:
            rows(axis_node.axis, node, "")
    return buffer.getvalue().encode("utf-8-sig")
