"""The directory and the offers-and-needs board, in Chromium on the real demo.

A visitor searches « menuiserie » in a département, opens a CAE found through its
entrepreneurs' own words, reads their activities and sees the map (tiles are replaced by a blank
image: tests never reach OpenStreetMap). A cooperative's referent posts a need and is shown the
cooperatives and offers that fit it, each with its reason.
"""

from __future__ import annotations

import re

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

NEED_TITLE = "Sous-traitance menuiserie bois pour un chantier de rénovation"


def blocking(tab: Tab) -> list[dict[str, object]]:
    return [v for v in run_axe(tab) if v.get("impact") in BLOCKING_IMPACTS]


@pytest.mark.browser
def test_a_visitor_finds_a_cae_by_its_entrepreneurs_craft_in_a_departement(tab: Tab) -> None:
    # Where are the CAE whose entrepreneurs do menuiserie? The list names each one's département.
    tab.goto(url("directory:search") + "?q=menuiserie&statut=cae")
    first = tab.page.locator("#directory-results tbody tr").first
    place = first.locator("td").nth(2).inner_text()
    department = re.search(r"\(([^)]+)\)", place)
    assert department, f"no département in {place!r}"

    # The search a visitor makes: the form, a département, the word.
    tab.goto(url("directory:search"))
    form = tab.page.locator("main form.filters")
    label = re.compile(rf"^{re.escape(department.group(1))} \(")
    option = form.locator("#id_departement option", has_text=label)
    form.locator("#id_departement").select_option(value=option.first.get_attribute("value"))
    form.locator("#id_q").fill("menuiserie")
    with tab.page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "q=menuiserie" in tab.page.url and "departement=" in tab.page.url
    rows = tab.page.locator("#directory-results tbody tr")
    assert rows.count() >= 1, tab.page.locator("main").inner_text()
    for place in rows.locator("td:nth-child(4)").all_inner_texts():
        assert f"({department.group(1)})" in place, f"{place!r} is outside the département"

    # The map of the results: markers load from /annuaire/carte.json, without tiles.
    tab.page.locator("#directory-map .leaflet-marker-icon").first.wait_for()
    status = tab.page.locator("#directory-map-status").inner_text()
    assert re.search(r"\d", status), f"the map's status says no count: {status!r}"
    tab.shoot("annuaire-menuiserie")
    violations = blocking(tab)
    assert not violations, describe_violations(violations)

    cae_row = rows.filter(has=tab.page.locator(".tag", has_text="CAE")).first
    name = cae_row.locator("th a").inner_text()
    with tab.page.expect_navigation():
        cae_row.locator("th a").click()
    assert tab.page.locator("h1").inner_text().strip() == name

    activities = tab.page.locator("#activities + ul li").all_inner_texts()
    assert any("menuiserie" in activity.lower() for activity in activities), activities
    tab.page.locator(".directory-place-map .leaflet-marker-icon").first.wait_for()
    ld = tab.page.locator('script[type="application/ld+json"]').first.inner_text()
    assert '"@type": "Organization"' in ld or '"@type":"Organization"' in ld
    tab.shoot("cooperative-cae")
    violations = blocking(tab)
    assert not violations, describe_violations(violations)
    assert not tab.take_problems()


@pytest.mark.browser
def test_a_referent_posts_a_need_and_sees_what_fits_it(tab: Tab, demo_server: DemoServer) -> None:
    log_in(tab, demo_server.email("referent"), demo_server.password)
    tab.goto(url("directory:board"))
    with tab.page.expect_navigation():
        tab.page.locator(f'main a[href="{url("directory:post_create")}"]').first.click()

    form = tab.page.locator("main form").filter(has=tab.page.locator("#id_title"))
    form.locator('input[name="kind"][value="need"]').check()
    form.locator("#id_category").select_option("subcontracting")
    form.locator("#id_title").fill(NEED_TITLE)
    form.locator("#id_description").fill(
        "Pose de menuiseries intérieures bois sur un chantier de trois semaines en mars."
    )
    sectors = form.locator("#id_sector option").all_inner_texts()
    building = next(label for label in sectors if "BTP" in label or "âtiment" in label)
    form.locator("#id_sector").select_option(label=building)
    with tab.page.expect_navigation():
        form.locator("button[type=submit]").click()

    assert tab.page.locator("h1").inner_text().strip() == NEED_TITLE
    suggestions = tab.page.locator("ol.suggestions > li")
    assert suggestions.count() >= 1, tab.page.locator("main").inner_text()
    reason = suggestions.first.inner_text()
    assert "même secteur" in reason.lower() or "km" in reason, reason
    tab.shoot("besoin-suggestions")
    violations = blocking(tab)
    assert not violations, describe_violations(violations)

    # The need is on the board for the other cooperatives.
    tab.goto(url("directory:board") + "?type=besoin")
    assert tab.page.locator("main", has_text=NEED_TITLE).count() == 1
    assert not tab.take_problems()
