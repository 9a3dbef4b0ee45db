"""Elections without candidates: the list, the record page (with the form of the current step)
and one POST view per step. Thin views over ``services.elections``."""

from coopilote.governance.views.elections.nominations import (
    close_changes,
    nominate,
    nominate_for,
    reveal,
)
from coopilote.governance.views.elections.pages import (
    election_create,
    election_detail,
    election_list,
)
from coopilote.governance.views.elections.rounds import (
    answer,
    answer_for,
    cancel,
    close_round,
    propose,
    reopen_round,
)

__all__ = [
    "answer",
    "answer_for",
    "cancel",
    "close_changes",
    "close_round",
    "election_create",
    "election_detail",
    "election_list",
    "nominate",
    "nominate_for",
    "propose",
    "reopen_round",
    "reveal",
]
