"""From the congress to the roadmap, in Chromium on the real demo.

A member votes in the demo's open prioritisation vote; the board turns the best ranked proposal
into an action and logs its progress; the public roadmap shows the action with the proposal it
comes from; the letter to the national direction downloads as Word and PDF files.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

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

ACTION_TITLE = "Appui juridique aux consortiums : permanence mensuelle"
# The demo congress's proposals of national scope (data/congres-2025.txt), as the letter cites.
NATIONAL_STARTS = (
    "Activer des mécanismes de bonus",
    "Renforcer le fonds d’ingénierie",
    "Mettre en place des outils mutualisés",
    "Porter un plaidoyer auprès de la CGSCOP",
    "D’une stratégie nationale de communication",
    "La sociocratie, la coprésidence",
    "Un règlement intérieur pour le CA",
    "Une analyse des modèles économiques",
)


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _open_congress(tab: Tab) -> None:
    tab.goto(url("roadmap:congress_list"))
    with tab.page.expect_navigation():
        tab.page.locator("main table a").first.click()


def _axe_clean(tab: Tab) -> list[str]:
    blocking = [v for v in run_axe(tab) if v["impact"] in BLOCKING_IMPACTS]
    return [f"{tab.page.url}:\n{describe_violations(blocking)}"] if blocking else []


def _download(tab: Tab, link: str, folder: Path) -> Path:
    with tab.page.expect_download() as info:
        tab.page.locator(f'main a[href="{link}"]').click()
    download = info.value
    target = folder / download.suggested_filename
    download.save_as(target)
    return target


@pytest.mark.browser
def test_a_member_votes_the_board_turns_the_top_proposal_into_an_action_the_public_follows_it(
    open_tab: Callable[..., Tab], demo_server: DemoServer, tmp_path: Path
) -> None:
    problems: list[str] = []

    # 1. A member votes in the open prioritisation vote announced on the congress page.
    member = open_tab()
    log_in(member, demo_server.email("associe"), demo_server.password)
    _open_congress(member)
    with member.page.expect_navigation():
        member.page.locator(f'section.priorities a[href^="{url("voting:list")}"]').first.click()
    with member.page.expect_navigation():
        member.page.locator('main a[href$="/voter/"]').click()
    fieldsets = member.page.locator("main form fieldset.grades")
    assert fieldsets.count() == 5, "the demo's open vote covers five national proposals"
    for index in range(fieldsets.count()):
        radios = fieldsets.nth(index).locator("input[type=radio]")
        radios.nth((index * 2 + 3) % radios.count()).check()
    member.shoot("ballot")
    with member.page.expect_navigation():
        member.page.locator("main form button[type=submit]").click()
    receipt = member.page.locator("code.receipt")
    assert receipt.count() == 1, member.page.locator("main").inner_text()
    member.shoot("receipt")
    problems += member.take_problems()

    # 2. The board turns the best ranked proposal into an action and logs its progress.
    board = open_tab()
    log_in(board, demo_server.email("ca"), demo_server.password)
    _open_congress(board)
    top = board.page.locator("ol.ranking li").first.locator("a")
    reference = top.inner_text().split(" — ", 1)[0]
    with board.page.expect_navigation():
        top.click()
    proposal_text = board.page.locator("main .proposal-text").inner_text()
    with board.page.expect_navigation():
        # The proposal page's "turn into an action" button: the action form, proposal ticked.
        board.page.locator('main a[href*="/actions/?proposals="]').first.click()
    form = board.page.locator("main form.action-form")
    assert form.locator("input[name=proposals]:checked").count() == 1
    form.locator("input[name=title]").fill(ACTION_TITLE)
    board.shoot("action-form")
    with board.page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert board.page.locator("h1").inner_text() == ACTION_TITLE
    progress = board.page.locator('form[action$="/avancement/"]')
    progress.locator("input[name=progress]").fill("40")
    progress.locator("textarea[name=note]").fill("Première permanence tenue avec deux avocates.")
    with board.page.expect_navigation():
        progress.locator("button[type=submit]").click()
    assert "Première permanence tenue" in board.page.locator("#journal").inner_text()
    board.shoot("action")
    problems += board.take_problems()

    # 3. The public roadmap shows the action, the proposal it comes from and its progress.
    public = open_tab()
    public.goto(url("roadmap:roadmap_list"))
    with public.page.expect_navigation():
        public.page.locator("main ul.roadmaps a").first.click()
    assert public.h1_count() == 1
    action = public.page.locator("article.action", has_text=ACTION_TITLE)
    assert action.count() == 1, "the new action is on the public roadmap"
    assert action.locator("progress").first.get_attribute("value") == "40"
    assert "40 %" in action.inner_text()
    sources = action.locator(".sources")
    assert _flat(proposal_text) in _flat(sources.inner_text())
    assert reference in sources.inner_text()
    # The members' vote: first of the 37 proposals (whatever the catalogue's words).
    assert re.search(r"\b1\b.*\b37\b", sources.locator(".priority").inner_text())
    public.shoot("roadmap")
    problems += _axe_clean(public)

    # 4. The letter to the national direction downloads as Word and PDF.
    with public.page.expect_navigation():
        public.page.locator('main a[href*="/courriers/"]').first.click()
    public.shoot("letter")
    problems += _axe_clean(public)
    hrefs = public.page.locator("main .actions a[href]").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    docx_link = next(href for href in hrefs if href.endswith(".docx"))
    pdf_link = next(href for href in hrefs if href.endswith(".pdf"))
    from docx import Document

    docx = Document(io.BytesIO(_download(public, docx_link, tmp_path).read_bytes()))
    docx_text = _flat("\n".join(p.text for p in docx.paragraphs))
    pdf = _download(public, pdf_link, tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        pdf_text = _flat(
            subprocess.run(  # noqa: S603 (fixed arguments, no shell)
                ["pdftotext", "-layout", str(pdf), "-"],  # noqa: S607
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        )
    else:  # poppler-utils missing: the Word file still proves the content
        pdf_text = docx_text
    for text in (docx_text, pdf_text):
        assert "Direction nationale de la CG Scop" in text
        assert "Lyon, le 26 novembre 2026" in text
        assert "Objet : " in text
        for start in NATIONAL_STARTS:
            assert start in text, start
    problems += public.take_problems()
    assert not problems, "\n".join(problems)
