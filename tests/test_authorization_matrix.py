"""Every URL × every role: who may see or do what, across unions and cooperatives.

The matrix is the specification. `test_every_url_is_in_the_matrix` fails when a module adds
a URL without saying here who may reach it, so no page escapes this review.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from coopilote.conftest import ROLES, World
from tests.matrix import ALL_OK, LOGIN, Page, expect


def hide(world: World) -> None:
    """Make the other union's cooperative private (no longer an active member)."""
    world.other_cooperative.is_active = False
    world.other_cooperative.save()


COOPERATIVE_EDITORS = {"referent": 200, "staff": 200, "admin": 200}

PAGES = [
    Page("core:home", ALL_OK),
    Page("core:healthz", ALL_OK),
    Page("core:robots", ALL_OK),
    Page("core:accessibility", ALL_OK),
    Page("accounts:login", ALL_OK),
    Page("accounts:logout", expect(302), method="post"),
    Page("accounts:account", expect(200, anonymous=LOGIN)),
    Page("accounts:export", expect(200, anonymous=LOGIN)),
    Page("accounts:erasure", expect(302), method="post"),
    Page("accounts:password_change", expect(200, anonymous=LOGIN)),
    Page("accounts:password_change_done", expect(200, anonymous=LOGIN)),
    Page("accounts:password_reset", ALL_OK),
    Page("accounts:password_reset_done", ALL_OK),
    Page("accounts:password_reset_complete", ALL_OK),
    Page(
        "accounts:password_reset_confirm",
        ALL_OK,  # an invalid link renders the "link invalid" page, it does not leak anything
        kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"},
    ),
    Page("members:list", ALL_OK),
    Page("members:cooperative", ALL_OK, kwargs=lambda w: {"pk": w.cooperative.pk}),
    # Another union's cooperative that left the movement: only its own people and union see it.
    Page(
        "members:cooperative",
        expect(404, other_coop_referent=200, other_union_staff=200, confederation=200, admin=200),
        kwargs=lambda w: {"pk": w.other_cooperative.pk},
        setup=hide,
    ),
    Page(
        "members:cooperative_edit",
        expect(403, anonymous=LOGIN, **COOPERATIVE_EDITORS),
        kwargs=lambda w: {"pk": w.cooperative.pk},
    ),
    Page(
        "members:cooperative_edit",
        expect(
            404,
            anonymous=LOGIN,
            other_coop_referent=200,
            other_union_staff=200,
            confederation=403,
            admin=200,
        ),
        kwargs=lambda w: {"pk": w.other_cooperative.pk},
        setup=hide,
    ),
    Page(
        "members:switch_union",
        # Staff and board may pick a union they serve; nobody enters another by forging a POST.
        expect(403, staff=302, board=302, admin=302, confederation=302),
        method="post",
        data=lambda w: {"union": str(w.union.pk)},
    ),
]


def congress(world: World) -> Any:
    """The seed congress of the world's union, imported once per test."""
    if not hasattr(world, "_congress"):
        from coopilote.roadmap.services import import_congress

        seed = Path(__file__).resolve().parents[1] / "coopilote/roadmap/tests/data/congres-2025.txt"
        world._congress = import_congress(world.union, seed.read_bytes(), None).congress  # type: ignore[attr-defined]
    return world._congress  # type: ignore[attr-defined]


def proposal(world: World) -> Any:
    return congress(world).proposals.order_by("theme__number", "number").first()


# Union staff and the board prepare the congress's output; the confederation only reads it.
CONGRESS_EDITORS = expect(403, anonymous=LOGIN, staff=200, board=200, admin=200)
# Members of the union's cooperatives, its staff and its board discuss the proposals.
COMMENTERS = expect(403, anonymous=LOGIN, member=302, referent=302, staff=302, board=302, admin=302)

PAGES += [
    Page("roadmap:congress_list", ALL_OK),
    Page("roadmap:congress", ALL_OK, kwargs=lambda w: {"pk": congress(w).pk}),
    Page("roadmap:proposal", ALL_OK, kwargs=lambda w: {"pk": proposal(w).pk}),
    Page("roadmap:export", ALL_OK, kwargs=lambda w: {"pk": congress(w).pk, "fmt": "csv"}),
    # Importing speaks for the current union: every staff member imports into their own.
    Page(
        "roadmap:congress_import",
        expect(
            403,
            anonymous=LOGIN,
            staff=200,
            board=200,
            admin=200,
            other_union_staff=200,
            confederation=200,
        ),
    ),
    Page("roadmap:congress_reimport", CONGRESS_EDITORS, kwargs=lambda w: {"pk": congress(w).pk}),
    Page("roadmap:merge", CONGRESS_EDITORS, kwargs=lambda w: {"pk": congress(w).pk}),
    Page("roadmap:table_import", CONGRESS_EDITORS, kwargs=lambda w: {"pk": congress(w).pk}),
    Page("roadmap:split", CONGRESS_EDITORS, kwargs=lambda w: {"pk": proposal(w).pk}),
    Page(
        "roadmap:scope",
        {role: 302 if status == 200 else status for role, status in CONGRESS_EDITORS.items()},
        kwargs=lambda w: {"pk": proposal(w).pk},
        method="post",
        data=lambda w: {"scope": "national"},
    ),
    Page(
        "roadmap:comment",
        COMMENTERS,
        kwargs=lambda w: {"pk": proposal(w).pk},
        method="post",
        data=lambda w: {"text": "Je soutiens cette proposition."},
    ),
]


def poll(world: World, state: str) -> Any:
    """A prioritisation poll of the world's union in the given state; member and referent vote."""
    from coopilote.voting import services
    from coopilote.voting.tests.conftest import make_poll, option_ids

    made = make_poll(world)
    if state in {"open", "closed"}:
        services.open_poll(world.user("staff"), made)
    if state == "closed":
        services.cast_ballot(world.people["member"], made, dict.fromkeys(option_ids(made), 4))
        services.close_poll(world.user("staff"), made)
    return made


def poll_pk(state: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": poll(w, state).pk}


# A poll is the union's business until its results are published: outsiders get a 404.
OUTSIDERS = {"anonymous": 404, "no_role": 404, "other_coop_referent": 404, "other_union_staff": 404}
POLL_INSIDERS = expect(200, **OUTSIDERS)
POLL_RUNNERS = expect(403, staff=302, board=302, admin=302, **OUTSIDERS)
POLL_WATCHERS = expect(403, staff=200, board=200, confederation=200, admin=200)
# Before closing, those who see the poll are sent back to it (it says when results come).
BEFORE_CLOSING = expect(302, **OUTSIDERS)

PAGES += [
    Page("voting:list", ALL_OK),
    Page(
        "voting:create",
        expect(
            403,
            anonymous=LOGIN,
            staff=200,
            board=200,
            admin=200,
            other_union_staff=200,
            confederation=200,
        ),
    ),
    Page("voting:poll", POLL_INSIDERS, kwargs=poll_pk("open")),
    # A draft is seen by those who prepare it only.
    Page(
        "voting:open",
        POLL_RUNNERS | {"member": 404, "referent": 404, "confederation": 403},
        kwargs=poll_pk("draft"),
        method="post",
    ),
    Page("voting:close", POLL_RUNNERS, kwargs=poll_pk("open"), method="post"),
    # Only the frozen electorate (the union's cooperative members) votes.
    Page(
        "voting:vote",
        expect(403, member=200, referent=200, **(OUTSIDERS | {"anonymous": LOGIN})),
        kwargs=poll_pk("open"),
    ),
    Page("voting:electors", POLL_WATCHERS, kwargs=poll_pk("closed")),
    # Results, ballots and receipts are public once the poll is closed, and not before.
    Page("voting:results", ALL_OK, kwargs=poll_pk("closed")),
    Page("voting:results", BEFORE_CLOSING, kwargs=poll_pk("open")),
    Page("voting:results_csv", ALL_OK, kwargs=poll_pk("closed")),
    Page("voting:results_pdf", ALL_OK, kwargs=poll_pk("closed")),
    Page("voting:ballots_csv", ALL_OK, kwargs=poll_pk("closed")),
    Page("voting:ballots_csv", BEFORE_CLOSING, kwargs=poll_pk("open")),
    Page("voting:receipts", ALL_OK, kwargs=poll_pk("closed")),
    Page("voting:receipt_check", ALL_OK, kwargs=poll_pk("closed")),
]

# The regional roadmap, its letter, the prioritisation vote and the national view (roadmap app).
from coopilote.roadmap.tests.factories import plan  # noqa: E402

# A published roadmap or letter is public; its drafts are seen by those who write them and
# by the confederation (which reads, never edits); other unions' staff do not even see them.
DRAFT_READERS = expect(404, staff=200, board=200, admin=200, confederation=200)
EDITORS_POST = {role: 302 if status == 200 else status for role, status in CONGRESS_EDITORS.items()}

PAGES += [
    Page("roadmap:prioritise", CONGRESS_EDITORS, kwargs=lambda w: {"pk": congress(w).pk}),
    Page(
        "roadmap:congress_letter_create",
        EDITORS_POST,
        kwargs=lambda w: {"pk": congress(w).pk},
        method="post",
    ),
    Page("roadmap:roadmap_list", ALL_OK),
    Page("roadmap:national", ALL_OK),
    # Creating speaks for the current union, like importing a congress.
    Page(
        "roadmap:roadmap_create",
        expect(
            403,
            anonymous=LOGIN,
            staff=200,
            board=200,
            admin=200,
            other_union_staff=200,
            confederation=200,
        ),
    ),
    Page("roadmap:roadmap", ALL_OK, kwargs=lambda w: {"pk": plan(w).roadmap.pk}),
    Page("roadmap:roadmap", DRAFT_READERS, kwargs=lambda w: {"pk": plan(w).draft.pk}),
    Page(
        "roadmap:roadmap_data", ALL_OK, kwargs=lambda w: {"pk": plan(w).roadmap.pk, "fmt": "json"}
    ),
    Page(
        "roadmap:roadmap_data",
        DRAFT_READERS,
        kwargs=lambda w: {"pk": plan(w).draft.pk, "fmt": "csv"},
    ),
    Page("roadmap:roadmap_edit", CONGRESS_EDITORS, kwargs=lambda w: {"pk": plan(w).roadmap.pk}),
    Page("roadmap:roadmap_statuses", CONGRESS_EDITORS, kwargs=lambda w: {"pk": plan(w).roadmap.pk}),
    Page(
        "roadmap:roadmap_add_axis",
        EDITORS_POST,
        kwargs=lambda w: {"pk": plan(w).roadmap.pk},
        method="post",
        data=lambda w: {"title": "Nouvel axe"},
    ),
    # Anyone known to the union (a person with a login) may follow a published roadmap.
    Page(
        "roadmap:roadmap_subscribe",
        expect(302, anonymous=LOGIN),
        kwargs=lambda w: {"pk": plan(w).roadmap.pk},
        method="post",
    ),
    Page("roadmap:action_create", CONGRESS_EDITORS, kwargs=lambda w: {"pk": plan(w).roadmap.pk}),
    Page(
        "roadmap:letter_create",
        EDITORS_POST,
        kwargs=lambda w: {"pk": plan(w).roadmap.pk},
        method="post",
    ),
    Page("roadmap:action", ALL_OK, kwargs=lambda w: {"pk": plan(w).action.pk}),
    Page("roadmap:action_edit", CONGRESS_EDITORS, kwargs=lambda w: {"pk": plan(w).action.pk}),
    Page(
        "roadmap:action_progress",
        EDITORS_POST,
        kwargs=lambda w: {"pk": plan(w).action.pk},
        method="post",
        data=lambda w: {"progress": 40, "note": "Lancé."},
    ),
    Page(
        "roadmap:action_update",
        EDITORS_POST,
        kwargs=lambda w: {"pk": plan(w).action.pk},
        method="post",
        data=lambda w: {"text": "Réunion tenue."},
    ),
    Page("roadmap:letter", ALL_OK, kwargs=lambda w: {"pk": plan(w).letter.pk}),
    Page("roadmap:letter", DRAFT_READERS, kwargs=lambda w: {"pk": plan(w).draft_letter.pk}),
    Page("roadmap:letter_edit", CONGRESS_EDITORS, kwargs=lambda w: {"pk": plan(w).letter.pk}),
    Page(
        "roadmap:letter_download",
        ALL_OK,
        kwargs=lambda w: {"pk": plan(w).letter.pk, "fmt": "docx"},
    ),
    Page(
        "roadmap:letter_download",
        DRAFT_READERS,
        kwargs=lambda w: {"pk": plan(w).draft_letter.pk, "fmt": "docx"},
    ),
]

# The national directory is public: every active cooperative of every union, for everyone.
PAGES += [
    Page("directory:search", ALL_OK),
    Page("directory:export_csv", ALL_OK),
    Page("directory:export_xlsx", ALL_OK),
    Page("directory:map_data", ALL_OK),
    # The register import: staff of a regional union, for their current union only.
    Page(
        "directory:registry",
        expect(403, anonymous=LOGIN, staff=200, other_union_staff=200, admin=200),
    ),
    Page(
        "directory:registry_apply",
        expect(403, anonymous=LOGIN, staff=302, other_union_staff=302, admin=302),
        method="post",
    ),
    Page("directory_api:cooperatives", ALL_OK),
    Page("directory_api:openapi-json", ALL_OK),
    # django-ninja's root only serves to compute the operations' paths (no docs page: CSP).
    Page("directory_api:api-root", expect(404)),
]


def profile_object(world: World, kind: str) -> Any:
    """A photo, testimonial or pending correction of the world's cooperative (no file stored)."""
    from coopilote.directory.models import CorrectionSuggestion, Photo, Testimonial

    coop = world.cooperative
    if kind == "photo":
        return Photo.objects.create(
            cooperative=coop, image="x.jpg", alt_text="Atelier", width=1, height=1
        )
    if kind == "testimonial":
        return Testimonial.objects.create(cooperative=coop, author_name="Anne", text="Oui.")
    return CorrectionSuggestion.objects.create(cooperative=coop, message="Le SIRET a changé.")


# A cooperative's photos and testimonials are its editors'; anyone suggests a correction, and
# those who edit the cooperative (its referent, its union's staff) review it.
PROFILE_EDITORS_POST = expect(403, anonymous=LOGIN, referent=302, staff=302, admin=302)
PAGES += [
    Page("directory:suggest_correction", ALL_OK, kwargs=lambda w: {"pk": w.cooperative.pk}),
    Page(
        "directory:photos",
        expect(403, anonymous=LOGIN, **COOPERATIVE_EDITORS),
        kwargs=lambda w: {"pk": w.cooperative.pk},
    ),
    Page(
        "directory:photo_delete",
        PROFILE_EDITORS_POST,
        kwargs=lambda w: {"pk": profile_object(w, "photo").pk},
        method="post",
    ),
    Page(
        "directory:testimonials",
        expect(403, anonymous=LOGIN, **COOPERATIVE_EDITORS),
        kwargs=lambda w: {"pk": w.cooperative.pk},
    ),
    Page(
        "directory:testimonial_delete",
        PROFILE_EDITORS_POST,
        kwargs=lambda w: {"pk": profile_object(w, "testimonial").pk},
        method="post",
    ),
    # Every union's staff and every cooperative editor has a (possibly empty) review list.
    Page(
        "directory:corrections",
        expect(
            403,
            anonymous=LOGIN,
            referent=200,
            other_coop_referent=200,
            staff=200,
            other_union_staff=200,
            confederation=200,
            admin=200,
        ),
    ),
    # Someone else's correction is not even seen: its message and e-mail are private.
    Page(
        "directory:correction_review",
        expect(404, anonymous=LOGIN, referent=302, staff=302, admin=302),
        kwargs=lambda w: {"pk": profile_object(w, "correction").pk},
        method="post",
        data=lambda w: {"status": "applied"},
    ),
]


def board_post(world: World, closed: bool = False) -> Any:
    """An offer of the world's cooperative (closed: only its editors still see it)."""
    from django.utils import timezone

    from coopilote.directory.models import Post

    return Post.objects.create(
        cooperative=world.cooperative,
        kind="offer",
        category="equipment",
        title="Prêt d’une nacelle élévatrice",
        description="Disponible en semaine.",
        closed_at=timezone.now() if closed else None,
    )


# The board is public like the directory; posting takes a cooperative's editor or its union.
PAGES += [
    Page("directory:board", ALL_OK),
    Page("directory:post", ALL_OK, kwargs=lambda w: {"pk": board_post(w).pk}),
    Page(
        "directory:post",
        expect(404, **COOPERATIVE_EDITORS),
        kwargs=lambda w: {"pk": board_post(w, closed=True).pk},
    ),
    Page(
        "directory:post_create",
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
    Page(
        "directory:post_edit",
        expect(403, anonymous=LOGIN, **COOPERATIVE_EDITORS),
        kwargs=lambda w: {"pk": board_post(w).pk},
    ),
    Page(
        "directory:post_close",
        expect(403, anonymous=LOGIN, referent=302, staff=302, admin=302),
        kwargs=lambda w: {"pk": board_post(w).pk},
        method="post",
    ),
]


def import_job(world: World) -> Any:
    """A cooperative import of the world's union, waiting to be checked."""
    from coopilote.directory.models import ImportJob

    return ImportJob.objects.create(
        union=world.union, filename="cooperatives.csv", content=b"nom;siret;statut\r\n"
    )


# Importing cooperatives: a regional union's staff, into their current union; a job is not
# even seen outside the union that sent it.
IMPORT_STAFF = expect(403, anonymous=LOGIN, staff=200, other_union_staff=200, admin=200)
PAGES += [
    Page("directory:import_list", IMPORT_STAFF),
    Page("directory:import_new", IMPORT_STAFF),
    Page(
        "directory:import_detail",
        expect(404, anonymous=LOGIN, staff=200, admin=200),
        kwargs=lambda w: {"pk": import_job(w).pk},
    ),
    Page(
        "directory:import_progress",
        expect(404, anonymous=LOGIN, staff=200, admin=200),
        kwargs=lambda w: {"pk": import_job(w).pk},
    ),
    Page(
        "directory:import_apply",
        expect(404, anonymous=LOGIN, staff=302, admin=302),
        kwargs=lambda w: {"pk": import_job(w).pk},
        method="post",
    ),
]

from tests.matrix_governance import PAGES as GOVERNANCE_PAGES  # noqa: E402

PAGES += GOVERNANCE_PAGES

COVERED_ELSEWHERE = {
    # name: where its authorization is tested (module tests with their own fixtures)
}


def client_for(world: World, role: str) -> Client:
    client = Client()
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return client


CASES = [(page, role) for page in PAGES for role in ROLES]


@pytest.mark.parametrize(
    ("page", "role"),
    CASES,
    ids=[f"{p.name}#{i // len(ROLES)}-{r}" for i, (p, r) in enumerate(CASES)],
)
def test_each_role_gets_the_expected_answer_on_each_page(world: World, page: Page, role: str):
    page.setup(world)
    url = reverse(page.name, kwargs=page.kwargs(world))
    response = getattr(client_for(world, role), page.method)(url, page.data(world))
    assert response.status_code == page.expected[role], (
        f"{role} {page.method.upper()} {url}: {response.status_code}, "
        f"expected {page.expected[role]}"
    )
    if page.expected[role] == LOGIN and role == "anonymous" and page.method == "get":
        assert reverse("accounts:login") in response["Location"]


def url_names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_url_is_in_the_matrix():
    listed = {page.name for page in PAGES} | set(COVERED_ELSEWHERE)
    missing = url_names(get_resolver().url_patterns) - listed
    assert not missing, f"URLs with no authorization rows: {sorted(missing)}"
