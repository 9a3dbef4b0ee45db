"""What the browser tests share: a watched tab, the main menu, logging in and out, axe-core."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.urls import reverse

from coopilote.members.demo.accounts import DOMAIN as DEMO_DOMAIN

# The main menu's nav, whether the French catalogue is compiled or not.
MAIN_MENU = 'nav[aria-label="Menu principal"], nav[aria-label="Main menu"]'
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
# Chromium fetches /favicon.ico once per browser, on whichever page comes first: a missing icon
# is checked once, by test_the_browser_finds_the_site_icon, not blamed on a random page.
FAVICON = "/favicon.ico"
# A template that renders a missing value shows "None" (never a French word).
_PYTHON_NONE = re.compile(r".{0,30}\bNone\b.{0,30}")

# Reports every Content-Security-Policy violation to Python. Init scripts and bindings are
# injected by the DevTools protocol, so the page's own CSP does not apply to this listener.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__coopiloteCspViolation({
    url: document.location.href, directive: event.effectiveDirective,
    blocked: event.blockedURI, source: event.sourceFile, line: event.lineNumber,
    sample: event.sample,
  });
});
"""


@dataclass(frozen=True)
class DemoServer:
    """The demo behind gunicorn; every demo login shares ``password``."""

    url: str
    password: str
    database_url: str
    log_dir: Path

    def email(self, login: str) -> str:
        return f"{login}@{DEMO_DOMAIN}"


def url(name: str, *args: object) -> str:
    return reverse(name, args=args)


def path_of(address: str) -> str:
    return urlsplit(address).path


@dataclass
class Tab:
    """A page in its own browser context, with everything that went wrong on it since the last
    ``take_problems()``: console errors, uncaught exceptions, CSP violations."""

    page: Any
    base_url: str
    screenshot_dirs: list[Path]
    name: str
    problems: list[str] = field(default_factory=list)
    shots: int = 0

    @classmethod
    def open(cls, context: Any, base_url: str, screenshot_dirs: list[Path], name: str) -> Tab:
        problems: list[str] = []

        def csp_violation(_source: Any, seen: dict[str, Any]) -> None:
            problems.append(
                f"CSP violation on {seen['url']}: {seen['directive']} blocked "
                f"{seen['blocked'] or 'inline'} (source {seen['source']}:{seen['line']}, "
                f"sample {seen['sample']!r})"
            )

        context.expose_binding("__coopiloteCspViolation", csp_violation)
        context.add_init_script(script=_CSP_LISTENER)
        page = context.new_page()

        def console(message: Any) -> None:
            resource = message.location.get("url", "")
            if message.type == "error" and path_of(resource) != FAVICON:
                problems.append(f"console error on {page.url}: {message.text} ({resource})")

        page.on("console", console)
        page.on(
            "pageerror",
            lambda error: problems.append(f"uncaught error on {page.url}: {error}"),
        )
        return cls(page, base_url, screenshot_dirs, name, problems)

    @property
    def path(self) -> str:
        return path_of(self.page.url)

    def goto(self, address: str) -> Any:
        response = self.page.goto(address)
        assert response is not None, f"no response for {address}"
        return response

    def take_problems(self) -> list[str]:
        taken = list(self.problems)
        self.problems.clear()  # the same list the page's listeners append to
        return taken

    def shoot(self, label: str) -> None:
        self.shots += 1
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{self.name}-{self.shots:02d}-{label}").strip("-")
        image = self.page.screenshot(full_page=True)
        for directory in self.screenshot_dirs:
            (directory / f"{slug}.png").write_bytes(image)

    def menu(self) -> Any:
        menus = self.page.locator(MAIN_MENU)
        count = menus.count()
        assert count == 1, f"{self.page.url}: expected one main menu <nav>, found {count}"
        return menus

    def menu_links(self) -> list[str]:
        """The main menu's links, absolute, in order, each once."""
        hrefs = self.menu().locator("a[href]").evaluate_all("links => links.map(a => a.href)")
        return list(dict.fromkeys(hrefs))

    def h1_count(self) -> int:
        return int(self.page.locator("h1").count())


def log_in(tab: Tab, email: str, password: str) -> None:
    """Through the real form, reached from the main menu's login link."""
    tab.goto(url("core:home"))
    with tab.page.expect_navigation():
        tab.menu().locator(f'a[href="{url("accounts:login")}"]').click()
    form = tab.page.locator("main form").filter(has=tab.page.locator("input[type=password]"))
    form.locator('input[name="email"], input[name="username"]').fill(email)
    form.locator("input[type=password]").fill(password)
    with tab.page.expect_navigation():
        form.locator("button[type=submit]").click()


def log_out(tab: Tab) -> None:
    """With the main menu's log-out button (a POST form)."""
    button = tab.menu().locator(f'form[action="{url("accounts:logout")}"] button[type=submit]')
    with tab.page.expect_navigation():
        button.click()


def walk(tab: Tab, links: list[str]) -> list[str]:
    """Follow each link: every page answers 200 itself (no redirect), has exactly one <h1>, shows
    no Python ``None``, and logs no console error, uncaught exception or CSP violation."""
    problems = []
    for link in links:
        if not link.startswith(tab.base_url + "/"):
            problems.append(f"{link}: the main menu links outside the site")
            continue
        response = tab.goto(link)
        if response.request.redirected_from is not None:
            problems.append(f"{link}: redirected to {tab.page.url}")
        if response.status != 200:
            problems.append(f"{link}: HTTP {response.status}")
        if (count := tab.h1_count()) != 1:
            problems.append(f"{link}: {count} <h1> elements, expected exactly one")
        if leaks := _PYTHON_NONE.findall(tab.page.locator("main").inner_text()):
            problems.append(f"{link}: <main> shows a Python value: {leaks}")
        tab.shoot(path_of(link).strip("/") or "home")
        problems += tab.take_problems()
    return problems


def run_axe(tab: Tab) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the current page.

    The vendored file is evaluated through the DevTools protocol (``page.evaluate``) rather than
    ``add_script_tag``, which inserts an inline <script> that our CSP rightly refuses. This keeps
    the page's CSP enforced during the audit (no ``bypass_csp``), so axe sees the page exactly as
    a visitor gets it.
    """
    if not tab.page.evaluate("() => typeof window.axe === 'object'"):
        tab.page.evaluate(AXE.read_text())
    assert tab.page.evaluate("() => typeof window.axe === 'object'"), "axe-core did not load"
    return list(
        tab.page.evaluate(
            """tags => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(
                 result => result.violations.map(v => ({
                   id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                   nodes: v.nodes.map(n => ({target: n.target, html: n.html,
                                             summary: n.failureSummary})),
                 })))""",
            AXE_TAGS,
        )
    )


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} [{violation['impact']}] {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            for detail in (node["summary"] or "").splitlines():
                lines.append(f"      {detail}")
    return "\n".join(lines)


_OVERFLOW_CULPRITS = """limit => {
  const root = document.documentElement;
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (typeof e.className === "string" && e.className.trim()
       ? "." + e.className.trim().split(/\\s+/).join(".") : "");
  const found = [];
  for (const element of document.querySelectorAll("body *")) {
    const value = element.style.getPropertyValue("display");
    const priority = element.style.getPropertyPriority("display");
    element.style.setProperty("display", "none", "important");
    if (root.scrollWidth <= limit) found.push(element);
    element.style.setProperty("display", value, priority);
  }
  const deepest = found.filter(e => !found.some(other => other !== e && e.contains(other)));
  const positioned = [...document.querySelectorAll("body *")].filter(e =>
    ["absolute", "fixed"].includes(getComputedStyle(e).position)
    && e.getBoundingClientRect().right > limit);
  return [
    ...deepest.slice(0, 5).map(e => `hiding ${name(e)} removes the horizontal scroll`),
    ...positioned.slice(0, 5).map(e => `${name(e)} (position: ${getComputedStyle(e).position})`
      + ` reaches x = ${Math.round(e.getBoundingClientRect().right)} px`),
  ];
}"""


def overflow_culprits(tab: Tab, limit: int) -> list[str]:
    """What makes the page wider than ``limit``: the deepest elements whose hiding removes the
    horizontal scroll, and absolutely positioned elements past the edge (they escape
    ``overflow: auto`` containers that are not positioned)."""
    return list(tab.page.evaluate(_OVERFLOW_CULPRITS, limit))
