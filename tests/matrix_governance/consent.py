"""Authorization rows of the governance consent pages (see the matrix test).

The union's own bodies decide in the open: their proposals, rounds and register are public. A
body's members take part (questions, reactions, consent); its author edits or withdraws it; the
union's staff (or the member named facilitator) run the rounds. A cooperative's own bodies show
only to its people and to those who oversee its union.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tests.matrix import ALL_OK, LOGIN, Page, asked, expect


def _proposal(w: Any, *, facilitator: str | None = None, round_kind: str | None = None) -> Any:
    from coopilote.governance.services import consent
    from coopilote.members.models import Body

    board = Body.objects.get(union=w.union, cooperative=None, kind=Body.Kind.BOARD)
    proposal = consent.create(
        board,
        w.people["board"],
        title="Créer un groupe de travail Jeunesse",
        text="Le CA crée un groupe de travail Jeunesse.",
        living_effect="Sensibiliser les jeunes au vivant.",
        facilitator=w.people[facilitator] if facilitator else None,
    )
    if round_kind in ("clarifying", "consent"):
        consent.start_round(proposal, "clarifying", in_meeting=True)
    if round_kind == "consent":
        consent.start_round(proposal, "reactions", in_meeting=True)
        round_ = consent.start_round(proposal, "consent", in_meeting=True)
        consent.give_answer(proposal, round_, w.people["board"], "consent")
    return proposal


def _pk(w: Any, **options: Any) -> dict[str, Any]:
    return {"pk": _proposal(w, **options).pk}


def _round(w: Any, kind: str = "clarifying") -> dict[str, Any]:
    proposal = _proposal(w, round_kind=kind)
    return {"pk": proposal.pk, "round_pk": proposal.rounds.latest("created_at").pk}


def _board(w: Any) -> dict[str, Any]:
    from coopilote.members.models import Body

    return {"body": Body.objects.get(union=w.union, cooperative=None, kind=Body.Kind.BOARD).pk}


def _cooperative_circle(w: Any) -> Any:
    from coopilote.members.models import Body

    return Body.objects.get_or_create(
        union=w.union,
        cooperative=w.cooperative,
        kind=Body.Kind.CIRCLE,
        name="Cercle production",
    )[0]


def _cooperative_proposal(w: Any) -> dict[str, Any]:
    from coopilote.governance.models import ConsentDecision, DecisionVersion

    proposal = ConsentDecision.objects.create(
        body=_cooperative_circle(w), title="Semaine de quatre jours", author=w.people["referent"]
    )
    DecisionVersion.objects.create(proposal=proposal, number=1, text="Essayer six mois.")
    return {"pk": proposal.pk}


def _review() -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "decided_on": today.isoformat(),
        "review_on": (today + datetime.timedelta(days=365)).isoformat(),
    }


def _deadline() -> str:
    return timezone.localtime(timezone.now() + datetime.timedelta(days=2)).strftime(
        "%Y-%m-%dT%H:%M"
    )


# Who runs a union board's proposal: its staff (and the platform's administrators).
FACILITATORS = expect(403, anonymous=LOGIN, staff=302, admin=302)
# A cooperative body's proposal: its people and those who oversee its union see it.
COOPERATIVE_READERS = expect(
    404, member=200, referent=200, staff=200, board=200, confederation=200, admin=200
)

PAGES: list[Page] = [
    Page("governance:proposal_list", ALL_OK),
    Page("governance:proposal_register", ALL_OK),
    Page(
        "governance:proposal_create",
        expect(403, anonymous=LOGIN, board=200, staff=200, admin=200),
        kwargs=_board,
    ),
    Page(
        "governance:proposal_create",
        expect(
            404,
            anonymous=LOGIN,
            member=403,
            referent=200,
            staff=200,
            board=403,
            confederation=403,
            admin=200,
        ),
        kwargs=lambda w: {"body": _cooperative_circle(w).pk},
    ),
    Page("governance:proposal_detail", ALL_OK, kwargs=_pk),
    Page("governance:proposal_detail", COOPERATIVE_READERS, kwargs=_cooperative_proposal),
    Page("governance:proposal_detail", ALL_OK, kwargs=lambda w: _pk(w, round_kind="consent")),
    # The author (here the board member) edits and withdraws; so do the staff.
    Page(
        "governance:proposal_edit",
        expect(403, anonymous=LOGIN, board=200, staff=200, admin=200),
        kwargs=_pk,
    ),
    Page(
        "governance:proposal_withdraw",
        expect(403, anonymous=LOGIN, board=302, staff=302, admin=302),
        kwargs=_pk,
        method="post",
    ),
    Page(
        "governance:proposal_withdraw",
        asked(expect(403, anonymous=LOGIN, board=302, staff=302, admin=302)),
        kwargs=_pk,
    ),
    Page(
        "governance:proposal_facilitator",
        FACILITATORS,
        kwargs=_pk,
        method="post",
        data=lambda w: {"facilitator": ""},
    ),
    Page(
        "governance:proposal_round_open",
        FACILITATORS,
        kwargs=_pk,
        method="post",
        data=lambda w: {"kind": "clarifying", "deadline": _deadline()},
    ),
    # A board member named facilitator runs the rounds of that proposal.
    Page(
        "governance:proposal_round_open",
        expect(403, anonymous=LOGIN, board=302, staff=302, admin=302),
        kwargs=lambda w: _pk(w, facilitator="board"),
        method="post",
        data=lambda w: {"kind": "clarifying", "in_meeting": "on"},
    ),
    Page(
        "governance:proposal_round_close",
        FACILITATORS,
        kwargs=lambda w: _pk(w, round_kind="clarifying"),
        method="post",
    ),
    # Only the body's members answer for themselves; the staff facilitate, they do not answer.
    Page(
        "governance:proposal_answer",
        expect(403, anonymous=LOGIN, board=302),
        kwargs=_round,
        method="post",
        data=lambda w: {"kind": "question", "text": "Avec quel budget ?"},
    ),
    Page(
        "governance:proposal_record",
        FACILITATORS,
        kwargs=_round,
        method="post",
        data=lambda w: {"person": str(w.people["board"].pk), "kind": "question", "text": "?"},
    ),
    Page(
        "governance:proposal_amend",
        expect(403, anonymous=LOGIN, staff=200, admin=200),
        kwargs=_pk,
    ),
    Page(
        "governance:proposal_decide",
        FACILITATORS,
        kwargs=lambda w: _pk(w, round_kind="consent"),
        method="post",
        data=lambda w: _review(),
    ),
]
