"""CSV and XLSX export and import of proposals: round trips, injection, all-or-nothing."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from coopilote.conftest import World
from coopilote.members.models import Union
from coopilote.roadmap import tabular
from coopilote.roadmap.models import Congress, Proposal, Scope, Status
from coopilote.roadmap.services import export_rows, import_table, merge_proposals
from coopilote.roadmap.tabular import HEADERS, TableError, TableRow

pytestmark = pytest.mark.django_db


def _fresh_congress() -> Congress:
    union = Union.objects.create(name="Union vide", short_name="UV", slug="ur-vide")
    return Congress.objects.create(union=union, name="Vide")


def test_the_csv_export_is_utf8_with_bom_semicolons_and_one_row_per_proposal(
    congress: Congress,
) -> None:
    data = tabular.to_csv(export_rows(congress))
    assert data.startswith(b"\xef\xbb\xbfN\xc2\xb0 th\xc3\xa8me;Th\xc3\xa8me;")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == HEADERS
    assert len(rows) == 38
    enrich = next(row for row in rows if row[3] == "Enrichir l’offre :")
    assert enrich[4] == (
        "mutualisation des fonctions support, | base documentaire, | "
        "hébergement de formations à l’UR, | accompagnement sur les risques psychosociaux."
    )
    assert rows[5][:3] == ["2", "Transition écologique", "Généraliser la transition écologique"]
    assert {row[5] for row in rows[1:]} == {"régional", "national"}


def test_csv_round_trip_into_the_same_congress_changes_nothing(
    world: World, congress: Congress
) -> None:
    data = tabular.to_csv(export_rows(congress))
    report = import_table(world.user("staff"), congress, data)
    assert report.unchanged == 37 and not report.created and not report.updated


def test_csv_round_trip_into_an_empty_congress_rebuilds_the_same_export(
    world: World, congress: Congress
) -> None:
    data = tabular.to_csv(export_rows(congress))
    copy = _fresh_congress()
    report = import_table(world.user("staff"), copy, data)
    assert report.created == {"themes": 11, "sub_groups": 3, "proposals": 37}
    assert tabular.to_csv(export_rows(copy)) == data


def test_formula_like_cells_are_neutralised_in_csv_and_restored_on_import() -> None:
    dangerous = ["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx", "'=déjà cité", "'normal"]
    rows = [TableRow(1, "Thème", "", text) for text in dangerous]
    data = tabular.to_csv(rows)
    cells = [row[3] for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")][1:]
    assert cells == [
        "'=1+1",
        "'+33 6",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "''=déjà cité",
        "'normal",
    ]
    assert [row.text for row in tabular.read_csv(data)] == dangerous


def test_xlsx_stores_formula_like_cells_as_text() -> None:
    data = tabular.to_xlsx([TableRow(1, "Thème", "", '=HYPERLINK("http://x")')])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["D2"].data_type == "s"
    assert sheet["D2"].value == '=HYPERLINK("http://x")'


def test_xlsx_round_trip_keeps_every_row(world: World, congress: Congress) -> None:
    rows = list(export_rows(congress))
    data = tabular.to_xlsx(rows)
    assert [
        row.__class__(**{**row.__dict__, "line": 0}) for row in tabular.read_table(data)
    ] == rows
    copy = _fresh_congress()
    import_table(world.user("staff"), copy, data)
    assert list(export_rows(copy)) == rows


def test_a_spreadsheet_may_change_scope_and_status_which_confirms_the_scope(
    world: World, congress: Congress
) -> None:
    rows = list(export_rows(congress))
    rows[0] = TableRow(**{**rows[0].__dict__, "scope": "both", "status": "retained"})
    report = import_table(world.user("staff"), congress, tabular.to_csv(rows))
    assert report.updated == {"proposals": 1}
    first = Proposal.objects.in_congress(congress).in_document_order()[0]
    assert (first.scope, first.scope_confirmed, first.status) == (Scope.BOTH, True, Status.RETAINED)


def test_a_bad_file_imports_nothing_and_lists_each_bad_line_in_french(
    world: World, congress: Congress
) -> None:
    data = (
        "N° thème;Thème;Sous-groupe;Proposition;Sous-éléments;Portée;Statut\r\n"
        "12;Nouveau;;Une proposition valable.;;régional;soumise\r\n"
        "x;Thème;;Texte.;;régional;soumise\r\n"
        "1;Démocratie dans les coopératives;;Texte.;;cosmique;soumise\r\n"
        "1;Démocratie dans les coopératives;;;;régional;soumise\r\n"
        "1;Démocratie dans les coopératives;;Nouvelle fusion.;;régional;fusionnée\r\n"
    ).encode("utf-8-sig")
    with pytest.raises(TableError) as caught:
        import_table(world.user("staff"), congress, data)
    assert [line for line, _ in caught.value.errors] == [3, 4, 5]
    assert "Ligne 3\u00a0: numéro de thème invalide" in str(caught.value)
    assert "portée inconnue «\u00a0cosmique\u00a0»" in str(caught.value)
    assert "la proposition est vide" in str(caught.value)
    assert not congress.themes.filter(number=12).exists()


def test_merge_and_split_statuses_are_not_set_from_a_spreadsheet(
    world: World, congress: Congress
) -> None:
    data = (
        "N° thème;Thème;Sous-groupe;Proposition;Sous-éléments;Portée;Statut\r\n"
        "12;Nouveau;;Une proposition valable.;;régional;soumise\r\n"
        "12;Nouveau;;Nouvelle fusion.;;régional;fusionnée\r\n"
    ).encode("utf-8-sig")
    with pytest.raises(TableError, match="Ligne 3"):
        import_table(world.user("staff"), congress, data)
    assert not congress.themes.filter(number=12).exists()


def test_after_a_merge_the_export_still_round_trips(world: World, congress: Congress) -> None:
    first, second, _ = Proposal.objects.in_congress(congress).filter(theme__number=1)
    merge_proposals(world.user("staff"), [first, second], "Fusion des deux.")
    data = tabular.to_csv(export_rows(congress))
    assert import_table(world.user("staff"), congress, data).unchanged == 38


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Ligne 1\u00a0: le fichier est vide."),
        ("Thème;Texte\r\n".encode(), "Ligne 1\u00a0: en-têtes attendus"),
        (
            ";".join(HEADERS).encode() + "\n1;T;;é".encode("latin-1"),
            "Ligne 2\u00a0: le fichier n’est pas en UTF-8",
        ),
        (b"PK\x03\x04 not really a workbook", "Ligne 1\u00a0: fichier Excel illisible"),
    ],
)
def test_unreadable_files_get_a_french_message_with_a_line(data: bytes, message: str) -> None:
    with pytest.raises(TableError) as caught:
        tabular.read_table(data)
    assert str(caught.value).startswith(message)


def test_a_comma_separated_csv_is_read_too() -> None:
    data = (
        ",".join(HEADERS).encode()
        + '\n1,Thème,,"Texte, avec virgule.",,national,retenue\n'.encode()
    )
    (row,) = tabular.read_csv(data)
    assert (row.text, row.scope, row.status) == ("Texte, avec virgule.", "national", "retained")


def test_a_csv_with_too_many_rows_is_refused() -> None:
    line = "1;Thème;;Texte {};;régional;soumise\r\n"
    data = (";".join(HEADERS) + "\r\n" + "".join(line.format(n) for n in range(5001))).encode()
    with pytest.raises(TableError, match="trop de lignes"):
        tabular.read_csv(data)
