"""Citizen conventions' pages: the union's staff prepare, publish and draw; anyone reads the
convention, signs up while sign-up is open, and re-verifies the draw on the audit page.

``pages`` holds the list, the record page and the set-up (convention, categories), ``pool`` the
sign-up and the volunteers, ``draw`` publication, seed, draw and closing, ``audit`` the public
audit and its files; ``common`` looks a convention up and runs a staff step (``act``).
"""

from coopilote.governance.views.conventions.audit import (
    audit,
    audit_pdf,
    categories_csv,
    draw_json,
    pool_csv,
    probabilities_csv,
)
from coopilote.governance.views.conventions.draw import (
    convention_close,
    convention_draw,
    convention_publish,
    reveal,
    seed,
    set_aside,
)
from coopilote.governance.views.conventions.pages import (
    category_add,
    category_edit,
    convention_create,
    convention_detail,
    convention_edit,
    convention_list,
)
from coopilote.governance.views.conventions.pool import (
    convention_open,
    decline,
    signup,
    volunteer_import,
    volunteers,
    withdraw,
)

__all__ = [
    "audit",
    "audit_pdf",
    "categories_csv",
    "category_add",
    "category_edit",
    "convention_close",
    "convention_create",
    "convention_detail",
    "convention_draw",
    "convention_edit",
    "convention_list",
    "convention_open",
    "convention_publish",
    "decline",
    "draw_json",
    "pool_csv",
    "probabilities_csv",
    "reveal",
    "seed",
    "set_aside",
    "signup",
    "volunteer_import",
    "volunteers",
    "withdraw",
]
