"""Irreversible governance actions ask first.

Cancelling an election, withdrawing a proposal or an amendment, erasing a volunteer's data or
recording their decline, closing an assembly's vote, removing a line of the accountability
register: the object's page links to the action's address, which, opened (GET), says what will
happen and that it is final, and changes nothing. Only its form (POST) acts, as before. Whoever
may not act is refused that page exactly as they are refused the action: the same login
redirect, 403 or 404.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from coopilote.conftest import ROLES, World
from coopilote.core.models import AuditEvent
from coopilote.governance.models import (
    Accountability,
    Amendment,
    Assembly,
    ConsentDecision,
    Convention,
    Election,
    Volunteer,
)
from coopilote.governance.services import assemblies, consent, elections
from coopilote.governance.tests.assemblies_fixtures import (
    general_assembly,
    make_assembly,
    resolution,
)
from coopilote.governance.tests.conventions_fixtures import drawn, make_convention
from coopilote.governance.tests.factories import RoleFactory, union_board
from coopilote.governance.tests.rules_fixtures import accountability, amendment, rules_document

pytestmark = pytest.mark.django_db

FINAL = "This action is final: it cannot be undone."


@dataclass
class Target:
    """The object an action acts on: the action's URL arguments, the page whose button leads
    to it (the confirmation's « go back » link too), the title the confirmation names, and
    whether the action has happened."""

    kwargs: dict[str, Any]
    page: str
    subject: str
    done: Callable[[], bool]


# --- the objects, one per action, in the world's union ------------------------------------------


def an_election(world: World) -> Target:
    board, _members = union_board(world.union, 0)
    role = RoleFactory(body=board, name="Coprésidence", holders=1)
    staff = world.people["staff"]
    next_week = datetime.date.today() + datetime.timedelta(days=7)
    made = elections.start(staff.user, role, staff, next_week)
    return Target(
        {"pk": made.pk},
        reverse("governance:election", kwargs={"pk": made.pk}),
        "Coprésidence",
        lambda: Election.objects.get(pk=made.pk).stage == Election.Stage.CANCELLED,
    )


def a_proposal(world: World) -> Target:
    """Proposed by the board member to the union's board."""
    board, _members = union_board(world.union, 0)
    made = consent.create(
        board,
        world.people["board"],
        title="Créer un groupe de travail Jeunesse",
        text="Le CA crée un groupe de travail Jeunesse.",
    )
    return Target(
        {"pk": made.pk},
        made.get_absolute_url(),
        made.title,
        lambda: ConsentDecision.objects.get(pk=made.pk).stage == ConsentDecision.Stage.WITHDRAWN,
    )


def an_amendment(world: World) -> Target:
    """Proposed by the member of one of the union's cooperatives."""
    made = amendment(rules_document(world.union), world.people["member"])
    return Target(
        {"pk": made.pk},
        reverse("governance:amendment_detail", kwargs={"pk": made.pk}),
        made.title,
        lambda: Amendment.objects.get(pk=made.pk).status == Amendment.Status.WITHDRAWN,
    )


def a_register_line(world: World) -> Target:
    line = accountability(world.union)
    return Target(
        {"pk": line.pk},
        reverse("governance:accountability_edit", kwargs={"pk": line.pk}),
        line.domain,
        lambda: not Accountability.objects.filter(pk=line.pk).exists(),
    )


def an_open_vote(world: World) -> Target:
    """The general assembly of the world's cooperative, its vote open."""
    made, _roll = make_assembly(general_assembly(world.cooperative))
    resolution(made)
    assemblies.open_assembly(None, made)
    return Target(
        {"pk": made.pk},
        reverse("governance:assembly", kwargs={"pk": made.pk}),
        made.title,
        lambda: Assembly.objects.get(pk=made.pk).status == Assembly.Status.CLOSED,
    )


def a_volunteer(world: World) -> Target:
    """In the pool of a convention still open to sign-ups: withdrawing removes them."""
    convention = make_convention(world.union, volunteers=3)
    volunteer = convention.volunteers.get(number=2)
    return Target(
        {"pk": convention.pk, "volunteer": volunteer.pk},
        reverse("governance:convention_volunteers", kwargs={"pk": convention.pk}),
        volunteer.full_name,
        lambda: not Volunteer.objects.filter(pk=volunteer.pk).exists(),
    )


def a_seated_volunteer(world: World) -> Target:
    """Drawn onto the panel: declining gives their seat to a replacement draw."""
    convention = drawn(make_convention(world.union))
    seated = convention.volunteers.filter(status=Volunteer.Status.SELECTED).first()
    assert seated is not None
    return Target(
        {"pk": convention.pk, "volunteer": seated.pk},
        reverse("governance:convention_volunteers", kwargs={"pk": convention.pk}),
        seated.full_name,
        lambda: Volunteer.objects.get(pk=seated.pk).status == Volunteer.Status.DECLINED,
    )


def a_convention_to_publish(world: World) -> Target:
    """Open to sign-ups, with enough volunteers: publishing freezes the pool for good."""
    convention = make_convention(world.union)
    return Target(
        {"pk": convention.pk},
        convention.get_absolute_url(),
        convention.title,
        lambda: Convention.objects.get(pk=convention.pk).status == Convention.Status.PUBLISHED,
    )


def a_convention_to_close(world: World) -> Target:
    """Its panel drawn: closing ends it (no more draws, identities erased six months later)."""
    convention = drawn(make_convention(world.union))
    return Target(
        {"pk": convention.pk},
        convention.get_absolute_url(),
        convention.title,
        lambda: Convention.objects.get(pk=convention.pk).status == Convention.Status.CLOSED,
    )


@dataclass(frozen=True)
class Action:
    url: str
    target: Callable[[World], Target]
    allowed: frozenset[str]  # who may act (the authorization matrix's rows)

    def __str__(self) -> str:
        return self.url.removeprefix("governance:")


def may(*roles: str) -> frozenset[str]:
    return frozenset(roles)


ACTIONS = [
    # The union's staff run the election (and the admins).
    Action("governance:election_cancel", an_election, may("staff", "admin")),
    # Its author (the board member), the staff.
    Action("governance:proposal_withdraw", a_proposal, may("board", "staff", "admin")),
    # Its author (the member), the staff.
    Action("governance:amendment_withdraw", an_amendment, may("member", "staff", "admin")),
    Action("governance:accountability_delete", a_register_line, may("staff", "admin")),
    # The cooperative's referent runs its assembly; the union's staff too.
    Action("governance:assembly_close", an_open_vote, may("referent", "staff", "admin")),
    Action("governance:convention_withdraw", a_volunteer, may("staff", "admin")),
    Action("governance:convention_decline", a_seated_volunteer, may("staff", "admin")),
    Action("governance:convention_publish", a_convention_to_publish, may("staff", "admin")),
    Action("governance:convention_close", a_convention_to_close, may("staff", "admin")),
]


def client_for(world: World, role: str) -> Client:
    client = Client()
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return client


def actor(action: Action) -> str:
    return "staff" if "staff" in action.allowed else sorted(action.allowed)[0]


# --- the specification --------------------------------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_the_object_s_page_leads_to_the_confirmation_instead_of_acting(world, action):
    target = action.target(world)
    url = reverse(action.url, kwargs=target.kwargs)
    html = client_for(world, actor(action)).get(target.page).content.decode()
    assert f'href="{url}"' in html
    assert f'action="{url}"' not in html  # no form that acts in one click


@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_opening_the_action_asks_for_a_confirmation_and_changes_nothing(world, action):
    target = action.target(world)
    url = reverse(action.url, kwargs=target.kwargs)
    events = AuditEvent.objects.count()
    response = client_for(world, actor(action)).get(url)
    assert response.status_code == 200
    assert "governance/confirm.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert escape(target.subject) in html
    assert response.context["effects"]
    for effect in response.context["effects"]:
        assert escape(effect) in html
    assert gettext(FINAL) in html
    # A form to the action itself, protected, checked by the server; a way back to the object.
    form = html[html.index('<form method="post" action="' + url + '"') :]
    form = form[: form.index("</form>")]
    assert "novalidate" in form and 'name="csrfmiddlewaretoken"' in form
    assert '<button type="submit">' in form
    assert f'<a href="{target.page}"' in form
    assert not target.done()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_the_breadcrumb_passes_through_the_list_the_object_belongs_to(world, action):
    target = action.target(world)
    response = client_for(world, actor(action)).get(reverse(action.url, kwargs=target.kwargs))
    html = response.content.decode()
    nav = html[html.index(f'<nav aria-label="{escape(gettext("Breadcrumb"))}">') :]
    nav = nav[: nav.index("</nav>")]
    assert response.context["trail"], "the breadcrumb jumps from « Gouvernance » to the object"
    for label, url in response.context["trail"]:
        assert f'<a href="{url}">{escape(label)}</a>' in nav
    assert nav.index(reverse("governance:home")) < nav.index(response.context["trail"][0][1])


@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_confirming_performs_the_action(world, action):
    target = action.target(world)
    url = reverse(action.url, kwargs=target.kwargs)
    client = client_for(world, actor(action))
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert target.done()
    messages = [m.level_tag for m in client.get(response["Location"]).context["messages"]]
    assert messages == ["success"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS, ids=str)
def test_the_confirmation_is_refused_to_whoever_the_action_is_refused_to(world, action, role):
    target = action.target(world)
    url = reverse(action.url, kwargs=target.kwargs)
    client = client_for(world, role)
    if role in action.allowed:
        assert client.get(url).status_code == 200
        assert client.post(url).status_code == 302
        assert target.done()
        return
    # Those who may act are asked; this role gets what the action itself answers it.
    assert client_for(world, actor(action)).get(url).status_code == 200
    asked = client.get(url)
    refused = client.post(url)
    assert asked.status_code == refused.status_code
    assert asked.status_code in (302, 403, 404)
    if asked.status_code == 302:  # anonymous: both to the login page, nothing else
        login = reverse("accounts:login")
        assert asked["Location"].startswith(login) and refused["Location"].startswith(login)
    assert not target.done()


# --- what the page says follows the object's state ----------------------------------------------


def effects_of(world: World, url: str) -> list[str]:
    return [str(effect) for effect in client_for(world, "staff").get(url).context["effects"]]


def test_cancelling_an_election_names_only_what_its_current_step_holds(world):
    target = an_election(world)
    url = reverse("governance:election_cancel", kwargs=target.kwargs)
    in_nominations = effects_of(world, url)
    assert gettext("Nominations not yet revealed stay sealed.") in in_nominations
    assert gettext("A consent round in progress is closed.") not in in_nominations
    told = gettext("An e-mail tells the members who were asked to answer this round.")
    assert told not in in_nominations  # nominations taken in a meeting: nobody was e-mailed

    election = Election.objects.get(pk=target.kwargs["pk"])
    board = election.body
    people = union_board(world.union, 3)[1]
    staff = world.people["staff"]
    elections.nominate(election, people[0], people[1], "Elle connaît les dossiers.")
    elections.reveal(staff.user, election)
    elections.close_changes(staff.user, election)
    elections.propose(
        staff.user, election, [people[1]], "Elle connaît les dossiers.", in_meeting=True
    )
    assert election.body == board
    in_consent = effects_of(world, url)
    assert gettext("A consent round in progress is closed.") in in_consent
    assert gettext("Nominations not yet revealed stay sealed.") not in in_consent
    assert told not in in_consent  # a meeting's round

    Election.objects.filter(pk=election.pk).update(stage=Election.Stage.NOMINATION)
    Election.objects.filter(pk=election.pk).update(deadline=timezone.now() + datetime.timedelta(1))
    assert told in effects_of(world, url)  # the members were asked by e-mail until a deadline


def test_withdrawing_a_proposal_mentions_a_round_only_when_one_is_open(world):
    target = a_proposal(world)
    url = reverse("governance:proposal_withdraw", kwargs=target.kwargs)
    closed = gettext("A round in progress is closed.")
    assert closed not in effects_of(world, url)
    proposal = ConsentDecision.objects.get(pk=target.kwargs["pk"])
    consent.start_round(proposal, "clarifying", in_meeting=True)
    assert closed in effects_of(world, url)
    told = gettext("An e-mail tells the members who were asked to answer this round.")
    assert told not in effects_of(world, url)  # a meeting's round asked nobody by e-mail
    consent.start_round(proposal, "reactions", deadline=timezone.now() + datetime.timedelta(1))
    assert closed in effects_of(world, url) and told in effects_of(world, url)
