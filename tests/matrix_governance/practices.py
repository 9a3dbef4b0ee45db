"""Authorization rows of the governance practices pages (see the matrix test).

Published sheets are public; a cooperative's referent or manager (or its union's staff) writes
and edits its sheets — anyone else gets a 404 on the edit page; logged-in people comment; the
referent, manager or an associate of *another* cooperative says « we tried it too »."""

from __future__ import annotations

from typing import Any

from coopilote.conftest import World
from tests.matrix import ALL_OK, LOGIN, Page, expect


def sheet(world: World, published: bool = True) -> Any:
    from coopilote.governance.tests.rules_fixtures import practice_sheet

    return practice_sheet(world.cooperative, world.people["referent"], published=published)


SHEET_EDITORS = {"referent": 200, "staff": 200, "admin": 200}

PAGES: list[Page] = [
    Page("governance:practice_list", ALL_OK),
    Page(
        "governance:practice_create",
        expect(
            403,
            anonymous=LOGIN,
            referent=200,
            other_coop_referent=200,
            staff=200,
            other_union_staff=200,
            admin=200,
        ),
    ),
    Page("governance:practice_detail", ALL_OK, kwargs=lambda w: {"pk": sheet(w).pk}),
    Page(
        "governance:practice_detail",
        expect(404, **SHEET_EDITORS),
        kwargs=lambda w: {"pk": sheet(w, published=False).pk},
    ),
    Page(
        "governance:practice_edit",
        expect(404, anonymous=LOGIN, **SHEET_EDITORS),
        kwargs=lambda w: {"pk": sheet(w).pk},
    ),
    Page(
        "governance:practice_comment",
        expect(302),
        kwargs=lambda w: {"pk": sheet(w).pk},
        method="post",
        data=lambda w: {"text": "Merci pour ce partage."},
    ),
    Page(
        "governance:practice_tried",
        expect(403, anonymous=LOGIN, other_coop_referent=302),
        kwargs=lambda w: {"pk": sheet(w).pk},
        method="post",
        data=lambda w: {"cooperative": str(w.other_cooperative.pk), "note": "Chez nous aussi."},
    ),
]
