from coopilote.roadmap.views.congress import (
    congress_detail,
    congress_export,
    congress_import,
    congress_list,
    congress_reimport,
    congress_table_import,
    proposals_merge,
)
from coopilote.roadmap.views.proposals import (
    proposal_comment,
    proposal_detail,
    proposal_scope,
    proposal_split,
)

__all__ = [
    "congress_detail",
    "congress_export",
    "congress_import",
    "congress_list",
    "congress_reimport",
    "congress_table_import",
    "proposal_comment",
    "proposal_detail",
    "proposal_scope",
    "proposal_split",
    "proposals_merge",
]
