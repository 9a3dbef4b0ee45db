"""The roadmap app's models: the congress (``congress``), the roadmap (``plan``), the letter."""

from coopilote.roadmap.models.congress import (
    ACTIVE_STATUSES,
    Comment,
    Congress,
    Proposal,
    ProposalLink,
    Scope,
    Status,
    SubGroup,
    Theme,
    Workshop,
    union_abilities,
)
from coopilote.roadmap.models.letter import Letter
from coopilote.roadmap.models.plan import (
    DEFAULT_STATUSES,
    Action,
    ActionStatus,
    ActionUpdate,
    Axis,
    Roadmap,
    Subscription,
    plan_abilities,
)

__all__ = [
    "ACTIVE_STATUSES",
    "DEFAULT_STATUSES",
    "Action",
    "ActionStatus",
    "ActionUpdate",
    "Axis",
    "Comment",
    "Congress",
    "Letter",
    "Proposal",
    "ProposalLink",
    "Roadmap",
    "Scope",
    "Status",
    "SubGroup",
    "Subscription",
    "Theme",
    "Workshop",
    "plan_abilities",
    "union_abilities",
]
