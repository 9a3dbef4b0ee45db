"""General assemblies: thin views over ``services.assemblies``; objects via ``get_object_for``.

``pages`` lists, prepares and shows an assembly, ``conduct`` runs it (list of voters, presence,
resolutions, opening and closing), ``voting`` takes proxies, ballots and receipt checks,
``convocation`` convenes the members, ``minutes`` draws the minutes; ``common`` looks an
assembly up through its abilities.
"""

from coopilote.governance.views.assemblies.conduct import (
    assembly_close,
    assembly_open,
    assembly_roll,
    resolution_create,
    voter_presence,
)
from coopilote.governance.views.assemblies.convocation import (
    assembly_convene,
)
from coopilote.governance.views.assemblies.minutes import (
    assembly_minutes,
    minutes_context,
)
from coopilote.governance.views.assemblies.pages import (
    assembly_create,
    assembly_detail,
    assembly_edit,
    assembly_list,
    body_colleges,
)
from coopilote.governance.views.assemblies.voting import (
    assembly_proxy,
    receipt_check,
    resolution_vote,
)

__all__ = [
    "assembly_close",
    "assembly_convene",
    "assembly_create",
    "assembly_detail",
    "assembly_edit",
    "assembly_list",
    "assembly_minutes",
    "assembly_open",
    "assembly_proxy",
    "assembly_roll",
    "body_colleges",
    "minutes_context",
    "receipt_check",
    "resolution_create",
    "resolution_vote",
    "voter_presence",
]
