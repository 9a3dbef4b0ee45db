"""Rules pages: documents, versions and differences, amendments, the accountability register.

Thin views over ``services.rules``; every object goes through ``get_object_for``.
"""

from coopilote.governance.views.rules.amendments import (
    amendment_comment,
    amendment_create,
    amendment_decide,
    amendment_detail,
    amendment_rebase,
    amendment_settle,
    amendment_withdraw,
)
from coopilote.governance.views.rules.documents import (
    rule_compare,
    rule_create,
    rule_detail,
    rule_list,
    rule_version,
)
from coopilote.governance.views.rules.register import (
    accountability,
    accountability_create,
    accountability_csv,
    accountability_delete,
    accountability_edit,
)

__all__ = [
    "accountability",
    "accountability_create",
    "accountability_csv",
    "accountability_delete",
    "accountability_edit",
    "amendment_comment",
    "amendment_create",
    "amendment_decide",
    "amendment_detail",
    "amendment_rebase",
    "amendment_settle",
    "amendment_withdraw",
    "rule_compare",
    "rule_create",
    "rule_detail",
    "rule_list",
    "rule_version",
]
