"""The catalogue check: what it refuses, on small catalogues written for the test."""

from __future__ import annotations

from pathlib import Path

import polib

from coopilote.core.management.commands.check_catalogues import conflicts, problems_in


def catalogue(path: Path, *entries: tuple[str | None, str, str]) -> Path:
    po = polib.POFile()
    for context, msgid, msgstr in entries:
        po.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=msgstr))
    po.save(str(path))
    return path


def test_two_apps_translating_a_message_differently_conflict(tmp_path):
    """Django keeps one translation per message for every app: « fonction » would win."""
    members = catalogue(tmp_path / "members.po", (None, "title", "fonction"))
    directory = catalogue(tmp_path / "directory.po", (None, "title", "titre"))
    found = conflicts([members, directory])
    assert len(found) == 1
    assert "'title'" in found[0] and "'fonction'" in found[0] and "'titre'" in found[0]


def test_a_context_or_the_same_translation_does_not_conflict(tmp_path):
    members = catalogue(tmp_path / "members.po", (None, "title", "fonction"))
    directory = catalogue(
        tmp_path / "directory.po", ("post", "title", "titre"), (None, "Line", "Ligne")
    )
    governance = catalogue(tmp_path / "governance.po", (None, "Line", "Ligne"))
    assert conflicts([members, directory, governance]) == []


def test_plural_messages_conflict_too(tmp_path):
    def plural(path, many):
        po = polib.POFile()
        po.append(
            polib.POEntry(
                msgid="%(n)s union",
                msgid_plural="%(n)s unions",
                msgstr_plural={0: "%(n)s union", 1: many},
            )
        )
        po.save(str(path))
        return path

    same = [plural(tmp_path / "a.po", "%(n)s unions"), plural(tmp_path / "b.po", "%(n)s unions")]
    assert conflicts(same) == []
    assert len(conflicts([*same, plural(tmp_path / "c.po", "%(n)s unions régionales")])) == 1


def test_a_plain_space_before_a_colon_is_refused():
    entry = polib.POEntry(msgid="Name:", msgstr="Nom :")
    assert problems_in(entry) == ["plain space before « : ; ! ? » or inside guillemets"]
    assert problems_in(polib.POEntry(msgid="Name:", msgstr="Nom\u00a0:")) == []
