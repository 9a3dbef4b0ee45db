"""Authorization rows of the governance rules pages (see the matrix test).

Rules and the register are public; the union's people (its cooperatives' members, its staff,
its board) propose and discuss amendments; its staff send them to a decision, settle them and
keep the register. Creating a document or a register line speaks for the current union.
"""

from __future__ import annotations

from typing import Any

from coopilote.conftest import World
from tests.matrix import ALL_OK, LOGIN, Page, asked, expect


def document(world: World) -> Any:
    if not hasattr(world, "_rules_document"):
        from coopilote.governance.tests.rules_fixtures import rules_document

        world._rules_document = rules_document(world.union)  # type: ignore[attr-defined]
    return world._rules_document  # type: ignore[attr-defined]


def amendment(world: World, in_decision: bool = False) -> Any:
    from coopilote.governance.services.rules import send_to_consent
    from coopilote.governance.tests.rules_fixtures import amendment as make

    made = make(document(world), world.people["member"])
    if in_decision:
        send_to_consent(None, made)
    return made


def register_line(world: World) -> Any:
    from coopilote.governance.tests.rules_fixtures import accountability

    return accountability(world.union)


UNION_PEOPLE = {"member": 200, "referent": 200, "staff": 200, "board": 200, "admin": 200}
UNION_PEOPLE_POST = {role: 302 for role in UNION_PEOPLE}
# Staff speaking for their current union (the confederation's staff for the confederation).
CURRENT_UNION_STAFF = expect(
    403, anonymous=LOGIN, staff=200, other_union_staff=200, confederation=200, admin=200
)
UNION_STAFF = expect(403, anonymous=LOGIN, staff=200, admin=200)
UNION_STAFF_POST = expect(403, anonymous=LOGIN, staff=302, admin=302)

PAGES: list[Page] = [
    Page("governance:rule_list", ALL_OK),
    Page("governance:rule_create", CURRENT_UNION_STAFF),
    Page("governance:rule_detail", ALL_OK, kwargs=lambda w: {"pk": document(w).pk}),
    Page("governance:rule_version", ALL_OK, kwargs=lambda w: {"pk": document(w).pk, "number": 1}),
    Page("governance:rule_compare", ALL_OK, kwargs=lambda w: {"pk": document(w).pk}),
    Page(
        "governance:amendment_create",
        expect(403, anonymous=LOGIN, **UNION_PEOPLE),
        kwargs=lambda w: {"pk": document(w).pk},
    ),
    Page("governance:amendment_detail", ALL_OK, kwargs=lambda w: {"pk": amendment(w).pk}),
    Page(
        "governance:amendment_comment",
        expect(403, anonymous=LOGIN, **UNION_PEOPLE_POST),
        kwargs=lambda w: {"pk": amendment(w).pk},
        method="post",
        data=lambda w: {"text": "Je soutiens cet amendement."},
    ),
    Page("governance:amendment_decide", UNION_STAFF, kwargs=lambda w: {"pk": amendment(w).pk}),
    Page(
        "governance:amendment_settle",
        UNION_STAFF_POST,
        kwargs=lambda w: {"pk": amendment(w, in_decision=True).pk},
        method="post",
    ),
    # The author and the staff rebase or withdraw an amendment.
    Page(
        "governance:amendment_rebase",
        expect(403, anonymous=LOGIN, member=200, staff=200, admin=200),
        kwargs=lambda w: {"pk": amendment(w).pk},
    ),
    Page(
        "governance:amendment_withdraw",
        expect(403, anonymous=LOGIN, member=302, staff=302, admin=302),
        kwargs=lambda w: {"pk": amendment(w).pk},
        method="post",
    ),
    Page(
        "governance:amendment_withdraw",
        asked(expect(403, anonymous=LOGIN, member=302, staff=302, admin=302)),
        kwargs=lambda w: {"pk": amendment(w).pk},
    ),
    Page("governance:accountability", ALL_OK),
    Page("governance:accountability_csv", ALL_OK),
    Page("governance:accountability_create", CURRENT_UNION_STAFF),
    Page(
        "governance:accountability_edit",
        UNION_STAFF,
        kwargs=lambda w: {"pk": register_line(w).pk},
    ),
    Page(
        "governance:accountability_delete",
        UNION_STAFF_POST,
        kwargs=lambda w: {"pk": register_line(w).pk},
        method="post",
    ),
    Page(
        "governance:accountability_delete",
        asked(UNION_STAFF_POST),
        kwargs=lambda w: {"pk": register_line(w).pk},
    ),
]
