"""Authorization rows of the governance elections pages (see the matrix test)."""

from __future__ import annotations

from typing import Any

from tests.matrix import ALL_OK, LOGIN, Page, asked, expect
from tests.matrix_governance.mandates import BODY_MANAGERS, board_body, board_role


def board_election(world: Any, stage: str = "nomination") -> Any:
    """An election of the co-presidency on the world's union board, at ``stage``."""
    import datetime

    from coopilote.governance.models import Election

    election = Election.objects.filter(role=board_role(world)).first()
    if election is None:
        today = datetime.date.today()
        election = Election.objects.create(
            body=board_body(world),
            role=board_role(world),
            term_start=today,
            term_end=today.replace(year=today.year + 2),
            facilitator=world.people["staff"],
        )
    if election.stage != stage:
        election.stage = stage
        election.save(update_fields=["stage"])
    return election


def cooperative_election(world: Any) -> dict[str, Any]:
    """An election in one of the world's cooperative's circles: for its people only."""
    import datetime

    from coopilote.governance.models import Election, Role
    from coopilote.members.models import Body

    circle = Body.objects.get_or_create(
        union=world.union,
        cooperative=world.cooperative,
        kind=Body.Kind.CIRCLE,
        name="Cercle production",
    )[0]
    role = Role.objects.get_or_create(body=circle, name="Premier lien")[0]
    today = datetime.date.today()
    election = Election.objects.get_or_create(
        role=role,
        defaults={
            "body": circle,
            "term_start": today,
            "term_end": today.replace(year=today.year + 2),
            "facilitator": world.people["referent"],
        },
    )[0]
    return {"pk": election.pk}


def nominated(world: Any) -> None:
    """The board member has nominated in the board's election: the nominations may be revealed."""
    from coopilote.governance.models import Nomination

    Nomination.objects.get_or_create(
        election=board_election(world), step="nomination", nominator=world.people["board"]
    )


def pk(stage: str = "nomination") -> Any:
    return lambda w: {"pk": board_election(w, stage).pk}


# The body's members take part; its union's staff (or the named facilitator) run it. Refused
# steps come back as a message on the record page (302), so 302 means "let in".
MEMBERS_POST = expect(403, anonymous=LOGIN, board=302)
FACILITATORS_POST = expect(403, anonymous=LOGIN, staff=302, admin=302)
# Let through, then refused by the workflow (e.g. a wrong number of people): the record page
# comes back with the bound form and the refusal next to it.
FACILITATORS_REFUSED = expect(403, anonymous=LOGIN, staff=200, admin=200)
MEMBERS_REFUSED = expect(403, anonymous=LOGIN, board=200)

PAGES: list[Page] = [
    Page("governance:election_list", ALL_OK),
    Page("governance:election", ALL_OK, kwargs=pk()),
    Page("governance:election", ALL_OK, kwargs=pk("consent")),
    Page("governance:election_create", BODY_MANAGERS, kwargs=lambda w: {"pk": board_body(w).pk}),
    Page(
        "governance:election_nominate",
        MEMBERS_POST,
        kwargs=pk(),
        method="post",
        data=lambda w: {"nominee": str(w.people["board"].pk), "reason": "Disponible."},
    ),
    Page(
        "governance:election_nominate_for",
        FACILITATORS_POST,
        kwargs=pk(),
        method="post",
        data=lambda w: {"meeting-nominator": str(w.people["board"].pk), "meeting-nominee": ""},
    ),
    # Nobody has nominated yet: the confirmation comes back with the refusal in its form.
    Page("governance:election_reveal", FACILITATORS_REFUSED, kwargs=pk(), method="post"),
    Page("governance:election_reveal", asked(FACILITATORS_POST), kwargs=pk(), setup=nominated),
    Page(
        "governance:election_close_changes", FACILITATORS_POST, kwargs=pk("change"), method="post"
    ),
    Page("governance:election_close_changes", asked(FACILITATORS_POST), kwargs=pk("change")),
    Page(
        "governance:election_propose",
        FACILITATORS_REFUSED,
        kwargs=pk("proposal"),
        method="post",
        data=lambda w: {"people": [str(w.people["board"].pk)], "reason": "Seule membre."},
    ),
    Page(
        "governance:election_answer",
        MEMBERS_REFUSED,
        kwargs=pk("consent"),
        method="post",
        data=lambda w: {"kind": "consent"},
    ),
    Page(
        "governance:election_answer_for",
        FACILITATORS_REFUSED,
        kwargs=pk("consent"),
        method="post",
        data=lambda w: {"meeting-person": str(w.people["board"].pk), "meeting-kind": "consent"},
    ),
    Page("governance:election_close_round", FACILITATORS_POST, kwargs=pk("consent"), method="post"),
    # Set straight to the consent stage, the election has no proposal to put to a new round:
    # the facilitators are let in, and the refusal comes back next to the form.
    Page(
        "governance:election_reopen_round",
        FACILITATORS_REFUSED,
        kwargs=pk("consent"),
        method="post",
    ),
    Page("governance:election_cancel", FACILITATORS_POST, kwargs=pk(), method="post"),
    Page("governance:election_cancel", asked(FACILITATORS_POST), kwargs=pk()),
    # A cooperative's own election: a 404 for other cooperatives and unions (nothing leaks).
    Page(
        "governance:election",
        expect(404, member=200, referent=200, staff=200, board=200, confederation=200, admin=200),
        kwargs=cooperative_election,
    ),
    Page(
        "governance:election_nominate",
        expect(
            404,
            anonymous=LOGIN,
            member=403,
            referent=403,
            staff=403,
            board=403,
            confederation=403,
            admin=403,
        ),
        kwargs=cooperative_election,
        method="post",
        data=lambda w: {"nominee": "", "reason": ""},
    ),
    # Once elected, nobody runs or takes part in it any more.
    Page(
        "governance:election_cancel",
        expect(403, anonymous=LOGIN),
        kwargs=pk("elected"),
        method="post",
    ),
]
