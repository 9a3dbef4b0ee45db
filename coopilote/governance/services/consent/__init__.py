"""Consent decisions (sociocracy): every step of a proposal, atomic, guarded, in the audit log.

Stages only go forward: clarifying questions → reactions → consent round ⇄ integration of the
objections into an amended version → decided (with its review date), or withdrawn at any time.
Answers themselves go through ``services.rounds.answer`` (shared with elections).

``reads`` holds the stages, the refusal and the page's reads, ``workflow`` the proposal's
writes, ``round_steps`` its rounds' (both under ``locking``'s row lock), ``diff`` the escaped
diff between versions; callers use ``services.consent.<name>``.
"""

from coopilote.governance.services.consent.diff import inline_diff
from coopilote.governance.services.consent.reads import (
    OPEN_STAGES,
    OPENS_FROM,
    ROUND_STAGE,
    ConsentError,
    ProposalPage,
    Stage,
    current_version,
    is_member,
    last_consent_round,
    minimum_floor,
    next_round_kinds,
    open_round,
    proposal_page,
    standing_objections,
)
from coopilote.governance.services.consent.round_steps import (
    close_round,
    give_answer,
    start_round,
)
from coopilote.governance.services.consent.workflow import (
    amend,
    create,
    decide,
    set_facilitator,
    update,
    withdraw,
)

__all__ = [
    "OPENS_FROM",
    "OPEN_STAGES",
    "ROUND_STAGE",
    "ConsentError",
    "ProposalPage",
    "Stage",
    "amend",
    "close_round",
    "create",
    "current_version",
    "decide",
    "give_answer",
    "inline_diff",
    "is_member",
    "last_consent_round",
    "minimum_floor",
    "next_round_kinds",
    "open_round",
    "proposal_page",
    "set_facilitator",
    "standing_objections",
    "start_round",
    "update",
    "withdraw",
]
