"""The roadmap's writes: each one atomic and written to the audit log.

``roadmaps`` holds the roadmap, its axes and statuses, ``plan`` its actions and milestones,
``updates`` their progress and log (``people`` the person behind a user, for both ``updates``
and ``digest``); callers use ``services.<name>``.
"""

from coopilote.roadmap.services.congress_import import ImportReport, default_name, import_congress
from coopilote.roadmap.services.digest import is_subscribed, send_digests, subscribe, unsubscribe
from coopilote.roadmap.services.letters import (
    create_letter,
    default_signatories,
    letter_body,
    update_letter,
)
from coopilote.roadmap.services.plan import create_action_from_proposals, update_action
from coopilote.roadmap.services.priorities import create_prioritisation_poll
from coopilote.roadmap.services.proposals import (
    add_comment,
    confirm_scope,
    merge_proposals,
    split_proposal,
)
from coopilote.roadmap.services.roadmaps import (
    add_axis,
    create_roadmap,
    save_statuses,
    update_roadmap,
)
from coopilote.roadmap.services.tables import TableReport, export_rows, import_table
from coopilote.roadmap.services.updates import add_update, current_progress, update_progress

__all__ = [
    "ImportReport",
    "TableReport",
    "add_axis",
    "add_comment",
    "add_update",
    "confirm_scope",
    "create_action_from_proposals",
    "create_letter",
    "create_prioritisation_poll",
    "create_roadmap",
    "current_progress",
    "default_name",
    "default_signatories",
    "export_rows",
    "import_congress",
    "import_table",
    "is_subscribed",
    "letter_body",
    "merge_proposals",
    "save_statuses",
    "send_digests",
    "split_proposal",
    "subscribe",
    "unsubscribe",
    "update_action",
    "update_letter",
    "update_progress",
    "update_roadmap",
]
