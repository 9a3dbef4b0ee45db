"""What the consent views share: the proposal through its abilities, the proposal page, a
service call whose refusal becomes a message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import ngettext

from coopilote.core.abilities import get_object_for
from coopilote.governance import notifications
from coopilote.governance.forms.consent import (
    AnswerForm,
    DecideForm,
    FacilitatorForm,
    RecordForm,
    RoundForm,
)
from coopilote.governance.models import ConsentDecision, Round
from coopilote.governance.services import consent, rounds
from coopilote.members.models import Body, Person
from coopilote.members.roles import roles_of

Error = (consent.ConsentError, rounds.RoundError)


def proposal_for(request: HttpRequest, pk: Any, action: str = "view") -> ConsentDecision:
    return get_object_for(
        request.user,
        ConsentDecision.objects.select_related(
            "body__union", "body__cooperative", "author", "facilitator"
        ),
        action,
        pk=pk,
    )


def visible_bodies(request: HttpRequest, union: Any) -> list[Body]:
    ids = ConsentDecision.objects.visible_in_union(union, request.user).values("body")
    own = Body.objects.of_union(union)
    roles = roles_of(request.user)
    seated = Body.objects.filter(union=union, pk__in=roles.bodies)
    return list(
        (own | seated | Body.objects.filter(pk__in=ids)).distinct().order_by("kind", "name")
    )


def detail(
    request: HttpRequest,
    proposal: ConsentDecision,
    *,
    answer_form: Any = None,
    record_form: Any = None,
    round_form: Any = None,
) -> HttpResponse:
    """The proposal page; a refused answer comes back in its bound form, next to its fields."""
    abilities: dict[str, bool] = proposal.user_abilities  # type: ignore[attr-defined]
    page = consent.proposal_page(proposal, roles_of(request.user).person_id)
    current, facilitate = page.current, abilities["facilitate"]
    # Past its deadline a round takes no more answers: no form to fill in for nothing.
    answering = current is not None and not rounds.past_deadline(current)
    # Before its deadline a consent round waits for the silent members: it can be neither
    # closed (unless an objection stands: no consent then anyway) nor decided.
    waiting = (
        current is not None
        and current.kind == Round.Kind.CONSENT
        and rounds.waiting_for_answers(current)
    )
    can_close = current is not None and not (waiting and not consent.standing_objections(current))
    is_open = proposal.stage in consent.OPEN_STAGES
    context = {
        "proposal": proposal,
        "version": page.version,
        "versions": page.versions,
        "rounds": page.rounds,
        "current": current,
        "mine": page.mine,
        "members": page.members,
        "rule_url": rule_url(proposal),
        "answer_form": answer_form
        or (
            AnswerForm(current)
            if current is not None and answering and abilities["take_part"]
            else None
        ),
        "past_deadline": current is not None and not answering,
        "record_form": record_form
        or (
            RecordForm(current, auto_id="record-%s")
            if current and current.in_meeting and facilitate
            else None
        ),
        "round_forms": [
            (
                kind,
                Round.Kind(kind).label,
                # A refused round comes back bound: its errors beside its fields, what was typed
                # kept.
                round_form
                if round_form is not None and round_form.data.get("kind") == kind
                else RoundForm(
                    initial={"kind": kind},
                    auto_id=f"{kind}-%s",
                    floor=consent.minimum_floor(proposal) if kind == Round.Kind.CONSENT else None,
                ),
            )
            for kind in (consent.next_round_kinds(proposal) if facilitate else [])
        ],
        "can_amend": facilitate
        and current is None
        and proposal.stage in ("clarifying", "reactions", "integration"),
        "decide_form": DecideForm(auto_id="decide-%s")
        if facilitate and proposal.stage == "consent" and page.may_decide and not waiting
        else None,
        "can_close": can_close,
        "waiting": waiting,
        "facilitator_form": FacilitatorForm(
            proposal, initial={"facilitator": proposal.facilitator_id}, auto_id="facilitator-%s"
        )
        if abilities["set_facilitator"] and is_open
        else None,
        "is_open": is_open,
        "last_consent": page.last_consent,
        "minimum_missed": page.minimum_missed,
    }
    return render(request, "governance/consent/detail.html", context)


def run(request: HttpRequest, service: Any, *args: Any, **kwargs: Any) -> bool:
    """Call a service; a refusal becomes a message on the proposal page."""
    try:
        service(*args, actor=request.user, **kwargs)
    except Error as error:
        messages.error(request, str(error))
        return False
    return True


def told_by_email(request: HttpRequest, members: list[Person]) -> None:
    """After a round opens at a distance: how many members the e-mail reaches, and who it
    cannot reach (the facilitator tells them another way, or their silence may count)."""
    missing = [member for member in members if not notifications.reachable(member)]
    told = len(members) - len(missing)
    messages.success(
        request,
        ngettext(
            "The round is open: %(count)s member is told by e-mail.",
            "The round is open: %(count)s members are told by e-mail.",
            told,
        )
        % {"count": told},
    )
    if missing:
        messages.warning(
            request,
            ngettext(
                "%(count)s member has no e-mail address, tell them another way: %(names)s.",
                "%(count)s members have no e-mail address, tell them another way: %(names)s.",
                len(missing),
            )
            % {"count": len(missing), "names": ", ".join(str(member) for member in missing)},
        )


def rule_url(proposal: ConsentDecision) -> str | None:
    """The page of the rule that allowed the decision, once the rules pages exist."""
    if proposal.rule_id is None:
        return None
    try:
        return reverse("governance:rule_detail", kwargs={"pk": proposal.rule_id})
    except NoReverseMatch:
        return None
