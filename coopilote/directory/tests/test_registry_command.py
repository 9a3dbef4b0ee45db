"""manage.py import_registry: French report, dry run, non-zero exit on errors."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from coopilote.conftest import World
from coopilote.core.models import AuditEvent
from coopilote.directory.tests.registry_fakes import (
    SCOP_SIREN,
    UNKNOWN_SIREN,
    FakeOpener,
    http_error,
    install,
)
from coopilote.members.models import Cooperative


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_registry", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_dry_run_says_what_it_would_create_and_writes_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
):
    install(monkeypatch, FakeOpener())
    output = run("--union", world.union.slug, "--siren", SCOP_SIREN, "--dry-run")
    assert f"{SCOP_SIREN} MENUISERIE DES MONTS — création" in output
    assert "Simulation\u00a0: 1 à créer, 0 à mettre à jour, 0 inchangées" in output
    assert not Cooperative.objects.filter(siren=SCOP_SIREN).exists()
    assert not AuditEvent.objects.exists()


def test_a_category_import_creates_every_page_of_results(
    world: World, monkeypatch: pytest.MonkeyPatch
):
    opener = install(monkeypatch, FakeOpener())
    output = run("--union", world.union.slug, "--categorie", "5458", "--departement", "69")
    assert len(opener.requests) == 2
    assert Cooperative.objects.filter(union=world.union, legal_status="scop_sarl").count() == 27 + 1
    assert "Terminé\u00a0: 27 créées, 0 mises à jour, 0 inchangées" in output
    # Run again: everything is already up to date.
    assert "0 créées, 0 mises à jour, 27 inchangées" in run(
        "--union", world.union.slug, "--categorie", "5458", "--departement", "69"
    )


def test_a_register_time_out_exits_with_a_french_error(
    world: World, monkeypatch: pytest.MonkeyPatch
):
    install(monkeypatch, FakeOpener(TimeoutError()))
    with pytest.raises(CommandError, match="Le registre n’a pas répondu à temps"):
        run("--union", world.union.slug, "--siren", SCOP_SIREN)


def test_a_server_error_exits_with_a_french_error(world: World, monkeypatch: pytest.MonkeyPatch):
    install(monkeypatch, FakeOpener(http_error(500)))
    with pytest.raises(CommandError, match="Le registre est indisponible"):
        run("--union", world.union.slug, "--categorie", "5458", "--departement", "69")


def test_the_max_pages_guard_is_an_error_to_notice(world: World, monkeypatch: pytest.MonkeyPatch):
    install(monkeypatch, FakeOpener())
    with pytest.raises(CommandError, match="Arrêt après 1 pages"):
        run(
            "--union",
            world.union.slug,
            "--categorie",
            "5458",
            "--departement",
            "69",
            "--max-pages",
            "1",
        )
    assert Cooperative.objects.filter(union=world.union, legal_status="scop_sarl").count() == 26


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--union", "nowhere", "--siren", SCOP_SIREN], "Aucune union régionale"),
        (["--siren", "123456789"], "SIREN valide"),
        (["--categorie", "5458"], "Saisissez un SIREN, ou une catégorie juridique"),
        (["--siren", UNKNOWN_SIREN], "Aucune entreprise trouvée dans le registre."),
    ],
)
def test_bad_arguments_exit_with_a_french_error(
    world: World, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
):
    install(monkeypatch, FakeOpener())
    if "--union" not in args:
        args = ["--union", world.union.slug, *args]
    with pytest.raises(CommandError, match=message):
        run(*args)
