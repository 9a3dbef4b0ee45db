"""Every demo role and the public visitor walk the main menu of the real demo, in Chromium."""

from __future__ import annotations

import pytest

from coopilote.members.demo.accounts import ACCOUNTS
from tests.browser.helpers import DemoServer, Tab, log_in, log_out, path_of, url, walk

DEMO_LOGINS = [login for login, *_ in ACCOUNTS]


@pytest.mark.browser
@pytest.mark.parametrize("login", DEMO_LOGINS)
def test_each_demo_role_logs_in_lands_on_mon_compte_walks_every_menu_entry_and_logs_out(
    tab: Tab, demo_server: DemoServer, login: str
) -> None:
    email = demo_server.email(login)
    log_in(tab, email, demo_server.password)
    assert tab.path == url("accounts:account"), (
        f"{email} did not land on « mon compte » but on {tab.page.url}:\n"
        + tab.page.locator("main").inner_text()
    )
    assert email in tab.page.locator("main").inner_text(), "« mon compte » names the login"
    assert tab.h1_count() == 1
    tab.shoot("mon-compte")

    links = tab.menu_links()
    paths = [path_of(link) for link in links]
    assert url("accounts:account") in paths, f"« mon compte » is missing from the menu: {paths}"
    assert url("accounts:login") not in paths, f"a logged-in user is offered to log in: {paths}"
    problems = tab.take_problems() + walk(tab, links)

    tab.goto(url("accounts:account"))
    log_out(tab)
    assert tab.path == url("core:home"), f"logging out led to {tab.page.url}"
    assert tab.menu().locator(f'a[href="{url("accounts:login")}"]').count() == 1
    tab.goto(url("accounts:account"))
    assert tab.path == url("accounts:login"), "« mon compte » still opens after logging out"
    problems += tab.take_problems()
    assert not problems, f"{email}:\n" + "\n".join(problems)


@pytest.mark.browser
def test_the_public_visitor_walks_every_menu_entry(tab: Tab) -> None:
    tab.goto(url("core:home"))
    links = tab.menu_links()
    paths = [path_of(link) for link in links]
    assert url("accounts:login") in paths, f"the visitor has no login link: {paths}"
    assert url("accounts:account") not in paths, f"the visitor is offered « mon compte »: {paths}"
    problems = tab.take_problems() + walk(tab, links)
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_the_browser_finds_the_site_icon(tab: Tab) -> None:
    tab.goto(url("core:home"))
    icon = tab.page.evaluate(
        """() => document.querySelector("link[rel~='icon']")?.href
                 ?? new URL("/favicon.ico", document.baseURI).href"""
    )
    response = tab.page.request.get(icon)
    assert response.status == 200, (
        f"the site icon {icon} answers {response.status}: every first page view logs a console "
        "error (declare <link rel='icon'> in base.html or serve /favicon.ico)"
    )
    assert response.headers.get("content-type", "").startswith("image/")


@pytest.mark.browser
def test_a_wrong_password_keeps_the_visitor_on_the_login_form(
    tab: Tab, demo_server: DemoServer
) -> None:
    log_in(tab, demo_server.email("personne"), demo_server.password)
    assert tab.path == url("accounts:login")
    assert tab.page.locator("main form input[type=password]").count() == 1
    tab.shoot("wrong-password")
    assert not tab.take_problems()
