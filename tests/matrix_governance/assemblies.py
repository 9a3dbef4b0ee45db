"""Authorization rows of the governance assemblies pages (see the matrix test).

The world's cooperative holds its general assembly: its referent runs it (with the union's
staff), its member is on the roll. The roll, the proxies and the minutes are for the body's
managers and the voters; the union's board and the confederation oversee the assembly's page;
other cooperatives and other unions do not even learn that it exists (404).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.matrix import ALL_OK, LOGIN, Page, asked, expect  # noqa: F401


def _assembly(world: Any, state: str) -> Any:
    """The world's cooperative's GA in ``state`` (draft, open, closed); cached per world."""
    cache = world.__dict__.setdefault("_assemblies", {})
    if state in cache:
        return cache[state]
    from coopilote.governance.services import assemblies as services
    from coopilote.governance.tests.assemblies_fixtures import general_assembly, make_assembly
    from coopilote.governance.tests.assemblies_fixtures import resolution as add_resolution

    body = general_assembly(world.cooperative)
    assembly, _roll = make_assembly(body, {"": 1})
    services.add_voter(None, assembly, world.people["member"], None)
    res = add_resolution(assembly)
    if state in {"open", "closed"}:
        services.open_assembly(None, assembly)
    if state == "closed":
        services.cast_vote(world.people["member"], res, choice="for")
        services.close_assembly(None, assembly)
    assembly.refresh_from_db()
    cache[state] = assembly
    return assembly


def assembly_pk(state: str) -> Callable[[Any], dict[str, Any]]:
    return lambda w: {"pk": _assembly(w, state).pk}


def _member_line(world: Any, state: str) -> Any:
    return _assembly(world, state).voters.get(person=world.people["member"])


HIDDEN = {"no_role": 404, "other_coop_referent": 404, "other_union_staff": 404}
MANAGERS = {"referent": 200, "staff": 200, "admin": 200}
# The body's managers and the voters (the world's member sits on the roll).
ROLL = expect(403, anonymous=LOGIN, member=200, **MANAGERS, **HIDDEN)
# Preparing and running: the body's managers only.
RUN = expect(403, anonymous=LOGIN, **MANAGERS, **HIDDEN)
RUN_POST = {role: 302 if status == 200 else status for role, status in RUN.items()}

PAGES: list[Page] = [
    Page("governance:assembly_list", expect(200, anonymous=LOGIN)),
    # Only those who run a body of their union prepare an assembly.
    Page(
        "governance:assembly_create",
        expect(403, anonymous=LOGIN, **MANAGERS),
        setup=lambda w: _assembly(w, "draft") and None,
    ),
    Page(
        "governance:assembly_colleges",
        expect(403, anonymous=LOGIN, **MANAGERS),
        kwargs=lambda w: {"pk": _assembly(w, "draft").body_id},
    ),
    Page(
        "governance:assembly",
        expect(200, anonymous=LOGIN, **HIDDEN),
        kwargs=assembly_pk("closed"),
    ),
    Page("governance:assembly_roll", ROLL, kwargs=assembly_pk("open")),
    Page(
        "governance:assembly_presence",
        RUN_POST,
        kwargs=lambda w: {"pk": _assembly(w, "open").pk, "voter": _member_line(w, "open").pk},
        method="post",
        data=lambda w: {"present": "1"},
    ),
    Page("governance:resolution_create", RUN, kwargs=assembly_pk("draft")),
    # Changing the assembly: while it is prepared, by those who run it; frozen once its vote opens.
    Page("governance:assembly_edit", RUN, kwargs=assembly_pk("draft")),
    Page(
        "governance:assembly_edit",
        expect(403, anonymous=LOGIN, **HIDDEN),
        kwargs=assembly_pk("open"),
    ),
    # The convocation: while the assembly is prepared or its vote open, by those who run it.
    Page("governance:assembly_convene", asked(RUN_POST), kwargs=assembly_pk("draft")),
    Page("governance:assembly_convene", RUN_POST, kwargs=assembly_pk("draft"), method="post"),
    Page(
        "governance:assembly_convene",
        expect(403, anonymous=LOGIN, **HIDDEN),
        kwargs=assembly_pk("closed"),
    ),
    Page("governance:assembly_open", RUN_POST, kwargs=assembly_pk("draft"), method="post"),
    Page("governance:assembly_close", RUN_POST, kwargs=assembly_pk("open"), method="post"),
    Page("governance:assembly_close", asked(RUN_POST), kwargs=assembly_pk("open")),
    Page("governance:assembly_proxy", ROLL, kwargs=assembly_pk("open")),
    # Only the voter votes, on their own line (or a proxy they hold).
    Page(
        "governance:resolution_vote",
        expect(403, anonymous=LOGIN, member=200, **HIDDEN),
        kwargs=lambda w: {
            "pk": _assembly(w, "open").resolutions.get().pk,
            "voter": _member_line(w, "open").pk,
        },
    ),
    Page("governance:assembly_receipt_check", ROLL, kwargs=assembly_pk("closed")),
    Page("governance:assembly_minutes", ROLL, kwargs=assembly_pk("closed")),
]
