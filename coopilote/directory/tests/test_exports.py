"""CSV and XLSX exports of a search: same rows and order as the page, public data only."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from coopilote.directory import exports
from coopilote.directory.services import refresh_entries
from coopilote.directory.tests.conftest import coop, names

HEADER = ["nom", "siret", "statut", "secteur", "naf", "commune", "departement", "effectif", "url"]


def csv_rows(**params: Any) -> list[list[str]]:
    refresh_entries()
    response = Client().get(reverse("directory:export_csv"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="annuaire.csv"' in response["Content-Disposition"]
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM French Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(**params: Any) -> list[list[Any]]:
    refresh_entries()
    response = Client().get(reverse("directory:export_xlsx"), params)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def page_names(**params: Any) -> list[str]:
    return names(Client().get(reverse("directory:search"), params))


def test_the_csv_has_a_bom_semicolons_and_the_columns_in_french(db):
    cooperative = coop("Menuiserie des Monts", siret="35600000000048")
    raw = Client().get(reverse("directory:export_csv")).content.decode("utf-8-sig")
    assert raw.splitlines()[0] == ";".join(HEADER)
    rows = csv_rows()
    assert rows[0] == HEADER
    name, siret, statut, _sector, _naf, commune, department, _headcount, url = rows[1]
    assert (name, siret, statut, commune, department) == (
        "Menuiserie des Monts",
        "35600000000048",
        "Scop",
        "Lyon",
        "69",
    )
    assert url == "http://testserver" + reverse("members:cooperative", args=[cooperative.pk])


def test_a_formula_in_a_name_is_neutralised_in_the_csv_and_the_xlsx(db):
    coop('=HYPERLINK("http://pirate.example","clic")')
    coop("+33 Coop")
    csv_names = [row[0] for row in csv_rows()[1:]]
    assert csv_names == ["'+33 Coop", '\'=HYPERLINK("http://pirate.example","clic")']
    xlsx_names = [row[0] for row in xlsx_rows()[1:]]
    assert xlsx_names == csv_names
    assert not any(str(name).startswith(("=", "+")) for name in xlsx_names)


def test_the_headcount_is_exported_only_when_the_cooperative_publishes_it(db):
    coop("Coop Discrète", headcount=12, public_fields=["website"])
    coop("Coop Ouverte", headcount=34, public_fields=["headcount"])
    rows = {row[0]: row[7] for row in csv_rows()[1:]}
    assert rows == {"Coop Discrète": "", "Coop Ouverte": "34"}
    cells = {row[0]: row[7] for row in xlsx_rows()[1:]}
    assert cells == {"Coop Discrète": None, "Coop Ouverte": 34}


def test_the_xlsx_holds_the_same_rows_as_the_csv(db, building):
    coop("Atelier du Canal", sector=building, public_fields=["headcount"])
    coop("Menuiserie des Monts", city="38185")
    from_csv = csv_rows()
    from_xlsx = [["" if cell is None else str(cell) for cell in row] for row in xlsx_rows()]
    assert from_xlsx == from_csv


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "menuiserie"},
        {"statut": "scic"},
        {"departement": "38"},
        {"commune": "69123", "rayon_km": "20"},
        {"commune": "69123", "rayon_km": "400", "tri": "distance"},
        {"tri": "nom", "q": "coop"},
    ],
)
def test_the_exports_follow_the_search_filters_and_order(db, params):
    coop("Menuiserie des Monts", city="38185")
    coop("Menuiserie Lyonnaise", "Coop de menuisiers.")
    coop("Coop Phocéenne", city="13055", legal_status="scic_sas")
    coop("Atelier de Villeurbanne", "coop", city="69266")
    expected = [row[0] for row in csv_rows(**params)[1:]]
    assert expected == page_names(**params)
    assert [row[0] for row in xlsx_rows(**params)[1:]] == expected


def test_the_exports_stop_at_the_cap(db, monkeypatch):
    for name in ("A", "B", "C"):
        coop(f"Coop {name}")
    monkeypatch.setattr(exports, "MAX_ROWS", 2)
    assert [row[0] for row in csv_rows()[1:]] == ["Coop A", "Coop B"]


def test_the_search_page_links_to_both_exports_with_the_current_query(db):
    coop("Menuiserie des Monts")
    refresh_entries()
    html = Client().get(reverse("directory:search"), {"q": "menuiserie", "page": "1"}).content
    text = html.decode()
    assert f'href="{reverse("directory:export_csv")}?q=menuiserie"' in text
    assert f'href="{reverse("directory:export_xlsx")}?q=menuiserie"' in text


def test_exports_only_answer_get(db):
    assert Client().post(reverse("directory:export_csv")).status_code == 405
