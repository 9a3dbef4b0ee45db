"""Elections without candidates (sociocratic election), step by step; every write is audited.

nomination round (sealed) → reveal → change round → the facilitator proposes as many people as
the role has holders → consent round (``services.rounds``) → elected (a mandate, co-held when
the role is) or, on objections, back to a new proposal, or — too few answers — to a new consent
round on the same proposal. Every round is kept for the record (``record.election_record``).

``steps`` runs the election up to the proposal, ``consent`` its consent rounds, ``record`` reads
it back; callers use this package's names.
"""

from coopilote.governance.services.elections.common import ElectionError, Stage
from coopilote.governance.services.elections.consent import (
    answer,
    close_round,
    current_round,
    reopen_floor,
    reopen_round,
)
from coopilote.governance.services.elections.record import (
    RoundProgress,
    election_record,
    round_progress,
)
from coopilote.governance.services.elections.steps import (
    asked_by_email,
    cancel,
    check_close_changes,
    check_reveal,
    close_changes,
    nominate,
    propose,
    reveal,
    start,
)

__all__ = [
    "ElectionError",
    "RoundProgress",
    "Stage",
    "answer",
    "asked_by_email",
    "cancel",
    "check_close_changes",
    "check_reveal",
    "close_changes",
    "close_round",
    "current_round",
    "election_record",
    "nominate",
    "propose",
    "reopen_floor",
    "reopen_round",
    "reveal",
    "round_progress",
    "start",
]
