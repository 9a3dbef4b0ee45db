"""Consent decisions: thin views over ``services.consent``; every proposal goes through
``get_object_for`` (its ``abilities``), every write through a service."""

from coopilote.governance.views.consent.proposals import (
    proposal_amend,
    proposal_create,
    proposal_decide,
    proposal_detail,
    proposal_edit,
    proposal_facilitator,
    proposal_list,
    proposal_register,
    proposal_withdraw,
)
from coopilote.governance.views.consent.rounds import (
    round_answer,
    round_close,
    round_open,
    round_record,
)

__all__ = [
    "proposal_amend",
    "proposal_create",
    "proposal_decide",
    "proposal_detail",
    "proposal_edit",
    "proposal_facilitator",
    "proposal_list",
    "proposal_register",
    "proposal_withdraw",
    "round_answer",
    "round_close",
    "round_open",
    "round_record",
]
