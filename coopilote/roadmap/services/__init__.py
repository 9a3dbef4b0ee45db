"""The roadmap's writes: each one atomic and written to the audit log."""

from coopilote.roadmap.services.congress_import import ImportReport, default_name, import_congress
from coopilote.roadmap.services.proposals import (
    add_comment,
    confirm_scope,
    merge_proposals,
    split_proposal,
)
from coopilote.roadmap.services.tables import TableReport, export_rows, import_table

__all__ = [
    "ImportReport",
    "TableReport",
    "add_comment",
    "confirm_scope",
    "default_name",
    "export_rows",
    "import_congress",
    "import_table",
    "merge_proposals",
    "split_proposal",
]
