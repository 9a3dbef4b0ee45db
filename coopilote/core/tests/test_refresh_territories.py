"""``manage.py refresh_territories``: a new vintage of INSEE's official COG files.

The database starts as "last year" (see ``last_year``); ``data/`` holds a tiny "2027" vintage
in INSEE's own format, where one commune was created, one renamed, two merged away, and a
new région and département appeared.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st

from coopilote.core.management.commands import refresh_territories
from coopilote.core.management.commands.refresh_territories import (
    CogFormatError,
    parse_communes,
    parse_departments,
    parse_regions,
)
from coopilote.core.models import Commune, Department, Region
from coopilote.members.models import Cooperative
from coopilote.members.tests.factories import CooperativeFactory

DATA = Path(__file__).parent / "data"
REGIONS = DATA / "v_region_2027.csv"
DEPARTMENTS = DATA / "v_departement_2027.csv"
COMMUNES = DATA / "v_commune_2027.csv"
COMMUNE_HEADER = "TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT\n"


@pytest.fixture
def last_year(db: None) -> None:
    ara = Region.objects.create(code="84", name="Auvergne-Rhône-Alpes")
    idf = Region.objects.create(code="11", name="Île-de-France")
    ain = Department.objects.create(code="01", name="Ain", region=ara)
    rhone = Department.objects.create(code="69", name="Rhône", region=ara)
    paris = Department.objects.create(code="75", name="Paris", region=idf)
    for code, name, department in [
        ("01001", "L'Abergement-Clémenciat", ain),
        ("01015", "Arboys en Bugey", ain),
        ("01033", "Valserhône", ain),
        ("01098", "Chavornay", ain),
        ("01338", "Ruffieu", ain),
        ("69123", "Lyon", rhone),
        ("69381", "Lyon 1er Arrondissement", rhone),
        ("75056", "Paris", paris),
    ]:
        Commune.objects.create(
            code=code,
            name=name,
            department=department,
            population=1000,
            postcodes="01000",
            latitude=45.0,
            longitude=5.0,
            location_source=Commune.LocationSource.GEONAMES,
        )


def refresh(*extra: str, regions: Path = REGIONS, communes: Path = COMMUNES) -> str:
    out = StringIO()
    call_command(
        "refresh_territories",
        "--regions", str(regions),
        "--departements", str(DEPARTMENTS),
        "--communes", str(communes),
        *extra,
        stdout=out,
    )  # fmt: skip
    return out.getvalue()


def snapshot() -> list[tuple[object, ...]]:
    return [
        *Region.objects.order_by("code").values_list(),
        *Department.objects.order_by("code").values_list(),
        *Commune.objects.order_by("code").values_list(),
    ]


def write(tmp_path: Path, text: str, name: str = "v_commune_2027.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- a new vintage ---------------------------------------------------------------------------


def test_new_communes_are_created_without_population_postcodes_or_point(
    last_year: None,
) -> None:
    output = refresh()
    ambérieu = Commune.objects.get(code="01004")
    assert ambérieu.name == "Ambérieu-en-Bugey"
    assert ambérieu.department_id == "01"
    assert (ambérieu.population, ambérieu.postcodes, ambérieu.latitude) == (None, "", None)
    assert ambérieu.location_source == Commune.LocationSource.UNKNOWN
    assert Commune.objects.get(code="75101").name == "Paris 1er Arrondissement"
    assert "01004 Ambérieu-en-Bugey" in output


def test_a_renamed_commune_keeps_its_population_postcodes_and_point(last_year: None) -> None:
    output = refresh()
    arboys = Commune.objects.get(code="01015")
    assert arboys.name == "Arboys-en-Bugey"
    assert (arboys.population, arboys.postcodes, arboys.latitude, arboys.longitude) == (
        1000,
        "01000",
        45.0,
        5.0,
    )
    assert arboys.location_source == Commune.LocationSource.GEONAMES
    assert "01015 Arboys en Bugey → Arboys-en-Bugey" in output


def test_unchanged_communes_are_left_alone(last_year: None) -> None:
    refresh()
    lyon = Commune.objects.get(code="69123")
    assert (lyon.name, lyon.population, lyon.postcodes) == ("Lyon", 1000, "01000")


def test_delegated_and_associated_communes_are_not_communes(last_year: None) -> None:
    refresh()
    # COMD 01340 Sutrieu and COMA 01120 Cordieux live inside other communes.
    assert not Commune.objects.filter(code__in=["01340", "01120"]).exists()
    assert not Commune.objects.filter(name="Arbignieu").exists()


def test_a_new_region_and_departement_are_created_before_their_communes(
    last_year: None,
) -> None:
    output = refresh()
    assert Region.objects.get(code="94").name == "Corse"
    assert Region.objects.get(code="94").zone == "metro"
    assert Department.objects.get(code="2A").region_id == "94"
    assert Commune.objects.get(code="2A004").department_id == "2A"
    assert "Régions\N{NO-BREAK SPACE}: 1 créée(s), 0 renommée(s)." in output


def test_a_vanished_commune_nobody_references_is_deleted_and_reported(
    last_year: None,
) -> None:
    output = refresh()
    assert not Commune.objects.filter(code="01338").exists()
    assert "01338 Ruffieu\N{NO-BREAK SPACE}: disparue, supprimée" in output


def test_a_vanished_commune_a_cooperative_references_is_kept_and_reported(
    last_year: None,
) -> None:
    CooperativeFactory(name="Scop du Valromey", commune=Commune.objects.get(code="01098"))
    output = refresh()
    assert Cooperative.objects.get(name="Scop du Valromey").commune_id == "01098"
    assert Commune.objects.get(code="01098").name == "Chavornay"
    assert "01098 Chavornay\N{NO-BREAK SPACE}: disparue, conservée car référencée par 1" in output
    assert "2 disparue(s) (1 supprimée(s), 1 conservée(s) car référencée(s))" in output
    assert "à rattacher" in output


def test_a_second_run_changes_nothing(last_year: None) -> None:
    refresh()
    before = snapshot()
    output = refresh()
    assert snapshot() == before
    assert "Communes\N{NO-BREAK SPACE}: 0 créée(s), 0 renommée(s), 0 disparue(s)" in output


def test_dry_run_reports_everything_and_saves_nothing(last_year: None) -> None:
    before = snapshot()
    output = refresh("--dry-run")
    assert snapshot() == before
    assert "01015 Arboys en Bugey → Arboys-en-Bugey" in output
    assert "01338 Ruffieu" in output
    assert "Simulation (--dry-run)\N{NO-BREAK SPACE}: rien n'a été enregistré." in output


def test_a_commune_moved_to_another_departement_follows(last_year: None, tmp_path: Path) -> None:
    Commune.objects.filter(code="69123").update(department_id="01")
    output = refresh(communes=write(tmp_path, COMMUNES.read_text(encoding="utf-8")))
    assert Commune.objects.get(code="69123").department_id == "69"
    assert "département 01 → 69" in output


def test_too_many_vanishing_communes_need_an_explicit_option(
    last_year: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(refresh_territories, "MASS_REMOVAL", 1)
    before = snapshot()
    with pytest.raises(CommandError, match="--allow-mass-removal"):
        refresh()
    assert snapshot() == before
    refresh("--allow-mass-removal")
    assert not Commune.objects.filter(code="01338").exists()


def test_at_least_one_file_is_required(db: None) -> None:
    with pytest.raises(CommandError, match="au moins un fichier"):
        call_command("refresh_territories")


# --- malformed files -------------------------------------------------------------------------


def test_a_missing_column_is_reported_on_line_1(last_year: None, tmp_path: Path) -> None:
    path = write(tmp_path, "TYPECOM,COM,REG,CTCD,LIBELLE\nCOM,01001,84,01D,L'Abergement\n")
    with pytest.raises(CommandError) as error:
        refresh(communes=path)
    assert "v_commune_2027.csv, ligne 1\N{NO-BREAK SPACE}: colonne(s) manquante(s)" in str(
        error.value
    )
    assert "DEP" in str(error.value)
    assert "Aucune modification enregistrée." in str(error.value)


def test_a_bad_commune_code_is_reported_with_its_line_number(
    last_year: None, tmp_path: Path
) -> None:
    rows = COMMUNES.read_text(encoding="utf-8").splitlines(keepends=True)
    rows.insert(3, "COM,1234,84,01,01D,011,1,X,X,Bourg-Bizarre,0101,\n")
    with pytest.raises(CommandError, match=r"ligne 4\xa0: code commune «\xa01234\xa0» invalide"):
        refresh(communes=write(tmp_path, "".join(rows)))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("COM,01999,84,01,01D,011,1,X,X,Trop courte\n", "10 champ(s) au lieu de 12"),
        ("COM,02001,32,01,02D,011,1,X,X,Ailleurs,0201,\n", "ne peut pas être dans le département"),
        ("COM,40001,75,40,40D,401,1,X,X,Landaise,4001,\n", "département 40 inconnu"),
        ("COMX,01999,84,01,01D,011,1,X,X,Nouvelle,0101,\n", "TYPECOM «\xa0COMX\xa0» inconnu"),
        ("COM,01001,84,01,01D,011,1,X,X,Doublon,0101,\n", "code 01001 en double (déjà ligne 2)"),
        ("COM,01999,84,01,01D,011,1,X,X,,0101,\n", "LIBELLE vide"),
        ('COM,01999,84,01,01D,011,1,X,X,"Guillemet,0101,\n', "CSV mal formé"),
    ],
)
def test_a_malformed_line_is_reported_with_its_number(
    last_year: None, tmp_path: Path, line: str, message: str
) -> None:
    text = COMMUNES.read_text(encoding="utf-8") + line
    number = text.count("\n")
    with pytest.raises(CommandError) as error:
        refresh(communes=write(tmp_path, text))
    assert f"v_commune_2027.csv, ligne {number}\N{NO-BREAK SPACE}: " in str(error.value)
    assert message in str(error.value)


def test_a_file_that_is_not_utf8_is_refused_with_the_line(last_year: None, tmp_path: Path) -> None:
    path = tmp_path / "v_commune_2027.csv"
    path.write_bytes(
        (COMMUNE_HEADER + "COM,01001,84,01,01D,012,5,A,A,L'Abergement,0108,\n").encode()
        + "COM,01004,84,01,01D,011,1,A,A,Ambérieu,0101,\n".encode("latin-1")
    )
    with pytest.raises(CommandError, match=r"ligne 3\xa0: caractère qui n'est pas de l'UTF-8"):
        refresh(communes=path)


def test_an_error_in_the_last_file_leaves_the_database_untouched(
    last_year: None, tmp_path: Path
) -> None:
    # The régions file alone is valid and would rename Île-de-France and create Corse.
    regions = write(
        tmp_path,
        REGIONS.read_text(encoding="utf-8").replace(",Île-de-France\n", ",Paris-Région\n"),
        "v_region_2027.csv",
    )
    communes = write(tmp_path, COMMUNES.read_text(encoding="utf-8") + "COM,1,84,01,,,,,,X,,\n")
    before = snapshot()
    with pytest.raises(CommandError, match="ligne 14"):
        refresh(regions=regions, communes=communes)
    assert snapshot() == before
    assert Region.objects.get(code="11").name == "Île-de-France"


def test_an_unknown_region_in_the_departements_file_rolls_back_the_regions(
    last_year: None, tmp_path: Path
) -> None:
    departments = write(
        tmp_path,
        DEPARTMENTS.read_text(encoding="utf-8") + "40,99,40192,3,LANDES,Landes,Landes\n",
        "v_departement_2027.csv",
    )
    before = snapshot()
    with pytest.raises(CommandError, match=r"v_departement_2027.csv, ligne 6\xa0: région 99"):
        call_command(
            "refresh_territories", "--regions", str(REGIONS), "--departements", str(departments)
        )
    assert snapshot() == before


# --- the parsers -----------------------------------------------------------------------------


def test_the_parsers_read_the_official_sample() -> None:
    assert [r.code for r in parse_regions(REGIONS.read_bytes())] == ["11", "84", "94"]
    assert [d.code for d in parse_departments(DEPARTMENTS.read_bytes())] == [
        "01",
        "2A",
        "69",
        "75",
    ]
    communes = parse_communes(COMMUNES.read_bytes())
    assert [c.code for c in communes] == [
        "01001",
        "01004",
        "01015",
        "01033",
        "2A004",
        "69123",
        "69381",
        "75056",
        "75101",
    ]
    assert communes[0].name == "L'Abergement-Clémenciat"
    assert communes[0].line == 2


def test_the_parser_accepts_a_byte_order_mark_semicolons_and_quotes() -> None:
    text = '\ufeffREG;CHEFLIEU;TNCC;NCC;NCCENR;LIBELLE\n"84";"69123";"1";"A";"A";"Auvergne"\n'
    assert parse_regions(text.encode()) == parse_regions(text.encode()[3:])
    assert parse_regions(text)[0].name == "Auvergne"


def test_arrondissements_without_departement_take_it_from_their_code() -> None:
    text = COMMUNE_HEADER + "ARM,13201,,,,,0,M,M,Marseille 1er Arrondissement,,13055\n"
    assert parse_communes(text)[0].department == "13"


def test_an_empty_file_is_an_error() -> None:
    with pytest.raises(CogFormatError, match="ligne 1"):
        parse_regions(b"")


OFFICIAL_LINES = [
    COMMUNE_HEADER,
    "COM,01001,84,01,01D,012,5,A,A,L'Abergement-Clémenciat,0108,\n",
    "COMD,01015,,,,,1,A,A,Arbignieu,,01015\n",
    "ARM,75101,11,75,75C,751,0,P,P,Paris 1er Arrondissement,,75056\n",
]


@settings(max_examples=200, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300),
        # Near-valid files reach deeper: the header, then rows with random fields.
        st.lists(
            st.one_of(
                st.sampled_from(OFFICIAL_LINES),
                st.lists(
                    st.one_of(st.text(max_size=8), st.sampled_from(["COM", "ARM", "01", "2A"])),
                    max_size=13,
                ).map(lambda fields: ",".join(fields) + "\n"),
            ),
            max_size=6,
        ).map(lambda lines: COMMUNE_HEADER + "".join(lines)),
    ),
    parser=st.sampled_from([parse_regions, parse_departments, parse_communes]),
)
def test_the_parsers_raise_only_their_own_french_error(data: bytes | str, parser: object) -> None:
    try:
        rows = parser(data, "fichier.csv")  # type: ignore[operator]
    except CogFormatError as error:
        assert str(error).startswith("fichier.csv")
        assert error.line is None or error.line >= 1
    else:
        assert isinstance(rows, list)
