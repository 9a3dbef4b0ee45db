"""Elections without candidates, as a browser walk-through found them: each page says what the
election's stage means, and revealing or closing the change round asks first.

- A nomination is sealed in the nomination round, seen at once in the change round: the message
  after nominating says which, and so does the help text of its reason.
- Nominating no one is a choice, labelled as such; the page then has no « it » to change.
- A cancelled election says when and by whom it was cancelled, and nothing about a next round.
- Revealing the nominations and closing the change round are final: their address, opened,
  says how many members have nominated, the deadline still ahead, and what will happen; the
  reveal's optional deadline for the change round is set on that page.
- The consent answer's button is a verb (« Répondre »), not the table's header (« Réponse »).
- Opening a consent round says whether the members are told by e-mail, and who is not.
- Every confirmation page of an election has the list of elections in its breadcrumb.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, ngettext, pgettext

from coopilote.core.models import AuditEvent
from coopilote.core.templatetags.french import french_date
from coopilote.governance.models import Election, Nomination
from coopilote.governance.services import elections as services
from coopilote.governance.tests.conftest import client_of
from coopilote.governance.tests.test_elections import to_proposal

pytestmark = pytest.mark.django_db

ROUND_CLOSED = (
    "Minimum participation not reached: silence does not count as consent. Nobody is elected "
    "and nobody is turned down."
)
NEXT_CONSENT_ROUND = ROUND_CLOSED.removesuffix(".") + "; the proposal goes to a new consent round."
RECORD_DEADLINE = "l j F Y, H:i"


def page(client: Client, election: Election) -> str:
    return client.get(reverse("governance:election", args=[election.pk])).content.decode()


def said(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def posted(client: Client, url: str, data: dict[str, Any]) -> list[str]:
    """What the page says after the POST (read, so the next POST says only its own)."""
    return [str(message) for message in client.post(url, data, follow=True).context["messages"]]


def in_days(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def on_the_record_page(when: datetime.datetime) -> str:
    return french_date(timezone.localtime(when), RECORD_DEADLINE)


# --- 1. sealed, then seen at once --------------------------------------------------------------


def test_the_message_after_nominating_says_sealed_before_the_reveal_and_seen_after_it(
    board, staff, election
):
    people = board[1]
    member = client_of(people[0])
    url = reverse("governance:election_nominate", args=[election.pk])
    first = posted(member, url, {"nominee": str(people[1].pk), "reason": "Rigoureuse."})
    assert first == [gettext("Your nomination is recorded; it stays sealed.")]

    services.reveal(staff.user, election)
    change = posted(member, url, {"nominee": str(people[2].pk), "reason": "Après les motifs."})
    assert change == [gettext("Your new nomination is recorded. Everyone sees it at once.")]
    none = posted(member, url, {"nominee": "", "reason": ""})
    assert none == [gettext("Recorded: you now nominate no one. Everyone sees it at once.")]
    assert (
        election.nominations.get(step=Nomination.Step.CHANGE, nominator=people[0]).nominee is None
    )


def test_the_reason_s_help_says_when_it_is_read(board, staff, election):
    people = board[1]
    sealed = gettext("Read aloud to everyone when the nominations are revealed.")
    seen = gettext(
        "Seen by everyone at once: in the change round, the nominations are no longer sealed."
    )
    before = client_of(people[0]).get(reverse("governance:election", args=[election.pk]))
    assert before.context["nomination_form"]["reason"].help_text == sealed
    services.nominate(election, people[0], people[1], "Rigoureuse.")
    services.reveal(staff.user, election)
    for viewer, form in ((people[0], "nomination_form"), (staff, "record_nomination_form")):
        after = client_of(viewer).get(reverse("governance:election", args=[election.pk]))
        assert after.context[form]["reason"].help_text == seen
        assert (
            escape(seen) in after.content.decode() and escape(sealed) not in after.content.decode()
        )


# --- 4. « no one » is a choice -----------------------------------------------------------------


def test_nominating_no_one_is_a_labelled_choice_and_the_page_says_what_may_change(
    board, staff, election
):
    people = board[1]
    member = client_of(people[0])
    html = page(member, election)
    assert (
        f'<option value="" selected>{escape(gettext("No one (I nominate no one)"))}</option>'
        in html
    )
    response = member.post(
        reverse("governance:election_nominate", args=[election.pk]), {"nominee": "", "reason": ""}
    )
    assert said(response) == [
        gettext("Recorded: you nominate no one. It stays sealed until the reveal.")
    ]
    assert election.nominations.get(nominator=people[0]).nominee is None  # recorded, by design
    html = page(member, election)
    own = html[html.index('id="own-nomination"') :]
    own = own[: own.index("</p>")]
    assert escape(gettext("You nominated no one.")) in own
    assert escape(gettext("You may change your mind until the round closes.")) in own
    assert escape(gettext("You may change it until the round closes.")) not in own
    # The facilitator records a member's « no one » said aloud: the label speaks of the member.
    facilitator = page(client_of(staff), election)
    assert escape(gettext("No one (the member nominates no one)")) in facilitator


def test_a_nomination_of_someone_still_may_be_changed(board, election):
    people = board[1]
    services.nominate(election, people[0], people[1], "Rigoureuse.")
    html = page(client_of(people[0]), election)
    assert escape(gettext("You may change it until the round closes.")) in html
    assert escape(gettext("You may change your mind until the round closes.")) not in html


# --- 2. a cancelled election -------------------------------------------------------------------


def cancelled_notice(staff, election: Election) -> str:
    event = AuditEvent.objects.get(action="governance.election_cancel", object_id=str(election.pk))
    day = french_date(timezone.localtime(event.at), "j F Y à H:i")
    return gettext("This election was cancelled on %(day)s by %(name)s: nobody is elected.") % {
        "day": day,
        "name": str(staff),
    }


def test_an_election_cancelled_during_its_consent_round_announces_no_next_round(
    board, staff, election
):
    """The walk-through's case: one answer, then the facilitator cancels; the closed round missed
    its minimum, but nothing follows it."""
    people = board[1]
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Les plus nommées.", deadline=in_days(2))
    services.answer(election, people[2], "consent")
    client_of(staff).post(reverse("governance:election_cancel", args=[election.pk]))
    election.refresh_from_db()
    assert election.stage == Election.Stage.CANCELLED

    html = page(client_of(people[3]), election)
    assert escape(cancelled_notice(staff, election)) in html
    assert (
        escape(gettext("The election was cancelled during this round: it decided nothing.")) in html
    )
    assert escape(gettext(NEXT_CONSENT_ROUND)) not in html
    assert escape(gettext(ROUND_CLOSED)) not in html  # the round did not miss it: it was stopped
    record = services.election_record(election, None)
    assert record.proposals[-1].stopped and record.cancelled_by == str(staff)


def test_a_round_every_member_consented_to_is_not_an_election_once_cancelled(
    board, staff, election
):
    people = board[1]
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Proposition.", deadline=in_days(2))
    for person in people:
        services.answer(election, person, "consent")
    services.cancel(staff.user, election)
    html = page(client_of(people[0]), election)
    assert escape(gettext("Consent: elected.")) not in html
    assert (
        escape(gettext("The election was cancelled during this round: it decided nothing.")) in html
    )


def test_a_round_that_missed_its_minimum_before_the_cancellation_keeps_its_outcome_only(
    board, staff, election
):
    people = board[1]
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Proposition.", deadline=in_days(2))
    services.answer(election, people[0], "consent")
    election.consent_rounds.update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    services.close_round(staff.user, election)
    services.cancel(staff.user, election)
    html = page(client_of(people[1]), election)
    assert escape(gettext(ROUND_CLOSED)) in html
    assert escape(gettext(NEXT_CONSENT_ROUND)) not in html
    assert (
        escape(gettext("The election was cancelled during this round: it decided nothing."))
        not in html
    )
    assert escape(cancelled_notice(staff, election)) in html


def test_objections_before_the_cancellation_send_the_election_nowhere(board, staff, election):
    people = board[1]
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Proposition.", in_meeting=True)
    services.answer(election, people[3], "objection", text="Cumul.", risk="Charge.")
    services.close_round(staff.user, election)
    services.cancel(staff.user, election)
    html = page(client_of(people[1]), election)
    back = ngettext(
        "%(count)s objection: back to a new proposal.",
        "%(count)s objections: back to a new proposal.",
        1,
    ) % {"count": 1}
    assert escape(back) not in html
    not_adopted = ngettext(
        "%(count)s objection: the proposal is not adopted.",
        "%(count)s objections: the proposal is not adopted.",
        1,
    ) % {"count": 1}
    assert escape(not_adopted) in html


def test_an_election_cancelled_before_the_reveal_waits_for_no_reveal(board, staff, election):
    people = board[1]
    services.nominate(election, people[0], people[1], "Rigoureuse.")
    services.cancel(staff.user, election)
    html = page(client_of(people[2]), election)
    assert escape(cancelled_notice(staff, election)) in html
    waiting = "The nominations stay sealed until the facilitator reveals them all together."
    assert escape(gettext(waiting)) not in html
    stays = "The election was cancelled before the reveal: the nominations stay sealed."
    assert escape(gettext(stays)) in html
    assert escape(gettext("not yet")) not in html


def test_a_cancellation_without_a_recorded_author_says_only_when(board, staff, election):
    services.cancel(None, election)
    html = page(client_of(board[1][0]), election)
    event = AuditEvent.objects.get(action="governance.election_cancel")
    day = french_date(timezone.localtime(event.at), "j F Y à H:i")
    notice = gettext("This election was cancelled on %(day)s: nobody is elected.") % {"day": day}
    assert escape(notice) in html


# --- 3. revealing and closing the change round ask first ----------------------------------------


def test_the_record_page_leads_to_the_confirmations_instead_of_acting(board, staff, election):
    services.nominate(election, board[1][0], board[1][1], "Rigoureuse.")
    facilitator = client_of(staff)
    reveal = reverse("governance:election_reveal", args=[election.pk])
    html = page(facilitator, election)
    assert f'href="{reveal}"' in html and f'action="{reveal}"' not in html
    services.reveal(staff.user, election)
    close = reverse("governance:election_close_changes", args=[election.pk])
    html = page(facilitator, election)
    assert f'href="{close}"' in html and f'action="{close}"' not in html


def test_opening_the_reveal_says_who_has_nominated_the_deadline_and_what_follows(
    board, staff, union
):
    from coopilote.governance.tests.factories import RoleFactory

    people = board[1]
    role = RoleFactory(body=board[0], name="Trésorerie", holders=1)
    deadline = in_days(3)
    election = services.start(staff.user, role, staff, datetime.date.today(), deadline=deadline)
    services.nominate(election, people[0], people[1], "Rigoureuse.")
    services.nominate(election, people[1], None, "")
    events = AuditEvent.objects.count()
    response = client_of(staff).get(reverse("governance:election_reveal", args=[election.pk]))
    assert response.status_code == 200
    assert "governance/confirm.html" in [t.name for t in response.templates]
    effects = [str(effect) for effect in response.context["effects"]]
    assert effects[0] == ngettext(
        "%(done)s member of %(count)s has nominated.",
        "%(done)s members of %(count)s have nominated.",
        2,
    ) % {"done": 2, "count": 5}
    assert (
        ngettext(
            "%(count)s member has not nominated yet: from now on, only in the change round, "
            "once every reason is known.",
            "%(count)s members have not nominated yet: from now on, only in the change round, "
            "once every reason is known.",
            3,
        )
        % {"count": 3}
        in effects
    )
    assert (
        gettext(
            "The nomination round was to stay open until %(day)s: revealing now closes it "
            "before its deadline."
        )
        % {"day": on_the_record_page(deadline)}
        in effects
    )
    # The change round's deadline is chosen here, with the confirmation.
    assert "deadline" in response.context["form"].fields
    assert 'name="deadline"' in response.content.decode()
    election.refresh_from_db()
    assert election.stage == Election.Stage.NOMINATION and election.revealed_at is None
    assert AuditEvent.objects.count() == events


def test_a_passed_deadline_is_not_announced_as_ahead(board, staff, election):
    services.nominate(election, board[1][0], board[1][1], "Rigoureuse.")
    Election.objects.filter(pk=election.pk).update(deadline=in_days(-1))
    response = client_of(staff).get(reverse("governance:election_reveal", args=[election.pk]))
    effects = [str(effect) for effect in response.context["effects"]]
    # How many have nominated, who has not, what the reveal shows, what opens: no deadline.
    assert len(effects) == 4
    assert services.round_progress(election).deadline is None


def test_confirming_the_reveal_with_a_deadline_opens_the_change_round_until_then(
    board, staff, election
):
    services.nominate(election, board[1][0], board[1][1], "Rigoureuse.")
    deadline = timezone.localtime(in_days(4)).replace(second=0, microsecond=0)
    response = client_of(staff).post(
        reverse("governance:election_reveal", args=[election.pk]),
        {"deadline": deadline.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    assert said(response) == [gettext("The nominations are revealed; the change round is open.")]
    election.refresh_from_db()
    assert election.stage == Election.Stage.CHANGE and election.deadline == deadline


def test_the_reveal_is_not_asked_when_nobody_has_nominated(board, staff, election):
    response = client_of(staff).get(reverse("governance:election_reveal", args=[election.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:election", args=[election.pk])
    assert said(response) == [gettext("Nobody has nominated anyone yet.")]


def test_opening_the_end_of_the_change_round_says_who_changed_and_what_follows(
    board, staff, election
):
    people = board[1]
    services.nominate(election, people[0], people[1], "Rigoureuse.")
    deadline = in_days(2)
    services.reveal(staff.user, election, deadline)
    services.nominate(election, people[2], people[1], "Après les motifs.")
    facilitator = client_of(staff)
    url = reverse("governance:election_close_changes", args=[election.pk])
    response = facilitator.get(url)
    assert response.status_code == 200
    effects = [str(effect) for effect in response.context["effects"]]
    assert effects[0] == ngettext(
        "%(done)s member of %(count)s has changed their nomination; the others keep their first "
        "one.",
        "%(done)s members of %(count)s have changed their nomination; the others keep their "
        "first one.",
        1,
    ) % {"done": 1, "count": 5}
    assert (
        gettext(
            "The change round was to stay open until %(day)s: closing it now ends it before its "
            "deadline."
        )
        % {"day": on_the_record_page(deadline)}
        in effects
    )
    election.refresh_from_db()
    assert election.stage == Election.Stage.CHANGE
    assert facilitator.post(url).status_code == 302
    election.refresh_from_db()
    assert election.stage == Election.Stage.PROPOSAL


def test_members_are_not_asked_to_reveal_or_close(board, staff, election):
    services.nominate(election, board[1][0], board[1][1], "Rigoureuse.")
    member = client_of(board[1][0])
    assert member.get(reverse("governance:election_reveal", args=[election.pk])).status_code == 403
    services.reveal(staff.user, election)
    close = reverse("governance:election_close_changes", args=[election.pk])
    assert member.get(close).status_code == 403


# --- 7. breadcrumbs ------------------------------------------------------------------------------


def test_every_confirmation_of_an_election_has_the_list_of_elections_in_its_breadcrumb(
    board, staff, election
):
    services.nominate(election, board[1][0], board[1][1], "Rigoureuse.")
    facilitator = client_of(staff)
    listing = reverse("governance:election_list")
    urls = [
        reverse("governance:election_cancel", args=[election.pk]),
        reverse("governance:election_reveal", args=[election.pk]),
    ]
    pages = [facilitator.get(url).content.decode() for url in urls]
    services.reveal(staff.user, election)
    pages.append(
        facilitator.get(
            reverse("governance:election_close_changes", args=[election.pk])
        ).content.decode()
    )
    record = reverse("governance:election", args=[election.pk])
    for html in pages:
        crumbs = html[html.index("<main") :]
        crumbs = crumbs[: crumbs.index("</nav>")]
        order = [
            crumbs.index(reverse("governance:home")),
            crumbs.index(listing),
            crumbs.index(record),
        ]
        assert order == sorted(order)
        assert escape(gettext("Elections without candidates")) in crumbs


# --- 5. the answer's button --------------------------------------------------------------------


def test_the_consent_answer_s_button_is_a_verb_not_the_table_s_header(board, staff, election):
    people = board[1]
    to_proposal(election, people, staff)
    services.propose(staff.user, election, people[:2], "Proposition.", deadline=in_days(2))
    services.answer(election, people[1], "consent")
    html = page(client_of(people[0]), election)
    form = html[
        html.index(f'action="{reverse("governance:election_answer", args=[election.pk])}"') :
    ]
    form = form[: form.index("</form>")]
    assert f'<button type="submit">{escape(pgettext("verb", "Answer"))}</button>' in form
    assert f'<button type="submit">{escape(gettext("Answer"))}</button>' not in form
    assert f'<th scope="col">{escape(gettext("Answer"))}</th>' in html  # the header stays a noun


# --- 6. who is told of the consent round --------------------------------------------------------


def propose(client: Client, election: Election, people: list[Any], deadline: str = "") -> Any:
    return client.post(
        reverse("governance:election_propose", args=[election.pk]),
        {"people": [str(p.pk) for p in people[:2]], "reason": "Nommées.", "deadline": deadline},
    )


def test_a_consent_round_at_a_distance_says_who_the_e_mail_reaches_and_who_it_does_not(
    board, staff, election
):
    people = board[1]
    to_proposal(election, people, staff)
    people[4].email = ""
    people[4].save()
    deadline = timezone.localtime(in_days(3)).strftime("%Y-%m-%dT%H:%M")
    response = propose(client_of(staff), election, people, deadline)
    assert response.status_code == 302
    told = ngettext(
        "The round is open: %(count)s member is told by e-mail.",
        "The round is open: %(count)s members are told by e-mail.",
        4,
    ) % {"count": 4}
    missing = ngettext(
        "%(count)s member has no e-mail address, tell them another way: %(names)s.",
        "%(count)s members have no e-mail address, tell them another way: %(names)s.",
        1,
    ) % {"count": 1, "names": str(people[4])}
    assert said(response) == [told, missing]


def test_a_consent_round_in_a_meeting_says_no_e_mail_is_sent(board, staff, election):
    people = board[1]
    to_proposal(election, people, staff)
    response = propose(client_of(staff), election, people)
    assert said(response) == [
        gettext("The consent round is open.")
        + " "
        + gettext("It is held in a meeting: no e-mail is sent.")
    ]
