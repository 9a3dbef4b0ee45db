"""WCAG 2.1 AA with axe-core, keyboard access and small screens, on the real demo in Chromium."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.browser.helpers import (
    BLOCKING_IMPACTS,
    DemoServer,
    Tab,
    describe_violations,
    log_in,
    overflow_culprits,
    run_axe,
    url,
)

PHONE_WIDTH = 360
PHONE = {"viewport": {"width": PHONE_WIDTH, "height": 740}, "is_mobile": True, "has_touch": True}


def first_cooperative_link(tab: Tab) -> str:
    """The first link in <main> to a cooperative's own page."""
    pattern = re.compile(re.escape(url("members:list")) + r"[0-9a-f-]{36}/$")
    hrefs = tab.page.locator("main a[href]").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    found = [href for href in hrefs if pattern.match(href)]
    assert found, f"{tab.page.url}: no link to a cooperative's page"
    return found[0]


def reach(tab: Tab, demo_server: DemoServer, page: str) -> None:
    """Open one of the audited pages, as the visitor or as the demo referent."""
    if page == "home":
        tab.goto(url("core:home"))
    elif page == "login":
        tab.goto(url("accounts:login"))
    elif page == "cooperative-list":
        tab.goto(url("members:list"))
    elif page == "cooperative-public":
        tab.goto(url("members:list"))
        tab.goto(first_cooperative_link(tab))
    elif page == "mon-compte-admin":  # the header adds the back office and the union switcher
        log_in(tab, demo_server.email("admin"), demo_server.password)
        assert tab.path == url("accounts:account"), f"the admin landed on {tab.page.url}"
    elif page in {"mon-compte", "cooperative-referent"}:
        log_in(tab, demo_server.email("referent"), demo_server.password)
        assert tab.path == url("accounts:account"), f"the referent landed on {tab.page.url}"
        if page == "cooperative-referent":
            tab.goto(first_cooperative_link(tab))  # the referent's own cooperative
    else:
        raise AssertionError(page)


AUDITED = [
    "home",
    "login",
    "mon-compte",
    "mon-compte-admin",
    "cooperative-referent",
    "cooperative-public",
    "cooperative-list",
]


@pytest.mark.browser
@pytest.mark.parametrize("page", AUDITED)
def test_axe_finds_no_serious_or_critical_wcag_21_aa_violation(
    tab: Tab, demo_server: DemoServer, page: str
) -> None:
    reach(tab, demo_server, page)
    tab.shoot(page)
    violations = run_axe(tab)
    if violations:  # every finding is printed, the minor ones too (pytest -s or -rA shows them)
        print(f"axe on {tab.page.url}:\n{describe_violations(violations)}")
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, (
        f"axe-core: {len(blocking)} serious or critical violation(s) on {tab.page.url}:\n"
        + describe_violations(blocking)
    )


@pytest.mark.browser
def test_tab_first_focuses_the_skip_link_and_enter_moves_focus_to_main(tab: Tab) -> None:
    tab.goto(url("core:home"))
    main_id = tab.page.evaluate(
        """() => document.querySelectorAll("main").length === 1
                 ? document.querySelector("main").id : null"""
    )
    assert main_id, "the page needs exactly one <main>, with an id for the skip link"

    tab.page.keyboard.press("Tab")
    focused = tab.page.evaluate(
        """() => {
             const element = document.activeElement, box = element.getBoundingClientRect();
             return {tag: element.tagName, href: element.getAttribute("href"),
                     text: element.textContent.trim(),
                     onScreen: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0
                               && box.right <= innerWidth && box.bottom <= innerHeight};
           }"""
    )
    assert focused["tag"] == "A" and focused["href"] == f"#{main_id}", (
        f"the first Tab focuses {focused}, not the skip link to #{main_id}"
    )
    assert focused["text"], "the skip link has no text"
    assert focused["onScreen"], "the focused skip link is not visible on screen"
    tab.shoot("skip-link-focused")

    tab.page.keyboard.press("Enter")
    assert tab.page.evaluate("() => document.activeElement === document.querySelector('main')"), (
        "Enter on the skip link does not move the focus to <main>"
    )
    assert not tab.take_problems()


@pytest.mark.browser
@pytest.mark.parametrize("page", ["home", "login", "cooperative-list", "cooperative-public"])
def test_at_360_px_wide_the_page_does_not_scroll_horizontally(
    open_tab: Callable[..., Tab], demo_server: DemoServer, page: str
) -> None:
    tab = open_tab(**PHONE)
    reach(tab, demo_server, page)
    tab.shoot(f"{page}-360px")
    width = tab.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, (
        f"{tab.page.url} is {width} px wide at {PHONE_WIDTH} px: "
        + "; ".join(overflow_culprits(tab, PHONE_WIDTH))
    )
