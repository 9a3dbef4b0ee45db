"""``manage.py import_congress``: the same service as the web form, for scripts and operators."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from coopilote.members.models import Union
from coopilote.roadmap.models import Congress, Proposal
from coopilote.roadmap.tests.conftest import SEED_PATH

pytestmark = pytest.mark.django_db


def _union(slug: str) -> Union:
    return Union.objects.create(name=f"Union {slug}", short_name=slug.upper(), slug=slug)


def _run(*args: str) -> str:
    out = StringIO()
    call_command("import_congress", *args, stdout=out)
    return out.getvalue()


def test_json_prints_exactly_the_four_counts_of_the_seed() -> None:
    _union("ur-aura")
    out = _run(str(SEED_PATH), "--json")
    assert json.loads(out) == {
        "themes": 11,
        "proposals": 37,
        "sub_items": 4,
        "national_suggestions": 8,
    }
    assert (
        out.strip() == '{"themes": 11, "proposals": 37, "sub_items": 4, "national_suggestions": 8}'
    )
    assert Proposal.objects.count() == 37


def test_dry_run_saves_nothing() -> None:
    _union("ur-aura")
    out = _run(str(SEED_PATH), "--union", "ur-aura", "--dry-run")
    assert "37 propositions" in out
    assert not Congress.objects.exists()


def test_running_twice_reports_everything_unchanged() -> None:
    _union("ur-aura")
    _run(str(SEED_PATH))
    out = _run(str(SEED_PATH))
    assert "inchangées\u00a0: 37" in out
    assert Proposal.objects.count() == 37


def test_bad_input_exits_non_zero_with_the_french_error_and_its_line(tmp_path: Path) -> None:
    _union("ur-aura")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("1. Theme\n- Une idée.\n".encode("latin-1"))
    with pytest.raises(
        CommandError, match="Ligne 2\u00a0: le fichier n’est pas en UTF-8"
    ) as caught:
        _run(str(bad), "--json")
    assert caught.value.returncode == 1
    orphan = tmp_path / "orphan.txt"
    orphan.write_text("- Une proposition sans thème.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Ligne 1\u00a0: proposition avant tout thème"):
        _run(str(orphan), "--json")
    assert not Congress.objects.exists()


def test_without_any_union_the_error_says_to_create_one() -> None:
    with pytest.raises(CommandError, match="Aucune union n’existe"):
        _run(str(SEED_PATH))


def test_with_several_unions_the_union_must_be_chosen() -> None:
    _union("ur-aura")
    _union("ur-occitanie")
    with pytest.raises(CommandError, match="--union"):
        _run(str(SEED_PATH))
    with pytest.raises(CommandError, match="«\u00a0ur-bretagne\u00a0»"):
        _run(str(SEED_PATH), "--union", "ur-bretagne")
    _run(str(SEED_PATH), "--union", "ur-occitanie")
    assert Congress.objects.get().union.slug == "ur-occitanie"


def test_a_missing_file_is_a_clear_error() -> None:
    _union("ur-aura")
    with pytest.raises(CommandError, match="Fichier illisible"):
        _run("/nonexistent/congres.txt")
