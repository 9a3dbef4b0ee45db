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


def test_a_message_the_code_uses_but_the_catalogue_lacks_is_reported(tmp_path):
    """Shown in English, it passed every other check (the outbox's admin labels did)."""
    from coopilote.core.management.commands.check_catalogues import not_extracted

    app = tmp_path / "app"
    (app / "locale" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (app / "models.py").write_text(
        "from django.utils.translation import gettext_lazy as _, pgettext_lazy\n"
        "A = _('sender')\nB = pgettext_lazy('mail', 'subject')\nC = _('known')\n"
    )
    catalogue(app / "locale" / "fr" / "LC_MESSAGES" / "django.po", (None, "known", "connu"))
    missing = not_extracted(app)
    assert len(missing) == 2
    assert any("'sender'" in line for line in missing)
    assert any("'subject'" in line for line in missing)
    catalogue(
        app / "locale" / "fr" / "LC_MESSAGES" / "django.po",
        (None, "known", "connu"),
        (None, "sender", "expéditeur"),
        ("mail", "subject", "objet"),
    )
    assert not_extracted(app) == []
