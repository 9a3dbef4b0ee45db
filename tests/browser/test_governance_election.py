"""The board runs an election without candidates to a co-presidency, in Chromium on the demo.

The demo's CA has an election of its « Co-présidence » (two holders) at the nomination stage,
facilitated by the union's delegate; six members without a login have already nominated (sealed).
Two board members nominate from their own sessions, the facilitator records a third member's
nomination during the meeting, reveals them all, a member changes their nomination, the
facilitator proposes two people, the members consent (one answer recorded in the meeting), the
round closes: both are elected, and the public register shows the co-presidency with both names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.helpers import (
    BLOCKING_IMPACTS,
    DemoServer,
    Tab,
    describe_violations,
    log_in,
    run_axe,
    url,
)

ROLE = "Co-présidence"
JEAN = "Jean Moreau"  # the demo's "ca" login, a board member
SEALED_REASON = "Tient les comptes de l’Union avec une clarté rare."


def blocking(tab: Tab) -> list[dict[str, object]]:
    return [v for v in run_axe(tab) if v.get("impact") in BLOCKING_IMPACTS]


def submit(form: Any, tab: Tab) -> None:
    with tab.page.expect_navigation():
        form.locator("button[type=submit]").click()


def form_for(tab: Tab, name: str, pk: str) -> Any:
    return tab.page.locator(f'main form[action="{url(name, pk)}"]')


def confirmed(tab: Tab, name: str, pk: str) -> None:
    """An irreversible step: its link on the record page, then the button of the page that asks
    first."""
    with tab.page.expect_navigation():
        tab.page.locator(f'main a[href="{url(name, pk)}"]').click()
    submit(tab.page.locator("#confirm-form"), tab)


def choose(form: Any, field: str, label: str) -> None:
    form.locator(f'select[name="{field}"]').select_option(label=label)


def signed_in(open_tab: Callable[..., Tab], demo_server: DemoServer, login: str) -> Tab:
    tab = open_tab()
    log_in(tab, demo_server.email(login), demo_server.password)
    return tab


@pytest.mark.browser
def test_the_board_runs_an_election_without_candidates_to_a_co_presidency(
    open_tab: Callable[..., Tab], demo_server: DemoServer
) -> None:
    jean = signed_in(open_tab, demo_server, "ca")
    treasurer = signed_in(open_tab, demo_server, "ca-tresorerie")
    facilitator = signed_in(open_tab, demo_server, "delegue")

    # The election is listed; its record page is reached from the list.
    jean.goto(url("governance:election_list"))
    with jean.page.expect_navigation():
        jean.page.locator("main table a", has_text=ROLE).first.click()
    election_url = jean.path
    pk = election_url.rstrip("/").rsplit("/", 1)[-1]
    assert jean.page.locator("h1", has_text=ROLE).count() == 1

    # Jean nominates someone else with a reason; the nominees are the board's members.
    nominate = form_for(jean, "governance:election_nominate", pk)
    options = [
        text.strip()
        for text in nominate.locator(
            'select[name="nominee"] option:not([value=""])'
        ).all_inner_texts()
    ]
    others = [name for name in options if name != JEAN]
    assert len(others) >= 10, options
    treasurer.goto(election_url)
    treasurer_name = (
        treasurer.page.locator('li[data-me="yes"] .governance-member').inner_text().strip()
    )
    first_choice = next(name for name in others if name != treasurer_name)
    choose(nominate, "nominee", first_choice)
    nominate.locator('textarea[name="reason"]').fill("Connaît chaque coopérative du territoire.")
    submit(nominate, jean)
    assert jean.page.locator("#own-nomination").count() == 1

    # The treasurer nominates Jean; her reason stays sealed, even from Jean.
    treasurer.goto(election_url)
    nominate = form_for(treasurer, "governance:election_nominate", pk)
    choose(nominate, "nominee", JEAN)
    nominate.locator('textarea[name="reason"]').fill(SEALED_REASON)
    submit(nominate, treasurer)
    jean.goto(election_url)
    assert SEALED_REASON not in jean.page.locator("main").inner_text()
    facilitator.goto(election_url)
    assert SEALED_REASON not in facilitator.page.locator("main").inner_text()
    jean.shoot("nominations-scellees")

    # In the meeting, the facilitator records the nomination of a member who has not nominated.
    waiting = facilitator.page.locator('li[data-nominated="no"] .governance-member')
    absent = next(
        name.strip()
        for name in waiting.all_inner_texts()
        if name.strip() not in {JEAN, treasurer_name, first_choice}
    )
    record = form_for(facilitator, "governance:election_nominate_for", pk)
    choose(record, "meeting-nominator", absent)
    choose(record, "meeting-nominee", first_choice)
    record.locator('textarea[name="meeting-reason"]').fill("Dit en séance : sa disponibilité.")
    submit(record, facilitator)
    assert facilitator.page.locator(f'li[data-nominated="yes"]:has-text("{absent}")').count() == 1

    # The facilitator reveals, after a page that says what it does: every nomination and reason
    # appears at once.
    confirmed(facilitator, "governance:election_reveal", pk)
    jean.goto(election_url)
    main = jean.page.locator("main").inner_text()
    assert SEALED_REASON in main and "Dit en séance" in main
    facilitator.goto(election_url)
    violations = blocking(facilitator)
    assert not violations, describe_violations(violations)

    # Change round: Jean changes his nomination after hearing the reasons.
    change = form_for(jean, "governance:election_nominate", pk)
    choose(change, "nominee", treasurer_name)
    change.locator('textarea[name="reason"]').fill(
        "Après avoir entendu : sa clarté sur les comptes."
    )
    submit(change, jean)
    facilitator.goto(election_url)
    confirmed(facilitator, "governance:election_close_changes", pk)

    # The facilitator proposes the two most nominated people (the role has two holders); a
    # consent round opens.
    tally = facilitator.page.locator("ul.governance-tally .governance-member").all_inner_texts()
    chosen = [name.strip() for name in tally[:2]]
    assert len(chosen) == 2, tally
    propose = form_for(facilitator, "governance:election_propose", pk)
    for name in chosen:
        propose.get_by_label(name, exact=True).check()
    propose.locator('textarea[name="reason"]').fill(
        "Les deux personnes les plus nommées, aux raisons complémentaires."
    )
    submit(propose, facilitator)
    assert form_for(facilitator, "governance:election_close_round", pk).count() == 1

    # Members consent from their sessions; the facilitator records a concern said aloud.
    for member in (jean, treasurer):
        member.goto(election_url)
        answer = form_for(member, "governance:election_answer", pk)
        answer.locator('input[name="kind"][value="consent"]').check()
        submit(answer, member)
    recorded = form_for(facilitator, "governance:election_answer_for", pk)
    facilitator.goto(election_url)
    choose(recorded, "meeting-person", absent)
    recorded.locator('input[name="meeting-kind"][value="concern"]').check()
    recorded.locator('textarea[name="meeting-text"]').fill("Attention à la charge de travail.")
    submit(recorded, facilitator)
    submit(form_for(facilitator, "governance:election_close_round", pk), facilitator)

    # Elected: the record keeps every round; the register shows the co-presidency.
    assert facilitator.page.locator("#election-stage").get_attribute("data-stage") == "elected"
    assert form_for(facilitator, "governance:election_close_round", pk).count() == 0
    elected = facilitator.page.locator("main p.governance-mandate").first.inner_text()
    assert chosen[0] in elected and chosen[1] in elected, elected
    facilitator.shoot("election-elue")
    violations = blocking(facilitator)
    assert not violations, describe_violations(violations)

    visitor = open_tab()
    visitor.goto(url("governance:register"))
    co_held = (
        visitor.page.locator("main p.governance-mandate-current", has_text=ROLE)
        .filter(has_text=chosen[0])
        .filter(has_text=chosen[1])
    )
    assert co_held.count() == 1, visitor.page.locator("main").inner_text()[:2000]
    visitor.shoot("registre")
    violations = blocking(visitor)
    assert not violations, describe_violations(violations)
    for tab in (jean, treasurer, facilitator, visitor):
        assert not tab.take_problems()
