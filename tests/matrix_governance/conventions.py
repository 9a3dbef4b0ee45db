"""Authorization rows of the governance conventions pages (see the matrix test).

The union's staff (and the platform's administrators) run a convention; anyone reads a
convention once it leaves the draft, signs up while sign-up is open and reads the audit. The
volunteers' identities are for the staff only.
"""

from __future__ import annotations

from typing import Any

from tests.matrix import ALL_OK, LOGIN, Page, asked, expect


def convention(world: Any, state: str = "signup") -> Any:
    """A convention of the world's union: draft, signup, published or drawn (cached per state);
    ``to_close``: a published one of its own, which the close rows may close."""
    cache = world.__dict__.setdefault("_conventions", {})
    if state not in cache:
        from coopilote.governance.tests.conventions_fixtures import drawn, make_convention, publish

        if state == "draft":
            made = make_convention(world.union, status="draft", volunteers=0)
        else:
            made = make_convention(world.union)
            if state in {"published", "to_close"}:
                publish(made)
            elif state == "drawn":
                drawn(made)
        cache[state] = made
    return cache[state]


def pending_source(world: Any) -> Any:
    from coopilote.governance.services import conventions as services

    published = convention(world, "published")
    sources = services.pending_contributions(published)
    return sources[0] if sources else services.announce(None, published, "Dés lancés en AG")


def revealed(world: Any) -> None:
    from coopilote.governance.services import conventions as services

    services.reveal(None, pending_source(world), "4-2-6")


def seated(world: Any) -> Any:
    return convention(world, "drawn").volunteers.filter(status="selected").first()


def pk(state: str) -> Any:
    return lambda w: {"pk": convention(w, state).pk}


MANAGERS = expect(403, anonymous=LOGIN, staff=200, admin=200)
MANAGERS_POST = expect(403, anonymous=LOGIN, staff=302, admin=302)
# Creating speaks for the current union: any union's staff create in their own.
CREATORS = expect(
    403, anonymous=LOGIN, staff=200, other_union_staff=200, confederation=200, admin=200
)
# A draft is not even seen outside the union's staff.
DRAFT_MANAGERS = expect(404, anonymous=LOGIN, staff=200, admin=200)
DRAFT_MANAGERS_POST = expect(404, anonymous=LOGIN, staff=302, admin=302)

PAGES: list[Page] = [
    Page("governance:convention_list", ALL_OK),
    Page("governance:convention_create", CREATORS),
    Page("governance:convention", ALL_OK, kwargs=pk("signup")),
    Page("governance:convention", expect(404, staff=200, admin=200), kwargs=pk("draft")),
    Page("governance:convention_edit", MANAGERS, kwargs=pk("signup")),
    Page("governance:convention_edit", DRAFT_MANAGERS, kwargs=pk("draft")),
    Page("governance:convention_category_add", DRAFT_MANAGERS, kwargs=pk("draft")),
    Page(
        "governance:convention_category_edit",
        MANAGERS,
        kwargs=lambda w: {
            "pk": convention(w).pk,
            "category": convention(w).categories.get(key="genre").pk,
        },
    ),
    Page("governance:convention_open", DRAFT_MANAGERS_POST, kwargs=pk("draft"), method="post"),
    # Anyone signs up while sign-up is open (consent given, answers chosen).
    Page("governance:convention_signup", ALL_OK, kwargs=pk("signup")),
    Page(
        "governance:convention_signup",
        expect(302),
        kwargs=pk("signup"),
        method="post",
        data=lambda w: {
            "first_name": "Nadia",
            "last_name": "Haddad",
            "email": "nadia.haddad@exemple.fr",
            "category_age": "18-39 ans",
            "category_genre": "femme",
            "consent": "on",
        },
    ),
    Page("governance:convention_signup", expect(404, staff=200, admin=200), kwargs=pk("draft")),
    Page("governance:convention_volunteers", MANAGERS, kwargs=pk("signup")),
    Page("governance:convention_import", MANAGERS, kwargs=pk("signup")),
    Page("governance:convention_publish", MANAGERS_POST, kwargs=pk("signup"), method="post"),
    Page("governance:convention_publish", asked(MANAGERS_POST), kwargs=pk("signup")),
    Page("governance:convention_seed", MANAGERS, kwargs=pk("published")),
    Page(
        "governance:convention_seed",
        MANAGERS_POST,
        kwargs=pk("published"),
        method="post",
        data=lambda w: {"label": "Tirage EuroMillions du vendredi"},
    ),
    Page(
        "governance:convention_reveal",
        MANAGERS_POST,
        kwargs=lambda w: {
            "pk": convention(w, "published").pk,
            "contribution": pending_source(w).pk,
        },
        method="post",
        data=lambda w: {f"{pending_source(w).pk}-value": "4-2-6"},
    ),
    Page(
        "governance:convention_set_aside",
        MANAGERS_POST,
        kwargs=lambda w: {
            "pk": convention(w, "published").pk,
            "contribution": pending_source(w).pk,
        },
        method="post",
    ),
    Page(
        "governance:convention_draw",
        MANAGERS_POST,
        kwargs=pk("published"),
        method="post",
        setup=revealed,
    ),
    Page(
        "governance:convention_decline",
        MANAGERS_POST,
        kwargs=lambda w: {"pk": convention(w, "drawn").pk, "volunteer": seated(w).pk},
        method="post",
    ),
    Page(
        "governance:convention_decline",
        asked(MANAGERS_POST),
        kwargs=lambda w: {"pk": convention(w, "drawn").pk, "volunteer": seated(w).pk},
    ),
    # The audit and its files are public once the lottery is published.
    Page("governance:convention_audit", ALL_OK, kwargs=pk("drawn")),
    Page("governance:convention_audit", ALL_OK, kwargs=pk("signup")),
    Page("governance:convention_pool_csv", ALL_OK, kwargs=pk("drawn")),
    Page("governance:convention_pool_csv", expect(404), kwargs=pk("signup")),
    Page("governance:convention_categories_csv", ALL_OK, kwargs=pk("drawn")),
    Page("governance:convention_probabilities_csv", ALL_OK, kwargs=pk("drawn")),
    Page("governance:convention_draw_json", ALL_OK, kwargs=pk("drawn")),
    Page("governance:convention_audit_pdf", ALL_OK, kwargs=pk("drawn")),
]

PAGES += [
    Page(
        "governance:convention_withdraw",
        MANAGERS_POST,
        kwargs=lambda w: {
            "pk": convention(w).pk,
            "volunteer": convention(w).volunteers.order_by("number").first().pk,
        },
        method="post",
    ),
    Page(
        "governance:convention_withdraw",
        asked(MANAGERS_POST),
        kwargs=lambda w: {
            "pk": convention(w).pk,
            "volunteer": convention(w).volunteers.order_by("number").first().pk,
        },
    ),
]

PAGES += [
    # Closing ends the convention (its volunteers' identities are erased six months later).
    Page("governance:convention_close", MANAGERS_POST, kwargs=pk("to_close"), method="post"),
    Page("governance:convention_close", DRAFT_MANAGERS_POST, kwargs=pk("draft"), method="post"),
    Page("governance:convention_close", asked(MANAGERS_POST), kwargs=pk("to_close")),
    Page("governance:convention_close", asked(DRAFT_MANAGERS_POST), kwargs=pk("draft")),
]
