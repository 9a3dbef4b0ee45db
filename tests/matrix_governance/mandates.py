"""Authorization rows of the governance mandates pages (see the matrix test)."""

from __future__ import annotations

from typing import Any

from tests.matrix import ALL_OK, LOGIN, Page, expect


def board_body(world: Any) -> Any:
    from coopilote.members.models import Body

    return Body.objects.get(union=world.union, cooperative=None, kind=Body.Kind.BOARD)


def board_role(world: Any) -> Any:
    from coopilote.governance.models import Role

    role, _ = Role.objects.get_or_create(
        body=board_body(world), name="Coprésidence", defaults={"holders": 2}
    )
    return role


def board_mandate(world: Any) -> Any:
    """The co-presidency, held by the world's board member (and nobody else yet)."""
    import datetime

    from coopilote.governance.models import Mandate

    role = board_role(world)
    held = Mandate.objects.filter(role=role).first()
    if held is None:
        start = datetime.date.today() - datetime.timedelta(days=10)
        held = Mandate.objects.create(
            role=role, start=start, end=start.replace(year=start.year + 2)
        )
        held.holders.set([world.people["board"]])
    return held


# The union's staff (and the platform's administrators) run the register of its bodies.
BODY_MANAGERS = expect(403, anonymous=LOGIN, staff=200, admin=200)

PAGES: list[Page] = [
    Page("governance:home", ALL_OK),
    # The register and the bodies' pages are public.
    Page("governance:register", ALL_OK),
    Page("governance:body", ALL_OK, kwargs=lambda w: {"pk": board_body(w).pk}),
    Page("governance:role_create", BODY_MANAGERS, kwargs=lambda w: {"pk": board_body(w).pk}),
    Page("governance:role_edit", BODY_MANAGERS, kwargs=lambda w: {"pk": board_role(w).pk}),
    Page("governance:mandate_create", BODY_MANAGERS, kwargs=lambda w: {"pk": board_role(w).pk}),
    Page("governance:mandate_end", BODY_MANAGERS, kwargs=lambda w: {"pk": board_mandate(w).pk}),
    # A holder declares their own interests; the staff may file it for them.
    Page(
        "governance:declaration",
        expect(403, anonymous=LOGIN, board=200, staff=200, admin=200),
        kwargs=lambda w: {"pk": board_mandate(w).pk},
    ),
    Page(
        "governance:declaration",
        expect(403, anonymous=LOGIN, board=302, staff=302, admin=302),
        kwargs=lambda w: {"pk": board_mandate(w).pk},
        method="post",
        data=lambda w: {"person": str(w.people["board"].pk), "nothing_to_declare": "on"},
    ),
]
