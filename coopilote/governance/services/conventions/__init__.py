"""Citizen conventions: the volunteer pool (sign-up, import, deduplication), the publication of
the lottery, the seed by commit-reveal, the draws (panel, replacements) and their audit, the
end of a convention and the erasure of its volunteers' identities six months later.

Every write is one transaction with one audit row; errors are ``ConventionError`` with a French
message (gettext) meant for the person who acted.
"""

from coopilote.governance.services.conventions.audit import Check, Verdict, verify
from coopilote.governance.services.conventions.common import (
    ConventionError,
    DuplicateVolunteerError,
    pending_decliners,
)
from coopilote.governance.services.conventions.draw import draw, pool_rows, publish
from coopilote.governance.services.conventions.pool import (
    ImportReport,
    decline,
    dedup_key,
    import_volunteers,
    sign_up,
    withdraw,
)
from coopilote.governance.services.conventions.retention import close, purge
from coopilote.governance.services.conventions.seed import (
    announce,
    any_value_out,
    guard_for,
    guards,
    in_seed,
    pending_contributions,
    reveal,
    set_aside,
)
from coopilote.governance.services.conventions.setup import (
    create_convention,
    open_signup,
    save_category,
    update_convention,
)

__all__ = [
    "Check",
    "ConventionError",
    "DuplicateVolunteerError",
    "ImportReport",
    "Verdict",
    "announce",
    "any_value_out",
    "close",
    "create_convention",
    "decline",
    "dedup_key",
    "draw",
    "guard_for",
    "guards",
    "import_volunteers",
    "in_seed",
    "open_signup",
    "pending_contributions",
    "pending_decliners",
    "pool_rows",
    "publish",
    "purge",
    "reveal",
    "save_category",
    "set_aside",
    "sign_up",
    "update_convention",
    "verify",
    "withdraw",
]
