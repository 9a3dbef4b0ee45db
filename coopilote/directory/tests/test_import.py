"""Importing a union's cooperatives: reading French Excel files, checking, applying, re-running."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from coopilote.core.models import AuditEvent
from coopilote.directory.importing import apply, text
from coopilote.directory.models import DirectoryEntry
from coopilote.members.models import Cooperative
from coopilote.members.models.cooperative import LegalStatus
from coopilote.members.tests.factories import CommuneFactory, CooperativeFactory, DepartmentFactory
from coopilote.members.tests.helpers import naf_tree

DATA = Path(__file__).parent / "data" / "import"
JOINERY = "71278919790028"  # line 2 of the sample files
SOFTWARE = "71286838990033"  # line 3, written "712 868 389 90033"
CAE = "07919000510010"  # line 4, its leading zero lost by Excel
HEADER = "nom;siret;statut;code_postal;commune"


@pytest.fixture
def places(db: None) -> dict[str, Any]:
    """Lyon, Villeurbanne, two NAF sub-classes mapped to sectors."""
    lyon = CommuneFactory()
    villeurbanne = CommuneFactory(code="69266", name="Villeurbanne", postcodes="69100")
    return {"lyon": lyon, "villeurbanne": villeurbanne, **naf_tree()}


def csv(*lines: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode("utf-8-sig")


def messages(report: Any) -> list[str]:
    return text.error_lines(report.as_dict())


@pytest.mark.parametrize("name", ["excel_cp1252.csv", "excel_utf8_bom.csv"])
def test_a_french_excel_csv_creates_every_cooperative(world, places, name):
    report = apply.apply((DATA / name).read_bytes(), world.union, world.user("staff"))

    assert messages(report) == []
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert report.warnings == [
        "Ligne 1\u00a0: colonne «\u00a0Remarques\u00a0» inconnue, ignorée (colonnes reconnues"
        "\u00a0: nom, siret, siren, statut, naf, code_postal, commune, date_creation, effectif,"
        " activites)."
    ]
    joinery = Cooperative.objects.get(siret=JOINERY)
    assert joinery.name == "Menuiserie Coopérative de l’Île"
    assert joinery.union == world.union
    assert (joinery.legal_status, joinery.is_cae) == (LegalStatus.SCOP_SARL, False)
    assert joinery.naf == places["joinery"] and joinery.sector == places["building"]
    assert joinery.commune == places["lyon"] and joinery.postcode == "69001"
    assert joinery.creation_date == datetime.date(2012, 3, 15)
    assert joinery.headcount == 12
    assert joinery.description == "Menuiserie, agencement"
    software = Cooperative.objects.get(siret=SOFTWARE)
    assert software.name == "Écrans; Logiciels"
    assert software.siren == SOFTWARE[:9]
    assert software.legal_status == LegalStatus.SCOP_SA
    assert software.naf == places["software"] and software.commune == places["villeurbanne"]
    cae = Cooperative.objects.get(siret=CAE)
    assert (cae.legal_status, cae.is_cae) == (LegalStatus.SCOP_SARL, True)
    assert cae.creation_date == datetime.date(2005, 1, 2)
    assert DirectoryEntry.objects.filter(cooperative__siret__in=[JOINERY, CAE]).count() == 2
    event = AuditEvent.objects.get(action="cooperative.import")
    assert event.summary["created"] == 3 and event.summary["rows"] == 3


def test_an_xlsx_file_with_numbers_and_dates_in_cells_is_read_like_the_csv(world, places):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nom", "Siret", "Statut", "NAF", "Code postal", "Commune", "Date création"])
    sheet.append(
        [
            "Scic du Canal",
            int(JOINERY),
            "Scic SAS",
            "4332A",
            69003,
            "Lyon",
            datetime.datetime(2019, 6, 30),
        ]
    )
    sheet.append(["Formules", float(SOFTWARE), "'=Coop", "", "69100", "Villeurbanne", None])
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = apply.dry_run(buffer.getvalue(), world.union)

    assert messages(report) == [
        "Ligne 3, colonne «\u00a0Statut\u00a0» : statut «\u00a0=Coop\u00a0» inconnu (par exemple"
        "\u00a0: Scop SARL, Scop SA, Scic SAS, CAE, filiale).".replace(" :", "\u00a0:", 1)
    ]
    sheet.delete_rows(3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = apply.apply(buffer.getvalue(), world.union, None)
    canal = Cooperative.objects.get(siret=JOINERY)
    assert (canal.legal_status, canal.creation_date) == (
        LegalStatus.SCIC_SAS,
        datetime.date(2019, 6, 30),
    )
    assert canal.postcode == "69003" and canal.commune == places["lyon"]


@pytest.mark.parametrize("separator", [",", "\t"])
def test_commas_or_tabs_between_cells_are_recognised_too(world, places, separator):
    dotted = f"{JOINERY[:3]}.{JOINERY[3:6]}.{JOINERY[6:9]}.{JOINERY[9:]}"
    data = (
        f"Nom{separator}SIRET{separator}Statut\nScic du Lac{separator}{dotted}{separator}Scic SA\n"
    )

    report = apply.apply(data.encode(), world.union, None)

    assert messages(report) == [] and report.created == 1
    assert Cooperative.objects.get(siret=JOINERY).legal_status == LegalStatus.SCIC_SA


def test_bad_lines_are_all_reported_with_their_file_line_and_column_and_nothing_is_written(
    world, places
):
    data = csv(
        f"Bonne;{JOINERY};Scop;69001;Lyon",
        "Clé fausse;71278919790029;Scop;69001;Lyon",
        "Trop court;123;Scop;69001;Lyon",
        f"Sans statut;{SOFTWARE};;69100;Villeurbanne",
        f"Ville inconnue;{CAE};Scic;69100;Lyon",
    )

    report = apply.apply(data, world.union, None)

    assert messages(report) == [
        "Ligne 3, colonne «\u00a0siret\u00a0»\u00a0: le SIRET 71278919790029 n’est pas valide"
        " (clé de contrôle).",
        "Ligne 4, colonne «\u00a0siret\u00a0»\u00a0: le SIRET 123 n’est pas valide"
        " (14 chiffres attendus).",
        "Ligne 5, colonne «\u00a0statut\u00a0»\u00a0: le statut manque"
        " (Scop, Scic, CAE ou filiale).",
        "Ligne 6, colonne «\u00a0commune\u00a0»\u00a0: aucune commune «\u00a0Lyon\u00a0» avec le"
        " code postal 69100 (communes de ce code postal\u00a0: Villeurbanne).",
    ]
    assert not Cooperative.objects.filter(siret=JOINERY).exists()
    assert not AuditEvent.objects.filter(action="cooperative.import").exists()


def test_the_same_siret_twice_in_the_file_names_both_lines(world, places):
    data = csv(
        f"Une;{JOINERY};Scop;69001;Lyon",
        f"Autre;{SOFTWARE};Scop;69100;Villeurbanne",
        f"Encore une;{JOINERY[:3]} {JOINERY[3:]};Scop;69001;Lyon",
    )

    lines = messages(apply.dry_run(data, world.union))

    assert lines == [
        f"Ligne 2, colonne «\u00a0siret\u00a0»\u00a0: le SIRET {JOINERY} apparaît plusieurs fois"
        " dans le fichier (aussi ligne 4).",
        f"Ligne 4, colonne «\u00a0siret\u00a0»\u00a0: le SIRET {JOINERY} apparaît plusieurs fois"
        " dans le fichier (aussi ligne 2).",
    ]


def test_a_siret_already_known_updates_the_union_s_cooperative(world, places):
    mine = CooperativeFactory(union=world.union, siret=JOINERY, siren=JOINERY[:9], name="Ancien")
    data = csv(f"Nouveau nom;{JOINERY};Scop SAS;69001;Lyon", f"Neuve;{SOFTWARE};Scic;;")

    report = apply.apply(data, world.union, None)

    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    mine.refresh_from_db()
    assert (mine.name, mine.legal_status, mine.commune) == (
        "Nouveau nom",
        LegalStatus.SCOP_SAS,
        places["lyon"],
    )
    assert Cooperative.objects.get(siret=SOFTWARE).legal_status == LegalStatus.SCIC_SARL


def test_empty_cells_keep_what_a_known_cooperative_has(world, places):
    """A file with only the columns to update must not erase the rest."""
    mine = CooperativeFactory(
        union=world.union,
        siret=JOINERY,
        siren=JOINERY[:9],
        name="Menuiserie Tessier",
        legal_status=LegalStatus.SCOP_SA,
        naf=places["joinery"],
        sector=places["building"],
        postcode="69100",
        commune=places["villeurbanne"],
        creation_date=datetime.date(1998, 3, 2),
        headcount=12,
        description="Menuiserie bois et agencement",
    )
    header = "nom;siret;statut;naf;effectif;activites;code_postal;commune;date_creation"
    data = csv(f"Menuiserie Tessier & fils;{JOINERY};Scop SA;;;;;;", header=header)

    checked = apply.dry_run(data, world.union)
    report = apply.apply(data, world.union, None)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    mine.refresh_from_db()
    assert mine.name == "Menuiserie Tessier & fils"
    assert (mine.naf, mine.postcode, mine.commune) == (
        places["joinery"],
        "69100",
        places["villeurbanne"],
    )
    assert (mine.creation_date, mine.headcount) == (datetime.date(1998, 3, 2), 12)
    assert mine.description == "Menuiserie bois et agencement"
    assert mine.sector == places["building"]  # the sector its NAF code gives, kept too
    assert checked.changes == [
        {
            "line": 2,
            "name": "Menuiserie Tessier",
            "fields": [["nom", "Menuiserie Tessier", "Menuiserie Tessier & fils"]],
        }
    ]


def test_a_new_postcode_needs_its_commune_and_a_commune_alone_uses_the_current_postcode(
    world, places
):
    """No cooperative in 75011 left in Lyon; « Villeurbanne » alone is found in its postcode."""
    mine = CooperativeFactory(
        union=world.union,
        siret=JOINERY,
        siren=JOINERY[:9],
        postcode="69001",
        commune=places["lyon"],
        legal_status=LegalStatus.SCOP_SA,
    )
    moved = apply.apply(csv(f"{mine.name};{JOINERY};Scop SA;75011;"), world.union, None)
    assert [e["message"] for e in moved.errors] == [
        "le code postal change (69001 → 75011)\u00a0: donnez aussi la commune."
    ]
    mine.refresh_from_db()
    assert (mine.postcode, mine.commune) == ("69001", places["lyon"])
    Cooperative.objects.filter(pk=mine.pk).update(postcode="69100")
    renamed = apply.apply(csv(f"{mine.name};{JOINERY};Scop SA;;Villeurbanne"), world.union, None)
    assert not renamed.errors
    mine.refresh_from_db()
    assert (mine.postcode, mine.commune) == ("69100", places["villeurbanne"])


def test_the_check_lists_each_change_before_and_after(world, places):
    CooperativeFactory(
        union=world.union,
        siret=JOINERY,
        siren=JOINERY[:9],
        name="Menuiserie Tessier",
        legal_status=LegalStatus.SCOP_SA,
        headcount=12,
        creation_date=None,
    )
    header = "nom;siret;statut;effectif;date_creation"
    report = apply.dry_run(
        csv(f"Menuiserie Tessier;{JOINERY};Scic SAS;14;02/03/1998", header=header), world.union
    )
    assert report.changes == [
        {
            "line": 2,
            "name": "Menuiserie Tessier",
            "fields": [
                ["statut", "Scop SA", "Scic SAS"],
                ["date_creation", "—", "02/03/1998"],
                ["effectif", "12", "14"],
            ],
        }
    ]


def test_a_status_without_its_form_keeps_the_cooperative_s_current_form(world, places):
    mine = CooperativeFactory(
        union=world.union, siret=JOINERY, siren=JOINERY[:9], legal_status=LegalStatus.SCOP_SA
    )

    apply.apply(csv(f"{mine.name};{JOINERY};Scop;;"), world.union, None)

    mine.refresh_from_db()
    assert mine.legal_status == LegalStatus.SCOP_SA


def test_another_union_s_siret_is_refused(world, places):
    theirs = world.other_cooperative
    data = csv(f"Reprise;{theirs.siret};Scop;69001;Lyon", f"Neuve;{SOFTWARE};Scop;;")

    report = apply.apply(data, world.union, None)

    assert messages(report) == [
        f"Ligne 2, colonne «\u00a0siret\u00a0»\u00a0: le SIRET {theirs.siret} est celui d’une"
        " coopérative d’une autre union\u00a0: elle ne peut pas être modifiée par cet import."
    ]
    theirs.refresh_from_db()
    assert theirs.name == "Atelier du Canal" and theirs.union == world.other_union
    assert not Cooperative.objects.filter(siret=SOFTWARE).exists()


def test_a_missing_required_column_is_an_error_and_unknown_ones_are_warnings(world, places):
    report = apply.dry_run(csv(f"X;{JOINERY};69001", header="Nom;Siret;CP;Couleur"), world.union)

    assert messages(report) == [
        "Ligne 1\u00a0: la colonne obligatoire «\u00a0statut\u00a0» manque."
    ]
    assert report.warnings[0].startswith("Ligne 1\u00a0: colonne «\u00a0Couleur\u00a0» inconnue")


def test_running_the_same_file_twice_changes_nothing_the_second_time(world, places):
    data = (DATA / "excel_cp1252.csv").read_bytes()
    apply.apply(data, world.union, None)
    before = {c.siret: c.updated_at for c in Cooperative.objects.filter(union=world.union)}

    again = apply.apply(data, world.union, None)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    after = {c.siret: c.updated_at for c in Cooperative.objects.filter(union=world.union)}
    assert after == before


def test_an_ambiguous_commune_is_named_with_its_insee_codes(world, places):
    isere = DepartmentFactory(code="38", name="Isère")
    CommuneFactory(code="38001", name="Saint-Pierre", postcodes="38100", department=isere)
    CommuneFactory(code="38002", name="Saint Pierre", postcodes="38100", department=isere)

    lines = messages(apply.dry_run(csv(f"X;{JOINERY};Scop;38100;St-Pierre"), world.union))

    assert lines == [
        "Ligne 2, colonne «\u00a0commune\u00a0»\u00a0: plusieurs communes «\u00a0St-Pierre\u00a0»"
        " avec le code postal 38100 (codes INSEE 38001, 38002)."
    ]


def test_the_command_checks_then_applies_and_exits_non_zero_on_rejected_lines(
    world, places, tmp_path
):
    good = tmp_path / "bon.csv"
    good.write_bytes(csv(f"Une;{JOINERY};CAE Scic;69001;Lyon"))
    out = io.StringIO()

    call_command(
        "import_cooperatives", str(good), "--union", world.union.slug, "--dry-run", stdout=out
    )
    assert "1\u00a0coopérative à créer" in out.getvalue()
    assert not Cooperative.objects.filter(siret=JOINERY).exists()

    call_command("import_cooperatives", str(good), "--union", world.union.slug, stdout=out)
    assert Cooperative.objects.get(siret=JOINERY).is_cae

    bad = tmp_path / "mauvais.csv"
    bad.write_bytes(csv(f"Deux;{SOFTWARE};Scop;69100;Villeurbanne", "Trois;999;Scop;;"))
    with pytest.raises(CommandError, match="1\u00a0erreur\u00a0: rien"):
        call_command("import_cooperatives", str(bad), "--union", world.union.slug, stdout=out)
    assert "Ligne 3, colonne «\u00a0siret\u00a0»" in out.getvalue()
    assert not Cooperative.objects.filter(siret=SOFTWARE).exists()
    with pytest.raises(CommandError, match="--union"):
        call_command("import_cooperatives", str(good), stdout=out)


def test_the_summary_agrees_in_number_as_french_does():
    from coopilote.directory.importing.text import summary

    one = {"total_rows": 1, "created": 1, "updated": 0, "unchanged": 0}
    many = {"total_rows": 3, "created": 2, "updated": 1, "unchanged": 0}
    assert summary(one, applied=True) == (
        "1\u00a0ligne\u00a0: 1\u00a0coopérative créée, 0\u00a0mise à jour, 0\u00a0inchangée."
    )
    assert summary(many, applied=False) == (
        "3\u00a0lignes\u00a0: 2\u00a0coopératives à créer, 1\u00a0à mettre à jour, "
        "0\u00a0inchangée."
    )
