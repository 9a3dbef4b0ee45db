"""A citizen convention is drawn in Chromium on the real demo, and its audit page re-verifies it.

The demo convention has its pool frozen and its 1,000-panel lottery published, with two sources
of the seed announced beforehand: dice to roll at the union's assembly and a sealed contribution
of the co-presidency (its SHA-256 commitment published). The union's delegate reveals the values
(a wrong salt is refused), draws the panel, and lands on the public audit page, whose verdict
says the draw is verified; a visitor without an account sees the same verdict and downloads the
pseudonymous pool. Then the staff close the convention, and the audit still verifies.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from coopilote.governance.demo_conventions import DICE, SEALED, TITLE
from tests.browser.helpers import (
    BLOCKING_IMPACTS,
    DemoServer,
    Tab,
    describe_violations,
    log_in,
    run_axe,
    url,
)


def blocking(tab: Tab) -> list[dict[str, object]]:
    return [v for v in run_axe(tab) if v.get("impact") in BLOCKING_IMPACTS]


def reveal(tab: Tab, label: str, value: str, salt: str = "") -> None:
    row = tab.page.locator("main tr").filter(has=tab.page.get_by_text(label, exact=True))
    form = row.locator("form.reveal-form")
    form.locator('input[name$="-value"]').fill(value)
    if salt:
        form.locator('input[name$="-salt"]').fill(salt)
    with tab.page.expect_navigation():
        form.locator("button[type=submit]").click()


@pytest.mark.browser
def test_a_convention_is_drawn_and_its_audit_page_re_verifies_it(
    open_tab: Callable[..., Tab], demo_server: DemoServer
) -> None:
    staff = open_tab()
    log_in(staff, demo_server.email("delegue"), demo_server.password)
    staff.goto(url("governance:convention_list"))
    with staff.page.expect_navigation():
        staff.page.locator("main a", has_text=TITLE).click()
    detail = staff.page.url
    assert staff.page.locator("h1").inner_text().strip() == TITLE
    with staff.page.expect_navigation():
        staff.page.locator('main a[href$="/graine/"]').click()
    staff.shoot("sources-annoncees")
    violations = blocking(staff)
    assert not violations, describe_violations(violations)

    # The sealed value with a wrong salt does not match its commitment: refused.
    reveal(staff, SEALED[0], SEALED[1], "mauvais-sel")
    assert staff.page.locator(".message-error").count() >= 1
    assert staff.page.locator("form.reveal-form").count() == 2
    reveal(staff, DICE[0], DICE[1])
    reveal(staff, SEALED[0], SEALED[1], SEALED[2])
    assert staff.page.locator("form.reveal-form").count() == 0
    staff.shoot("valeurs-revelees")

    with staff.page.expect_navigation():
        staff.page.locator('main form[action$="/tirer/"] button[type=submit]').click()
    audit_path = staff.path
    assert audit_path.endswith("/audit/"), staff.page.url
    verdict = staff.page.locator("#verdict")
    assert "verdict-ok" in (verdict.get_attribute("class") or ""), verdict.inner_text()
    number = staff.page.locator(".panel-number").inner_text().strip()
    assert number.isdigit() and 0 <= int(number) < 1000
    assert (
        staff.page.locator("#published-sha").inner_text()
        == staff.page.locator("#database-sha").inner_text()
    )
    staff.shoot("audit-verifie")
    violations = blocking(staff)
    assert not violations, describe_violations(violations)

    # The convention's page lists the panel by volunteer number.
    staff.goto(detail)
    seats = staff.page.locator("#panel-title + p + table tbody tr")
    assert seats.count() == 16, staff.page.locator("main").inner_text()
    assert not staff.take_problems()

    # Anyone re-verifies: a visitor without an account gets the same verdict.
    visitor = open_tab()
    visitor.goto(audit_path)
    verdict = visitor.page.locator("#verdict")
    assert "verdict-ok" in (verdict.get_attribute("class") or ""), verdict.inner_text()
    assert visitor.page.locator(".panel-number").inner_text().strip() == number
    pool = visitor.page.request.get(
        visitor.page.locator('main a[href$="vivier.csv"]').get_attribute("href")
    )
    assert pool.status == 200
    lines = pool.text().splitlines()
    assert lines[0].startswith("numero,") and len(lines) == 97
    assert "@" not in pool.text()
    visitor.shoot("audit-visiteur")
    assert not visitor.take_problems()

    # The convention ends: the staff close it (identities are erased six months later by cron);
    # the audit still verifies.
    staff.goto(detail)
    # Closing asks first, on a page that says what will happen.
    with staff.page.expect_navigation():
        staff.page.locator('main a[href$="/clore/"]').click()
    assert "Six mois plus tard" in staff.page.locator("main").inner_text()
    with staff.page.expect_navigation():
        staff.page.locator('main form[action$="/clore/"] button[type=submit]').click()
    assert staff.page.locator('main a[href$="/clore/"]').count() == 0
    assert staff.page.locator(".message-error").count() == 0
    staff.goto(audit_path)
    verdict = staff.page.locator("#verdict")
    assert "verdict-ok" in (verdict.get_attribute("class") or ""), verdict.inner_text()
    assert not staff.take_problems()
